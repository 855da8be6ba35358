/* gui-floor.c — the floor under the GUI budgets: the smallest libadwaita app, measured the same way
 *
 * An AdwApplication whose window (1280×800, the app's default size) holds one label.  It prints
 * "window-mapped <ms since main()>" when its window is mapped and "first-frame <ms since main()>"
 * after its first frame is painted, then quits, as bench/gui-start
 * does for handshakeviz.  bench/bench.py runs the two side by side, so the table shows
 * what GTK, libadwaita and the display (Xvfb, Mesa) cost on this machine before any of our code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

static gint64   start_us;
static gboolean stay;   /* --stay: keep running after the first frame (to read /proc/PID/smaps) */

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  g_print ("first-frame %.1f\n", (g_get_monotonic_time () - start_us) / 1000.0);
  if (!stay)
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
map_cb (GtkWidget *window)
{
  g_print ("window-mapped %.1f\n", (g_get_monotonic_time () - start_us) / 1000.0);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("HandshakeViz bench floor"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  start_us = g_get_monotonic_time ();
  stay = argc > 1 && g_str_equal (argv[1], "--stay");
  app = adw_application_new ("org.example.HandshakeViz.BenchFloor", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), stay ? 1 : argc, argv);
}
