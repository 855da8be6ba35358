/* hsviz-timing-pane.c — the Timing pane: where the connection's time went
 *
 * The core's waterfall (hsviz-waterfall.c) drawn as bars on one time axis: the DNS lookup, the
 * TCP connect, each flight (client's and server's in their colours) and each step, with the
 * round trips the handshake took above them.  Each bar says what it is and when, in its label
 * (wrapped, never cut) and in its accessible description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-timing-pane.h"

#define BAR_HEIGHT 10
#define LABEL_GAP  4    /* between a label and its bar */
#define ROW_GAP    12   /* between a bar and the next label */
#define MARGIN     12

struct _HsvizTimingPane
{
  GtkWidget        parent_instance;

  HsvizConnection *connection;
  GPtrArray       *bars;       /* of HsvizWaterfallBar */
  GPtrArray       *labels;     /* of PangoLayout, one per bar, then the heading */
  gint64           end_us;
};

G_DEFINE_FINAL_TYPE (HsvizTimingPane, hsviz_timing_pane, GTK_TYPE_WIDGET)

static void
rebuild (HsvizTimingPane *self)
{
  g_autoptr(GString) a11y = g_string_new (NULL);

  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_ptr_array_set_size (self->labels, 0);
  self->end_us = 0;

  if (self->connection != NULL)
    {
      guint trips = hsviz_connection_count_round_trips (self->connection);
      g_autofree char *heading = NULL;

      self->bars = hsviz_connection_dup_waterfall (self->connection);
      for (guint i = 0; i < self->bars->len; i++)
        {
          const HsvizWaterfallBar *bar = g_ptr_array_index (self->bars, i);
          /* Translators: "Flight 2: ServerHello … ServerHelloDone — 32.4 to 34.5 ms" */
          g_autofree char *text = g_strdup_printf (_("%s — %.1f to %.1f ms"), bar->label,
                                                   bar->start_us / 1000.0, bar->end_us / 1000.0);

          self->end_us = MAX (self->end_us, bar->end_us);
          g_ptr_array_add (self->labels, gtk_widget_create_pango_layout (GTK_WIDGET (self), text));
          g_string_append_printf (a11y, "%s. ", text);
        }
      heading = g_strdup_printf (ngettext ("The handshake took %u round trip; the capture %.1f ms.",
                                           "The handshake took %u round trips; the capture %.1f ms.", trips),
                                 trips, self->end_us / 1000.0);
      g_ptr_array_add (self->labels, gtk_widget_create_pango_layout (GTK_WIDGET (self), heading));
      g_string_prepend (a11y, " ");
      g_string_prepend (a11y, heading);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, a11y->str, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Wraps the labels (the heading, then one per bar) at @width and returns the height they and
 * the bars take: nothing is cut, a narrow pane gets more lines. */
static int
wrap_labels (HsvizTimingPane *self,
             int              width)
{
  int y = MARGIN;

  for (guint i = 0; i < self->labels->len; i++)
    {
      PangoLayout *label = g_ptr_array_index (self->labels, i);
      gboolean heading = i == self->labels->len - 1;
      int h;

      pango_layout_set_width (label, MAX (width, 1) * PANGO_SCALE);
      pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (label, NULL, &h);
      y += h + (heading ? ROW_GAP : LABEL_GAP + BAR_HEIGHT + ROW_GAP);
    }
  return y + MARGIN - ROW_GAP;
}

static GtkSizeRequestMode
hsviz_timing_pane_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
hsviz_timing_pane_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  HsvizTimingPane *self = HSVIZ_TIMING_PANE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 200;
  else if (self->bars == NULL || self->bars->len == 0)
    *minimum = *natural = 0;
  else
    *minimum = *natural = wrap_labels (self, (for_size > 0 ? for_size : 200) - 2 * MARGIN);
}

static void
hsviz_timing_pane_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  HsvizTimingPane *self = HSVIZ_TIMING_PANE (widget);
  int width = gtk_widget_get_width (widget) - 2 * MARGIN;
  GdkRGBA fg, client = { 0.21, 0.52, 0.89, 1 }, server = { 0.18, 0.60, 0.40, 1 }, other = { 0.6, 0.6, 0.6, 1 };
  PangoLayout *heading;
  int y = MARGIN, h;

  if (self->bars == NULL || self->end_us <= 0 || width <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  wrap_labels (self, width);
  heading = g_ptr_array_index (self->labels, self->bars->len);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, y));
  gtk_snapshot_append_layout (snapshot, heading, &fg);
  gtk_snapshot_restore (snapshot);
  pango_layout_get_pixel_size (heading, NULL, &h);
  y += h + ROW_GAP;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const HsvizWaterfallBar *bar = g_ptr_array_index (self->bars, i);
      PangoLayout *label = g_ptr_array_index (self->labels, i);
      double x0 = MARGIN + (double) bar->start_us * width / self->end_us;
      double x1 = MARGIN + (double) bar->end_us * width / self->end_us;
      GdkRGBA color = bar->kind != HSVIZ_WATERFALL_FLIGHT ? other
                      : bar->direction == HSVIZ_DIRECTION_SERVER ? server : client;
      GdkRGBA track = fg;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, y));
      gtk_snapshot_append_layout (snapshot, label, &fg);
      gtk_snapshot_restore (snapshot);
      pango_layout_get_pixel_size (label, NULL, &h);
      y += h + LABEL_GAP;

      track.alpha = 0.08;
      gtk_snapshot_append_color (snapshot, &track, &GRAPHENE_RECT_INIT (MARGIN, y, width, BAR_HEIGHT));
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x0, y, MAX (3, x1 - x0), BAR_HEIGHT));
      y += BAR_HEIGHT + ROW_GAP;
    }
}

static void
hsviz_timing_pane_dispose (GObject *object)
{
  HsvizTimingPane *self = HSVIZ_TIMING_PANE (object);

  hsviz_timing_pane_set_connection (self, NULL);
  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (hsviz_timing_pane_parent_class)->dispose (object);
}

static void
hsviz_timing_pane_class_init (HsvizTimingPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_timing_pane_dispose;
  widget_class->get_request_mode = hsviz_timing_pane_get_request_mode;
  widget_class->measure = hsviz_timing_pane_measure;
  widget_class->snapshot = hsviz_timing_pane_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hsviz_timing_pane_init (HsvizTimingPane *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Where the time went"), -1);
}

void
hsviz_timing_pane_set_connection (HsvizTimingPane *self,
                                  HsvizConnection *connection)
{
  g_return_if_fail (HSVIZ_IS_TIMING_PANE (self));

  if (self->connection == connection)
    return;
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (self->connection, rebuild, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    {
      g_signal_connect_object (connection, "updated", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (connection, "items-changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

int
hsviz_timing_pane_get_n_lines (HsvizTimingPane *self)
{
  int n = 0;

  g_return_val_if_fail (HSVIZ_IS_TIMING_PANE (self), 0);
  for (guint i = 0; i < self->labels->len; i++)
    n += pango_layout_get_line_count (g_ptr_array_index (self->labels, i));
  return n;
}

guint
hsviz_timing_pane_get_n_bars (HsvizTimingPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_TIMING_PANE (self), 0);
  return self->bars != NULL ? self->bars->len : 0;
}
