/* test-session-file.c — session files: round trips from real peers and the samples
 *
 * The sessions come from real handshakes (openssl s_server, gnutls-serv, the demo server on
 * 127.0.0.1) and from the captured samples in data/samples/; the key logs are checked against
 * the servers' own.  A reopened session must equal the captured one in every getter.
 * Version-1 files: test-session-file-v1.c; saves: test-session-file-saves.c; corrupt files:
 * test-session-file-corrupt.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-compare.h"
#include "hsviz-test-utils.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Save with secrets, load, compare every getter and the two JSON documents. */
static void
assert_round_trip (HsvizSession *session)
{
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) loaded = NULL;
  g_autofree char *saved = NULL, *json_a = NULL, *json_b = NULL;
  gsize saved_len = 0, len_a = 0, len_b = 0;

  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  loaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  hsviz_test_assert_sessions_equal (session, loaded);

  json_a = hsviz_session_to_data (session, TRUE, &len_a);
  json_b = hsviz_session_to_data (loaded, TRUE, &len_b);
  g_assert_cmpstr (json_a, ==, json_b);
  g_assert_true (g_file_get_contents (path, &saved, &saved_len, NULL));
  g_assert_cmpmem (saved, saved_len, json_a, len_a);
  hsviz_test_remove_dir (dir);
}

static HsvizSession *
capture_url (const char       *url,
             const char       *priority,
             HsvizDemoServer  *demo,
             const char       *preset,
             GError          **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;

  options.url = g_strdup (url);
  options.priority = g_strdup (priority);
  options.preset = g_strdup (preset);
  options.timeout_ms = 15000;
  if (demo != NULL)
    hsviz_capture_options_set_demo (&options, demo);
  else
    {
      options.servername = g_strdup ("localhost");
      options.cafile = hsviz_test_cert_path ("ca.pem");
    }
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  g_assert_nonnull (cap);
  return hsviz_capture_run_sync (cap, NULL, error);
}

/* The loaded key log equals the server's own (truth from outside our code). */
static void
assert_keylog_is_servers (HsvizConnection  *session,
                          HsvizTestPeer *peer)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (session);
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);

  g_assert_cmpuint (s->keylog->len, >, 0);
  for (guint i = 0; i < s->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);
      const HsvizTestKeylogEntry *t = hsviz_test_keylog_find (theirs, e->label, e->client_random);

      if (t == NULL)
        g_error ("the server logged no %s for %s", e->label, e->client_random);
      g_assert_cmpstr (e->secret, ==, t->secret);
    }
}

static void
round_trip_peer (const char         *kind,
                 const char * const *args,
                 const char         *priority,
                 gboolean            expect_completed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start (kind, args, &error);
  g_autoptr(HsvizSession) session = NULL;
  HsvizConnection *connection;
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  session = capture_url (url, priority, NULL, NULL, &error);
  g_assert_nonnull (session);
  connection = hsviz_session_get_connection (session, 0);
  g_assert_cmpint (hsviz_connection_get_outcome (connection)->completed, ==, expect_completed);
  if (expect_completed)
    {
      g_assert_no_error (error);
      assert_keylog_is_servers (connection, peer);
    }
  else
    g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_ALERT);
  assert_round_trip (session);
}

/* ---- round trips -------------------------------------------------------------------------- */

static void
test_round_trip_tls13 (void)
{
  const char *args[] = { "-tls1_3", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_hello_retry (void)
{
  const char *args[] = { "-tls1_3", "-groups", "P-384", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_tls12_ecdhe (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_tls12_rsa (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_gnutls (void)
{
  round_trip_peer ("gnutls", NULL, NULL, TRUE);
}

static void
test_round_trip_failed (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };

  /* no shared cipher: the server refuses with handshake_failure (40) */
  round_trip_peer ("openssl", args, "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA", FALSE);
}

static void
test_round_trip_demo (void)
{
  const char *presets[] = { "tls13", "tls12-rsa", "tls12-rsa-classic" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = hsviz_demo_server_dup_url (demo);
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autoptr(HsvizSession) session = capture_url (url, NULL, demo, presets[i], &error);
      HsvizConnection *connection = hsviz_session_get_connection (session, 0);

      g_assert_no_error (error);
      g_assert_true (hsviz_connection_get_outcome (connection)->completed);
      if (i > 0)  /* RSA key transport: the server's decrypted pre-master secret */
        g_assert_nonnull (hsviz_connection_get_secrets (connection)->pre_master_secret);
      assert_round_trip (session);
    }
  hsviz_demo_server_stop (demo);
}

/* Every sample in data/samples/ loads and survives a round trip. */
static void
test_samples (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autoptr(HsvizSession) session = NULL;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      session = hsviz_test_load_sample (name);
      g_assert_nonnull (hsviz_session_get_note (session));
      g_assert_nonnull (strstr (hsviz_session_get_note (session), "Real capture"));
      assert_round_trip (session);
      n++;
    }
  g_assert_cmpuint (n, >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls13", test_round_trip_tls13);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-hello-retry", test_round_trip_hello_retry);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls12-ecdhe", test_round_trip_tls12_ecdhe);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls12-rsa", test_round_trip_tls12_rsa);
  g_test_add_func ("/handshakeviz/session-file/round-trip/gnutls-serv", test_round_trip_gnutls);
  g_test_add_func ("/handshakeviz/session-file/round-trip/demo", test_round_trip_demo);
  g_test_add_func ("/handshakeviz/session-file/round-trip/failed-alert", test_round_trip_failed);
  g_test_add_func ("/handshakeviz/session-file/round-trip/samples", test_samples);

  return g_test_run ();
}
