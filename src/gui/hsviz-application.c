/* hsviz-application.c — the AdwApplication: settings, accelerators, app actions, demo server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hsviz-application-private.h"
#include "hsviz-window.h"

G_DEFINE_FINAL_TYPE (HsvizApplication, hsviz_application, ADW_TYPE_APPLICATION)

static gint64 start_time_us;

static const GOptionEntry option_entries[] = {
  { "demo", 'd', 0, G_OPTION_ARG_NONE, NULL,
    N_("Capture a handshake with the built-in demo server at start"), NULL },
  { NULL }
};

/* How long ago the process started, from /proc/self/stat (Linux), or 0. */
static gint64
process_age_us (void)
{
#ifdef __linux__
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;
  struct timespec now;
  guint64 start_ticks;
  long hz = sysconf (_SC_CLK_TCK);

  if (hz <= 0 || !g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return 0;
  /* The command name may hold spaces: count fields after its closing parenthesis. */
  after_comm = strrchr (stat, ')');
  if (after_comm == NULL)
    return 0;
  fields = g_strsplit (after_comm + 2, " ", 0);
  /* starttime is field 22 of the line, the 20th after the command name. */
  if (g_strv_length (fields) < 20 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return 0;
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  return MAX (0, (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000
                 - (gint64)(start_ticks * G_USEC_PER_SEC / (guint64)hz));
#else
  return 0;
#endif
}

void
hsviz_application_mark_start (void)
{
  if (start_time_us == 0)
    start_time_us = g_get_monotonic_time () - process_age_us ();
}

gint64
hsviz_application_get_start_time (void)
{
  hsviz_application_mark_start ();
  return start_time_us;
}

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

static void first_window_mapped_cb (GtkWidget *window, HsvizApplication *self);

static HsvizWindow *
get_window (HsvizApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (hsviz_window_new (self));
      if (g_strcmp0 (g_getenv ("HSVIZ_FIRST_FRAME_QUIT"), "1") == 0)
        g_signal_connect_object (window, "map", G_CALLBACK (first_window_mapped_cb), self, 0);
    }

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

/* HSVIZ_FIRST_FRAME_QUIT=1 (the start-up benchmark): print the time from the process start to
 * the window's first drawn frame, then quit. */
static void
first_frame_painted_cb (GdkFrameClock    *clock,
                        HsvizApplication *self)
{
  gint64 elapsed_us = g_get_monotonic_time () - hsviz_application_get_start_time ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* With a file, the frame that counts is the first one that shows its session (it loads in
   * a thread); keep the clock ticking until then. */
  if (self->first_frame_needs_session &&
      (window == NULL || hsviz_window_get_session (HSVIZ_WINDOW (window)) == NULL))
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);
  g_print ("first-frame %.1f\n", elapsed_us / 1000.0);
  g_application_quit (G_APPLICATION (self));
}

static void
first_window_mapped_cb (GtkWidget        *window,
                        HsvizApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, first_window_mapped_cb, self);
  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), self, 0);
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

  self->first_frame_needs_session = n_files > 0;

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
