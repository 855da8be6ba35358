/* test-cli-files.c — handshakeviz-cli's files and standard output: what it writes where, what
 * it refuses, what it warns about (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "hsviz.h"
#include "hsviz-test-utils.h"

static char *tmpdir;
static char *demo_file;   /* one demo capture with secrets, saved 0600 at start */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
assert_is_session (const char *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = hsviz_session_new_from_data (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_true (hsviz_connection_get_outcome (hsviz_session_get_connection (session, 0))->completed);
}

static gpointer
read_fifo_thread (gpointer data)
{
  char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return contents;
}

/* Devices, FIFOs and standard output are written, never replaced by a file. */
static void
test_non_regular_targets (void)
{
  g_autofree char *fifo = tmp_path ("session.fifo");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *from_fifo = NULL;
  GThread *reader;
  GStatBuf st;
  int status;

  {
    const char *args[] = { "demo", "--no-ocsp", "--output", "/dev/null", "--keylog", "/dev/null", NULL };

    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
    g_assert_true (S_ISCHR (st.st_mode));
  }

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("fifo", read_fifo_thread, fifo);
  {
    const char *args[] = { "demo", "--no-ocsp", "--output", fifo, NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
  }
  from_fifo = g_thread_join (reader);
  g_assert_nonnull (from_fifo);
  assert_is_session (from_fifo);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  /* "-" and /dev/stdout: the file itself on standard output (a pipe here), nothing else */
  {
    const char *args[] = { "demo", "--no-ocsp", "--output", "-", NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    assert_is_session (out);
  }
  {
    const char *args[] = { "export", demo_file, "--pem", "-", NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "-----BEGIN CERTIFICATE-----\n"));
  }
  {
    const char *args[] = { "export", demo_file, "--pem", "/dev/stdout", NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "-----BEGIN CERTIFICATE-----\n"));
  }
  {
    const char *args[] = { "export", demo_file, "--keylog", "-", NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "CLIENT_"));
  }
  g_unlink (fifo);
}

/* An output that cannot be written is said before connecting (127.0.0.1:1 refuses: a capture
 * that ran would exit 3). */
static void
test_unwritable_checked_first (void)
{
  g_autofree char *out = NULL, *err = NULL;
  int status;

  {
    const char *args[] = { "capture", "127.0.0.1:1", "--output", "/nonexistent-hsviz-dir/s.handshake", NULL };

    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "/nonexistent-hsviz-dir/s.handshake"));
    g_assert_null (strstr (err, "refused"));
  }
  {
    const char *args[] = { "capture", "127.0.0.1:1", "--keylog", "/nonexistent-hsviz-dir/keys", NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "/nonexistent-hsviz-dir/keys"));
  }
  {
    const char *args[] = { "capture", "127.0.0.1:1", "--output", tmpdir, NULL };

    g_free (out); g_free (err);
    out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "folder"));
  }
}

/* A failed handshake keeps its exit status 1 when the file then fails too; both are said. */
static void
test_failure_after_keeps_status (void)
{
  const char *peer_args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", peer_args, NULL);
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *url = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_assert_nonnull (peer);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  {
    /* /dev/full passes the check (a writable device) and fails at the write */
    const char *args[] = { "capture", url, "--cafile", cafile, "--priority",
                           "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA",
                           "--output", "/dev/full", NULL };

    out = hsviz_test_run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "handshake_failure"));
  g_assert_nonnull (strstr (err, "/dev/full"));
}

/* Standard output that cannot take the text is an error, not exit 0. */
static void
test_show_to_full_device (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sh", "-c", "exec \"$0\" show \"$1\" > /dev/full",
                         g_getenv ("HSVIZ_CLI"), demo_file, NULL };
  int wait_status = 0;

  out = hsviz_test_run (argv, NULL, 60000, &wait_status, &err, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 4);
  g_assert_nonnull (strstr (err, "standard output"));
}

/* A file with secrets that others may read opens with a warning, as ssh says of keys. */
static void
test_secrets_readable_by_others (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "show", demo_file, NULL };
  int status;

  g_assert_cmpint (g_chmod (demo_file, 0600), ==, 0);
  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (err, "others may read"));

  g_assert_cmpint (g_chmod (demo_file, 0644), ==, 0);
  g_free (out); g_free (err);
  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "others may read"));
  g_assert_nonnull (strstr (err, "0644"));
  g_assert_cmpint (g_chmod (demo_file, 0600), ==, 0);
}

/* json-glib reads an escaped lone surrogate as bytes that are not UTF-8: never shown as such. */
static void
test_lone_surrogate (void)
{
  g_autofree char *path = tmp_path ("surrogate.handshake");
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GString) edited = NULL;
  const char *args[] = { "show", path, NULL };
  const char *note;
  int status;

  g_assert_true (g_file_get_contents (demo_file, &contents, NULL, NULL));
  edited = g_string_new (contents);
  note = strstr (edited->str, "\"note\" : \"");
  g_assert_nonnull (note);
  g_string_insert (edited, note - edited->str + strlen ("\"note\" : \""), "a\\ud800b");
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_true (g_utf8_validate (err, -1, NULL));
  g_assert_cmpint (status, ==, 4);
  g_assert_nonnull (strstr (err, "UTF-8"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hsviz-test-cli-files-XXXXXX", NULL);
  demo_file = tmp_path ("demo.handshake");
  {
    const char *args[] = { "demo", "--no-ocsp", "--output", demo_file, NULL };
    g_autofree char *out = NULL;
    int status;

    out = hsviz_test_run_cli (args, &status, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  g_test_add_func ("/handshakeviz/cli/files/non-regular-targets", test_non_regular_targets);
  g_test_add_func ("/handshakeviz/cli/files/unwritable-checked-first", test_unwritable_checked_first);
  g_test_add_func ("/handshakeviz/cli/files/failure-after-keeps-status", test_failure_after_keeps_status);
  g_test_add_func ("/handshakeviz/cli/files/show-to-full-device", test_show_to_full_device);
  g_test_add_func ("/handshakeviz/cli/files/secrets-readable-by-others", test_secrets_readable_by_others);
  g_test_add_func ("/handshakeviz/cli/files/lone-surrogate", test_lone_surrogate);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };
    g_autofree char *o = hsviz_test_run_check (rm);
  }
  g_free (demo_file);
  g_free (tmpdir);
  return ret;
}
