/* hsviz-step-pane.h — what the selected step does, on the negotiated protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_STEP_PANE (hsviz_step_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizStepPane, hsviz_step_pane, HSVIZ, STEP_PANE, GtkWidget)

GtkWidget *hsviz_step_pane_new         (void);
void       hsviz_step_pane_set_connection (HsvizStepPane *self,
                                        HsvizConnection  *session);
/* 1..6, 0 for none. */
void       hsviz_step_pane_set_step    (HsvizStepPane *self,
                                        guint          step);
guint      hsviz_step_pane_get_step    (HsvizStepPane *self);

G_END_DECLS
