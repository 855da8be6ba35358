/* capture-loop.c — N captures against the in-process demo server in one process, RSS watched
 *
 * Usage: capture-loop [N] [--max-growth-kib K] [--warmup W]
 *   N                  captures to run (default 100), alternating TLS 1.3, TLS 1.2 ECDHE and
 *                      TLS 1.2 RSA key transport, each with step 6's GET
 *   --max-growth-kib   fail (exit 1) when the resident set grew by more than K KiB between the
 *                      end of the warm-up and the end
 *   --warmup           captures before the baseline is taken (default 5)
 * Prints the RSS and the heap in use after every 10th capture (under valgrind the RSS is
 * valgrind's: its shadow memory, translations and freed-block queue; look at the heap).  bench/valgrind-100.sh runs it under memcheck;
 * the core suite runs it with N=20 and a 2 MiB budget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HAVE_MEMCHECK_H 1
#endif
#endif

#include "hsviz.h"

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%*d %ld", &pages) != 1)
    return -1;
  return pages * (sysconf (_SC_PAGESIZE) / 1024);
}

/* Bytes handed out by malloc and not freed yet (under memcheck: every block still allocated,
 * as its leak checker counts them, since its malloc does not fill in mallinfo2). */
static long
heap_kib (void)
{
  struct mallinfo2 mi;

#ifdef HAVE_MEMCHECK_H
  if (RUNNING_ON_VALGRIND)
    {
      unsigned long leaked = 0, dubious = 0, reachable = 0, suppressed = 0;

      VALGRIND_DO_QUICK_LEAK_CHECK;
      VALGRIND_COUNT_LEAKS (leaked, dubious, reachable, suppressed);
      return (long) ((leaked + dubious + reachable + suppressed) / 1024);
    }
#endif
  mi = mallinfo2 ();

  return (long) (mi.uordblks / 1024);
}

static gboolean
capture_once (HsvizDemoServer *demo,
              const char      *preset,
              GError         **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizSession) session = NULL;
  HsvizConnection *connection;

  hsviz_capture_options_set_demo (&options, demo);
  options.preset = g_strdup (preset);
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  if (cap == NULL)
    return FALSE;
  session = hsviz_capture_run_sync (cap, NULL, error);
  if (session == NULL || *error != NULL)
    return FALSE;
  connection = hsviz_session_get_connection (session, 0);
  if (!hsviz_connection_get_outcome (connection)->completed ||
      hsviz_connection_get_application_data (connection)->status != 200)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED, "capture did not complete");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const presets[] = { "tls13", "tls12", "tls12-rsa" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = NULL;
  guint n = 100, warmup = 5;
  long max_growth = -1, baseline = -1, rss = -1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--max-growth-kib") && i + 1 < argc)
        max_growth = atol (argv[++i]);
      else if (g_str_equal (argv[i], "--warmup") && i + 1 < argc)
        warmup = (guint) atoi (argv[++i]);
      else if (g_ascii_isdigit (argv[i][0]))
        n = (guint) atoi (argv[i]);
      else
        {
          fprintf (stderr, "usage: %s [N] [--max-growth-kib K] [--warmup W]\n", argv[0]);
          return 2;
        }
    }

  demo = hsviz_demo_server_new (&error);
  if (demo == NULL)
    {
      fprintf (stderr, "demo server: %s\n", error->message);
      return 1;
    }

  printf ("start: RSS %ld KiB, heap in use %ld KiB\n", rss_kib (), heap_kib ());
  for (guint i = 1; i <= n; i++)
    {
      if (!capture_once (demo, presets[i % G_N_ELEMENTS (presets)], &error))
        {
          fprintf (stderr, "capture %u: %s\n", i, error ? error->message : "failed");
          return 1;
        }
      rss = rss_kib ();
      if (i == warmup)
        baseline = rss;
      if (i % 10 == 0)
        printf ("after %u captures: RSS %ld KiB, heap in use %ld KiB\n", i, rss, heap_kib ());
      fflush (stdout);
    }
  hsviz_demo_server_stop (demo);

  if (baseline >= 0)
    printf ("growth after the warm-up (%u captures): %ld KiB\n", warmup, rss - baseline);
#if defined(__SANITIZE_ADDRESS__)
  /* ASan keeps freed blocks in quarantine (256 MiB): the RSS grows with every allocation.
   * Leaks are LeakSanitizer's to find here; the budget holds in the normal build. */
  if (max_growth >= 0)
    {
      printf ("AddressSanitizer build: RSS budget not checked\n");
      max_growth = -1;
    }
#endif
  if (max_growth >= 0 && baseline >= 0 && rss - baseline > max_growth)
    {
      fprintf (stderr, "RSS grew by %ld KiB after the warm-up (budget %ld KiB)\n",
               rss - baseline, max_growth);
      return 1;
    }
  return 0;
}
