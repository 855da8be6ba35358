/* test-client-cert.c — client certificates: sent when asked, accepted, rejected, absent
 *
 * Peers: openssl s_server -Verify 1 -verify_return_error -CAfile ca.pem (TLS 1.3 and 1.2) and
 * nginx with ssl_verify_client on.  Truth from outside our code: tshark (with our key log for
 * TLS 1.3) reads the certificate the client sent, which must be the DER of client.pem as
 * `openssl x509 -outform DER` writes it; the servers' answers (HTTP 200, an alert, nginx's 400).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"
#include "hsviz-util.h"

static HsvizTestPeer *openssl_peer;
static HsvizTestPeer *nginx;

static HsvizConnection *
capture (HsvizTestPeer *peer,
         const char    *preset,
         const char    *cert,
         const char    *key,
         const char    *password_file,
         GError       **error)
{
  HsvizCaptureOptions options = { 0 };

  hsviz_test_capture_options_for_peer (&options, peer);
  options.preset = g_strdup (preset);
  options.cert = cert ? hsviz_test_cert_path (cert) : NULL;
  options.key = key ? hsviz_test_cert_path (key) : NULL;
  options.password_file = password_file ? hsviz_test_cert_path (password_file) : NULL;
  options.timeout_ms = 30000;
  options.no_ocsp = TRUE;
  return hsviz_test_capture_options (&options, error);
}

static char *
client_pem_der_hex (void)
{
  g_autofree char *pem = hsviz_test_cert_path ("client.pem");
  g_autofree char *cmd = g_strdup_printf ("openssl x509 -in '%s' -outform DER | od -An -v -tx1", pem);
  const char *argv[] = { "sh", "-c", cmd, NULL };
  g_autofree char *out = hsviz_test_run_check (argv);

  return hsviz_test_normalize_hex (out);
}

/* openssl -Verify: the certificate is sent (PEM or PKCS#12), checked by the server, 200 */
static void
test_accepted (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (openssl_peer));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) pem = capture (openssl_peer, preset, "client.pem", "client.key", NULL, &error);
  g_autoptr(HsvizConnection) p12 = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hsviz-client-cert-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.txt", NULL);
  g_autofree char *keys = NULL;
  g_autofree char *expected = client_pem_der_hex ();
  g_autofree char *note = NULL;
  g_autofree char *json = NULL;
  const HsvizCertificate *ours;
  const char *pcap;

  g_assert_no_error (error);
  p12 = capture (openssl_peer, preset, "client.p12", NULL, "rsa.p12.pass", &error);
  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);

  for (guint i = 0; i < 2; i++)
    {
      HsvizConnection *c = i == 0 ? pem : p12;

      g_assert_true (hsviz_connection_get_outcome (c)->completed);
      g_assert_cmpuint (hsviz_connection_get_application_data (c)->status, ==, 200);
      g_assert_true (hsviz_connection_client_certificate_sent (c));
      ours = hsviz_connection_get_client_certificate (c);
      g_assert_nonnull (ours);
      g_assert_nonnull (strstr (ours->subject, "CN=HandshakeViz Test Client"));
      g_assert_nonnull (hsviz_connection_find_message (c, HSVIZ_HS_CERTIFICATE_VERIFY, HSVIZ_DIRECTION_CLIENT, FALSE));
      g_assert_cmpint (hsviz_message_get_step (hsviz_connection_find_message (c, HSVIZ_HS_CERTIFICATE, HSVIZ_DIRECTION_CLIENT, FALSE)),
                       ==, HSVIZ_STEP_AUTHENTICATION);
    }
  note = hsviz_connection_dup_client_auth_note (pem);
  g_assert_nonnull (strstr (note, "CertificateVerify"));

  /* the file has the certificate, never the key */
  {
    g_autoptr(JsonNode) node = hsviz_test_connection_to_json (pem, TRUE);

    json = json_to_string (node, FALSE);
  }
  g_assert_nonnull (strstr (json, "\"client_certificate\""));
  g_assert_null (strstr (json, "PRIVATE"));
  {
    g_autoptr(HsvizConnection) again = hsviz_test_reload (pem, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hsviz_connection_get_client_certificate (again)->sha256, ==,
                     hsviz_connection_get_client_certificate (pem)->sha256);
    g_assert_true (hsviz_connection_client_certificate_sent (again));
  }

  /* what the client sent, as tshark reads it (TLS 1.3: decrypted with our key log) */
  {
    g_autofree char *a = hsviz_connection_dup_nss_keylog (pem);
    g_autofree char *b = hsviz_connection_dup_nss_keylog (p12);

    keys = g_strconcat (a, b, NULL);
  }
  g_file_set_contents (keylog, keys, -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *filter = g_strdup_printf ("tls.handshake.type == 11 && tcp.dstport == %u",
                                               hsviz_test_peer_get_port (openssl_peer));
    const char *fields[] = { "-T", "fields", "-e", "tls.handshake.certificate", NULL };
    g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, filter, fields);
    g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autofree char *got = hsviz_test_normalize_hex (lines[i]);

        g_assert_cmpstr (got, ==, expected);
      }
  }

  hsviz_test_remove_dir (dir);
}

/* a certificate the server does not trust: its alert, and a diagnosis that says so */
static void
test_rejected (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) c = capture (openssl_peer, preset, "selfsigned.pem", "selfsigned.key", NULL, &error);
  const HsvizOutcome *o;
  const HsvizDiagnosis *d;
  gboolean said = FALSE;

  g_assert_nonnull (c);
  o = hsviz_connection_get_outcome (c);
  /* TLS 1.2: the server's alert ends the handshake; TLS 1.3: the server checks our certificate
   * after both Finished (the handshake completed for the client) and its alert comes in step 6 */
  if (g_strcmp0 (preset, "tls12") == 0)
    {
      g_assert_nonnull (error);
      g_assert_false (o->completed);
    }
  g_assert_true (o->has_alert);
  g_assert_cmpint (o->alert_sender, ==, HSVIZ_DIRECTION_SERVER);
  g_assert_cmpuint (o->alert_description, ==, 48);   /* unknown_ca, as openssl logs it */
  g_assert_true (hsviz_connection_client_certificate_sent (c));
  {
    g_autofree char *note = hsviz_connection_dup_client_auth_note (c);

    g_assert_nonnull (strstr (note, "rejected it with the alert unknown_ca"));
  }
  d = hsviz_connection_get_diagnosis (c);
  if (!o->completed)
    {
      g_assert_nonnull (d);
      for (guint i = 0; i < d->causes->len; i++)
        said |= strstr (g_ptr_array_index (d->causes, i), "rejected the client certificate") != NULL;
      g_assert_true (said);
    }
  {
    g_autofree char *log = hsviz_test_peer_read_log (openssl_peer);

    g_assert_nonnull (strstr (log, "self-signed certificate"));
  }
}

/* none configured: an empty Certificate, and TLS 1.3's certificate_required */
static void
test_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) c = capture (openssl_peer, "tls13", NULL, NULL, NULL, &error);
  g_autofree char *note = NULL;

  g_assert_nonnull (c);
  g_assert_false (hsviz_connection_client_certificate_sent (c));
  g_assert_null (hsviz_connection_get_client_certificate (c));
  g_assert_nonnull (hsviz_connection_find_message (c, HSVIZ_HS_CERTIFICATE, HSVIZ_DIRECTION_CLIENT, FALSE));
  note = hsviz_connection_dup_client_auth_note (c);
  g_assert_nonnull (strstr (note, "empty Certificate"));
  g_assert_cmpuint (hsviz_connection_get_outcome (c)->alert_description, ==, 116);
}

/* nginx ssl_verify_client on: 200 with the certificate (over HTTP/2), its 400 page without */
static void
test_nginx (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) with = capture (nginx, NULL, "client.pem", "client.key", NULL, &error);
  g_autoptr(HsvizConnection) without = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_connection_get_application_data (with)->status, ==, 200);
  g_assert_true (hsviz_connection_client_certificate_sent (with));
  without = capture (nginx, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_connection_get_application_data (without)->status, ==, 400);
  g_assert_false (hsviz_connection_client_certificate_sent (without));
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) c = capture (openssl_peer, NULL, "client.p12", NULL, "ca.pem", &error);

  g_assert_null (c);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);

  g_assert_null (capture (openssl_peer, NULL, "client.pem", "rsa.key", NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (capture (openssl_peer, NULL, "no-such-file.pem", NULL, NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (capture (openssl_peer, NULL, NULL, "client.key", NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  const char *openssl_args[] = { "-CAfile", "ca.pem", "-Verify", "1", "-verify_return_error", NULL };
  const char *nginx_args[] = { "ssl_client_certificate ca.pem;", "ssl_verify_client on;", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_path = NULL;
  g_autofree char *ca = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  openssl_peer = hsviz_test_peer_start ("openssl", openssl_args, &error);
  g_assert_no_error (error);
  ca_path = hsviz_test_cert_path ("ca.pem");
  ca = g_strdup_printf ("ssl_client_certificate %s;", ca_path);
  nginx_args[0] = ca;
  nginx = hsviz_test_peer_start ("nginx", nginx_args, &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/handshakeviz/client-cert/accepted-tls13", "tls13", test_accepted);
  g_test_add_data_func ("/handshakeviz/client-cert/accepted-tls12", "tls12", test_accepted);
  g_test_add_data_func ("/handshakeviz/client-cert/rejected-tls13", "tls13", test_rejected);
  g_test_add_data_func ("/handshakeviz/client-cert/rejected-tls12", "tls12", test_rejected);
  g_test_add_func ("/handshakeviz/client-cert/none", test_none);
  g_test_add_func ("/handshakeviz/client-cert/nginx", test_nginx);
  g_test_add_func ("/handshakeviz/client-cert/bad-files", test_bad_files);

  ret = g_test_run ();
  hsviz_test_peer_stop (openssl_peer);
  hsviz_test_peer_stop (nginx);
  return ret;
}
