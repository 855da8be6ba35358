/* test-gui-key-graph.c — the key schedule graph in the Keys pane, linked to the Bytes pane
 *
 * Truth comes from outside the GUI: the sample's client random as the core reads it from the
 * ClientHello's bytes, and the SVG written read back.  With HSVIZ_TEST_SCREENSHOT_DIR set, the
 * window is also saved there as PNG at 1024×768, light and dark, for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hsviz-application.h"
#include "hsviz-gui-check.h"
#include "hsviz-gui-test.h"
#include "hsviz-window-private.h"

/* Scrolls the Keys pane to the graph (for the screenshots) */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *outer = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  graphene_point_t p;

  WAIT_UNTIL (gtk_widget_get_mapped (widget) &&
              gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (outer)),
                                        &GRAPHENE_POINT_INIT (0, 0), &p) &&
              gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) >= p.y - 60);
  /* A rebuild or a style change may move it back: set it until it holds */
  for (int i = 0; i < 50; i++)
    {
      gtk_adjustment_set_value (adj, p.y - 60);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static void
test_key_graph (void)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls12-rsa.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-gui-XXXXXX", NULL);
  g_autofree char *svg_path = g_build_filename (tmpdir, "graph.svg", NULL);
  g_autoptr(GFile) svg_file = g_file_new_for_path (svg_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = NULL;
  HsvizApplication *app = hsviz_application_new ();
  HsvizWindow *window;
  HsvizKeyGraphView *view;
  HsvizKeyGraph *graph;
  HsvizConnection *connection;
  const HsvizKeyNode *cr;
  gsize start = 0, end = 0;

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = hsviz_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  connection = hsviz_window_get_connection (window);
  g_assert_nonnull (connection);
  hsviz_keys_pane_set_revealed (window->keys_pane, TRUE);
  adw_view_stack_set_visible_child_name (window->pane_stack, "keys");
  view = hsviz_keys_pane_get_graph_view (window->keys_pane);
  WAIT_UNTIL (hsviz_key_graph_view_get_graph (view) != NULL);
  graph = hsviz_key_graph_view_get_graph (view);
  g_assert_cmpuint (hsviz_key_graph_get_n_nodes (graph), >=, 15);
  g_assert_true (hsviz_key_graph_find (graph, "master_secret")->verified);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  scroll_to (GTK_WIDGET (view));
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), "key-graph-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), "key-graph-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Selecting the client random shows its 32 bytes in the ClientHello's hex */
  hsviz_key_graph_view_select (view, "client_random");
  cr = hsviz_key_graph_find (graph, "client_random");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->pane_stack), ==, "bytes");
  g_assert_true (hsviz_bytes_pane_get_message (window->bytes_pane) == hsviz_connection_get_message (connection, cr->message));
  g_assert_cmpstr (hsviz_message_get_type_name (hsviz_bytes_pane_get_message (window->bytes_pane)), ==, "ClientHello");
  g_assert_true (hsviz_bytes_pane_get_highlight (window->bytes_pane, &start, &end));
  g_assert_cmpuint (start, ==, 6);
  g_assert_cmpuint (end - start, ==, 32);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (hsviz_message_get_bytes (hsviz_bytes_pane_get_message (window->bytes_pane)), NULL)
                   + start, 32, hsviz_connection_get_client_random (connection), 32);
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), "key-graph-bytes.png");

  /* A secret shows its first input that lies in a message */
  hsviz_key_graph_view_select (view, "pre_master_secret");
  g_assert_cmpstr (hsviz_message_get_type_name (hsviz_bytes_pane_get_message (window->bytes_pane)), ==, "ClientKeyExchange");

  /* The SVG export: one box per node, with its label */
  g_assert_true (_hsviz_window_write_export (window, HSVIZ_EXPORT_KEY_GRAPH, "svg", svg_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_unlink (svg_path);
  g_rmdir (tmpdir);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/handshakeviz/gui/key-graph/select-and-export", test_key_graph);
  return g_test_run ();
}
