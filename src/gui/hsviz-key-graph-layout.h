/* hsviz-key-graph-layout.h — where the key schedule graph's boxes and edges go
 *
 * Pure geometry over the core's graph: one column per depth (hsviz_key_graph_get_node ()->depth),
 * nodes ordered in their column to cross few edges, edges as curves from a box's right side to
 * the next column's box's left side, passing other columns in lanes between their boxes, so an
 * edge never crosses a box.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <graphene.h>

#include "hsviz.h"

G_BEGIN_DECLS

typedef struct _HsvizKeyGraphLayout HsvizKeyGraphLayout;

/* Lays out @graph's nodes, node i @widths[i] wide (the widest of a column sets its width) and
 * @box_height high. */
HsvizKeyGraphLayout *hsviz_key_graph_layout_new         (HsvizKeyGraph       *graph,
                                                         const double        *widths,
                                                         double               box_height);
void                 hsviz_key_graph_layout_free        (HsvizKeyGraphLayout *self);
/* The drawing's size, margins included (0 × 0 for an empty graph) */
void                 hsviz_key_graph_layout_get_size    (HsvizKeyGraphLayout *self,
                                                         double              *width,
                                                         double              *height);
const graphene_rect_t *hsviz_key_graph_layout_get_box   (HsvizKeyGraphLayout *self,
                                                         guint                node);
/* The node at (@x, @y), -1 for none */
int                  hsviz_key_graph_layout_node_at     (HsvizKeyGraphLayout *self,
                                                         double               x,
                                                         double               y);
/* Edges: one per (input, node) pair of the graph, from and to as node indices */
guint                hsviz_key_graph_layout_get_n_edges (HsvizKeyGraphLayout *self);
void                 hsviz_key_graph_layout_get_edge    (HsvizKeyGraphLayout *self,
                                                         guint                k,
                                                         guint               *from,
                                                         guint               *to);
/* Appends edge @k's path to @cr's (a new sub-path) */
void                 hsviz_key_graph_layout_append_edge (HsvizKeyGraphLayout *self,
                                                         cairo_t             *cr,
                                                         guint                k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizKeyGraphLayout, hsviz_key_graph_layout_free)

G_END_DECLS
