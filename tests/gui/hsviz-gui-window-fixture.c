/* hsviz-gui-window-fixture.c — one application and a fresh window per test, for the window
 * tests (test-gui-window.c, test-gui-capture.c, test-gui-import.c, test-gui-compare.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hsviz-gui-window-fixture.h"

static HsvizApplication *the_app;

void
fixture_new_window (Fixture *f)
{
  f->window = g_object_ref (hsviz_window_new (f->app));
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("hsviz-gui-XXXXXX", &error);
  g_assert_no_error (error);

  /* One application for the whole program (it exports itself on the bus once). */
  if (the_app == NULL)
    {
      the_app = hsviz_application_new ();
      g_application_set_flags (G_APPLICATION (the_app),
                               g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
    }
  f->app = the_app;
  fixture_new_window (f);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  /* Let the capture's callbacks and idles drain before checking for leaks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->window);
  f->app = NULL;

  {
    g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (f->tmpdir);
  }
  g_free (f->tmpdir);
}

/* Capture against the built-in demo server with the CLI and return the file's path. */
char *
cli_demo_session (Fixture    *f,
                  const char *preset)
{
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autofree char *path = g_build_filename (f->tmpdir, "demo.handshake", NULL);
  const char *argv[] = { cli, "demo", "--preset", preset, "--output", path, NULL };
  g_autofree char *out = NULL;

  g_assert_nonnull (cli);
  out = hsviz_test_run_check (argv);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  return g_steal_pointer (&path);
}

JsonObject *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  /* the first connection's keys */
  return hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
}

void
open_and_wait (Fixture    *f,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  hsviz_window_open_file (f->window, file);
  g_assert_true (hsviz_window_is_loading (f->window));
  WAIT_UNTIL (!hsviz_window_is_loading (f->window));
}

static char *data_home;

void
hsviz_gui_window_test_init (int    *argc,
                            char ***argv)
{
  /* Opened and saved files go to the recent list: keep it out of the user's. */
  data_home = g_dir_make_tmp ("hsviz-gui-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

int
hsviz_gui_window_test_run (void)
{
  g_autofree char *recent = NULL;
  int ret;

  ret = g_test_run ();
  g_clear_object (&the_app);
  recent = g_build_filename (data_home, "recently-used.xbel", NULL);
  g_unlink (recent);
  g_rmdir (data_home);
  g_clear_pointer (&data_home, g_free);
  return ret;
}
