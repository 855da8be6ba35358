/* open-bench.c — how long hsviz_session_load() takes on session files of growing size
 *
 * Usage: open-bench [--runs N] FILE...
 *
 * Budget: 50 ms to open a 1 MiB session file.  Each file is loaded once to
 * warm the page cache (and checked to load at all), then N more times; one line a file:
 *   open SIZE_BYTES N_MESSAGES N_RECORDS WALL_MEDIAN_MS WALL_MIN_MS WALL_MAX_MS CPU_MEDIAN_MS FILE
 * CPU is the loading thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared machine it says
 * what the load costs without the time spent waiting for a core.  Exit 1 when a file fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "hsviz.h"

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static gboolean
bench_file (const char *path,
            int         runs)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(HsvizSession) first = NULL;
  g_autofree double *wall = g_new0 (double, runs);
  g_autofree double *cpu = g_new0 (double, runs);
  double wall_min, wall_max;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL || (first = hsviz_session_load (file, NULL, &error)) == NULL)
    {
      g_printerr ("open-bench: %s: %s\n", path, error->message);
      return FALSE;
    }

  for (int i = 0; i < runs; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_cpu_ms ();
      g_autoptr(HsvizSession) session = hsviz_session_load (file, NULL, &error);

      wall[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu[i] = thread_cpu_ms () - c0;
      if (session == NULL)
        {
          g_printerr ("open-bench: %s: %s\n", path, error->message);
          return FALSE;
        }
    }

  wall_min = wall_max = wall[0];
  for (int i = 1; i < runs; i++)
    {
      wall_min = MIN (wall_min, wall[i]);
      wall_max = MAX (wall_max, wall[i]);
    }
  g_print ("open %" G_GINT64_FORMAT " %u %u %.3f %.3f %.3f %.3f %s\n",
           (gint64) g_file_info_get_size (info),
           hsviz_connection_get_n_messages (hsviz_session_get_connection (first, 0)),
           hsviz_connection_get_records (hsviz_session_get_connection (first, 0))->len,
           median (wall, runs), wall_min, wall_max, median (cpu, runs), path);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE… — time hsviz_session_load()");
  g_autoptr(GError) error = NULL;
  int runs = 15;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed loads of each file (15)", "N" },
    { NULL }
  };
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || runs < 1)
    {
      g_printerr ("open-bench: %s\n", error ? error->message : "usage: open-bench [--runs N] FILE…");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    ok &= bench_file (argv[i], runs);
  return ok ? 0 : 1;
}
