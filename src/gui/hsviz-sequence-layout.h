/* hsviz-sequence-layout.h — the sequence diagram's rows and bands, and what works on them
 *
 * Private to HsvizSequenceView.  hsviz-sequence-layout.c turns the connection's timeline into
 * rows and step bands with their cached Pango layouts, once per model change;
 * hsviz-sequence-draw.c draws them (hsviz_sequence_layout_draw(), on screen for the visible
 * rows only and for export for the whole diagram); hsviz-sequence-hit.c finds rows, bands and
 * tooltips at a point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"
#include "hsviz-sequence-view.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_SEQUENCE_ROW_MESSAGE,            /* a handshake message arrow */
  HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC, /* a ChangeCipherSpec record, small dashed arrow */
  HSVIZ_SEQUENCE_ROW_ALERT,              /* an alert record, red when it reports a failure */
  HSVIZ_SEQUENCE_ROW_APPLICATION_DATA,   /* a run of application data records */
  HSVIZ_SEQUENCE_ROW_ACTION,             /* a local action box on one or both lifelines */
  HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP,   /* the loop back to step 1 after a HelloRetryRequest */
  HSVIZ_SEQUENCE_ROW_EXPLANATION,        /* textbook view: what a step with no message became */
  HSVIZ_SEQUENCE_ROW_FAILURE,            /* the point of failure */
  HSVIZ_SEQUENCE_ROW_CLEARTEXT,          /* said in clear before TLS (STARTTLS), dashed arrow */
} HsvizSequenceRowKind;

enum
{
  HSVIZ_SEQUENCE_SIDE_CLIENT = 1 << 0,
  HSVIZ_SEQUENCE_SIDE_SERVER = 1 << 1,
};

typedef struct
{
  HsvizSequenceRowKind kind;
  HsvizStep            step;
  HsvizDirection       direction;   /* sender of an arrow */
  guint                sides;       /* lifelines of an action box */
  gboolean             failed;      /* an action whose check failed, an alert that reports a
                                     * failure (drawn red) */
  guint                message;     /* session position, GTK_INVALID_LIST_POSITION if none */
  guint                loop_to;     /* HELLO_RETRY_LOOP: message position it goes back to */
  int                  loop_to_y;   /* HELLO_RETRY_LOOP: y of that message's arrow */
  int                  y;
  int                  height;
  char                *tooltip;
  PangoLayout         *label;
} HsvizSequenceRow;

typedef struct
{
  HsvizStep    step;
  int          y;
  int          height;
  PangoLayout *title;
} HsvizSequenceBand;

typedef struct
{
  GArray      *rows;       /* of HsvizSequenceRow, by y */
  GArray      *bands;      /* of HsvizSequenceBand, by y */
  GArray      *loops;      /* of guint: indexes of the HELLO_RETRY_LOOP rows */
  PangoLayout *client_header;
  PangoLayout *server_header;
  PangoLayout *badges[HSVIZ_N_STEPS + 1];
  int          header_height;
  int          height;
  guint        n_arrows;         /* handshake message arrows */
  guint        n_record_arrows;  /* ChangeCipherSpec, alert and application data arrows */
  gboolean     textbook;
  gboolean     presenting;       /* explanations left to the presenter text (no text rows) */
  int          label_width;      /* width the labels were last wrapped for */
} HsvizSequenceLayout;

typedef struct
{
  int      width;
  double   y0;             /* the part of the diagram to draw */
  double   y1;
  GdkRGBA  foreground;
  gboolean fill_background;
  guint    selected;       /* session position or GTK_INVALID_LIST_POSITION */
  guint    selected_step;  /* 0 = none */
  int      hover_row;      /* -1 = none */
  gboolean focused;
} HsvizSequenceDrawState;

/* Geometry, in pixels. */
#define HSVIZ_SEQUENCE_MIN_WIDTH      600  /* narrowest width the diagram is drawn for */
#define HSVIZ_SEQUENCE_NATURAL_WIDTH  760
#define HSVIZ_SEQUENCE_TITLE_WIDTH    160  /* the band title column on the left */
#define HSVIZ_SEQUENCE_LIFELINE_INSET 100  /* client lifeline from the title column, server from the right */
#define HSVIZ_SEQUENCE_HEADER_BOX_W   190
#define HSVIZ_SEQUENCE_ACTION_BOX_W   210
#define HSVIZ_SEQUENCE_BAND_PAD       6
#define HSVIZ_SEQUENCE_EXPLANATION_WIDTH(width) ((width) - HSVIZ_SEQUENCE_TITLE_WIDTH - 28)

HsvizSequenceLayout *hsviz_sequence_layout_new              (HsvizConnection            *session,
                                                             gboolean                 textbook,
                                                             gboolean                 presenting,
                                                             PangoContext            *context);
void                 hsviz_sequence_layout_free             (HsvizSequenceLayout     *layout);
void                 hsviz_sequence_layout_get_lifelines    (int                      width,
                                                             double                  *client_x,
                                                             double                  *server_x);
void                 hsviz_sequence_layout_draw             (HsvizSequenceLayout     *layout,
                                                             cairo_t                 *cr,
                                                             const HsvizSequenceDrawState *state);
guint                hsviz_sequence_layout_next_message     (HsvizSequenceLayout     *layout,
                                                             guint                    selected,
                                                             int                      delta);
gboolean             hsviz_sequence_layout_query_tooltip    (HsvizSequenceLayout     *layout,
                                                             HsvizConnection            *session,
                                                             int                      width,
                                                             double                   x,
                                                             double                   y,
                                                             guint                    keyboard_message,
                                                             GtkTooltip              *tooltip);
void                 hsviz_sequence_layout_append_highlight (HsvizSequenceLayout     *layout,
                                                             GtkSnapshot             *snapshot,
                                                             int                      index,
                                                             gboolean                 selected,
                                                             gboolean                 focused,
                                                             const GdkRGBA           *foreground,
                                                             int                      width);
/* Index of the first row that ends below @y (rows->len if none). */
guint                hsviz_sequence_layout_first_row_below  (HsvizSequenceLayout     *layout,
                                                             double                   y);
/* Index of the row at @y, or -1. */
int                  hsviz_sequence_layout_row_at           (HsvizSequenceLayout     *layout,
                                                             double                   y);
/* Step whose band title is at (@x, @y), or 0. */
guint                hsviz_sequence_layout_band_title_at    (HsvizSequenceLayout     *layout,
                                                             double                   x,
                                                             double                   y);
/* Index of the row of message @position, or -1. */
int                  hsviz_sequence_layout_find_message     (HsvizSequenceLayout     *layout,
                                                             guint                    position);
/* Index of the first band of @step, or -1. */
int                  hsviz_sequence_layout_find_band        (HsvizSequenceLayout     *layout,
                                                             guint                    step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizSequenceLayout, hsviz_sequence_layout_free)

/* The view's layout, computed when first needed after a model change (hsviz-sequence-view.c;
 * used by its input handling and by tests). */
HsvizSequenceLayout *_hsviz_sequence_view_ensure_layout   (HsvizSequenceView      *self);

G_END_DECLS
