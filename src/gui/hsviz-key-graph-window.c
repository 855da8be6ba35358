/* hsviz-key-graph-window.c — the key schedule graph in a window of its own, large
 *
 * The Keys pane is narrow: there the graph scrolls sideways.  This window gives it the room of
 * a screen, zoomed to fit it (zoom in, out and fit again with the header bar's buttons or
 * Ctrl+plus, Ctrl+minus, Ctrl+0; it scrolls where zoomed past the window), with a legend of
 * the boxes' colours.  Selecting a node here (a click, or Enter on the node focused with Tab or
 * the arrow keys) selects it in the pane's graph, so the main window shows its input's bytes as
 * a click in the pane does, and shows under the legend what its tooltip says (formula, value,
 * note), for a keyboard user too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-key-graph-window.h"

struct _HsvizKeyGraphWindow
{
  AdwWindow          parent_instance;
  HsvizKeyGraphView *view;
  GtkWidget         *scrolled;
  GtkLabel          *details;    /* of the node selected */
  guint              n_nodes;    /* of the graph last fitted */
  gboolean           fitted;
  HsvizKeyGraphView *pane_view;   /* weak */
};

#define ZOOM_STEP 1.25

G_DEFINE_FINAL_TYPE (HsvizKeyGraphWindow, hsviz_key_graph_window, ADW_TYPE_WINDOW)

static void
node_selected_cb (HsvizKeyGraphWindow *self,
                  const char          *id)
{
  g_autofree char *details = hsviz_key_graph_view_dup_details (self->view, id);

  gtk_label_set_label (self->details, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details), details != NULL);
  if (self->pane_view != NULL && g_strcmp0 (hsviz_key_graph_view_get_selected (self->pane_view), id) != 0)
    hsviz_key_graph_view_select (self->pane_view, id);
}

static void
export_clicked_cb (HsvizKeyGraphWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.export-key-graph", NULL);
}

/* The zoom at which the whole graph fits @width × @height (up to 1.5: a small graph is not
 * blown up to poster size) */
static void
fit (HsvizKeyGraphWindow *self,
     int                  width,
     int                  height)
{
  HsvizKeyGraphLayout *layout = hsviz_key_graph_view_get_layout (self->view);
  double w, h;

  if (layout == NULL)
    return;
  hsviz_key_graph_layout_get_size (layout, &w, &h);
  if (w > 0 && h > 0)
    hsviz_key_graph_view_set_scale (self->view, MIN (MIN (width / w, height / h), 1.5));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HsvizKeyGraphWindow *self = HSVIZ_KEY_GRAPH_WINDOW (widget);
  double scale = hsviz_key_graph_view_get_scale (self->view);

  if (g_str_equal (action_name, "graph.zoom-in"))
    hsviz_key_graph_view_set_scale (self->view, scale * ZOOM_STEP);
  else if (g_str_equal (action_name, "graph.zoom-out"))
    hsviz_key_graph_view_set_scale (self->view, scale / ZOOM_STEP);
  else
    fit (self, gtk_widget_get_width (self->scrolled) - 2, gtk_widget_get_height (self->scrolled) - 2);
}

static void
hsviz_key_graph_window_dispose (GObject *object)
{
  HsvizKeyGraphWindow *self = HSVIZ_KEY_GRAPH_WINDOW (object);

  g_clear_weak_pointer (&self->pane_view);
  G_OBJECT_CLASS (hsviz_key_graph_window_parent_class)->dispose (object);
}

static void
hsviz_key_graph_window_class_init (HsvizKeyGraphWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = hsviz_key_graph_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "graph.zoom-fit", NULL);
}

static void
hsviz_key_graph_window_init (HsvizKeyGraphWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("Export _SVG…"));
  GtkWidget *hint = gtk_label_new (_("Inputs (blue) → secrets (purple) → keys (yellow) → records (green). "
                                     "Click a node, or move to it with Tab or the arrow keys and press Enter, to see "
                                     "the path of its inputs, its formula and its input in the message bytes."));
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *zoom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  static const struct { const char *icon, *action, *tooltip; } zooms[] = {
    { "zoom-out-symbolic", "graph.zoom-out", N_("Zoom Out") },
    { "zoom-fit-best-symbolic", "graph.zoom-fit", N_("Fit to Window") },
    { "zoom-in-symbolic", "graph.zoom-in", N_("Zoom In") },
  };

  gtk_window_set_title (GTK_WINDOW (self), _("Key Schedule"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1200, 600);
  g_signal_connect_object (export, "clicked", G_CALLBACK (export_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), export);
  gtk_widget_add_css_class (zoom, "linked");
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      GtkWidget *button = gtk_button_new_from_icon_name (zooms[i].icon);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), zooms[i].action);
      gtk_widget_set_tooltip_text (button, _(zooms[i].tooltip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _(zooms[i].tooltip), -1);
      gtk_box_append (GTK_BOX (zoom), button);
    }
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), zoom);
  gtk_box_append (GTK_BOX (box), header);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_widget_set_margin_top (hint, 6);
  gtk_widget_set_margin_bottom (hint, 6);
  gtk_box_append (GTK_BOX (box), hint);

  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_selectable (GTK_LABEL (details), TRUE);
  gtk_widget_set_margin_start (details, 12);
  gtk_widget_set_margin_end (details, 12);
  gtk_widget_set_margin_bottom (details, 6);
  gtk_widget_set_visible (details, FALSE);
  self->details = GTK_LABEL (details);
  gtk_box_append (GTK_BOX (box), details);

  self->view = HSVIZ_KEY_GRAPH_VIEW (hsviz_key_graph_view_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->view), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->view), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->view, "node-selected", G_CALLBACK (node_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  /* Scrollbars always shown: a learner sees at once when the graph goes on past the edge */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  self->scrolled = scrolled;
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

HsvizKeyGraphWindow *
hsviz_key_graph_window_new (GtkWindow         *parent,
                            HsvizKeyGraphView *pane_view)
{
  HsvizKeyGraphWindow *self = g_object_new (HSVIZ_TYPE_KEY_GRAPH_WINDOW,
                                             "transient-for", parent,
                                             "destroy-with-parent", TRUE,
                                             NULL);

  g_set_weak_pointer (&self->pane_view, pane_view);
  /* Nearly as wide as the main window (the graph is wide), shorter (it is not tall) */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self),
                                 MAX (gtk_widget_get_width (GTK_WIDGET (parent)) - 64, 600),
                                 MAX (gtk_widget_get_height (GTK_WIDGET (parent)) * 3 / 4, 400));
  return self;
}

void
hsviz_key_graph_window_set_connection (HsvizKeyGraphWindow *self,
                                       HsvizConnection     *connection)
{
  HsvizKeyGraph *graph;
  guint n_nodes;
  int width, height;

  g_return_if_fail (HSVIZ_IS_KEY_GRAPH_WINDOW (self));

  hsviz_key_graph_view_set_connection (self->view, connection);
  gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);   /* nothing is selected */
  /* Fitted to the window (to its default size, before it is shown) when the graph changed
   * shape; the same graph again (a rebuild of the same connection) keeps the user's zoom */
  graph = hsviz_key_graph_view_get_graph (self->view);
  n_nodes = graph != NULL ? hsviz_key_graph_get_n_nodes (graph) : 0;
  if (n_nodes == self->n_nodes && self->fitted)
    return;
  self->n_nodes = n_nodes;
  self->fitted = TRUE;
  if (gtk_widget_get_width (self->scrolled) > 0)
    fit (self, gtk_widget_get_width (self->scrolled) - 2, gtk_widget_get_height (self->scrolled) - 2);
  else
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      fit (self, width - 24, height - 140);
    }
}

HsvizKeyGraphView *
hsviz_key_graph_window_get_view (HsvizKeyGraphWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_WINDOW (self), NULL);
  return self->view;
}
