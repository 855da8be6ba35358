/* hsviz-compare-window.h — two connections side by side (issue 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_COMPARE_WINDOW (hsviz_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (HsvizCompareWindow, hsviz_compare_window, HSVIZ, COMPARE_WINDOW, AdwWindow)

/* A window comparing @a (left) with @b (right), transient for @parent. */
GtkWidget *hsviz_compare_window_new          (GtkWindow          *parent,
                                              HsvizConnection    *a,
                                              HsvizConnection    *b);
/* The same with the columns' titles given ("1 · TLS 1.3 · full handshake"). */
GtkWidget *hsviz_compare_window_new_with_titles (GtkWindow       *parent,
                                                 HsvizConnection *a,
                                                 HsvizConnection *b,
                                                 const char      *title_a,
                                                 const char      *title_b);
/* For tests: the rows shown and how many are marked as differences. */
guint      hsviz_compare_window_get_n_rows   (HsvizCompareWindow *self);
guint      hsviz_compare_window_get_n_marked (HsvizCompareWindow *self);

G_END_DECLS
