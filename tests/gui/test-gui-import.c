/* test-gui-import.c — packet captures (pcap/pcapng) imported in the window, with and without a key log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-pcapng-secrets.h"
#include "hsviz-sequence-layout.h"

#include "hsviz-gui-check.h"

#include "hsviz-gui-window-fixture.h"

/* ---- packet captures (issue 13) ---- */

/* The visible dialog with @heading (of @parent's, when not NULL). */
static AdwMessageDialog *
find_dialog_of (GtkWindow  *parent,
                const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        (parent == NULL || gtk_window_get_transient_for (l->data) == parent) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  return find_dialog_of (NULL, heading);
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

/* The texts of the labels under @widget (the rows a list view has made), added to @texts. */
static void
collect_label_texts (GtkWidget  *widget,
                     GHashTable *texts)
{
  if (GTK_IS_LABEL (widget))
    g_hash_table_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_label_texts (c, texts);
}

/* The picker's list of connections, once its rows are made: its texts in @texts. */
static GtkListView *
picker_list (AdwMessageDialog *picker,
             GHashTable       *texts)
{
  GtkListView *view = GTK_LIST_VIEW (find_child_of_type (GTK_WIDGET (picker), GTK_TYPE_LIST_VIEW));

  g_assert_nonnull (view);
  WAIT_UNTIL ((collect_label_texts (GTK_WIDGET (view), texts), g_hash_table_size (texts) > 0));
  return view;
}

/* A real capture (curl against openssl s_server, TLS 1.3 then TLS 1.2) with its key log in a
 * Decryption Secrets Block: the window shows the first connection decrypted, offers both in a
 * list, shows the other when picked, and exports the session as a pcapng the importer reads back.  Truth
 * for the messages: the core's import of the same file (itself checked against tshark by
 * tests/test-import.py). */
static void
test_import_capture (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus", "pcap",
                                                 "curl-injected-secrets.pcapng", NULL);
  g_autofree char *out = g_build_filename (f->tmpdir, "exported.pcapng", NULL);
  g_autoptr(HsvizImportResult) truth = hsviz_import_file (path, NULL, NULL, NULL, NULL);
  g_autoptr(HsvizImportResult) back = NULL;
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  HsvizConnection *shown, *second;
  AdwMessageDialog *picker;
  GtkListView *list;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

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
  list = picker_list (picker, texts);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==,
                    truth->connections->len);
  /* each row: the connection's client → server addresses */
  for (guint i = 0; i < truth->connections->len; i++)
    {
      g_autofree char *addresses = hsviz_connection_dup_addresses_text (g_ptr_array_index (truth->connections, i));

      g_assert_nonnull (addresses);
      g_assert_true (g_str_has_prefix (addresses, "127.0.0.1:"));
      g_assert_true (g_hash_table_contains (texts, addresses));
    }
  g_signal_emit_by_name (list, "activate", 1);
  second = hsviz_window_get_connection (f->window);
  g_assert_cmpuint (hsviz_connection_get_version (second), ==, 0x0303);
  g_assert_cmpmem (hsviz_connection_get_client_random (second), 32,
                   hsviz_connection_get_client_random (g_ptr_array_index (truth->connections, 1)), 32);
  /* the connection switcher's items are the connections' labels from the core: their numbers
   * and client → server addresses; its tooltip says what the label does not (the version and
   * what became of the connection shown), each thing once: not the addresses again */
  {
    g_autofree char *addresses = hsviz_connection_dup_addresses_text (second);
    g_autofree char *details = hsviz_connection_dup_label_details (second);
    const char *tip = gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->connection_dropdown));
    GtkStringList *items = GTK_STRING_LIST (gtk_drop_down_get_model (f->window->connection_dropdown));

    g_assert_nonnull (tip);
    g_assert_null (strstr (tip, addresses));
    g_assert_cmpstr (details, ==, "TLS 1.2 · full handshake");
    g_assert_true (g_str_has_prefix (tip, details));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (items)), ==, truth->connections->len);
    for (guint i = 0; i < truth->connections->len; i++)
      {
        HsvizConnection *shown_i = hsviz_session_get_connection (hsviz_window_get_session (f->window), i);
        g_autofree char *label = hsviz_connection_dup_label (shown_i);
        g_autofree char *text = hsviz_connection_dup_addresses_text (g_ptr_array_index (truth->connections, i));
        g_autofree char *want = g_strdup_printf ("%u · %s", i + 1, text);

        g_assert_cmpstr (label, ==, want);
        g_assert_cmpstr (gtk_string_list_get_string (items, i), ==, want);
      }
  }

  g_assert_true (_hsviz_window_write_export (f->window, HSVIZ_EXPORT_PCAPNG, NULL, out_file, &error));
  g_assert_no_error (error);
  back = hsviz_import_file (out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* every connection of the session, each between its real addresses and ports, decrypted with
   * the secrets the export wrote */
  g_assert_cmpuint (back->connections->len, ==, truth->connections->len);
  for (guint i = 0; i < truth->connections->len; i++)
    {
      HsvizConnection *was = g_ptr_array_index (truth->connections, i);
      HsvizConnection *is = g_ptr_array_index (back->connections, i);

      g_assert_cmpmem (hsviz_connection_get_client_random (is), 32, hsviz_connection_get_client_random (was), 32);
      g_assert_cmpuint (hsviz_connection_get_n_messages (is), ==, hsviz_connection_get_n_messages (was));
      g_assert_cmpstr (hsviz_connection_get_client_address (is), ==, hsviz_connection_get_client_address (was));
      g_assert_cmpstr (hsviz_connection_get_server_address (is), ==, hsviz_connection_get_server_address (was));
    }
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
  g_autoptr(HsvizImportResult) truth = hsviz_import_file (with, NULL, NULL, NULL, NULL);
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

/* Firefox's capture (tests/data-browser, its links checked against tshark by
 * test-import-browser.py): the list of connections says which earlier connection each resumed
 * one resumes, the switcher's tooltip too, and the diagram names the client by its address (an
 * imported connection's client is not HandshakeViz). */
static void
test_import_resumed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data-browser", "firefox-secrets.pcapng", NULL);
  g_autoptr(HsvizImportResult) truth = hsviz_import_file (path, NULL, NULL, NULL, NULL);
  g_autoptr(HsvizSequenceLayout) layout = NULL;
  AdwMessageDialog *picker;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HsvizConnection *shown;
  guint linked = 0;

  g_assert_nonnull (truth);
  open_and_wait (f, path);
  WAIT_UNTIL ((picker = find_dialog_of (GTK_WINDOW (f->window), "Connections in the Capture")) != NULL);
  picker_list (picker, texts);
  /* each row's description, from the core: a resumed connection's ends with the one it resumed */
  for (guint i = 0; i < truth->connections->len; i++)
    {
      HsvizConnection *c = g_ptr_array_index (truth->connections, i);
      int from = hsviz_connection_get_resumed_from (c);
      g_autofree char *resumed = g_strdup_printf (" · resumed %d", from + 1);
      g_autofree char *subtitle = hsviz_import_dup_connection_description (c);

      g_assert_true (g_hash_table_contains (texts, subtitle));
      g_assert_true (!hsviz_connection_is_resumed (c) || from >= 0);
      g_assert_cmpint (from, <, (int) i);
      g_assert_true ((from >= 0) == g_str_has_suffix (subtitle, resumed));
      linked += from >= 0;
    }
  gtk_window_destroy (GTK_WINDOW (picker));
  /* shown (picked in the switcher): its tooltip names the connection it resumed */
  for (guint i = 0; i < truth->connections->len; i++)
    {
      int from = hsviz_connection_get_resumed_from (g_ptr_array_index (truth->connections, i));
      g_autofree char *resumed = g_strdup_printf ("resumed %d", from + 1);

      gtk_drop_down_set_selected (f->window->connection_dropdown, i);
      shown = hsviz_window_get_connection (f->window);
      if (from < 0)
        continue;
      g_assert_cmpint (hsviz_connection_get_resumed_from (shown), ==, from);
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->connection_dropdown)), resumed));
    }
  g_assert_cmpuint (linked, ==, 3);

  shown = hsviz_window_get_connection (f->window);
  layout = hsviz_sequence_layout_new (shown, FALSE, FALSE, gtk_widget_get_pango_context (GTK_WIDGET (f->window)));
  g_assert_true (g_str_has_suffix (pango_layout_get_text (layout->client_header),
                                   hsviz_connection_get_client_address (shown)));
  g_assert_null (strstr (pango_layout_get_text (layout->client_header), "HandshakeViz"));

  /* connection 2 ends with the client's close_notify, drawn as a record, not as an error */
  gtk_drop_down_set_selected (f->window->connection_dropdown, 1);
  hsviz_gui_check_settle (f->window);
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (f->window->sequence_view),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  hsviz_gui_check_save_screenshot (GTK_WIDGET (f->window), "import-firefox-connection-2.png");

  /* its secrets came from the capture's key log, not from GnuTLS: the Keys pane says so */
  hsviz_keys_pane_set_revealed (f->window->keys_pane, TRUE);
  {
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (find_child_of_type (GTK_WIDGET (f->window->keys_pane),
                                                                            ADW_TYPE_PREFERENCES_GROUP));

    g_assert_cmpstr (adw_preferences_group_get_title (group), ==, "Key Log");
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), "capture's key log"));
    g_assert_null (strstr (adw_preferences_group_get_description (group), "GnuTLS"));
  }
}

int
main (int   argc,
      char *argv[])
{
  hsviz_gui_window_test_init (&argc, &argv);

  g_test_add ("/handshakeviz/gui/window/import-capture", Fixture, NULL,
              fixture_set_up, test_import_capture, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/import-capture-keylog", Fixture, NULL,
              fixture_set_up, test_import_capture_keylog, fixture_tear_down);
  g_test_add ("/handshakeviz/gui/window/import-resumed", Fixture, NULL,
              fixture_set_up, test_import_resumed, fixture_tear_down);

  return hsviz_gui_window_test_run ();
}
