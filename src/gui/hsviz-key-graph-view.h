/* hsviz-key-graph-view.h — the key schedule drawn as a graph: inputs → secrets → keys → records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"
#include "hsviz-key-graph-layout.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_KEY_GRAPH_VIEW (hsviz_key_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (HsvizKeyGraphView, hsviz_key_graph_view, HSVIZ, KEY_GRAPH_VIEW, GtkWidget)

GtkWidget          *hsviz_key_graph_view_new            (void);
void                hsviz_key_graph_view_set_connection (HsvizKeyGraphView *self,
                                                         HsvizConnection   *connection);
HsvizKeyGraph      *hsviz_key_graph_view_get_graph      (HsvizKeyGraphView *self);
/* Selects the node @id (NULL: none) and emits "node-selected" with it. */
void                hsviz_key_graph_view_select         (HsvizKeyGraphView *self,
                                                         const char        *id);
/* The zoom (1.0: the layout's size), clamped to MIN … MAX; the SVG export is unscaled */
#define HSVIZ_KEY_GRAPH_VIEW_MIN_SCALE 0.5
#define HSVIZ_KEY_GRAPH_VIEW_MAX_SCALE 2.0
void                hsviz_key_graph_view_set_scale      (HsvizKeyGraphView *self,
                                                         double             scale);
double              hsviz_key_graph_view_get_scale      (HsvizKeyGraphView *self);
/* Where the boxes and edges are drawn (NULL without a graph) */
HsvizKeyGraphLayout *hsviz_key_graph_view_get_layout    (HsvizKeyGraphView *self);
const char         *hsviz_key_graph_view_get_selected   (HsvizKeyGraphView *self);
/* What the node @id's tooltip says (its id, formula, value and note), NULL for no such node */
char               *hsviz_key_graph_view_dup_details    (HsvizKeyGraphView *self,
                                                         const char        *id);
/* Writes the whole graph as SVG to @file. */
gboolean            hsviz_key_graph_view_export_svg     (HsvizKeyGraphView *self,
                                                         GFile             *file,
                                                         GError           **error);

G_END_DECLS
