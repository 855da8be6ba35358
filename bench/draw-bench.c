/* draw-bench.c — how long the sequence diagram takes to draw a frame of a 500-message session
 *
 * Budget: 4 ms a frame.  The session is built from real handshakes (the
 * openssl captures of the GUI tests) repeated until it holds 500 handshake messages.  Measured:
 *   layout   laying the rows out once (on a model change),
 *   draw     the draw function rasterising one viewport (1000×600) into an image surface,
 *            at scroll positions spread over the whole diagram,
 *   hover    a frame of the widget in a GtkScrolledWindow when only the hover moves: its
 *            snapshot (the cached diagram plus the highlight) and the window's GSK renderer
 *            turning the visible part into pixels,
 *   scroll   the same when every frame jumps to a part not drawn yet (the diagram is drawn
 *            again: the visible part and a page each way).
 *
 * Run under a display: xvfb-run -a bench/draw-bench [--messages N] [--frames N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "hsviz.h"
#include "hsviz-connection-builder.h"
#include "hsviz-sequence-view.h"

#include "test-sequence-view-captures.h"

#define VIEW_WIDTH  1000
#define VIEW_HEIGHT 600

static int n_messages = 500;
static int n_frames = 200;

static GBytes *
bytes_from_hex (const char *hex)
{
  gsize len = strlen (hex) / 2;
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new_take (data, len);
}

static HsvizConnection *
build_session (void)
{
  HsvizConnection *session = hsviz_connection_new ();
  HsvizTarget target = { (char *)"https://localhost:4433/", (char *)"localhost", 4433, (char *)"/",
                         (char *)"localhost", (char *)"127.0.0.1" };
  gint64 t = 0;

  hsviz_connection_set_target (session, &target);
  while ((int)hsviz_connection_get_n_messages (session) < n_messages)
    for (guint i = 0; i < G_N_ELEMENTS (hello_retry_items); i++)
      {
        const TestItem *item = &hello_retry_items[i];
        g_autoptr(GBytes) bytes = bytes_from_hex (item->hex);

        t += 1000;
        if (item->content_type == 22)
          {
            if ((int)hsviz_connection_get_n_messages (session) >= n_messages)
              break;
            hsviz_connection_add_message (session, item->direction, t, bytes);
          }
        else
          hsviz_connection_add_record (session, item->direction, t, bytes);
      }
  hsviz_connection_complete (session);
  return session;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_draw (HsvizSequenceView *view)
{
  int height = hsviz_sequence_view_get_content_height (view);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_WIDTH, VIEW_HEIGHT);
  double worst = 0;
  gint64 start = g_get_monotonic_time ();

  for (int f = 0; f < n_frames; f++)
    {
      double y0 = (double)(height - VIEW_HEIGHT) * f / MAX (n_frames - 1, 1);
      gint64 frame_start = g_get_monotonic_time ();
      cairo_t *cr = cairo_create (surface);

      cairo_translate (cr, 0, -y0);
      hsviz_sequence_view_draw (view, cr, VIEW_WIDTH, y0, y0 + VIEW_HEIGHT, TRUE);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      worst = MAX (worst, ms_since (frame_start));
    }

  g_print ("draw     %7.3f ms a viewport (worst %.3f ms), %d viewports of %d×%d\n",
           ms_since (start) / n_frames, worst, n_frames, VIEW_WIDTH, VIEW_HEIGHT);
  cairo_surface_destroy (surface);
}

/* One frame of the widget: its snapshot, then the renderer turning the visible part of the
 * render nodes into pixels. */
static double
widget_frame (GtkWidget   *scroller,
              GtkWidget   *view,
              GskRenderer *renderer,
              double       y0)
{
  gint64 start = g_get_monotonic_time ();
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GtkAllocation allocation;

  /* Layout, as the frame clock would run it: the viewport moves the view. */
  gtk_widget_get_allocation (scroller, &allocation);
  gtk_widget_size_allocate (scroller, &allocation, -1);

  snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    {
      GdkTexture *texture = gsk_renderer_render_texture (renderer, node,
                                                         &GRAPHENE_RECT_INIT (0, y0, VIEW_WIDTH, VIEW_HEIGHT));

      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  return ms_since (start);
}

static void
bench_frames (GtkWidget *window,
              GtkWidget *scroller,
              GtkWidget *view)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  double upper = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj);
  double total = 0, worst = 0;

  /* Hover moving over the rows: the cached diagram is reused, only the highlight changes. */
  for (int f = 0; f < n_frames; f++)
    {
      double y0 = upper / 2;
      double ms;

      gtk_adjustment_set_value (vadj, y0);
      gtk_widget_queue_draw (view);
      ms = widget_frame (scroller, view, renderer, y0);
      total += ms;
      worst = MAX (worst, ms);
    }
  g_print ("hover    %7.3f ms a frame (worst %.3f ms), renderer %s\n",
           total / n_frames, worst, G_OBJECT_TYPE_NAME (renderer));

  /* Jumping a page and a half each frame: the diagram is drawn again every frame. */
  total = worst = 0;
  for (int f = 0; f < n_frames; f++)
    {
      double y0 = fmod (f * VIEW_HEIGHT * 1.5, upper);
      double ms;

      gtk_adjustment_set_value (vadj, y0);
      ms = widget_frame (scroller, view, renderer, y0);
      total += ms;
      worst = MAX (worst, ms);
    }
  g_print ("scroll   %7.3f ms a frame (worst %.3f ms), redrawn every frame\n",
           total / n_frames, worst);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the sequence diagram");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) session = NULL;
  const GOptionEntry entries[] = {
    { "messages", 'm', 0, G_OPTION_ARG_INT, &n_messages, "Handshake messages in the session (500)", "N" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &n_frames, "Frames to time (200)", "N" },
    { NULL }
  };
  GtkWidget *window, *scroller, *view;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_frames = MAX (n_frames, 1);

  adw_init ();
  session = build_session ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), VIEW_WIDTH, VIEW_HEIGHT);
  scroller = gtk_scrolled_window_new ();
  view = hsviz_sequence_view_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);

  start = g_get_monotonic_time ();
  hsviz_sequence_view_set_connection (HSVIZ_SEQUENCE_VIEW (view), session);
  g_print ("session  %u handshake messages, %u record arrows, diagram %d px tall\n",
           hsviz_sequence_view_get_n_arrows (HSVIZ_SEQUENCE_VIEW (view)),
           hsviz_sequence_view_get_n_record_arrows (HSVIZ_SEQUENCE_VIEW (view)),
           hsviz_sequence_view_get_content_height (HSVIZ_SEQUENCE_VIEW (view)));
  g_print ("layout   %7.3f ms\n", ms_since (start));

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_height (view) == 0)
    g_main_context_iteration (NULL, TRUE);

  bench_draw (HSVIZ_SEQUENCE_VIEW (view));
  bench_frames (window, scroller, view);
  g_print ("budget     4.000 ms a frame\n");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
