/* hsviz-application.c — the AdwApplication: settings, accelerators, app actions, demo server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-application-private.h"
#include "hsviz-window.h"

G_DEFINE_FINAL_TYPE (HsvizApplication, hsviz_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', 0, G_OPTION_ARG_NONE, NULL,
    N_("Capture a handshake with the built-in demo server at start"), NULL },
  { NULL }
};

HsvizApplication *
hsviz_application_new (void)
{
  return g_object_new (HSVIZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/example/HandshakeViz",
                       NULL);
}

HsvizDemoServer *
hsviz_application_get_demo_server (HsvizApplication  *self,
                                   GError           **error)
{
  g_return_val_if_fail (HSVIZ_IS_APPLICATION (self), NULL);

  if (self->demo_server == NULL)
    self->demo_server = hsviz_demo_server_new (error);

  return self->demo_server;
}

char *
hsviz_application_dup_samples_dir (void)
{
  const char *env = g_getenv ("HSVIZ_SAMPLES_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "samples", NULL);
}

static HsvizWindow *
get_window (HsvizApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (hsviz_window_new (self));

  return HSVIZ_WINDOW (window);
}

static void
color_scheme_changed_cb (HsvizApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    value = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static int
hsviz_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  HsvizApplication *self = HSVIZ_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo") ||
      g_strcmp0 (g_getenv ("HSVIZ_DEMO"), "1") == 0)
    self->demo_at_start = TRUE;

  return G_APPLICATION_CLASS (hsviz_application_parent_class)->handle_local_options (app, options);
}

static void
hsviz_application_startup (GApplication *app)
{
  HsvizApplication *self = HSVIZ_APPLICATION (app);

  G_APPLICATION_CLASS (hsviz_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  /* ADW_DEBUG_COLOR_SCHEME still wins for screenshots and tests. */
  color_scheme_changed_cb (self);

  _hsviz_application_actions_init (self);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
hsviz_application_activate (GApplication *app)
{
  HsvizApplication *self = HSVIZ_APPLICATION (app);
  HsvizWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->demo_at_start)
    {
      self->demo_at_start = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-demo", NULL);
    }
}

static void
hsviz_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  HsvizApplication *self = HSVIZ_APPLICATION (app);

  /* One window per file; the first reuses the active window. */
  for (int i = 0; i < n_files; i++)
    {
      HsvizWindow *window = i == 0 ? get_window (self) : hsviz_window_new (self);

      hsviz_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
hsviz_application_shutdown (GApplication *app)
{
  HsvizApplication *self = HSVIZ_APPLICATION (app);

  if (self->demo_server != NULL)
    hsviz_demo_server_stop (self->demo_server);

  G_APPLICATION_CLASS (hsviz_application_parent_class)->shutdown (app);
}

static void
hsviz_application_dispose (GObject *object)
{
  HsvizApplication *self = (HsvizApplication *)object;

  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hsviz_application_parent_class)->dispose (object);
}

static void
hsviz_application_class_init (HsvizApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hsviz_application_dispose;
  app_class->handle_local_options = hsviz_application_handle_local_options;
  app_class->startup = hsviz_application_startup;
  app_class->activate = hsviz_application_activate;
  app_class->open = hsviz_application_open;
  app_class->shutdown = hsviz_application_shutdown;
}

static void
hsviz_application_init (HsvizApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Capture a TLS handshake and explain it step by step."));
}
