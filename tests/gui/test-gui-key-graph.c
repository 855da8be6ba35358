/* test-gui-key-graph.c — the key schedule graph in the Keys pane, linked to the Bytes pane
 *
 * Truth comes from outside the GUI: the sample's client random as the core reads it from the
 * ClientHello's bytes, and the SVG written read back.  The layout's geometry is checked on the
 * samples (TLS 1.3, TLS 1.2 RSA) and on the resumed connection of `handshakeviz-cli demo
 * --reconnect` (TLS 1.3 PSK, TLS 1.2 ticket): boxes apart, edges from a right side to a left
 * side through no box, everything inside the drawing.  With HSVIZ_TEST_SCREENSHOT_DIR set, the
 * window is also saved there as PNG at 1024×768, light and dark, for a person to look at.
 * The keyboard: real key presses (xdotool, through the X server: XTest) move the focus across
 * the nodes of the graph opened large, Enter selects the node focused, and each node is an
 * accessible button named by its label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "hsviz-application.h"
#include "hsviz-gui-check.h"
#include "hsviz-gui-test.h"
#include "hsviz-key-graph-node.h"
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

/* One application for the whole program (it exports itself on the bus once) */
static HsvizApplication *
get_app (void)
{
  static HsvizApplication *app;
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    {
      app = hsviz_application_new ();
      g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

/* A window 1024×768 showing the sample @name, its Keys pane revealed */
static HsvizWindow *
open_sample (const char *name)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  HsvizWindow *window = hsviz_window_new (get_app ());

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  g_assert_nonnull (hsviz_window_get_connection (window));
  hsviz_keys_pane_set_revealed (window->keys_pane, TRUE);
  adw_view_stack_set_visible_child_name (window->pane_stack, "keys");
  return window;
}

static void
test_key_graph (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-gui-XXXXXX", NULL);
  g_autofree char *svg_path = g_build_filename (tmpdir, "graph.svg", NULL);
  g_autoptr(GFile) svg_file = g_file_new_for_path (svg_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = NULL;
  HsvizWindow *window = open_sample ("tls12-rsa.handshake");
  HsvizConnection *connection = hsviz_window_get_connection (window);
  HsvizKeyGraphView *view;
  HsvizKeyGraph *graph;
  const HsvizKeyNode *cr;
  gsize start = 0, end = 0;

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

  /* Opened large: the same graph, the same layout; a node selected there is selected in the
   * pane, whose input's bytes the main window shows */
  {
    HsvizKeyGraphWindow *large = hsviz_keys_pane_open_graph_window (window->keys_pane);
    HsvizKeyGraphView *large_view = hsviz_key_graph_window_get_view (large);
    double w0, h0, w1, h1;

    WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (large_view)));
    g_assert_true (hsviz_keys_pane_open_graph_window (window->keys_pane) == large);
    g_assert_cmpuint (hsviz_key_graph_get_n_nodes (hsviz_key_graph_view_get_graph (large_view)), ==,
                      hsviz_key_graph_get_n_nodes (graph));
    hsviz_key_graph_layout_get_size (hsviz_key_graph_view_get_layout (view), &w0, &h0);
    hsviz_key_graph_layout_get_size (hsviz_key_graph_view_get_layout (large_view), &w1, &h1);
    g_assert_cmpfloat (w0, ==, w1);
    g_assert_cmpfloat (h0, ==, h1);
    hsviz_key_graph_view_select (large_view, "key_block");
    g_assert_cmpstr (hsviz_key_graph_view_get_selected (view), ==, "key_block");
    g_assert_true (hsviz_bytes_pane_get_message (window->bytes_pane) ==
                   hsviz_connection_get_message (connection, hsviz_key_graph_find_bytes (graph, "key_block")->message));
    hsviz_gui_check_save_screenshot (GTK_WIDGET (large), "key-graph-window-light.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    hsviz_gui_check_save_screenshot (GTK_WIDGET (large), "key-graph-window-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    /* Zoom: fitted on opening, in and out by a step, fitted again by Ctrl+0's action */
    {
      double fitted = hsviz_key_graph_view_get_scale (large_view);

      g_assert_cmpfloat (fitted, >=, HSVIZ_KEY_GRAPH_VIEW_MIN_SCALE);
      g_assert_cmpfloat (fitted, <=, 1.5);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (large), "graph.zoom-in", NULL));
      g_assert_cmpfloat (hsviz_key_graph_view_get_scale (large_view), >, fitted);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (large), "graph.zoom-out", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (large), "graph.zoom-out", NULL));
      g_assert_cmpfloat (hsviz_key_graph_view_get_scale (large_view), <, fitted);
      WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (large_view)) > 0);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (large), "graph.zoom-fit", NULL));
      g_assert_cmpfloat (hsviz_key_graph_view_get_scale (large_view), <=, 1.5);
    }
    gtk_window_destroy (GTK_WINDOW (large));
  }

  /* A secret shows its first input that lies in a message */
  hsviz_key_graph_view_select (view, "pre_master_secret");
  g_assert_cmpstr (hsviz_message_get_type_name (hsviz_bytes_pane_get_message (window->bytes_pane)), ==, "ClientKeyExchange");

  /* The SVG export: one box per node, with its label */
  g_assert_true (_hsviz_window_write_export (window, HSVIZ_EXPORT_KEY_GRAPH, "svg", svg_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  if (g_getenv ("HSVIZ_TEST_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("HSVIZ_TEST_SCREENSHOT_DIR"), "key-graph.svg", NULL);

      g_assert_true (g_file_set_contents (copy, svg, -1, NULL));
    }
  g_unlink (svg_path);
  g_rmdir (tmpdir);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Presses @keys (xdotool's names, "shift+Tab") in the X window @xid, through the X server */
static void
press (gulong      xid,
       const char *keys)
{
  g_autofree char *window = g_strdup_printf ("%lu", xid);
  const char *focus[] = { "timeout", "20", "xdotool", "windowfocus", "--sync", window, NULL };
  const char *key[] = { "timeout", "20", "xdotool", "key", "--clearmodifiers", keys, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) focus, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) key, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The node of @view that has the keyboard focus, -1 for none */
static int
focused_node (GtkWindow         *window,
              HsvizKeyGraphView *view)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (focus == NULL || !HSVIZ_IS_KEY_GRAPH_NODE (focus) || gtk_widget_get_parent (focus) != GTK_WIDGET (view))
    return -1;
  return (int) hsviz_key_graph_node_get_index (HSVIZ_KEY_GRAPH_NODE (focus));
}

/* Presses @keys and waits until the focus is on a node other than @from; returns it */
static int
press_to_move (gulong             xid,
               GtkWindow         *window,
               HsvizKeyGraphView *view,
               const char        *keys,
               int                from)
{
  press (xid, keys);
  WAIT_UNTIL (focused_node (window, view) >= 0 && focused_node (window, view) != from);
  return focused_node (window, view);
}

/* Presses Enter and waits until node @i is the one selected, here and in the Keys pane */
static void
press_enter_selects (gulong             xid,
                     HsvizKeyGraphView *view,
                     HsvizKeyGraphView *pane_view,
                     int                i)
{
  const char *id = hsviz_key_graph_get_node (hsviz_key_graph_view_get_graph (view), i)->id;

  press (xid, "Return");
  WAIT_UNTIL (g_strcmp0 (hsviz_key_graph_view_get_selected (view), id) == 0);
  g_assert_cmpstr (hsviz_key_graph_view_get_selected (pane_view), ==, id);
}

static GtkWidget *
node_widget (HsvizKeyGraphView *view,
             int                i)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (HSVIZ_IS_KEY_GRAPH_NODE (c) && (int) hsviz_key_graph_node_get_index (HSVIZ_KEY_GRAPH_NODE (c)) == i)
      return c;
  g_assert_not_reached ();
}

/* Tab into the graph opened large, then the arrow keys, Tab and Shift+Tab across its nodes;
 * Enter selects the node focused.  Each node is a focusable accessible button named by its
 * label and verdict, with its focus ring shown. */
static void
test_keyboard (void)
{
  HsvizWindow *window = open_sample ("tls12-rsa.handshake");
  HsvizKeyGraphView *pane_view = hsviz_keys_pane_get_graph_view (window->keys_pane);
  HsvizKeyGraphWindow *large;
  HsvizKeyGraphView *view;
  HsvizKeyGraph *graph;
  const HsvizKeyNode *na, *nb;
  const graphene_rect_t *ra, *rb;
  GtkWidget *widget;
  gulong xid;
  int a, b, c, down;

  WAIT_UNTIL (hsviz_key_graph_view_get_graph (pane_view) != NULL);
  large = hsviz_keys_pane_open_graph_window (window->keys_pane);
  view = hsviz_key_graph_window_get_view (large);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  graph = hsviz_key_graph_view_get_graph (view);
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (large)));
  press (xid, "ctrl");   /* its X window has the input focus */
  WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (large)));

  /* Tab, from the header bar's buttons, into the graph: its first node (first column, top) */
  a = -1;
  for (int i = 0; i < 12 && a < 0; i++)
    {
      GtkWidget *before = gtk_window_get_focus (GTK_WINDOW (large));

      press (xid, "Tab");
      WAIT_UNTIL (gtk_window_get_focus (GTK_WINDOW (large)) != before);
      a = focused_node (GTK_WINDOW (large), view);
    }
  g_assert_cmpint (a, >=, 0);
  na = hsviz_key_graph_get_node (graph, a);
  g_assert_cmpuint (na->depth, ==, 0);
  ra = hsviz_key_graph_layout_get_box (hsviz_key_graph_view_get_layout (view), a);
  for (guint i = 0; i < hsviz_key_graph_get_n_nodes (graph); i++)
    if (hsviz_key_graph_get_node (graph, i)->depth == 0)
      g_assert_cmpfloat (hsviz_key_graph_layout_get_box (hsviz_key_graph_view_get_layout (view), i)->origin.y, >=, ra->origin.y);

  /* focused from the keyboard: the focus ring is shown; an accessible button named by its label */
  widget = node_widget (view, a);
  g_assert_true (gtk_widget_has_focus (widget));
  g_assert_true (gtk_widget_has_visible_focus (widget));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_BUTTON);
  {
    g_autofree char *name = g_strdup_printf (na->verified ? "%s, verified"
                                             : na->value != NULL || na->note != NULL ? "%s, not verified" : "%s",
                                             na->label);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  }
  g_assert_null (hsviz_key_graph_view_get_selected (view));
  hsviz_gui_check_save_screenshot (GTK_WIDGET (large), "key-graph-window-focus.png");

  /* Enter selects it, as a click does: here, in the pane, and its formula shown */
  press_enter_selects (xid, view, pane_view, a);
  hsviz_gui_check_save_screenshot (GTK_WIDGET (large), "key-graph-window-focus-selected.png");

  /* Down: the next node below in the same column; Up: back */
  down = press_to_move (xid, GTK_WINDOW (large), view, "Down", a);
  g_assert_cmpuint (hsviz_key_graph_get_node (graph, down)->depth, ==, na->depth);
  g_assert_cmpfloat (hsviz_key_graph_layout_get_box (hsviz_key_graph_view_get_layout (view), down)->origin.y, >, ra->origin.y);
  g_assert_cmpint (press_to_move (xid, GTK_WINDOW (large), view, "Up", down), ==, a);

  /* Right: a node in a column further right; Enter selects it instead */
  b = press_to_move (xid, GTK_WINDOW (large), view, "Right", a);
  nb = hsviz_key_graph_get_node (graph, b);
  rb = hsviz_key_graph_layout_get_box (hsviz_key_graph_view_get_layout (view), b);
  g_assert_cmpuint (nb->depth, >, na->depth);
  g_assert_cmpfloat (rb->origin.x, >, ra->origin.x + ra->size.width);
  press_enter_selects (xid, view, pane_view, b);
  g_assert_true (gtk_widget_has_visible_focus (node_widget (view, b)));

  /* Tab: the next node in the order; Shift+Tab: back */
  c = press_to_move (xid, GTK_WINDOW (large), view, "Tab", b);
  g_assert_true (hsviz_key_graph_get_node (graph, c)->depth > nb->depth ||
                 (hsviz_key_graph_get_node (graph, c)->depth == nb->depth &&
                  hsviz_key_graph_layout_get_box (hsviz_key_graph_view_get_layout (view), c)->origin.y > rb->origin.y));
  press_enter_selects (xid, view, pane_view, c);
  g_assert_cmpint (press_to_move (xid, GTK_WINDOW (large), view, "shift+Tab", c), ==, b);
  press_enter_selects (xid, view, pane_view, b);

  gtk_window_destroy (GTK_WINDOW (large));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Every point of every edge's flattened path is outside every box but its ends, which lie on
 * the right side of the edge's source and the left side of its target */
static void
assert_edges (HsvizKeyGraphLayout *layout,
              guint                n,
              double               width,
              double               height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);

  for (guint k = 0; k < hsviz_key_graph_layout_get_n_edges (layout); k++)
    {
      const graphene_rect_t *from, *to;
      cairo_path_t *path;
      guint a, b, n_points = 0;
      double first[2] = { 0, 0 }, last[2] = { 0, 0 };

      hsviz_key_graph_layout_get_edge (layout, k, &a, &b);
      from = hsviz_key_graph_layout_get_box (layout, a);
      to = hsviz_key_graph_layout_get_box (layout, b);
      cairo_new_path (cr);
      hsviz_key_graph_layout_append_edge (layout, cr, k);
      path = cairo_copy_path_flat (cr);
      for (int i = 0; i < path->num_data; i += path->data[i].header.length)
        {
          cairo_path_data_t *d = &path->data[i];
          double x, y;

          if (d->header.type != CAIRO_PATH_MOVE_TO && d->header.type != CAIRO_PATH_LINE_TO)
            continue;
          x = d[1].point.x;
          y = d[1].point.y;
          if (n_points++ == 0)
            first[0] = x, first[1] = y;
          last[0] = x, last[1] = y;
          g_assert_cmpfloat (x, >=, 0);
          g_assert_cmpfloat (x, <=, width);
          g_assert_cmpfloat (y, >=, 0);
          g_assert_cmpfloat (y, <=, height);
          for (guint i2 = 0; i2 < n; i2++)
            {
              const graphene_rect_t *r = hsviz_key_graph_layout_get_box (layout, i2);

              /* Strictly inside a box: crossing it */
              g_assert_false (x > r->origin.x + 0.5 && x < r->origin.x + r->size.width - 0.5 &&
                              y > r->origin.y + 0.5 && y < r->origin.y + r->size.height - 0.5);
            }
        }
      cairo_path_destroy (path);
      g_assert_cmpuint (n_points, >=, 2);
      g_assert_cmpfloat_with_epsilon (first[0], from->origin.x + from->size.width, 0.01);
      g_assert_cmpfloat (first[1], >, from->origin.y);
      g_assert_cmpfloat (first[1], <, from->origin.y + from->size.height);
      g_assert_cmpfloat_with_epsilon (last[0], to->origin.x, 0.01);
      g_assert_cmpfloat (last[1], >, to->origin.y);
      g_assert_cmpfloat (last[1], <, to->origin.y + to->size.height);
      /* Left to right: an input's column before its node's */
      g_assert_cmpfloat (from->origin.x + from->size.width, <, to->origin.x);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The geometry of @connection's graph as the view lays it out; with HSVIZ_TEST_SCREENSHOT_DIR
 * set, its SVG export is saved there as key-graph-@name.svg */
static void
assert_layout (HsvizConnection *connection,
               const char      *name)
{
  HsvizKeyGraphView *view = HSVIZ_KEY_GRAPH_VIEW (g_object_ref_sink (hsviz_key_graph_view_new ()));
  HsvizKeyGraph *graph;
  HsvizKeyGraphLayout *layout;
  double width, height;
  guint n;

  hsviz_key_graph_view_set_connection (view, connection);
  graph = hsviz_key_graph_view_get_graph (view);
  layout = hsviz_key_graph_view_get_layout (view);
  n = hsviz_key_graph_get_n_nodes (graph);
  g_assert_cmpuint (n, >=, 10);
  hsviz_key_graph_layout_get_size (layout, &width, &height);
  for (guint i = 0; i < n; i++)
    {
      const graphene_rect_t *r = hsviz_key_graph_layout_get_box (layout, i);

      /* Inside the drawing, apart from every other box */
      g_assert_cmpfloat (r->origin.x, >=, 0);
      g_assert_cmpfloat (r->origin.y, >=, 0);
      g_assert_cmpfloat (r->origin.x + r->size.width, <=, width);
      g_assert_cmpfloat (r->origin.y + r->size.height, <=, height);
      g_assert_cmpfloat (r->size.width, >, 0);
      for (guint j = i + 1; j < n; j++)
        g_assert_false (graphene_rect_intersection (r, hsviz_key_graph_layout_get_box (layout, j), NULL));
    }
  assert_edges (layout, n, width, height);
  if (g_getenv ("HSVIZ_TEST_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *base = g_strdup_printf ("key-graph-%s.svg", name);
      g_autofree char *path = g_build_filename (g_getenv ("HSVIZ_TEST_SCREENSHOT_DIR"), base, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (hsviz_key_graph_view_export_svg (view, file, &error));
      g_assert_no_error (error);
    }
  g_object_unref (view);
}

static HsvizSession *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsvizSession *session = hsviz_session_load (file, NULL, &error);

  g_assert_no_error (error);
  return session;
}

static void
test_layout_sample (gconstpointer data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path = g_build_filename (samples, data, NULL);
  g_autoptr(HsvizSession) session = load (path);
  g_autoptr(HsvizConnection) connection = g_list_model_get_item (G_LIST_MODEL (session), 0);

  assert_layout (connection, data);
}

/* A TLS 1.3 resumption with psk_ke (tests/files/psk-ke-resumption.handshake, see
 * test-key-graph.c): the input "zeros" in place of the key shares and the shared secret */
static void
test_layout_psk_ke (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "psk-ke-resumption.handshake", NULL);
  g_autoptr(HsvizSession) session = load (path);
  g_autoptr(HsvizConnection) connection = g_list_model_get_item (G_LIST_MODEL (session), 1);
  g_autoptr(HsvizKeyGraph) graph = hsviz_key_graph_new (connection);

  g_assert_nonnull (hsviz_key_graph_find (graph, "zeros"));
  g_assert_null (hsviz_key_graph_find (graph, "shared_secret"));
  assert_layout (connection, "psk-ke");
}

/* The second connection of `demo --reconnect`: resumed, with its PSK chain in TLS 1.3 */
static void
test_layout_resumed (gconstpointer data)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "resumed.handshake", NULL);
  const char *argv[] = { g_getenv ("HSVIZ_CLI"), "demo", "--preset", data, "--reconnect", "--no-ocsp",
                         "--output", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(HsvizConnection) connection = NULL;
  g_autoptr(HsvizKeyGraph) graph = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  session = load (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (session)), ==, 2);
  connection = g_list_model_get_item (G_LIST_MODEL (session), 1);
  g_assert_true (hsviz_connection_is_resumed (connection));
  graph = hsviz_key_graph_new (connection);
  if (g_strcmp0 (data, "tls13") == 0)
    g_assert_nonnull (hsviz_key_graph_find (graph, "psk_binder"));
  assert_layout (connection, data);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/handshakeviz/gui/key-graph/select-and-export", test_key_graph);
  g_test_add_func ("/handshakeviz/gui/key-graph/keyboard", test_keyboard);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-tls13", "tls13-demo.handshake", test_layout_sample);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-tls13-hello-retry", "tls13-hello-retry.handshake",
                        test_layout_sample);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-tls12-rsa", "tls12-rsa.handshake", test_layout_sample);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-tls12-ecdhe", "tls12-ecdhe.handshake", test_layout_sample);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-resumed-tls13", "tls13", test_layout_resumed);
  g_test_add_data_func ("/handshakeviz/gui/key-graph/layout-resumed-tls12", "tls12", test_layout_resumed);
  g_test_add_func ("/handshakeviz/gui/key-graph/layout-resumed-tls13-psk-ke", test_layout_psk_ke);
  return g_test_run ();
}
