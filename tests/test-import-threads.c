/* test-import-threads.c — the import's worker threads (hsviz-import.c)
 *
 * A capture of many connections is made now from the browser capture kept in data-browser/
 * (editcap -t: 100 time-shifted copies, mergecap: one file of 500 TLS connections, every one
 * decrypted with its key log) and imported with one thread and with several: the same
 * connections, in the same (ClientHello) order, each written as the same JSON text, whether the
 * connections are kept, handed over one by one, or only their text made on the workers (the
 * CLI's way).  Also: a capture cut short and one with no TLS give the same result or error with
 * workers; a cancelled import returns (no hang) and frees what the workers made (the ASan
 * build's leak check); the HSVIZ_IMPORT_THREADS knob (1 when unset, "auto": the processors); and the session writer's text of
 * connections formatted apart (hsviz_session_writer_format_connection) equals its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"
#include "hsviz-import.h"
#include "hsviz-util.h"

#define COPIES 100

static char *dir;
static char *many;      /* COPIES copies of chromium.pcap */
static char *keylog;    /* its key log */

static void
make_capture (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data-browser", "chromium.pcap", NULL);
  g_autoptr(GPtrArray) merge = g_ptr_array_new_with_free_func (g_free);

  dir = hsviz_test_make_temp_dir ("hsviz-import-threads-XXXXXX");
  many = g_build_filename (dir, "many.pcap", NULL);
  keylog = g_test_build_filename (G_TEST_DIST, "data-browser", "chromium.keys", NULL);
  g_ptr_array_add (merge, g_strdup ("mergecap"));
  g_ptr_array_add (merge, g_strdup ("-F"));
  g_ptr_array_add (merge, g_strdup ("pcap"));
  g_ptr_array_add (merge, g_strdup ("-w"));
  g_ptr_array_add (merge, g_strdup (many));
  for (int i = 0; i < COPIES; i++)
    {
      g_autofree char *shift = g_strdup_printf ("%d", i * 10);
      g_autofree char *name = g_strdup_printf ("copy%03d.pcap", i);
      g_autofree char *copy = g_build_filename (dir, name, NULL);
      const char *argv[] = { "editcap", "-F", "pcap", "-t", shift, src, copy, NULL };
      g_autofree char *out = hsviz_test_run_check (argv);

      g_ptr_array_add (merge, g_steal_pointer (&copy));
    }
  g_ptr_array_add (merge, NULL);
  g_free (hsviz_test_run_check ((const char * const *) merge->pdata));
}

static HsvizSessionWriter *
text_writer (void)
{
  return hsviz_session_writer_new (NULL, TRUE);
}

/* Every connection's JSON object, as the session writer formats it. */
static GPtrArray *
texts_of (GPtrArray *connections)
{
  g_autoptr(HsvizSessionWriter) writer = text_writer ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < connections->len; i++)
    {
      GString *text = g_string_new (NULL);

      hsviz_session_writer_format_connection (writer, g_ptr_array_index (connections, i), text);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  return texts;
}

static HsvizImportResult *
import_with (const char   *path,
             guint         threads,
             GError      **error)
{
  HsvizImportOptions options = { 0 };

  options.threads = threads;
  return hsviz_import_file (path, keylog, &options, NULL, error);
}

static void
assert_same_texts (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

/* ---- kept, handed over, prepared ---- */

typedef struct
{
  HsvizSessionWriter *writer;
  GPtrArray          *texts;     /* of char *: in the order handed over */
  GPtrArray          *threads;   /* GThread of each prepare (not owned) */
  GMutex              lock;
  GThread            *importing;
  gboolean            wrong_thread;
  guint               n;
  GCancellable       *cancel_at_first;
} Handed;

static gpointer
prepare_cb (HsvizConnection *connection,
            gpointer         user_data)
{
  Handed *h = user_data;
  GString *text = g_string_new (NULL);

  hsviz_session_writer_format_connection (h->writer, connection, text);
  hsviz_mutex_lock (&h->lock);
  if (!g_ptr_array_find (h->threads, g_thread_self (), NULL))
    g_ptr_array_add (h->threads, g_thread_self ());
  hsviz_mutex_unlock (&h->lock);
  return g_string_free (text, FALSE);
}

static void
each_cb (HsvizConnection *connection,
         gpointer         prepared,
         gpointer         user_data)
{
  Handed *h = user_data;

  if (g_thread_self () != h->importing)
    h->wrong_thread = TRUE;
  if (prepared != NULL)
    g_ptr_array_add (h->texts, prepared);
  if (connection != NULL)
    {
      GString *text = g_string_new (NULL);

      hsviz_session_writer_format_connection (h->writer, connection, text);
      g_ptr_array_add (h->texts, g_string_free (text, FALSE));
      g_object_unref (connection);
    }
  h->n++;
  if (h->cancel_at_first != NULL)
    g_cancellable_cancel (h->cancel_at_first);
}

static void
handed_init (Handed *h)
{
  memset (h, 0, sizeof *h);
  h->writer = text_writer ();
  h->texts = g_ptr_array_new_with_free_func (g_free);
  h->threads = g_ptr_array_new ();
  h->importing = g_thread_self ();
  g_mutex_init (&h->lock);
}

static void
handed_clear (Handed *h)
{
  hsviz_session_writer_free (h->writer);
  g_ptr_array_unref (h->texts);
  g_ptr_array_unref (h->threads);
  g_mutex_clear (&h->lock);
}

static void
test_same_as_one_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) one = import_with (many, 1, &error);
  g_autoptr(HsvizImportResult) four = NULL;
  g_autoptr(GPtrArray) one_texts = NULL;
  g_autoptr(GPtrArray) four_texts = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (one->threads, ==, 1);
  g_assert_cmpuint (one->tls_connections, ==, COPIES * 5);
  g_assert_cmpuint (one->connections->len, ==, COPIES * 5);
  four = import_with (many, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (four->threads, ==, 4);
  g_assert_cmpuint (four->tls_connections, ==, one->tls_connections);
  g_assert_cmpuint (four->tcp_connections, ==, one->tcp_connections);
  g_assert_cmpuint (four->stats.frames, ==, one->stats.frames);

  one_texts = texts_of (one->connections);
  four_texts = texts_of (four->connections);
  assert_same_texts (one_texts, four_texts);
  {
    g_autofree char *n1 = hsviz_import_result_dup_note (one);
    g_autofree char *n4 = hsviz_import_result_dup_note (four);

    g_assert_cmpstr (n1, ==, n4);
  }
}

static void
test_handed_over_in_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) one = import_with (many, 1, &error);
  g_autoptr(GPtrArray) one_texts = texts_of (one->connections);

  for (int variant = 0; variant < 3; variant++)
    {
      HsvizImportOptions options = { 0 };
      g_autoptr(HsvizImportResult) result = NULL;
      Handed h;

      handed_init (&h);
      options.threads = variant == 0 ? 1 : 3;
      options.each = each_cb;
      options.user_data = &h;
      if (variant == 2)
        {
          /* the CLI's way: the text made on the workers, the connection dropped there */
          options.prepare = prepare_cb;
          options.prepared_free = g_free;
          options.drop_prepared = TRUE;
        }
      result = hsviz_import_file (many, keylog, &options, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->connections->len, ==, 0);
      g_assert_cmpuint (h.n, ==, one->connections->len);
      g_assert_false (h.wrong_thread);
      assert_same_texts (one_texts, h.texts);
      if (variant == 2)
        {
          g_assert_cmpuint (h.threads->len, >=, 1);
          g_assert_cmpuint (h.threads->len, <=, 3);
          g_assert_false (g_ptr_array_find (h.threads, h.importing, NULL));
        }
      handed_clear (&h);
    }
}

/* The first frames of the capture only (a copy cut short in the middle of a frame). */
static char *
cut_copy (gsize keep)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "cut.pcap", NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (many, &data, &len, &error));
  g_assert_cmpuint (len, >, keep);
  g_assert_true (g_file_set_contents (path, data, (gssize) keep, &error));
  return path;
}

static void
test_damaged_and_no_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cut = cut_copy (200 * 1000 + 7);
  g_autoptr(HsvizImportResult) one = import_with (cut, 1, &error);
  g_autoptr(HsvizImportResult) four = NULL;
  g_autoptr(GPtrArray) one_texts = NULL;
  g_autoptr(GPtrArray) four_texts = NULL;
  g_autofree char *plain = g_build_filename (dir, "plain.pcap", NULL);
  const char *src = g_test_get_filename (G_TEST_DIST, "data-browser", "chromium.pcap", NULL);
  const char *argv[] = { "editcap", "-F", "pcap", "-r", src, plain, "1-3", NULL };

  g_assert_no_error (error);
  g_assert_nonnull (one->damaged);
  four = import_with (cut, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (one->damaged, ==, four->damaged);
  one_texts = texts_of (one->connections);
  four_texts = texts_of (four->connections);
  assert_same_texts (one_texts, four_texts);

  /* the TCP handshake of the first connection only: no TLS */
  g_free (hsviz_test_run_check (argv));
  for (guint threads = 1; threads <= 4; threads += 3)
    {
      g_autoptr(HsvizImportResult) none = import_with (plain, threads, &error);

      g_assert_null (none);
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID);
      g_clear_error (&error);
    }
}

static void
test_cancel (void)
{
  /* cancelled when the first connection is handed over: the import stops at its next check
   * (every 4096 frames), with connections in the workers and waiting for their turn */
  for (int variant = 0; variant < 2; variant++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(HsvizImportResult) result = NULL;
      HsvizImportOptions options = { 0 };
      Handed h;

      handed_init (&h);
      h.cancel_at_first = cancellable;
      options.threads = 4;
      options.each = each_cb;
      options.user_data = &h;
      if (variant == 1)
        {
          options.prepare = prepare_cb;
          options.prepared_free = g_free;
        }
      result = hsviz_import_file (many, keylog, &options, cancellable, &error);
      g_assert_null (result);
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED);
      g_assert_cmpuint (h.n, >=, 1);
      g_assert_cmpuint (h.n, <, COPIES * 5);
      handed_clear (&h);
    }
}

static void
test_threads_knob (void)
{
  guint processors = MIN (MAX (g_get_num_processors (), 1), HSVIZ_IMPORT_MAX_THREADS);

  g_unsetenv ("HSVIZ_IMPORT_THREADS");
  g_assert_cmpuint (hsviz_import_get_n_threads (0), ==, 1);
  g_assert_cmpuint (hsviz_import_get_n_threads (3), ==, 3);
  g_assert_cmpuint (hsviz_import_get_n_threads (100), ==, HSVIZ_IMPORT_MAX_THREADS);
  g_setenv ("HSVIZ_IMPORT_THREADS", "1", TRUE);
  g_assert_cmpuint (hsviz_import_get_n_threads (0), ==, 1);
  g_assert_cmpuint (hsviz_import_get_n_threads (2), ==, 2);   /* the caller's number wins */
  g_setenv ("HSVIZ_IMPORT_THREADS", "64", TRUE);
  g_assert_cmpuint (hsviz_import_get_n_threads (0), ==, HSVIZ_IMPORT_MAX_THREADS);
  g_setenv ("HSVIZ_IMPORT_THREADS", "auto", TRUE);
  g_assert_cmpuint (hsviz_import_get_n_threads (0), ==, processors);
  g_setenv ("HSVIZ_IMPORT_THREADS", "many", TRUE);
  g_assert_cmpuint (hsviz_import_get_n_threads (0), ==, 1);
  g_unsetenv ("HSVIZ_IMPORT_THREADS");
}

/* hsviz_session_writer_format_connection() + add_text() write what add() writes. */
static void
test_writer_formatted_apart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) result = import_with (many, 1, &error);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 12, 8, 1, 2, 3);

  g_assert_no_error (error);
  for (guint n = 0; n <= 3; n++)
    {
      g_autoptr(HsvizSessionWriter) whole = text_writer ();
      g_autoptr(HsvizSessionWriter) apart = text_writer ();
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_true (hsviz_session_writer_begin (whole, "test", at, NULL, NULL, &error));
      g_assert_true (hsviz_session_writer_begin (apart, "test", at, NULL, NULL, &error));
      for (guint i = 0; i < n; i++)
        {
          HsvizConnection *c = g_ptr_array_index (result->connections, i);
          g_autoptr(GString) text = g_string_new (NULL);

          g_assert_true (hsviz_session_writer_add (whole, c, NULL, &error));
          hsviz_session_writer_format_connection (apart, c, text);
          g_assert_true (hsviz_session_writer_add_text (apart, text->str, text->len, NULL, &error));
        }
      g_assert_true (hsviz_session_writer_end (whole, "end", NULL, &error));
      g_assert_true (hsviz_session_writer_end (apart, "end", NULL, &error));
      a = hsviz_session_writer_steal_text (whole, NULL);
      b = hsviz_session_writer_steal_text (apart, NULL);
      g_assert_cmpstr (a, ==, b);
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!hsviz_test_have_program ("editcap") || !hsviz_test_have_program ("mergecap"))
    {
      g_test_skip ("editcap and mergecap (wireshark-common) are needed");
      return g_test_run ();
    }
  make_capture ();
  g_test_add_func ("/handshakeviz/import/threads/same-as-one-thread", test_same_as_one_thread);
  g_test_add_func ("/handshakeviz/import/threads/handed-over-in-order", test_handed_over_in_order);
  g_test_add_func ("/handshakeviz/import/threads/damaged-and-no-tls", test_damaged_and_no_tls);
  g_test_add_func ("/handshakeviz/import/threads/cancel", test_cancel);
  g_test_add_func ("/handshakeviz/import/threads/knob", test_threads_knob);
  g_test_add_func ("/handshakeviz/import/threads/writer-formatted-apart", test_writer_formatted_apart);
  ret = g_test_run ();
  hsviz_test_remove_dir (dir);
  g_free (dir);
  g_free (many);
  g_free (keylog);
  return ret;
}
