/* hsviz-sequence-view-private.h — the sequence view's instance, shared by its files
 *
 *   hsviz-sequence-view.c    the widget: session, mode, selection, scrolling, snapshot, counts
 *   hsviz-sequence-scroll.c  the visible part, following the end, scrolling a row into view
 *   hsviz-sequence-input.c   pointer, keyboard and tooltips
 *   hsviz-sequence-export.c  the whole diagram as PNG, SVG or PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-sequence-layout.h"
#include "hsviz-sequence-view.h"

G_BEGIN_DECLS

struct _HsvizSequenceView
{
  GtkWidget              parent_instance;

  HsvizConnection          *session;
  HsvizSequenceLayout   *layout;        /* NULL until needed after a model change */
  GtkAdjustment         *vadjustment;   /* of the scrolled window we are in, if any */

  HsvizSequenceViewMode  mode;
  guint                  selected;
  guint                  selected_step;
  int                    hover_row;
  gboolean               follow_end;    /* keep the end in view as the session grows */
  double                 zoom;          /* widget pixels per layout unit */
  guint                  revealed;      /* bands shown, G_MAXUINT for all (presenter mode) */

  double                 content_offset; /* our y in the scrolled content */
  GskRenderNode         *static_node;   /* the diagram without hover and selection */
  int                    static_width;
  GdkRGBA                static_foreground;
  double                 drawn_y0;      /* the part static_node covers, in layout units */
  double                 drawn_y1;

  /* hsviz-sequence-scroll.c: the part last scrolled into view (layout units), kept in view while
   * the scroller's size changes, until the user scrolls */
  gboolean               keep_in_view;
  double                 keep_top;
  double                 keep_bottom;
  double                 kept_value;    /* the adjustment as we left it */
  double                 kept_page;
  double                 kept_upper;
  guint                  keep_idle;
};

/* Widget pixels per layout unit now: the zoom, or less where the widget is narrower than the
 * diagram at that zoom. */
double _hsviz_sequence_view_get_scale (HsvizSequenceView *self);

/* hsviz-sequence-scroll.c */
void _hsviz_sequence_view_note_follow_end       (HsvizSequenceView *self);
void _hsviz_sequence_view_update_content_offset (HsvizSequenceView *self);
void _hsviz_sequence_view_get_visible_range     (HsvizSequenceView *self,
                                                 double            *y0,
                                                 double            *y1);
void _hsviz_sequence_view_set_vadjustment       (HsvizSequenceView *self,
                                                 GtkAdjustment     *adjustment);
void _hsviz_sequence_view_scroll_to_range       (HsvizSequenceView *self,
                                                 double             top,
                                                 double             bottom);
void _hsviz_sequence_view_scroll_to_row         (HsvizSequenceView *self,
                                                 int                index);

/* hsviz-sequence-input.c */
void _hsviz_sequence_view_class_init_input (GtkWidgetClass    *widget_class);
void _hsviz_sequence_view_init_input       (HsvizSequenceView *self);

G_END_DECLS
