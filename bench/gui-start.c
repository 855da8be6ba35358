/* gui-start.c — handshakeviz with a first-frame probe, for the start-up budget (bench/bench.py)
 *
 * The same application as src/gui/main.c (the same static library, the same arguments), plus
 * what the app itself does not carry: when its first window has painted the frame that shows
 * what was asked for — with a FILE argument, the frame that shows the file's session, which
 * loads in a thread — it prints "first-frame <ms since the process started>" and quits.  Before
 * that, when the window is mapped (on screen, maybe still empty), it prints "window-mapped <ms>".  The
 * process start is read from /proc/self/stat, so the dynamic loader's work is counted too.
 *
 * Usage: gui-start [FILE.handshake]   (under a display; bench/run.sh runs it in Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hsviz-application.h"
#include "hsviz-window.h"

static gint64   start_us;
static gboolean wait_for_session;

/* How long ago the process started (Linux), or 0. */
static gint64
process_age_us (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;
  struct timespec now;
  guint64 start_ticks;
  long hz = sysconf (_SC_CLK_TCK);

  if (hz <= 0 || !g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return 0;
  /* The command name may hold spaces: count fields after its closing parenthesis. */
  after_comm = strrchr (stat, ')');
  if (after_comm == NULL)
    return 0;
  fields = g_strsplit (after_comm + 2, " ", 0);
  /* starttime is field 22 of the line, the 20th after the command name. */
  if (g_strv_length (fields) < 20 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return 0;
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  return MAX (0, (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000
                 - (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) hz));
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  /* With a file, keep the clock ticking until a frame shows its session. */
  if (wait_for_session && hsviz_window_get_session (HSVIZ_WINDOW (window)) == NULL)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  g_print ("first-frame %.1f\n", (g_get_monotonic_time () - start_us) / 1000.0);
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
map_cb (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, map_cb, NULL);
  g_print ("window-mapped %.1f\n", (g_get_monotonic_time () - start_us) / 1000.0);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  /* the first window only */
  g_signal_handlers_disconnect_by_func (app, window_added_cb, NULL);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsvizApplication) app = NULL;

  start_us = g_get_monotonic_time () - process_age_us ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  wait_for_session = argc > 1 && argv[1][0] != '-';
  app = hsviz_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
