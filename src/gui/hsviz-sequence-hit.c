/* hsviz-sequence-hit.c — hit testing, keyboard navigation and tooltips on the diagram's layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-sequence-layout.h"
#include "hsviz-sequence-view.h"

/* ---- hit testing ---- */

guint
hsviz_sequence_layout_first_row_below (HsvizSequenceLayout *layout,
                                       double               y)
{
  guint lo = 0, hi = layout->rows->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, mid);

      if (row->y + row->height <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

int
hsviz_sequence_layout_row_at (HsvizSequenceLayout *layout,
                              double               y)
{
  guint i = hsviz_sequence_layout_first_row_below (layout, y);

  if (i < layout->rows->len && y >= g_array_index (layout->rows, HsvizSequenceRow, i).y)
    return i;
  return -1;
}

guint
hsviz_sequence_layout_band_title_at (HsvizSequenceLayout *layout,
                                     double               x,
                                     double               y)
{
  if (x < 0 || x >= HSVIZ_SEQUENCE_TITLE_WIDTH)
    return 0;
  for (guint i = 0; i < layout->bands->len; i++)
    {
      const HsvizSequenceBand *band = &g_array_index (layout->bands, HsvizSequenceBand, i);

      if (y >= band->y && y < band->y + band->height)
        return band->step;
    }
  return 0;
}

int
hsviz_sequence_layout_find_message (HsvizSequenceLayout *layout,
                                    guint                position)
{
  if (position == GTK_INVALID_LIST_POSITION)
    return -1;
  for (guint i = 0; i < layout->rows->len; i++)
    if (g_array_index (layout->rows, HsvizSequenceRow, i).message == position)
      return i;
  return -1;
}

int
hsviz_sequence_layout_find_band (HsvizSequenceLayout *layout,
                                 guint                step)
{
  for (guint i = 0; i < layout->bands->len; i++)
    if (g_array_index (layout->bands, HsvizSequenceBand, i).step == step)
      return i;
  return -1;
}

/**
 * hsviz_sequence_layout_next_message:
 * @delta: -1 / +1 for the previous / next message row, +2 for the first, -2 for the last
 *
 * Returns: the message shown next to @selected in that direction, in the order shown, or
 *   %GTK_INVALID_LIST_POSITION at the end
 */
guint
hsviz_sequence_layout_next_message (HsvizSequenceLayout *layout,
                                    guint                selected,
                                    int                  delta)
{
  int n = layout->rows->len;
  int current = hsviz_sequence_layout_find_message (layout, selected);
  int step = delta == 1 || delta == 2 ? 1 : -1;
  int i;

  if (current < 0 || delta <= -2 || delta >= 2)
    i = step < 0 ? n - 1 : 0;
  else
    i = current + step;

  for (; i >= 0 && i < n; i += step)
    {
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);

      if (row->message != GTK_INVALID_LIST_POSITION)
        return row->message;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The tooltip at (@x, @y), or of message @keyboard_message when the keyboard asks. */
gboolean
hsviz_sequence_layout_query_tooltip (HsvizSequenceLayout *layout,
                                     HsvizConnection        *session,
                                     int                  width,
                                     double               x,
                                     double               y,
                                     guint                keyboard_message,
                                     GtkTooltip          *tooltip)
{
  const HsvizSequenceRow *row;
  guint step;
  int index;

  if (keyboard_message != GTK_INVALID_LIST_POSITION)
    index = hsviz_sequence_layout_find_message (layout, keyboard_message);
  else if ((step = hsviz_sequence_layout_band_title_at (layout, x, y)) != 0 && session != NULL)
    {
      const char *explain = hsviz_step_explain (step, hsviz_connection_get_version (session),
                                                hsviz_connection_get_key_exchange (session));
      g_autofree char *text = g_strdup_printf ("%u %s\n%s", step, hsviz_step_title (step),
                                               explain ? explain : "");

      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  else
    index = hsviz_sequence_layout_row_at (layout, y);

  if (index < 0)
    return FALSE;

  row = &g_array_index (layout->rows, HsvizSequenceRow, index);
  if (row->tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, row->tooltip);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { 0, row->y, width, row->height });
  return TRUE;
}
