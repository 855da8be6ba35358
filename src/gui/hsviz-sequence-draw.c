/* hsviz-sequence-draw.c — the one drawing function of the sequence diagram
 *
 * Used by the widget's snapshot (visible rows only, through gtk_snapshot_append_cairo) and by
 * hsviz_sequence_view_draw() for the export (hsviz-sequence-export.c: the whole diagram on an
 * image, SVG or PDF surface).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hsviz-sequence-layout.h"
#include "hsviz-sequence-view.h"

#define BADGE_RADIUS 9
#define ARROW_HEAD   8
#define LABEL_INSET  14


/* Six step colours that read on light and dark backgrounds. */
static const GdkRGBA step_colors[HSVIZ_N_STEPS + 1] = {
  { 0.55, 0.55, 0.58, 1 },   /* no step */
  { 0.21, 0.52, 0.89, 1 },   /* 1 blue */
  { 0.18, 0.64, 0.42, 1 },   /* 2 green */
  { 0.90, 0.45, 0.05, 1 },   /* 3 orange */
  { 0.65, 0.38, 0.77, 1 },   /* 4 purple */
  { 0.76, 0.58, 0.05, 1 },   /* 5 gold */
  { 0.10, 0.62, 0.66, 1 },   /* 6 teal */
};
static const GdkRGBA alert_color = { 0.88, 0.11, 0.14, 1 };
static const GdkRGBA alert_text_dark = { 1.0, 0.48, 0.46, 1 };   /* readable on dark */
static const GdkRGBA accent_color = { 0.21, 0.52, 0.89, 1 };
static const GdkRGBA white = { 1, 1, 1, 1 };

typedef struct
{
  cairo_t                      *cr;
  const HsvizSequenceDrawState *state;
  int                           width;
  double                        client_x;
  double                        server_x;
  gboolean                      dark;
} Ctx;

static const GdkRGBA *
color_for_step (guint step)
{
  return &step_colors[step <= HSVIZ_N_STEPS ? step : 0];
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba,
            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

static void
show_layout (cairo_t       *cr,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color,
             double         alpha)
{
  cairo_move_to (cr, x, y);
  set_source (cr, color, alpha);
  pango_cairo_show_layout (cr, layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_arrow (cairo_t       *cr,
            double         from,
            double         to,
            double         y,
            const GdkRGBA *color,
            double         line_width,
            gboolean       dashed)
{
  double dir = to > from ? 1 : -1;
  double tip = to - dir * 1;
  static const double dash[] = { 5, 4 };

  cairo_save (cr);
  set_source (cr, color, 1);
  cairo_set_line_width (cr, line_width);
  if (dashed)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, from, y);
  cairo_line_to (cr, tip - dir * ARROW_HEAD, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, tip, y);
  cairo_line_to (cr, tip - dir * ARROW_HEAD * 1.4, y - ARROW_HEAD * 0.7);
  cairo_line_to (cr, tip - dir * ARROW_HEAD * 1.4, y + ARROW_HEAD * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* An action box sits on its lifeline, shifted inwards when the window is narrow so that it
 * stays clear of the title column and the right edge. */
static double
action_box_width (const Ctx *c)
{
  double half_span = (c->server_x - c->client_x) / 2 - 6;
  double outside = c->client_x - (HSVIZ_SEQUENCE_TITLE_WIDTH - 4);

  return MIN (HSVIZ_SEQUENCE_ACTION_BOX_W, half_span + outside);
}

static double
action_box_x (const Ctx *c,
              gboolean   server)
{
  double w = action_box_width (c);

  if (server)
    return MIN (c->server_x - w / 2, c->width - 4 - w);
  return MAX (c->client_x - w / 2, HSVIZ_SEQUENCE_TITLE_WIDTH - 4);
}

static void
update_label_widths (HsvizSequenceLayout *layout,
                     const Ctx           *c)
{
  int span = c->server_x - c->client_x;

  if (layout->label_width == c->width)
    return;
  layout->label_width = c->width;

  for (guint i = 0; i < layout->rows->len; i++)
    {
      HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);
      int w;

      switch (row->kind)
        {
        case HSVIZ_SEQUENCE_ROW_ACTION:
          w = action_box_width (c) - 12;
          break;
        case HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP:
          w = span - 24;
          break;
        case HSVIZ_SEQUENCE_ROW_EXPLANATION:
          w = HSVIZ_SEQUENCE_EXPLANATION_WIDTH (c->width);
          break;
        case HSVIZ_SEQUENCE_ROW_FAILURE:
          w = c->width - c->client_x - 16;
          break;
        case HSVIZ_SEQUENCE_ROW_MESSAGE:
        case HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC:
        case HSVIZ_SEQUENCE_ROW_CLEARTEXT:
        case HSVIZ_SEQUENCE_ROW_ALERT:
        case HSVIZ_SEQUENCE_ROW_APPLICATION_DATA:
        default:
          w = span - 2 * LABEL_INSET;
          break;
        }
      pango_layout_set_width (row->label, MAX (w, 40) * PANGO_SCALE);
    }
}

static void
draw_header (HsvizSequenceLayout *layout,
             const Ctx           *c)
{
  cairo_t *cr = c->cr;
  const GdkRGBA *fg = &c->state->foreground;
  int h = layout->header_height - 16;

  for (guint i = 0; i < 2; i++)
    {
      double x = (i ? c->server_x : c->client_x) - HSVIZ_SEQUENCE_HEADER_BOX_W / 2.0;
      PangoLayout *text = i ? layout->server_header : layout->client_header;
      int th;

      x = CLAMP (x, 4, c->width - 4 - HSVIZ_SEQUENCE_HEADER_BOX_W);

      rounded_rect (cr, x + 0.5, 8.5, HSVIZ_SEQUENCE_HEADER_BOX_W - 1, h - 1, 6);
      set_source (cr, fg, 0.07);
      cairo_fill_preserve (cr);
      set_source (cr, fg, 0.45);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (text, NULL, &th);
      show_layout (cr, text, x + 8, 8 + (h - th) / 2.0, fg, 1);
    }
}

static void
draw_bands (HsvizSequenceLayout *layout,
            const Ctx           *c)
{
  cairo_t *cr = c->cr;

  for (guint i = 0; i < layout->bands->len; i++)
    {
      const HsvizSequenceBand *band = &g_array_index (layout->bands, HsvizSequenceBand, i);
      const GdkRGBA *color = color_for_step (band->step);
      gboolean selected = band->step == c->state->selected_step;

      if (band->y + band->height < c->state->y0 || band->y > c->state->y1)
        continue;

      set_source (cr, color, selected ? (c->dark ? 0.26 : 0.18) : (c->dark ? 0.13 : 0.08));
      cairo_rectangle (cr, 0, band->y, c->width, band->height);
      cairo_fill (cr);
      set_source (cr, color, 1);
      cairo_rectangle (cr, 0, band->y, selected ? 8 : 4, band->height);
      cairo_fill (cr);
      show_layout (cr, band->title, 16, band->y + HSVIZ_SEQUENCE_BAND_PAD, &c->state->foreground,
                   selected ? 1 : 0.85);
    }
}

static void
draw_lifelines (HsvizSequenceLayout *layout,
                const Ctx           *c)
{
  cairo_t *cr = c->cr;
  double top = MAX (layout->header_height - 8, c->state->y0);
  double bottom = MIN (layout->height - 8, c->state->y1);
  static const double dash[] = { 6, 4 };

  if (bottom <= top)
    return;

  cairo_save (cr);
  set_source (cr, &c->state->foreground, 0.4);
  cairo_set_line_width (cr, 1.5);
  /* Keep the dash phase fixed to the diagram, not to the part being drawn. */
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), fmod (top, dash[0] + dash[1]));
  /* The textbook view's explanations are text across the lifelines: the lines pause there. */
  for (guint i = hsviz_sequence_layout_first_row_below (layout, top); top < bottom; i++)
    {
      const HsvizSequenceRow *row = i < layout->rows->len ? &g_array_index (layout->rows, HsvizSequenceRow, i) : NULL;
      double end = bottom;

      if (row != NULL && row->kind != HSVIZ_SEQUENCE_ROW_EXPLANATION)
        continue;
      if (row != NULL)
        end = MIN (bottom, row->y);
      if (end > top)
        {
          cairo_move_to (cr, round (c->client_x) + 0.25, top);
          cairo_line_to (cr, round (c->client_x) + 0.25, end);
          cairo_move_to (cr, round (c->server_x) + 0.25, top);
          cairo_line_to (cr, round (c->server_x) + 0.25, end);
        }
      top = row != NULL ? MAX (top, row->y + row->height) : bottom;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_badge (HsvizSequenceLayout *layout,
            const Ctx           *c,
            guint                step,
            double               x,
            double               y)
{
  cairo_t *cr = c->cr;
  PangoLayout *text = layout->badges[step <= HSVIZ_N_STEPS ? step : 0];
  int tw, th;

  cairo_arc (cr, x, y, BADGE_RADIUS, 0, 2 * G_PI);
  set_source (cr, color_for_step (step), 1);
  cairo_fill (cr);
  pango_layout_get_pixel_size (text, &tw, &th);
  show_layout (cr, text, x - tw / 2.0, y - th / 2.0, &white, 1);
}

static void
draw_action (const HsvizSequenceRow *row,
             const Ctx              *c)
{
  cairo_t *cr = c->cr;
  /* a failed check (the certificate verdict, a key that does not match) is red */
  const GdkRGBA *color = row->failed ? &alert_color : color_for_step (row->step);
  double w = action_box_width (c);
  double h = row->height - 10;
  int th;

  pango_layout_get_pixel_size (row->label, NULL, &th);
  for (guint side = 0; side < 2; side++)
    {
      double x;

      if (!(row->sides & (side ? HSVIZ_SEQUENCE_SIDE_SERVER : HSVIZ_SEQUENCE_SIDE_CLIENT)))
        continue;
      x = action_box_x (c, side);
      rounded_rect (cr, x + 0.5, row->y + 5.5, w - 1, h - 1, 4);
      set_source (cr, color, c->dark ? 0.35 : 0.2);
      cairo_fill_preserve (cr);
      set_source (cr, color, 1);
      cairo_set_line_width (cr, row->failed ? 2 : 1);
      cairo_stroke (cr);
      show_layout (cr, row->label, x + 6, row->y + 5 + (h - th) / 2.0, &c->state->foreground, 1);
    }
}

static void
draw_failure (const HsvizSequenceRow *row,
              const Ctx              *c)
{
  cairo_t *cr = c->cr;
  double cx = c->client_x;
  double cy = row->y + 20;
  double r = 11;

  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  set_source (cr, &alert_color, 1);
  cairo_fill (cr);
  cairo_save (cr);
  set_source (cr, &white, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx - 4.5, cy - 4.5);
  cairo_line_to (cr, cx + 4.5, cy + 4.5);
  cairo_move_to (cr, cx + 4.5, cy - 4.5);
  cairo_line_to (cr, cx - 4.5, cy + 4.5);
  cairo_stroke (cr);
  cairo_restore (cr);
  show_layout (cr, row->label, cx + r + 8, row->y + 8, c->dark ? &alert_text_dark : &alert_color, 1);
}

static void
draw_loop (const HsvizSequenceRow *row,
           const Ctx              *c)
{
  cairo_t *cr = c->cr;
  const GdkRGBA *color = color_for_step (HSVIZ_STEP_CLIENT_HELLO);
  double x = c->client_x - 28;
  double bottom = row->y + row->height / 2.0;
  double top = row->loop_to_y;
  int th;

  cairo_save (cr);
  set_source (cr, color, 1);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, c->client_x - 4, bottom);
  cairo_line_to (cr, x, bottom);
  cairo_line_to (cr, x, top);
  cairo_line_to (cr, c->client_x - 4 - ARROW_HEAD, top);
  cairo_stroke (cr);
  cairo_move_to (cr, c->client_x - 3, top);
  cairo_line_to (cr, c->client_x - 3 - ARROW_HEAD * 1.4, top - ARROW_HEAD * 0.7);
  cairo_line_to (cr, c->client_x - 3 - ARROW_HEAD * 1.4, top + ARROW_HEAD * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);

  pango_layout_get_pixel_size (row->label, NULL, &th);
  show_layout (cr, row->label, c->client_x + 12, bottom - th / 2.0, &c->state->foreground, 1);
}

static gboolean
is_dark (const GdkRGBA *fg)
{
  return 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue > 0.5;
}

/* The shape and colours of the highlight behind a selected or hovered row, for the draw
 * function and for the widget, which draws it under its cached render node. */
static void
hsviz_sequence_get_highlight (const HsvizSequenceRow *row,
                              int                     width,
                              gboolean                selected,
                              const GdkRGBA          *foreground,
                              GskRoundedRect         *shape,
                              GdkRGBA                *fill,
                              GdkRGBA                *outline)
{
  width = MAX (width, HSVIZ_SEQUENCE_MIN_WIDTH);
  gsk_rounded_rect_init_from_rect (shape,
                                   &GRAPHENE_RECT_INIT (HSVIZ_SEQUENCE_TITLE_WIDTH + 4, row->y + 1,
                                                        width - HSVIZ_SEQUENCE_TITLE_WIDTH - 12,
                                                        row->height - 2),
                                   6);
  if (selected)
    {
      *fill = accent_color;
      fill->alpha = is_dark (foreground) ? 0.4 : 0.25;
    }
  else
    {
      *fill = *foreground;
      fill->alpha *= 0.08;
    }
  *outline = accent_color;
}

static void
draw_row (HsvizSequenceLayout    *layout,
          const HsvizSequenceRow *row,
          gboolean                selected,
          gboolean                hovered,
          const Ctx              *c)
{
  cairo_t *cr = c->cr;
  const GdkRGBA *fg = &c->state->foreground;
  const GdkRGBA *color = color_for_step (row->step);
  double from = row->direction == HSVIZ_DIRECTION_CLIENT ? c->client_x : c->server_x;
  double to = row->direction == HSVIZ_DIRECTION_CLIENT ? c->server_x : c->client_x;
  double dir = to > from ? 1 : -1;
  double arrow_y = row->y + row->height - 10;
  int th;

  if (selected || hovered)
    {
      GskRoundedRect shape;
      GdkRGBA fill, outline;
      const graphene_rect_t *b = &shape.bounds;

      hsviz_sequence_get_highlight (row, c->width, selected, fg, &shape, &fill, &outline);
      rounded_rect (cr, b->origin.x, b->origin.y, b->size.width, b->size.height, shape.corner[0].width);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill (cr);
      if (selected && c->state->focused)
        {
          rounded_rect (cr, b->origin.x + 0.5, b->origin.y + 0.5, b->size.width - 1, b->size.height - 1,
                        shape.corner[0].width);
          gdk_cairo_set_source_rgba (cr, &outline);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
        }
    }

  pango_layout_get_pixel_size (row->label, NULL, &th);

  switch (row->kind)
    {
    case HSVIZ_SEQUENCE_ROW_MESSAGE:
      show_layout (cr, row->label, c->client_x + LABEL_INSET, arrow_y - 6 - th, fg, 1);
      draw_arrow (cr, from, to, arrow_y, color, 2, FALSE);
      if (!layout->textbook)
        draw_badge (layout, c, row->step, from + dir * (BADGE_RADIUS + 8), arrow_y);
      break;

    case HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC:
    case HSVIZ_SEQUENCE_ROW_CLEARTEXT:
      show_layout (cr, row->label, c->client_x + LABEL_INSET, arrow_y - 4 - th, fg, 0.8);
      draw_arrow (cr, from, to, arrow_y, color, 1.25, TRUE);
      break;

    case HSVIZ_SEQUENCE_ROW_ALERT:
      /* red for a failure; close_notify and user_canceled end a connection as other records */
      show_layout (cr, row->label, c->client_x + LABEL_INSET, arrow_y - 6 - th,
                   !row->failed ? fg : c->dark ? &alert_text_dark : &alert_color, 1);
      draw_arrow (cr, from, to, arrow_y, row->failed ? &alert_color : color, 2, FALSE);
      break;

    case HSVIZ_SEQUENCE_ROW_APPLICATION_DATA:
      show_layout (cr, row->label, c->client_x + LABEL_INSET, arrow_y - 6 - th, fg, 1);
      draw_arrow (cr, from, to, arrow_y - 2, color, 1.5, FALSE);
      draw_arrow (cr, from, to, arrow_y + 2, color, 1.5, FALSE);
      break;

    case HSVIZ_SEQUENCE_ROW_ACTION:
      draw_action (row, c);
      break;

    case HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP:
      draw_loop (row, c);
      break;

    case HSVIZ_SEQUENCE_ROW_EXPLANATION:
      show_layout (cr, row->label, HSVIZ_SEQUENCE_TITLE_WIDTH + 14, row->y + 7, fg, 0.75);
      break;

    case HSVIZ_SEQUENCE_ROW_FAILURE:
      draw_failure (row, c);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The widget draws hover and selection with render nodes under its cached diagram. */
void
hsviz_sequence_layout_append_highlight (HsvizSequenceLayout *layout,
                                        GtkSnapshot         *snapshot,
                                        int                  index,
                                        gboolean             selected,
                                        gboolean             focused,
                                        const GdkRGBA       *foreground,
                                        int                  width)
{
  GskRoundedRect shape;
  GdkRGBA fill, outline;

  if (index < 0)
    return;

  hsviz_sequence_get_highlight (&g_array_index (layout->rows, HsvizSequenceRow, index),
                                width, selected, foreground, &shape, &fill, &outline);
  gtk_snapshot_push_rounded_clip (snapshot, &shape);
  gtk_snapshot_append_color (snapshot, &fill, &shape.bounds);
  gtk_snapshot_pop (snapshot);
  if (selected && focused)
    gtk_snapshot_append_border (snapshot, &shape, (float[4]) { 1, 1, 1, 1 },
                                (GdkRGBA[4]) { outline, outline, outline, outline });
}

/* Where the lifelines are in a diagram @width layout units wide (at least
 * HSVIZ_SEQUENCE_MIN_WIDTH): the columns follow the width; narrow, the lifelines move
 * outwards to leave the labels room. */
void
hsviz_sequence_layout_get_lifelines (int     width,
                                     double *client_x,
                                     double *server_x)
{
  int inset;

  width = MAX (width, HSVIZ_SEQUENCE_MIN_WIDTH);
  inset = CLAMP ((width - HSVIZ_SEQUENCE_TITLE_WIDTH) / 6, 72, HSVIZ_SEQUENCE_LIFELINE_INSET);
  *client_x = HSVIZ_SEQUENCE_TITLE_WIDTH + inset;
  *server_x = width - inset - 16;
}

/**
 * hsviz_sequence_layout_draw:
 *
 * Draws the rows, bands, header and lifelines of @layout that meet the band
 * [@state->y0, @state->y1] of the diagram, in diagram coordinates.
 */
void
hsviz_sequence_layout_draw (HsvizSequenceLayout          *layout,
                            cairo_t                      *cr,
                            const HsvizSequenceDrawState *state)
{
  const GdkRGBA *fg = &state->foreground;
  Ctx c;
  guint first;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  c.cr = cr;
  c.state = state;
  c.width = MAX (state->width, HSVIZ_SEQUENCE_MIN_WIDTH);
  hsviz_sequence_layout_get_lifelines (c.width, &c.client_x, &c.server_x);
  c.dark = is_dark (fg);

  update_label_widths (layout, &c);

  if (state->fill_background)
    {
      if (c.dark)
        cairo_set_source_rgb (cr, 0.14, 0.14, 0.14);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }

  draw_bands (layout, &c);
  if (state->y0 < layout->header_height)
    draw_header (layout, &c);
  draw_lifelines (layout, &c);

  /* Rows are sorted by y: start at the first visible one. */
  first = hsviz_sequence_layout_first_row_below (layout, state->y0);
  for (guint i = first; i < layout->rows->len; i++)
    {
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);

      if (row->y > state->y1)
        break;
      if (row->kind != HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP)
        draw_row (layout, row,
                  row->message != GTK_INVALID_LIST_POSITION && row->message == state->selected,
                  (int)i == state->hover_row, &c);
    }

  /* A hello-retry loop reaches up from its row to an earlier ClientHello. */
  for (guint i = 0; i < layout->loops->len; i++)
    {
      guint index = g_array_index (layout->loops, guint, i);
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, index);

      if (row->loop_to_y - 10 <= state->y1 && row->y + row->height >= state->y0)
        draw_row (layout, row, FALSE, (int)index == state->hover_row, &c);
    }
}
