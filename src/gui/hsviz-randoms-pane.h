/* hsviz-randoms-pane.h — client and server randoms, session ids, sentinels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_RANDOMS_PANE (hsviz_randoms_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizRandomsPane, hsviz_randoms_pane, HSVIZ, RANDOMS_PANE, GtkWidget)

GtkWidget *hsviz_randoms_pane_new         (void);
void       hsviz_randoms_pane_set_connection (HsvizRandomsPane *self,
                                           HsvizConnection     *session);

G_END_DECLS
