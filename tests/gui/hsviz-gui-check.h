/* hsviz-gui-check.h — what the GUI tests check in a laid-out window, and its screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz-window-private.h"

G_BEGIN_DECLS

/* Lets the frame clock lay the window out until the diagram's size stays the same. */
void  hsviz_gui_check_settle          (HsvizWindow *window);
/* Every mapped widget under @widget outside scrolled content is inside @window; no label is
 * ellipsized (fails the test otherwise).  Returns how many widgets were checked. */
guint hsviz_gui_check_inside          (GtkWidget   *window,
                                       GtkWidget   *widget);
/* With HSVIZ_TEST_SCREENSHOT_DIR set, saves @window there as the PNG @name (as drawn now). */
void  hsviz_gui_check_save_screenshot (GtkWidget   *window,
                                       const char  *name);

G_END_DECLS
