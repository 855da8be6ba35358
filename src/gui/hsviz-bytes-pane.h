/* hsviz-bytes-pane.h — a message's field tree next to its hex dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_BYTES_PANE (hsviz_bytes_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizBytesPane, hsviz_bytes_pane, HSVIZ, BYTES_PANE, GtkWidget)

GtkWidget    *hsviz_bytes_pane_new                (void);
void          hsviz_bytes_pane_set_message        (HsvizBytesPane *self,
                                                   HsvizMessage   *message);
HsvizMessage *hsviz_bytes_pane_get_message        (HsvizBytesPane *self);
/* Rows of the (fully expanded) field tree. */
guint         hsviz_bytes_pane_get_n_rows         (HsvizBytesPane *self);
HsvizField   *hsviz_bytes_pane_get_selected_field (HsvizBytesPane *self);
void          hsviz_bytes_pane_select_field       (HsvizBytesPane *self,
                                                   HsvizField     *field);
/* Select the innermost field covering byte @offset of the message (what a click in the hex does). */
void          hsviz_bytes_pane_select_offset      (HsvizBytesPane *self,
                                                   gsize           offset);
/* The [start, end) byte range highlighted in the hex dump, FALSE when none. */
gboolean      hsviz_bytes_pane_get_highlight      (HsvizBytesPane *self,
                                                   gsize          *start,
                                                   gsize          *end);

/* For tests: by how many pixels the widest hex dump line is wider than the hex view (0 or less
 * when every line shows whole); @per_line: the bytes a line shows (16, or 8 where narrow). */
int         hsviz_bytes_pane_get_hex_overflow (HsvizBytesPane *self,
                                               guint          *per_line);

G_END_DECLS
