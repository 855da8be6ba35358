/* test-peers.c — the real-peer test helpers: openssl s_server and gnutls-serv on 127.0.0.1
 *
 * Each server's key log is compared with the one the client (gnutls-cli, a different TLS
 * implementation for openssl) wrote for the same connection; the generated OCSP staple is
 * checked by openssl s_client -status; stopping, failing to start and an aborted test leave no
 * server behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hsviz-test-utils.h"

static const char http_request[] = "GET / HTTP/1.0\r\n\r\n";

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 5);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return conn != NULL;
}

/* Runs gnutls-cli against @peer with SSLKEYLOGFILE, returns its output and key log. */
static char *
gnutls_cli (HsvizTestPeer  *peer,
            const char     *priority,
            GPtrArray     **keylog_out)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-peers-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (tmpdir, "client.keys", NULL);
  g_autofree char *env = g_strdup_printf ("SSLKEYLOGFILE=%s", keylog);
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *cafile_arg = g_strdup_printf ("--x509cafile=%s", cafile);
  g_autofree char *priority_arg = g_strdup_printf ("--priority=%s", priority);
  g_autofree char *port = g_strdup_printf ("%u", hsviz_test_peer_get_port (peer));
  const char *argv[] = { "env", env, "gnutls-cli", cafile_arg, priority_arg,
                         "--verify-hostname=localhost", "-p", port, "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out;
  int status = 0;

  out = hsviz_test_run (argv, http_request, 30000, &status, &err, &error);
  g_assert_no_error (error);
  g_test_message ("gnutls-cli: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  *keylog_out = hsviz_test_read_keylog_file (keylog);
  g_unlink (keylog);
  g_rmdir (tmpdir);
  return out;
}

/* Both sides logged the same secrets for the same client randoms. */
static void
assert_same_keylog (GPtrArray *client,
                    GPtrArray *server)
{
  g_assert_cmpuint (client->len, >, 0);
  for (guint i = 0; i < client->len; i++)
    {
      const HsvizTestKeylogEntry *c = g_ptr_array_index (client, i);
      const HsvizTestKeylogEntry *s = hsviz_test_keylog_find (server, c->label, c->client_random);

      g_test_message ("%s %s", c->label, c->client_random);
      g_assert_nonnull (s);
      g_assert_cmpstr (s->secret, ==, c->secret);
    }
}

static void
wait_for_keylog (HsvizTestPeer *peer,
                 guint          n_entries)
{
  /* The server writes its last lines as the connection ends: give it a moment. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) entries = hsviz_test_peer_read_keylog (peer);

      if (entries->len >= n_entries)
        return;
      g_usleep (10000);
    }
}

static void
test_openssl_tls12_rsa (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(GPtrArray) client_keys = NULL;
  g_autoptr(GPtrArray) server_keys = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (hsviz_test_peer_is_running (peer));
  out = gnutls_cli (peer, "NORMAL", &client_keys);
  g_assert_nonnull (strstr (out, "- Description: (TLS1.2-X.509)-(RSA)-(AES-128-GCM)"));
  g_assert_nonnull (strstr (out, "- Status: The certificate is trusted."));
  g_assert_nonnull (strstr (out, "HTTP/1.0 200 ok"));

  wait_for_keylog (peer, client_keys->len);
  server_keys = hsviz_test_peer_read_keylog (peer);
  assert_same_keylog (client_keys, server_keys);
  g_assert_nonnull (hsviz_test_keylog_find (server_keys, "CLIENT_RANDOM",
                                            ((HsvizTestKeylogEntry *)client_keys->pdata[0])->client_random));
}

static void
test_openssl_tls13_ec (void)
{
  const char *args[] = { "-tls1_3", "-cert", "ec.pem", "-key", "ec.key", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(GPtrArray) client_keys = NULL;
  g_autoptr(GPtrArray) server_keys = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = gnutls_cli (peer, "NORMAL", &client_keys);
  g_assert_nonnull (strstr (out, "(TLS1.3-X.509)-(ECDHE-"));
  g_assert_nonnull (strstr (out, "(ECDSA-SECP256R1-SHA256)"));
  /* 5 TLS 1.3 secrets: client/server handshake + traffic, exporter. */
  g_assert_cmpuint (client_keys->len, ==, 5);
  wait_for_keylog (peer, client_keys->len);
  server_keys = hsviz_test_peer_read_keylog (peer);
  assert_same_keylog (client_keys, server_keys);
}

static void
test_openssl_tls13_ed25519 (void)
{
  const char *args[] = { "-tls1_3", "-cert", "ed25519.pem", "-key", "ed25519.key", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(GPtrArray) client_keys = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = gnutls_cli (peer, "NORMAL", &client_keys);
  g_assert_nonnull (strstr (out, "(EdDSA-Ed25519)"));
  g_assert_nonnull (strstr (out, "- Status: The certificate is trusted."));
}

static void
test_gnutls_serv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("gnutls", NULL, &error);
  g_autoptr(GPtrArray) client_keys = NULL;
  g_autoptr(GPtrArray) server_keys = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = gnutls_cli (peer, "NORMAL:-VERS-ALL:+VERS-TLS1.3", &client_keys);
  g_assert_nonnull (strstr (out, "(TLS1.3-X.509)"));
  g_assert_nonnull (strstr (out, "HTTP/1.0 200 OK"));
  wait_for_keylog (peer, client_keys->len);
  server_keys = hsviz_test_peer_read_keylog (peer);
  assert_same_keylog (client_keys, server_keys);
}

static void
test_ocsp_staple (void)
{
  const char *args[] = { "-status_file", "ocsp-rsa.der", "-cert_chain", "ca.pem", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  const char *argv[] = { "openssl", "s_client", "-connect", hsviz_test_peer_get_address (peer),
                         "-CAfile", cafile, "-status", "-verify_return_error", "-tls1_2", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_no_error (error);
  out = hsviz_test_run (argv, "", 30000, &status, &err, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "OCSP Response Status: successful"));
  g_assert_nonnull (strstr (out, "Cert Status: good"));
  g_assert_nonnull (strstr (out, "Serial Number: 1000"));
  g_assert_nonnull (strstr (out, "Verify return code: 0 (ok)"));
}

static void
test_revoked_staple (void)
{
  g_autofree char *path = hsviz_test_cert_path ("ocsp-revoked.der");
  const char *argv[] = { "openssl", "ocsp", "-respin", path, "-resp_text", "-noverify", NULL };
  g_autofree char *out = hsviz_test_run_check (argv);

  g_assert_nonnull (strstr (out, "Cert Status: revoked"));
  g_assert_nonnull (strstr (out, "Revocation Reason: keyCompromise"));
}

static void
test_stop_kills (void)
{
  g_autoptr(GError) error = NULL;
  HsvizTestPeer *openssl = hsviz_test_peer_start ("openssl", NULL, &error);
  HsvizTestPeer *gnutls = NULL;
  guint16 openssl_port, gnutls_port;

  g_assert_no_error (error);
  gnutls = hsviz_test_peer_start ("gnutls", NULL, &error);
  g_assert_no_error (error);
  openssl_port = hsviz_test_peer_get_port (openssl);
  gnutls_port = hsviz_test_peer_get_port (gnutls);
  g_assert_cmpuint (openssl_port, !=, gnutls_port);
  g_assert_true (port_accepts (openssl_port));
  g_assert_true (port_accepts (gnutls_port));

  hsviz_test_peer_stop (openssl);
  hsviz_test_peer_stop (gnutls);
  g_assert_false (port_accepts (openssl_port));
  g_assert_false (port_accepts (gnutls_port));
}

static void
test_bad_arguments (void)
{
  const char *args[] = { "-no-such-option", NULL };
  g_autoptr(GError) error = NULL;
  HsvizTestPeer *peer = hsviz_test_peer_start ("openssl", args, &error);

  g_assert_null (peer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no-such-option"));
  g_clear_error (&error);

  peer = hsviz_test_peer_start ("no-such-kind", NULL, &error);
  g_assert_null (peer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_run_helper (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  const char *cat[] = { "cat", NULL };
  const char *deaf[] = { "true", NULL };
  const char *sleeper[] = { "sleep", "30", NULL };
  const char *failing[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  gint64 start;

  /* stdin in, stdout out, large. */
  out = hsviz_test_run (cat, big, 30000, &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, big);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&out, g_free);

  /* A child that never reads its stdin is not an error (and no SIGPIPE). */
  out = hsviz_test_run (deaf, big, 30000, &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  /* Exit status and stderr are reported, not turned into errors. */
  out = hsviz_test_run (failing, NULL, 30000, &status, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "out\n");
  g_assert_cmpstr (err, ==, "err\n");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_clear_pointer (&out, g_free);

  /* The timeout kills the child. */
  start = g_get_monotonic_time ();
  out = hsviz_test_run (sleeper, NULL, 300, &status, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (out);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* The subprocess writes its server's port where the parent (its parent process) looks. */
static char *
port_file_for (pid_t test_pid)
{
  g_autofree char *name = g_strdup_printf ("hsviz-peers-%d.port", (int)test_pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
test_abort_leaves_nothing (void)
{
  g_autofree char *port_file = NULL;
  g_autofree char *contents = NULL;
  guint16 port;
  gboolean gone = FALSE;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      HsvizTestPeer *peer = hsviz_test_peer_start ("gnutls", NULL, &error);
      g_autofree char *text = NULL;
      g_autofree char *path = port_file_for (getppid ());

      g_assert_no_error (error);
      text = g_strdup_printf ("%u", hsviz_test_peer_get_port (peer));
      g_file_set_contents (path, text, -1, NULL);
      abort ();   /* a failed assertion, without any cleanup running */
    }

  port_file = port_file_for (getpid ());
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (port_file, &contents, NULL, NULL));
  g_unlink (port_file);
  port = (guint16)g_ascii_strtoull (contents, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  for (guint i = 0; i < 200 && !gone; i++)
    {
      gone = !port_accepts (port);
      if (!gone)
        g_usleep (10000);
    }
  g_assert_true (gone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/peers/openssl-tls12-rsa", test_openssl_tls12_rsa);
  g_test_add_func ("/handshakeviz/peers/openssl-tls13-ec", test_openssl_tls13_ec);
  g_test_add_func ("/handshakeviz/peers/openssl-tls13-ed25519", test_openssl_tls13_ed25519);
  g_test_add_func ("/handshakeviz/peers/gnutls-serv", test_gnutls_serv);
  g_test_add_func ("/handshakeviz/peers/ocsp-staple", test_ocsp_staple);
  g_test_add_func ("/handshakeviz/peers/revoked-staple", test_revoked_staple);
  g_test_add_func ("/handshakeviz/peers/stop", test_stop_kills);
  g_test_add_func ("/handshakeviz/peers/run-helper", test_run_helper);
  g_test_add_func ("/handshakeviz/peers/bad-arguments", test_bad_arguments);
  g_test_add_func ("/handshakeviz/peers/abort-leaves-nothing", test_abort_leaves_nothing);

  return g_test_run ();
}
