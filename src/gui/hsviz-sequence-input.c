/* hsviz-sequence-input.c — the sequence view's pointer, keyboard and tooltips
 *
 * A click selects the message of the row (or the step of a band title or another row), the
 * pointer hovers rows, Up/Down/Home/End move the selection between message rows in the order
 * shown, and each row has its tooltip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hsviz-sequence-view-private.h"

static gboolean
hsviz_sequence_view_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_tooltip,
                                   GtkTooltip *tooltip)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);
  double scale = _hsviz_sequence_view_get_scale (self);

  return hsviz_sequence_layout_query_tooltip (_hsviz_sequence_view_ensure_layout (self), self->session,
                                              gtk_widget_get_width (widget) / scale,
                                              x / scale, y / scale,
                                              keyboard_tooltip ? self->selected : GTK_INVALID_LIST_POSITION,
                                              tooltip);
}

static void
click_pressed_cb (HsvizSequenceView *self,
                  int                n_press,
                  double             x,
                  double             y,
                  GtkGestureClick   *gesture)
{
  HsvizSequenceLayout *layout = _hsviz_sequence_view_ensure_layout (self);
  guint step;
  int index;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  x /= _hsviz_sequence_view_get_scale (self);
  y /= _hsviz_sequence_view_get_scale (self);

  if ((step = hsviz_sequence_layout_band_title_at (layout, x, y)) != 0)
    {
      hsviz_sequence_view_set_selected (self, GTK_INVALID_LIST_POSITION);
      hsviz_sequence_view_set_selected_step (self, step);
      return;
    }

  index = hsviz_sequence_layout_row_at (layout, y);
  if (index >= 0)
    {
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, index);

      if (row->message != GTK_INVALID_LIST_POSITION)
        hsviz_sequence_view_set_selected (self, row->message);
      else if (row->step != HSVIZ_STEP_NONE)
        {
          hsviz_sequence_view_set_selected (self, GTK_INVALID_LIST_POSITION);
          hsviz_sequence_view_set_selected_step (self, row->step);
        }
    }
}

static void
motion_cb (HsvizSequenceView        *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  int index = hsviz_sequence_layout_row_at (_hsviz_sequence_view_ensure_layout (self), y / _hsviz_sequence_view_get_scale (self));

  if (index != self->hover_row)
    {
      self->hover_row = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
focus_changed_cb (HsvizSequenceView       *self,
                  GtkEventControllerFocus *focus)
{
  /* The focused selection has an outline. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (HsvizSequenceView        *self,
          GtkEventControllerMotion *motion)
{
  if (self->hover_row != -1)
    {
      self->hover_row = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* "sequence.move-selection" (Up/Down: -1/+1, Home/End: +2/-2) moves the selection between
 * message rows in the order shown. */
static void
move_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);
  guint next = hsviz_sequence_layout_next_message (_hsviz_sequence_view_ensure_layout (self), self->selected,
                                                   g_variant_get_int32 (parameter));

  if (next != GTK_INVALID_LIST_POSITION)
    hsviz_sequence_view_set_selected (self, next);
}

void
_hsviz_sequence_view_class_init_input (GtkWidgetClass *widget_class)
{
  widget_class->query_tooltip = hsviz_sequence_view_query_tooltip;
  gtk_widget_class_install_action (widget_class, "sequence.move-selection", "i", move_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "sequence.move-selection", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "sequence.move-selection", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "sequence.move-selection", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "sequence.move-selection", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "sequence.move-selection", "i", 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "sequence.move-selection", "i", -2);
}

void
_hsviz_sequence_view_init_input (HsvizSequenceView *self)
{
  GtkGesture *click;
  GtkEventController *motion;
  GtkEventController *focus;

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (click_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (focus_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}
