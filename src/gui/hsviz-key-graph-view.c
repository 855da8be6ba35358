/* hsviz-key-graph-view.c — the key schedule drawn as a graph: inputs → secrets → keys → records
 *
 * Four bands top to bottom (the node kinds), wrapping to the width, one box per node with its label and ✓ when the key schedule
 * verified it, a curve from each input to the node computed from it.  The formula, value and
 * note are the node's tooltip.  A click selects a node ("node-selected").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "hsviz-key-graph-view.h"

#define PAD      12.0
#define GAP_X    10.0
#define GAP_Y     8.0
#define GAP_BAND 30.0
#define BOX_H    28.0

struct _HsvizKeyGraphView
{
  GtkWidget      parent_instance;
  HsvizKeyGraph *graph;
  char          *selected;
  /* layout: per node its box */
  GArray        *boxes;     /* of graphene_rect_t, by node index */
  double         width, height;
};

enum { NODE_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HsvizKeyGraphView, hsviz_key_graph_view, GTK_TYPE_WIDGET)

static char *
node_text (const HsvizKeyNode *node)
{
  return g_strdup_printf ("%s%s", node->label, node->verified ? " ✓" : "");
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

/* One band per kind, top to bottom (inputs → secrets → keys → records); a band's nodes flow
 * left to right and wrap at @width.  Stores the boxes and the size used. */
static void
layout (HsvizKeyGraphView *self,
        double             width)
{
  g_autoptr(PangoLayout) pl = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;
  double x = PAD, y = PAD, right = 0;
  int kind = -1;

  g_array_set_size (self->boxes, n);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);
      graphene_rect_t *r = &g_array_index (self->boxes, graphene_rect_t, i);
      double w = node_width (pl, node);

      if (kind >= 0 && (int) node->kind != kind)
        {
          x = PAD;
          y += BOX_H + GAP_BAND;
        }
      else if (kind >= 0 && x + w > width - PAD)
        {
          x = PAD;
          y += BOX_H + GAP_Y;
        }
      kind = node->kind;
      graphene_rect_init (r, x, y, w, BOX_H);
      x += w + GAP_X;
      right = MAX (right, r->origin.x + w);
    }
  self->width = n > 0 ? right + PAD : 0;
  self->height = n > 0 ? y + BOX_H + PAD : 0;
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

/* Draws the graph with @fg as the text colour (the widget's, or black for an export) */
static void
draw (HsvizKeyGraphView *self,
      cairo_t           *cr,
      const GdkRGBA     *fg)
{
  static const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  g_autoptr(PangoLayout) pl = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;
  int sel = node_index (self, self->selected);

  cairo_set_line_width (cr, 1.0);
  /* Edges first, under the boxes (clipped out of them: the boxes' fill is translucent, and an
   * edge crossing a box would run through its text); the selected node's inputs in the accent
   * colour */
  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t *r = &g_array_index (self->boxes, graphene_rect_t, i);

      cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, BOX_H);
    }
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);
      graphene_rect_t *to = &g_array_index (self->boxes, graphene_rect_t, i);

      for (guint j = 0; node->inputs[j] != NULL; j++)
        {
          int k = node_index (self, node->inputs[j]);
          graphene_rect_t *from;
          double x0, y0, x1, y1;

          if (k < 0)
            continue;
          from = &g_array_index (self->boxes, graphene_rect_t, k);
          x0 = from->origin.x + from->size.width / 2;
          y0 = from->origin.y + BOX_H;
          x1 = to->origin.x + to->size.width / 2;
          y1 = to->origin.y;
          cairo_move_to (cr, x0, y0);
          if (y1 <= y0)   /* the same band: a loop under both */
            cairo_curve_to (cr, x0, y0 + GAP_Y + 6, x1, to->origin.y + BOX_H + GAP_Y + 6, x1, to->origin.y + BOX_H);
          else
            cairo_curve_to (cr, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, x1, y1);
          if ((int) i == sel)
            {
              set_rgba (cr, &accent, 1.0);
              cairo_set_line_width (cr, 2.0);
            }
          else
            set_rgba (cr, fg, 0.3);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1.0);
        }
    }
  cairo_restore (cr);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);
      graphene_rect_t *r = &g_array_index (self->boxes, graphene_rect_t, i);
      g_autofree char *text = node_text (node);
      int w, h;

      cairo_rectangle (cr, r->origin.x + 0.5, r->origin.y + 0.5, r->size.width - 1, BOX_H - 1);
      if ((int) i == sel)
        set_rgba (cr, &accent, 0.25);
      else
        set_rgba (cr, fg, node->value != NULL || node->kind == HSVIZ_KEY_NODE_INPUT ? 0.08 : 0.03);
      cairo_fill_preserve (cr);
      if ((int) i == sel)
        set_rgba (cr, &accent, 1.0);
      else
        set_rgba (cr, fg, 0.4);
      cairo_stroke (cr);
      pango_layout_set_text (pl, text, -1);
      pango_layout_get_pixel_size (pl, &w, &h);
      set_rgba (cr, fg, node->value != NULL || node->kind == HSVIZ_KEY_NODE_INPUT ? 1.0 : 0.6);
      cairo_move_to (cr, r->origin.x + PAD, r->origin.y + (BOX_H - h) / 2);
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
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));
  draw (self, cr, &fg);
  cairo_destroy (cr);
}

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
  g_autoptr(PangoLayout) pl = gtk_widget_create_pango_layout (widget, NULL);
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest node; at best every band on one line */
      double widest = 0;

      for (guint i = 0; i < n; i++)
        widest = MAX (widest, node_width (pl, hsviz_key_graph_get_node (self->graph, i)));
      layout (self, G_MAXINT);
      *minimum = n > 0 ? (int) (widest + 2 * PAD) : 0;
      *natural = MAX (*minimum, (int) self->width);
    }
  else
    {
      layout (self, for_size >= 0 ? for_size : G_MAXINT);
      *minimum = *natural = (int) self->height;
    }
}

static void
hsviz_key_graph_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  layout (HSVIZ_KEY_GRAPH_VIEW (widget), width);
}

static GtkSizeRequestMode
hsviz_key_graph_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static int
node_at (HsvizKeyGraphView *self,
         double             x,
         double             y)
{
  for (guint i = 0; i < self->boxes->len; i++)
    {
      graphene_rect_t *r = &g_array_index (self->boxes, graphene_rect_t, i);

      if (graphene_rect_contains_point (r, &GRAPHENE_POINT_INIT (x, y)))
        return (int) i;
    }
  return -1;
}

static gboolean
hsviz_key_graph_view_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard,
                                    GtkTooltip *tooltip)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);
  int i = node_at (self, x, y);
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
  int i = node_at (self, x, y);

  hsviz_key_graph_view_select (self, i >= 0 ? hsviz_key_graph_get_node (self->graph, i)->id : NULL);
}

static void
hsviz_key_graph_view_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hsviz_key_graph_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

static void
hsviz_key_graph_view_finalize (GObject *object)
{
  HsvizKeyGraphView *self = (HsvizKeyGraphView *) object;

  g_clear_pointer (&self->graph, hsviz_key_graph_free);
  g_clear_pointer (&self->boxes, g_array_unref);
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
  widget_class->size_allocate = hsviz_key_graph_view_size_allocate;
  widget_class->get_request_mode = hsviz_key_graph_view_get_request_mode;
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

  self->boxes = g_array_new (FALSE, TRUE, sizeof (graphene_rect_t));
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
  layout (self, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1));
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
  layout (self, gtk_widget_get_width (GTK_WIDGET (self)) > 0 ? gtk_widget_get_width (GTK_WIDGET (self)) : 900);
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
