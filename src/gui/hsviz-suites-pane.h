/* hsviz-suites-pane.h — cipher suites, groups, key shares, signature schemes, versions, ALPN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_SUITES_PANE (hsviz_suites_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizSuitesPane, hsviz_suites_pane, HSVIZ, SUITES_PANE, GtkWidget)

GtkWidget *hsviz_suites_pane_new          (void);
void       hsviz_suites_pane_set_connection  (HsvizSuitesPane *self,
                                           HsvizConnection    *session);
/* Number of offered suites listed (for tests). */
guint      hsviz_suites_pane_get_n_offered (HsvizSuitesPane *self);

G_END_DECLS
