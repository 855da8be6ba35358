/* hsviz-window-presenter.c — presenter mode: a lesson at the teacher's pace
 *
 * Full screen, the textbook diagram drawn as large as the screen allows, the six steps revealed
 * one at a time (→, ↓, Page Down, Space: next; ←, ↑, Page Up, Backspace: previous — what a
 * presentation clicker sends), the current step's title and explanation under the diagram in
 * large type.  Escape (or F5 again) leaves.  The user's zoom, view mode and layout come back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

static void
show_step (HsvizWindow *self)
{
  guint16 version = self->connection != NULL ? hsviz_connection_get_version (self->connection) : 0;
  HsvizKeyExchange kx = self->connection != NULL ? hsviz_connection_get_key_exchange (self->connection)
                                                 : HSVIZ_KX_UNKNOWN;
  HsvizStep step = self->presenter_step;
  g_autofree char *title = NULL;

  /* Translators: "Step 3 of 6: Authentication and pre-master secret" */
  title = g_strdup_printf (_("Step %u of %u: %s"), (guint) step, (guint) HSVIZ_N_STEPS, hsviz_step_title (step));
  gtk_label_set_label (self->presenter_title, title);
  gtk_label_set_label (self->presenter_text, hsviz_step_explain (step, version, kx));

  /* The textbook view has one band per step, in order. */
  hsviz_sequence_view_set_revealed (self->sequence_view, step);
  hsviz_sequence_view_set_selected (self->sequence_view, GTK_INVALID_LIST_POSITION);
  hsviz_sequence_view_set_selected_step (self->sequence_view, step);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.presenter-previous", step > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.presenter-next", step < HSVIZ_N_STEPS);
}

static GdkRectangle
screen_geometry (HsvizWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  GdkMonitor *monitor = surface != NULL ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)), surface) : NULL;
  GdkRectangle geometry = { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)) };

  if (monitor != NULL)
    gdk_monitor_get_geometry (monitor, &geometry);
  return geometry;
}

/* As large as the screen's width allows: the diagram's natural width across it. */
static double
fit_zoom (HsvizWindow *self)
{
  GdkRectangle geometry = screen_geometry (self);
  int natural = 0;

  gtk_widget_measure (GTK_WIDGET (self->sequence_view), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  if (natural <= 0)
    return 1.0;
  return CLAMP ((geometry.width - 24.0) * hsviz_sequence_view_get_zoom (self->sequence_view) / natural,
                1.0, HSVIZ_SEQUENCE_VIEW_MAX_ZOOM);
}

static void
enter_presenter (HsvizWindow *self)
{
  if (self->presenting || self->session == NULL)
    return;

  self->presenting = TRUE;
  self->presenter_step = HSVIZ_STEP_CLIENT_HELLO;
  gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), FALSE);
  gtk_widget_set_visible (self->diagram_toolbar, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->message_expander), FALSE);
  adw_flap_set_fold_policy (self->pane_flap, ADW_FLAP_FOLD_POLICY_ALWAYS);
  adw_flap_set_reveal_flap (self->pane_flap, FALSE);
  gtk_revealer_set_reveal_child (self->presenter_bar, TRUE);
  hsviz_sequence_view_set_mode (self->sequence_view, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
  hsviz_sequence_view_set_zoom (self->sequence_view, fit_zoom (self));
  /* The text under it grows with the screen: its size on a 768-pixel-high one, more above. */
  _hsviz_window_zoom_set_presenter_scale (self, MAX (1.0, screen_geometry (self).height / 768.0));
  show_step (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->sequence_view));
}

void
_hsviz_window_leave_presenter (HsvizWindow *self)
{
  g_autofree char *mode = NULL;

  if (!self->presenting)
    return;

  self->presenting = FALSE;
  gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), TRUE);
  gtk_widget_set_visible (self->diagram_toolbar, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->message_expander), TRUE);
  adw_flap_set_fold_policy (self->pane_flap, ADW_FLAP_FOLD_POLICY_AUTO);
  self->fold_width = 0;   /* the zoom's folding again (hsviz-window-zoom.c) */
  gtk_revealer_set_reveal_child (self->presenter_bar, FALSE);
  hsviz_sequence_view_set_revealed (self->sequence_view, G_MAXUINT);
  mode = g_settings_get_string (self->settings, "view-mode");
  hsviz_sequence_view_set_mode (self->sequence_view,
                                g_strcmp0 (mode, "textbook") == 0 ? HSVIZ_SEQUENCE_VIEW_TEXTBOOK
                                                                  : HSVIZ_SEQUENCE_VIEW_WIRE);
  hsviz_sequence_view_set_zoom (self->sequence_view, g_settings_get_double (self->settings, "zoom"));
  _hsviz_window_zoom_set_presenter_scale (self, 1.0);
}

static void
presenter_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->presenting)
    _hsviz_window_leave_presenter (self);
  else
    enter_presenter (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  int delta = g_str_equal (action_name, "win.presenter-next") ? 1 : -1;
  int step = (int) self->presenter_step + delta;

  if (!self->presenting || step < 1 || step > HSVIZ_N_STEPS)
    return;
  self->presenter_step = step;
  show_step (self);
}

/* The keys act only while presenting; otherwise they go where they always went. */
static gboolean
key_cb (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  const char *what = user_data;

  if (!self->presenting)
    return FALSE;
  if (g_str_equal (what, "leave"))
    _hsviz_window_leave_presenter (self);
  else
    gtk_widget_activate_action (widget, what, NULL);
  return TRUE;
}

void
_hsviz_window_class_presenter_init (HsvizWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.presenter", NULL, presenter_action);
  gtk_widget_class_install_action (widget_class, "win.presenter-next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.presenter-previous", NULL, step_action);
}

void
_hsviz_window_presenter_init (HsvizWindow *self)
{
  static const struct {
    guint       keyval;
    const char *what;
  } keys[] = {
    { GDK_KEY_Right, "win.presenter-next" },
    { GDK_KEY_Down, "win.presenter-next" },
    { GDK_KEY_Page_Down, "win.presenter-next" },
    { GDK_KEY_KP_Page_Down, "win.presenter-next" },
    { GDK_KEY_space, "win.presenter-next" },
    { GDK_KEY_Left, "win.presenter-previous" },
    { GDK_KEY_Up, "win.presenter-previous" },
    { GDK_KEY_Page_Up, "win.presenter-previous" },
    { GDK_KEY_KP_Page_Up, "win.presenter-previous" },
    { GDK_KEY_BackSpace, "win.presenter-previous" },
    { GDK_KEY_Escape, "leave" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Before the diagram's own arrow keys and the window's Escape (cancel). */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                            gtk_callback_action_new (key_cb, (gpointer) keys[i].what, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.presenter-previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.presenter-next", FALSE);
}
