/* hsviz-window-rerun.c — a diagnosis suggestion's rerun: the same target, one change, a new
 * window (the first capture stays as it is, so both can be compared)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include "hsviz-application.h"
#include "hsviz-window-private.h"

void
_hsviz_window_rerun_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  HsvizApplication *app = HSVIZ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *change = g_variant_get_string (parameter, NULL);
  const HsvizTarget *t;
  HsvizWindow *rerun;

  if (self->connection == NULL)
    return;
  t = hsviz_connection_get_target (self->connection);
  rerun = hsviz_window_new (app);
  gtk_editable_set_text (GTK_EDITABLE (rerun->target_entry), t->url ? t->url : "");
  if (t->servername != NULL && g_strcmp0 (t->servername, t->host) != 0)
    gtk_editable_set_text (GTK_EDITABLE (rerun->servername_entry), t->servername);
  _hsviz_window_set_cafile (rerun, hsviz_connection_get_cafile (self->connection));

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
  gtk_window_present (GTK_WINDOW (rerun));
  _hsviz_window_start_capture (rerun, FALSE);
}
