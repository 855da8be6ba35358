/* test-session-file-v1.c — version-1 session files (tests/files/v1/, the samples as they were)
 * open and give the same facts as when they were written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-test-utils.h"

/* Whether @new holds everything @old holds: the same values, objects possibly with more keys. */
static gboolean
json_holds (JsonNode *old,
            JsonNode *new)
{
  if (JSON_NODE_HOLDS_OBJECT (old) && JSON_NODE_HOLDS_OBJECT (new))
    {
      g_autoptr(GList) keys = json_object_get_members (json_node_get_object (old));

      for (GList *l = keys; l != NULL; l = l->next)
        if (!json_object_has_member (json_node_get_object (new), l->data) ||
            !json_holds (json_object_get_member (json_node_get_object (old), l->data),
                         json_object_get_member (json_node_get_object (new), l->data)))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (old) && JSON_NODE_HOLDS_ARRAY (new))
    {
      JsonArray *a = json_node_get_array (old), *b = json_node_get_array (new);

      if (json_array_get_length (a) != json_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!json_holds (json_array_get_element (a, i), json_array_get_element (b, i)))
          return FALSE;
      return TRUE;
    }
  return json_node_equal (old, new);
}

/* Every version-1 file (the samples as they were, tests/files/v1/) opens as a session of one
 * connection and gives the same facts: written as version 2, the connection holds each key of
 * the version-1 file with the same value (objects may have gained keys), and the session the
 * same header. */
static void
test_version_1 (void)
{
  /* keys whose value version 2 writes differently (DESIGN.md §4b) */
  static const char *changed[] = { "alpn", NULL };
  static const char *header[] = { "generator", "captured_at", "note", NULL };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "files", "v1", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsvizSession) session = NULL;
      g_autoptr(JsonNode) written = NULL;
      JsonObject *old, *top, *connection;
      g_autoptr(GList) keys = NULL;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      g_test_message ("%s", name);
      g_assert_true (json_parser_load_from_file (parser, path, NULL));
      old = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (old, "format_version"), ==, 1);
      session = hsviz_session_load (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 1);
      g_assert_cmpstr (hsviz_connection_get_source (hsviz_session_get_connection (session, 0)), ==, "capture");
      g_assert_false (hsviz_connection_is_resumed (hsviz_session_get_connection (session, 0)));

      written = hsviz_session_to_json (session, TRUE);
      top = json_node_get_object (written);
      g_assert_cmpint (json_object_get_int_member (top, "format_version"), ==, 2);
      connection = json_array_get_object_element (json_object_get_array_member (top, "connections"), 0);
      keys = json_object_get_members (old);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonObject *where = g_strv_contains (header, key) ? top : connection;

          if (g_str_equal (key, "format") || g_str_equal (key, "format_version") ||
              g_strv_contains (changed, key))
            continue;
          if (!json_object_has_member (where, key))
            g_error ("%s: %s is not written any more", name, key);
          if (!json_holds (json_object_get_member (old, key), json_object_get_member (where, key)))
            {
              g_autofree char *a = json_to_string (json_object_get_member (old, key), FALSE);
              g_autofree char *b = json_to_string (json_object_get_member (where, key), FALSE);

              g_error ("%s: %s was %.300s, is %.300s", name, key, a, b);
            }
        }
      n++;
    }
  g_assert_cmpuint (n, ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session-file/version-1", test_version_1);

  return g_test_run ();
}
