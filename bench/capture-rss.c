/* capture-rss.c — the resident memory one capture costs above the process baseline
 *
 * Usage: capture-rss URL [--cafile FILE] [--servername NAME]
 *
 * Budget: the capture engine takes at most 5 MiB per session.  The baseline is
 * the resident set once the libraries are loaded, just before the first capture.  The peak is
 * the kernel's high-water mark (VmHWM), reset (/proc/self/clear_refs "5") before each capture.
 * Two captures in a row, each with step 6's GET; one line:
 *   capture-rss BASE_KIB FIRST_PEAK_KIB FIRST_AFTER_KIB SECOND_PEAK_KIB SECOND_AFTER_KIB
 * where every figure but the base is KiB above the base.  The first capture also pays the
 * one-time set-ups (GnuTLS priority cache, GIO's thread pool and resolver); the second shows
 * what a capture costs once those exist.  Exit 1 when a capture fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "hsviz.h"

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;
  long value = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL ||
      sscanf (line + strlen (field), ":%ld", &value) != 1)
    return -1;
  return value;
}

static void
reset_peak (void)
{
  /* Since Linux 4.0: "5" resets VmHWM to the current resident set. */
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f == NULL || fputs ("5", f) < 0 || fclose (f) != 0)
    g_printerr ("capture-rss: cannot reset the peak (/proc/self/clear_refs)\n");
}

static gboolean
capture_once (const char *url,
              const char *cafile,
              const char *servername)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) capture = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;

  options.url = g_strdup (url);
  options.cafile = g_strdup (cafile);
  options.servername = g_strdup (servername);
  options.timeout_ms = 10000;
  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  if (capture == NULL || (session = hsviz_capture_run_sync (capture, NULL, &error)) == NULL ||
      error != NULL)
    {
      g_printerr ("capture-rss: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("URL — resident memory of one capture");
  g_autoptr(GError) error = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *servername = NULL;
  const GOptionEntry entries[] = {
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile, "Trust this PEM bundle", "FILE" },
    { "servername", 0, 0, G_OPTION_ARG_STRING, &servername, "SNI and name to verify", "NAME" },
    { NULL }
  };
  long base, peak[2], after[2];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("capture-rss: %s\n", error ? error->message : "usage: capture-rss URL [--cafile FILE] [--servername NAME]");
      return 2;
    }

  /* The types the capture uses exist before the baseline, as they would in the app. */
  g_type_ensure (HSVIZ_TYPE_CAPTURE);
  g_type_ensure (HSVIZ_TYPE_CONNECTION);

  base = status_kib ("VmRSS");
  for (int i = 0; i < 2; i++)
    {
      reset_peak ();
      if (!capture_once (argv[1], cafile, servername))
        return 1;
      peak[i] = status_kib ("VmHWM") - base;
      after[i] = status_kib ("VmRSS") - base;
    }

  g_print ("capture-rss %ld %ld %ld %ld %ld\n", base, peak[0], after[0], peak[1], after[1]);
  return 0;
}
