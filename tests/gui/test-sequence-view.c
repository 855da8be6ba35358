/* test-sequence-view.c — the sequence diagram widget on real handshakes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hsviz.h"
#include "hsviz-connection-builder.h"
#include "hsviz-test-utils.h"
#include "hsviz-sequence-view.h"
#include "hsviz-sequence-layout.h"

#include "test-sequence-view-captures.h"

typedef struct
{
  const char       *name;
  const TestItem   *items;
  guint             n_items;
  const TestKeylog *keylog;
  guint             n_keylog;
} Capture;

#define CAPTURE(n) { #n, n##_items, G_N_ELEMENTS (n##_items), n##_keylog, G_N_ELEMENTS (n##_keylog) }

static const Capture captures[] = {
  CAPTURE (tls13),
  CAPTURE (tls12_rsa),
  CAPTURE (hello_retry),
};

static GBytes *
bytes_from_hex (const char *hex)
{
  gsize len = strlen (hex) / 2;
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new_take (data, len);
}

static guint
count_items (const Capture *capture,
             guint8         content_type)
{
  guint n = 0;

  for (guint i = 0; i < capture->n_items; i++)
    n += capture->items[i].content_type == content_type;
  return n;
}

static void
add_keylog_after (HsvizConnection  *session,
                  const Capture *capture,
                  guint          after,
                  gint64         time_us)
{
  for (guint k = 0; k < capture->n_keylog; k++)
    if (capture->keylog[k].after == after)
      {
        g_auto(GStrv) fields = g_strsplit (capture->keylog[k].line, " ", 3);

        hsviz_connection_add_keylog (session, fields[0], fields[1], fields[2], time_us);
      }
}

/* Adds the items of @capture to @session, as a capture would, up to @n_items. */
static void
feed_session (HsvizConnection  *session,
              const Capture *capture,
              guint          first,
              guint          n_items)
{
  for (guint i = first; i < n_items; i++)
    {
      const TestItem *item = &capture->items[i];
      g_autoptr(GBytes) bytes = bytes_from_hex (item->hex);
      gint64 t = 1000 * (i + 1);

      add_keylog_after (session, capture, hsviz_connection_get_n_messages (session), t - 500);
      if (item->content_type == 22)
        hsviz_connection_add_message (session, item->direction, t, bytes);
      else
        hsviz_connection_add_record (session, item->direction, t, bytes);
    }
}

static HsvizConnection *
session_from_capture (const Capture *capture)
{
  HsvizConnection *session = hsviz_connection_new ();
  HsvizTarget target = { (char *)"https://localhost:4433/", (char *)"localhost", 4433, (char *)"/",
                         (char *)"localhost", (char *)"127.0.0.1" };

  hsviz_connection_set_target (session, &target);
  feed_session (session, capture, 0, capture->n_items);
  add_keylog_after (session, capture, hsviz_connection_get_n_messages (session), 1000 * capture->n_items);
  hsviz_connection_complete (session);
  return session;
}

static HsvizSequenceView *
new_view (void)
{
  return g_object_ref_sink (HSVIZ_SEQUENCE_VIEW (hsviz_sequence_view_new ()));
}

static void
test_arrows_and_steps (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (captures); c++)
    {
      g_autoptr(HsvizConnection) session = session_from_capture (&captures[c]);
      g_autoptr(HsvizSequenceView) view = new_view ();
      guint n_handshake = count_items (&captures[c], 22);
      guint n_ccs = count_items (&captures[c], 20);

      g_test_message ("%s", captures[c].name);
      g_assert_cmpuint (hsviz_connection_get_n_messages (session), ==, n_handshake);

      hsviz_sequence_view_set_connection (view, session);
      g_assert_true (hsviz_sequence_view_get_connection (view) == session);

      /* Wire view: one arrow per handshake message, one per ChangeCipherSpec record. */
      g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, n_handshake);
      g_assert_cmpuint (hsviz_sequence_view_get_n_record_arrows (view), ==, n_ccs);
      g_assert_cmpuint (hsviz_sequence_view_get_n_steps (view), >=, 3);
      g_assert_cmpint (hsviz_sequence_view_get_content_height (view), >, 30 * (int)n_handshake);

      /* Textbook view: the same arrows, in exactly six step bands. */
      hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
      g_assert_cmpuint (hsviz_sequence_view_get_mode (view), ==, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
      g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, n_handshake);
      g_assert_cmpuint (hsviz_sequence_view_get_n_record_arrows (view), ==, n_ccs);
      g_assert_cmpuint (hsviz_sequence_view_get_n_steps (view), ==, HSVIZ_N_STEPS);
    }
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_selection (void)
{
  g_autoptr(HsvizConnection) session = session_from_capture (&captures[0]);
  g_autoptr(HsvizSequenceView) view = new_view ();
  guint n = hsviz_connection_get_n_messages (session);
  guint notified = 0;
  guint selected;

  hsviz_sequence_view_set_connection (view, session);
  g_signal_connect (view, "notify::selected", G_CALLBACK (count_notify_cb), &notified);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);

  /* Through the property, as a GtkSingleSelection binding would. */
  g_object_set (view, "selected", 1, NULL);
  g_object_get (view, "selected", &selected, NULL);
  g_assert_cmpuint (selected, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (hsviz_sequence_view_get_selected_step (view), ==,
                    hsviz_message_get_step (hsviz_connection_get_message (session, 1)));
  g_object_set (view, "selected", 1, NULL);
  g_assert_cmpuint (notified, ==, 1);   /* no change, no notify */

  /* Down and Up (the keys' action), in wire order. */
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", 1);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", -1);
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", -1);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", -1);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, 0);   /* stays at the top */
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", -2);   /* End */
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, n - 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", 1);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, n - 1);   /* stays at the end */
  g_assert_cmpuint (notified, ==, 5);

  /* Out of range selects nothing. */
  hsviz_sequence_view_set_selected (view, n + 5);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);

  /* Textbook view: Down visits every message exactly once. */
  hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
  {
    g_autofree gboolean *seen = g_new0 (gboolean, n);

    for (guint i = 0; i < n; i++)
      {
        gtk_widget_activate_action (GTK_WIDGET (view), "sequence.move-selection", "i", 1);
        selected = hsviz_sequence_view_get_selected (view);
        g_assert_cmpuint (selected, <, n);
        g_assert_false (seen[selected]);
        seen[selected] = TRUE;
      }
  }

  /* A step alone. */
  g_object_set (view, "selected-step", 3, NULL);
  g_assert_cmpuint (hsviz_sequence_view_get_selected_step (view), ==, 3);
  hsviz_sequence_view_set_selected_step (view, 9);
  g_assert_cmpuint (hsviz_sequence_view_get_selected_step (view), ==, 0);
}

static void
check_file_magic (GFile      *file,
                  const char *magic,
                  gsize       offset_limit)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_load_contents (file, NULL, &contents, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 1000);
  g_assert_nonnull (g_strstr_len (contents, MIN (len, offset_limit), magic));
}

static void
test_export (void)
{
  g_autoptr(HsvizConnection) session = session_from_capture (&captures[2]);
  g_autoptr(HsvizSequenceView) view = new_view ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-sequence-view-XXXXXX", &error);
  g_autoptr(GFile) png = NULL, svg = NULL, pdf = NULL, bad = NULL;

  g_assert_no_error (error);
  hsviz_sequence_view_set_connection (view, session);
  png = g_file_new_build_filename (dir, "diagram.png", NULL);
  svg = g_file_new_build_filename (dir, "diagram.svg", NULL);
  pdf = g_file_new_build_filename (dir, "diagram.pdf", NULL);
  bad = g_file_new_build_filename (dir, "diagram.bmp", NULL);

  g_assert_true (hsviz_sequence_view_export (view, png, "png", &error));
  g_assert_no_error (error);
  g_assert_true (hsviz_sequence_view_export (view, svg, "svg", &error));
  g_assert_no_error (error);
  hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
  g_assert_true (hsviz_sequence_view_export (view, pdf, "pdf", &error));
  g_assert_no_error (error);

  check_file_magic (png, "\x89PNG\r\n\x1a\n", 8);
  check_file_magic (svg, "<svg", 200);
  check_file_magic (pdf, "%PDF-", 5);

  /* The PNG is the whole diagram, not the visible part. */
  {
    g_autofree char *path = g_file_get_path (png);
    g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

    g_assert_no_error (error);
    hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_WIRE);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, hsviz_sequence_view_get_content_height (view));
  }

  g_assert_false (hsviz_sequence_view_export (view, bad, "bmp", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_query_exists (bad, NULL));

  g_file_delete (png, NULL, NULL);
  g_file_delete (svg, NULL, NULL);
  g_file_delete (pdf, NULL, NULL);
  g_rmdir (dir);
}

static GtkGesture *
find_click_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static void
test_click (void)
{
  g_autoptr(HsvizConnection) session = session_from_capture (&captures[1]);
  g_autoptr(HsvizSequenceView) view = new_view ();
  guint n = hsviz_connection_get_n_messages (session);
  g_autofree gboolean *clicked = g_new0 (gboolean, n);
  gboolean steps[HSVIZ_N_STEPS + 1] = { FALSE, };
  GtkGesture *click;
  guint last = 0;
  int height;

  hsviz_sequence_view_set_connection (view, session);
  height = hsviz_sequence_view_get_content_height (view);
  click = find_click_gesture (GTK_WIDGET (view));
  g_assert_nonnull (click);

  /* Clicking down the middle of the wire view meets every message once, in wire order. */
  for (int y = 0; y < height; y += 3)
    {
      guint selected;

      g_signal_emit_by_name (click, "pressed", 1, 450.0, (double)y);
      selected = hsviz_sequence_view_get_selected (view);
      if (selected == GTK_INVALID_LIST_POSITION)
        continue;
      g_assert_cmpuint (selected, <, n);
      g_assert_cmpuint (selected, >=, last);
      last = selected;
      clicked[selected] = TRUE;
      g_assert_cmpuint (hsviz_sequence_view_get_selected_step (view), ==,
                        hsviz_message_get_step (hsviz_connection_get_message (session, selected)));
    }
  for (guint i = 0; i < n; i++)
    g_assert_true (clicked[i]);

  /* Clicking down the step titles selects the steps and no message. */
  hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
  height = hsviz_sequence_view_get_content_height (view);
  for (int y = 0; y < height; y += 3)
    {
      guint step;

      hsviz_sequence_view_set_selected_step (view, 0);
      g_signal_emit_by_name (click, "pressed", 1, 20.0, (double)y);
      step = hsviz_sequence_view_get_selected_step (view);
      g_assert_cmpuint (step, <=, HSVIZ_N_STEPS);
      steps[MIN (step, HSVIZ_N_STEPS)] = TRUE;
      if (step != 0)
        g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);
    }
  for (guint s = 1; s <= HSVIZ_N_STEPS; s++)
    g_assert_true (steps[s]);
}

static HsvizConnection *
capture_demo (const char *preset)
{
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-sequence-view-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsvizSession) loaded = NULL;
  HsvizConnection *session;

  g_assert_no_error (error);
  g_assert_nonnull (cli);
  path = g_build_filename (dir, "demo.handshake", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "demo",
                              "--preset", preset, "--no-ocsp", "--output", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  loaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  session = g_object_ref (hsviz_session_get_connection (loaded, 0));
  g_file_delete (file, NULL, NULL);
  g_rmdir (dir);
  return session;
}

/* RFC 5246 §7.1 / RFC 8446 §4.4.4: each side's ChangeCipherSpec (TLS 1.2) comes before its
 * Finished, and its application data after it: the diagram shows the wire's order. */
static void
test_record_order (void)
{
  static const char *presets[] = { "tls12-rsa", "tls12", "tls13" };

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      g_autoptr(HsvizConnection) session = capture_demo (presets[p]);
      g_autoptr(HsvizSequenceView) view = new_view ();
      gboolean tls12 = hsviz_connection_get_version (session) == HSVIZ_VERSION_TLS12;
      HsvizSequenceLayout *layout;
      int finished[2] = { -1, -1 }, ccs[2] = { -1, -1 };
      guint app_rows = 0;

      g_test_message ("%s", presets[p]);
      g_assert_true (hsviz_connection_get_outcome (session)->completed);
      hsviz_sequence_view_set_connection (view, session);
      g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, hsviz_connection_get_n_messages (session));
      layout = _hsviz_sequence_view_ensure_layout (view);

      for (guint i = 0; i < layout->rows->len; i++)
        {
          const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);
          guint d = row->direction != HSVIZ_DIRECTION_CLIENT;

          if (row->kind == HSVIZ_SEQUENCE_ROW_MESSAGE &&
              hsviz_message_get_type_code (hsviz_connection_get_message (session, row->message)) == HSVIZ_HS_FINISHED)
            finished[d] = i;
          else if (row->kind == HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC && finished[d] < 0)
            ccs[d] = i;
          else if (row->kind == HSVIZ_SEQUENCE_ROW_APPLICATION_DATA)
            {
              g_assert_cmpint (finished[d], >=, 0);
              app_rows++;
            }
        }

      for (guint d = 0; d < 2; d++)
        {
          g_assert_cmpint (finished[d], >=, 0);
          if (tls12)
            g_assert_cmpint (ccs[d], >=, 0);
          if (ccs[d] >= 0)
            g_assert_cmpint (ccs[d], <, finished[d]);
        }
      /* The GET and its response. */
      g_assert_cmpuint (app_rows, >=, 2);
    }
}

static void
test_live (void)
{
  const Capture *capture = &captures[0];
  g_autoptr(HsvizConnection) session = hsviz_connection_new ();
  g_autoptr(HsvizSequenceView) view = new_view ();

  hsviz_sequence_view_set_connection (view, session);
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, 0);

  /* The diagram follows the session as a capture fills it. */
  for (guint i = 0; i < capture->n_items; i++)
    {
      guint before = hsviz_sequence_view_get_n_arrows (view);

      feed_session (session, capture, i, i + 1);
      g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==,
                        before + (capture->items[i].content_type == 22));
    }
  hsviz_connection_complete (session);
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, hsviz_connection_get_n_messages (session));
}

static void
test_failure (void)
{
  const Capture *capture = &captures[1];
  g_autoptr(HsvizConnection) session = hsviz_connection_new ();
  g_autoptr(HsvizSequenceView) view = new_view ();
  HsvizOutcome outcome = { 0 };
  guint rows_before;

  /* The handshake as far as ServerHelloDone, then a fatal alert from the server. */
  feed_session (session, capture, 0, 4);
  hsviz_connection_complete (session);
  hsviz_sequence_view_set_connection (view, session);
  rows_before = hsviz_sequence_view_get_n_record_arrows (view);

  outcome.completed = FALSE;
  outcome.error = (char *)"The TLS connection was non-properly terminated.";   /* copied */
  outcome.error_code = 1;
  outcome.has_alert = TRUE;
  outcome.alert_level = 2;
  outcome.alert_description = 40;
  outcome.alert_sender = HSVIZ_DIRECTION_SERVER;
  outcome.failed_at = (char *)"after ServerHelloDone (message 4)";
  hsviz_connection_set_outcome (session, &outcome);

  /* "updated" re-laid the diagram: the alert is an arrow, the failure a marker. */
  g_assert_cmpuint (hsviz_sequence_view_get_n_record_arrows (view), ==, rows_before + 1);
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, 4);
}

static void
test_finalize (void)
{
  HsvizConnection *session = session_from_capture (&captures[0]);
  HsvizSequenceView *view = new_view ();

  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *)&session);

  hsviz_sequence_view_set_connection (view, session);
  hsviz_sequence_view_set_selected (view, 2);
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), >, 0);

  /* NULL clears everything and lets the session go. */
  hsviz_sequence_view_set_connection (view, NULL);
  g_assert_null (hsviz_sequence_view_get_connection (view));
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (view), ==, 0);
  g_assert_cmpuint (hsviz_sequence_view_get_n_steps (view), ==, 0);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);
  g_object_unref (session);
  g_assert_null (session);

  /* The view holds the session while it shows it, and lets it go when finalized. */
  session = session_from_capture (&captures[1]);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *)&session);
  hsviz_sequence_view_set_connection (view, session);
  g_object_unref (session);
  g_assert_nonnull (session);
  g_assert_finalize_object (view);
  g_assert_null (session);
}

static void
test_in_window (void)
{
  g_autoptr(HsvizConnection) session = session_from_capture (&captures[2]);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = hsviz_sequence_view_new ();
  GtkAdjustment *vadj;
  double before;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  hsviz_sequence_view_set_connection (HSVIZ_SEQUENCE_VIEW (view), session);
  gtk_window_present (GTK_WINDOW (window));

  while (gtk_widget_get_height (view) == 0 || !gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (gtk_widget_get_height (view), ==,
                   hsviz_sequence_view_get_content_height (HSVIZ_SEQUENCE_VIEW (view)));

  /* Selecting the last message scrolls it into view. */
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  before = gtk_adjustment_get_value (vadj);
  hsviz_sequence_view_set_selected (HSVIZ_SEQUENCE_VIEW (view),
                                    hsviz_connection_get_n_messages (session) - 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, before);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_for_layout (GtkWidget     *view,
                 GtkAdjustment *vadj)
{
  /* Let the frame clock measure and allocate, and the viewport update the adjustment. */
  for (int i = 0; i < 1000; i++)
    {
      int content;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      /* The view fills the viewport when it is shorter. */
      content = MAX (hsviz_sequence_view_get_content_height (HSVIZ_SEQUENCE_VIEW (view)),
                     (int)gtk_adjustment_get_page_size (vadj));
      if (gtk_widget_get_height (view) == content && gtk_adjustment_get_upper (vadj) == content)
        return;
      g_usleep (2000);
    }
  g_assert_not_reached ();
}

static void
test_follow_live (void)
{
  const Capture *capture = &captures[2];
  g_autoptr(HsvizConnection) session = hsviz_connection_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = hsviz_sequence_view_new ();
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  guint third = capture->n_items / 3;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  hsviz_sequence_view_set_connection (HSVIZ_SEQUENCE_VIEW (view), session);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  /* A new capture stays at its top (step 1) as it grows past the window. */
  for (guint i = 0; i < 2 * third; i++)
    {
      feed_session (session, capture, i, i + 1);
      wait_for_layout (view, vadj);
    }
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  /* Scrolled to the end by the user, the view keeps the newest arrows in sight. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj));
  for (guint i = 2 * third; i < capture->n_items - 2; i++)
    {
      feed_session (session, capture, i, i + 1);
      wait_for_layout (view, vadj);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj), >=,
                     gtk_adjustment_get_upper (vadj) - 2);

  /* Scrolled back by the user, it stays where it was. */
  gtk_adjustment_set_value (vadj, 0);
  for (guint i = capture->n_items - 2; i < capture->n_items; i++)
    {
      feed_session (session, capture, i, i + 1);
      wait_for_layout (view, vadj);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A TLS 1.2 close_notify travels encrypted: the diagram shows it decrypted with the session's
 * keys; saved without secrets, it says the keys were not saved.  Both keep all six steps. */
static void
test_decrypted_alert (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HSVIZ_SAMPLES_DIR"), "tls12-rsa.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) session = hsviz_test_first_connection (hsviz_session_load (file, NULL, &error));
  g_autoptr(HsvizConnection) stripped = NULL;

  g_assert_no_error (error);
  stripped = hsviz_test_reload (session, FALSE, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(HsvizSequenceView) view = new_view ();
      HsvizSequenceLayout *layout;
      guint alerts = 0;
      guint client_alerts = 0;
      guint actions = 0;

      hsviz_sequence_view_set_connection (view, s == 0 ? session : stripped);
      layout = _hsviz_sequence_view_ensure_layout (view);
      for (guint i = 0; i < layout->rows->len; i++)
        {
          const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);
          const char *text = pango_layout_get_text (row->label);

          if (row->kind == HSVIZ_SEQUENCE_ROW_ALERT)
            {
              alerts++;
              g_assert_nonnull (strstr (text, s == 0 ? "close_notify (warning)" : "keys not saved"));
              client_alerts += row->direction == HSVIZ_DIRECTION_CLIENT;
            }
          actions += row->kind == HSVIZ_SEQUENCE_ROW_ACTION;
        }
      /* the client's close_notify (the server may send its own) */
      g_assert_cmpuint (alerts, >=, 1);
      g_assert_cmpuint (client_alerts, ==, 1);
      g_assert_cmpuint (actions, ==, 5);

      hsviz_sequence_view_set_mode (view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
      g_assert_cmpuint (hsviz_sequence_view_get_n_steps (view), ==, HSVIZ_N_STEPS);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/sequence-view/arrows-and-steps", test_arrows_and_steps);
  g_test_add_func ("/handshakeviz/sequence-view/selection", test_selection);
  g_test_add_func ("/handshakeviz/sequence-view/click", test_click);
  g_test_add_func ("/handshakeviz/sequence-view/export", test_export);
  g_test_add_func ("/handshakeviz/sequence-view/live", test_live);
  g_test_add_func ("/handshakeviz/sequence-view/failure", test_failure);
  g_test_add_func ("/handshakeviz/sequence-view/finalize", test_finalize);
  g_test_add_func ("/handshakeviz/sequence-view/in-window", test_in_window);
  g_test_add_func ("/handshakeviz/sequence-view/follow-live", test_follow_live);
  g_test_add_func ("/handshakeviz/sequence-view/record-order", test_record_order);
  g_test_add_func ("/handshakeviz/sequence-view/decrypted-alert", test_decrypted_alert);

  return g_test_run ();
}
