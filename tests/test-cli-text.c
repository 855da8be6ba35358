/* test-cli-text.c — findings of issue 15 in the CLI's text: every signature scheme listed,
 * detail lines and the HTTP request indented, plurals, the failure headline, and a failed
 * capture's --keylog said as a note, not a second error
 *
 * Inputs are real: the shipped samples (data/samples) and a capture the demo server refuses.
 * Truth for the scheme count is the sample's own ClientHello bytes, parsed here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hsviz-test-utils.h"

static char *
show (const char *sample,
      int        *status)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", sample, NULL);
  const char *args[] = { "show", path, NULL };
  g_autofree char *err = NULL;

  return hsviz_test_run_cli (args, status, &err);
}

/* The number of signature schemes in the sample's ClientHello signature_algorithms
 * extension (type 13), read from the file's bytes. */
static guint
count_client_schemes (const char *sample)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *bytes = NULL;
  gsize len, pos;
  g_autoptr(JsonObject) connection = NULL;
  JsonObject *hello;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  connection = hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
  hello = json_array_get_object_element (json_object_get_array_member (connection, "messages"), 0);
  bytes = g_base64_decode (json_object_get_string_member (hello, "bytes"), &len);
  /* type(1) length(3) version(2) random(32) session_id(1+n) suites(2+n) compression(1+n) */
  pos = 4 + 2 + 32;
  pos += 1 + bytes[pos];
  pos += 2 + (bytes[pos] << 8 | bytes[pos + 1]);
  pos += 1 + bytes[pos];
  pos += 2;   /* extensions length */
  while (pos + 4 <= len)
    {
      guint type = bytes[pos] << 8 | bytes[pos + 1];
      guint ext_len = bytes[pos + 2] << 8 | bytes[pos + 3];

      if (type == 13)
        return (bytes[pos + 4] << 8 | bytes[pos + 5]) / 2;
      pos += 4 + ext_len;
    }
  g_assert_not_reached ();
}

static void
test_completed (void)
{
  int status = -1;
  g_autofree char *out = show ("tls13-demo.handshake", &status);
  g_autofree char *expected = g_strdup_printf ("Signature schemes (%u): ", count_client_schemes ("tls13-demo.handshake"));
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, expected));
  /* The request as sent, each line indented under "Request:". */
  g_assert_nonnull (strstr (out, "  Request:\n    GET / HTTP/1.1\n    Host: "));
  g_assert_nonnull (strstr (out, "handshake messages, "));
  /* Every line but the headline, the source note and the step titles is indented: no detail
   * (the live OCSP query's, a verdict's) starts at column 0. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "Live OCSP") != NULL || strstr (lines[i], "OCSP") != NULL)
      g_assert_true (lines[i][0] == ' ');
}

static void
test_failed_headline (void)
{
  int status = -1;
  g_autofree char *out = show ("failed-alert.handshake", &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\nHandshake FAILED after ClientHello"));
  g_assert_null (strstr (out, "· failed"));
  g_assert_null (strstr (out, "no ServerHello ·"));
}

/* A handshake the demo server refuses (a PSK-only client): no secret, so no key log, said once
 * as a note after the handshake's own error. */
static void
test_failed_keylog (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-cli-text-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.log", NULL);
  const char *args[] = { "demo", "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+PSK", "--keylog", keylog, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No key log was written: the handshake stopped before any secret was derived."));
  g_assert_null (strstr (err, "holds no key log"));
  g_assert_false (g_file_test (keylog, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* The runs of records from one side in the file (its own record list, in wire order). */
static guint
count_record_runs (const char *sample)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) connection = NULL;
  JsonArray *records;
  const char *last = NULL;
  guint runs = 0;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  connection = hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
  records = json_object_get_array_member (connection, "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      const char *direction = json_object_get_string_member (json_array_get_object_element (records, i), "direction");

      runs += g_strcmp0 (direction, last) != 0;
      last = direction;
    }
  return runs;
}

/* The waterfall: DNS, connect, one bar per flight (a run of records from one side), the round
 * trips a full TLS 1.2 handshake (2) and a TLS 1.3 one (1) take. */
static void
test_waterfall (void)
{
  static const struct { const char *sample; const char *trips; } cases[] = {
    { "tls12-rsa.handshake", "the handshake took 2 round trips" },
    { "tls13-demo.handshake", "the handshake took 1 round trip)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int status = -1;
      g_autofree char *out = show (cases[i].sample, &status);
      const char *w = strstr (out, "Where the time went");
      guint flights = 0;

      g_assert_nonnull (w);
      g_assert_nonnull (strstr (w, cases[i].trips));
      g_assert_nonnull (strstr (w, "DNS lookup"));
      g_assert_nonnull (strstr (w, "TCP connect"));
      for (const char *p = w; (p = strstr (p, " Flight ")) != NULL; p++)
        flights++;
      g_test_message ("%s: %u flights", cases[i].sample, flights);
      g_assert_cmpuint (flights, ==, count_record_runs (cases[i].sample));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/cli/text/completed", test_completed);
  g_test_add_func ("/handshakeviz/cli/text/failed-headline", test_failed_headline);
  g_test_add_func ("/handshakeviz/cli/text/failed-keylog", test_failed_keylog);
  g_test_add_func ("/handshakeviz/cli/text/waterfall", test_waterfall);

  return g_test_run ();
}
