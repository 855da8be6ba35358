/* test-gui-window.c — the window with real sessions: opened files, selection, live captures
 *
 * Truth comes from outside the GUI: the session file written by handshakeviz-cli is read back
 * with json-glib to count its messages and certificates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hsviz-application.h"
#include "hsviz-gui-test.h"
#include "hsviz-pcapng-secrets.h"
#include "hsviz-test-utils.h"
#include "hsviz-window-private.h"

static HsvizApplication *the_app;

typedef struct
{
  HsvizApplication *app;
  HsvizWindow      *window;
  char             *tmpdir;
} Fixture;

static void
fixture_new_window (Fixture *f)
{
  f->window = g_object_ref (hsviz_window_new (f->app));
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
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

static void
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
static char *
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

static JsonObject *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  /* the first connection's keys */
  return hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
}

static guint
count_fields (HsvizField *field)
{
  guint n = hsviz_field_get_n_children (field);
  guint total = n;

  for (guint i = 0; i < n; i++)
    total += count_fields (hsviz_field_get_child (field, i));
  return total;
}

static void
open_and_wait (Fixture    *f,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  hsviz_window_open_file (f->window, file);
  g_assert_true (hsviz_window_is_loading (f->window));
  WAIT_UNTIL (!hsviz_window_is_loading (f->window));
}

static void
check_open_file (Fixture    *f,
                 const char *preset)
{
  g_autofree char *path = cli_demo_session (f, preset);
  g_autoptr(JsonObject) json = read_json (path);
  JsonArray *messages = json_object_get_array_member (json, "messages");
  JsonArray *certificates = json_object_get_array_member (json, "certificates");
  guint n_messages = json_array_get_length (messages);
  GListModel *list_model;
  HsvizConnection *session;

  open_and_wait (f, path);
  session = hsviz_window_get_connection (f->window);
  g_assert_nonnull (session);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->window->main_stack), ==, "session");

  /* The diagram and the accessible message list show every message of the file. */
  list_model = G_LIST_MODEL (gtk_list_view_get_model (f->window->message_list));
  g_assert_cmpuint (g_list_model_get_n_items (list_model), ==, n_messages);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window->sequence_view)));
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (f->window->sequence_view), ==, n_messages);

  /* Selecting a message shows its fields in the Bytes pane and the chain in the Certificates
   * pane.  The list is in wire order: row i is the message its timeline item names (a TLS 1.3
   * NewSessionTicket may come before the client's Finished, which GnuTLS hooked first). */
  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr(HsvizTimelineItem) row = g_list_model_get_item (list_model, i);
      guint k = hsviz_timeline_item_get_message_index (row);
      JsonObject *m = json_array_get_object_element (messages, k);
      HsvizMessage *message;
      HsvizField *field;
      gsize start, end;

      gtk_selection_model_select_item (GTK_SELECTION_MODEL (list_model), i, TRUE);
      g_assert_cmpuint (hsviz_sequence_view_get_selected (f->window->sequence_view), ==, k);
      message = hsviz_bytes_pane_get_message (f->window->bytes_pane);
      g_assert_nonnull (message);
      g_assert_cmpstr (hsviz_message_get_type_name (message), ==, json_object_get_string_member (m, "type"));
      g_assert_cmpuint (hsviz_bytes_pane_get_n_rows (f->window->bytes_pane), ==,
                        count_fields (hsviz_message_get_fields (message)));

      /* A click on byte 0 selects the message-type field and highlights it. */
      hsviz_bytes_pane_select_offset (f->window->bytes_pane, 0);
      field = hsviz_bytes_pane_get_selected_field (f->window->bytes_pane);
      g_assert_nonnull (field);
      g_assert_cmpuint (hsviz_field_get_offset (field), ==, 0);
      g_assert_true (hsviz_bytes_pane_get_highlight (f->window->bytes_pane, &start, &end));
      g_assert_cmpuint (start, ==, 0);
      g_assert_cmpuint (end, ==, hsviz_field_get_length (field));
      g_assert_cmpuint (hsviz_step_pane_get_step (f->window->step_pane), ==,
                        json_object_get_int_member (m, "step"));

      /* In a ClientHello, a byte inside the cipher suite list selects that one suite. */
      if (g_strcmp0 (hsviz_message_get_type_name (message), "ClientHello") == 0)
        {
          HsvizField *suites = hsviz_field_find (hsviz_message_get_fields (message), "cipher_suites");
          HsvizField *second = hsviz_field_get_child (suites, hsviz_field_get_n_children (suites) - 1);

          hsviz_bytes_pane_select_offset (f->window->bytes_pane, hsviz_field_get_offset (second) + 1);
          field = hsviz_bytes_pane_get_selected_field (f->window->bytes_pane);
          g_assert_true (field == second);
        }
    }

  /* The diagram's selection drives the list the other way round. */
  hsviz_sequence_view_set_selected (f->window->sequence_view, 0);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (list_model)), ==, 0);

  g_assert_cmpuint (hsviz_certificate_pane_get_n_certificates (f->window->certificate_pane), ==,
                    json_array_get_length (certificates));
  g_assert_cmpuint (hsviz_suites_pane_get_n_offered (f->window->suites_pane), ==,
                    json_array_get_length (json_object_get_array_member (json, "offered_cipher_suites")));
}

static void
test_open_tls13 (Fixture       *f,
                 gconstpointer  data)
{
  check_open_file (f, "tls13");
}

static void
test_open_tls12_rsa (Fixture       *f,
                     gconstpointer  data)
{
  check_open_file (f, "tls12-rsa");
}

/* Every sample session that ships with the app (data/samples) opens with the right number of
 * arrows, six steps in the textbook view, its chain, and its outcome in the title. */
static void
test_open_samples (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir_path = hsviz_application_dup_samples_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) json = NULL;
      JsonObject *outcome;
      guint n_messages, n_certificates;
      const char *subtitle;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      n_files++;
      g_test_message ("%s", name);
      path = g_build_filename (dir_path, name, NULL);
      json = read_json (path);
      n_messages = json_array_get_length (json_object_get_array_member (json, "messages"));
      n_certificates = json_array_get_length (json_object_get_array_member (json, "certificates"));
      outcome = json_object_get_object_member (json, "outcome");

      open_and_wait (f, path);
      g_assert_nonnull (hsviz_window_get_session (f->window));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->selection)), ==, n_messages);
      g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (f->window->sequence_view), ==, n_messages);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view-mode", "s", "textbook"));
      WAIT_UNTIL (hsviz_sequence_view_get_mode (f->window->sequence_view) == HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
      g_assert_cmpuint (hsviz_sequence_view_get_n_steps (f->window->sequence_view), ==, HSVIZ_N_STEPS);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view-mode", "s", "wire"));
      WAIT_UNTIL (hsviz_sequence_view_get_mode (f->window->sequence_view) == HSVIZ_SEQUENCE_VIEW_WIRE);

      WAIT_UNTIL (hsviz_certificate_pane_get_n_certificates (f->window->certificate_pane) == n_certificates);

      subtitle = adw_window_title_get_subtitle (f->window->window_title);
      if (json_object_get_boolean_member (outcome, "completed"))
        g_assert_false (g_str_has_prefix (subtitle, "Failed"));
      else
        g_assert_true (strstr (subtitle, json_object_get_string_member (outcome, "error")) != NULL);
    }
  g_assert_cmpuint (n_files, >, 0);
}

/* Save writes the session back to the file it came from; the file still loads, whole. */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls12-rsa.handshake", NULL);
  g_autofree char *copy = g_build_filename (f->tmpdir, "copy.handshake", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (copy);
  g_autoptr(HsvizSession) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (sample, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, "", 0, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  before = read_json (copy);

  /* A shipped sample is never the save target. */
  open_and_wait (f, sample);
  g_assert_null (f->window->file);

  open_and_wait (f, copy);
  g_assert_true (g_file_equal (f->window->file, file));
  {
    g_autofree char *uri = g_file_get_uri (file);

    /* The recent manager looks the MIME type up asynchronously before it adds the file. */
    WAIT_UNTIL (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  }
  g_assert_true (g_unlink (copy) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));

  reloaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  after = read_json (copy);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "messages")), ==,
                    json_array_get_length (json_object_get_array_member (before, "messages")));
  g_assert_cmpstr (json_object_get_string_member (after, "client_random"), ==,
                   json_object_get_string_member (before, "client_random"));
  g_assert_cmpuint (hsviz_connection_get_n_messages (hsviz_session_get_connection (reloaded, 0)), ==,
                    hsviz_connection_get_n_messages (hsviz_window_get_connection (f->window)));
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
}

/* What Export writes, checked against the session file's own JSON (DER, key log) and the file
 * formats' signatures. */
static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls12-rsa.handshake", NULL);
  g_autoptr(JsonObject) json = read_json (sample);
  JsonArray *certificates = json_object_get_array_member (json, "certificates");
  JsonArray *keylog = json_object_get_array_member (json_object_get_object_member (json, "secrets"), "keylog");
  static const char *formats[] = { "png", "svg", "pdf" };
  static const char *magic[] = { "\x89PNG", "<svg", "%PDF" };
  g_autoptr(GError) error = NULL;

  open_and_wait (f, sample);

  /* The certificate chain as PEM: the DER of each certificate of the file, in order. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "chain.pem", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GBytes) pem = NULL;
    g_auto(GStrv) blocks = NULL;
    guint n = 0;

    g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_PEM, NULL, file, &error));
    g_assert_no_error (error);
    pem = read_bytes (path);
    blocks = g_strsplit (g_bytes_get_data (pem, NULL), "-----BEGIN CERTIFICATE-----", -1);
    for (guint i = 1; blocks[i] != NULL; i++, n++)
      {
        char *end = strstr (blocks[i], "-----END CERTIFICATE-----");
        g_autofree guchar *der = NULL;
        g_autofree guchar *expected = NULL;
        gsize der_len, expected_len;

        g_assert_nonnull (end);
        *end = '\0';
        der = g_base64_decode (blocks[i], &der_len);
        expected = g_base64_decode (json_object_get_string_member (json_array_get_object_element (certificates, n), "der"),
                                    &expected_len);
        g_assert_cmpmem (der, der_len, expected, expected_len);
      }
    g_assert_cmpuint (n, ==, json_array_get_length (certificates));
  }

  /* The NSS key log: one "LABEL client_random secret" line per key-log entry of the file. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "keys.log", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GBytes) text = NULL;
    g_auto(GStrv) lines = NULL;
    guint n = 0;

    g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_KEYLOG, NULL, file, &error));
    g_assert_no_error (error);
    text = read_bytes (path);
    lines = g_strsplit (g_bytes_get_data (text, NULL), "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        JsonObject *entry;
        g_autofree char *expected = NULL;

        if (lines[i][0] == '\0' || lines[i][0] == '#')
          continue;
        entry = json_array_get_object_element (keylog, n++);
        expected = g_strdup_printf ("%s %s %s", json_object_get_string_member (entry, "label"),
                                    json_object_get_string_member (entry, "client_random"),
                                    json_object_get_string_member (entry, "secret"));
        g_assert_cmpstr (lines[i], ==, expected);
      }
    g_assert_cmpuint (n, ==, json_array_get_length (keylog));
  }

  /* Save without secrets: the file reloads without any secret. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "public.handshake", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(HsvizSession) reloaded = NULL;
    g_autoptr(GBytes) text = NULL;

    g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_WITHOUT_SECRETS, NULL, file, &error));
    g_assert_no_error (error);
    reloaded = hsviz_session_load (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (hsviz_session_has_secrets (reloaded));
    text = read_bytes (path);
    g_assert_null (strstr (g_bytes_get_data (text, NULL),
                           json_object_get_string_member (json_array_get_object_element (keylog, 0), "secret")));
    /* The window keeps its own file: saving without secrets is an export. */
    g_assert_null (f->window->file);
  }

  /* The diagram in each format. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("diagram.%s", formats[i]);
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) bytes = NULL;

      g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_DIAGRAM, formats[i], file, &error));
      g_assert_no_error (error);
      bytes = read_bytes (path);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);
      g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), MIN (g_bytes_get_size (bytes), 400), magic[i]));
    }
}

static void
test_open_unreadable (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *good = cli_demo_session (f, "tls13");
  g_autofree char *bad = g_build_filename (f->tmpdir, "bad.handshake", NULL);
  HsvizSession *before;

  open_and_wait (f, good);
  before = hsviz_window_get_session (f->window);
  g_assert_nonnull (before);

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"handshakeviz-session\", \"format_version\": 99}", -1, NULL));
  open_and_wait (f, bad);
  /* The current session stays as it was. */
  g_assert_true (hsviz_window_get_session (f->window) == before);
}

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

static void
collect_labels (GtkWidget *widget,
                GtkWidget *skip,
                GString   *out)
{
  if (widget == skip || !gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, skip, out);
}

/* The texts of the toasts on screen (the labels over the main stack) hold needle. */
static gboolean
toast_shows (Fixture    *f,
             const char *needle,
             GString    *shown)
{
  g_string_truncate (shown, 0);
  collect_labels (GTK_WIDGET (f->window->toast_overlay), GTK_WIDGET (f->window->main_stack), shown);
  return strstr (shown->str, needle) != NULL;
}

/* A truncated session file: the toast shows json-glib's message with its "<data>" as written
 * (a toast's title is markup; G_DEBUG=fatal-warnings turns GTK's markup warning into a failure). */
static void
test_truncated_file_toast (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls13-demo.handshake", NULL);
  g_autofree char *cut = g_build_filename (f->tmpdir, "cut.handshake", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  gsize len;

  g_assert_true (g_file_get_contents (sample, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len / 3, NULL));
  open_and_wait (f, cut);
  g_assert_null (hsviz_window_get_session (f->window));

  WAIT_UNTIL (toast_shows (f, "cut.handshake", shown));
  g_test_message ("toast: %s", shown->str);
  g_assert_nonnull (strstr (shown->str, "Could not open “cut.handshake”: "));
  g_assert_nonnull (strstr (shown->str, "<data>"));
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

/* The samples are listed by what they show (the core's title of each), not by file name. */
static void
test_sample_titles (Fixture       *f,
                    gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (f->window->samples_button);
  GMenuModel *menu;
  guint n;

  gtk_menu_button_popup (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  n = g_menu_model_get_n_items (menu);
  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *path = NULL;
      g_autofree char *base = NULL;
      g_autofree char *title = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(HsvizSession) session = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &path));
      file = g_file_new_for_path (path);
      base = g_file_get_basename (file);
      session = hsviz_session_load (file, NULL, &error);
      g_assert_no_error (error);
      title = hsviz_connection_dup_title (hsviz_session_get_connection (session, 0));
      g_test_message ("%s: %s", base, label);
      g_assert_cmpstr (label, ==, title);
      g_assert_null (strstr (label, ".handshake"));
    }
  gtk_menu_button_popdown (button);
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

/* The selected field's whole value is copied (Ctrl+C or the copy button: bytes.copy-value). */
static void
test_bytes_copy_value (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *sample = g_build_filename (samples, "tls13-demo.handshake", NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  g_autofree char *text = NULL;
  HsvizField *random;

  open_and_wait (f, sample);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->window->selection), 0, TRUE);
  random = hsviz_field_find (hsviz_message_get_fields (hsviz_bytes_pane_get_message (f->window->bytes_pane)),
                             "random");
  g_assert_nonnull (random);
  hsviz_bytes_pane_select_offset (f->window->bytes_pane, hsviz_field_get_offset (random) + 3);
  g_assert_true (hsviz_bytes_pane_get_selected_field (f->window->bytes_pane) == random);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window->bytes_pane), "bytes.copy-value", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  WAIT_UNTIL (text != NULL);
  g_assert_cmpstr (text, ==, hsviz_field_get_value (random));
  /* The whole 32-byte random, not a cut. */
  g_assert_cmpuint (strlen (text), >=, 64);
}

/* ---- packet captures (issue 13) ---- */

static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child_of_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A real capture (curl against openssl s_server, TLS 1.3 then TLS 1.2) with its key log in a
 * Decryption Secrets Block: the window shows the first connection decrypted, offers both in a
 * list, shows the other when picked, and exports it as a pcapng the importer reads back.  Truth
 * for the messages: the core's import of the same file (itself checked against tshark by
 * tests/test-import.py). */
static void
test_import_capture (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus", "pcap",
                                                 "curl-injected-secrets.pcapng", NULL);
  g_autofree char *out = g_build_filename (f->tmpdir, "exported.pcapng", NULL);
  g_autoptr(HsvizImportResult) truth = hsviz_import_file (path, NULL, NULL, NULL, NULL, NULL, NULL);
  g_autoptr(HsvizImportResult) back = NULL;
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  HsvizConnection *shown, *second;
  AdwMessageDialog *picker;
  GtkListBox *list;

  g_assert_nonnull (truth);
  g_assert_cmpuint (truth->connections->len, ==, 2);
  open_and_wait (f, path);
  shown = hsviz_window_get_connection (f->window);
  g_assert_nonnull (shown);
  g_assert_cmpuint (hsviz_connection_get_version (shown), ==, 0x0304);
  g_assert_cmpuint (hsviz_connection_get_n_messages (shown), ==,
                    hsviz_connection_get_n_messages (g_ptr_array_index (truth->connections, 0)));
  g_assert_cmpuint (hsviz_connection_get_n_messages (shown), >, 2);   /* the encrypted flight, decrypted */

  WAIT_UNTIL (find_dialog ("Connections in the Capture") != NULL);
  picker = find_dialog ("Connections in the Capture");
  list = GTK_LIST_BOX (find_child_of_type (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  second = hsviz_window_get_connection (f->window);
  g_assert_cmpuint (hsviz_connection_get_version (second), ==, 0x0303);
  g_assert_cmpmem (hsviz_connection_get_client_random (second), 32,
                   hsviz_connection_get_client_random (g_ptr_array_index (truth->connections, 1)), 32);

  g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_PCAPNG, NULL, out_file, &error));
  g_assert_no_error (error);
  back = hsviz_import_file (out, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->connections->len, ==, 1);
  g_assert_cmpmem (hsviz_connection_get_client_random (g_ptr_array_index (back->connections, 0)), 32,
                   hsviz_connection_get_client_random (second), 32);
  g_assert_cmpuint (hsviz_connection_get_n_messages (g_ptr_array_index (back->connections, 0)), ==,
                    hsviz_connection_get_n_messages (second));
}

/* The same capture without its secrets shows the cleartext part; given the key log (as the
 * key-log chooser does), the encrypted flight appears. */
static void
test_import_capture_keylog (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *plain = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus", "pcap",
                                                  "curl-tls13-tls12.pcapng", NULL);
  g_autofree char *with = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus", "pcap",
                                                 "curl-injected-secrets.pcapng", NULL);
  g_autofree char *keys = g_build_filename (f->tmpdir, "keys.txt", NULL);
  g_autoptr(HsvizImportResult) truth = hsviz_import_file (with, NULL, NULL, NULL, NULL, NULL, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain);
  FILE *fp = fopen (with, "rb");
  AdwMessageDialog *picker;

  g_assert_nonnull (fp);
  g_assert_true (hsviz_pcapng_read_tls_secrets (fp, text, NULL));
  fclose (fp);
  g_assert_true (g_file_set_contents (keys, text->str, text->len, NULL));

  open_and_wait (f, plain);
  g_assert_cmpuint (hsviz_connection_get_n_messages (hsviz_window_get_connection (f->window)), ==, 2);
  WAIT_UNTIL ((picker = find_dialog ("Connections in the Capture")) != NULL);
  gtk_window_destroy (GTK_WINDOW (picker));

  _hsviz_window_import_capture (f->window, plain_file, keys);
  g_assert_true (hsviz_window_is_loading (f->window));
  WAIT_UNTIL (!hsviz_window_is_loading (f->window));
  g_assert_cmpuint (hsviz_connection_get_n_messages (hsviz_window_get_connection (f->window)), ==,
                    hsviz_connection_get_n_messages (g_ptr_array_index (truth->connections, 0)));
  WAIT_UNTIL ((picker = find_dialog ("Connections in the Capture")) != NULL);
  gtk_window_destroy (GTK_WINDOW (picker));
}

/* The message list shows the messages in wire order: Go's crypto/tls sent its TLS 1.3
 * NewSessionTicket (message 8, hooked after the client's Finished) before the client's Finished
 * (message 7).  Choosing a row selects that message in the diagram, and the other way round. */
static void
test_message_list_wire_order (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "go-ticket-before-finished.handshake", NULL);
  GListModel *list;
  HsvizConnection *session;
  guint n;

  open_and_wait (f, path);
  session = hsviz_window_get_connection (f->window);
  g_assert_nonnull (session);
  list = G_LIST_MODEL (gtk_list_view_get_model (f->window->message_list));
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, ==, hsviz_connection_get_n_messages (session));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsvizTimelineItem) item = g_list_model_get_item (list, i);
      guint expected = i < n - 2 ? i : i == n - 2 ? n - 1 : n - 2;

      g_assert_cmpint (hsviz_timeline_item_get_message_index (item), ==, expected);
    }
  g_assert_cmpint (hsviz_message_get_type_code (hsviz_connection_get_message (session, n - 1)), ==,
                   HSVIZ_HS_NEW_SESSION_TICKET);

  /* the row of the ticket is message n - 1 in the diagram */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (list), n - 2, TRUE);
  g_assert_cmpuint (hsviz_sequence_view_get_selected (f->window->sequence_view), ==, n - 1);
  /* the client's Finished chosen in the diagram is the last row */
  hsviz_sequence_view_set_selected (f->window->sequence_view, n - 2);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (list)), ==, n - 1);
}

/* Opening a second file offers to compare it with the one it replaced: the compare window
 * marks what differs between a TLS 1.2 and a TLS 1.3 sample. */
static void
test_compare_previous (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path12 = g_build_filename (samples, "tls12-ecdhe.handshake", NULL);
  g_autofree char *path13 = g_build_filename (samples, "tls13-demo.handshake", NULL);
  g_autoptr(JsonObject) json12 = read_json (path12);
  g_autoptr(JsonObject) json13 = read_json (path13);
  GListModel *toplevels = gtk_window_get_toplevels ();
  HsvizConnection *first;
  HsvizCompareWindow *compare = NULL;

  open_and_wait (f, path12);
  first = hsviz_window_get_connection (f->window);
  g_assert_null (f->window->replaced_connection);
  open_and_wait (f, path13);
  g_assert_true (f->window->replaced_connection == first);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-previous", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HSVIZ_IS_COMPARE_WINDOW (window))
        compare = HSVIZ_COMPARE_WINDOW (window);
    }
  g_assert_nonnull (compare);
  /* The files say the versions differ: at least that row is marked. */
  g_assert_cmpstr (json_object_get_string_member (json12, "protocol"), !=,
                   json_object_get_string_member (json13, "protocol"));
  g_assert_cmpuint (hsviz_compare_window_get_n_marked (compare), >=, 1);
  {
    g_autoptr(HsvizDiff) diff = hsviz_diff_new (first, hsviz_window_get_connection (f->window));

    g_assert_cmpuint (hsviz_compare_window_get_n_rows (compare), ==, hsviz_diff_get_n_rows (diff));
    g_assert_cmpuint (hsviz_compare_window_get_n_marked (compare), ==, hsviz_diff_get_n_differences (diff));
  }
  gtk_window_destroy (GTK_WINDOW (compare));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("hsviz-gui-data-XXXXXX", NULL);
  g_autofree char *recent = NULL;
  int ret;

  /* Opened and saved files go to the recent list: keep it out of the user's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/handshakeviz/gui/window/open-tls13", Fixture, NULL,
              fixture_set_up, test_open_tls13, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/open-tls12-rsa", Fixture, NULL,
              fixture_set_up, test_open_tls12_rsa, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/open-samples", Fixture, NULL,
              fixture_set_up, test_open_samples, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/save", Fixture, NULL,
              fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/exports", Fixture, NULL,
              fixture_set_up, test_exports, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/open-unreadable", Fixture, NULL,
              fixture_set_up, test_open_unreadable, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/capture-demo", Fixture, NULL,
              fixture_set_up, test_capture_demo, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/capture-cancel", Fixture, NULL,
              fixture_set_up, test_capture_cancel, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/unsaved-prompt", Fixture, NULL,
              fixture_set_up, test_unsaved_prompt, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/settings-follow-session", Fixture, NULL,
              fixture_set_up, test_settings_follow_session, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/truncated-file-toast", Fixture, NULL,
              fixture_set_up, test_truncated_file_toast, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/capture-at-top", Fixture, NULL,
              fixture_set_up, test_capture_at_top, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/sample-titles", Fixture, NULL,
              fixture_set_up, test_sample_titles, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/bytes-copy-value", Fixture, NULL,
              fixture_set_up, test_bytes_copy_value, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/compare-previous", Fixture, NULL,
              fixture_set_up, test_compare_previous, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/import-capture", Fixture, NULL,
              fixture_set_up, test_import_capture, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/import-capture-keylog", Fixture, NULL,
              fixture_set_up, test_import_capture_keylog, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/message-list-wire-order", Fixture, NULL,
              fixture_set_up, test_message_list_wire_order, fixture_tear_down);

  ret = g_test_run ();
  g_clear_object (&the_app);
  recent = g_build_filename (data_home, "recently-used.xbel", NULL);
  g_unlink (recent);
  g_rmdir (data_home);
  return ret;
}
