/* hsviz-application-actions.c — app actions and the one table of accelerators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-application-private.h"

static const struct {
  const char *action;
  const char *accels[4];   /* NULL-terminated */
} accels[] = {
  { "app.quit",                    { "<Control>q", NULL } },
  { "win.open",                    { "<Control>o", NULL } },
  { "win.save",                    { "<Control>s", NULL } },
  { "win.save-without-secrets",    { "<Control><Shift>s", NULL } },
  { "win.capture",                 { "<Control>Return", NULL } },
  { "win.cancel",                  { "Escape", NULL } },
  { "win.focus-target",            { "<Control>l", NULL } },
  { "win.toggle-panes",            { "F9", NULL } },
  { "win.presenter",               { "F5", NULL } },
  { "win.zoom-in",                 { "<Control>plus", "<Control>equal", "<Control>KP_Add" } },
  { "win.zoom-out",                { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset",              { "<Control>0", "<Control>KP_0", NULL } },
  { "win.show-help-overlay",       { "<Control>question", NULL } },
  { "window.close",                { "<Control>w", NULL } },
};

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Each window asks before an unsaved capture is lost; the application ends with the last. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The HandshakeViz authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("HandshakeViz"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Capture a TLS handshake and explain it in six steps."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
};

void
_hsviz_application_actions_init (HsvizApplication *self)
{
  g_autoptr(GAction) color_scheme = g_settings_create_action (self->settings, "color-scheme");

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  g_action_map_add_action (G_ACTION_MAP (self), color_scheme);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}
