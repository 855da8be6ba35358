/* hsviz-waterfall.c — where a connection's time went
 *
 * Times come from the capture (the lookup and connect durations, measured from the capture's
 * start) and from the connection's timeline (each item at the time of the record that carried
 * it, on the same axis).  A flight is a run of timeline items from one side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-timeline.h"
#include "hsviz-timeline-item.h"
#include "hsviz-waterfall.h"

static void
bar_free (gpointer data)
{
  HsvizWaterfallBar *bar = data;

  g_free (bar->label);
  g_free (bar);
}

static HsvizWaterfallBar *
bar_add (GPtrArray          *bars,
         HsvizWaterfallKind  kind,
         char               *label,
         gint64              start_us,
         gint64              end_us)
{
  HsvizWaterfallBar *bar = g_new0 (HsvizWaterfallBar, 1);

  bar->kind = kind;
  bar->label = label;
  bar->start_us = start_us;
  bar->end_us = MAX (start_us, end_us);
  g_ptr_array_add (bars, bar);
  return bar;
}

static gboolean
is_exchange (HsvizTimelineItem *item)
{
  HsvizTimelineKind kind = hsviz_timeline_item_get_kind (item);

  return (kind == HSVIZ_TIMELINE_MESSAGE || kind == HSVIZ_TIMELINE_RECORD || kind == HSVIZ_TIMELINE_ALERT) &&
         hsviz_timeline_item_get_time_us (item) >= 0;
}

static void
add_flight (GPtrArray         *bars,
            guint              number,
            HsvizTimelineItem *first,
            HsvizTimelineItem *last)
{
  g_autofree char *what = first == last
    ? g_strdup (hsviz_timeline_item_get_label (first))
    : g_strdup_printf ("%s … %s", hsviz_timeline_item_get_label (first), hsviz_timeline_item_get_label (last));
  HsvizWaterfallBar *bar;

  /* Translators: "Flight 2: ServerHello … ServerHelloDone" */
  bar = bar_add (bars, HSVIZ_WATERFALL_FLIGHT, g_strdup_printf (_("Flight %u: %s"), number, what),
                 hsviz_timeline_item_get_time_us (first), hsviz_timeline_item_get_time_us (last));
  bar->direction = hsviz_timeline_item_get_direction (first);
}

GPtrArray *
hsviz_connection_dup_waterfall (HsvizConnection *self)
{
  const HsvizTimings *timings;
  HsvizTimeline *timeline;
  GPtrArray *bars;
  HsvizTimelineItem *first = NULL, *last = NULL;
  gint64 step_start[HSVIZ_N_STEPS + 1], step_end[HSVIZ_N_STEPS + 1];
  guint n, flights = 0;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  bars = g_ptr_array_new_with_free_func (bar_free);
  timings = hsviz_connection_get_timings (self);
  if (timings->dns_us >= 0)
    bar_add (bars, HSVIZ_WATERFALL_DNS, g_strdup (_("DNS lookup")), 0, timings->dns_us);
  if (timings->connect_us >= 0)
    bar_add (bars, HSVIZ_WATERFALL_CONNECT, g_strdup (_("TCP connect")),
             MAX (timings->dns_us, 0), MAX (timings->dns_us, 0) + timings->connect_us);

  timeline = hsviz_connection_get_timeline (self);
  n = hsviz_timeline_get_n_items (timeline);
  for (guint s = 0; s <= HSVIZ_N_STEPS; s++)
    step_start[s] = step_end[s] = -1;

  for (guint i = 0; i < n; i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
      HsvizStep step = hsviz_timeline_item_get_step (item);
      gint64 t = hsviz_timeline_item_get_time_us (item);

      if (t >= 0 && step >= 1 && step <= HSVIZ_N_STEPS)
        {
          step_start[step] = step_start[step] < 0 ? t : MIN (step_start[step], t);
          step_end[step] = MAX (step_end[step], t);
        }
      if (!is_exchange (item))
        continue;
      if (first != NULL && hsviz_timeline_item_get_direction (item) != hsviz_timeline_item_get_direction (first))
        {
          add_flight (bars, ++flights, first, last);
          first = NULL;
        }
      if (first == NULL)
        first = item;
      last = item;
    }
  if (first != NULL)
    add_flight (bars, ++flights, first, last);

  for (guint s = 1; s <= HSVIZ_N_STEPS; s++)
    if (step_start[s] >= 0)
      {
        /* Translators: "Step 2: Server Hello" */
        HsvizWaterfallBar *bar = bar_add (bars, HSVIZ_WATERFALL_STEP,
                                          g_strdup_printf (_("Step %u: %s"), s, hsviz_step_title (s)),
                                          step_start[s], step_end[s]);

        bar->step = s;
      }
  return bars;
}
