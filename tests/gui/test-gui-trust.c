/* test-gui-trust.c — what the window says when trust or the handshake fails
 *
 * Sessions are captured at test time from openssl s_server (tests/gen-trust-certs.sh
 * certificates): an expired leaf whose issuer is not trusted, a private CA's chain trusting
 * another CA, and a handshake with no shared version or cipher; openssl s_server -Verify 1
 * without a client certificate; Exim (SMTP) tried as https.  The banner over the diagram, the
 * red verify action, the Certificates pane, and the suggested reruns (a preset, a client
 * certificate or CA file chosen in the file chooser, STARTTLS) that open a new window and
 * complete while the first session stays; the banner and its buttons whole at 800×600 and
 * 1024×768 (screenshots with HSVIZ_TEST_SCREENSHOT_DIR).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "hsviz-application.h"
#include "hsviz-gui-check.h"
#include "hsviz-gui-test.h"
#include "hsviz-test-utils.h"
#include "hsviz-window-private.h"

static HsvizApplication *the_app;

/* Captures @url (as localhost) trusting @cafile (a path, or NULL) with @preset; saves it. */
static char *
capture_url_to_file (const char *url,
                     const char *cafile,
                     const char *preset,
                     const char *dir)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) c = NULL;
  g_autoptr(GFile) file = NULL;
  char *path = g_build_filename (dir, "trust.handshake", NULL);

  options.url = g_strdup (url);
  options.servername = g_strdup ("localhost");
  options.cafile = g_strdup (cafile);
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

/* Captures 127.0.0.1:@port (as localhost) with @cafile (trust/) and @preset; saves it. */
static char *
capture_to_file (guint16     port,
                 const char *cafile,
                 const char *preset,
                 const char *dir)
{
  g_autofree char *rel = g_build_filename ("trust", cafile, NULL);
  g_autofree char *ca = hsviz_test_cert_path (rel);
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/", port);

  return capture_url_to_file (url, ca, preset, dir);
}

/* The servers of the failed handshakes, each started once for the file (on first use). */
typedef enum
{
  PEER_CLIENT_CERT,   /* openssl s_server -Verify 1: a client certificate required */
  PEER_SMTP,          /* Exim: SMTP, STARTTLS */
  PEER_NO_CIPHER,     /* openssl s_server, one TLS 1.2 ECDHE suite: nothing shared with RSA key transport */
  PEER_PRIVATE_CA,    /* openssl s_server with a chain of the tests' private CA (trust/root.pem) */
  N_PEERS
} PeerKind;

static HsvizTestPeer *peers[N_PEERS];

static HsvizTestPeer *
peer_get (PeerKind kind)
{
  const char *client_cert[] = { "-CAfile", "ca.pem", "-Verify", "1", "-verify_return_error", NULL };
  const char *no_cipher[] = { "-cert", "trust/leaf.pem", "-cert_chain", "trust/inter.pem",
                              "-key", "trust/leaf.key", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256",
                              "-no_tls1_3", NULL };
  const char *private_ca[] = { "-cert", "trust/leaf.pem", "-cert_chain", "trust/inter.pem",
                               "-key", "trust/leaf.key", NULL };
  g_autoptr(GError) error = NULL;

  if (peers[kind] != NULL)
    return peers[kind];
  switch (kind)
    {
    case PEER_CLIENT_CERT:
      peers[kind] = hsviz_test_peer_start ("openssl", client_cert, &error);
      break;
    case PEER_SMTP:
      peers[kind] = hsviz_test_peer_start ("exim", NULL, &error);
      break;
    case PEER_NO_CIPHER:
      peers[kind] = hsviz_test_peer_start ("openssl", no_cipher, &error);
      break;
    case PEER_PRIVATE_CA:
      peers[kind] = hsviz_test_peer_start ("openssl", private_ca, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  return peers[kind];
}

/* Captures the failed handshake against @kind's server into @dir (as https, trusting the test
 * CA; the one without a shared cipher with classic RSA key transport; the private CA's
 * trusting another CA: the issuer is unknown). */
static char *
capture_failure (PeerKind    kind,
                 const char *dir)
{
  HsvizTestPeer *peer = peer_get (kind);
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  g_autofree char *ca = hsviz_test_cert_path (kind == PEER_NO_CIPHER ? "trust/root.pem"
                                              : kind == PEER_PRIVATE_CA ? "trust/other.pem" : "ca.pem");

  return capture_url_to_file (url, ca, kind == PEER_NO_CIPHER ? "tls12-rsa" : NULL, dir);
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

/* The banner's button whose label holds @text. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      strstr (gtk_button_get_label (GTK_BUTTON (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the banner's button labelled with @text (it must be enabled) and returns the window it
 * opens. */
static HsvizWindow *
click_rerun (HsvizWindow *window,
             const char  *text,
             const char  *expected_target)
{
  GtkWidget *button = find_button (GTK_WIDGET (window->failure_banner), text);
  GVariant *target;
  HsvizWindow *rerun = NULL;
  guint before = count_windows ();

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.rerun");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, expected_target);
  gtk_widget_activate (button);
  WAIT_UNTIL (count_windows () == before + 1);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (the_app)); l != NULL; l = l->next)
    if (l->data != window && g_object_get_data (l->data, "hsviz-test-seen") == NULL)
      rerun = l->data;
  g_assert_nonnull (rerun);
  g_object_set_data (G_OBJECT (rerun), "hsviz-test-seen", GINT_TO_POINTER (1));
  return rerun;
}

static gboolean
chooser_has_file (GtkFileChooserNative *chooser,
                  GFile                *expected)
{
  g_autoptr(GFile) file = chooser != NULL ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)) : NULL;

  return file != NULL && g_file_equal (file, expected);
}

/* Picks the certs dir's @name in @window's file chooser. */
static void
choose_file (HsvizWindow *window,
             const char  *name)
{
  g_autofree char *path = hsviz_test_cert_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileChooserNative *chooser;

  WAIT_UNTIL (window->chooser != NULL &&
              gtk_native_dialog_get_visible (GTK_NATIVE_DIALOG (window->chooser)));
  chooser = g_object_ref (window->chooser);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  WAIT_UNTIL (chooser_has_file (chooser, file));
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_object_unref (chooser);
}

static AdwMessageDialog *
find_dialog (HsvizWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      return l->data;
  return NULL;
}

static void
assert_rerun_completes (HsvizWindow *rerun)
{
  WAIT_UNTIL (!hsviz_window_is_capturing (rerun) && hsviz_window_get_connection (rerun) != NULL);
  g_assert_true (hsviz_connection_get_outcome (hsviz_window_get_connection (rerun))->completed);
  g_assert_null (hsviz_connection_get_diagnosis (hsviz_window_get_connection (rerun)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rerun->failure_banner)));
}

/* openssl s_server -Verify 1: the server requires a client certificate and we sent none.  The
 * banner's certificate button opens the client-certificate chooser in a new window; a PEM
 * certificate and its key, or a PKCS#12 file and its password, rerun and complete; Cancel
 * closes that window; the first capture stays. */
static void
test_rerun_client_cert (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);
  g_autofree char *path = capture_failure (PEER_CLIENT_CERT, dir);
  g_autofree char *password = NULL;
  g_autofree char *pass_path = hsviz_test_cert_path ("rsa.p12.pass");
  HsvizWindow *window, *rerun;
  HsvizConnection *first;
  AdwMessageDialog *dialog;
  guint before;

  window = open_window (path);
  first = hsviz_window_get_connection (window);
  g_assert_false (hsviz_connection_client_certificate_sent (first));
  g_assert_nonnull (hsviz_connection_get_diagnosis (first));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->failure_banner)));

  /* PEM: the certificate, then its key */
  rerun = click_rerun (window, "client certificate", "client-cert:");
  choose_file (rerun, "client.pem");
  choose_file (rerun, "client.key");
  assert_rerun_completes (rerun);
  g_assert_true (hsviz_connection_client_certificate_sent (hsviz_window_get_connection (rerun)));
  close_window (rerun);

  /* PKCS#12: the certificate, then its password */
  rerun = click_rerun (window, "client certificate", "client-cert:");
  choose_file (rerun, "client.p12");
  WAIT_UNTIL ((dialog = find_dialog (rerun)) != NULL);
  g_assert_true (g_file_get_contents (pass_path, &password, NULL, NULL));
  g_strchomp (password);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), password);
  /* what its button does: the response, then the dialog closes */
  adw_message_dialog_response (dialog, "use");
  gtk_window_close (GTK_WINDOW (dialog));
  assert_rerun_completes (rerun);
  g_assert_true (hsviz_connection_client_certificate_sent (hsviz_window_get_connection (rerun)));
  close_window (rerun);

  /* Cancel: no capture, the new window goes */
  before = count_windows ();
  rerun = click_rerun (window, "client certificate", "client-cert:");
  WAIT_UNTIL (rerun->chooser != NULL && gtk_native_dialog_get_visible (GTK_NATIVE_DIALOG (rerun->chooser)));
  g_signal_emit_by_name (rerun->chooser, "response", GTK_RESPONSE_CANCEL);
  WAIT_UNTIL (count_windows () == before);

  /* the first capture stays as it was */
  g_assert_true (hsviz_window_get_connection (window) == first);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Exim (SMTP, STARTTLS) tried as https: the server greets in clear.  The banner's STARTTLS button
 * reruns smtp://host:port/ in a new window, which completes. */
static void
test_rerun_starttls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);
  g_autofree char *path = capture_failure (PEER_SMTP, dir);
  g_autofree char *expected = NULL;
  HsvizWindow *window, *rerun;
  HsvizConnection *first;

  window = open_window (path);
  first = hsviz_window_get_connection (window);
  g_assert_false (hsviz_connection_get_outcome (first)->completed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->failure_banner)));
  g_test_message ("%s %s", hsviz_connection_get_diagnosis (first)->summary,
                  (char *) g_ptr_array_index (hsviz_connection_get_diagnosis (first)->causes, 0));

  expected = g_strdup_printf ("url:smtp://%s/", hsviz_test_peer_get_address (peer_get (PEER_SMTP)));
  rerun = click_rerun (window, "STARTTLS", expected);
  assert_rerun_completes (rerun);
  g_assert_cmpstr (hsviz_connection_get_starttls (hsviz_window_get_connection (rerun)), ==, "smtp");
  g_assert_true (hsviz_window_get_connection (window) == first);

  close_window (rerun);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* The private CA's chain trusting another CA: the banner says a browser would stop (the issuer
 * is unknown) and its CA-file button opens the chooser in a new window; with the private root
 * chosen the rerun completes and the chain is trusted. */
static void
test_rerun_cafile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);
  g_autofree char *path = capture_failure (PEER_PRIVATE_CA, dir);
  HsvizWindow *window, *rerun;
  HsvizConnection *first;

  window = open_window (path);
  first = hsviz_window_get_connection (window);
  g_assert_false (hsviz_connection_trust_ok (first));
  g_assert_true (g_str_has_prefix (hsviz_failure_banner_get_title (window->failure_banner),
                                   "A browser would stop here: the issuer is unknown"));

  rerun = click_rerun (window, "CA file", "cafile:");
  choose_file (rerun, "trust/root.pem");
  assert_rerun_completes (rerun);
  g_assert_true (hsviz_connection_trust_ok (hsviz_window_get_connection (rerun)));
  g_assert_true (hsviz_window_get_connection (window) == first);

  close_window (rerun);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
collect_buttons (GtkWidget *widget,
                 GPtrArray *buttons)
{
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (buttons, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, buttons);
}

/* The banner of each failure (the most buttons: no shared cipher; a client certificate;
 * STARTTLS; an unknown issuer) at 800×600 and 1024×768: the window is no larger than that, every widget is inside
 * it, every suggestion button is whole inside the banner and enabled.  With
 * HSVIZ_TEST_SCREENSHOT_DIR set, each is saved there, light and dark (with HSVIZ_TEST_LOCALEDIR
 * and LANGUAGE, in that language). */
static void
test_banner_fits (void)
{
  static const struct { PeerKind kind; const char *name; guint n_buttons; } cases[] = {
    { PEER_NO_CIPHER, "no-cipher", 4 },
    { PEER_CLIENT_CERT, "client-cert", 1 },
    { PEER_SMTP, "starttls", 1 },
    { PEER_PRIVATE_CA, "cafile", 1 },
  };
  static const int sizes[][2] = { { 800, 600 }, { 1024, 768 } };
  g_autofree char *dir = g_dir_make_tmp ("hsviz-gui-trust-XXXXXX", NULL);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = capture_failure (cases[c].kind, dir);

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
          HsvizWindow *window = hsviz_window_new (the_app);
          GtkWidget *banner = GTK_WIDGET (window->failure_banner);
          graphene_rect_t banner_bounds;
          int min_width = 0;

          gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
          gtk_window_present (GTK_WINDOW (window));
          WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
          hsviz_window_open_file (window, file);
          WAIT_UNTIL (!hsviz_window_is_loading (window));
          hsviz_gui_check_settle (window);

          gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
          g_test_message ("%s at %d×%d: window minimum width %d", cases[c].name,
                          sizes[i][0], sizes[i][1], min_width);
          g_assert_cmpint (min_width, <=, sizes[i][0]);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, sizes[i][0]);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, sizes[i][1]);
          g_assert_true (gtk_widget_get_mapped (banner));
          hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));

          /* the banner shows its content whole, or is as tall as it gets (2/5 of the window,
           * at least 260 px) less at most one line of the causes (it ends between two), and
           * the causes scroll */
          {
            GtkWidget *scroller = gtk_widget_get_first_child (banner);
            GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
            int cap = MAX (260, gtk_widget_get_height (GTK_WIDGET (window)) * 2 / 5);

            g_test_message ("%s at %d×%d: banner %d×%d, its content %.0f px tall", cases[c].name,
                            sizes[i][0], sizes[i][1], gtk_widget_get_width (banner),
                            gtk_widget_get_height (banner), gtk_adjustment_get_upper (adj));
            if (gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 0.5)
              {
                g_assert_cmpint (gtk_widget_get_height (scroller), <=, cap);
                g_assert_cmpint (gtk_widget_get_height (scroller), >=, cap - 30);
              }
          }
          g_assert_true (gtk_widget_compute_bounds (banner, GTK_WIDGET (window), &banner_bounds));
          collect_buttons (banner, buttons);
          g_assert_cmpuint (buttons->len, ==, cases[c].n_buttons);
          for (guint b = 0; b < buttons->len; b++)
            {
              GtkWidget *button = g_ptr_array_index (buttons, b);
              graphene_rect_t bounds;
              int min = 0;

              g_assert_true (gtk_widget_get_mapped (button));
              g_assert_true (gtk_widget_is_sensitive (button));
              g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window), &bounds));
              g_assert_true (graphene_rect_contains_rect (&banner_bounds, &bounds));
              gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
              g_assert_cmpfloat (bounds.size.width, >=, min);
            }

          for (guint dark = 0; dark < 2; dark++)
            {
              g_autofree char *name = g_strdup_printf ("banner-%s-%dx%d-%s.png", cases[c].name,
                                                       sizes[i][0], sizes[i][1], dark ? "dark" : "light");

              adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                                  dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_DEFAULT);
              hsviz_gui_check_save_screenshot (GTK_WIDGET (window), name);
            }
          close_window (window);
        }
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("hsviz-gui-data-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* screenshots in another language: the build's translations, the language of LANGUAGE */
  if (g_getenv ("HSVIZ_TEST_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HSVIZ_TEST_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  the_app = hsviz_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/handshakeviz/gui/trust/expired-untrusted", test_expired_untrusted);
  g_test_add_func ("/handshakeviz/gui/trust/rerun-suggestion", test_rerun_suggestion);
  g_test_add_func ("/handshakeviz/gui/trust/rerun-client-cert", test_rerun_client_cert);
  g_test_add_func ("/handshakeviz/gui/trust/rerun-starttls", test_rerun_starttls);
  g_test_add_func ("/handshakeviz/gui/trust/rerun-cafile", test_rerun_cafile);
  g_test_add_func ("/handshakeviz/gui/trust/banner-fits", test_banner_fits);
  ret = g_test_run ();
  for (guint i = 0; i < N_PEERS; i++)
    g_clear_pointer (&peers[i], hsviz_test_peer_stop);
  return ret;
}
