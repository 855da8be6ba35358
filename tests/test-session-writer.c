/* test-session-writer.c — the session file's one writer (hsviz-session-file-writer.c)
 *
 * The writer keeps no JSON tree, so its text is checked against json-glib's own: the text it
 * writes for the captured samples, parsed by json-glib and generated again by json-glib's pretty
 * generator (indent 2, as session files have always been written), must come back byte for byte.
 * Also: strings with every escape, names that are not UTF-8, an HTTP header sent twice (one
 * member, as a JSON object keeps it), empty objects and arrays, and the streamed document
 * (connection by connection onto a GOutputStream, the note at the start or at the end), and the
 * writer's own base64 against g_base64_encode() for every length up to 3 × 256 + 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"
#include "hsviz-session-file-private.h"

static const char * const samples[] = {
  "tls13-demo.handshake", "tls13-hello-retry.handshake", "tls12-ecdhe.handshake",
  "tls12-rsa.handshake", "tls12-rsa-classic.handshake", "failed-alert.handshake",
};

/* json-glib's text for the tree json-glib reads from @text. */
static char *
json_glib_again (const char *text,
                 gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, (gssize) length, &error);
  g_assert_no_error (error);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static void
assert_json_glib_layout (HsvizSession *session)
{
  for (int secrets = 0; secrets <= 1; secrets++)
    {
      gsize length = 0;
      g_autofree char *ours = hsviz_session_to_data (session, secrets, &length);
      g_autofree char *theirs = json_glib_again (ours, length);

      g_assert_cmpuint (length, ==, strlen (ours));
      g_assert_cmpstr (ours, ==, theirs);
    }
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(HsvizSession) session = hsviz_test_load_sample (samples[i]);

      g_test_message ("%s", samples[i]);
      assert_json_glib_layout (session);
    }
}

static void
test_strings (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls13-demo.handshake");
  HsvizConnection *c = hsviz_session_get_connection (session, 0);
  g_autoptr(GString) every = g_string_new ("quote \" backslash \\ slash / é ✓ ");
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  HsvizHeader h[5] = {
    { "Set-Cookie", "a=1" },
    { "Content-Type", "text/plain" },
    { "Set-Cookie", "b=2" },
    { "X-Not-UTF8-\xff", "value \xfe" },
    { "X-Every", NULL },
  };
  HsvizApplicationData app = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *got;
  GList *names;
  gsize length = 0;

  /* every byte json-glib escapes and the ones it does not (0x1f is written as it is) */
  for (int b = 1; b < 0x80; b++)
    if (b != 0x1f)
      g_string_append_c (every, (char) b);
  h[4].value = every->str;
  for (guint i = 0; i < G_N_ELEMENTS (h); i++)
    g_ptr_array_add (headers, &h[i]);
  app.present = TRUE;
  app.request = (char *) "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  app.status = 200;
  app.http_version = (char *) "HTTP/1.1";
  app.reason = (char *) "OK";
  app.headers = headers;
  hsviz_connection_set_application_data (c, &app);
  hsviz_session_set_note (session, every->str);
  assert_json_glib_layout (session);

  /* a header sent twice is one member, at its first place, with the last value; bad UTF-8
   * becomes U+FFFD */
  text = hsviz_session_to_data (session, TRUE, &length);
  json_parser_load_from_data (parser, text, (gssize) length, &error);
  g_assert_no_error (error);
  got = json_object_get_object_member (json_array_get_object_element (
          json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "connections"), 0),
          "application_data");
  got = json_object_get_object_member (got, "headers");
  names = json_object_get_members (got);
  g_assert_cmpuint (g_list_length (names), ==, 4);
  g_assert_cmpstr (g_list_nth_data (names, 0), ==, "Set-Cookie");
  g_assert_cmpstr (g_list_nth_data (names, 1), ==, "Content-Type");
  g_assert_cmpstr (g_list_nth_data (names, 2), ==, "X-Not-UTF8-\xef\xbf\xbd");
  g_assert_cmpstr (json_object_get_string_member (got, "Set-Cookie"), ==, "b=2");
  g_assert_cmpstr (json_object_get_string_member (got, "X-Not-UTF8-\xef\xbf\xbd"), ==, "value \xef\xbf\xbd");
  g_assert_cmpstr (json_object_get_string_member (got, "X-Every"), ==, every->str);
  g_list_free (names);

  /* an empty object and arrays */
  g_ptr_array_set_size (headers, 0);
  hsviz_connection_set_application_data (c, &app);
  g_clear_pointer (&text, g_free);
  text = hsviz_session_to_data (session, FALSE, NULL);
  g_assert_nonnull (strstr (text, "\"headers\" : {        },"));
  assert_json_glib_layout (session);
}

static char *
write_streamed (HsvizSession *session,
                gboolean      note_at_end)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(HsvizSessionWriter) writer = hsviz_session_writer_new (out, TRUE);
  const char *note = hsviz_session_get_note (session);
  g_autoptr(GError) error = NULL;

  g_assert_true (hsviz_session_writer_begin (writer, hsviz_session_get_generator (session),
                                             hsviz_session_get_captured_at (session),
                                             note_at_end ? NULL : note, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < hsviz_session_get_n_connections (session); i++)
    {
      g_assert_true (hsviz_session_writer_add (writer, hsviz_session_get_connection (session, i), NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hsviz_session_writer_end (writer, note_at_end ? note : NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_stream (void)
{
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *streamed = NULL;
  g_autofree char *at_end = NULL;
  g_autofree char *again = NULL;
  g_autoptr(HsvizSession) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  /* a session of many connections, as an import makes: the samples' connections in one file */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(HsvizSession) one = hsviz_test_load_sample (samples[i]);
      g_autoptr(JsonNode) node = hsviz_session_to_json (one, TRUE);
      JsonArray *connections = json_object_get_array_member (json_node_get_object (node), "connections");

      if (root == NULL)
        root = json_node_ref (node);
      else
        json_array_add_element (json_object_get_array_member (json_node_get_object (root), "connections"),
                                json_array_dup_element (connections, 0));
    }
  json_object_set_string_member (json_node_get_object (root), "note", "Imported from a capture: 6 TLS connections");
  session = hsviz_session_new_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, G_N_ELEMENTS (samples));

  whole = hsviz_session_to_data (session, TRUE, NULL);
  streamed = write_streamed (session, FALSE);
  g_assert_cmpstr (streamed, ==, whole);
  assert_json_glib_layout (session);

  /* the note known only at the end: the same document with "note" last */
  at_end = write_streamed (session, TRUE);
  g_assert_true (g_str_has_suffix (at_end, "  ],\n  \"note\" : \"Imported from a capture: 6 TLS connections\"\n}"));
  again = json_glib_again (at_end, strlen (at_end));
  g_assert_cmpstr (again, ==, at_end);
  reloaded = hsviz_session_new_from_data (at_end, strlen (at_end), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (reloaded), ==, G_N_ELEMENTS (samples));
  g_assert_cmpstr (hsviz_session_get_note (reloaded), ==, hsviz_session_get_note (session));
  g_clear_pointer (&whole, g_free);
  whole = hsviz_session_to_data (reloaded, TRUE, NULL);
  g_assert_cmpstr (whole, ==, streamed);
}

/* The writer's base64 (its own encoder) is g_base64_encode()'s text, quoted, for every length
 * and remainder, and for every byte value in every position of a group of three. */
static void
test_base64 (void)
{
  guint8 data[3 * 256 + 2];
  GRand *rand = g_rand_new_with_seed (13);

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = i < 3 * 256 ? (guint8) (i / 3 + i % 3 * 85) : (guint8) g_rand_int_range (rand, 0, 256);
  for (gsize length = 0; length <= sizeof data; length++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *theirs = g_base64_encode (data, length);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", theirs);
      HsvizJsonWriter w;

      hsviz_json_writer_init (&w, out);
      hsviz_json_writer_base64 (&w, data, length);
      g_assert_cmpstr (out->str, ==, quoted);
      g_assert_cmpuint (out->len, ==, strlen (quoted));
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session-writer/json-glib-layout", test_samples);
  g_test_add_func ("/handshakeviz/session-writer/strings", test_strings);
  g_test_add_func ("/handshakeviz/session-writer/stream", test_stream);
  g_test_add_func ("/handshakeviz/session-writer/base64", test_base64);

  return g_test_run ();
}
