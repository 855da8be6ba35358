/* hsviz-sequence-view.h — the sequence diagram widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_SEQUENCE_VIEW_WIRE,      /* messages in wire order, each tagged with its step */
  HSVIZ_SEQUENCE_VIEW_TEXTBOOK,  /* the six steps in order, each saying what it became */
} HsvizSequenceViewMode;

#define HSVIZ_TYPE_SEQUENCE_VIEW_MODE (hsviz_sequence_view_mode_get_type ())
GType hsviz_sequence_view_mode_get_type (void) G_GNUC_CONST;

#define HSVIZ_TYPE_SEQUENCE_VIEW (hsviz_sequence_view_get_type ())
G_DECLARE_FINAL_TYPE (HsvizSequenceView, hsviz_sequence_view, HSVIZ, SEQUENCE_VIEW, GtkWidget)

GtkWidget             *hsviz_sequence_view_new            (void);
/* Follows the session live ("items-changed" and "updated"). NULL clears. */
void                   hsviz_sequence_view_set_connection    (HsvizSequenceView     *self,
                                                           HsvizConnection          *session);
HsvizConnection          *hsviz_sequence_view_get_connection    (HsvizSequenceView     *self);
void                   hsviz_sequence_view_set_mode       (HsvizSequenceView     *self,
                                                           HsvizSequenceViewMode  mode);
HsvizSequenceViewMode  hsviz_sequence_view_get_mode       (HsvizSequenceView     *self);
/* Properties "selected" (guint message position, GTK_INVALID_LIST_POSITION for none; bind it
 * to a GtkSingleSelection's "selected") and "selected-step" (guint 0..6, 0 = none). */
guint                  hsviz_sequence_view_get_selected   (HsvizSequenceView     *self);
void                   hsviz_sequence_view_set_selected   (HsvizSequenceView     *self,
                                                           guint                  position);
#define HSVIZ_SEQUENCE_VIEW_MIN_ZOOM 0.5
#define HSVIZ_SEQUENCE_VIEW_MAX_ZOOM 3.0
/* Presenter mode: only the first @n_bands step bands are drawn (G_MAXUINT: all); while some are
 * hidden, the textbook rows that explain a step are left empty (the presenter shows the text). */
void                   hsviz_sequence_view_set_revealed   (HsvizSequenceView     *self,
                                                           guint                  n_bands);
guint                  hsviz_sequence_view_get_revealed   (HsvizSequenceView     *self);
/* Property "zoom": widget pixels per layout unit (1.0: the diagram's own size). */
void                   hsviz_sequence_view_set_zoom       (HsvizSequenceView     *self,
                                                           double                 zoom);
double                 hsviz_sequence_view_get_zoom       (HsvizSequenceView     *self);
guint                  hsviz_sequence_view_get_selected_step (HsvizSequenceView  *self);
void                   hsviz_sequence_view_set_selected_step (HsvizSequenceView  *self,
                                                              guint               step);
/* Number of arrows / step bands currently laid out (for tests): one arrow per handshake
 * message of the session; six bands in the textbook view, one per run of rows of the same
 * step in the wire view (TLS 1.3's step 2 comes back after the key schedule). */
guint                  hsviz_sequence_view_get_n_arrows   (HsvizSequenceView     *self);
guint                  hsviz_sequence_view_get_n_steps    (HsvizSequenceView     *self);
/* Number of arrows drawn from records (ChangeCipherSpec, alerts, application-data runs). */
guint                  hsviz_sequence_view_get_n_record_arrows (HsvizSequenceView *self);
/* Height of the whole diagram in pixels. */
int                    hsviz_sequence_view_get_content_height  (HsvizSequenceView *self);
/* Draw the part [@y0, @y1] of the diagram laid out for @width into @cr (for benchmarks and
 * printing).  @fill_background: a standalone image, with a background and without hover,
 * selection and focus; FALSE draws them as the widget shows them. */
void                   hsviz_sequence_view_draw           (HsvizSequenceView     *self,
                                                           cairo_t               *cr,
                                                           int                    width,
                                                           double                 y0,
                                                           double                 y1,
                                                           gboolean               fill_background);
/* Draw the whole diagram (not only the visible part) into a PNG, SVG or PDF file; the format
 * comes from @format ("png", "svg", "pdf"). */
gboolean               hsviz_sequence_view_export         (HsvizSequenceView     *self,
                                                           GFile                 *file,
                                                           const char            *format,
                                                           GError               **error);

G_END_DECLS
