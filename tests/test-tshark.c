/* test-tshark.c — Wireshark decrypts our capture with the key log the CLI exported
 *
 * tshark records the loopback traffic of one `handshakeviz-cli capture --keylog OUT` against
 * `openssl s_server -tls1_3` / `-tls1_2` on 127.0.0.1; then `tshark -r FILE -o
 * tls.keylog_file:OUT -Y http` must show the GET request we sent, which it can only read when
 * our key log holds the secrets the connection really used (without the key log it must not).
 * (tshark's capture: hsviz-test-tshark.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

static void
test_decrypt (gconstpointer data)
{
  const char *version = data;   /* "-tls1_3" or "-tls1_2" */
  const char *server_args[] = { version, NULL };
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizTestTshark) tshark = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *keylog = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *cli_out = NULL;
  g_autofree char *cli_err = NULL;
  g_autofree char *decrypted = NULL;
  g_autofree char *opaque = NULL;
  const char *pcap;
  int status = -1;

  g_assert_nonnull (cli);

  peer = hsviz_test_peer_start ("openssl", server_args, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("hsviz-keylog-XXXXXX", &error);
  g_assert_no_error (error);
  keylog = g_build_filename (dir, "keys.txt", NULL);
  tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (peer));

  /* one capture with the CLI, key log exported */
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  {
    const char *argv[] = { cli, "capture", url, "--cafile", cafile, "--servername", "localhost",
                           "--keylog", keylog, NULL };

    cli_out = hsviz_test_run (argv, NULL, 60000, &status, &cli_err, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("handshakeviz-cli capture failed: %s%s", cli_out, cli_err);
  }
  g_assert_true (g_file_test (keylog, G_FILE_TEST_IS_REGULAR));
  pcap = hsviz_test_tshark_stop (tshark);

  decrypted = hsviz_test_tshark_read (pcap, keylog, "http", NULL);
  opaque = hsviz_test_tshark_read (pcap, NULL, "http", NULL);
  g_test_message ("with the key log:\n%s", decrypted);
  g_assert_nonnull (strstr (decrypted, "GET / HTTP/1.1"));
  /* the request really was encrypted: without our key log tshark cannot read it */
  g_assert_null (strstr (opaque, "GET / HTTP/1.1"));

  hsviz_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/handshakeviz/tshark/decrypt-tls13", "-tls1_3", test_decrypt);
  g_test_add_data_func ("/handshakeviz/tshark/decrypt-tls12", "-tls1_2", test_decrypt);

  return g_test_run ();
}
