/* test-gui-window.c — the window with real sessions: opened, saved and exported files, samples,
 * selection and the message list
 *
 * Truth comes from outside the GUI: the session file written by handshakeviz-cli is read back
 * with json-glib to count its messages and certificates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hsviz-gui-window-fixture.h"

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

/* A session of two connections (the demo server, --reconnect): the switcher appears with both,
 * and choosing the resumed one shows it in the diagram (fewer arrows: no Certificate) and its
 * PSK chain in the key graph. */
static void
test_connection_switcher (Fixture       *f,
                          gconstpointer  data)
{
  const char *cli = g_getenv ("HSVIZ_CLI");
  g_autofree char *path = g_build_filename (f->tmpdir, "resumed.handshake", NULL);
  const char *argv[] = { cli, "demo", "--reconnect", "--preset", "tls13", "--output", path, NULL };
  g_autofree char *out = hsviz_test_run_check (argv);
  HsvizSession *session;
  HsvizConnection *first, *second;
  HsvizKeyGraphView *graph = hsviz_keys_pane_get_graph_view (f->window->keys_pane);
  guint first_arrows;

  open_and_wait (f, path);
  session = hsviz_window_get_session (f->window);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  first = hsviz_session_get_connection (session, 0);
  second = hsviz_session_get_connection (session, 1);
  g_assert_true (hsviz_connection_is_resumed (second));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->connection_dropdown)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (f->window->connection_dropdown)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (f->window->connection_dropdown), ==, 0);
  g_assert_true (hsviz_window_get_connection (f->window) == first);
  first_arrows = hsviz_sequence_view_get_n_arrows (f->window->sequence_view);
  g_assert_cmpuint (first_arrows, >, 0);
  /* the key schedule is drawn once the secrets are revealed, in the Keys pane when shown */
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  hsviz_keys_pane_set_revealed (f->window->keys_pane, TRUE);
  adw_view_stack_set_visible_child_name (f->window->pane_stack, "keys");
  WAIT_UNTIL ((hsviz_key_graph_view_select (graph, "early_secret"),
               hsviz_key_graph_view_get_selected (graph) != NULL));
  hsviz_key_graph_view_select (graph, "psk_binder");
  g_assert_null (hsviz_key_graph_view_get_selected (graph));

  gtk_drop_down_set_selected (f->window->connection_dropdown, 1);
  g_assert_true (hsviz_window_get_connection (f->window) == second);
  WAIT_UNTIL (hsviz_sequence_view_get_n_arrows (f->window->sequence_view) != first_arrows);
  g_assert_cmpuint (hsviz_sequence_view_get_n_arrows (f->window->sequence_view), <, first_arrows);
  WAIT_UNTIL ((hsviz_key_graph_view_select (graph, "psk_binder"),
               hsviz_key_graph_view_get_selected (graph) != NULL));
  g_assert_cmpstr (hsviz_key_graph_view_get_selected (graph), ==, "psk_binder");
  /* the tooltip says what resumption skipped */
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->connection_dropdown)));

  /* and back */
  gtk_drop_down_set_selected (f->window->connection_dropdown, 0);
  g_assert_true (hsviz_window_get_connection (f->window) == first);
  WAIT_UNTIL (hsviz_sequence_view_get_n_arrows (f->window->sequence_view) == first_arrows);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "reveal-secrets", FALSE);
  }
}

int
main (int   argc,
      char *argv[])
{
  hsviz_gui_window_test_init (&argc, &argv);

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
  g_test_add ("/handshakeviz/gui/window/truncated-file-toast", Fixture, NULL,
              fixture_set_up, test_truncated_file_toast, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/sample-titles", Fixture, NULL,
              fixture_set_up, test_sample_titles, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/bytes-copy-value", Fixture, NULL,
              fixture_set_up, test_bytes_copy_value, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/message-list-wire-order", Fixture, NULL,
              fixture_set_up, test_message_list_wire_order, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/connection-switcher", Fixture, NULL,
              fixture_set_up, test_connection_switcher, fixture_tear_down);

  return hsviz_gui_window_test_run ();
}
