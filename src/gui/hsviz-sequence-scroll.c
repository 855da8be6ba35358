/* hsviz-sequence-scroll.c — the sequence view in its scrolled window: what part is visible,
 * keeping the end in view while a capture runs, scrolling a row into view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-sequence-view-private.h"

/* While a capture runs, a view the user scrolled to its end stays at the end as the diagram
 * grows; a diagram that still fits stays at its top (step 1) as it starts to scroll. */
void
_hsviz_sequence_view_note_follow_end (HsvizSequenceView *self)
{
  GtkAdjustment *adj = self->vadjustment;

  self->follow_end = adj != NULL &&
                     gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 2 &&
                     gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
                     gtk_adjustment_get_upper (adj) - 2;
}

/* Our offset inside the scrolled content, learnt at each snapshot (the scroller's bounds are
 * only current after allocation, the adjustment's value at once). */
void
_hsviz_sequence_view_update_content_offset (HsvizSequenceView *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (self->vadjustment != NULL && scroller != NULL &&
      gtk_widget_compute_bounds (scroller, GTK_WIDGET (self), &bounds))
    self->content_offset = gtk_adjustment_get_value (self->vadjustment) - bounds.origin.y;
}

/* The part of the widget the user sees, from the scrolled window's adjustment. */
void
_hsviz_sequence_view_get_visible_range (HsvizSequenceView *self,
                                        double            *y0,
                                        double            *y1)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  *y0 = 0;
  *y1 = height;
  if (self->vadjustment != NULL)
    {
      double top = gtk_adjustment_get_value (self->vadjustment) - self->content_offset;

      *y0 = CLAMP (top, 0, height);
      *y1 = CLAMP (top + gtk_adjustment_get_page_size (self->vadjustment), *y0, height);
    }
}

static void
vadjustment_changed_cb (HsvizSequenceView *self,
                        GtkAdjustment     *adjustment)
{
  double scale = _hsviz_sequence_view_get_scale (self);
  double y0, y1;

  /* The user scrolled (the bounds are as we left them, the value is not). */
  if (self->keep_in_view && gtk_adjustment_get_page_size (adjustment) == self->kept_page &&
      gtk_adjustment_get_upper (adjustment) == self->kept_upper &&
      gtk_adjustment_get_value (adjustment) != self->kept_value)
    self->keep_in_view = FALSE;

  /* GTK keeps our render node when only our position changes: draw again once the
   * visible part leaves what the last snapshot drew (it drew a page more each way). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  _hsviz_sequence_view_get_visible_range (self, &y0, &y1);
  if (y0 / scale < self->drawn_y0 || y1 / scale > self->drawn_y1)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
keep_in_view_cb (gpointer data)
{
  HsvizSequenceView *self = data;

  self->keep_idle = 0;
  if (self->keep_in_view)
    _hsviz_sequence_view_scroll_to_range (self, self->keep_top, self->keep_bottom);
  return G_SOURCE_REMOVE;
}

static void
vadjustment_bounds_changed_cb (HsvizSequenceView *self,
                               GtkAdjustment     *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->follow_end && gtk_adjustment_get_value (adjustment) < end)
    gtk_adjustment_set_value (adjustment, end);
  else if (self->keep_in_view && self->keep_idle == 0)
    /* once the scroller is done: it sets the value again after this */
    self->keep_idle = g_idle_add (keep_in_view_cb, self);
  vadjustment_changed_cb (self, adjustment);
}

void
_hsviz_sequence_view_set_vadjustment (HsvizSequenceView *self,
                                      GtkAdjustment     *adjustment)
{
  if (self->vadjustment == adjustment)
    return;

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_handle_id (&self->keep_idle, g_source_remove);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect_object (adjustment, "value-changed",
                               G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "changed",
                               G_CALLBACK (vadjustment_bounds_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

/* Scrolls the part [@top, @bottom] of the diagram (layout units) into view, its top first when
 * it is taller than the view, and keeps it there while the view's size settles (presenter
 * mode's text below changes its height with each step). */
void
_hsviz_sequence_view_scroll_to_range (HsvizSequenceView *self,
                                      double             top,
                                      double             bottom)
{
  GtkAdjustment *adj = self->vadjustment;
  double y0, y1, value, scale;

  if (adj == NULL)
    return;

  self->keep_top = top;
  self->keep_bottom = bottom;
  self->keep_in_view = FALSE;   /* not while we scroll */
  _hsviz_sequence_view_get_visible_range (self, &y0, &y1);
  if (y1 > y0)
    {
      value = gtk_adjustment_get_value (adj);
      scale = _hsviz_sequence_view_get_scale (self);
      top *= scale;
      bottom *= scale;
      if (bottom - top > y1 - y0 - 16 || top < y0)
        gtk_adjustment_set_value (adj, value - (y0 - top) - 8);
      else if (bottom > y1)
        gtk_adjustment_set_value (adj, value + (bottom - y1) + 8);
    }
  self->keep_in_view = TRUE;
  self->kept_value = gtk_adjustment_get_value (adj);
  self->kept_page = gtk_adjustment_get_page_size (adj);
  self->kept_upper = gtk_adjustment_get_upper (adj);
}

void
_hsviz_sequence_view_scroll_to_row (HsvizSequenceView *self,
                                    int                index)
{
  const HsvizSequenceRow *row;

  if (self->layout == NULL || index < 0)
    return;

  row = &g_array_index (self->layout->rows, HsvizSequenceRow, index);
  _hsviz_sequence_view_scroll_to_range (self, row->y, row->y + row->height);
}
