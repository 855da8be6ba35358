/* test-resume.c — --reconnect: a second connection of the same session that resumes the first
 *
 * Peers (one of each, started once for the file): openssl s_server with tickets (TLS 1.3 and
 * TLS 1.2), openssl s_server -no_ticket (TLS 1.2 session-id resumption), openssl s_server
 * -no_cache -no_ticket (declines), gnutls-serv.  Truth from outside our code: the servers' key
 * logs, and tshark reading the loopback traffic (the pre_shared_key extension in the second
 * ClientHello and the identity the server selected; the Certificate messages on the wire).
 * The resumed key schedule: the binder recomputed from the first connection's
 * resumption_master_secret is the one tshark reads in the second ClientHello (which the server
 * accepted), the PSK identity is a ticket tshark decrypts in the first connection, gnutls-serv's
 * CLIENT_EARLY_TRAFFIC_SECRET is derived from our early secret, the binder of a ClientHello after
 * a HelloRetryRequest (openssl s_server -groups secp384r1) is checked with RFC 8446 §4.2.11.2's
 * transcript, a resumed TLS 1.2 master secret
 * is the one the server logged for the first connection; a psk_ke resumption (GnuTLS offering
 * only psk_ke with "+PSK" and no PSK credentials, openssl s_server -allow_no_dhe_kex) has no
 * key share and no shared_secret, and the handshake secret made from the early secret and zeros
 * gives the server's logged handshake traffic secrets; the verdicts survive a save and a
 * reload (with and without secrets) and `handshakeviz-cli capture --reconnect --json` prints
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hsviz-session-data.h"
#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"
#include "hsviz-tls-crypto.h"
#include "hsviz-util.h"

static const char *const psk_chain[] = { "psk_identity", "resumption_master_secret", "psk", "early_secret",
                                         "binder_key", "binder_finished_key", "psk_binder", NULL };

enum { PEER_TICKETS, PEER_SESSION_ID, PEER_DECLINES, PEER_GNUTLS, PEER_HRR, PEER_PSK_KE, N_PEERS };

/* GnuTLS offers psk_key_exchange_modes psk_ke alone when its priority has the PSK key exchange
 * and neither DHE-PSK nor ECDHE-PSK (lib/ext/psk_ke_modes.c); it needs no PSK credentials to
 * resume with a ticket */
#define PSK_KE_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+PSK"

static HsvizTestPeer *peers[N_PEERS];

typedef struct
{
  const char *name;
  guint       peer;
  const char *preset;
  gboolean    resumed;
  const char *priority;   /* instead of the preset, when given */
} ResumeCase;

static HsvizSession *
capture (HsvizTestPeer *peer,
         const char    *preset,
         const char    *priority,
         GError       **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  HsvizSession *session;

  options.url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.preset = g_strdup (priority == NULL ? preset : NULL);
  options.priority = g_strdup (priority);
  options.alpn = g_strdup ("http/1.1");
  options.timeout_ms = 60000;
  options.no_ocsp = TRUE;
  options.reconnect = TRUE;
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  if (cap == NULL)
    return NULL;
  session = hsviz_capture_run_sync (cap, NULL, error);
  return session;
}

static char *
random_hex (HsvizConnection *connection)
{
  const guint8 *random = hsviz_connection_get_client_random (connection);

  g_assert_nonnull (random);
  return hsviz_test_bytes_to_hex (random, 32);
}

static gboolean
has_message (HsvizConnection *connection,
             const char      *name)
{
  for (guint i = 0; i < hsviz_connection_get_n_messages (connection); i++)
    if (g_str_equal (hsviz_message_get_type_name (hsviz_connection_get_message (connection, i)), name))
      return TRUE;
  return FALSE;
}

static guint
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n++;
  return n;
}

/* Every secret the server logged for @connection's client random is in our key log, equal. */
static void
assert_keys_match_server (HsvizTestPeer *peer,
                          const char    *ours,
                          char          *client_random_owned,
                          const char    *must_have)
{
  g_autofree char *client_random = client_random_owned;
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);
  gboolean seen_must = FALSE;
  guint matched = 0;

  for (guint i = 0; i < theirs->len; i++)
    {
      HsvizTestKeylogEntry *e = g_ptr_array_index (theirs, i);
      g_autofree char *line = NULL;

      if (g_strcmp0 (e->client_random, client_random) != 0)
        continue;
      line = g_strdup_printf ("%s %s %s\n", e->label, e->client_random, e->secret);
      g_assert_nonnull (strstr (ours, line));
      matched++;
      if (g_str_equal (e->label, must_have))
        seen_must = TRUE;
    }
  g_assert_cmpuint (matched, >, 0);
  g_assert_true (seen_must);
}

/* The secret the server logged under @label for @client_random, or NULL. */
static char *
server_secret (HsvizTestPeer *peer,
               const char    *label,
               const char    *client_random)
{
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);

  for (guint i = 0; i < theirs->len; i++)
    {
      HsvizTestKeylogEntry *e = g_ptr_array_index (theirs, i);

      if (g_str_equal (e->label, label) && g_str_equal (e->client_random, client_random))
        return g_strdup (e->secret);
    }
  return NULL;
}

/* The first line of tshark's -T fields output for @field in the packets matching @filter. */
static char *
tshark_field (const char *pcap,
              const char *keylog,
              const char *filter,
              const char *field)
{
  const char *fields[] = { "-T", "fields", "-e", field, NULL };
  g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, filter, fields);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  return hsviz_test_normalize_hex (g_strstrip (lines[0]));
}

/* TLS 1.3: the PSK chain of the resumed connection, each link checked from outside. */
static void
assert_psk_chain (HsvizTestPeer   *peer,
                  HsvizConnection *second,
                  const char      *pcap,
                  const char      *keylog)
{
  const HsvizKeyScheduleEntry *binder = hsviz_connection_find_key_schedule (second, "psk_binder");
  const HsvizKeyScheduleEntry *identity = hsviz_connection_find_key_schedule (second, "psk_identity");
  const HsvizKeyScheduleEntry *early = hsviz_connection_find_key_schedule (second, "early_secret");
  g_autofree char *wire_binders = NULL;
  g_autofree char *wire_identity = NULL;
  g_autofree char *second_random = random_hex (second);
  g_autofree char *cets = NULL;

  for (guint i = 0; psk_chain[i] != NULL; i++)
    {
      const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (second, psk_chain[i]);

      g_assert_nonnull (e);
      if (!e->verified)
        g_error ("%s not verified: %s", e->name, e->note);
      g_assert_nonnull (e->value);
    }
  /* the binder we recomputed is the one on the wire (tshark, from the loopback capture); the
   * server accepted it (it selected identity 0: test_resume) */
  {
    /* tshark names the binders list without a value: its raw bytes (-T json -x) are the
     * 1-byte length and the binder */
    const char *json[] = { "-T", "json", "-x", NULL };
    g_autofree char *out = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1 && tls.handshake.extension.type == 41",
                                                   json);
    const char *key = "\"tls.handshake.extensions.psk.binders_raw\"";
    g_autofree char *expected = g_strdup_printf ("%02x%s", (guint) strlen (binder->value) / 2, binder->value);
    gboolean found = FALSE;

    /* after a HelloRetryRequest both ClientHellos carry one; ours is the second's */
    for (const char *raw = strstr (out, key); raw != NULL && !found; raw = strstr (raw, key))
      {
        raw = strchr (strchr (raw, '[') + 1, '"') + 1;
        g_free (wire_binders);
        wire_binders = g_strndup (raw, strcspn (raw, "\""));
        found = g_str_equal (wire_binders, expected);
      }
    g_assert_true (found);
  }
  wire_identity = tshark_field (pcap, NULL, "tls.handshake.type == 1 && tls.handshake.extension.type == 41",
                                "tls.handshake.extensions.psk.identity.identity");
  g_assert_cmpstr (wire_identity, ==, identity->value);
  /* the identity is a ticket of the first connection's NewSessionTickets (decrypted by tshark) */
  {
    const char *fields[] = { "-T", "fields", "-e", "tls.handshake.session_ticket", NULL };
    g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 4", fields);

    g_autofree char *tickets = hsviz_test_normalize_hex (out);

    g_assert_nonnull (strstr (tickets, identity->value));
  }
  /* gnutls-serv logs the 0-RTT secret it derived from the PSK: ours, from our early secret */
  cets = server_secret (peer, "CLIENT_EARLY_TRAFFIC_SECRET", second_random);
  g_assert_true (cets != NULL || peer != peers[PEER_GNUTLS]);
  if (cets != NULL)
    {
      g_autoptr(GBytes) es = hsviz_hex_decode (early->value, NULL);
      GBytes *ch = hsviz_message_get_bytes (hsviz_connection_get_message (second, 0));
      gnutls_mac_algorithm_t mac = g_bytes_get_size (es) == 48 ? GNUTLS_MAC_SHA384 : GNUTLS_MAC_SHA256;
      guint8 derived[64];
      g_autofree char *hex = NULL;

      g_assert_true (hsviz_tls13_derive_secret (mac, g_bytes_get_data (es, NULL), g_bytes_get_size (es),
                                                "c e traffic", g_bytes_get_data (ch, NULL), g_bytes_get_size (ch),
                                                derived));
      hex = hsviz_test_bytes_to_hex (derived, g_bytes_get_size (es));
      g_assert_cmpstr (hex, ==, cets);
    }
}

/* Derive-Secret(@secret, @label, Transcript-Hash(messages [0, @end) of @connection)) as hex */
static char *
derive_over_messages (gnutls_mac_algorithm_t  mac,
                      const guint8           *secret,
                      gsize                   hlen,
                      const char             *label,
                      HsvizConnection        *connection,
                      guint                   end)
{
  g_autoptr(GByteArray) transcript = g_byte_array_new ();
  guint8 derived[64];

  for (guint i = 0; i < end; i++)
    {
      GBytes *b = hsviz_message_get_bytes (hsviz_connection_get_message (connection, i));

      g_byte_array_append (transcript, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
    }
  g_assert_true (hsviz_tls13_derive_secret (mac, secret, hlen, label, transcript->data, transcript->len, derived));
  return hsviz_test_bytes_to_hex (derived, hlen);
}

/* TLS 1.3 psk_ke: the ClientHello offered psk_ke alone and the server sent no key share (tshark);
 * our key exchange is the PSK, the key graph has the input "zeros" and no shared_secret, and the
 * handshake secret made from our early secret and zeros gives the handshake and application
 * traffic secrets the server logged. */
static void
assert_psk_ke (HsvizTestPeer   *peer,
               HsvizConnection *second,
               const char      *pcap)
{
  const char *modes_fields[] = { "-T", "fields", "-e", "tls.extension.psk_ke_mode", NULL };
  g_autofree char *modes = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1", modes_fields);
  g_autofree char *shares = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 2 && tls.handshake.extension.type == 51",
                                                    NULL);
  g_autofree char *second_random = random_hex (second);
  const HsvizKeyScheduleEntry *early = hsviz_connection_find_key_schedule (second, "early_secret");
  const HsvizKeyScheduleEntry *zeros = hsviz_connection_find_key_schedule (second, "zeros");
  g_autoptr(HsvizKeyGraph) graph = hsviz_key_graph_new (second);
  const HsvizKeyNode *hs_node = hsviz_key_graph_find (graph, "handshake_secret");
  g_autofree char *hs_inputs = g_strjoinv (" ", hs_node->inputs);
  g_autofree char *note = hsviz_connection_dup_resumption_step_note (second, HSVIZ_STEP_MASTER_SECRET);
  g_autoptr(GBytes) es = hsviz_hex_decode (early->value, NULL);
  gsize hlen = g_bytes_get_size (es);
  gnutls_mac_algorithm_t mac = hlen == 48 ? GNUTLS_MAC_SHA384 : GNUTLS_MAC_SHA256;
  guint8 zero_bytes[64] = { 0 }, salt[64], hs[64], ms[64];
  int sh = -1, sfin = -1;
  static const char *const checked[] = { "zeros", "handshake_secret", "master_secret", NULL };

  /* both ClientHellos offered psk_ke (0) alone; only the first ServerHello has a key share */
  g_assert_cmpstr (g_strstrip (modes), ==, "0\n0");
  g_assert_cmpuint (count_lines (shares), ==, 1);

  g_assert_cmpint (hsviz_connection_get_key_exchange (second), ==, HSVIZ_KX_PSK);
  g_assert_cmpuint (hsviz_connection_get_group (second), ==, 0);
  g_assert_null (hsviz_key_graph_find (graph, "shared_secret"));
  g_assert_null (hsviz_key_graph_find (graph, "client_key_share"));
  g_assert_null (hsviz_key_graph_find (graph, "server_key_share"));
  g_assert_cmpint (hsviz_key_graph_find (graph, "zeros")->kind, ==, HSVIZ_KEY_NODE_INPUT);
  g_assert_cmpstr (hs_inputs, ==, "early_secret zeros");
  g_assert_nonnull (strstr (note, "psk_ke"));
  g_assert_nonnull (strstr (note, "✓"));
  /* the timeline's "Compute handshake secret" says zeros, not an (EC)DHE shared secret */
  {
    HsvizTimeline *timeline = hsviz_connection_get_timeline (second);
    guint seen = 0;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (timeline)); i++)
      {
        g_autoptr(HsvizTimelineItem) item = g_list_model_get_item (G_LIST_MODEL (timeline), i);

        if (g_str_has_prefix (hsviz_timeline_item_get_label (item), "Compute handshake secret"))
          {
            g_assert_nonnull (strstr (hsviz_timeline_item_get_detail (item), "zeros"));
            g_assert_null (strstr (hsviz_timeline_item_get_detail (item), "with the (EC)DHE"));
            seen++;
          }
      }
    g_assert_cmpuint (seen, ==, 1);
  }

  for (guint i = 0; checked[i] != NULL; i++)
    {
      const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (second, checked[i]);

      g_assert_nonnull (e);
      if (!e->verified)
        g_error ("%s not verified: %s", e->name, e->note);
    }
  g_assert_cmpuint (strlen (zeros->value), ==, 2 * hlen);
  g_assert_cmpuint (strspn (zeros->value, "0"), ==, 2 * hlen);

  /* the truth: the server's key log, against the early secret (whose binder the server
   * accepted: assert_psk_chain) and zeros, computed here */
  for (guint i = 0; i < hsviz_connection_get_n_messages (second); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (second, i);

      if (hsviz_message_get_type_code (m) == HSVIZ_HS_SERVER_HELLO && sh < 0)
        sh = (int) i;
      else if (hsviz_message_get_type_code (m) == HSVIZ_HS_FINISHED &&
               hsviz_message_get_direction (m) == HSVIZ_DIRECTION_SERVER && sfin < 0)
        sfin = (int) i;
    }
  g_assert_cmpint (sh, >, 0);
  g_assert_cmpint (sfin, >, sh);
  g_assert_true (hsviz_tls13_derive_secret (mac, g_bytes_get_data (es, NULL), hlen, "derived", NULL, 0, salt));
  g_assert_true (hsviz_tls13_hkdf_extract (mac, salt, zero_bytes, hlen, hs));
  g_assert_true (hsviz_tls13_derive_secret (mac, hs, hlen, "derived", NULL, 0, salt));
  g_assert_true (hsviz_tls13_hkdf_extract (mac, salt, zero_bytes, hlen, ms));
  {
    g_autofree char *hs_hex = hsviz_test_bytes_to_hex (hs, hlen);
    g_autofree char *shts = derive_over_messages (mac, hs, hlen, "s hs traffic", second, sh + 1);
    g_autofree char *chts = derive_over_messages (mac, hs, hlen, "c hs traffic", second, sh + 1);
    g_autofree char *sats = derive_over_messages (mac, ms, hlen, "s ap traffic", second, sfin + 1);
    g_autofree char *server_shts = server_secret (peer, "SERVER_HANDSHAKE_TRAFFIC_SECRET", second_random);
    g_autofree char *server_chts = server_secret (peer, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", second_random);
    g_autofree char *server_sats = server_secret (peer, "SERVER_TRAFFIC_SECRET_0", second_random);

    g_assert_nonnull (server_shts);
    g_assert_cmpstr (shts, ==, server_shts);
    g_assert_cmpstr (chts, ==, server_chts);
    g_assert_cmpstr (sats, ==, server_sats);
    g_assert_cmpstr (hsviz_connection_find_key_schedule (second, "handshake_secret")->value, ==, hs_hex);
  }
}

/* TLS 1.2: the master secret is the one the server logged for the first connection. */
static void
assert_reused_master (HsvizTestPeer   *peer,
                      HsvizConnection *first,
                      HsvizConnection *second)
{
  const HsvizKeyScheduleEntry *ms = hsviz_connection_find_key_schedule (second, "master_secret");
  g_autofree char *first_random = random_hex (first);
  g_autofree char *theirs = server_secret (peer, "CLIENT_RANDOM", first_random);

  g_assert_nonnull (ms);
  if (!ms->verified)
    g_error ("master_secret not verified: %s", ms->note);
  g_assert_nonnull (strstr (ms->note, "reused from connection 1"));
  g_assert_cmpstr (ms->value, ==, theirs);
  g_assert_true (hsviz_connection_find_key_schedule (second, "key_block")->verified);
  g_assert_null (hsviz_connection_find_key_schedule (second, "psk_binder"));
}

/* Save and reload: resumed, resumed_from and every key schedule verdict are kept (values
 * only with secrets). */
static void
assert_round_trip (HsvizSession *session,
                   gboolean      with_secrets)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *data = hsviz_session_to_data (session, with_secrets, &len);
  g_autoptr(HsvizSession) back = hsviz_session_new_from_data (data, len, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (back), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      HsvizConnection *a = hsviz_session_get_connection (session, i);
      HsvizConnection *b = hsviz_session_get_connection (back, i);
      GPtrArray *ka = hsviz_connection_get_key_schedule (a);
      GPtrArray *kb = hsviz_connection_get_key_schedule (b);

      g_assert_cmpint (hsviz_connection_is_resumed (a), ==, hsviz_connection_is_resumed (b));
      g_assert_cmpint (hsviz_connection_get_resumed_from (a), ==, hsviz_connection_get_resumed_from (b));
      g_assert_cmpuint (ka->len, ==, kb->len);
      for (guint j = 0; j < ka->len; j++)
        {
          const HsvizKeyScheduleEntry *ea = g_ptr_array_index (ka, j);
          const HsvizKeyScheduleEntry *eb = g_ptr_array_index (kb, j);

          g_assert_cmpstr (ea->name, ==, eb->name);
          g_assert_cmpint (ea->verified, ==, eb->verified);
          if (with_secrets)
            g_assert_cmpstr (ea->value, ==, eb->value);
        }
    }
  /* the resumption secret is a secret: kept only where secrets are */
  {
    GBytes *rms = hsviz_connection_get_secrets (hsviz_session_get_connection (session, 0))->resumption_master_secret;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *first;
    g_autofree char *hex = rms != NULL ? hsviz_hex_encode_bytes (rms) : NULL;

    g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
    first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                         "connections"), 0);
    if (with_secrets)
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "secrets"),
                                                      "resumption_master_secret"), ==, hex);
    else
      g_assert_false (json_object_has_member (first, "secrets") && json_object_get_member (first, "secrets") != NULL &&
                      JSON_NODE_HOLDS_OBJECT (json_object_get_member (first, "secrets")));
    if (hex != NULL)
      g_assert_cmpint (strstr (data, hex) != NULL, ==, with_secrets);
  }
}

/* A file with secrets but without connection 1's resumption_master_secret (saved by an older
 * version, or edited): the resumed connection's chain says it is not available, unverified. */
static void
assert_chain_unavailable_without_secret (HsvizSession *session)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *data = hsviz_session_to_data (session, TRUE, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(HsvizSession) back = NULL;
  g_autofree char *edited = NULL;
  JsonObject *root, *first;
  const HsvizKeyScheduleEntry *rms, *binder;
  HsvizConnection *second;

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  first = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  json_object_remove_member (json_object_get_object_member (first, "secrets"), "resumption_master_secret");
  json_generator_set_root (gen, json_parser_get_root (parser));
  edited = json_generator_to_data (gen, &len);
  back = hsviz_session_new_from_data (edited, len, &error);
  g_assert_no_error (error);
  second = hsviz_session_get_connection (back, 1);
  rms = hsviz_connection_find_key_schedule (second, "resumption_master_secret");
  binder = hsviz_connection_find_key_schedule (second, "psk_binder");
  g_assert_nonnull (rms);
  g_assert_false (rms->verified);
  g_assert_true (g_str_has_prefix (rms->note, "not available: "));
  g_assert_false (binder->verified);
  /* the rest of the connection's schedule is still checked from its key log */
  g_assert_true (hsviz_connection_find_key_schedule (second, "client_finished")->verified);
}

static void
test_resume (gconstpointer data)
{
  const ResumeCase *c = data;
  HsvizTestPeer *peer = peers[c->peer];
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (peer));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = capture (peer, c->preset, c->priority, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-resume-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.txt", NULL);
  g_autofree char *keys = NULL;
  g_autofree char *text = NULL;
  HsvizConnection *first, *second;
  gboolean tls13;
  const char *pcap;

  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  first = hsviz_session_get_connection (session, 0);
  second = hsviz_session_get_connection (session, 1);
  tls13 = hsviz_connection_get_version (second) == HSVIZ_VERSION_TLS13;
  g_assert_true (hsviz_connection_get_outcome (first)->completed);
  g_assert_true (hsviz_connection_get_outcome (second)->completed);
  g_assert_false (hsviz_connection_is_resumed (first));
  g_assert_cmpint (hsviz_connection_get_resumed_from (first), ==, -1);
  g_assert_cmpint (hsviz_connection_is_resumed (second), ==, c->resumed);
  g_assert_cmpint (hsviz_connection_get_resumed_from (second), ==, c->resumed ? 0 : -1);
  g_assert_cmpuint (hsviz_connection_get_application_data (second)->status, ==, 200);

  /* what was skipped: the certificate (ours, and on the wire) */
  g_assert_true (has_message (first, "Certificate"));
  g_assert_cmpint (has_message (second, "Certificate"), ==, !c->resumed);
  g_assert_cmpint (has_message (second, "CertificateVerify") || has_message (second, "ServerKeyExchange") ||
                   has_message (second, "ClientKeyExchange"), ==, !c->resumed);
  text = hsviz_session_dup_resumption_text (session, 1);
  g_assert_nonnull (text);
  g_assert_null (hsviz_session_dup_resumption_text (session, 0));

  /* the key log: every secret the server logged for either connection, the resumed TLS 1.2
   * one's CLIENT_RANDOM included (GnuTLS's callback writes none for it) */
  keys = hsviz_session_dup_nss_keylog (session);
  g_assert_nonnull (keys);
  assert_keys_match_server (peer, keys, random_hex (first),
                            tls13 ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_RANDOM");
  if (c->peer == PEER_GNUTLS && !tls13)
    {
      /* gnutls-serv logs no CLIENT_RANDOM for a resumed TLS 1.2 session either; the master
       * secret is the first connection's, so ours says that secret with the new random */
      g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);
      g_autofree char *first_random = random_hex (first);
      g_autofree char *second_random = random_hex (second);
      g_autofree char *line = NULL;

      for (guint i = 0; i < theirs->len && line == NULL; i++)
        {
          HsvizTestKeylogEntry *e = g_ptr_array_index (theirs, i);

          if (g_str_equal (e->label, "CLIENT_RANDOM") && g_str_equal (e->client_random, first_random))
            line = g_strdup_printf ("CLIENT_RANDOM %s %s\n", second_random, e->secret);
        }
      g_assert_nonnull (line);
      g_assert_nonnull (strstr (keys, line));
    }
  else
    assert_keys_match_server (peer, keys, random_hex (second),
                              tls13 ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_RANDOM");
  g_assert_true (g_file_set_contents (keylog, keys, -1, NULL));

  /* tshark: Certificate messages on the wire (decrypted with our key log in TLS 1.3) */
  {
    g_autofree char *certs = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 11", NULL);

    g_assert_cmpuint (count_lines (certs), ==, c->resumed ? 1 : 2);
  }
  if (tls13)
    {
      /* the second ClientHello offers a PSK; a resuming server selects identity 0 */
      const char *fields[] = { "-T", "fields", "-e", "tls.handshake.extensions.psk.identity.selected", NULL };
      g_autofree char *offers = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1 && tls.handshake.extension.type == 41", NULL);
      g_autofree char *selected = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 2 && tls.handshake.extension.type == 41", fields);

      /* after a HelloRetryRequest (PEER_HRR) both ClientHellos offer it */
      g_assert_cmpuint (count_lines (offers), ==, c->peer == PEER_HRR ? 2 : 1);
      g_assert_cmpint (hsviz_connection_had_hello_retry (second), ==, c->peer == PEER_HRR);
      if (c->resumed)
        g_assert_cmpstr (g_strstrip (selected), ==, "0");
      else
        g_assert_cmpuint (count_lines (selected), ==, 0);
    }

  if (c->resumed && tls13)
    {
      assert_psk_chain (peer, second, pcap, keylog);
      assert_chain_unavailable_without_secret (session);
      if (c->peer == PEER_PSK_KE)
        assert_psk_ke (peer, second, pcap);
      else
        {
          /* psk_dhe_ke: the new key shares' (EC)DHE secret goes into the handshake secret */
          g_autoptr(HsvizKeyGraph) graph = hsviz_key_graph_new (second);

          g_assert_cmpint (hsviz_connection_get_key_exchange (second), !=, HSVIZ_KX_PSK);
          g_assert_nonnull (hsviz_key_graph_find (graph, "shared_secret"));
          g_assert_null (hsviz_key_graph_find (graph, "zeros"));
          g_assert_null (hsviz_connection_find_key_schedule (second, "zeros"));
        }
    }
  else if (c->resumed)
    assert_reused_master (peer, first, second);
  else
    {
      g_assert_null (hsviz_connection_find_key_schedule (second, "psk_binder"));
      g_assert_null (strstr (hsviz_connection_find_key_schedule (second, "master_secret") ? hsviz_connection_find_key_schedule (second, "master_secret")->formula : "", "reused"));
    }
  assert_round_trip (session, TRUE);
  assert_round_trip (session, FALSE);

  g_unlink (keylog);
  g_rmdir (dir);
}

/* GnuTLS's packed session data is read from its end and only in the expected shape: a prefix
 * of any length, then length, lifetime, age_add, nonce<1>, ticket<4>, secret<1>, 16 bytes. */
static void
test_session_data_layout (void)
{
  static const guint8 tail[] = {
    0, 0, 0, 4 + 4 + 1 + 2 + 4 + 3 + 1 + 32 + 16,      /* length of the rest */
    0, 0, 0x1c, 0x20,  0x12, 0x34, 0x56, 0x78,           /* lifetime, age_add */
    2, 0xaa, 0xbb,                                       /* nonce */
    0, 0, 0, 3, 't', 'k', 't',                           /* ticket */
    32,
  };
  g_autoptr(GByteArray) data = g_byte_array_new ();
  HsvizPackedTicket ticket = { 0 };
  guint8 secret[32], rest[16] = { 0 };

  for (guint i = 0; i < 200; i++)   /* what comes before: certificates, parameters */
    {
      guint8 b = (guint8) (i * 7);

      g_byte_array_append (data, &b, 1);
    }
  g_byte_array_append (data, tail, sizeof tail);
  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = 0x40 + i;
  g_byte_array_append (data, secret, sizeof secret);
  g_byte_array_append (data, rest, sizeof rest);

  g_assert_true (hsviz_session_data_read_tls13_ticket (data->data, data->len, 32, &ticket));
  g_assert_cmpuint (ticket.lifetime, ==, 7200);
  g_assert_cmpuint (ticket.age_add, ==, 0x12345678);
  g_assert_cmpuint (g_bytes_get_size (ticket.nonce), ==, 2);
  g_assert_cmpmem (g_bytes_get_data (ticket.ticket, NULL), 3, "tkt", 3);
  g_assert_cmpmem (g_bytes_get_data (ticket.resumption_master_secret, NULL), 32, secret, 32);
  hsviz_packed_ticket_clear (&ticket);

  /* another hash length, one byte short, one byte more: not that shape */
  g_assert_false (hsviz_session_data_read_tls13_ticket (data->data, data->len, 48, &ticket));
  g_assert_false (hsviz_session_data_read_tls13_ticket (data->data, data->len - 1, 32, &ticket));
  g_byte_array_append (data, rest, 1);
  g_assert_false (hsviz_session_data_read_tls13_ticket (data->data, data->len, 32, &ticket));
  g_assert_false (hsviz_session_data_read_tls13_ticket (NULL, 0, 32, &ticket));
  g_assert_null (ticket.resumption_master_secret);
}

/* The command line: capture --reconnect --json prints both connections and the verdicts. */
static void
test_cli_json (gconstpointer data)
{
  const char *preset = data;
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peers[PEER_TICKETS]));
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  const char *args[] = { "capture", "--reconnect", "--json", "--no-ocsp", "--preset", preset, "--alpn", "http/1.1",
                         "--cafile", cafile, "--servername", "localhost", url, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonArray *connections, *ks;
  JsonObject *second;
  int status = -1;
  guint checked = 0;

  out = hsviz_test_run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  connections = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "connections");
  g_assert_cmpuint (json_array_get_length (connections), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (connections, 0), "resumed"));
  second = json_array_get_object_element (connections, 1);
  g_assert_true (json_object_get_boolean_member (second, "resumed"));
  g_assert_cmpint (json_object_get_int_member (second, "resumed_from"), ==, 0);
  ks = json_object_get_array_member (second, "key_schedule");
  for (guint i = 0; i < json_array_get_length (ks); i++)
    {
      JsonObject *e = json_array_get_object_element (ks, i);
      const char *name = json_object_get_string_member (e, "name");

      if (g_strv_contains (psk_chain, name) || g_str_equal (name, "master_secret"))
        {
          g_assert_true (json_object_get_boolean_member (e, "verified"));
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, g_str_equal (preset, "tls13") ? g_strv_length ((GStrv) psk_chain) : 1);
  /* the resumption secret is only in connection 1's secrets, never in the key log */
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (connections, 0), "secrets"),
                                                   g_str_equal (preset, "tls13") ? "resumption_master_secret" : "master_secret"));
}

static const ResumeCase cases[] = {
  { "/handshakeviz/resume/openssl-tls13-psk", PEER_TICKETS, "tls13", TRUE },
  { "/handshakeviz/resume/openssl-tls12-ticket", PEER_TICKETS, "tls12", TRUE },
  { "/handshakeviz/resume/openssl-tls12-session-id", PEER_SESSION_ID, "tls12", TRUE },
  { "/handshakeviz/resume/openssl-declines-tls13", PEER_DECLINES, "tls13", FALSE },
  { "/handshakeviz/resume/openssl-declines-tls12", PEER_DECLINES, "tls12", FALSE },
  { "/handshakeviz/resume/gnutls-tls13-psk", PEER_GNUTLS, "tls13", TRUE },
  { "/handshakeviz/resume/gnutls-tls12", PEER_GNUTLS, "tls12", TRUE },
  { "/handshakeviz/resume/openssl-tls13-psk-hello-retry", PEER_HRR, "tls13", TRUE },
  { "/handshakeviz/resume/openssl-tls13-psk-ke", PEER_PSK_KE, "tls13", TRUE, PSK_KE_PRIORITY },
};

int
main (int   argc,
      char *argv[])
{
  const char *no_ticket[] = { "-no_ticket", NULL };
  const char *declines[] = { "-no_cache", "-no_ticket", NULL };
  const char *hello_retry[] = { "-groups", "secp384r1", NULL };   /* GnuTLS sends no P-384 share */
  const char *psk_ke[] = { "-allow_no_dhe_kex", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  peers[PEER_TICKETS] = hsviz_test_peer_start ("openssl", NULL, &error);
  g_assert_no_error (error);
  peers[PEER_SESSION_ID] = hsviz_test_peer_start ("openssl", no_ticket, &error);
  g_assert_no_error (error);
  peers[PEER_DECLINES] = hsviz_test_peer_start ("openssl", declines, &error);
  g_assert_no_error (error);
  peers[PEER_GNUTLS] = hsviz_test_peer_start ("gnutls", NULL, &error);
  g_assert_no_error (error);
  peers[PEER_HRR] = hsviz_test_peer_start ("openssl", hello_retry, &error);
  g_assert_no_error (error);
  peers[PEER_PSK_KE] = hsviz_test_peer_start ("openssl", psk_ke, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].name, &cases[i], test_resume);
  g_test_add_func ("/handshakeviz/resume/session-data-layout", test_session_data_layout);
  g_test_add_data_func ("/handshakeviz/resume/cli-json-tls13", "tls13", test_cli_json);
  g_test_add_data_func ("/handshakeviz/resume/cli-json-tls12", "tls12", test_cli_json);

  ret = g_test_run ();
  for (guint i = 0; i < N_PEERS; i++)
    hsviz_test_peer_stop (peers[i]);
  return ret;
}
