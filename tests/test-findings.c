/* test-findings.c — what servers nobody here wrote do, seen right (issue 12's findings)
 *
 * Java's JSSE (TLS 1.2, DHE) asks to renegotiate after the request with a HelloRequest and uses
 * the RFC 7919 group ffdhe2048; openssl s_server uses a DH prime no RFC 7919 group has (its
 * default RFC 3526 prime, or our own parameters).  Truth from outside our code: tshark decrypts
 * the loopback traffic with our key log and shows the HelloRequest and the prime; openssl
 * gives the RFC 7919 ffdhe2048 prime (`openssl genpkey -genparam -pkeyopt group:ffdhe2048`)
 * and the size of our own parameters (`openssl dhparam -text`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"
#include "hsviz-util.h"

static HsvizTestPeer *jsse;

static HsvizConnection *
capture_peer (HsvizTestPeer *peer)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  HsvizConnection *connection;

  hsviz_test_capture_options_for_peer (&options, peer);
  options.timeout_ms = 30000;
  connection = hsviz_test_capture_options (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  return connection;
}

static char *
write_keylog (HsvizConnection *connection,
              const char      *dir)
{
  g_autofree char *text = hsviz_connection_dup_nss_keylog (connection);
  char *path = g_build_filename (dir, "keys.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The prime of the server's ServerKeyExchange, as tshark reads it (lower-case hex). */
static char *
tshark_dh_prime (const char *pcap)
{
  const char *fields[] = { "-T", "fields", "-e", "tls.handshake.p", NULL };
  g_autofree char *out = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 12", fields);

  return hsviz_test_normalize_hex (out);
}

static char *
openssl_ffdhe2048_prime (void)
{
  const char *argv[] = { "sh", "-c",
                         "openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 | "
                         "openssl asn1parse", NULL };
  g_autofree char *out = hsviz_test_run_check (argv);
  const char *p = strstr (out, "INTEGER");
  g_autofree char *hex = NULL;

  /* the first INTEGER of the DHParameter sequence is p: "INTEGER           :FFFF…" */
  g_assert_nonnull (p);
  p = strchr (p, ':');
  g_assert_nonnull (p);
  hex = g_strndup (p + 1, strcspn (p + 1, "\n"));
  return hsviz_test_normalize_hex (hex);
}

static const char *
strip_leading_zeros (const char *hex)
{
  while (hex[0] == '0' && hex[1] == '0')
    hex += 2;
  return hex;
}

static void
test_jsse_hello_request (void)
{
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (jsse));
  g_autoptr(HsvizConnection) connection = capture_peer (jsse);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hsviz-findings-XXXXXX", &error);
  g_autofree char *keylog = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *prime = NULL;
  g_autofree char *rfc_prime = openssl_ffdhe2048_prime ();
  g_autofree char *group = NULL;
  const HsvizApplicationData *app = hsviz_connection_get_application_data (connection);
  HsvizMessage *hello_request;
  HsvizMessage *server_finished;
  const char *pcap;

  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);
  keylog = write_keylog (connection, dir);

  /* the connection completed and the answer came, renegotiation or not */
  g_assert_true (hsviz_connection_get_outcome (connection)->completed);
  g_assert_cmpuint (app->status, ==, 200);

  /* the HelloRequest is a message of its own, from the server, after its Finished, in step 6 */
  hello_request = hsviz_connection_find_message (connection, HSVIZ_HS_HELLO_REQUEST,
                                                 HSVIZ_DIRECTION_SERVER, FALSE);
  server_finished = hsviz_connection_find_message (connection, HSVIZ_HS_FINISHED,
                                                   HSVIZ_DIRECTION_SERVER, FALSE);
  g_assert_nonnull (hello_request);
  g_assert_nonnull (server_finished);
  g_assert_cmpuint (hsviz_message_get_index (hello_request), >, hsviz_message_get_index (server_finished));
  g_assert_cmpint (hsviz_message_get_step (hello_request), ==, HSVIZ_STEP_ENCRYPTION);
  g_assert_cmpstr (hsviz_message_get_type_name (hello_request), ==, "HelloRequest");
  g_assert_cmpuint (g_bytes_get_size (hsviz_message_get_bytes (hello_request)), ==, 4);
  g_assert_nonnull (hsviz_connection_get_renegotiation_note (connection));

  /* tshark, decrypting with our key log, sees the same HelloRequest ... */
  {
    const char *fields[] = { "-T", "fields", "-e", "tls.handshake.type", NULL };

    wire = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 0", fields);
    g_test_message ("tshark, HelloRequest: %s", wire);
    g_assert_nonnull (strstr (wire, "0"));
  }
  /* ... and our no_renegotiation warning (alert 100), level 1 */
  {
    const char *fields[] = { "-T", "fields", "-e", "tls.alert_message.level",
                             "-e", "tls.alert_message.desc", NULL };
    g_autofree char *alerts = hsviz_test_tshark_read (pcap, keylog, "tls.alert_message.desc == 100", fields);

    g_test_message ("tshark, alerts: %s", alerts);
    g_assert_nonnull (strstr (alerts, "1\t100"));
  }

  /* the prime on the wire is RFC 7919's ffdhe2048 (as openssl knows it), and so it is named */
  prime = tshark_dh_prime (pcap);
  g_assert_cmpstr (strip_leading_zeros (prime), ==, strip_leading_zeros (rfc_prime));
  g_assert_cmpuint (hsviz_connection_get_group (connection), ==, 256);
  g_assert_cmpuint (hsviz_connection_get_dh_prime_bits (connection), ==, 0);
  group = hsviz_connection_dup_group_name (connection);
  g_assert_cmpstr (group, ==, "ffdhe2048");

  hsviz_test_remove_dir (dir);
}

/* openssl s_server: its default DHE prime (RFC 3526's, not RFC 7919's) and our own. */
static void
test_custom_dh_group (gconstpointer data)
{
  const char *dhparam = data;
  const char *args[] = { "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-naccept", "1",
                         dhparam ? "-dhparam" : NULL, dhparam, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(HsvizTestTshark) tshark = NULL;
  g_autoptr(HsvizConnection) connection = NULL;
  g_autofree char *prime = NULL;
  g_autofree char *rfc_prime = openssl_ffdhe2048_prime ();
  g_autofree char *group = NULL;
  g_autoptr(JsonNode) json = NULL;
  guint bits;

  g_assert_no_error (error);
  tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (peer));
  connection = capture_peer (peer);
  prime = tshark_dh_prime (hsviz_test_tshark_stop (tshark));
  g_assert_true (hsviz_connection_get_outcome (connection)->completed);

  /* the size of the prime tshark saw, counted here from its hex */
  g_assert_cmpstr (strip_leading_zeros (prime), !=, strip_leading_zeros (rfc_prime));
  {
    const char *hex = strip_leading_zeros (prime);
    guint top = (guint) g_ascii_xdigit_value (hex[0]) * 16 + (guint) g_ascii_xdigit_value (hex[1]);

    bits = (guint) (strlen (hex) / 2 - 1) * 8;
    for (; top != 0; top >>= 1)
      bits++;
  }
  g_assert_cmpuint (bits, ==, 2048);
  if (dhparam != NULL)
    {
      const char *argv[] = { "openssl", "dhparam", "-in", dhparam, "-noout", "-text", NULL };
      g_autofree char *certs = hsviz_test_cert_path (dhparam);
      g_autofree char *out = NULL;

      argv[3] = certs;
      out = hsviz_test_run_check (argv);
      g_assert_nonnull (strstr (out, "(2048 bit)"));
    }

  g_assert_cmpuint (hsviz_connection_get_group (connection), ==, 0);
  g_assert_cmpuint (hsviz_connection_get_dh_prime_bits (connection), ==, 2048);
  group = hsviz_connection_dup_group_name (connection);
  g_assert_cmpstr (group, ==, "custom 2048-bit group");
  json = hsviz_test_connection_to_json (connection, TRUE);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "group"), ==,
                   "custom 2048-bit group");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!hsviz_test_have_program ("java"))
    g_error ("java is not installed (apt-get install default-jre-headless)");
  jsse = hsviz_test_peer_start ("jsse", NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/handshakeviz/findings/jsse-hello-request-ffdhe", test_jsse_hello_request);
  g_test_add_data_func ("/handshakeviz/findings/dh-openssl-default", NULL, test_custom_dh_group);
  g_test_add_data_func ("/handshakeviz/findings/dh-own-parameters", "dh2048.pem", test_custom_dh_group);

  ret = g_test_run ();
  hsviz_test_peer_stop (jsse);
  return ret;
}
