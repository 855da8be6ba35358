/* hsviz-window-rerun.c — a diagnosis suggestion's rerun: the same target and settings, one
 * change, a new window (the first capture stays as it is, so both can be compared)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include "hsviz-application.h"
#include "hsviz-window-private.h"

static gboolean
close_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

void
_hsviz_window_rerun_chosen (HsvizWindow *self,
                            gboolean     chosen)
{
  if (!self->capture_when_chosen)
    return;
  self->capture_when_chosen = FALSE;
  if (chosen)
    _hsviz_window_start_capture (self, FALSE);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, close_cb, g_object_ref (self), g_object_unref);
}

void
_hsviz_window_rerun_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  HsvizApplication *app = HSVIZ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *change = g_variant_get_string (parameter, NULL);
  HsvizWindow *rerun;

  if (self->connection == NULL)
    return;
  rerun = hsviz_window_new (app);
  _hsviz_window_show_settings (rerun, self->connection);

  if (g_str_has_prefix (change, "preset:"))
    {
      for (guint i = 0; i < rerun->n_presets; i++)
        if (g_strcmp0 (rerun->preset_names[i], change + strlen ("preset:")) == 0)
          gtk_drop_down_set_selected (rerun->preset_dropdown, i);
    }
  else if (g_str_has_prefix (change, "priority:"))
    {
      gtk_drop_down_set_selected (rerun->preset_dropdown, rerun->n_presets);
      gtk_editable_set_text (GTK_EDITABLE (rerun->priority_entry), change + strlen ("priority:"));
    }
  else if (g_str_has_prefix (change, "url:"))
    gtk_editable_set_text (GTK_EDITABLE (rerun->target_entry), change + strlen ("url:"));
  gtk_window_present (GTK_WINDOW (rerun));

  /* the certificate or CA file first: the capture starts once it is chosen, Cancel closes the
   * window */
  rerun->capture_when_chosen = g_str_equal (change, "client-cert:") || g_str_equal (change, "cafile:");
  if (g_str_equal (change, "client-cert:"))
    _hsviz_window_choose_client_cert (rerun);
  else if (g_str_equal (change, "cafile:"))
    _hsviz_window_choose_cafile (rerun);
  else
    _hsviz_window_start_capture (rerun, FALSE);
}
