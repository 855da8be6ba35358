/* test-gui-layout.c — the window fits small screens (issue 15): 800×600 and 1024×768
 *
 * With a real session on screen, every widget the user can see lies inside the window, no
 * label is cut short with "…", the diagram is never wider than the space it is shown in (so
 * its server lifeline is in view), and the panes come beside or over the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hsviz-application.h"
#include "hsviz-gui-test.h"
#include "hsviz-sequence-layout.h"
#include "hsviz-window-private.h"

typedef struct
{
  int         width;
  int         height;
  const char *mode;
} Size;

static HsvizApplication *the_app;

/* Lets the frame clock lay the window out until nothing moves any more. */
static void
settle (HsvizWindow *window)
{
  int last_w = -1, last_h = -1, same = 0;

  while (same < 20)
    {
      int w = gtk_widget_get_width (GTK_WIDGET (window->sequence_view));
      int h = gtk_widget_get_height (GTK_WIDGET (window->sequence_view));

      while (g_main_context_iteration (NULL, FALSE))
        ;
      same = w == last_w && h == last_h ? same + 1 : 0;
      last_w = w;
      last_h = h;
      g_usleep (10000);
    }
}

static char *
describe (GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);
  const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "";

  return g_strdup_printf ("%s (%s) “%s”", G_OBJECT_TYPE_NAME (widget), name, text);
}

/* Every mapped widget outside scrolled content is inside the window; no label is ellipsized.
 * Returns how many widgets were checked. */
static guint
check_inside (GtkWidget *window,
              GtkWidget *widget)
{
  graphene_rect_t bounds;
  guint n = 1;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return 0;
  if (GTK_IS_NATIVE (widget) && widget != window)
    return 0;   /* popovers and the like: their own surfaces */
  if (g_type_is_a (G_OBJECT_TYPE (widget), g_type_from_name ("AdwGizmo")) &&
      gtk_widget_get_first_child (widget) == NULL)
    return 0;   /* libadwaita's drawing helpers: a flap's shadow spans the whole flap */

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  /* The window's own box holds its shadow; its children go in its allocation. */
  if (widget != window && bounds.size.width > 0 && bounds.size.height > 0)
    {
      g_autofree char *what = describe (widget);

      /* 1 px of slack: the header bar's box covers the window's 1 px border. */
      if (bounds.origin.x < -1.5 || bounds.origin.y < -1.5 ||
          bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 1.5 ||
          bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 1.5)
        g_error ("%s at %.0f,%.0f %.0f×%.0f is outside the %d×%d window", what,
                 bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                 gtk_widget_get_width (window), gtk_widget_get_height (window));

      if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
          pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        g_error ("%s is cut short", what);
    }

  /* Scrolled content may go past its scroller; the diagram is checked on its own. */
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return n;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_inside (window, child);
  return n;
}

/* The diagram is drawn for its own width: it must not be wider than its scroller, and the
 * server lifeline (HSVIZ_SEQUENCE_LIFELINE_INSET from its right edge) must be in view. */
static void
check_diagram (HsvizWindow *window)
{
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t view_bounds, scroller_bounds;
  double server_x;

  g_assert_true (gtk_widget_compute_bounds (view, GTK_WIDGET (window), &view_bounds));
  g_assert_true (gtk_widget_compute_bounds (scroller, GTK_WIDGET (window), &scroller_bounds));
  server_x = view_bounds.origin.x + view_bounds.size.width - HSVIZ_SEQUENCE_LIFELINE_INSET;
  g_test_message ("diagram %.0f px wide in a %.0f px scroller, server lifeline at x=%.0f",
                  view_bounds.size.width, scroller_bounds.size.width, server_x);
  g_assert_cmpfloat (view_bounds.size.width, <=, scroller_bounds.size.width + 0.5);
  g_assert_cmpfloat (server_x, >, scroller_bounds.origin.x);
  g_assert_cmpfloat (server_x, <, scroller_bounds.origin.x + scroller_bounds.size.width);
}

static void
test_fits (gconstpointer data)
{
  const Size *size = data;
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path = g_build_filename (samples, "tls13-demo.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HsvizWindow *window = hsviz_window_new (the_app);
  int min_width = 0;
  guint n;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-mode", "s", size->mode));
  settle (window);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("window minimum width %d, allocated %d×%d, panes %s", min_width,
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
                  adw_flap_get_folded (window->pane_flap) ? "over the diagram" : "beside the diagram");
  g_assert_cmpint (min_width, <=, size->width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, size->width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, size->height);

  n = check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  g_test_message ("%u widgets inside the window", n);
  check_diagram (window);

  /* Folded, the panes come over the diagram on request, whole. */
  if (adw_flap_get_folded (window->pane_flap))
    {
      g_assert_false (adw_flap_get_reveal_flap (window->pane_flap));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->panes_button)));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panes", NULL));
      WAIT_UNTIL (adw_flap_get_reveal_progress (window->pane_flap) >= 1.0);
      settle (window);
      check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->step_pane)));
    }
  else
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->step_pane)));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  static const Size sizes[] = {
    { 800, 600, "wire" },
    { 800, 600, "textbook" },
    { 1024, 768, "wire" },
    { 1024, 768, "textbook" },
  };
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  the_app = hsviz_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/handshakeviz/gui/layout/fits-%dx%d-%s",
                                               sizes[i].width, sizes[i].height, sizes[i].mode);

      g_test_add_data_func (name, &sizes[i], test_fits);
    }

  ret = g_test_run ();
  g_clear_object (&the_app);
  return ret;
}
