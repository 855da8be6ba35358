/* hsviz-timing-pane.h — the Timing pane: where the connection's time went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_TIMING_PANE (hsviz_timing_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizTimingPane, hsviz_timing_pane, HSVIZ, TIMING_PANE, GtkWidget)

/* Follows @connection live ("updated", "items-changed"); NULL clears. */
void  hsviz_timing_pane_set_connection (HsvizTimingPane *self,
                                        HsvizConnection *connection);
/* For tests: the bars drawn (DNS, connect, flights, steps). */
guint hsviz_timing_pane_get_n_bars     (HsvizTimingPane *self);
/* For tests: the lines its labels take at the width last drawn (more than one per label where
 * the pane is narrow: they wrap, never cut). */
int   hsviz_timing_pane_get_n_lines    (HsvizTimingPane *self);

G_END_DECLS
