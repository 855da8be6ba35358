/* test-alpn.c — ALPN offered and selected, and step 6 as HTTP/2 when the server picks "h2"
 *
 * Peers: nginx with HTTP/2 (a private configuration, started once for the file) and openssl
 * s_server -alpn.  Truth from outside our code: tshark, decrypting the loopback traffic with
 * our key log, reads the ALPN extensions and the HTTP/2 frames (HPACK-decoded by Wireshark).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

static HsvizTestPeer *nginx;

static HsvizConnection *
capture (HsvizTestPeer *peer,
         const char    *alpn,
         const char    *preset,
         GError       **error)
{
  HsvizCaptureOptions options = { 0 };

  hsviz_test_capture_options_for_peer (&options, peer);
  options.preset = g_strdup (preset);
  options.alpn = g_strdup (alpn);
  options.timeout_ms = 30000;
  options.no_ocsp = TRUE;
  return hsviz_test_capture_options (&options, error);
}

static const char *
header (const HsvizApplicationData *app,
        const char                 *name)
{
  for (guint i = 0; i < app->headers->len; i++)
    {
      const HsvizHeader *h = g_ptr_array_index (app->headers, i);

      if (g_ascii_strcasecmp (h->name, name) == 0)
        return h->value;
    }
  return NULL;
}

static void
assert_offered (HsvizConnection    *connection,
                const char * const *expected)
{
  g_auto(GStrv) offered = hsviz_connection_dup_alpn_offered (connection);

  g_assert_true (g_strv_equal ((const char * const *) offered, expected));
}

/* nginx selects h2; the GET goes as HTTP/2 and tshark reads the same status and headers */
static void
test_nginx_h2 (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (nginx));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) connection = capture (nginx, NULL, preset, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-alpn-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.txt", NULL);
  g_autofree char *keys = NULL;
  const HsvizApplicationData *app;
  const char *pcap;
  const char * const h2_http11[] = { "h2", "http/1.1", NULL };

  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);
  keys = hsviz_connection_dup_nss_keylog (connection);
  g_file_set_contents (keylog, keys, -1, &error);
  g_assert_no_error (error);

  g_assert_true (hsviz_connection_get_outcome (connection)->completed);
  assert_offered (connection, h2_http11);
  g_assert_cmpstr (hsviz_connection_get_alpn (connection), ==, "h2");
  app = hsviz_connection_get_application_data (connection);
  g_assert_cmpstr (app->http_version, ==, "HTTP/2");
  g_assert_cmpuint (app->status, ==, 200);
  g_assert_cmpstr (header (app, "content-type"), ==, "text/plain");
  g_assert_true (g_str_has_prefix (header (app, "server"), "nginx/"));
  g_assert_nonnull (strstr (app->request, ":method: GET"));

  /* the wire, as Wireshark reads it */
  {
    const char *fields[] = { "-T", "fields", "-e", "tls.handshake.extensions_alpn_str", NULL };
    g_autofree char *offered = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1", fields);
    g_autofree char *selected = NULL;

    g_assert_cmpstr (g_strstrip (offered), ==, "h2,http/1.1");
    if (g_strcmp0 (preset, "tls13") == 0)
      {
        const char *ee[] = { "-T", "fields", "-e", "tls.handshake.extensions_alpn_str", NULL };

        selected = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 8", ee);
      }
    else
      selected = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 2", fields);
    g_assert_cmpstr (g_strstrip (selected), ==, "h2");
  }
  {
    const char *fields[] = { "-T", "fields", "-e", "http2.headers.status",
                             "-e", "http2.headers.content_type", NULL };
    g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, "http2.headers.status", fields);

    g_test_message ("tshark, HTTP/2 response: %s", out);
    g_assert_cmpstr (g_strstrip (out), ==, "200\ttext/plain");
  }
  {
    const char *fields[] = { "-T", "fields", "-e", "http2.headers.method", "-e", "http2.headers.path",
                             "-e", "http2.headers.authority", NULL };
    g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, "http2.headers.method", fields);
    g_autofree char *expected = g_strdup_printf ("GET\t/\tlocalhost:%u", hsviz_test_peer_get_port (nginx));

    g_assert_cmpstr (g_strstrip (out), ==, expected);
  }

  hsviz_test_remove_dir (dir);
}

/* --alpn http/1.1: nginx selects it and the GET is HTTP/1.1 */
static void
test_nginx_http11 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) connection = capture (nginx, "http/1.1", NULL, &error);
  const char * const http11[] = { "http/1.1", NULL };
  const HsvizApplicationData *app;

  g_assert_no_error (error);
  assert_offered (connection, http11);
  g_assert_cmpstr (hsviz_connection_get_alpn (connection), ==, "http/1.1");
  app = hsviz_connection_get_application_data (connection);
  g_assert_cmpstr (app->http_version, ==, "HTTP/1.1");
  g_assert_cmpuint (app->status, ==, 200);
}

/* openssl s_server -alpn http/1.1 selects from our default offer; "" offers nothing */
static void
test_openssl (void)
{
  const char *args[] = { "-alpn", "http/1.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(HsvizConnection) first = NULL;
  g_autoptr(HsvizConnection) none = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *alpn;
  const char * const h2_http11[] = { "h2", "http/1.1", NULL };
  const char * const empty[] = { NULL };

  g_assert_no_error (error);
  first = capture (peer, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_offered (first, h2_http11);
  g_assert_cmpstr (hsviz_connection_get_alpn (first), ==, "http/1.1");
  g_assert_cmpuint (hsviz_connection_get_application_data (first)->status, ==, 200);

  none = capture (peer, "", NULL, &error);
  g_assert_no_error (error);
  assert_offered (none, empty);
  g_assert_null (hsviz_connection_get_alpn (none));
  g_assert_null (hsviz_field_find_extension (hsviz_message_get_fields (hsviz_connection_get_message (none, 0)), 16));

  /* the file says it as docs/session-format.md: alpn { offered: [], selected } */
  json = hsviz_connection_to_json (first, FALSE);
  alpn = json_object_get_object_member (json_node_get_object (json), "alpn");
  g_assert_nonnull (alpn);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (alpn, "offered")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (alpn, "selected"), ==, "http/1.1");
}

static void
test_bad_list (void)
{
  const char *bad[] = { ",", "h2,,http/1.1", " ", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      HsvizCaptureOptions options = { 0 };
      g_autoptr(HsvizCapture) cap = NULL;
      g_autoptr(GError) error = NULL;

      options.url = g_strdup ("https://127.0.0.1:1/");
      options.alpn = g_strdup (bad[i]);
      cap = hsviz_capture_new (&options, &error);
      hsviz_capture_options_clear (&options);
      g_assert_null (cap);
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!hsviz_test_have_program ("nginx"))
    g_error ("nginx is not installed (apt-get install nginx)");
  nginx = hsviz_test_peer_start ("nginx", NULL, &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/handshakeviz/alpn/nginx-h2-tls12", "tls12", test_nginx_h2);
  g_test_add_data_func ("/handshakeviz/alpn/nginx-h2-tls13", "tls13", test_nginx_h2);
  g_test_add_func ("/handshakeviz/alpn/nginx-http11", test_nginx_http11);
  g_test_add_func ("/handshakeviz/alpn/openssl", test_openssl);
  g_test_add_func ("/handshakeviz/alpn/bad-list", test_bad_list);

  ret = g_test_run ();
  hsviz_test_peer_stop (nginx);
  return ret;
}
