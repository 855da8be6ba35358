/* test-gui-trust.c — what the window says when trust or the handshake fails
 *
 * Sessions are captured at test time from openssl s_server (tests/gen-trust-certs.sh
 * certificates): an expired leaf whose issuer is not trusted, and a handshake with no shared
 * version.  The banner over the diagram, the red verify action, the Certificates pane, and a
 * diagnosis rerun that opens a new window and completes while the first session stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hsviz-application.h"
#include "hsviz-gui-test.h"
#include "hsviz-test-utils.h"
#include "hsviz-window-private.h"

static HsvizApplication *the_app;

/* Captures 127.0.0.1:@port (as localhost) with @cafile (trust/) and @preset; saves it. */
static char *
capture_to_file (guint16     port,
                 const char *cafile,
                 const char *preset,
                 const char *dir)
{
  HsvizCaptureOptions options = { 0 };
  g_autofree char *rel = g_build_filename ("trust", cafile, NULL);
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) c = NULL;
  g_autoptr(GFile) file = NULL;
  char *path = g_build_filename (dir, "trust.handshake", NULL);

  options.url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path (rel);
  options.preset = g_strdup (preset);
  options.no_ocsp = TRUE;
  options.timeout_ms = 20000;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  c = hsviz_capture_run_sync (cap, NULL, NULL);
  if (c == NULL)
    c = g_object_ref (hsviz_capture_get_session (cap));
  file = g_file_new_for_path (path);
  g_assert_true (hsviz_session_save (c, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static HsvizWindow *
open_window (const char *path)
{
  HsvizWindow *window = hsviz_window_new (the_app);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  g_assert_nonnull (hsviz_window_get_session (window));
  return window;
}

static void
close_window (HsvizWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_expired_untrusted (void)
{
  const char *args[] = { "-cert", "trust/leaf-expired.pem", "-cert_chain", "trust/inter.pem",
                         "-key", "trust/leaf-expired.key", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);
  g_autofree char *path = NULL;
  HsvizWindow *window;
  HsvizTimeline *timeline;
  gboolean red_verify = FALSE;

  g_assert_no_error (error);
  path = capture_to_file (hsviz_test_peer_get_port (peer), "other.pem", NULL, dir);
  window = open_window (path);

  /* the banner says what a browser would do, naming the expiry before the unknown issuer */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->failure_banner)));
  g_assert_true (g_str_has_prefix (hsviz_failure_banner_get_title (window->failure_banner),
                                   "A browser would stop here: the certificate expired on 2021-01-01"));
  /* the verify action failed, with its reason */
  timeline = hsviz_connection_get_timeline (hsviz_window_get_connection (window));
  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

      if (hsviz_timeline_item_get_action (item) == HSVIZ_ACTION_VERIFY_CERTIFICATE)
        red_verify = hsviz_timeline_item_get_verified (item) == HSVIZ_TIMELINE_FAILED &&
                     g_str_has_suffix (hsviz_timeline_item_get_label (item), "expired");
    }
  g_assert_true (red_verify);
  g_assert_cmpuint (hsviz_certificate_pane_get_n_certificates (window->certificate_pane), ==, 2);

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static guint
count_windows (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (the_app));

  return g_list_length (windows);
}

static void
test_rerun_suggestion (void)
{
  const char *args[] = { "-cert", "trust/leaf.pem", "-cert_chain", "trust/inter.pem",
                         "-key", "trust/leaf.key", "-tls1_3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);
  g_autofree char *path = NULL;
  HsvizWindow *window, *rerun = NULL;
  HsvizConnection *first;
  guint before;

  g_assert_no_error (error);
  path = capture_to_file (hsviz_test_peer_get_port (peer), "root.pem", "tls12", dir);
  window = open_window (path);
  first = hsviz_window_get_connection (window);
  g_assert_false (hsviz_connection_get_outcome (first)->completed);
  g_assert_nonnull (strstr (hsviz_failure_banner_get_title (window->failure_banner), "protocol_version (70)"));

  /* the suggestion's button: TLS 1.3 only, in a new window */
  before = count_windows ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rerun", "s", "preset:tls13");
  WAIT_UNTIL (count_windows () == before + 1);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (the_app)); l != NULL; l = l->next)
    if (l->data != window)
      rerun = l->data;
  g_assert_nonnull (rerun);
  WAIT_UNTIL (!hsviz_window_is_capturing (rerun) && hsviz_window_get_connection (rerun) != NULL);
  g_assert_true (hsviz_connection_get_outcome (hsviz_window_get_connection (rerun))->completed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rerun->failure_banner)));
  /* the first capture stays as it was */
  g_assert_true (hsviz_window_get_connection (window) == first);

  close_window (rerun);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("hsviz-gui-data-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  the_app = hsviz_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/handshakeviz/gui/trust/expired-untrusted", test_expired_untrusted);
  g_test_add_func ("/handshakeviz/gui/trust/rerun-suggestion", test_rerun_suggestion);
  return g_test_run ();
}
