/* hsviz-key-graph-window.h — the key schedule graph in a window of its own, large
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz-key-graph-view.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_KEY_GRAPH_WINDOW (hsviz_key_graph_window_get_type ())
G_DECLARE_FINAL_TYPE (HsvizKeyGraphWindow, hsviz_key_graph_window, HSVIZ, KEY_GRAPH_WINDOW, AdwWindow)

/* A window over @parent showing the graph of @pane_view's connection; a node selected in it is
 * selected in @pane_view too (which shows its input's bytes), and its Export SVG… button
 * activates @parent's "win.export-key-graph". */
HsvizKeyGraphWindow *hsviz_key_graph_window_new            (GtkWindow           *parent,
                                                            HsvizKeyGraphView   *pane_view);
void                 hsviz_key_graph_window_set_connection (HsvizKeyGraphWindow *self,
                                                            HsvizConnection     *connection);
HsvizKeyGraphView   *hsviz_key_graph_window_get_view       (HsvizKeyGraphWindow *self);

G_END_DECLS
