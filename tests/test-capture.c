/* test-capture.c — the capture engine against real peers on 127.0.0.1
 *
 * Truth comes from outside our code: the server's own key log (openssl -keylogfile,
 * gnutls-serv SSLKEYLOGFILE), the certificate files, and the message sequences of the step
 * table (docs/architecture.md) as GnuTLS 3.7.9 sends them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"
#include "hsviz-util.h"

typedef struct
{
  guint8          type;
  HsvizDirection  dir;
  HsvizStep       step;
} Expect;

#define C HSVIZ_DIRECTION_CLIENT
#define S HSVIZ_DIRECTION_SERVER

static HsvizConnection *
capture (const char  *url,
         const char  *preset,
         const char  *priority,
         const char  *servername,
         guint        timeout_ms,
         gboolean     with_ca,
         GError     **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;

  options.url = g_strdup (url);
  options.preset = g_strdup (preset);
  options.priority = g_strdup (priority);
  options.servername = g_strdup (servername);
  options.cafile = with_ca ? hsviz_test_cert_path ("ca.pem") : NULL;
  options.timeout_ms = timeout_ms;
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  if (cap == NULL)
    return NULL;
  return hsviz_test_capture_connection (cap, NULL, error);
}

static HsvizConnection *
capture_peer (HsvizTestPeer *peer,
              const char    *preset,
              const char    *priority)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  HsvizConnection *session = capture (url, preset, priority, "localhost", 10000, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (hsviz_connection_get_outcome (session)->completed);
  return session;
}

static void
assert_sequence (HsvizConnection *session,
                 const Expect *expect,
                 guint         n_expect)
{
  guint n = hsviz_connection_get_n_messages (session);

  for (guint i = 0; i < n_expect; i++)
    {
      HsvizMessage *m;

      if (i >= n)
        g_error ("expected %u messages, got %u", n_expect, n);
      m = hsviz_connection_get_message (session, i);
      if (hsviz_message_get_type_code (m) != expect[i].type ||
          hsviz_message_get_direction (m) != expect[i].dir ||
          hsviz_message_get_step (m) != expect[i].step)
        g_error ("message %u: got type %u dir %u step %u, expected type %u dir %u step %u", i,
                 hsviz_message_get_type_code (m), hsviz_message_get_direction (m),
                 hsviz_message_get_step (m), expect[i].type, expect[i].dir, expect[i].step);
      g_assert_null (hsviz_message_get_parse_error (m));
    }
}

/* Our key log equals the server's, line for line, and carries our client random. */
static void
assert_keylog_matches_server (HsvizConnection  *session,
                              HsvizTestPeer *peer)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (session);
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);
  g_autofree char *cr = hsviz_hex_encode (hsviz_connection_get_client_random (session), 32);
  guint matched = 0;

  g_assert_cmpuint (s->keylog->len, >, 0);
  for (guint i = 0; i < s->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);
      const HsvizTestKeylogEntry *t = hsviz_test_keylog_find (theirs, e->label, e->client_random);

      g_assert_cmpstr (e->client_random, ==, cr);
      if (t == NULL)
        g_error ("the server's key log has no %s line for %s", e->label, e->client_random);
      g_assert_cmpstr (e->secret, ==, t->secret);
      matched++;
    }
  /* and the server logged nothing we missed for this connection */
  for (guint i = 0; i < theirs->len; i++)
    {
      const HsvizTestKeylogEntry *t = g_ptr_array_index (theirs, i);

      if (g_ascii_strcasecmp (t->client_random, cr) == 0)
        matched--;
    }
  g_assert_cmpuint (matched, ==, 0);
}

/* The socket's addresses: ours on 127.0.0.1 with a port of its own, the server's the peer's. */
static void
assert_addresses (HsvizConnection *session,
                  HsvizTestPeer   *peer)
{
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", hsviz_test_peer_get_port (peer));
  const char *client = hsviz_connection_get_client_address (session);
  guint64 client_port = 0;

  g_assert_cmpstr (hsviz_connection_get_server_address (session), ==, server);
  g_assert_nonnull (client);
  g_assert_true (g_str_has_prefix (client, "127.0.0.1:"));
  g_assert_true (g_ascii_string_to_unsigned (client + strlen ("127.0.0.1:"), 10, 1, 65535, &client_port, NULL));
  g_assert_cmpuint (client_port, !=, hsviz_test_peer_get_port (peer));
}

static void
assert_chain_is (HsvizConnection *session,
                 const char   *leaf)
{
  GPtrArray *certs = hsviz_connection_get_certificates (session);
  g_autoptr(GBytes) der = hsviz_test_cert_der (leaf);

  g_assert_cmpuint (certs->len, >=, 1);
  g_assert_true (g_bytes_equal (((HsvizCertificate *) g_ptr_array_index (certs, 0))->der, der));
}

static void
assert_common (HsvizConnection  *session,
               HsvizTestPeer *peer)
{
  const HsvizVerification *v = hsviz_connection_get_verification (session);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (session);
  const HsvizTimings *t = hsviz_connection_get_timings (session);
  GPtrArray *records = hsviz_connection_get_records (session);
  guint ccs = 0;

  assert_keylog_matches_server (session, peer);
  assert_addresses (session, peer);
  g_assert_true (v->present);
  g_assert_true (v->trusted);
  g_assert_true (v->hostname_ok && v->time_ok && v->issuer_ok);
  g_assert_true (app->present);
  g_assert_cmpuint (app->status, ==, 200);
  g_assert_cmpuint (app->bytes_received, >, 0);
  g_assert_cmpint (t->handshake_us, >, 0);
  g_assert_cmpint (t->total_us, >=, t->handshake_us);
  g_assert_cmpuint (records->len, >=, 4);
  for (guint i = 0; i < records->len; i++)
    if (((HsvizRecord *) g_ptr_array_index (records, i))->content_type == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC)
      ccs++;
  g_assert_cmpuint (ccs, >=, 1);
  g_assert_nonnull (hsviz_connection_get_secrets (session)->client_write_key);
  g_assert_nonnull (hsviz_connection_get_secrets (session)->server_write_key);
}

static void
test_openssl_tls13 (void)
{
  const char *args[] = { "-tls1_3", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 8, S, 2 }, { 11, S, 2 }, { 15, S, 2 }, { 20, S, 2 }, { 20, C, 6 },
  };

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  g_assert_cmpuint (hsviz_connection_get_version (s), ==, HSVIZ_VERSION_TLS13);
  g_assert_cmpuint (hsviz_connection_get_key_exchange (s), ==, HSVIZ_KX_ECDHE);
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (s) >> 8, ==, 0x13);
  g_assert_false (hsviz_connection_had_hello_retry (s));
  assert_chain_is (s, "rsa.pem");
  assert_common (s, peer);
  /* NewSessionTickets arrive after the handshake, during step 6 */
  g_assert_cmpuint (hsviz_connection_get_n_messages (s), >, G_N_ELEMENTS (seq));
  for (guint i = G_N_ELEMENTS (seq); i < hsviz_connection_get_n_messages (s); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (s, i);

      g_assert_cmpuint (hsviz_message_get_type_code (m), ==, HSVIZ_HS_NEW_SESSION_TICKET);
      g_assert_cmpuint (hsviz_message_get_step (m), ==, HSVIZ_STEP_ENCRYPTION);
    }
  g_assert_null (hsviz_connection_get_secrets (s)->master_secret);
}

static void
test_openssl_tls12_ecdhe (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 11, S, 2 }, { 12, S, 2 }, { 14, S, 2 }, { 16, C, 3 },
    { 20, C, 6 }, { 4, S, 6 }, { 20, S, 6 },
  };
  const HsvizSecrets *sec;
  const HsvizTestKeylogEntry *cr_line;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autofree char *ms = NULL;
  g_autofree char *cr = NULL;

  g_assert_nonnull (peer);
  s = capture_peer (peer, "tls12", NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  g_assert_cmpuint (hsviz_connection_get_n_messages (s), ==, G_N_ELEMENTS (seq));
  g_assert_cmpuint (hsviz_connection_get_version (s), ==, HSVIZ_VERSION_TLS12);
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (s), ==, 0xc02f);
  g_assert_cmpuint (hsviz_connection_get_key_exchange (s), ==, HSVIZ_KX_ECDHE);
  g_assert_cmpuint (hsviz_connection_get_group (s), !=, 0);
  g_assert_true (hsviz_connection_uses_extended_master_secret (s));
  assert_common (s, peer);

  /* the master secret the record layer used is the one the server logged */
  sec = hsviz_connection_get_secrets (s);
  theirs = hsviz_test_peer_read_keylog (peer);
  cr = hsviz_hex_encode (hsviz_connection_get_client_random (s), 32);
  cr_line = hsviz_test_keylog_find (theirs, "CLIENT_RANDOM", cr);
  g_assert_nonnull (cr_line);
  ms = hsviz_hex_encode_bytes (sec->master_secret);
  g_assert_cmpstr (ms, ==, cr_line->secret);
}

/* A TLS 1.3-capable openssl made to speak TLS 1.2 (our client offers only 1.2) must write
 * "DOWNGRD" 01 at the end of its random (RFC 8446 §4.1.3); a TLS 1.3 session has none. */
static void
test_openssl_downgrade_sentinel (void)
{
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", NULL, NULL);
  g_autoptr(HsvizConnection) s12 = NULL;
  g_autoptr(HsvizConnection) s13 = NULL;

  g_assert_nonnull (peer);
  s12 = capture_peer (peer, "tls12", NULL);
  g_assert_cmpuint (hsviz_connection_get_version (s12), ==, HSVIZ_VERSION_TLS12);
  g_assert_cmpint (hsviz_connection_get_downgrade_sentinel (s12), ==, HSVIZ_DOWNGRADE_TLS12);
  s13 = capture_peer (peer, "tls13", NULL);
  g_assert_cmpint (hsviz_connection_get_downgrade_sentinel (s13), ==, HSVIZ_DOWNGRADE_NONE);
}

static void
test_openssl_tls12_rsa (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 11, S, 2 }, { 14, S, 2 }, { 16, C, 3 },
    { 20, C, 6 }, { 4, S, 6 }, { 20, S, 6 },
  };
  HsvizField *epms;

  g_assert_nonnull (peer);
  s = capture_peer (peer, "tls12-rsa", NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (s), ==, 0x009c);
  g_assert_cmpuint (hsviz_connection_get_key_exchange (s), ==, HSVIZ_KX_RSA);
  epms = hsviz_field_find (hsviz_message_get_fields (hsviz_connection_get_message (s, 4)),
                           "encrypted_pre_master_secret");
  g_assert_nonnull (epms);
  g_assert_cmpint (hsviz_field_get_number (epms), ==, 256);  /* the value; the field also covers its 2-byte length */
  assert_common (s, peer);
}

static void
test_openssl_ecdsa (void)
{
  const char *args[] = { "-cert", "ec.pem", "-key", "ec.key", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  assert_chain_is (s, "ec.pem");
  g_assert_cmpstr (hsviz_signature_scheme_name (hsviz_connection_get_signature_scheme (s)), ==,
                   "ecdsa_secp256r1_sha256");
  g_assert_cmpstr (((HsvizCertificate *) g_ptr_array_index (hsviz_connection_get_certificates (s), 0))->public_key_curve,
                   ==, "SECP256R1");
  assert_common (s, peer);
}

static void
test_openssl_hello_retry (void)
{
  const char *args[] = { "-tls1_3", "-groups", "P-384", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 1, C, 1 }, { 2, S, 2 }, { 8, S, 2 }, { 11, S, 2 }, { 15, S, 2 },
    { 20, S, 2 }, { 20, C, 6 },
  };

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  g_assert_true (hsviz_connection_had_hello_retry (s));
  g_assert_true (hsviz_message_is_hello_retry (hsviz_connection_get_message (s, 1)));
  g_assert_false (hsviz_message_is_hello_retry (hsviz_connection_get_message (s, 3)));
  g_assert_cmpstr (hsviz_group_short_name (hsviz_connection_get_group (s)), ==, "SECP384R1");
  assert_common (s, peer);
}

static void
test_openssl_client_cert_request (void)
{
  const char *args[] = { "-tls1_2", "-verify", "1", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 11, S, 2 }, { 12, S, 2 }, { 13, S, 2 }, { 14, S, 2 },
    { 11, C, 3 }, { 16, C, 3 }, { 20, C, 6 },
  };

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  assert_common (s, peer);
}

static void
test_openssl_ocsp_staple (void)
{
  const char *args[] = { "-tls1_2", "-status_file", "ocsp-rsa.der", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  const Expect seq[] = {
    { 1, C, 1 }, { 2, S, 2 }, { 11, S, 2 }, { 22, S, 2 }, { 12, S, 2 }, { 14, S, 2 }, { 16, C, 3 },
  };

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  assert_sequence (s, seq, G_N_ELEMENTS (seq));
  assert_common (s, peer);
}

static void
test_gnutls_serv (void)
{
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("gnutls", NULL, NULL);
  g_autoptr(HsvizConnection) s = NULL;

  g_assert_nonnull (peer);
  s = capture_peer (peer, NULL, NULL);
  g_assert_cmpuint (hsviz_connection_get_version (s), ==, HSVIZ_VERSION_TLS13);
  assert_chain_is (s, "rsa.pem");
  assert_common (s, peer);
}

static void
test_demo_rsa_pre_master (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizConnection) s = NULL;
  const HsvizSecrets *sec;
  const guint8 *pms;
  gsize len;

  g_assert_no_error (error);
  hsviz_capture_options_set_demo (&options, demo);
  options.preset = g_strdup ("tls12-rsa");
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  s = hsviz_test_capture_connection (cap, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hsviz_connection_get_outcome (s)->completed);
  g_assert_true (hsviz_connection_get_verification (s)->trusted);
  g_assert_cmpuint (hsviz_connection_get_key_exchange (s), ==, HSVIZ_KX_RSA);
  sec = hsviz_connection_get_secrets (s);
  g_assert_nonnull (sec->pre_master_secret);
  pms = g_bytes_get_data (sec->pre_master_secret, &len);
  /* RFC 5246 §7.4.7.1: 48 bytes starting with the client's offered version */
  g_assert_cmpuint (len, ==, 48);
  g_assert_cmpuint (pms[0], ==, 3);
  g_assert_cmpuint (pms[1], ==, 3);
  g_assert_cmpuint (hsviz_connection_get_application_data (s)->status, ==, 200);
  hsviz_demo_server_stop (demo);
}

/* The session's signals reach the caller only on the thread of the context the capture was
 * started from, also when that is the global default context and no one iterates it while the
 * worker posts its events (as a GUI between two frames): the worker must never run them itself. */
static void
count_foreign_thread_cb (HsvizConnection *session,
                         gpointer         user_data)
{
  guint *foreign = user_data;
  static GThread *main_thread;

  if (main_thread == NULL)
    main_thread = g_object_get_data (G_OBJECT (session), "test-main-thread");
  if (g_thread_self () != main_thread)
    (*foreign)++;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HsvizConnection **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hsviz_test_first_connection (hsviz_capture_run_finish (HSVIZ_CAPTURE (object), result, &error));
  g_assert_no_error (error);
}

static void
test_demo_async_events_on_owner_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizConnection) s = NULL;
  HsvizConnection *live;
  guint foreign = 0;
  guint n_items;

  g_assert_no_error (error);
  options.url = hsviz_demo_server_dup_url (demo);
  options.ca_pem = g_bytes_ref (hsviz_demo_server_get_ca_pem (demo));
  options.demo = g_object_ref (demo);
  options.no_ocsp = TRUE;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  live = hsviz_session_get_connection (hsviz_capture_get_session (cap), 0);
  g_object_set_data (G_OBJECT (live), "test-main-thread", g_thread_self ());
  g_signal_connect (live, "updated", G_CALLBACK (count_foreign_thread_cb), &foreign);
  g_signal_connect (live, "items-changed", G_CALLBACK (count_foreign_thread_cb), &foreign);

  hsviz_capture_run_async (cap, NULL, async_done_cb, &s);
  /* the handshake with the demo server takes well under this; nothing may run meanwhile */
  g_usleep (3 * G_USEC_PER_SEC);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (live));
  g_assert_cmpuint (foreign, ==, 0);
  g_assert_cmpuint (n_items, ==, 0);

  while (s == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (foreign, ==, 0);
  g_assert_true (hsviz_connection_get_outcome (s)->completed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (s)), >, 0);
  hsviz_demo_server_stop (demo);
}

/* ---- failures ---- */

static void
test_no_shared_cipher (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, NULL);
  g_autoptr(HsvizConnection) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const HsvizOutcome *o;

  g_assert_nonnull (peer);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  s = capture (url, NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA", "localhost", 10000,
               TRUE, &error);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_ALERT);
  g_assert_nonnull (s);
  o = hsviz_connection_get_outcome (s);
  g_assert_false (o->completed);
  g_assert_true (o->has_alert);
  g_assert_cmpuint (o->alert_description, ==, 40);
  g_assert_cmpuint (o->alert_sender, ==, HSVIZ_DIRECTION_SERVER);
  g_assert_nonnull (o->failed_at);
  /* the partial session: our ClientHello, the server's alert record */
  g_assert_cmpuint (hsviz_connection_get_n_messages (s), ==, 1);
  g_assert_cmpuint (hsviz_message_get_type_code (hsviz_connection_get_message (s, 0)), ==, 1);
  g_assert_cmpuint (hsviz_connection_get_records (s)->len, >=, 2);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (sock, NULL);
  return port;
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  g_autoptr(HsvizConnection) s = capture (url, NULL, NULL, NULL, 5000, FALSE, &error);

  g_assert_null (s);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_CONNECT);
  g_assert_true (hsviz_error_is_network (error));
}

/* A resolver that knows no name: the .invalid test must not send a DNS query anywhere. */
typedef GResolver TestResolver;
typedef GResolverClass TestResolverClass;
static GType test_resolver_get_type (void);
G_DEFINE_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
test_resolver_lookup_by_name (GResolver     *resolver,
                              const char    *hostname,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "Error resolving “%s”: Name or service not known", hostname);
  return NULL;
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  klass->lookup_by_name = test_resolver_lookup_by_name;
}

static void
test_resolver_init (TestResolver *self)
{
}

static void
test_unknown_host (void)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(GResolver) fake = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) s = NULL;

  g_resolver_set_default (fake);
  s = capture ("https://no-such-host.invalid/", NULL, NULL, NULL, 5000, FALSE, &error);
  g_resolver_set_default (original);
  g_assert_null (s);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_RESOLVE);
  g_assert_nonnull (strstr (error->message, "no-such-host.invalid"));
}

/* A port that accepts (the kernel completes the TCP handshake) and never answers. */
static GSocket *
silent_listener (guint16 *port)
{
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  g_assert_true (g_socket_listen (sock, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return sock;
}

static void
test_timeout (void)
{
  guint16 port;
  g_autoptr(GSocket) sock = silent_listener (&port);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("127.0.0.1:%u", port);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(HsvizConnection) s = capture (url, NULL, NULL, NULL, 1000, FALSE, &error);
  gint64 elapsed = g_get_monotonic_time () - t0;

  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_TIMED_OUT);
  g_assert_nonnull (s);
  g_assert_false (hsviz_connection_get_outcome (s)->completed);
  /* our ClientHello went out; nothing came back */
  g_assert_cmpuint (hsviz_connection_get_n_messages (s), ==, 1);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
}

static gpointer
garbage_server_thread (gpointer data)
{
  GSocket *listener = data;
  g_autoptr(GSocket) conn = g_socket_accept (listener, NULL, NULL);
  char buf[2048];
  const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  if (conn == NULL)
    return NULL;
  g_socket_receive (conn, buf, sizeof buf, NULL, NULL);
  g_socket_send (conn, reply, sizeof reply - 1, NULL, NULL);
  g_usleep (200000);
  g_socket_close (conn, NULL);
  return NULL;
}

static void
test_garbage_server_hello (void)
{
  guint16 port;
  g_autoptr(GSocket) sock = silent_listener (&port);
  GThread *thread = g_thread_new ("garbage", garbage_server_thread, sock);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(HsvizConnection) s = capture (url, NULL, NULL, NULL, 5000, FALSE, &error);
  GPtrArray *records;
  gboolean saw_garbage = FALSE;

  g_thread_join (thread);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
  g_assert_nonnull (s);
  records = hsviz_connection_get_records (s);
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      if (r->direction == HSVIZ_DIRECTION_SERVER && r->content_type == 0)
        saw_garbage = TRUE;
    }
  g_assert_true (saw_garbage);
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (200000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  guint16 port;
  g_autoptr(GSocket) sock = silent_listener (&port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("127.0.0.1:%u", port);
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizConnection) s = NULL;
  gint64 t0 = g_get_monotonic_time ();
  GThread *thread;

  options.url = g_strdup (url);
  options.timeout_ms = 10000;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);

  thread = g_thread_new ("cancel", cancel_thread, cancellable);
  s = hsviz_test_capture_connection (cap, cancellable, &error);
  g_thread_join (thread);

  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  /* a later capture with the same process works */
  g_clear_error (&error);
  g_clear_object (&s);
  g_clear_object (&cap);
}

static void
test_bad_options (void)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizCapture) cap = NULL;

  options.url = g_strdup ("https://localhost/");
  options.priority = g_strdup ("NORMAL:+NO-SUCH-THING");
  cap = hsviz_capture_new (&options, &error);
  g_assert_null (cap);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_free (options.priority);
  options.priority = NULL;
  options.preset = g_strdup ("tls99");
  cap = hsviz_capture_new (&options, &error);
  g_assert_null (cap);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  hsviz_capture_options_clear (&options);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/capture/openssl-tls13", test_openssl_tls13);
  g_test_add_func ("/handshakeviz/capture/openssl-tls12-ecdhe", test_openssl_tls12_ecdhe);
  g_test_add_func ("/handshakeviz/capture/openssl-tls12-rsa", test_openssl_tls12_rsa);
  g_test_add_func ("/handshakeviz/capture/openssl-downgrade-sentinel", test_openssl_downgrade_sentinel);
  g_test_add_func ("/handshakeviz/capture/openssl-ecdsa", test_openssl_ecdsa);
  g_test_add_func ("/handshakeviz/capture/openssl-hello-retry", test_openssl_hello_retry);
  g_test_add_func ("/handshakeviz/capture/openssl-client-cert-request", test_openssl_client_cert_request);
  g_test_add_func ("/handshakeviz/capture/openssl-ocsp-staple", test_openssl_ocsp_staple);
  g_test_add_func ("/handshakeviz/capture/gnutls-serv", test_gnutls_serv);
  g_test_add_func ("/handshakeviz/capture/demo-rsa-pre-master", test_demo_rsa_pre_master);
  g_test_add_func ("/handshakeviz/capture/demo-async-events-on-owner-thread",
                   test_demo_async_events_on_owner_thread);
  g_test_add_func ("/handshakeviz/capture/no-shared-cipher", test_no_shared_cipher);
  g_test_add_func ("/handshakeviz/capture/refused", test_refused);
  g_test_add_func ("/handshakeviz/capture/unknown-host", test_unknown_host);
  g_test_add_func ("/handshakeviz/capture/timeout", test_timeout);
  g_test_add_func ("/handshakeviz/capture/garbage-server-hello", test_garbage_server_hello);
  g_test_add_func ("/handshakeviz/capture/cancel", test_cancel);
  g_test_add_func ("/handshakeviz/capture/bad-options", test_bad_options);

  return g_test_run ();
}
