/* test-connection-facts.c — facts the views show in words: the downgrade verdict and a
 * connection's title, on the shipped samples (real captures)
 *
 * Truth from outside the parser: each sample's recorded GnuTLS priority string says which
 * versions the client offered (GnuTLS 3.7.9's NORMAL offers TLS 1.3 and 1.2), and the file's
 * server_random says whether the server wrote the RFC 8446 §4.1.3 sentinel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "hsviz.h"
#include "hsviz-test-utils.h"

static HsvizConnection *
load_sample (const char  *name,
             JsonObject **json)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  HsvizConnection *session = hsviz_test_first_connection (hsviz_session_load (file, NULL, &error));

  g_assert_no_error (error);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  *json = hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
  return session;
}

/* The highest version a GnuTLS priority string lets the client offer. */
static guint16
priority_max_version (const char *priority)
{
  if (priority == NULL || g_str_has_prefix (priority, "NORMAL:-VERS-ALL:+VERS-TLS1.3") ||
      g_strcmp0 (priority, "NORMAL") == 0)
    return HSVIZ_VERSION_TLS13;
  if (g_str_has_prefix (priority, "NORMAL:-VERS-ALL:+VERS-TLS1.2"))
    return HSVIZ_VERSION_TLS12;
  g_assert_not_reached ();
}

static void
test_downgrade (void)
{
  static const char *names[] = {
    "tls12-rsa.handshake",          /* client: TLS 1.2 only; demo server speaks 1.3: sentinel */
    "tls12-rsa-classic.handshake",
    "tls12-ecdhe.handshake",        /* client: 1.3 and 1.2; openssl -tls1_2: no sentinel */
    "tls13-demo.handshake",
    "tls13-hello-retry.handshake",
  };
  guint n_sentinels = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonObject) json = NULL;
      g_autoptr(HsvizConnection) session = load_sample (names[i], &json);
      JsonObject *settings = json_object_get_object_member (json, "settings");
      const char *priority = json_object_get_null_member (settings, "priority")
                             ? NULL : json_object_get_string_member (settings, "priority");
      const char *server_random = json_object_get_string_member (json, "server_random");
      gboolean sentinel = g_str_has_suffix (server_random, "444f574e47524401");
      guint16 offered = priority_max_version (priority);

      g_test_message ("%s: client offered up to %04x, sentinel %s", names[i], offered, sentinel ? "yes" : "no");
      g_assert_cmphex (hsviz_connection_get_client_max_version (session), ==, offered);
      g_assert_cmpint (hsviz_connection_get_downgrade_sentinel (session), ==,
                       sentinel ? HSVIZ_DOWNGRADE_TLS12 : HSVIZ_DOWNGRADE_NONE);
      /* TLS 1.2 chosen with the sentinel is a downgrade only if the client offered TLS 1.3. */
      g_assert_cmpint (hsviz_connection_downgrade_detected (session), ==,
                       sentinel && offered >= HSVIZ_VERSION_TLS13);
      n_sentinels += sentinel;
    }
  /* The samples hold the case the issue is about: a sentinel the client must not act on. */
  g_assert_cmpuint (n_sentinels, >=, 1);
}

/* Every sample has a title of its own that names its version (or its failure). */
static void
test_titles (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(JsonObject) json = NULL;
      g_autoptr(HsvizConnection) session = NULL;
      g_autofree char *title = NULL;
      JsonObject *outcome;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      session = load_sample (name, &json);
      title = hsviz_connection_dup_title (session);
      outcome = json_object_get_object_member (json, "outcome");
      g_test_message ("%s: %s", name, title);
      if (json_object_get_boolean_member (outcome, "completed"))
        g_assert_true (g_str_has_prefix (title, hsviz_version_display_name (hsviz_connection_get_version (session))));
      else
        g_assert_nonnull (strstr (title, "failed"));
      g_assert_false (g_hash_table_contains (seen, title));
      g_hash_table_add (seen, g_steal_pointer (&title));
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/connection/downgrade", test_downgrade);
  g_test_add_func ("/handshakeviz/connection/titles", test_titles);

  return g_test_run ();
}
