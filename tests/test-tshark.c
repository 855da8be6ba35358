/* test-tshark.c — Wireshark decrypts our capture with the key log the CLI exported
 *
 * tshark records the loopback traffic of one `handshakeviz-cli capture --keylog OUT` against
 * `openssl s_server -tls1_3` / `-tls1_2` on 127.0.0.1; then `tshark -r FILE -o
 * tls.keylog_file:OUT -Y http` must show the GET request we sent, which it can only read when
 * our key log holds the secrets the connection really used (without the key log it must not).
 * Capturing on "lo" needs root (CI runs as root); when tshark cannot capture, the test fails.
 * Timing: the CLI runs only once tshark said "Capture started." (dumpcap listening); tshark is
 * stopped with SIGINT a second after the CLI exited and waited for, so the file is complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "hsviz-test-utils.h"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

typedef struct
{
  GString  *text;
  gboolean  done;    /* EOF or error */
} Lines;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lines *lines = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object),
                                                                 result, NULL, NULL);

  if (line == NULL)
    lines->done = TRUE;
  else
    g_string_append_printf (lines->text, "%s\n", line);
}

/* Reads @stream's lines until one holds @needle, EOF, or @timeout_ms; TRUE when found.  What
 * was read is left in @lines->text. */
static gboolean
wait_for_line (GDataInputStream *stream,
               Lines            *lines,
               const char       *needle,
               guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  GMainContext *context = g_main_context_default ();

  while (strstr (lines->text->str, needle) == NULL && !lines->done &&
         g_get_monotonic_time () < deadline)
    {
      gsize before = lines->text->len;

      g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, read_line_cb, lines);
      while (lines->text->len == before && !lines->done && g_get_monotonic_time () < deadline)
        {
          if (!g_main_context_iteration (context, FALSE))
            g_usleep (10 * 1000);
        }
      if (lines->text->len == before && !lines->done)
        return FALSE;   /* timed out with a read pending: the caller kills tshark */
    }
  return strstr (lines->text->str, needle) != NULL;
}

static char *
tshark_read (const char *pcap,
             const char *keylog)
{
  g_autofree char *opt = keylog ? g_strdup_printf ("tls.keylog_file:%s", keylog) : NULL;
  const char *with_keys[] = { "tshark", "-n", "-r", pcap, "-o", opt, "-Y", "http", NULL };
  const char *without[] = { "tshark", "-n", "-r", pcap, "-Y", "http", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  char *out;

  out = hsviz_test_run (keylog ? with_keys : without, NULL, 60000, &status, &err, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tshark -r %s failed: %s", pcap, err);
  return out;
}

static void
test_decrypt (gconstpointer data)
{
  const char *version = data;   /* "-tls1_3" or "-tls1_2" */
  const char *server_args[] = { version, NULL };
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pcap = NULL;
  g_autofree char *keylog = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) tshark = NULL;
  g_autoptr(GDataInputStream) tshark_err = NULL;
  g_autofree char *cli_out = NULL;
  g_autofree char *cli_err = NULL;
  g_autofree char *decrypted = NULL;
  g_autofree char *opaque = NULL;
  Lines lines = { g_string_new (NULL), FALSE };
  int status = -1;

  if (!hsviz_test_have_program ("tshark"))
    g_error ("tshark is not installed (apt-get install tshark): this test cannot run without it");
  g_assert_nonnull (cli);

  peer = hsviz_test_peer_start ("openssl", server_args, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("hsviz-tshark-XXXXXX", &error);
  g_assert_no_error (error);
  pcap = g_build_filename (dir, "capture.pcapng", NULL);
  keylog = g_build_filename (dir, "keys.txt", NULL);
  filter = g_strdup_printf ("tcp port %u", hsviz_test_peer_get_port (peer));

  /* tshark writes the file itself (as root), stderr tells when it captures */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  tshark = g_subprocess_launcher_spawn (launcher, &error, "tshark", "-n", "-i", "lo", "-f", filter,
                                        "-w", pcap, NULL);
  g_assert_no_error (error);
  tshark_err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (tshark));
  /* "Capturing on 'Loopback: lo'" comes before dumpcap has opened the device; "Capture
   * started." comes when dumpcap reports the file open, the filter set: from then on the
   * kernel keeps every packet for it. */
  if (!wait_for_line (tshark_err, &lines, "Capture started", 60000))
    {
      g_subprocess_force_exit (tshark);
      g_error ("tshark could not capture on lo (it must run as root or with dumpcap's "
               "capabilities); it said:\n%s", lines.text->str);
    }

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

  /* let the last packets reach tshark, then stop it: SIGINT makes it flush and close the file */
  g_usleep (G_USEC_PER_SEC);
  g_subprocess_send_signal (tshark, SIGINT);
  if (!wait_for_line (tshark_err, &lines, "packets captured", 30000) && !lines.done)
    {
      g_subprocess_force_exit (tshark);
      g_error ("tshark did not stop on SIGINT; it said:\n%s", lines.text->str);
    }
  g_subprocess_wait (tshark, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("tshark: %s", lines.text->str);

  decrypted = tshark_read (pcap, keylog);
  opaque = tshark_read (pcap, NULL);
  g_test_message ("with the key log:\n%s", decrypted);
  g_assert_nonnull (strstr (decrypted, "GET / HTTP/1.1"));
  /* the request really was encrypted: without our key log tshark cannot read it */
  g_assert_null (strstr (opaque, "GET / HTTP/1.1"));

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_free (hsviz_test_run_check (rm));
  }
  g_string_free (lines.text, TRUE);
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
