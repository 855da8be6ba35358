/* hsviz-key-graph-node.h — one node of the key schedule graph, as a focusable child of the view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HSVIZ_TYPE_KEY_GRAPH_NODE (hsviz_key_graph_node_get_type ())
G_DECLARE_FINAL_TYPE (HsvizKeyGraphNode, hsviz_key_graph_node, HSVIZ, KEY_GRAPH_NODE, GtkWidget)

/* The node @index of the view's graph; @label names it for assistive technologies, @details
 * (formula, value, note) describes it and is its tooltip. */
GtkWidget *hsviz_key_graph_node_new       (guint       index,
                                           const char *label,
                                           const char *details);
guint      hsviz_key_graph_node_get_index (HsvizKeyGraphNode *self);

G_END_DECLS
