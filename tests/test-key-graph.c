/* test-key-graph.c — the key schedule graph of the shipped samples (real captures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz.h"
#include "hsviz-test-utils.h"

static HsvizConnection *
load_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsvizConnection *connection = hsviz_test_first_connection (hsviz_session_load (file, NULL, &error));

  g_assert_no_error (error);
  return connection;
}

/* @id exists with @kind and exactly the inputs @inputs (space-separated, in order) */
static void
assert_node (HsvizKeyGraph    *graph,
             const char       *id,
             HsvizKeyNodeKind  kind,
             const char       *inputs)
{
  const HsvizKeyNode *node = hsviz_key_graph_find (graph, id);
  g_autofree char *joined = NULL;

  g_assert_nonnull (node);
  g_assert_cmpint (node->kind, ==, kind);
  joined = g_strjoinv (" ", node->inputs);
  g_assert_cmpstr (joined, ==, inputs);
}

/* Every input node that lies in a message covers exactly the bytes of the field the parser
 * found there, and @id covers @expected (when given) */
static void
assert_input_bytes (HsvizConnection    *connection,
                    const HsvizKeyNode *node,
                    const guint8       *expected,
                    gsize               expected_len)
{
  HsvizMessage *m;
  const guint8 *data;
  gsize len;

  g_assert_nonnull (node);
  g_assert_cmpint (node->message, >=, 0);
  m = hsviz_connection_get_message (connection, node->message);
  data = g_bytes_get_data (hsviz_message_get_bytes (m), &len);
  g_assert_cmpuint (node->offset + node->length, <=, len);
  if (expected != NULL)
    g_assert_cmpmem (data + node->offset, node->length, expected, expected_len);
}

/* Each node's inputs come before it, every node of a graph with secrets is verified but the
 * ones no key log line or record gives, and the columns are in order */
static void
assert_well_formed (HsvizKeyGraph *graph)
{
  HsvizKeyNodeKind last = HSVIZ_KEY_NODE_INPUT;
  guint key_depth = 0;

  for (guint i = 0; i < hsviz_key_graph_get_n_nodes (graph); i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (graph, i);
      guint deepest = node->kind == HSVIZ_KEY_NODE_INPUT ? 0 : 1;

      g_assert_cmpint (node->kind, >=, last);
      last = node->kind;
      g_assert_nonnull (node->formula);
      for (guint j = 0; node->inputs[j] != NULL; j++)
        {
          const HsvizKeyNode *in = hsviz_key_graph_find (graph, node->inputs[j]);
          gboolean before = FALSE;

          g_assert_cmpuint (in->depth, <, node->depth);
          deepest = MAX (deepest, in->depth + 1);
          for (guint k = 0; k < i; k++)
            before |= hsviz_key_graph_get_node (graph, k) == in;
          g_assert_true (before);
        }
      /* Depth: one past the deepest input (0 for an input of nothing); the keys in one column
       * (at least that deep), every record last */
      if (node->kind == HSVIZ_KEY_NODE_RECORD)
        g_assert_cmpuint (node->depth, ==, hsviz_key_graph_get_max_depth (graph));
      else if (node->kind == HSVIZ_KEY_NODE_KEY)
        {
          g_assert_cmpuint (node->depth, >=, deepest);
          g_assert_cmpuint (node->depth, ==, key_depth == 0 ? node->depth : key_depth);
          key_depth = node->depth;
        }
      else
        g_assert_cmpuint (node->depth, ==, deepest);
    }
}

static void
test_tls12_rsa (void)
{
  g_autoptr(HsvizConnection) c = load_sample ("tls12-rsa.handshake");
  g_autoptr(HsvizKeyGraph) g = hsviz_key_graph_new (c);
  const HsvizKeyNode *cr = hsviz_key_graph_find (g, "client_random");
  const HsvizKeyNode *epms = hsviz_key_graph_find (g, "encrypted_pre_master_secret");
  HsvizMessage *m;

  assert_well_formed (g);
  g_assert_null (hsviz_key_graph_find (g, "client_public_key"));
  assert_node (g, "pre_master_secret", HSVIZ_KEY_NODE_SECRET, "encrypted_pre_master_secret");
  assert_node (g, "key_block", HSVIZ_KEY_NODE_SECRET, "master_secret server_random client_random");
  /* encrypted pre-master → pre-master → master → key block → keys → records */
  g_assert_cmpuint (hsviz_key_graph_find (g, "master_secret")->depth, ==, 2);
  g_assert_cmpuint (hsviz_key_graph_get_max_depth (g), ==, 5);
  assert_node (g, "client_write_key", HSVIZ_KEY_NODE_KEY, "key_block");
  assert_node (g, "client_finished", HSVIZ_KEY_NODE_RECORD, "master_secret finished_transcript");
  /* The client random: 32 bytes at offset 6 of the ClientHello (4-byte header, version) */
  assert_input_bytes (c, cr, hsviz_connection_get_client_random (c), 32);
  g_assert_cmpuint (cr->offset, ==, 6);
  g_assert_cmpuint (cr->length, ==, 32);
  m = hsviz_connection_get_message (c, cr->message);
  g_assert_cmpstr (hsviz_message_get_type_name (m), ==, "ClientHello");
  assert_input_bytes (c, hsviz_key_graph_find (g, "server_random"), hsviz_connection_get_server_random (c), 32);
  /* The encrypted pre-master: the ClientKeyExchange body (2-byte length prefix included) */
  assert_input_bytes (c, epms, NULL, 0);
  m = hsviz_connection_get_message (c, epms->message);
  g_assert_cmpstr (hsviz_message_get_type_name (m), ==, "ClientKeyExchange");
  g_assert_cmpuint (epms->offset, ==, 4);
  g_assert_cmpuint (epms->length, ==, g_bytes_get_size (hsviz_message_get_bytes (m)) - 4);
  /* Values and ✓ from the key schedule */
  g_assert_true (hsviz_key_graph_find (g, "master_secret")->verified);
  g_assert_nonnull (hsviz_key_graph_find (g, "master_secret")->value);
  g_assert_true (hsviz_key_graph_find (g, "client_finished")->verified);
  /* A secret's bytes are its first input's */
  g_assert_true (hsviz_key_graph_find_bytes (g, "master_secret") == epms ||
                 hsviz_key_graph_find_bytes (g, "master_secret") == cr);
}

static void
test_tls12_ecdhe (void)
{
  g_autoptr(HsvizConnection) c = load_sample ("tls12-ecdhe.handshake");
  g_autoptr(HsvizKeyGraph) g = hsviz_key_graph_new (c);
  const HsvizKeyNode *cpk = hsviz_key_graph_find (g, "client_public_key");
  const HsvizKeyNode *spk = hsviz_key_graph_find (g, "server_public_key");

  assert_well_formed (g);
  g_assert_null (hsviz_key_graph_find (g, "encrypted_pre_master_secret"));
  assert_node (g, "pre_master_secret", HSVIZ_KEY_NODE_SECRET, "server_public_key client_public_key");
  assert_input_bytes (c, cpk, NULL, 0);
  assert_input_bytes (c, spk, NULL, 0);
  g_assert_cmpstr (hsviz_message_get_type_name (hsviz_connection_get_message (c, cpk->message)), ==,
                   "ClientKeyExchange");
  g_assert_cmpstr (hsviz_message_get_type_name (hsviz_connection_get_message (c, spk->message)), ==,
                   "ServerKeyExchange");
  /* An ECDH point: 1-byte length prefix, then an uncompressed point (04 ‖ x ‖ y) or x25519 */
  {
    const guint8 *data = g_bytes_get_data (hsviz_message_get_bytes (hsviz_connection_get_message (c, cpk->message)), NULL);
    g_assert_cmpuint (data[cpk->offset], ==, cpk->length - 1);
  }
  if (hsviz_connection_uses_extended_master_secret (c))
    assert_node (g, "master_secret", HSVIZ_KEY_NODE_SECRET, "pre_master_secret session_hash");
  else
    assert_node (g, "master_secret", HSVIZ_KEY_NODE_SECRET, "pre_master_secret client_random server_random");
  g_assert_true (hsviz_key_graph_find (g, "master_secret")->verified);
  g_assert_true (hsviz_key_graph_find (g, "server_first_record")->verified);
}

static void
test_tls13 (gconstpointer data)
{
  g_autoptr(HsvizConnection) c = load_sample (data);
  g_autoptr(HsvizKeyGraph) g = hsviz_key_graph_new (c);
  const HsvizKeyNode *cks = hsviz_key_graph_find (g, "client_key_share");
  const HsvizKeyNode *sks = hsviz_key_graph_find (g, "server_key_share");
  const guint8 *bytes;

  assert_well_formed (g);
  assert_node (g, "shared_secret", HSVIZ_KEY_NODE_SECRET, "client_key_share server_key_share");
  assert_node (g, "client_handshake_traffic_secret", HSVIZ_KEY_NODE_SECRET, "handshake_secret hello_transcript");
  assert_node (g, "server_write_key", HSVIZ_KEY_NODE_KEY, "server_application_traffic_secret_0");
  assert_node (g, "client_first_record", HSVIZ_KEY_NODE_RECORD, "client_write_key client_write_iv");
  assert_node (g, "hello_transcript", HSVIZ_KEY_NODE_INPUT,
               hsviz_connection_had_hello_retry (c) ? "message_hash" : "");
  g_assert_true (hsviz_key_graph_find (g, "client_handshake_traffic_secret")->verified);
  g_assert_true (hsviz_key_graph_find (g, "server_finished")->verified);
  /* No value where the key log gives none: the structure alone */
  g_assert_null (hsviz_key_graph_find (g, "handshake_secret")->value);
  /* The key shares: the key_exchange of the chosen group, 2-byte length prefix included, in
   * the last ClientHello (the second one after a HelloRetryRequest) */
  assert_input_bytes (c, cks, NULL, 0);
  assert_input_bytes (c, sks, NULL, 0);
  bytes = g_bytes_get_data (hsviz_message_get_bytes (hsviz_connection_get_message (c, cks->message)), NULL);
  g_assert_cmpuint ((bytes[cks->offset] << 8) | bytes[cks->offset + 1], ==, cks->length - 2);
  /* The group sits right before the key_exchange */
  g_assert_cmpuint ((bytes[cks->offset - 2] << 8) | bytes[cks->offset - 1], ==, hsviz_connection_get_group (c));
  if (hsviz_connection_had_hello_retry (c))
    g_assert_cmpint (cks->message, >, 1);
  g_assert_true (hsviz_key_graph_find_bytes (g, "handshake_secret") == cks);
}

/* A TLS 1.3 resumption with psk_ke (tests/files/psk-ke-resumption.handshake, captured with
 * `handshakeviz-cli capture --reconnect --priority NORMAL:-VERS-ALL:+VERS-TLS1.3:+PSK` against
 * `openssl s_server -allow_no_dhe_kex` on 127.0.0.1): the server sent no key share, so no
 * shared_secret; zeros go into the handshake secret, recomputed from the PSK and verified.  The
 * connection it resumed is a full handshake with its key shares. */
static void
test_tls13_psk_ke (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "psk-ke-resumption.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = hsviz_session_load (file, NULL, &error);
  g_autoptr(HsvizKeyGraph) g = NULL;
  g_autoptr(HsvizKeyGraph) first = NULL;
  HsvizConnection *c;

  g_assert_no_error (error);
  c = hsviz_session_get_connection (session, 1);
  g_assert_true (hsviz_connection_is_resumed (c));
  g_assert_cmpint (hsviz_connection_get_key_exchange (c), ==, HSVIZ_KX_PSK);
  g = hsviz_key_graph_new (c);
  assert_well_formed (g);
  g_assert_null (hsviz_key_graph_find (g, "shared_secret"));
  g_assert_null (hsviz_key_graph_find (g, "client_key_share"));
  g_assert_null (hsviz_key_graph_find (g, "server_key_share"));
  assert_node (g, "zeros", HSVIZ_KEY_NODE_INPUT, "");
  assert_node (g, "early_secret", HSVIZ_KEY_NODE_SECRET, "psk");
  assert_node (g, "handshake_secret", HSVIZ_KEY_NODE_SECRET, "early_secret zeros");
  g_assert_cmpuint (hsviz_key_graph_find (g, "zeros")->depth, ==, 0);
  g_assert_cmpint (hsviz_key_graph_find (g, "zeros")->message, ==, -1);
  /* Hash.length zero bytes (SHA-384 with TLS_AES_256_GCM_SHA384) */
  g_assert_cmpuint (strlen (hsviz_key_graph_find (g, "zeros")->value), ==,
                    2 * (g_str_has_suffix (hsviz_cipher_suite_name (hsviz_connection_get_cipher_suite (c)), "SHA384") ? 48 : 32));
  g_assert_cmpuint (strspn (hsviz_key_graph_find (g, "zeros")->value, "0"), ==, strlen (hsviz_key_graph_find (g, "zeros")->value));
  g_assert_true (hsviz_key_graph_find (g, "zeros")->verified);
  g_assert_true (hsviz_key_graph_find (g, "handshake_secret")->verified);
  g_assert_nonnull (hsviz_key_graph_find (g, "handshake_secret")->value);
  g_assert_true (hsviz_key_graph_find (g, "master_secret")->verified);
  g_assert_true (hsviz_key_graph_find (g, "psk_binder")->verified);
  /* the handshake secret's bytes on the wire: the PSK identity, not a key share */
  g_assert_true (hsviz_key_graph_find_bytes (g, "handshake_secret") == hsviz_key_graph_find (g, "psk_identity"));

  first = hsviz_key_graph_new (hsviz_session_get_connection (session, 0));
  assert_well_formed (first);
  assert_node (first, "handshake_secret", HSVIZ_KEY_NODE_SECRET, "early_secret shared_secret");
  g_assert_null (hsviz_key_graph_find (first, "zeros"));
}

static void
test_failed (void)
{
  g_autoptr(HsvizConnection) c = load_sample ("failed-alert.handshake");
  g_autoptr(HsvizKeyGraph) g = hsviz_key_graph_new (c);

  /* Whatever the failure, the graph is well formed and its nodes hold no value they lack */
  assert_well_formed (g);
  for (guint i = 0; i < hsviz_key_graph_get_n_nodes (g); i++)
    if (!hsviz_key_graph_get_node (g, i)->verified)
      g_assert_true (hsviz_key_graph_get_node (g, i)->kind != HSVIZ_KEY_NODE_INPUT ||
                     hsviz_key_graph_get_node (g, i)->value == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/handshakeviz/key-graph/tls12-rsa", test_tls12_rsa);
  g_test_add_func ("/handshakeviz/key-graph/tls12-ecdhe", test_tls12_ecdhe);
  g_test_add_data_func ("/handshakeviz/key-graph/tls13", "tls13-demo.handshake", test_tls13);
  g_test_add_data_func ("/handshakeviz/key-graph/tls13-hello-retry", "tls13-hello-retry.handshake", test_tls13);
  g_test_add_func ("/handshakeviz/key-graph/tls13-psk-ke", test_tls13_psk_ke);
  g_test_add_func ("/handshakeviz/key-graph/failed", test_failed);
  return g_test_run ();
}
