/* test-session-file-saves.c — saving session files: secrets and file permissions, long names,
 * and atomic saves (a cancelled or failed save leaves the old file as it was)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hsviz-test-compare.h"
#include "hsviz-test-utils.h"

/* ---- secrets and permissions -------------------------------------------------------------- */

static mode_t
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_permissions (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  HsvizConnection *connection = hsviz_session_get_connection (session, 0);
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *with = g_build_filename (dir, "with.handshake", NULL);
  g_autofree char *without = g_build_filename (dir, "without.handshake", NULL);
  g_autoptr(GFile) fwith = g_file_new_for_path (with);
  g_autoptr(GFile) fwithout = g_file_new_for_path (without);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) stripped = NULL;
  HsvizConnection *stripped_connection;
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  mode_t old_umask = umask (022);

  g_assert_true (hsviz_connection_has_secrets (connection));
  g_assert_true (hsviz_session_has_secrets (session));
  g_assert_true (hsviz_session_save (session, fwith, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (with), ==, 0600);

  g_assert_true (hsviz_session_save (session, fwithout, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (without), ==, 0644);

  /* the file without secrets says so, holds none, and reopens as stripped */
  g_assert_true (g_file_get_contents (without, &data, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, data, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  root = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  g_assert_false (json_object_get_boolean_member (root, "secrets_included"));
  g_assert_false (json_object_has_member (root, "secrets"));
  for (guint i = 0; i < hsviz_connection_get_secrets (connection)->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (hsviz_connection_get_secrets (connection)->keylog, i);

      g_assert_null (strstr (data, e->secret));
    }
  stripped = hsviz_session_load (fwithout, NULL, &error);
  g_assert_no_error (error);
  stripped_connection = hsviz_session_get_connection (stripped, 0);
  g_assert_true (hsviz_connection_secrets_stripped (stripped_connection));
  g_assert_false (hsviz_connection_has_secrets (stripped_connection));
  g_assert_false (hsviz_session_has_secrets (stripped));
  g_assert_cmpuint (hsviz_connection_get_secrets (stripped_connection)->keylog->len, ==, 0);
  g_assert_null (hsviz_connection_dup_nss_keylog (stripped_connection));
  g_assert_null (hsviz_session_dup_nss_keylog (stripped));

  /* saving secrets over a 0644 file makes it 0600; saving without keeps the file's mode */
  g_assert_true (hsviz_session_save (session, fwithout, TRUE, NULL, &error));
  g_assert_cmpint (file_mode (without), ==, 0600);
  g_assert_cmpint (g_chmod (with, 0640), ==, 0);
  g_assert_true (hsviz_session_save (stripped, fwith, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (with), ==, 0640);
  g_assert_cmpuint (hsviz_test_count_dir_entries (dir), ==, 2);

  umask (old_umask);
  hsviz_test_remove_dir (dir);
}

/* A name close to NAME_MAX still leaves room for the temporary file beside it. */
static void
test_long_name (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("failed-alert.handshake");
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *base = g_strnfill (240, 'a');
  g_autofree char *name = g_strconcat (base, ".handshake", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) loaded = NULL;

  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  loaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  hsviz_test_assert_sessions_equal (session, loaded);
  g_assert_cmpuint (hsviz_test_count_dir_entries (dir), ==, 1);
  hsviz_test_remove_dir (dir);
}

/* ---- atomic saves ------------------------------------------------------------------------- */

/* A session of about 30 MiB of JSON: a real sample plus many full-size records. */
static HsvizSession *
big_session (void)
{
  HsvizSession *session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  guint8 *record = g_malloc0 (5 + 16384);
  g_autoptr(GBytes) bytes = NULL;

  record[0] = 23;
  record[1] = 3;
  record[2] = 3;
  record[3] = 16384 >> 8;
  record[4] = 16384 & 0xff;
  for (gsize i = 5; i < 5 + 16384; i++)
    record[i] = (guint8) g_test_rand_int ();
  bytes = g_bytes_new_take (record, 5 + 16384);
  for (guint i = 0; i < 1400; i++)
    hsviz_connection_add_record (hsviz_session_get_connection (session, 0), HSVIZ_DIRECTION_SERVER,
                                 1000000 + i, bytes);
  return session;
}

typedef struct
{
  char         *dir;
  char         *name;
  GCancellable *cancellable;
  gint          stop;
} Canceller;

/* Cancels as soon as the temporary file beside the target has data in it. */
static gpointer
cancel_when_writing (gpointer data)
{
  Canceller *c = data;

  while (!g_atomic_int_get (&c->stop))
    {
      g_autoptr(GDir) d = g_dir_open (c->dir, 0, NULL);
      const char *name;

      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *path = g_build_filename (c->dir, name, NULL);
          GStatBuf st;

          if (!g_str_equal (name, c->name) && g_stat (path, &st) == 0 && st.st_size > 0)
            {
              g_cancellable_cancel (c->cancellable);
              return NULL;
            }
        }
    }
  return NULL;
}

static void
test_atomic_cancel (void)
{
  g_autoptr(HsvizSession) small = hsviz_test_load_sample ("failed-alert.handshake");
  g_autoptr(HsvizSession) big = big_session ();
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  Canceller c = { dir, (char *) "s.handshake", NULL, 0 };
  GThread *thread;
  gboolean ok;

  g_assert_true (hsviz_session_save (small, file, TRUE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  /* cancelled before it starts */
  c.cancellable = g_cancellable_new ();
  g_cancellable_cancel (c.cancellable);
  g_assert_false (hsviz_session_save (big, file, TRUE, c.cancellable, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
  g_clear_error (&error);
  g_clear_object (&c.cancellable);

  /* cancelled while the new content is being written */
  c.cancellable = g_cancellable_new ();
  thread = g_thread_new ("canceller", cancel_when_writing, &c);
  ok = hsviz_session_save (big, file, TRUE, c.cancellable, &error);
  g_atomic_int_set (&c.stop, 1);
  g_thread_join (thread);
  if (ok)
    g_test_incomplete ("the save finished before the cancel reached it");
  else
    {
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
      g_assert_true (g_cancellable_is_cancelled (c.cancellable));
      g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
      g_assert_cmpmem (before, before_len, after, after_len);
      g_assert_cmpuint (hsviz_test_count_dir_entries (dir), ==, 1);
    }
  g_clear_object (&c.cancellable);
  hsviz_test_remove_dir (dir);
}

/* A write that fails mid-way, like a full disk: a file-size limit (EFBIG) in a subprocess. */
static void
test_atomic_write_failure (void)
{
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  {
    g_autoptr(HsvizSession) small = hsviz_test_load_sample ("failed-alert.handshake");
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (hsviz_session_save (small, file, TRUE, NULL, NULL));
    g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  }

  if (g_test_subprocess ())
    {
      g_autoptr(HsvizSession) big = big_session ();
      g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("HSVIZ_SAVE_TARGET"));
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 1024 * 1024, 1024 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (hsviz_session_save (big, file, TRUE, NULL, &error));
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
      g_printerr ("%s\n", error->message);
      return;
    }
  g_setenv ("HSVIZ_SAVE_TARGET", path, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Could not save*too large*");
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (hsviz_test_count_dir_entries (dir), ==, 1);
  hsviz_test_remove_dir (dir);
}

/* A folder one cannot write to: the save fails and the old file stays. */
static void
test_atomic_read_only_dir (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  g_autofree char *dir = hsviz_test_make_temp_dir ("hsviz-session-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into read-only folders");
      hsviz_test_remove_dir (dir);
      return;
    }
  g_assert_true (hsviz_session_save (session, file, FALSE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  g_assert_false (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (hsviz_test_count_dir_entries (dir), ==, 1);
  hsviz_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session-file/permissions", test_permissions);
  g_test_add_func ("/handshakeviz/session-file/long-name", test_long_name);
  g_test_add_func ("/handshakeviz/session-file/atomic/cancel", test_atomic_cancel);
  g_test_add_func ("/handshakeviz/session-file/atomic/write-failure", test_atomic_write_failure);
  g_test_add_func ("/handshakeviz/session-file/atomic/read-only-dir", test_atomic_read_only_dir);

  return g_test_run ();
}
