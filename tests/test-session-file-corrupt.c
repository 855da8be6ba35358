/* test-session-file-corrupt.c — a table of corrupt session files, each refused with a GError
 * naming what is wrong and where
 *
 * The files are real samples changed in one place, or made from scratch.  Each change is made
 * to a version-1 file (tests/files/v1/) and to the same session written as version 2, where a
 * connection's keys are under connections[0].
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hsviz-test-utils.h"

#define SAMPLE "tls12-ecdhe.handshake"

/* Which document a case changes: the version-1 file, or the session written as version 2. */
typedef struct
{
  int         version;
  const char *prefix;    /* where a connection's keys are */
} Variant;

static const Variant v1 = { 1, "" };
static const Variant v2 = { 2, "connections[0]." };

static char *
read_sample (const Variant *v,
             gsize         *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "v1", SAMPLE, NULL);
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  if (v->version == 2)
    {
      session = hsviz_session_new_from_data (data, length, &error);
      g_assert_no_error (error);
      g_free (data);
      data = hsviz_session_to_data (session, TRUE, &length);
    }
  if (len != NULL)
    *len = length;
  return data;
}

static JsonNode *
sample_json (const Variant *v)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *data = read_sample (v, NULL);

  g_assert_true (json_parser_load_from_data (parser, data, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

/* @path in @v's document: a connection's keys are under v->prefix, the session's are not. */
static char *
path_in (const Variant *v,
         const char    *path)
{
  static const char *session_keys[] = { "format", "format_version", "generator", "captured_at", NULL };

  if (path == NULL)
    return NULL;
  for (guint i = 0; session_keys[i]; i++)
    if (g_str_equal (path, session_keys[i]))
      return g_strdup (path);
  return g_strconcat (v->prefix, path, NULL);
}

static char *
to_text (JsonNode *node,
         gsize    *len)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, len);
}

/* Loads @data both from memory and from a file and expects the same refusal. */
static void
assert_refused (const char *data,
                gsize       len,
                int         code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(HsvizSession) session = hsviz_session_new_from_data (data, len, &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsvizSession) from_file = NULL;
  int fd;

  if (session != NULL)
    g_error ("accepted a corrupt file (expected “%s”)", needle);
  g_assert_error (error, HSVIZ_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("the message “%s” does not name “%s”", error->message, needle);
  g_test_message ("refused: %s", error->message);

  fd = g_file_open_tmp ("hsviz-corrupt-XXXXXX.handshake", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  close (fd);
  file = g_file_new_for_path (path);
  from_file = hsviz_session_load (file, NULL, &file_error);
  g_assert_null (from_file);
  g_assert_error (file_error, HSVIZ_ERROR, code);
  /* the file's name, then the same message */
  g_assert_nonnull (strstr (file_error->message, path));
  g_assert_nonnull (strstr (file_error->message, error->message));
  g_unlink (path);
}

static void
assert_node_refused (JsonNode   *root,
                     int         code,
                     const char *needle)
{
  gsize len = 0;
  g_autofree char *text = to_text (root, &len);

  assert_refused (text, len, code, needle);
}

/* "messages[1].bytes" → the object holding the last key, and the key (or index) itself. */
static JsonNode *
resolve (JsonNode    *root,
         const char  *path,
         JsonObject **parent_object,
         JsonArray  **parent_array,
         char       **last_key,
         guint       *last_index)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  *parent_object = NULL;
  *parent_array = NULL;
  for (guint i = 0; parts[i]; i++)
    {
      char *bracket = strchr (parts[i], '[');
      guint index = 0;

      if (bracket != NULL)
        {
          index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      *parent_object = json_node_get_object (node);
      *parent_array = NULL;
      g_free (*last_key);
      *last_key = g_strdup (parts[i]);
      node = json_object_get_member (*parent_object, parts[i]);
      if (bracket != NULL)
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          *parent_array = json_node_get_array (node);
          *last_index = index;
          node = json_array_get_element (*parent_array, index);
        }
    }
  return node;
}

static void
set_at (JsonNode   *root,
        const char *path,
        const char *json_value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *array;
  g_autofree char *key = NULL;
  guint index = 0;

  resolve (root, path, &object, &array, &key, &index);
  if (json_value == NULL)
    {
      g_assert_null (array);
      json_object_remove_member (object, key);
      return;
    }
  g_assert_true (json_parser_load_from_data (parser, json_value, -1, NULL));
  if (array != NULL)
    {
      /* replace element @index: rebuild the array */
      JsonArray *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, i == index ? json_node_copy (json_parser_get_root (parser))
                                                 : json_node_copy (json_array_get_element (array, i)));
      json_object_set_array_member (object, key, copy);
    }
  else
    json_object_set_member (object, key, json_node_copy (json_parser_get_root (parser)));
}

/* ---- one change at a place ---------------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *value;      /* JSON text, NULL: remove the key */
  int         code;
  const char *needle;
} Change;

static const Change changes[] = {
  { "format", "\"something-else\"", HSVIZ_ERROR_FILE_INVALID, "not a HandshakeViz session file" },
  { "format", NULL, HSVIZ_ERROR_FILE_INVALID, "not a HandshakeViz session file" },
  { "format_version", "99", HSVIZ_ERROR_FILE_VERSION, "newer HandshakeViz" },
  { "format_version", "0", HSVIZ_ERROR_FILE_INVALID, "format_version: " },
  { "format_version", "1.5", HSVIZ_ERROR_FILE_INVALID, "format_version: " },
  { "captured_at", "\"yesterday\"", HSVIZ_ERROR_FILE_INVALID, "captured_at" },
  { "target", NULL, HSVIZ_ERROR_FILE_INVALID, "target: missing" },
  { "target.port", "70000", HSVIZ_ERROR_FILE_INVALID, "target.port" },
  { "messages", NULL, HSVIZ_ERROR_FILE_INVALID, "messages: missing" },
  { "messages[1].bytes", "\"!!!!\"", HSVIZ_ERROR_FILE_INVALID, "messages[1].bytes" },
  { "messages[1].bytes", "\"AAAAA\"", HSVIZ_ERROR_FILE_INVALID, "messages[1].bytes" },
  { "messages[1].bytes", "\"AAA=\"", HSVIZ_ERROR_FILE_INVALID, "messages[1]" },
  { "messages[1].bytes", "\"AgAAAQ==\"", HSVIZ_ERROR_FILE_INVALID, "messages[1]" },   /* header 1 byte, none follow */
  { "messages[1].type_code", "4", HSVIZ_ERROR_FILE_INVALID, "messages[1]: type_code 4" },
  { "messages[1].direction", "\"sideways\"", HSVIZ_ERROR_FILE_INVALID, "messages[1].direction" },
  { "messages[1].time_us", "-5", HSVIZ_ERROR_FILE_INVALID, "messages[1].time_us" },
  { "messages[1].index", "7", HSVIZ_ERROR_FILE_INVALID, "messages[1].index" },
  { "messages[1].length", "3", HSVIZ_ERROR_FILE_INVALID, "messages[1].length" },
  { "messages[1]", "17", HSVIZ_ERROR_FILE_INVALID, "messages[1]" },
  { "records[0].bytes", "\"FgMDAAU=\"", HSVIZ_ERROR_FILE_INVALID, "records[0]" },      /* says 5, has 0 */
  { "records[0].content_type", "23", HSVIZ_ERROR_FILE_INVALID, "records[0].content_type" },
  { "certificates[0].der", "\"Z2FyYmFnZQ==\"", HSVIZ_ERROR_FILE_INVALID, "certificates[0]" },
  { "certificates[0].der", "\"@@@@\"", HSVIZ_ERROR_FILE_INVALID, "certificates[0].der" },
  { "certificates", "[]", HSVIZ_ERROR_FILE_INVALID, "certificates" },
  { "client_random", "\"00000000000000000000000000000000000000000000000000000000000000ff\"",
    HSVIZ_ERROR_FILE_INVALID, "client_random: does not match" },
  { "secrets.master_secret", "\"zz\"", HSVIZ_ERROR_FILE_INVALID, "secrets.master_secret" },
  { "secrets.master_secret", "\"abc\"", HSVIZ_ERROR_FILE_INVALID, "secrets.master_secret" },
  { "secrets.keylog[0].secret", "\"not hex\"", HSVIZ_ERROR_FILE_INVALID, "secrets.keylog[0].secret" },
  { "secrets.keylog[0].client_random", "\"abcd\"", HSVIZ_ERROR_FILE_INVALID, "secrets.keylog[0]" },
  { "secrets.keylog[0].label", "\"lower case\"", HSVIZ_ERROR_FILE_INVALID, "secrets.keylog[0]" },
  { "outcome.completed", "false", HSVIZ_ERROR_FILE_INVALID, "outcome.error" },
  { "outcome.alert", "{\"level_code\": 9, \"description_code\": 40, \"sender\": \"server\"}",
    HSVIZ_ERROR_FILE_INVALID, "outcome.alert.level_code" },
  { "application_data.headers", "{\"Server\": 5}", HSVIZ_ERROR_FILE_INVALID, "application_data.headers.Server" },
  { "key_schedule[0].verified", "\"yes\"", HSVIZ_ERROR_FILE_INVALID, "key_schedule[0].verified" },
};

static void
test_changes (gconstpointer data)
{
  const Variant *v = data;

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(JsonNode) root = sample_json (v);
      g_autofree char *path = path_in (v, changes[i].path);

      g_test_message ("%s = %s", path, changes[i].value ? changes[i].value : "(removed)");
      set_at (root, path, changes[i].value);
      assert_node_refused (root, changes[i].code, changes[i].needle);
    }
}

/* ---- version 2: the list of connections --------------------------------------------------- */

static const Change v2_changes[] = {
  { "connections", NULL, HSVIZ_ERROR_FILE_INVALID, "connections: missing" },
  { "connections", "[]", HSVIZ_ERROR_FILE_INVALID, "connections: a session holds at least one" },
  { "connections", "{}", HSVIZ_ERROR_FILE_INVALID, "connections" },
  { "connections[0]", "7", HSVIZ_ERROR_FILE_INVALID, "connections[0]: expected an object" },
  { "connections[0].source", "\"telepathy\"", HSVIZ_ERROR_FILE_INVALID, "source" },
  { "connections[0].source", "3", HSVIZ_ERROR_FILE_INVALID, "source" },
  { "connections[0].resumed", "\"no\"", HSVIZ_ERROR_FILE_INVALID, "resumed" },
  { "connections[0].resumed_from", "0", HSVIZ_ERROR_FILE_INVALID, "resumed_from" },
  { "connections[0].resumed_from", "\"first\"", HSVIZ_ERROR_FILE_INVALID, "resumed_from" },
  { "connections[0].note", "[]", HSVIZ_ERROR_FILE_INVALID, "note" },
  { "connections[0].addresses", "[]", HSVIZ_ERROR_FILE_INVALID, "addresses" },
  { "connections[0].addresses", "{\"client\": \"localhost:5000\", \"server\": \"127.0.0.1:443\"}",
    HSVIZ_ERROR_FILE_INVALID, "addresses.client" },
  { "connections[0].addresses", "{\"client\": \"127.0.0.1:5000\", \"server\": \"::1:443\"}",
    HSVIZ_ERROR_FILE_INVALID, "addresses.server" },
  { "connections[0].addresses", "{\"client\": \"127.0.0.1:0\", \"server\": \"127.0.0.1:443\"}",
    HSVIZ_ERROR_FILE_INVALID, "addresses.client" },
  { "connections[0].addresses", "{\"client\": \"127.0.0.1:5000\"}", HSVIZ_ERROR_FILE_INVALID, "addresses.server" },
  { "connections[0].messages[1].bytes", "\"!!!!\"", HSVIZ_ERROR_FILE_INVALID, "connections[0]" },
};

static void
test_v2_changes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (v2_changes); i++)
    {
      g_autoptr(JsonNode) root = sample_json (&v2);

      g_test_message ("%s = %s", v2_changes[i].path, v2_changes[i].value ? v2_changes[i].value : "(removed)");
      set_at (root, v2_changes[i].path, v2_changes[i].value);
      assert_node_refused (root, v2_changes[i].code, v2_changes[i].needle);
    }
}

/* A connection that resumed: only an earlier one, and only when it says it resumed. */
static void
test_v2_resumed (void)
{
  g_autoptr(JsonNode) root = sample_json (&v2);
  JsonArray *list = json_object_get_array_member (json_node_get_object (root), "connections");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = NULL;
  gsize len = 0;
  g_autofree char *text = NULL;
  g_autofree char *first = json_to_string (json_array_get_element (list, 0), FALSE);

  /* a second connection: a deep copy of the first */
  json_array_add_element (list, json_from_string (first, NULL));
  set_at (root, "connections[1].resumed", "true");
  set_at (root, "connections[1].resumed_from", "1");
  assert_node_refused (root, HSVIZ_ERROR_FILE_INVALID, "resumed_from: 1 is not an earlier connection");
  set_at (root, "connections[1].resumed_from", "0");
  set_at (root, "connections[1].resumed", "false");
  assert_node_refused (root, HSVIZ_ERROR_FILE_INVALID, "resumed_from");
  /* the well-formed pair loads, as two connections, and is written back the same */
  set_at (root, "connections[1].resumed", "true");
  text = to_text (root, &len);
  session = hsviz_session_new_from_data (text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  g_assert_true (hsviz_connection_is_resumed (hsviz_session_get_connection (session, 1)));
  g_assert_cmpint (hsviz_connection_get_resumed_from (hsviz_session_get_connection (session, 1)), ==, 0);
  g_assert_false (hsviz_connection_is_resumed (hsviz_session_get_connection (session, 0)));
  g_assert_cmpint (hsviz_connection_get_resumed_from (hsviz_session_get_connection (session, 0)), ==, -1);
  {
    g_autofree char *again = hsviz_session_to_data (session, TRUE, NULL);
    g_autoptr(HsvizSession) reloaded = hsviz_session_new_from_data (again, strlen (again), &error);
    g_autofree char *third = NULL;

    g_assert_no_error (error);
    third = hsviz_session_to_data (reloaded, TRUE, NULL);
    g_assert_cmpstr (again, ==, third);
  }
}

/* ---- wrong types, key by key -------------------------------------------------------------- */

static const char *
wrong_value_for (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "[1]";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "\"x\"";
  if (JSON_NODE_HOLDS_NULL (node))
    return "[1]";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "42";
    case G_TYPE_BOOLEAN:
      return "\"yes\"";
    default:
      return "\"1\"";
    }
}

/* Whether the version-1 sample has the key at @path (a version-2 path). */
static gboolean
in_version_1 (const char *path)
{
  g_autoptr(JsonNode) root = sample_json (&v1);
  const char *p = g_str_has_prefix (path, v2.prefix) ? path + strlen (v2.prefix) : path;
  g_autofree char *expression = g_strconcat ("$.", p, NULL);
  g_autoptr(JsonNode) found = json_path_query (expression, root, NULL);

  return found != NULL && json_array_get_length (json_node_get_array (found)) > 0;
}

/* Every key of the object at @path (and of the first element when it is an array). */
static void
wrong_types_in (const Variant *v,
                const char    *path)
{
  g_autoptr(JsonNode) sample = sample_json (v);
  JsonObject *object;
  JsonArray *array;
  g_autofree char *key = NULL;
  guint index = 0;
  JsonNode *node = path ? resolve (sample, path, &object, &array, &key, &index) : sample;
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

  for (GList *l = members; l; l = l->next)
    {
      g_autoptr(JsonNode) root = sample_json (v);
      g_autofree char *member_path = path ? g_strdup_printf ("%s.%s", path, (char *) l->data)
                                          : g_strdup (l->data);
      JsonNode *value = json_object_get_member (json_node_get_object (node), l->data);
      const char *wrong = wrong_value_for (value);

      /* the note is free text, any JSON null is "absent" */
      if (g_str_equal (l->data, "note") && (path == NULL || g_str_equal (path, "connections[0]")))
        continue;
      /* version 2: the keys version 1 had (and the connection's own new ones); keys derived
       * for readers of the JSON (the timeline, ...) are recomputed on load, never read */
      if (v->version == 2 && !in_version_1 (member_path) &&
          !g_strv_contains ((const char * const[]) { "connections", "source", "resumed", "resumed_from", NULL },
                            l->data))
        continue;
      g_test_message ("%s: %s", member_path, wrong);
      set_at (root, member_path, wrong);
      assert_node_refused (root, HSVIZ_ERROR_FILE_INVALID, l->data);
    }
}

static void
test_wrong_types (gconstpointer data)
{
  const Variant *v = data;
  const char *objects[] = {
    NULL, "", "target", "settings", "outcome", "cipher_suite", "messages[0]", "certificates[0]",
    "verification", "secrets", "secrets.keylog[0]", "timings", "application_data", "records[0]",
    "key_schedule[0]", "revocation", "offered_cipher_suites[0]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autofree char *path = NULL;

      /* "": a connection's own object (version 2 only; in version 1 it is the top level) */
      if (objects[i] != NULL && objects[i][0] == '\0')
        {
          if (v->version == 1)
            continue;
          path = g_strdup ("connections[0]");
        }
      else
        path = path_in (v, objects[i]);
      wrong_types_in (v, path);
    }
}

/* ---- whole-file damage -------------------------------------------------------------------- */

static void
test_empty_and_not_json (void)
{
  assert_refused ("", 0, HSVIZ_ERROR_FILE_INVALID, "empty");
  assert_refused ("   \n", 4, HSVIZ_ERROR_FILE_INVALID, NULL);
  assert_refused ("hello, world", 12, HSVIZ_ERROR_FILE_INVALID, "not valid JSON");
  assert_refused ("[1, 2, 3]", 9, HSVIZ_ERROR_FILE_INVALID, "not a JSON object");
  assert_refused ("\"handshakeviz-session\"", 22, HSVIZ_ERROR_FILE_INVALID, "not a JSON object");
  assert_refused ("{\"format\": 7}", 13, HSVIZ_ERROR_FILE_INVALID, "format");
}

static void
test_truncated (gconstpointer variant)
{
  gsize len = 0;
  g_autofree char *data = read_sample (variant, &len);

  for (guint i = 0; i < 50; i++)
    {
      gsize cut = len * i / 50 + (i % 7);

      assert_refused (data, MIN (cut, len - 1), HSVIZ_ERROR_FILE_INVALID, NULL);
    }
}

static void
test_random_bytes (void)
{
  for (guint i = 0; i < 20; i++)
    {
      gsize len = 1 + g_test_rand_int_range (0, 4096);
      g_autofree guint8 *data = g_malloc (len);

      for (gsize j = 0; j < len; j++)
        data[j] = (guint8) g_test_rand_int ();
      if (data[0] == '{')
        data[0] = 0;
      assert_refused ((const char *) data, len, HSVIZ_ERROR_FILE_INVALID, NULL);
    }
}

static void
test_foreign_json (void)
{
  const char *package_json =
    "{\n  \"name\": \"left-pad\",\n  \"version\": \"1.3.0\",\n  \"main\": \"index.js\",\n"
    "  \"license\": \"WTFPL\"\n}\n";

  assert_refused (package_json, strlen (package_json), HSVIZ_ERROR_FILE_INVALID,
                  "not a HandshakeViz session file");
}

/* A message whose header lies about its length, and a broken certificate inside the
 * Certificate message (the certificates list then no longer matches it). */
static JsonObject *
message_at (const Variant *v,
            JsonNode      *root,
            guint          i)
{
  JsonObject *connection = json_node_get_object (root);

  if (v->version == 2)
    connection = json_array_get_object_element (json_object_get_array_member (connection, "connections"), 0);
  return json_array_get_object_element (json_object_get_array_member (connection, "messages"), i);
}

static void
test_lying_bytes (gconstpointer data)
{
  const Variant *v = data;
  g_autoptr(JsonNode) root = sample_json (v);
  JsonObject *m = message_at (v, root, 2);
  gsize len = 0;
  g_autofree guchar *bytes = g_base64_decode (json_object_get_string_member (m, "bytes"), &len);
  g_autofree char *b64 = NULL;
  g_autoptr(JsonNode) broken = NULL;

  g_assert_cmpuint (bytes[0], ==, 11);  /* the Certificate message */
  bytes[3] ^= 0x01;
  b64 = g_base64_encode (bytes, len);
  json_object_set_string_member (m, "bytes", b64);
  assert_node_refused (root, HSVIZ_ERROR_FILE_INVALID, "messages[2]: the header says");

  /* inside: 3 header + 3 list length + 3 entry length, then the DER (SEQUENCE, length...) */
  bytes[3] ^= 0x01;
  g_assert_cmpuint (bytes[10], ==, 0x30);
  bytes[10] = 0x31;
  bytes[len / 2] ^= 0xff;
  g_clear_pointer (&b64, g_free);
  b64 = g_base64_encode (bytes, len);
  broken = sample_json (v);
  m = message_at (v, broken, 2);
  json_object_set_string_member (m, "bytes", b64);
  assert_node_refused (broken, HSVIZ_ERROR_FILE_INVALID, "certificates");
}

/* The ServerHello's record replaced by random bytes (its header kept): the messages still
 * carry the real ServerHello, so every check on them passes; the record must not. */
static void
test_replaced_record (void)
{
  g_autoptr(JsonNode) root = sample_json (&v1);
  JsonArray *records = json_object_get_array_member (json_node_get_object (root), "records");
  JsonObject *r = NULL;
  gsize len = 0;
  g_autofree guchar *bytes = NULL;
  g_autofree char *b64 = NULL;

  for (guint i = 0; i < json_array_get_length (records) && r == NULL; i++)
    {
      JsonObject *o = json_array_get_object_element (records, i);

      if (g_str_equal (json_object_get_string_member (o, "direction"), "server"))
        r = o;
    }
  g_assert_nonnull (r);
  bytes = g_base64_decode (json_object_get_string_member (r, "bytes"), &len);
  g_assert_cmpuint (bytes[0], ==, 22);
  g_assert_cmpuint (bytes[5], ==, 2);   /* ServerHello */
  for (gsize i = 5; i < len; i++)
    bytes[i] = (guchar) g_test_rand_int_range (0, 256);
  b64 = g_base64_encode (bytes, len);
  json_object_set_string_member (r, "bytes", b64);
  assert_node_refused (root, HSVIZ_ERROR_FILE_INVALID, "plaintext handshake records");
}

static void
test_huge_array (void)
{
  GString *s = g_string_new ("{\"format\": \"handshakeviz-session\", \"format_version\": 1, "
                             "\"target\": {\"url\": \"https://localhost/\", \"host\": \"localhost\", "
                             "\"port\": 443}, \"messages\": [");
  g_autofree char *data = NULL;
  gsize len;
  clock_t start;

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, i ? ",{\"direction\":\"client\",\"time_us\":0,\"bytes\":\"AQAAAA==\"}"
                          : "{\"direction\":\"client\",\"time_us\":0,\"bytes\":\"AQAAAA==\"}");
  g_string_append (s, "], \"outcome\": {\"completed\": false, \"error\": \"x\"}}");
  len = s->len;
  data = g_string_free (s, FALSE);
  start = clock ();
  assert_refused (data, len, HSVIZ_ERROR_FILE_INVALID, "messages");
  /* refused from the count, not after building the messages (generous for sanitizers); the
   * process's CPU time, so a loaded machine does not count */
  g_assert_cmpfloat ((double) (clock () - start) / CLOCKS_PER_SEC, <, 20.0);
}

static void
test_deep_nesting (void)
{
  gsize len = 100000;
  g_autofree char *data = g_malloc (len);

  memset (data, '[', len);
  assert_refused (data, len, HSVIZ_ERROR_FILE_INVALID, "nested");
  memset (data, '{', 1);
  for (gsize i = 1; i + 5 < len; i += 5)
    memcpy (data + i, "\"a\":{", 5);
  assert_refused (data, len, HSVIZ_ERROR_FILE_INVALID, "nested");
}

/* A 70 MiB file is refused by its size, before it is read. */
static void
test_too_large (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = NULL;
  int fd = g_file_open_tmp ("hsviz-large-XXXXXX.handshake", &path, NULL);
  gint64 start;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "{", 1), ==, 1);
  g_assert_cmpint (ftruncate (fd, (off_t) 70 * 1024 * 1024), ==, 0);  /* sparse */
  close (fd);
  file = g_file_new_for_path (path);
  start = g_get_monotonic_time ();
  session = hsviz_session_load (file, NULL, &error);
  g_assert_null (session);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_unlink (path);
}

static void
test_unreadable (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/hsviz/s.handshake");
  g_autoptr(GFile) dir = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GError) error = NULL;

  g_assert_null (hsviz_session_load (missing, NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/hsviz/s.handshake"));
  g_clear_error (&error);
  g_assert_null (hsviz_session_load (dir, NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
}

/* The command line says the same and exits 4 (README.md, "The command line"). */
static void
test_cli_exit_status (void)
{
  const char *cli = g_getenv ("HSVIZ_CLI");
  const char *newer = "{\"format\": \"handshakeviz-session\", \"format_version\": 9}";
  g_autofree char *path = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  int fd;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("HSVIZ_CLI is not built");
      return;
    }
  fd = g_file_open_tmp ("hsviz-cli-XXXXXX.handshake", &path, NULL);
  g_assert_cmpint (write (fd, newer, strlen (newer)), ==, (gssize) strlen (newer));
  close (fd);
  {
    const char *argv[] = { cli, "show", path, NULL };

    out = hsviz_test_run (argv, NULL, 30000, &status, &err, &error);
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 4);
  g_assert_nonnull (strstr (err, "newer HandshakeViz"));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/handshakeviz/session-file/corrupt/changes", &v1, test_changes);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/v2/changes", &v2, test_changes);
  g_test_add_func ("/handshakeviz/session-file/corrupt/v2/connections", test_v2_changes);
  g_test_add_func ("/handshakeviz/session-file/corrupt/v2/resumed", test_v2_resumed);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/wrong-types", &v1, test_wrong_types);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/v2/wrong-types", &v2, test_wrong_types);
  g_test_add_func ("/handshakeviz/session-file/corrupt/empty-and-not-json", test_empty_and_not_json);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/truncated", &v1, test_truncated);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/v2/truncated", &v2, test_truncated);
  g_test_add_func ("/handshakeviz/session-file/corrupt/random-bytes", test_random_bytes);
  g_test_add_func ("/handshakeviz/session-file/corrupt/foreign-json", test_foreign_json);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/lying-bytes", &v1, test_lying_bytes);
  g_test_add_data_func ("/handshakeviz/session-file/corrupt/v2/lying-bytes", &v2, test_lying_bytes);
  g_test_add_func ("/handshakeviz/session-file/corrupt/replaced-record", test_replaced_record);
  g_test_add_func ("/handshakeviz/session-file/corrupt/huge-array", test_huge_array);
  g_test_add_func ("/handshakeviz/session-file/corrupt/deep-nesting", test_deep_nesting);
  g_test_add_func ("/handshakeviz/session-file/corrupt/too-large", test_too_large);
  g_test_add_func ("/handshakeviz/session-file/corrupt/unreadable", test_unreadable);
  g_test_add_func ("/handshakeviz/session-file/corrupt/cli-exit-status", test_cli_exit_status);

  return g_test_run ();
}
