/* hsviz-window-unsaved.c — asking before an unsaved capture is replaced or its window closes
 *
 * As GNOME Text Editor does: "Save", "Discard" or "Cancel".  Save runs the window's Save (a file
 * chooser when the capture has no file yet) and goes on only once the session was written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

void
_hsviz_window_pending_clear (HsvizWindowPending *pending)
{
  if (pending->destroy != NULL && pending->data != NULL)
    pending->destroy (pending->data);
  pending->func = NULL;
  pending->data = NULL;
  pending->destroy = NULL;
}

static void
pending_run (HsvizWindow        *self,
             HsvizWindowPending *pending)
{
  HsvizWindowPending now = *pending;

  /* The continuation may ask again (and fill *pending): take it out first. */
  *pending = (HsvizWindowPending) { 0 };
  if (now.func != NULL)
    now.func (self, now.data);
  _hsviz_window_pending_clear (&now);
}

static void
pending_free (gpointer data,
              GClosure *closure)
{
  HsvizWindowPending *pending = data;

  _hsviz_window_pending_clear (pending);
  g_free (pending);
}

void
_hsviz_window_save_finished (HsvizWindow *self,
                             gboolean     saved)
{
  if (saved)
    pending_run (self, &self->after_save);
  else
    _hsviz_window_pending_clear (&self->after_save);
}

static void
response_cb (AdwMessageDialog   *dialog,
             const char         *response,
             HsvizWindowPending *pending)
{
  HsvizWindow *self = HSVIZ_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  self->unsaved_dialog = NULL;

  if (g_strcmp0 (response, "discard") == 0)
    {
      self->unsaved = FALSE;
      pending_run (self, pending);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      _hsviz_window_pending_clear (&self->after_save);
      self->after_save = *pending;
      *pending = (HsvizWindowPending) { 0 };
      _hsviz_window_save (self);
    }
}

/* Runs then (data) at once when nothing unsaved is on screen; otherwise asks, and runs it after
 * Discard or a successful Save.  Cancel drops it. */
void
_hsviz_window_confirm_replace (HsvizWindow     *self,
                               HsvizWindowThen  then,
                               gpointer         data,
                               GDestroyNotify   destroy)
{
  HsvizWindowPending *pending;
  const HsvizTarget *target;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!self->unsaved || self->session == NULL)
    {
      HsvizWindowPending now = { then, data, destroy };

      pending_run (self, &now);
      return;
    }

  if (self->unsaved_dialog != NULL)
    {
      /* Already asking: the new request is dropped, the question stays. */
      if (destroy != NULL && data != NULL)
        destroy (data);
      gtk_window_present (GTK_WINDOW (self->unsaved_dialog));
      return;
    }

  target = hsviz_connection_get_target (self->connection);
  if (target != NULL && target->host != NULL)
    body = g_strdup_printf (_("The capture of %s is not saved. If you do not save it, it is lost."),
                            target->host);
  else
    body = g_strdup (_("The capture is not saved. If you do not save it, it is lost."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save the Capture?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  pending = g_new0 (HsvizWindowPending, 1);
  *pending = (HsvizWindowPending) { then, data, destroy };
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending, pending_free, 0);

  self->unsaved_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}
