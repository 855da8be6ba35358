/* test-timeline.c — the timeline of every sample and of live captures against real servers on
 * 127.0.0.1, compared with the expected timelines in tests/files/timelines/ (readable text,
 * reviewed by hand against tshark's view of the wire)
 *
 * HSVIZ_UPDATE_TIMELINES=1 rewrites the expected files in the source tree instead of comparing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hsviz.h"
#include "hsviz-test-utils.h"

/* One line per item: kind, step, who, label, and the message / record it stands for. */
static char *
dump_timeline (HsvizConnection *connection)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
      HsvizTimelineKind kind = hsviz_timeline_item_get_kind (item);
      HsvizTimelineSides sides = hsviz_timeline_item_get_sides (item);
      const char *who;

      if (kind == HSVIZ_TIMELINE_ACTION)
        who = sides == HSVIZ_TIMELINE_SIDE_BOTH ? "both" : sides == HSVIZ_TIMELINE_SIDE_SERVER ? "server" : "client";
      else if (kind == HSVIZ_TIMELINE_FAILURE || kind == HSVIZ_TIMELINE_NOTE)
        who = "-";
      else
        who = hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_CLIENT ? "client→server" : "server→client";

      g_string_append_printf (out, "%-7s %u  %-13s  %s", hsviz_timeline_kind_to_string (kind),
                              (guint) hsviz_timeline_item_get_step (item), who,
                              hsviz_timeline_item_get_label (item));
      if (hsviz_timeline_item_get_message_index (item) >= 0)
        g_string_append_printf (out, "  [message %d]", hsviz_timeline_item_get_message_index (item));
      if (hsviz_timeline_item_get_record_index (item) >= 0)
        g_string_append_printf (out, "  [record %d]", hsviz_timeline_item_get_record_index (item));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
compare_with_expected (HsvizConnection *connection,
                       const char      *name)
{
  g_autofree char *got = dump_timeline (connection);
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "timelines", file, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("HSVIZ_UPDATE_TIMELINES") != NULL)
    {
      g_file_set_contents (path, got, -1, &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (got, expected) != 0)
    g_test_message ("timeline of %s:\n%s", name, got);
  g_assert_cmpstr (got, ==, expected);
}

static HsvizConnection *
load_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsvizConnection *connection = hsviz_connection_load (file, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static const char *samples[] = {
  "failed-alert",
  "tls12-ecdhe",
  "tls12-rsa-classic",
  "tls12-rsa",
  "tls13-demo",
  "tls13-hello-retry",
};

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *file = g_strconcat (samples[i], ".handshake", NULL);
      g_autoptr(HsvizConnection) connection = load_sample (file);

      g_test_message ("%s", samples[i]);
      compare_with_expected (connection, samples[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/timeline/samples", test_samples);

  return g_test_run ();
}
