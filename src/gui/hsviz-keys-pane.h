/* hsviz-keys-pane.h — the key log, master secret, keys and the key schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"
#include "hsviz-key-graph-view.h"
#include "hsviz-key-graph-window.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_KEYS_PANE (hsviz_keys_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizKeysPane, hsviz_keys_pane, HSVIZ, KEYS_PANE, GtkWidget)

GtkWidget *hsviz_keys_pane_new          (void);
void       hsviz_keys_pane_set_connection  (HsvizKeysPane *self,
                                         HsvizConnection  *session);
/* Property "revealed": secrets are hidden until revealed. */
gboolean   hsviz_keys_pane_get_revealed (HsvizKeysPane *self);
void       hsviz_keys_pane_set_revealed (HsvizKeysPane *self,
                                         gboolean       revealed);

/* The key schedule graph shown when the secrets are revealed. */
HsvizKeyGraphView *hsviz_keys_pane_get_graph_view (HsvizKeysPane *self);
HsvizKeyGraphWindow *hsviz_keys_pane_open_graph_window (HsvizKeysPane *self);

G_END_DECLS
