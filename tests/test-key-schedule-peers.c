/* test-key-schedule-peers.c — the key schedule of real handshakes: openssl s_server and
 * gnutls-serv on 127.0.0.1 (TLS 1.2 RSA, ECDHE, ECDSA, ChaCha20, CBC with and without
 * encrypt-then-MAC, without extended master secret; TLS 1.3 with and without a
 * HelloRetryRequest; a CertificateRequest) and the built-in demo server's RSA key transport.
 *
 * The truth comes from outside our code: the servers' own key logs, and GnuTLS's record layer
 * keys (gnutls_record_get_state), which every recomputed entry must equal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-key-schedule.h"
#include "hsviz-test-compare.h"
#include "hsviz-test-utils.h"

/* ---- real peers: openssl s_server on 127.0.0.1 ---------------------------------------------- */

typedef struct
{
  const char        *kind;         /* "openssl" or "gnutls" (hsviz_test_peer_start) */
  const char        *priority;     /* the client's, NULL: default */
  const char * const server_args[8];
  const char * const *names;
  gboolean           classic;      /* no extended master secret */
} PeerCase;

static const char * const tls12_aead_names[] = {
  "master_secret", "key_block", "client_write_key", "server_write_key", "client_write_iv",
  "server_write_iv", "client_finished", "server_finished", "client_first_record",
  "server_first_record", NULL
};
static const char * const tls12_cbc_names[] = {
  "master_secret", "key_block", "client_write_mac_key", "server_write_mac_key", "client_write_key",
  "server_write_key", "client_write_iv", "server_write_iv", "client_finished", "server_finished",
  "client_first_record", "server_first_record", NULL
};
static const char * const tls13_hrr_names[] = {
  "message_hash",
  "client_handshake_traffic_secret", "client_handshake_key", "client_handshake_iv",
  "client_finished_key", "client_finished",
  "server_handshake_traffic_secret", "server_handshake_key", "server_handshake_iv",
  "server_finished_key", "server_finished",
  "client_application_traffic_secret_0", "client_write_key", "client_write_iv",
  "server_application_traffic_secret_0", "server_write_key", "server_write_iv",
  "client_first_record", "server_first_record", NULL
};

static const PeerCase peer_tls12_rsa = { "openssl", NULL, { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL }, tls12_aead_names, FALSE };
static const PeerCase peer_tls12_ecdhe = { "openssl", NULL, { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL }, tls12_aead_names, FALSE };
static const PeerCase peer_tls12_ecdsa = { "openssl", NULL, { "-tls1_2", "-cert", "ec.pem", "-key", "ec.key", NULL }, tls12_aead_names, FALSE };
static const PeerCase peer_tls12_chacha = { "openssl", NULL, { "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305", NULL }, tls12_aead_names, FALSE };
static const PeerCase peer_tls12_classic = { "openssl", "NORMAL:%NO_SESSION_HASH", { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL }, tls12_aead_names, TRUE };
static const PeerCase peer_tls12_cbc_etm = { "openssl", NULL, { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA", NULL }, tls12_cbc_names, FALSE };
static const PeerCase peer_tls12_cbc_mte = { "openssl", "NORMAL:%NO_ETM", { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA", NULL }, tls12_cbc_names, FALSE };
static const PeerCase peer_tls13 = { "openssl", NULL, { "-tls1_3", NULL }, hsviz_test_tls13_key_schedule_names, FALSE };
static const PeerCase peer_tls13_aes128 = { "openssl", NULL, { "-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256", NULL }, hsviz_test_tls13_key_schedule_names, FALSE };
static const PeerCase peer_tls13_chacha = { "openssl", NULL, { "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", NULL }, hsviz_test_tls13_key_schedule_names, FALSE };
static const PeerCase peer_tls13_hrr = { "openssl", NULL, { "-tls1_3", "-groups", "P-384", NULL }, tls13_hrr_names, FALSE };

static const PeerCase peer_tls12_client_cert = { "openssl", NULL, { "-tls1_2", "-verify", "1", NULL }, tls12_aead_names, FALSE };
static const PeerCase peer_tls13_client_cert = { "openssl", NULL, { "-tls1_3", "-verify", "1", NULL }, hsviz_test_tls13_key_schedule_names, FALSE };
static const PeerCase gnutls_tls12 = { "gnutls", NULL, { "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL }, tls12_aead_names, FALSE };
static const PeerCase gnutls_tls12_rsa = { "gnutls", NULL, { "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA", NULL }, tls12_aead_names, FALSE };
static const PeerCase gnutls_tls13 = { "gnutls", NULL, { "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.3", NULL }, hsviz_test_tls13_key_schedule_names, FALSE };
static const PeerCase gnutls_tls13_hrr = { "gnutls", NULL, { "--priority=NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP384R1", NULL }, tls13_hrr_names, FALSE };

static void
assert_keylog_value (HsvizConnection *session,
                     GPtrArray    *server_keylog,
                     const char   *label,
                     const char   *name)
{
  g_autofree char *cr = hsviz_test_bytes_to_hex (hsviz_connection_get_client_random (session), 32);
  const HsvizTestKeylogEntry *k = hsviz_test_keylog_find (server_keylog, label, cr);

  g_assert_nonnull (k);
  hsviz_test_assert_key_schedule_value (session, name, k->secret);
}

static void
test_peer (gconstpointer data)
{
  const PeerCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizCapture) capture = NULL;
  g_autoptr(HsvizConnection) session = NULL;
  g_autoptr(GPtrArray) server_keylog = NULL;
  g_autofree char *cafile = NULL;
  HsvizCaptureOptions options = { 0 };

  /* the peers are installed by build-aux/install-deps.sh: a missing one is a failure */
  peer = hsviz_test_peer_start (c->kind, c->server_args, &error);
  g_assert_no_error (error);

  cafile = hsviz_test_cert_path ("ca.pem");
  options.url = g_strdup_printf ("https://localhost:%u/", hsviz_test_peer_get_port (peer));
  options.priority = g_strdup (c->priority);
  options.cafile = g_steal_pointer (&cafile);
  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  session = hsviz_test_capture_connection (capture, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (hsviz_connection_get_outcome (session)->completed);

  /* the capture computed it; every value must equal what the session used */
  hsviz_test_assert_key_schedule_verified (session, c->names);
  g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (session, "client_first_record")->note, "equals the request the session sent"));

  /* a session file with secrets holds all the schedule needs: loaded and recomputed, the same */
  {
    g_autoptr(HsvizConnection) loaded = hsviz_test_reload (session, TRUE, &error);
    GPtrArray *before = hsviz_connection_get_key_schedule (session);
    GPtrArray *after;

    g_assert_no_error (error);
    hsviz_key_schedule_compute (loaded);
    after = hsviz_connection_get_key_schedule (loaded);
    hsviz_test_assert_key_schedule_verified (loaded, c->names);
    for (guint i = 0; i < before->len; i++)
      {
        const HsvizKeyScheduleEntry *x = g_ptr_array_index (before, i);
        const HsvizKeyScheduleEntry *y = g_ptr_array_index (after, i);

        g_assert_cmpstr (x->name, ==, y->name);
        g_assert_cmpstr (x->value, ==, y->value);
      }
  }

  /* and the secrets it starts from are the server's (openssl -keylogfile, gnutls-serv SSLKEYLOGFILE) */
  server_keylog = hsviz_test_peer_read_keylog (peer);
  if (hsviz_connection_get_version (session) == HSVIZ_VERSION_TLS12)
    {
      const HsvizKeyScheduleEntry *ms = hsviz_connection_find_key_schedule (session, "master_secret");

      assert_keylog_value (session, server_keylog, "CLIENT_RANDOM", "master_secret");
      g_assert_nonnull (strstr (ms->formula, c->classic ? "\"master secret\"" : "\"extended master secret\""));
      g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (session, "server_first_record")->note, "status line"));
    }
  else
    {
      assert_keylog_value (session, server_keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "client_handshake_traffic_secret");
      assert_keylog_value (session, server_keylog, "SERVER_HANDSHAKE_TRAFFIC_SECRET", "server_handshake_traffic_secret");
      assert_keylog_value (session, server_keylog, "CLIENT_TRAFFIC_SECRET_0", "client_application_traffic_secret_0");
      assert_keylog_value (session, server_keylog, "SERVER_TRAFFIC_SECRET_0", "server_application_traffic_secret_0");
    }
}

/* A server that demands a client certificate aborts after the client's Finished: what the client
 * sent is still verified (its Finished, its keys by decrypting its Finished record), the rest is
 * honestly not. */
static void
test_peer_failed (void)
{
  const char * const args[] = { "-tls1_2", "-Verify", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizCapture) capture = NULL;
  g_autoptr(HsvizConnection) session = NULL;
  HsvizCaptureOptions options = { 0 };
  const char *verified[] = { "master_secret", "client_write_key", "client_write_iv", "client_finished" };
  const char *not_verified[] = { "key_block", "server_write_key", "server_finished", "client_first_record",
                                 "server_first_record" };

  peer = hsviz_test_peer_start ("openssl", args, &error);
  g_assert_no_error (error);
  options.url = g_strdup_printf ("https://localhost:%u/", hsviz_test_peer_get_port (peer));
  options.cafile = hsviz_test_cert_path ("ca.pem");
  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  session = hsviz_test_capture_connection (capture, NULL, &error);
  g_assert_nonnull (error);
  g_assert_nonnull (session);
  g_assert_false (hsviz_connection_get_outcome (session)->completed);

  for (guint i = 0; i < G_N_ELEMENTS (verified); i++)
    {
      const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (session, verified[i]);
      g_assert_nonnull (e);
      if (!e->verified)
        g_error ("%s is not verified: %s", e->name, e->note);
    }
  g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (session, "client_write_key")->note, "decrypts with it to its Finished message"));
  for (guint i = 0; i < G_N_ELEMENTS (not_verified); i++)
    {
      const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (session, not_verified[i]);
      g_assert_nonnull (e);
      g_assert_false (e->verified);
    }
}

/* ---- the demo server: the pre-master secret is known, the master secret recomputed ---------- */

static void
test_demo_pre_master (gconstpointer data)
{
  gboolean classic = GPOINTER_TO_INT (data);
  static const char * const names[] = {
    "pre_master_secret", "session_hash", "master_secret", "key_block", "client_write_key",
    "server_write_key", "client_write_iv", "server_write_iv", "client_finished", "server_finished",
    "client_first_record", "server_first_record", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  g_autoptr(HsvizCapture) capture = NULL;
  g_autoptr(HsvizConnection) session = NULL;
  HsvizCaptureOptions options = { 0 };
  const HsvizKeyScheduleEntry *pms, *ms;
  gsize len;

  g_assert_no_error (error);
  hsviz_capture_options_set_demo (&options, demo);
  options.preset = g_strdup (classic ? "tls12-rsa-classic" : "tls12-rsa");
  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  session = hsviz_test_capture_connection (capture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hsviz_connection_get_key_exchange (session), ==, HSVIZ_KX_RSA);

  if (classic)
    {
      const char *classic_names[G_N_ELEMENTS (names)];
      guint j = 0;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_strcmp0 (names[i], "session_hash") != 0)
          classic_names[j++] = names[i];
      hsviz_test_assert_key_schedule_verified (session, classic_names);
    }
  else
    hsviz_test_assert_key_schedule_verified (session, names);

  /* RFC 5246 §7.4.7.1: the RSA pre-master secret is client_version (03 03) ‖ 46 random bytes */
  pms = hsviz_connection_find_key_schedule (session, "pre_master_secret");
  len = strlen (pms->value);
  g_assert_cmpuint (len, ==, 96);
  g_assert_true (g_str_has_prefix (pms->value, "0303"));
  ms = hsviz_connection_find_key_schedule (session, "master_secret");
  g_assert_nonnull (strstr (ms->formula, classic ? "\"master secret\"" : "\"extended master secret\""));
  g_assert_nonnull (strstr (ms->note, "recomputed from the pre-master secret: equal"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/handshakeviz/key-schedule/demo/tls12-rsa-ems", GINT_TO_POINTER (FALSE), test_demo_pre_master);
  g_test_add_data_func ("/handshakeviz/key-schedule/demo/tls12-rsa-classic", GINT_TO_POINTER (TRUE), test_demo_pre_master);
  g_test_add_func ("/handshakeviz/key-schedule/openssl/tls12-failed", test_peer_failed);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-rsa", &peer_tls12_rsa, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-ecdhe", &peer_tls12_ecdhe, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-ecdsa", &peer_tls12_ecdsa, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-chacha20", &peer_tls12_chacha, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-classic", &peer_tls12_classic, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-cbc-etm", &peer_tls12_cbc_etm, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-cbc-mte", &peer_tls12_cbc_mte, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls13", &peer_tls13, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls13-aes128", &peer_tls13_aes128, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls13-chacha20", &peer_tls13_chacha, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls13-hrr", &peer_tls13_hrr, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls12-certificate-request", &peer_tls12_client_cert, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/openssl/tls13-certificate-request", &peer_tls13_client_cert, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/gnutls-serv/tls12", &gnutls_tls12, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/gnutls-serv/tls12-rsa", &gnutls_tls12_rsa, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/gnutls-serv/tls13", &gnutls_tls13, test_peer);
  g_test_add_data_func ("/handshakeviz/key-schedule/gnutls-serv/tls13-hrr", &gnutls_tls13_hrr, test_peer);

  return g_test_run ();
}
