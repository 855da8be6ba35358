/* hsviz-key-graph-node.c — one node of the key schedule graph, as a focusable child of the view
 *
 * The graph view (hsviz-key-graph-view.c) draws the boxes and edges; over each box it places
 * one of these, allocated to the box, so that a keyboard user can move the focus across the
 * nodes (Tab, the arrow keys: the view's focus order), sees where it is (the CSS outline of
 * keygraphnode:focus-visible, style.css) and activates the node (Return, Enter, space) to
 * select it as a click does ("activate").  Its accessible role is a button, named by the
 * node's label and verdict and described by its formula, value and note, which are also its
 * tooltip.  It draws nothing itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include "hsviz-key-graph-node.h"

struct _HsvizKeyGraphNode
{
  GtkWidget parent_instance;
  guint     index;
};

enum { ACTIVATE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HsvizKeyGraphNode, hsviz_key_graph_node, GTK_TYPE_WIDGET)

static void
hsviz_key_graph_node_class_init (HsvizKeyGraphNodeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_Return, GDK_KEY_ISO_Enter, GDK_KEY_KP_Enter, GDK_KEY_space, GDK_KEY_KP_Space };

  /* activate: the node was activated by the keyboard (or gtk_widget_activate) */
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_signal (widget_class, keys[i], 0, "activate", NULL);
  gtk_widget_class_set_css_name (widget_class, "keygraphnode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
hsviz_key_graph_node_init (HsvizKeyGraphNode *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
hsviz_key_graph_node_new (guint       index,
                          const char *label,
                          const char *details)
{
  HsvizKeyGraphNode *self = g_object_new (HSVIZ_TYPE_KEY_GRAPH_NODE, "tooltip-text", details, NULL);

  self->index = index;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);
  return GTK_WIDGET (self);
}

guint
hsviz_key_graph_node_get_index (HsvizKeyGraphNode *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEY_GRAPH_NODE (self), 0);
  return self->index;
}
