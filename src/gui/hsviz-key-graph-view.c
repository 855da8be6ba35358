/* hsviz-key-graph-view.c — the key schedule drawn as a graph: inputs → secrets → keys → records
 *
 * One column per step of the derivation, left to right (hsviz-key-graph-layout.c), one box per
 * node with its label and ✓ or ✗, a curve from each input to the node computed from it.  Over
 * each box lies a focusable child (hsviz-key-graph-node.c) whose tooltip and accessible
 * description are the node's formula, value and note.  A click selects a node ("node-selected")
 * and highlights the path of its inputs; so does activating the focused node from the keyboard.
 * Tab and Shift+Tab move the focus across the nodes column by column, left to right, top to
 * bottom in a column; the arrow keys move it to the nearest node in that direction (Left and
 * Right: in the next column that has one).  The SVG export draws the same layout with the same
 * code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "hsviz-key-graph-view.h"
#include "hsviz-key-graph-node.h"

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
  GPtrArray           *nodes;           /* the HsvizKeyGraphNode children, node i at i */
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

/* What the node's tooltip says: its id, formula, value and note */
static char *
node_details (const HsvizKeyNode *node)
{
  return g_strdup_printf ("%s\n%s%s%s%s%s", node->id, node->formula,
                          node->value != NULL ? "\n" : "", node->value != NULL ? node->value : "",
                          node->note != NULL ? "\n" : "", node->note != NULL ? node->note : "");
}

/* Its accessible name: the label and, in words, the verdict node_text() shows as ✓ or ✗ */
static char *
node_accessible_label (const HsvizKeyNode *node)
{
  if (node->verified)
    /* Translators: a node of the key schedule graph, "master_secret, verified" */
    return g_strdup_printf (_("%s, verified"), node->label);
  if (node->value != NULL || node->note != NULL)
    /* Translators: a node of the key schedule graph, "master_secret, not verified" */
    return g_strdup_printf (_("%s, not verified"), node->label);
  return g_strdup (node->label);
}

static void
update_accessible (HsvizKeyGraphView *self)
{
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;
  g_autofree char *label = NULL;

  if (self->selected != NULL)
    label = g_strdup_printf (ngettext ("Key schedule graph, %u node, selected: %s",
                                       "Key schedule graph, %u nodes, selected: %s", n),
                             n, hsviz_key_graph_find (self->graph, self->selected)->label);
  else
    label = g_strdup_printf (ngettext ("Key schedule graph, %u node", "Key schedule graph, %u nodes", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
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
  /* The nodes draw nothing but their focus ring */
  for (guint i = 0; i < self->nodes->len; i++)
    gtk_widget_snapshot_child (widget, g_ptr_array_index (self->nodes, i), snapshot);
}

/* Each node over its box, at the zoom */
static void
hsviz_key_graph_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);

  for (guint i = 0; self->layout != NULL && i < self->nodes->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (self->nodes, i);
      const graphene_rect_t *r = hsviz_key_graph_layout_get_box (self->layout, i);
      int x = (int) floor (r->origin.x * self->scale), y = (int) floor (r->origin.y * self->scale);
      int min;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { x, y,
                                                   (int) ceil ((r->origin.x + r->size.width) * self->scale) - x,
                                                   (int) ceil ((r->origin.y + r->size.height) * self->scale) - y },
                                -1);
    }
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

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            HsvizKeyGraphView *self)
{
  int i = self->layout != NULL ? hsviz_key_graph_layout_node_at (self->layout, x / self->scale, y / self->scale) : -1;

  /* the keyboard goes on from the node clicked */
  if (i >= 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->nodes, i));
  hsviz_key_graph_view_select (self, i >= 0 ? hsviz_key_graph_get_node (self->graph, i)->id : NULL);
}

static void
node_activate_cb (HsvizKeyGraphView *self,
                  HsvizKeyGraphNode *node)
{
  hsviz_key_graph_view_select (self, hsviz_key_graph_get_node (self->graph, hsviz_key_graph_node_get_index (node))->id);
}

/* Position of node @i in the focus order of Tab: by column (depth), then from the top */
static int
compare_focus_order (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  HsvizKeyGraphView *self = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  guint di = hsviz_key_graph_get_node (self->graph, i)->depth, dj = hsviz_key_graph_get_node (self->graph, j)->depth;
  float yi = hsviz_key_graph_layout_get_box (self->layout, i)->origin.y;
  float yj = hsviz_key_graph_layout_get_box (self->layout, j)->origin.y;

  if (di != dj)
    return di < dj ? -1 : 1;
  return yi < yj ? -1 : yi > yj ? 1 : 0;
}

/* The node after (@step 1) or before (-1) @from in the Tab order, the first or last when @from
 * is -1; -1 past either end */
static int
next_in_tab_order (HsvizKeyGraphView *self,
                   int                from,
                   int                step)
{
  guint n = self->nodes->len;
  g_autofree guint *order = g_new (guint, n);
  guint at = 0;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_focus_order, self);
  if (from < 0)
    return (int) order[step > 0 ? 0 : n - 1];
  while (order[at] != (guint) from)
    at++;
  if ((step < 0 && at == 0) || (step > 0 && at + 1 == n))
    return -1;
  return (int) order[at + step];
}

/* The nearest node to @from in @direction: Up and Down in its column, Left and Right in the
 * nearest column on that side that has nodes, the one closest in height; -1 when none */
static int
neighbour (HsvizKeyGraphView *self,
           int                from,
           GtkDirectionType   direction)
{
  const graphene_rect_t *r = hsviz_key_graph_layout_get_box (self->layout, from);
  guint depth = hsviz_key_graph_get_node (self->graph, from)->depth;
  float y = r->origin.y + r->size.height / 2;
  gboolean vertical = direction == GTK_DIR_UP || direction == GTK_DIR_DOWN;
  int best = -1, sign = direction == GTK_DIR_UP || direction == GTK_DIR_LEFT ? -1 : 1;
  guint best_depth = 0;
  float best_dy = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const graphene_rect_t *b = hsviz_key_graph_layout_get_box (self->layout, i);
      guint d = hsviz_key_graph_get_node (self->graph, i)->depth;
      float dy = b->origin.y + b->size.height / 2 - y;

      if ((int) i == from)
        continue;
      if (vertical)
        {
          if (d != depth || dy * sign <= 0 || (best >= 0 && fabsf (dy) >= best_dy))
            continue;
        }
      else
        {
          int dd = ((int) d - (int) depth) * sign;

          if (dd <= 0 ||
              (best >= 0 && (d != best_depth ? ((int) d - (int) best_depth) * sign > 0 : fabsf (dy) >= best_dy)))
            continue;
        }
      best = (int) i;
      best_depth = d;
      best_dy = fabsf (dy);
    }
  return best;
}

/* Focus moves across the nodes (the order and the neighbours above); Tab past the last node,
 * or Shift+Tab before the first, leaves the graph.  Entering it, the focus goes to the
 * selected node, or the first (last) one. */
static gboolean
hsviz_key_graph_view_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  HsvizKeyGraphView *self = HSVIZ_KEY_GRAPH_VIEW (widget);
  GtkWidget *focus = gtk_widget_get_focus_child (widget);
  int from = focus != NULL ? (int) hsviz_key_graph_node_get_index (HSVIZ_KEY_GRAPH_NODE (focus)) : -1;
  int to;

  if (self->layout == NULL || self->nodes->len == 0)
    return FALSE;
  if (from < 0 && self->selected != NULL)
    to = node_index (self, self->selected);
  else if (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
    to = next_in_tab_order (self, from, direction == GTK_DIR_TAB_FORWARD ? 1 : -1);
  else if (from < 0)
    to = next_in_tab_order (self, -1, 1);
  else if ((to = neighbour (self, from, direction)) < 0)
    return TRUE;   /* the arrow keys do not leave the graph */
  if (to < 0)
    return FALSE;
  gtk_widget_grab_focus (g_ptr_array_index (self->nodes, to));
  return TRUE;
}

/* "key-graph.move-focus" (a GtkDirectionType): the arrow keys */
static void
move_focus_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hsviz_key_graph_view_focus (widget, (GtkDirectionType) g_variant_get_int32 (parameter));
}

/* One focusable node per box, for the graph now shown */
static void
rebuild_nodes (HsvizKeyGraphView *self)
{
  guint n = self->graph != NULL ? hsviz_key_graph_get_n_nodes (self->graph) : 0;

  for (guint i = 0; i < self->nodes->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->nodes, i));
  g_ptr_array_set_size (self->nodes, 0);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (self->graph, i);
      g_autofree char *label = node_accessible_label (node);
      g_autofree char *details = node_details (node);
      GtkWidget *child = hsviz_key_graph_node_new (i, label, details);

      g_signal_connect_object (child, "activate", G_CALLBACK (node_activate_cb), self, G_CONNECT_SWAPPED);
      gtk_widget_set_parent (child, GTK_WIDGET (self));
      g_ptr_array_add (self->nodes, child);
    }
  update_accessible (self);
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
hsviz_key_graph_view_dispose (GObject *object)
{
  HsvizKeyGraphView *self = (HsvizKeyGraphView *) object;

  for (guint i = 0; self->nodes != NULL && i < self->nodes->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->nodes, i));
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  G_OBJECT_CLASS (hsviz_key_graph_view_parent_class)->dispose (object);
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

  static const struct { guint key; GtkDirectionType direction; } arrows[] = {
    { GDK_KEY_Up, GTK_DIR_UP }, { GDK_KEY_KP_Up, GTK_DIR_UP },
    { GDK_KEY_Down, GTK_DIR_DOWN }, { GDK_KEY_KP_Down, GTK_DIR_DOWN },
    { GDK_KEY_Left, GTK_DIR_LEFT }, { GDK_KEY_KP_Left, GTK_DIR_LEFT },
    { GDK_KEY_Right, GTK_DIR_RIGHT }, { GDK_KEY_KP_Right, GTK_DIR_RIGHT },
  };

  object_class->dispose = hsviz_key_graph_view_dispose;
  object_class->finalize = hsviz_key_graph_view_finalize;
  widget_class->snapshot = hsviz_key_graph_view_snapshot;
  widget_class->measure = hsviz_key_graph_view_measure;
  widget_class->size_allocate = hsviz_key_graph_view_size_allocate;
  widget_class->focus = hsviz_key_graph_view_focus;
  widget_class->css_changed = hsviz_key_graph_view_css_changed;
  gtk_widget_class_install_action (widget_class, "key-graph.move-focus", "i", move_focus_action);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "key-graph.move-focus", "i",
                                         arrows[i].direction);

  /* node-selected (const char *id or NULL) */
  signals[NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hsviz_key_graph_view_init (HsvizKeyGraphView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->scale = 1.0;
  self->nodes = g_ptr_array_new ();
  update_accessible (self);
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
  GtkWidget *focus;
  g_autofree char *focused = NULL;

  g_return_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self));

  /* the graph of the same connection again (its key schedule grew): the focus stays on its node */
  if ((focus = gtk_widget_get_focus_child (GTK_WIDGET (self))) != NULL)
    focused = g_strdup (hsviz_key_graph_get_node (self->graph, hsviz_key_graph_node_get_index (HSVIZ_KEY_GRAPH_NODE (focus)))->id);
  g_clear_pointer (&self->graph, hsviz_key_graph_free);
  g_clear_pointer (&self->selected, g_free);
  if (connection != NULL)
    self->graph = hsviz_key_graph_new (connection);
  layout (self);
  rebuild_nodes (self);
  if (focused != NULL && node_index (self, focused) >= 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->nodes, node_index (self, focused)));
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
  update_accessible (self);
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

char *
hsviz_key_graph_view_dup_details (HsvizKeyGraphView *self,
                                  const char        *id)
{
  int i;

  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_VIEW (self), NULL);

  i = node_index (self, id);
  return i >= 0 ? node_details (hsviz_key_graph_get_node (self->graph, i)) : NULL;
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
