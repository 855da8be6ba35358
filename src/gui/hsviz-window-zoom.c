/* hsviz-window-zoom.c — zooming the diagram and the panes (Ctrl+plus/minus/0, pinch)
 *
 * The zoom is kept in GSettings ("zoom"): the diagram draws itself that much larger and the
 * panes' text follows through a CSS font size on their container.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <math.h>

#include "hsviz-window-private.h"

/* The steps Ctrl+plus and Ctrl+minus go through. */
static const double zoom_steps[] = { 0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0 };

/* The panes' text follows the zoom; presenter mode's text its own scale (its title and the
 * keys' hint are libadwaita's title-1, 20 pt, and caption, 9 pt: not relative to their parent). */
static void
load_css (HsvizWindow *self)
{
  double zoom = g_settings_get_double (self->settings, "zoom");
  g_autofree char *css = g_strdup_printf (".hsviz-panes { font-size: %d%%; }\n"
                                         ".hsviz-presenter { font-size: %d%%; }\n"
                                         ".hsviz-presenter .title-1 { font-size: %dpt; }\n"
                                         ".hsviz-presenter .caption { font-size: %dpt; }",
                                         (int) round (zoom * 100), (int) round (self->presenter_scale * 100),
                                         (int) round (self->presenter_scale * 20),
                                         (int) round (self->presenter_scale * 9));

  gtk_css_provider_load_from_data (self->zoom_css, css, -1);
}

static void
apply_zoom (HsvizWindow *self)
{
  double zoom = g_settings_get_double (self->settings, "zoom");

  /* The diagram never scrolls sideways: where the zoomed diagram is wider than its room it is
   * drawn smaller, and the panes go over it (fold_tick_cb). */
  hsviz_sequence_view_set_zoom (self->sequence_view, zoom);
  load_css (self);
  self->fold_width = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", zoom < zoom_steps[G_N_ELEMENTS (zoom_steps) - 1] - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", zoom > zoom_steps[0] + 0.001);
}

/* Presenter mode: its text @scale times its size (1.0 when it leaves). */
void
_hsviz_window_zoom_set_presenter_scale (HsvizWindow *self,
                                        double       scale)
{
  self->presenter_scale = scale;
  load_css (self);
}

void
_hsviz_window_set_zoom (HsvizWindow *self,
                        double       zoom)
{
  g_settings_set_double (self->settings, "zoom", CLAMP (zoom, zoom_steps[0], zoom_steps[G_N_ELEMENTS (zoom_steps) - 1]));
}

/* Zoomed in, the panes go over the diagram (the flap folds) where the zoomed diagram and the
 * panes do not fit side by side; at its own size AdwFlap folds by the minimum widths.  Once
 * per frame, cheaply: only when the width or the zoom changed.  Presenter mode folds it itself. */
static gboolean
fold_tick_cb (GtkWidget     *flap,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  HsvizWindow *self = HSVIZ_WINDOW (user_data);
  int width = gtk_widget_get_width (flap);
  double zoom = hsviz_sequence_view_get_zoom (self->sequence_view);
  int panes = 0, diagram = 0;
  gboolean fold;

  if (width <= 0 || width == self->fold_width || self->presenting)
    return G_SOURCE_CONTINUE;
  self->fold_width = width;

  gtk_widget_measure (adw_flap_get_flap (self->pane_flap), GTK_ORIENTATION_HORIZONTAL, -1,
                      &panes, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->sequence_view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &diagram, NULL, NULL, NULL);
  fold = zoom > 1.0 && width < diagram * zoom + panes;
  adw_flap_set_fold_policy (self->pane_flap, fold ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_AUTO);
  return G_SOURCE_CONTINUE;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom");

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > zoom + 0.001)
      {
        _hsviz_window_set_zoom (self, zoom_steps[i]);
        return;
      }
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom");

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < zoom - 0.001)
      {
        _hsviz_window_set_zoom (self, zoom_steps[i - 1]);
        return;
      }
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _hsviz_window_set_zoom (HSVIZ_WINDOW (widget), 1.0);
}

/* Pinch: the zoom follows the fingers from where it was when they touched. */
static void
pinch_begin_cb (HsvizWindow *self)
{
  self->pinch_start_zoom = g_settings_get_double (self->settings, "zoom");
}

static void
pinch_scale_changed_cb (HsvizWindow *self,
                        double       scale)
{
  _hsviz_window_set_zoom (self, self->pinch_start_zoom * scale);
}

void
_hsviz_window_class_zoom_init (HsvizWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
}

void
_hsviz_window_zoom_init (HsvizWindow *self)
{
  GtkGesture *pinch = gtk_gesture_zoom_new ();

  self->zoom_css = gtk_css_provider_new ();
  self->presenter_scale = 1.0;
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->zoom_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_signal_connect_object (pinch, "begin", G_CALLBACK (pinch_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pinch, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->pane_flap), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect_object (self->settings, "changed::zoom", G_CALLBACK (apply_zoom), self, G_CONNECT_SWAPPED);
  apply_zoom (self);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->pane_flap), fold_tick_cb, self, NULL);
}

void
_hsviz_window_zoom_dispose (HsvizWindow *self)
{
  if (self->zoom_css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->zoom_css));
  g_clear_object (&self->zoom_css);
}
