/* hsviz-window-capture.c — a capture of the target typed or of the demo server, shown as
 * it grows, and its end (the session kept, or the previous one back, and a toast)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

/* ---- capture ---- */

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HsvizWindow) self = user_data;
  HsvizCapture *capture = HSVIZ_CAPTURE (object);
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = hsviz_capture_run_finish (capture, result, &error);

  g_clear_object (&self->capture);
  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_failed_at, g_free);

  if (session == NULL)
    {
      /* Nothing was captured: go back to what was shown before, saved or not. */
      hsviz_window_set_session (self, self->previous_session);
      self->unsaved = self->previous_unsaved;
    }
  else
    {
      /* where the last connection stopped, when it failed */
      guint n = hsviz_session_get_n_connections (session);
      HsvizConnection *last = n > 0 ? hsviz_session_get_connection (session, n - 1) : NULL;
      const HsvizOutcome *outcome = last != NULL ? hsviz_connection_get_outcome (last) : NULL;

      if (outcome != NULL && outcome->failed_at != NULL)
        self->last_failed_at = g_strdup (outcome->failed_at);
      /* A capture the user stopped is not worth a question; a finished or failed one is. */
      self->unsaved = !g_error_matches (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED) &&
                      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  g_clear_object (&self->previous_session);

  if (error != NULL)
    {
      AdwToast *toast;

      self->last_error = g_strdup (error->message);
      if (g_error_matches (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast = adw_toast_new (_("Capture cancelled"));
      else
        {
          toast = _hsviz_window_toast_new (error->message);
          adw_toast_set_button_label (toast, _("_Details"));
          adw_toast_set_action_name (toast, "win.show-error-details");
          adw_toast_set_timeout (toast, 10);
        }
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  _hsviz_window_update_title (self);
  _hsviz_window_update_actions (self);
}

/* start_capture_now's data: flags */
enum { START_DEMO = 1 << 0, START_RESUME = 1 << 1 };

static void
start_capture_now (HsvizWindow *self,
                   gpointer     data)
{
  gboolean demo = (GPOINTER_TO_UINT (data) & START_DEMO) != 0;
  HsvizCaptureOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizCapture) capture = NULL;
  guint selected = gtk_drop_down_get_selected (self->preset_dropdown);
  const char *servername = gtk_editable_get_text (GTK_EDITABLE (self->servername_entry));
  const char *alpn = gtk_editable_get_text (GTK_EDITABLE (self->alpn_entry));
  g_autofree char *target = NULL;

  if (self->capture != NULL)
    return;

  if (demo)
    {
      HsvizApplication *app = HSVIZ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      HsvizDemoServer *server = hsviz_application_get_demo_server (app, &error);

      if (server == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not start the demo server: %s"), error->message);

          hsviz_window_add_toast (self, message);
          return;
        }
      hsviz_capture_options_set_demo (&options, server);
    }
  else
    {
      target = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->target_entry))));
      if (target[0] == '\0')
        {
          hsviz_window_add_toast (self, _("Type a server to connect to, for example example.org:443"));
          gtk_widget_grab_focus (GTK_WIDGET (self->target_entry));
          return;
        }
      options.url = g_strdup (target);
      options.cafile = g_strdup (self->cafile);
      if (servername != NULL && servername[0] != '\0')
        options.servername = g_strdup (servername);
      /* empty: the default for the scheme (h2,http/1.1 for https); "none": offer nothing */
      if (alpn[0] != '\0')
        options.alpn = g_strdup (g_ascii_strcasecmp (alpn, "none") == 0 ? "" : alpn);
      _hsviz_window_client_cert_options (self, &options);
    }

  options.reconnect = (GPOINTER_TO_UINT (data) & START_RESUME) != 0;
  /* the switch in the options popover counts for Reconnect and Resume only */
  options.early_data = options.reconnect && gtk_switch_get_active (self->early_data_switch);
  if (selected < self->n_presets)
    options.preset = g_strdup (self->preset_names[selected]);
  else
    options.priority = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->priority_entry)));

  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  if (capture == NULL)
    {
      hsviz_window_add_toast (self, error->message);
      return;
    }

  if (target != NULL)
    _hsviz_window_remember_target (self, target);
  if (selected < self->n_presets)
    g_settings_set_string (self->settings, "last-preset", self->preset_names[selected]);

  g_set_object (&self->previous_session, self->session);
  g_clear_object (&self->replaced_connection);
  self->previous_unsaved = self->unsaved;
  self->capture = g_steal_pointer (&capture);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->file);

  /* Show the session at once: the diagram grows while the capture runs. */
  hsviz_window_set_session (self, hsviz_capture_get_session (self->capture));
  hsviz_capture_run_async (self->capture, self->cancellable, capture_done_cb, g_object_ref (self));

  _hsviz_window_update_title (self);
  _hsviz_window_update_actions (self);
}

/* Starts a capture (of the target typed, or of the demo server), after asking whether to save
 * an unsaved capture on screen. */
void
_hsviz_window_start_capture (HsvizWindow *self,
                             gboolean     demo)
{
  if (self->capture != NULL)
    return;

  _hsviz_window_confirm_replace (self, start_capture_now, GUINT_TO_POINTER (demo ? START_DEMO : 0), NULL);
}

void
_hsviz_window_start_capture_resume (HsvizWindow *self)
{
  if (self->capture != NULL)
    return;

  _hsviz_window_confirm_replace (self, start_capture_now, GUINT_TO_POINTER (START_RESUME), NULL);
}

static void
target_activate_cb (HsvizWindow *self)
{
  _hsviz_window_start_capture (self, FALSE);
}

void
_hsviz_window_capture_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, target_activate_cb);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, early_data_switch);
}
