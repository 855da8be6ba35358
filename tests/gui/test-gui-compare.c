/* test-gui-compare.c — the compare window opened from the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  hsviz_gui_window_test_init (&argc, &argv);

  g_test_add ("/handshakeviz/gui/window/compare-previous", Fixture, NULL,
              fixture_set_up, test_compare_previous, fixture_tear_down);

  return hsviz_gui_window_test_run ();
}
