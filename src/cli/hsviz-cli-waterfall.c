/* hsviz-cli-waterfall.c — where the time went, as text bars on one axis
 *
 * The core computes the bars (hsviz-waterfall.c) and the round trips; this file draws them
 * 48 columns wide, each with its start, end and what it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "hsviz-cli-text.h"

#define BAR_COLUMNS 48

void
hsviz_cli_print_waterfall (HsvizConnection *session,
                           FILE            *out)
{
  g_autoptr(GPtrArray) bars = hsviz_connection_dup_waterfall (session);
  guint round_trips = hsviz_connection_count_round_trips (session);
  gint64 end = 0;
  g_autofree char *trips = NULL;

  for (guint i = 0; i < bars->len; i++)
    end = MAX (end, ((HsvizWaterfallBar *) g_ptr_array_index (bars, i))->end_us);
  if (bars->len == 0 || end <= 0)
    return;

  trips = g_strdup_printf (ngettext ("the handshake took %u round trip", "the handshake took %u round trips",
                                     round_trips), round_trips);
  /* Translators: "Where the time went (0 to 64.3 ms; the handshake took 1 round trip)" */
  fprintf (out, "\n%s\n", _("Where the time went"));
  fprintf (out, "  (0 – %.1f ms; %s)\n", end / 1000.0, trips);
  for (guint i = 0; i < bars->len; i++)
    {
      const HsvizWaterfallBar *bar = g_ptr_array_index (bars, i);
      guint from = (guint) (bar->start_us * BAR_COLUMNS / end);
      guint to = (guint) (bar->end_us * BAR_COLUMNS / end);
      const char *side = bar->kind != HSVIZ_WATERFALL_FLIGHT ? "  "
                         : bar->direction == HSVIZ_DIRECTION_SERVER ? "<-" : "->";

      fprintf (out, "  %8.1f %8.1f ms |", bar->start_us / 1000.0, bar->end_us / 1000.0);
      for (guint c = 0; c < BAR_COLUMNS; c++)
        fputs (c >= MIN (from, BAR_COLUMNS - 1) && c <= MIN (to, BAR_COLUMNS - 1) ? "█" : " ", out);
      fprintf (out, "| %s %s\n", side, bar->label);
    }
}
