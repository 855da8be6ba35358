/* test-gui-compare.c — the compare window opened from the main window: against the session a
 * file replaced, and two connections of one session (a capture with --reconnect: the full
 * handshake and the resumed one)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-gui-window-fixture.h"

/* Opening a second file offers to compare it with the one it replaced: the compare window
 * marks what differs between a TLS 1.2 and a TLS 1.3 sample. */
static void
test_compare_previous (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path12 = g_build_filename (samples, "tls12-ecdhe.handshake", NULL);
  g_autofree char *path13 = g_build_filename (samples, "tls13-demo.handshake", NULL);
  g_autoptr(JsonObject) json12 = read_json (path12);
  g_autoptr(JsonObject) json13 = read_json (path13);
  GListModel *toplevels = gtk_window_get_toplevels ();
  HsvizConnection *first;
  HsvizCompareWindow *compare = NULL;

  open_and_wait (f, path12);
  first = hsviz_window_get_connection (f->window);
  g_assert_null (f->window->replaced_connection);
  open_and_wait (f, path13);
  g_assert_true (f->window->replaced_connection == first);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-previous", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HSVIZ_IS_COMPARE_WINDOW (window))
        compare = HSVIZ_COMPARE_WINDOW (window);
    }
  g_assert_nonnull (compare);
  /* The files say the versions differ: at least that row is marked. */
  g_assert_cmpstr (json_object_get_string_member (json12, "protocol"), !=,
                   json_object_get_string_member (json13, "protocol"));
  g_assert_cmpuint (hsviz_compare_window_get_n_marked (compare), >=, 1);
  {
    g_autoptr(HsvizDiff) diff = hsviz_diff_new (first, hsviz_window_get_connection (f->window));

    g_assert_cmpuint (hsviz_compare_window_get_n_rows (compare), ==, hsviz_diff_get_n_rows (diff));
    g_assert_cmpuint (hsviz_compare_window_get_n_marked (compare), ==, hsviz_diff_get_n_differences (diff));
  }
  gtk_window_destroy (GTK_WINDOW (compare));
}

static HsvizCompareWindow *
find_compare_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HSVIZ_IS_COMPARE_WINDOW (window))
        return HSVIZ_COMPARE_WINDOW (window);
    }
  return NULL;
}

static gboolean
shows_label_with (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label_with (child, text))
      return TRUE;
  return FALSE;
}

/* A session of a full and a resumed connection (the CLI against its demo server, --reconnect):
 * the button beside the connection switcher opens the compare window on connection 1 and 2,
 * marking what the core's comparison says differs (the resumed side has no Certificate). */
static void
test_compare_connections (Fixture       *f,
                          gconstpointer  data)
{
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autofree char *path = g_build_filename (f->tmpdir, "resumed.handshake", NULL);
  const char *argv[] = { cli, "demo", "--preset", "tls13", "--reconnect", "--output", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *single = g_build_filename (samples, "tls13-demo.handshake", NULL);
  HsvizSession *session;
  HsvizCompareWindow *compare;
  g_autoptr(HsvizDiff) diff = NULL;
  gboolean certificate_only_a = FALSE;

  /* One connection: nothing to compare inside the session. */
  open_and_wait (f, single);
  g_assert_false (gtk_widget_get_visible (f->window->connection_box));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-connections", NULL);
  g_assert_null (find_compare_window ());

  g_assert_nonnull (cli);
  out = hsviz_test_run_check (argv);
  open_and_wait (f, path);
  session = hsviz_window_get_session (f->window);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  g_assert_true (hsviz_connection_is_resumed (hsviz_session_get_connection (session, 1)));
  g_assert_true (gtk_widget_get_visible (f->window->connection_box));
  /* the switcher names each connection by what it is */
  {
    GListModel *items = gtk_drop_down_get_model (f->window->connection_dropdown);

    g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), 0), ==, "1 · TLS 1.3 · full handshake");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), 1), ==, "2 · TLS 1.3 · resumed 1");
  }

  /* Shown: the resumed connection; compared: it against the one it resumed. */
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (f->window)) > 0);
  hsviz_window_set_connection (f->window, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-connections", NULL));
  compare = find_compare_window ();
  g_assert_nonnull (compare);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (compare)) == GTK_WINDOW (f->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (compare)), ==, "Compare Connections");
  {
    int w = 0, h = 0;

    gtk_window_get_default_size (GTK_WINDOW (compare), &w, &h);
    g_assert_cmpint (w, <=, gtk_widget_get_width (GTK_WIDGET (f->window)));
    g_assert_cmpint (h, <=, gtk_widget_get_height (GTK_WIDGET (f->window)));
  }
  /* The columns are titled as the switcher names the connections (the core's labels). */
  {
    g_autofree char *label_a = hsviz_connection_dup_label (hsviz_session_get_connection (session, 0));
    g_autofree char *label_b = hsviz_connection_dup_label (hsviz_session_get_connection (session, 1));

    g_test_message ("columns: %s | %s", label_a, label_b);
    g_assert_true (g_str_has_prefix (label_a, "1 "));
    g_assert_true (g_str_has_prefix (label_b, "2 "));
    g_assert_true (shows_label_with (GTK_WIDGET (compare), label_a));
    g_assert_true (shows_label_with (GTK_WIDGET (compare), label_b));
  }

  diff = hsviz_diff_new (hsviz_session_get_connection (session, 0), hsviz_session_get_connection (session, 1));
  for (guint i = 0; i < hsviz_diff_get_n_rows (diff); i++)
    {
      const HsvizDiffRow *row = hsviz_diff_get_row (diff, i);

      if (g_str_equal (row->key, "messages"))
        certificate_only_a = row->only_a != NULL && g_strv_contains ((const char * const *) row->only_a, "Certificate");
    }
  g_assert_true (certificate_only_a);
  g_assert_cmpuint (hsviz_compare_window_get_n_rows (compare), ==, hsviz_diff_get_n_rows (diff));
  g_assert_cmpuint (hsviz_compare_window_get_n_marked (compare), ==, hsviz_diff_get_n_differences (diff));
  g_assert_true (shows_label_with (GTK_WIDGET (compare), "only here: Certificate"));
  gtk_window_destroy (GTK_WINDOW (compare));
}

int
main (int   argc,
      char *argv[])
{
  hsviz_gui_window_test_init (&argc, &argv);

  g_test_add ("/handshakeviz/gui/window/compare-previous", Fixture, NULL,
              fixture_set_up, test_compare_previous, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/compare-connections", Fixture, NULL,
              fixture_set_up, test_compare_connections, fixture_tear_down);

  return hsviz_gui_window_test_run ();
}
