/* hsviz-key-graph-view.c — the key schedule drawn as a graph: inputs → secrets → keys → records
 *
 * One column per step of the derivation, left to right (hsviz-key-graph-layout.c), one box per
 * node with its label and ✓ or ✗, a curve from each input to the node computed from it.  The
 * formula, value and note are the node's tooltip.  A click selects a node ("node-selected") and
 * highlights the path of its inputs.  The SVG export draws the same layout with the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "hsviz-key-graph-view.h"

#include <math.h>

#define PAD      10.0   /* text to box side */
#define BOX_H    28.0

struct _HsvizKeyGraphView
{
  GtkWidget            parent_instance;
  HsvizKeyGraph       *graph;
  char                *selected;
  HsvizKeyGraphLayout *layout;
  double               width, height;   /* the layout's, unscaled */
  double               scale;           /* the zoom: widget pixels per layout pixel */
};

enum { NODE_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HsvizKeyGraphView, hsviz_key_graph_view, GTK_TYPE_WIDGET)

/* The label, ✓ when the key schedule verified the node, ✗ when it has an entry there (a value
 * or a note) that is not verified — as the Key Schedule list shows it */
static char *
node_text (const HsvizKeyNode *node)
{
  return g_strdup_printf ("%s%s", node->label,
                          node->verified ? " ✓" : node->value != NULL || node->note != NULL ? " ✗" : "");
}

static double
node_width (PangoLayout        *pl,
            const HsvizKeyNode *node)
{
  g_autofree char *text = node_text (node);
  int w, h;

  pango_layout_set_text (pl, text, -1);
  pango_layout_get_pixel_size (pl, &w, &h);
  return w + 2 * PAD;
}

/* Lays the graph out (hsviz-key-graph-layout.c) with the widget's font */
static void
layout (HsvizKeyGraphView *self)
{
  g_autoptr(PangoLayout) pl = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;
  g_autofree double *widths = g_new0 (double, MAX (n, 1));
  int w, h;

  g_clear_pointer (&self->layout, hsviz_key_graph_layout_free);
  self->width = self->height = 0;
  if (self->graph == NULL)
    return;
  pango_layout_set_text (pl, "Hg", -1);
  pango_layout_get_pixel_size (pl, &w, &h);
  for (guint i = 0; i < n; i++)
    widths[i] = node_width (pl, hsviz_key_graph_get_node (self->graph, i));
  self->layout = hsviz_key_graph_layout_new (self->graph, widths, MAX (BOX_H, h + 10));
  hsviz_key_graph_layout_get_size (self->layout, &self->width, &self->height);
}

static int
node_index (HsvizKeyGraphView *self,
            const char        *id)
{
  for (guint i = 0; self->graph != NULL && i < hsviz_key_graph_get_n_nodes (self->graph); i++)
    if (g_strcmp0 (hsviz_key_graph_get_node (self->graph, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static void
set_rgba (cairo_t       *cr,
          const GdkRGBA *c,
          double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* The selected node and every node it is computed from, directly or not: TRUE at their index */
static gboolean *
path_of_selected (HsvizKeyGraphView *self)
{
  guint n = hsviz_key_graph_get_n_nodes (self->graph);
  gboolean *on = g_new0 (gboolean, MAX (n, 1));
  int sel = node_index (self, self->selected);

  if (sel >= 0)
    on[sel] = TRUE;
  /* Inputs come before their node: one pass from the end marks the whole path */
  for (guint i = n; i-- > 0;)
    if (on[i])
      {
        const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);

        for (guint j = 0; node->inputs[j] != NULL; j++)
          {
            int k = node_index (self, node->inputs[j]);

            if (k >= 0)
              on[k] = TRUE;
          }
      }
  return on;
}

/* Draws the graph with @fg as the text colour (the widget's, or black for an export).  Each
 * kind of node has its tint; the selected node and its inputs, all the way back, are outlined
 * in the accent colour with the edges between them. */
static void
draw (HsvizKeyGraphView *self,
      cairo_t           *cr,
      const GdkRGBA     *fg)
{
  static const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  static const GdkRGBA tints[] = {
    [HSVIZ_KEY_NODE_INPUT]  = { 0.21, 0.52, 0.89, 1.0 },   /* blue */
    [HSVIZ_KEY_NODE_SECRET] = { 0.57, 0.25, 0.67, 1.0 },   /* purple */
    [HSVIZ_KEY_NODE_KEY]    = { 0.90, 0.65, 0.04, 1.0 },   /* yellow */
    [HSVIZ_KEY_NODE_RECORD] = { 0.18, 0.76, 0.49, 1.0 },   /* green */
  };
  g_autoptr(PangoLayout) pl = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autofree gboolean *on = NULL;
  int sel = node_index (self, self->selected);
  guint n, n_edges;

  if (self->layout == NULL)
    return;
  n = hsviz_key_graph_get_n_nodes (self->graph);
  n_edges = hsviz_key_graph_layout_get_n_edges (self->layout);
  on = path_of_selected (self);

  /* Edges first, those on the selected path last (over the others' shared stretches); one
   * stroke per pass, so the edges from one node, sharing their lanes, are not darker there */
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_new_path (cr);
      for (guint k = 0; k < n_edges; k++)
        {
          guint from, to;

          hsviz_key_graph_layout_get_edge (self->layout, k, &from, &to);
          if (on[to] == (pass == 1))
            hsviz_key_graph_layout_append_edge (self->layout, cr, k);
        }
      if (pass == 1)
        {
          set_rgba (cr, &accent, 1.0);
          cairo_set_line_width (cr, 2.0);
        }
      else
        {
          set_rgba (cr, fg, sel >= 0 ? 0.25 : 0.45);
          cairo_set_line_width (cr, 1.0);
        }
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);
      const graphene_rect_t *r = hsviz_key_graph_layout_get_box (self->layout, i);
      const GdkRGBA *tint = &tints[node->kind];
      gboolean known = node->value != NULL || node->kind == HSVIZ_KEY_NODE_INPUT;
      g_autofree char *text = node_text (node);
      int w, h;

      cairo_rectangle (cr, r->origin.x + 0.5, r->origin.y + 0.5, r->size.width - 1, r->size.height - 1);
      set_rgba (cr, (int) i == sel ? &accent : tint, (int) i == sel ? 0.3 : known ? 0.2 : 0.08);
      cairo_fill_preserve (cr);
      if (on[i])
        {
          set_rgba (cr, &accent, 1.0);
          cairo_set_line_width (cr, (int) i == sel ? 2.0 : 1.0);
        }
      else
        set_rgba (cr, tint, known ? 0.8 : 0.5);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1.0);
      pango_layout_set_text (pl, text, -1);
      pango_layout_get_pixel_size (pl, &w, &h);
      set_rgba (cr, fg, known ? 1.0 : 0.6);
      cairo_move_to (cr, r->origin.x + PAD, r->origin.y + (r->size.height - h) / 2);
      pango_cairo_show_layout (cr, pl);
    }
}

static void
hsviz_key_graph_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);
  GdkRGBA fg;
  cairo_t *cr;

  if (self->width <= 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* Scaled in cairo (not by the snapshot) so the text stays vector at any zoom */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width * self->scale,
                                                                  self->height * self->scale));
  cairo_scale (cr, self->scale, self->scale);
  draw (self, cr, &fg);
  cairo_destroy (cr);
}

/* The whole graph's size: where the widget is narrower, a scrolled window around it scrolls */
static void
hsviz_key_graph_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);

  *minimum = *natural = (int) ceil ((orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height) * self->scale);
}

static gboolean
hsviz_key_graph_view_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard,
                                    GtkTooltip *tooltip)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);
  int i = self->layout != NULL ? hsviz_key_graph_layout_node_at (self->layout, x / self->scale, y / self->scale) : -1;
  const HsvizKeyNode *node;
  g_autofree char *text = NULL;

  if (i < 0)
    return FALSE;
  node = hsviz_key_graph_get_node (self->graph, i);
  text = g_strdup_printf ("%s\n%s%s%s%s%s", node->id, node->formula,
                          node->value != NULL ? "\n" : "", node->value != NULL ? node->value : "",
                          node->note != NULL ? "\n" : "", node->note != NULL ? node->note : "");
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            HsvizKeyGraphView *self)
{
  int i = self->layout != NULL ? hsviz_key_graph_layout_node_at (self->layout, x / self->scale, y / self->scale) : -1;

  hsviz_key_graph_view_select (self, i >= 0 ? hsviz_key_graph_get_node (self->graph, i)->id : NULL);
}

static void
hsviz_key_graph_view_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hsviz_key_graph_view_parent_class)->css_changed (widget, change);
  /* The font may have changed: the boxes' widths with it */
  layout (HSVIZ_KEY_GRAPH_VIEW (widget));
  gtk_widget_queue_resize (widget);
}

static void
hsviz_key_graph_view_finalize (GObject *object)
{
  HsvizKeyGraphView *self = (HsvizKeyGraphView *) object;

  g_clear_pointer (&self->graph, hsviz_key_graph_free);
  g_clear_pointer (&self->layout, hsviz_key_graph_layout_free);
  g_free (self->selected);
  G_OBJECT_CLASS (hsviz_key_graph_view_parent_class)->finalize (object);
}

static void
hsviz_key_graph_view_class_init (HsvizKeyGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hsviz_key_graph_view_finalize;
  widget_class->snapshot = hsviz_key_graph_view_snapshot;
  widget_class->measure = hsviz_key_graph_view_measure;
  widget_class->query_tooltip = hsviz_key_graph_view_query_tooltip;
  widget_class->css_changed = hsviz_key_graph_view_css_changed;

  /* node-selected (const char *id or NULL) */
  signals[NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hsviz_key_graph_view_init (HsvizKeyGraphView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->scale = 1.0;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
hsviz_key_graph_view_new (void)
{
  return g_object_new (HSVIZ_TYPE_KEY_GRAPH_VIEW, NULL);
}

void
hsviz_key_graph_view_set_connection (HsvizKeyGraphView *self,
                                     HsvizConnection   *connection)
{
  g_return_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self));

  g_clear_pointer (&self->graph, hsviz_key_graph_free);
  g_clear_pointer (&self->selected, g_free);
  if (connection != NULL)
    self->graph = hsviz_key_graph_new (connection);
  layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

HsvizKeyGraph *
hsviz_key_graph_view_get_graph (HsvizKeyGraphView *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), NULL);
  return self->graph;
}

void
hsviz_key_graph_view_select (HsvizKeyGraphView *self,
                             const char        *id)
{
  g_return_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self));

  if (id != NULL && node_index (self, id) < 0)
    id = NULL;
  g_free (self->selected);
  self->selected = g_strdup (id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[NODE_SELECTED], 0, id);
}

HsvizKeyGraphLayout *
hsviz_key_graph_view_get_layout (HsvizKeyGraphView *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), NULL);
  return self->layout;
}

void
hsviz_key_graph_view_set_scale (HsvizKeyGraphView *self,
                                double             scale)
{
  g_return_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self));

  self->scale = CLAMP (scale, HSVIZ_KEY_GRAPH_VIEW_MIN_SCALE, HSVIZ_KEY_GRAPH_VIEW_MAX_SCALE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
hsviz_key_graph_view_get_scale (HsvizKeyGraphView *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), 1.0);
  return self->scale;
}

const char *
hsviz_key_graph_view_get_selected (HsvizKeyGraphView *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), NULL);
  return self->selected;
}

gboolean
hsviz_key_graph_view_export_svg (HsvizKeyGraphView  *self,
                                 GFile              *file,
                                 GError            **error)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };
  g_autofree char *path = g_file_get_path (file);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), FALSE);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }
  surface = cairo_svg_surface_create (path, MAX (self->width, 1), MAX (self->height, 1));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw (self, cr, &black);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
