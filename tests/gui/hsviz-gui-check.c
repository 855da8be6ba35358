/* hsviz-gui-check.c — what the GUI tests check in a laid-out window, and its screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hsviz-gui-check.h"

/* Lets the frame clock lay the window out until nothing moves any more. */
void
hsviz_gui_check_settle (HsvizWindow *window)
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

guint
hsviz_gui_check_inside (GtkWidget *window,
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
    n += hsviz_gui_check_inside (window, child);
  return n;
}

void
hsviz_gui_check_save_screenshot (GtkWidget  *window,
                                 const char *name)
{
  const char *dir = g_getenv ("HSVIZ_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  /* Until the window has drawn itself since the last change */
  for (int i = 0; i < 100 && node == NULL; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_test_message ("no screenshot %s: nothing drawn", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
