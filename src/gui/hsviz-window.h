/* hsviz-window.h — the main window: target, capture, diagram and panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz.h"
#include "hsviz-application.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_WINDOW (hsviz_window_get_type ())
G_DECLARE_FINAL_TYPE (HsvizWindow, hsviz_window, HSVIZ, WINDOW, AdwApplicationWindow)

HsvizWindow  *hsviz_window_new          (HsvizApplication *application);
/* Shows @session (may be a live capture's growing session), its first connection in the
 * diagram and the panes; NULL shows the empty state. */
void             hsviz_window_set_session    (HsvizWindow      *self,
                                              HsvizSession     *session);
HsvizSession    *hsviz_window_get_session    (HsvizWindow      *self);
/* Shows the session's connection @index (nothing when there is no such connection). */
void             hsviz_window_set_connection (HsvizWindow      *self,
                                              guint             index);
/* The connection shown, or NULL. */
HsvizConnection *hsviz_window_get_connection (HsvizWindow      *self);
/* Loads a session file in a thread; on failure a toast says why and the current session
 * stays as it was. */
void          hsviz_window_open_file    (HsvizWindow      *self,
                                         GFile            *file);
void          hsviz_window_add_toast    (HsvizWindow      *self,
                                         const char       *message);
gboolean      hsviz_window_is_capturing (HsvizWindow      *self);
/* TRUE while a file opened with hsviz_window_open_file is being read. */
gboolean      hsviz_window_is_loading   (HsvizWindow      *self);

G_END_DECLS
