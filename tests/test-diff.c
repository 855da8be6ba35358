/* test-diff.c — `handshakeviz-cli diff A B [--json]` on two real captures: TLS 1.2 and TLS 1.3
 * against the demo server (a GnuTLS server on 127.0.0.1); `diff FILE` and `A#N B#N` on the two
 * connections of a `capture --reconnect` against openssl s_server (started once for the file),
 * TLS 1.2 and TLS 1.3: the full handshake against the resumed one
 *
 * Truth from outside the diff: the session files themselves, read with json-glib (their
 * protocol, suite and message lists), and the protocols' round trips (a full TLS 1.2
 * handshake takes two, TLS 1.3 one, a resumed TLS 1.2 one one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hsviz-test-utils.h"

static char *tmpdir;
static char *path12;
static char *path13;
static char *resumed12;   /* capture --reconnect: connection 1 full, connection 2 resumed */
static char *resumed13;

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
read_file (const char *path)
{
  g_autofree char *text = NULL;

  g_autoptr(JsonObject) root = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  root = parse_object (text);
  /* the first connection's keys */
  return hsviz_test_json_first_connection (root);
}

/* Connection @index (from 0) of a session file. */
static JsonObject *
read_connection (const char *path,
                 guint       index)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *connections;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  root = parse_object (text);
  connections = json_object_get_array_member (root, "connections");
  g_assert_cmpuint (json_array_get_length (connections), >, index);
  return json_object_ref (json_array_get_object_element (connections, index));
}

static JsonObject *
find_row (JsonArray  *rows,
          const char *key)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "key"), key))
        return row;
    }
  g_error ("no row %s", key);
}

/* The message types of @file missing from @other's, counted (a multiset difference). */
static GPtrArray *
messages_only_in (JsonObject *file,
                  JsonObject *other)
{
  JsonArray *mine = json_object_get_array_member (file, "messages");
  JsonArray *theirs = json_object_get_array_member (other, "messages");
  g_autoptr(GPtrArray) left = g_ptr_array_new ();
  GPtrArray *only = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (theirs); i++)
    g_ptr_array_add (left, (gpointer) json_object_get_string_member (json_array_get_object_element (theirs, i), "type"));
  for (guint i = 0; i < json_array_get_length (mine); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (mine, i), "type");
      guint j;

      for (j = 0; j < left->len && !g_str_equal (g_ptr_array_index (left, j), type); j++)
        ;
      if (j < left->len)
        g_ptr_array_remove_index (left, j);
      else
        g_ptr_array_add (only, (gpointer) type);
    }
  return only;
}

static void
assert_strings (JsonArray *array,
                GPtrArray *expected)
{
  g_assert_cmpuint (json_array_get_length (array), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, g_ptr_array_index (expected, i));
}

static void
test_json (void)
{
  const char *args[] = { "diff", path12, path13, "--json", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) diff = NULL;
  g_autoptr(JsonObject) a = read_file (path12);
  g_autoptr(JsonObject) b = read_file (path13);
  g_autoptr(GPtrArray) only_a = messages_only_in (a, b);
  g_autoptr(GPtrArray) only_b = messages_only_in (b, a);
  JsonArray *rows;
  JsonObject *row;
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  diff = parse_object (out);
  rows = json_object_get_array_member (diff, "rows");

  row = find_row (rows, "version");
  g_assert_true (json_object_get_boolean_member (row, "differs"));
  g_assert_cmpstr (json_object_get_string_member (row, "a"), ==, "TLS 1.2");
  g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "TLS 1.3");
  g_assert_cmpstr (json_object_get_string_member (a, "protocol"), ==, "TLS1.2");
  g_assert_cmpstr (json_object_get_string_member (b, "protocol"), ==, "TLS1.3");

  row = find_row (rows, "cipher_suite");
  g_assert_cmpstr (json_object_get_string_member (row, "a"), ==,
                   json_object_get_string_member (json_object_get_object_member (a, "cipher_suite"), "name"));
  g_assert_cmpstr (json_object_get_string_member (row, "b"), ==,
                   json_object_get_string_member (json_object_get_object_member (b, "cipher_suite"), "name"));

  row = find_row (rows, "messages");
  g_assert_true (json_object_get_boolean_member (row, "differs"));
  assert_strings (json_object_get_array_member (row, "only_a"), only_a);
  assert_strings (json_object_get_array_member (row, "only_b"), only_b);
  /* What a teacher points at: TLS 1.2's key exchange messages, TLS 1.3's encrypted extensions. */
  g_assert_true (g_ptr_array_find_with_equal_func (only_a, "ClientKeyExchange", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (only_b, "EncryptedExtensions", g_str_equal, NULL));

  row = find_row (rows, "round_trips");
  g_assert_cmpstr (json_object_get_string_member (row, "a"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "1");

  row = find_row (rows, "extensions_offered");
  /* The TLS 1.3 client offers supported_versions and key_share; this TLS 1.2 client does not. */
  g_assert_true (strstr (json_object_get_string_member (row, "b"), "supported_versions") != NULL);
  g_assert_null (strstr (json_object_get_string_member (row, "a"), "supported_versions"));

  row = find_row (rows, "certificates");
  g_assert_false (json_object_get_boolean_member (row, "differs"));

  /* Step 1 is done when the last record of step 1 (the file's own step per record) crossed. */
  row = find_row (rows, "step_1_time");
  {
    JsonArray *records = json_object_get_array_member (a, "records");
    gint64 end = -1;

    for (guint i = 0; i < json_array_get_length (records); i++)
      {
        JsonObject *record = json_array_get_object_element (records, i);

        if (json_object_get_int_member (record, "step") == 1)
          end = MAX (end, json_object_get_int_member (record, "time_us"));
      }
    g_assert_cmpint (end, >, 0);
    g_assert_cmpint (json_object_get_int_member (row, "a_us"), ==, end);
  }

  g_assert_cmpint (json_object_get_int_member (diff, "differences"), >=, 5);
}

static void
test_text (void)
{
  const char *args[] = { "diff", path12, path13, NULL };
  const char *same[] = { "diff", path12, path12, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_same = NULL;
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "≠ Version\n      A: TLS 1.2\n      B: TLS 1.3\n"));
  g_assert_nonnull (strstr (out, "≠ Round trips of the handshake\n      A: 2\n      B: 1\n"));
  g_assert_nonnull (strstr (out, "only in A: "));
  g_assert_nonnull (strstr (out, "differences."));

  g_clear_pointer (&err, g_free);
  out_same = hsviz_test_run_cli (same, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out_same, "≠"));
  g_assert_nonnull (strstr (out_same, "No differences."));
}

static void
test_usage (void)
{
  const char *one[] = { "diff", path12, NULL };
  const char *missing[] = { "diff", path12, "/nonexistent/x.handshake", NULL };
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  int status = -1;

  out = hsviz_test_run_cli (one, &status, &err);
  g_assert_cmpint (status, ==, 2);
  /* one file of one connection: there is no second to compare with */
  g_assert_nonnull (strstr (err, "there is no connection 2"));
  out2 = hsviz_test_run_cli (missing, &status, &err2);
  g_assert_cmpint (status, ==, 4);
}

/* `diff FILE --json`: the first two connections of a --reconnect capture, full against
 * resumed.  The resumed side sends no Certificate (the server proved itself in connection 1)
 * and, in TLS 1.2, takes one round trip instead of two; TLS 1.3 stays at one. */
static void
test_resumed_json (gconstpointer data)
{
  const char *path = g_str_equal (data, "tls12") ? resumed12 : resumed13;
  const char *args[] = { "diff", path, "--json", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) diff = NULL;
  g_autoptr(JsonObject) full = read_connection (path, 0);
  g_autoptr(JsonObject) resumed = read_connection (path, 1);
  g_autoptr(GPtrArray) only_a = messages_only_in (full, resumed);
  g_autoptr(GPtrArray) only_b = messages_only_in (resumed, full);
  JsonArray *rows;
  JsonObject *row;
  int status = -1;

  g_assert_false (json_object_get_boolean_member (full, "resumed"));
  g_assert_true (json_object_get_boolean_member (resumed, "resumed"));

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  diff = parse_object (out);
  rows = json_object_get_array_member (diff, "rows");

  row = find_row (rows, "resumed");
  g_assert_true (json_object_get_boolean_member (row, "differs"));
  g_assert_cmpstr (json_object_get_string_member (row, "a"), ==, "no");
  g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "yes");

  row = find_row (rows, "messages");
  g_assert_true (json_object_get_boolean_member (row, "differs"));
  assert_strings (json_object_get_array_member (row, "only_a"), only_a);
  assert_strings (json_object_get_array_member (row, "only_b"), only_b);
  g_assert_true (g_ptr_array_find_with_equal_func (only_a, "Certificate", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (only_b, "Certificate", g_str_equal, NULL));

  row = find_row (rows, "certificates");
  g_assert_true (json_object_get_boolean_member (row, "differs"));
  g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "");

  row = find_row (rows, "version");
  g_assert_false (json_object_get_boolean_member (row, "differs"));
  row = find_row (rows, "round_trips");
  if (g_str_equal (data, "tls12"))
    {
      g_assert_cmpstr (json_object_get_string_member (row, "a"), ==, "2");
      g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "1");
    }
  else
    {
      g_assert_cmpstr (json_object_get_string_member (row, "a"), ==, "1");
      g_assert_cmpstr (json_object_get_string_member (row, "b"), ==, "1");
    }
}

/* `diff FILE` in text, the same as `diff FILE#1 FILE#2`; a connection the file does not hold,
 * and one file of one connection, are usage errors. */
static void
test_resumed_text (void)
{
  g_autofree char *one = g_strdup_printf ("%s#1", resumed12);
  g_autofree char *two = g_strdup_printf ("%s#2", resumed12);
  g_autofree char *three = g_strdup_printf ("%s#3", resumed12);
  const char *args[] = { "diff", resumed12, NULL };
  const char *picked[] = { "diff", one, two, NULL };
  const char *swapped[] = { "diff", two, one, NULL };
  const char *missing[] = { "diff", one, three, NULL };
  const char *single[] = { "diff", path13, NULL };
  g_autofree char *out = NULL, *out_picked = NULL, *out_swapped = NULL;
  g_autofree char *out_missing = NULL, *out_single = NULL;
  g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL, *err4 = NULL, *err5 = NULL;
  g_autofree char *header = g_strdup_printf ("A  %s\nB  %s\n", one, two);
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", out);
  g_assert_true (g_str_has_prefix (out, header));
  g_assert_nonnull (strstr (out, "≠ Resumed an earlier connection\n      A: no\n      B: yes\n"));
  g_assert_nonnull (strstr (out, "≠ Round trips of the handshake\n      A: 2\n      B: 1\n"));
  g_assert_nonnull (strstr (out, "only in A: Certificate"));

  out_picked = hsviz_test_run_cli (picked, &status, &err2);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out_picked, ==, out);
  out_swapped = hsviz_test_run_cli (swapped, &status, &err3);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out_swapped, "≠ Resumed an earlier connection\n      A: yes\n      B: no\n"));

  out_missing = hsviz_test_run_cli (missing, &status, &err4);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err4, "holds 2 connections: there is no connection 3"));
  out_single = hsviz_test_run_cli (single, &status, &err5);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err5, "holds 1 connection: there is no connection 2"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hsviz-diff-XXXXXX", NULL);
  path12 = g_build_filename (tmpdir, "tls12.handshake", NULL);
  path13 = g_build_filename (tmpdir, "tls13.handshake", NULL);
  resumed12 = g_build_filename (tmpdir, "resumed12.handshake", NULL);
  resumed13 = g_build_filename (tmpdir, "resumed13.handshake", NULL);

  /* Two real handshakes, captured once for the whole file. */
  {
    const char *args12[] = { "demo", "--preset", "tls12", "--output", path12, NULL };
    const char *args13[] = { "demo", "--preset", "tls13", "--output", path13, NULL };
    g_autofree char *out12 = NULL;
    g_autofree char *out13 = NULL;
    g_autofree char *err12 = NULL;
    g_autofree char *err13 = NULL;
    int status = -1;

    out12 = hsviz_test_run_cli (args12, &status, &err12);
    g_assert_cmpint (status, ==, 0);
    out13 = hsviz_test_run_cli (args13, &status, &err13);
    g_assert_cmpint (status, ==, 0);
  }

  /* A full and a resumed handshake against openssl s_server (session tickets), each way. */
  {
    g_autoptr(GError) error = NULL;
    HsvizTestPeer *peer = hsviz_test_peer_start ("openssl", NULL, &error);

    g_assert_no_error (error);
    hsviz_test_peer_capture_reconnect (peer, "tls12", resumed12);
    hsviz_test_peer_capture_reconnect (peer, "tls13", resumed13);
    hsviz_test_peer_stop (peer);
  }

  g_test_add_func ("/handshakeviz/cli/diff/json", test_json);
  g_test_add_func ("/handshakeviz/cli/diff/text", test_text);
  g_test_add_func ("/handshakeviz/cli/diff/usage", test_usage);
  g_test_add_data_func ("/handshakeviz/cli/diff/resumed-tls12-json", "tls12", test_resumed_json);
  g_test_add_data_func ("/handshakeviz/cli/diff/resumed-tls13-json", "tls13", test_resumed_json);
  g_test_add_func ("/handshakeviz/cli/diff/resumed-text", test_resumed_text);
  ret = g_test_run ();

  g_unlink (path12);
  g_unlink (path13);
  g_unlink (resumed12);
  g_unlink (resumed13);
  g_free (resumed12);
  g_free (resumed13);
  g_rmdir (tmpdir);
  g_free (path12);
  g_free (path13);
  g_free (tmpdir);
  return ret;
}
