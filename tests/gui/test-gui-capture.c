/* test-gui-capture.c — live captures in the window: the demo server, cancelling, no lost work (the
 * unsaved-capture prompt, settings following the session), a new capture at step 1, the options
 * popover's early data switch (Reconnect and Resume against nginx)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-gui-window-fixture.h"

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  *count += added;
}

static void
test_capture_demo (Fixture       *f,
                   gconstpointer  data)
{
  HsvizConnection *session;
  guint grown = 0;
  guint at_start;
  const HsvizOutcome *outcome;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-demo", NULL));
  g_assert_true (hsviz_window_is_capturing (f->window));
  session = hsviz_window_get_connection (f->window);
  g_assert_nonnull (session);
  /* The live session is shown at once, before the handshake is over, and grows. */
  at_start = g_list_model_get_n_items (G_LIST_MODEL (session));
  g_assert_false (hsviz_connection_get_outcome (session)->completed);
  g_signal_connect (session, "items-changed", G_CALLBACK (count_items_changed_cb), &grown);

  WAIT_UNTIL (!hsviz_window_is_capturing (f->window));
  g_signal_handlers_disconnect_by_func (session, count_items_changed_cb, &grown);

  g_assert_false (hsviz_window_is_capturing (f->window));
  g_assert_true (hsviz_window_get_connection (f->window) == session);
  outcome = hsviz_connection_get_outcome (session);
  g_assert_true (outcome->completed);
  g_assert_cmpuint (grown, >=, 2);
  g_assert_cmpuint (at_start + grown, ==, g_list_model_get_n_items (G_LIST_MODEL (session)));
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (f->window->sequence_view), >=, grown);
  /* The panes rebuild from an idle after the last change. */
  WAIT_UNTIL (hsviz_certificate_pane_get_n_certificates (f->window->certificate_pane) >= 1);
  g_assert_null (f->window->last_error);

  /* Secrets are hidden until revealed; revealing is kept in GSettings. */
  g_assert_false (hsviz_keys_pane_get_revealed (f->window->keys_pane));
  hsviz_keys_pane_set_revealed (f->window->keys_pane, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (hsviz_keys_pane_get_revealed (f->window->keys_pane));
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_assert_true (g_settings_get_boolean (settings, "reveal-secrets"));
    g_settings_set_boolean (settings, "reveal-secrets", FALSE);
  }
  g_assert_false (hsviz_keys_pane_get_revealed (f->window->keys_pane));
}

/* A peer on 127.0.0.1 that accepts and never answers: the capture sends its ClientHello and
 * then waits, so a cancel really lands mid-way. */
static void
silent_accept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GPtrArray *connections = user_data;
  GSocketConnection *connection;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, NULL);
  if (connection != NULL)
    g_ptr_array_add (connections, connection);
}

static void
test_capture_cancel (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  HsvizConnection *session;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (listener, NULL, silent_accept_cb, connections);
  target = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  gtk_editable_set_text (GTK_EDITABLE (f->window->target_entry), target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture", NULL));
  g_assert_true (hsviz_window_is_capturing (f->window));
  session = g_object_ref (hsviz_window_get_connection (f->window));

  /* Mid-way: the ClientHello went out, no answer will come. */
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (session)) >= 1);
  g_assert_true (hsviz_window_is_capturing (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  WAIT_UNTIL (!hsviz_window_is_capturing (f->window));
  g_assert_false (hsviz_window_is_capturing (f->window));
  g_assert_false (hsviz_connection_get_outcome (session)->completed);
  g_assert_nonnull (f->window->last_error);
  g_object_unref (session);

  /* The target was remembered. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *last = g_settings_get_string (settings, "last-target");

    g_assert_cmpstr (last, ==, target);
  }

  /* The window is still usable: a new capture completes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-demo", NULL));
  g_assert_true (hsviz_window_is_capturing (f->window));
  WAIT_UNTIL (!hsviz_window_is_capturing (f->window));
  g_assert_true (hsviz_connection_get_outcome (hsviz_window_get_connection (f->window))->completed);
  g_assert_null (f->window->last_error);
  g_socket_listener_close (listener);
}

/* ---- no lost work (issue 15) ---- */

static void
wait_capture (Fixture *f)
{
  WAIT_UNTIL (!hsviz_window_is_capturing (f->window));
}

static void
capture_demo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-demo", NULL));
  g_assert_true (hsviz_window_is_capturing (f->window));
  WAIT_UNTIL (!hsviz_window_is_capturing (f->window));
  g_assert_true (hsviz_connection_get_outcome (hsviz_window_get_connection (f->window))->completed);
}

static void
respond (Fixture    *f,
         const char *response)
{
  AdwMessageDialog *dialog = f->window->unsaved_dialog;

  g_assert_nonnull (dialog);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  g_assert_null (f->window->unsaved_dialog);
}

static gboolean
chooser_has_file (GtkFileChooserNative *chooser,
                  GFile                *expected)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL && g_file_equal (file, expected);
}

/* A finished capture is unsaved: a new capture, an opened file and closing the window ask first;
 * Cancel keeps it, Discard goes on, Save writes it (the chosen file reloads) and then goes on. */
static void
test_unsaved_prompt (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls13-demo.handshake", NULL);
  g_autofree char *saved_path = g_build_filename (f->tmpdir, "saved.handshake", NULL);
  g_autoptr(GFile) sample_file = g_file_new_for_path (sample);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  HsvizSession *captured;

  capture_demo (f);
  captured = hsviz_window_get_session (f->window);
  g_assert_true (f->window->unsaved);

  /* A new capture asks; Cancel keeps the capture on screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-demo", NULL));
  g_assert_false (hsviz_window_is_capturing (f->window));
  respond (f, "cancel");
  g_assert_false (hsviz_window_is_capturing (f->window));
  g_assert_true (hsviz_window_get_session (f->window) == captured);
  g_assert_true (f->window->unsaved);

  /* Opening a file asks; Cancel keeps the capture, Discard opens the file. */
  hsviz_window_open_file (f->window, sample_file);
  respond (f, "cancel");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (hsviz_window_is_loading (f->window));
  g_assert_true (hsviz_window_get_session (f->window) == captured);
  hsviz_window_open_file (f->window, sample_file);
  respond (f, "discard");
  g_assert_true (hsviz_window_is_loading (f->window));
  WAIT_UNTIL (!hsviz_window_is_loading (f->window));
  g_assert_true (hsviz_window_get_session (f->window) != captured);
  g_assert_false (f->window->unsaved);

  /* An opened file is not asked about. */
  capture_demo (f);
  g_assert_true (f->window->unsaved);

  /* Save from the question: the file chooser's file is written, then the new capture starts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-demo", NULL));
  respond (f, "save");
  g_assert_nonnull (f->window->chooser);
  g_assert_false (hsviz_window_is_capturing (f->window));
  {
    g_autoptr(GFile) folder = g_file_new_for_path (f->tmpdir);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (f->window->chooser), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (f->window->chooser), "saved.handshake");
  WAIT_UNTIL (chooser_has_file (f->window->chooser, saved_file));
  g_signal_emit_by_name (f->window->chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_true (g_file_test (saved_path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsvizSession) reloaded = hsviz_session_load (saved_file, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hsviz_connection_get_n_messages (hsviz_session_get_connection (reloaded, 0)), >, 0);
  }
  g_assert_true (hsviz_window_is_capturing (f->window));
  wait_capture (f);
  g_assert_true (f->window->unsaved);

  /* Closing the window asks; Cancel keeps it open, Discard closes it. */
  gtk_window_close (GTK_WINDOW (f->window));
  respond (f, "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "window.close", NULL);
  respond (f, "discard");
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* The fixture's window is gone: give it a new one. */
  g_assert_finalize_object (f->window);
  fixture_new_window (f);
}

/* The target, preset or priority, and trust of an opened file go into the controls. */
static void
test_settings_follow_session (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  static const char *names[] = { "tls12-rsa-classic.handshake", "failed-alert.handshake" };

  gtk_editable_set_text (GTK_EDITABLE (f->window->target_entry), "previous.example:443");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (samples, names[i], NULL);
      g_autoptr(JsonObject) json = read_json (path);
      JsonObject *settings = json_object_get_object_member (json, "settings");
      JsonObject *target = json_object_get_object_member (json, "target");
      const char *preset = json_object_get_string_member (settings, "preset");
      guint selected;

      open_and_wait (f, path);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->target_entry)), ==,
                       json_object_get_string_member (target, "url"));
      selected = gtk_drop_down_get_selected (f->window->preset_dropdown);
      if (g_strcmp0 (preset, "custom") == 0)
        {
          g_assert_cmpuint (selected, ==, f->window->n_presets);
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->priority_entry)), ==,
                           json_object_get_string_member (settings, "priority"));
        }
      else
        {
          g_assert_cmpuint (selected, <, f->window->n_presets);
          g_assert_cmpstr (f->window->preset_names[selected], ==, preset);
        }
      /* The samples' CA files were temporary: the system trust store is used. */
      g_assert_null (f->window->cafile);
    }
}

/* A new capture shows step 1 at the top of the diagram, even once the diagram grows past the
 * window (a small window: 800×600). */
static void
test_capture_at_top (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (f->window->sequence_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  capture_demo (f);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window->sequence_view)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_message ("diagram: %.0f of %.0f px shown", gtk_adjustment_get_page_size (adj),
                  gtk_adjustment_get_upper (adj));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  g_assert_cmpuint (hsviz_step_pane_get_step (f->window->step_pane), ==, HSVIZ_STEP_CLIENT_HELLO);
  f->window->unsaved = FALSE;
}

/* The options popover's "Early data (0-RTT)" switch reaches the capture: Reconnect and Resume
 * against nginx (ssl_early_data on, its tickets allow early data) sends the resumed connection's
 * request as 0-RTT with the switch on, and not with it off.  Truth from outside our code:
 * nginx accepted it (the early_data extension of its EncryptedExtensions). */
static void
test_early_data_switch (Fixture       *f,
                        gconstpointer  data)
{
  const char *nginx_args[] = { "ssl_early_data on;", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) nginx = hsviz_test_peer_start ("nginx", nginx_args, &error);
  g_autofree char *url = NULL;
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");

  g_assert_no_error (error);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (nginx));
  for (guint on = 0; on < 2; on++)
    {
      HsvizConnection *second;
      HsvizEarlyData early;

      gtk_editable_set_text (GTK_EDITABLE (f->window->target_entry), url);
      gtk_editable_set_text (GTK_EDITABLE (f->window->servername_entry), "localhost");
      gtk_editable_set_text (GTK_EDITABLE (f->window->alpn_entry), "http/1.1");
      _hsviz_window_set_cafile (f->window, cafile);
      gtk_switch_set_active (f->window->early_data_switch, on);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.capture-resume", NULL));
      g_assert_true (hsviz_window_is_capturing (f->window));
      wait_capture (f);

      g_assert_cmpuint (hsviz_session_get_n_connections (f->window->session), ==, 2);
      second = hsviz_session_get_connection (f->window->session, 1);
      g_assert_true (hsviz_connection_get_outcome (second)->completed);
      g_assert_true (hsviz_connection_is_resumed (second));
      hsviz_connection_get_early_data (second, &early);
      g_assert_cmpint (early.offered, ==, on);
      g_assert_cmpint (early.accepted, ==, on);
      g_assert_cmpuint (early.bytes > 0, ==, on);
      f->window->unsaved = FALSE;
    }
}

int
main (int   argc,
      char *argv[])
{
  hsviz_gui_window_test_init (&argc, &argv);

  g_test_add ("/handshakeviz/gui/window/capture-demo", Fixture, NULL,
              fixture_set_up, test_capture_demo, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/capture-cancel", Fixture, NULL,
              fixture_set_up, test_capture_cancel, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/unsaved-prompt", Fixture, NULL,
              fixture_set_up, test_unsaved_prompt, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/settings-follow-session", Fixture, NULL,
              fixture_set_up, test_settings_follow_session, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/capture-at-top", Fixture, NULL,
              fixture_set_up, test_capture_at_top, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/early-data-switch", Fixture, NULL,
              fixture_set_up, test_early_data_switch, fixture_tear_down);

  return hsviz_gui_window_test_run ();
}
