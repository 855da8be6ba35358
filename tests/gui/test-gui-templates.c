/* test-gui-templates.c — every .ui template of the app instantiates on GTK 4.8 / libadwaita 1.2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "hsviz-application.h"
#include "hsviz-connection-builder.h"
#include "hsviz-window-private.h"

static void
test_panes (void)
{
  GType types[] = {
    HSVIZ_TYPE_STEP_PANE,
    HSVIZ_TYPE_CERTIFICATE_PANE,
    HSVIZ_TYPE_SUITES_PANE,
    HSVIZ_TYPE_RANDOMS_PANE,
    HSVIZ_TYPE_KEYS_PANE,
    HSVIZ_TYPE_BYTES_PANE,
    HSVIZ_TYPE_SEQUENCE_VIEW,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      g_assert_true (GTK_IS_WIDGET (widget));
      g_assert_finalize_object (widget);
    }
}

static void
test_panes_empty_session (void)
{
  g_autoptr(HsvizConnection) session = hsviz_connection_new ();
  GtkWidget *step = g_object_ref_sink (hsviz_step_pane_new ());
  GtkWidget *certs = g_object_ref_sink (hsviz_certificate_pane_new ());
  GtkWidget *suites = g_object_ref_sink (hsviz_suites_pane_new ());
  GtkWidget *randoms = g_object_ref_sink (hsviz_randoms_pane_new ());
  GtkWidget *keys = g_object_ref_sink (hsviz_keys_pane_new ());

  /* An empty session (no message yet: the first moment of a live capture). */
  hsviz_step_pane_set_connection (HSVIZ_STEP_PANE (step), session);
  for (guint s = 0; s <= HSVIZ_N_STEPS; s++)
    {
      hsviz_step_pane_set_step (HSVIZ_STEP_PANE (step), s);
      g_assert_cmpuint (hsviz_step_pane_get_step (HSVIZ_STEP_PANE (step)), ==, s);
    }
  hsviz_certificate_pane_set_connection (HSVIZ_CERTIFICATE_PANE (certs), session);
  g_assert_cmpuint (hsviz_certificate_pane_get_n_certificates (HSVIZ_CERTIFICATE_PANE (certs)), ==, 0);
  hsviz_suites_pane_set_connection (HSVIZ_SUITES_PANE (suites), session);
  g_assert_cmpuint (hsviz_suites_pane_get_n_offered (HSVIZ_SUITES_PANE (suites)), ==, 0);
  hsviz_randoms_pane_set_connection (HSVIZ_RANDOMS_PANE (randoms), session);
  hsviz_keys_pane_set_connection (HSVIZ_KEYS_PANE (keys), session);
  hsviz_keys_pane_set_revealed (HSVIZ_KEYS_PANE (keys), TRUE);

  g_assert_finalize_object (step);
  g_assert_finalize_object (certs);
  g_assert_finalize_object (suites);
  g_assert_finalize_object (randoms);
  g_assert_finalize_object (keys);
}

static void
test_window (void)
{
  HsvizWindow *window = g_object_new (HSVIZ_TYPE_WINDOW, NULL);

  g_object_ref (window);
  g_assert_null (hsviz_window_get_session (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_menus (void)
{
  g_autoptr(GtkBuilder) menus = gtk_builder_new_from_resource ("/org/example/HandshakeViz/gtk/menus.ui");
  g_autoptr(GtkBuilder) help = gtk_builder_new_from_resource ("/org/example/HandshakeViz/gtk/help-overlay.ui");
  GMenuModel *menu = G_MENU_MODEL (gtk_builder_get_object (menus, "primary_menu"));
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (help, "help_overlay"));

  g_assert_true (G_IS_MENU_MODEL (menu));
  g_assert_cmpint (g_menu_model_get_n_items (menu), >, 0);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (overlay);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/handshakeviz/gui/templates/panes", test_panes);
  g_test_add_func ("/handshakeviz/gui/templates/panes-empty-session", test_panes_empty_session);
  g_test_add_func ("/handshakeviz/gui/templates/window", test_window);
  g_test_add_func ("/handshakeviz/gui/templates/menus", test_menus);

  return g_test_run ();
}
