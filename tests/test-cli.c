/* test-cli.c — handshakeviz-cli as a script would use it: output, files, exit statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "hsviz-test-utils.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Every top-level key of the session file (docs/session-format.md), with real values. */
static void
assert_design_keys (JsonObject *root,
                    gboolean    with_secrets)
{
  const char *header[] = { "format", "format_version", "generator", "captured_at", "connections", NULL };
  const char *keys[] = { "source", "resumed", "resumed_from", "timeline", "target",
                         "settings", "outcome", "protocol", "cipher_suite", "key_exchange",
                         "group", "client_random", "server_random", "offered_cipher_suites",
                         "messages", "certificates", "verification", "timings",
                         "application_data", "records", "key_schedule", "revocation", NULL };
  JsonObject *app, *t;

  for (guint i = 0; header[i]; i++)
    if (!json_object_has_member (root, header[i]))
      g_error ("the JSON lacks the key %s", header[i]);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "handshakeviz-session");
  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, 2);
  root = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  for (guint i = 0; keys[i]; i++)
    if (!json_object_has_member (root, keys[i]))
      g_error ("the JSON lacks the key %s", keys[i]);
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "client_random")), ==, 64);
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "server_random")), ==, 64);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "messages")), >=, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "records")), >=, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "offered_cipher_suites")), >, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "certificates")), >=, 1);
  app = json_object_get_object_member (root, "application_data");
  g_assert_cmpint (json_object_get_int_member (app, "status"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (app, "bytes_received"), >, 0);
  t = json_object_get_object_member (root, "timings");
  g_assert_cmpint (json_object_get_int_member (t, "handshake_us"), >, 0);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "outcome"), "completed"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "verification"), "trusted"));
  g_assert_cmpint (json_object_has_member (root, "secrets"), ==, with_secrets);
}

static JsonObject *
parse_json (const char *text,
            JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_demo_json (void)
{
  const char *args[] = { "demo", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  int status;

  out = hsviz_test_run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  assert_design_keys (parse_json (out, parser), TRUE);
}

static void
test_demo_text_walks_six_steps (void)
{
  const char *args[] = { "demo", "--preset", "tls12-rsa", NULL };
  g_autofree char *out = NULL;
  int status;

  out = hsviz_test_run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  for (int step = 1; step <= 6; step++)
    {
      g_autofree char *heading = g_strdup_printf ("Step %d — ", step);

      g_assert_nonnull (strstr (out, heading));
    }
  g_assert_nonnull (strstr (out, "ClientKeyExchange"));
  g_assert_nonnull (strstr (out, "TLS_RSA_WITH_"));
  g_assert_nonnull (strstr (out, "pre-master secret"));
}

static void
test_capture_openssl_keylog_and_files (void)
{
  const char *peer_args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", peer_args, NULL);
  g_autofree char *url = NULL;
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *keylog = tmp_path ("keys.txt");
  g_autofree char *session_file = tmp_path ("s.handshake");
  g_autofree char *pem = tmp_path ("chain.pem");
  g_autofree char *out = NULL, *shown = NULL, *exported = NULL;
  g_autoptr(GPtrArray) ours = NULL, theirs = NULL;
  GStatBuf st;
  int status;

  g_assert_nonnull (peer);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  {
    const char *args[] = { "capture", url, "--cafile", cafile, "--servername", "localhost",
                           "--keylog", keylog, "--output", session_file, NULL };

    out = hsviz_test_run_cli (args, &status, NULL);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Step 6"));

  /* the key log equals the server's */
  ours = hsviz_test_read_keylog_file (keylog);
  theirs = hsviz_test_peer_read_keylog (peer);
  g_assert_cmpuint (ours->len, ==, 1);
  {
    const HsvizTestKeylogEntry *o = g_ptr_array_index (ours, 0);
    const HsvizTestKeylogEntry *t = hsviz_test_keylog_find (theirs, o->label, o->client_random);

    g_assert_nonnull (t);
    g_assert_cmpstr (o->secret, ==, t->secret);
  }

  /* files holding secrets are private */
  g_assert_cmpint (g_stat (keylog, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (session_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* show prints the same session; export writes the chain as sent */
  {
    const char *args[] = { "show", session_file, NULL };

    shown = hsviz_test_run_cli (args, &status, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (shown, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  }
  {
    const char *args[] = { "export", session_file, "--pem", pem, NULL };
    g_autofree char *ours_pem = NULL, *rsa = hsviz_test_cert_path ("rsa.pem");
    g_autofree char *fp_ours = NULL, *fp_file = NULL;
    const char *fp1[] = { "openssl", "x509", "-in", pem, "-noout", "-fingerprint", "-sha256", NULL };
    const char *fp2[] = { "openssl", "x509", "-in", rsa, "-noout", "-fingerprint", "-sha256", NULL };

    exported = hsviz_test_run_cli (args, &status, NULL);
    g_assert_cmpint (status, ==, 0);
    fp_ours = hsviz_test_run_check (fp1);
    fp_file = hsviz_test_run_check (fp2);
    g_assert_cmpstr (fp_ours, ==, fp_file);
  }
}

static void
test_no_secrets (void)
{
  const char *args[] = { "demo", "--json", "--no-secrets", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *root;
  JsonArray *ks;
  int status;

  out = hsviz_test_run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse_json (out, parser);
  assert_design_keys (root, FALSE);
  root = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  g_assert_false (json_object_get_boolean_member (root, "secrets_included"));
  ks = json_object_get_array_member (root, "key_schedule");
  g_assert_cmpuint (json_array_get_length (ks), >, 0);
  for (guint i = 0; i < json_array_get_length (ks); i++)
    g_assert_true (json_object_get_null_member (json_array_get_object_element (ks, i), "value"));
}

static void
test_exit_statuses (void)
{
  g_autofree char *missing = tmp_path ("does-not-exist.handshake");
  g_autofree char *garbage = tmp_path ("garbage.handshake");
  g_autofree char *out = NULL, *err = NULL;
  int status;

  {
    const char *args[] = { "frobnicate", NULL };

    g_free (out); out = hsviz_test_run_cli (args, &status, NULL);
    g_assert_cmpint (status, ==, 2);
  }
  {
    const char *args[] = { "capture", "gopher://example.org/", NULL };

    g_free (out); out = hsviz_test_run_cli (args, &status, NULL);
    g_assert_cmpint (status, ==, 2);
  }
  {
    const char *args[] = { "capture", "127.0.0.1:1", "--timeout", "3", NULL };

    g_free (out); out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 3);
    g_assert_nonnull (strstr (err, "refused"));
  }
  {
    const char *args[] = { "show", missing, NULL };

    g_free (out); g_free (err); out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 4);
  }
  g_file_set_contents (garbage, "{\"format\": \"handshakeviz-session\", \"format_version\": 7}", -1, NULL);
  {
    const char *args[] = { "show", garbage, NULL };

    g_free (out); g_free (err); out = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "newer"));
  }
}

static void
test_failed_handshake_partial (void)
{
  const char *peer_args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", peer_args, NULL);
  g_autofree char *url = NULL;
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *session_file = tmp_path ("failed.handshake");
  g_autofree char *out = NULL, *err = NULL, *shown = NULL;
  int status;

  g_assert_nonnull (peer);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  {
    const char *args[] = { "capture", url, "--cafile", cafile, "--priority",
                           "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA",
                           "--output", session_file, NULL };

    out = hsviz_test_run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "Handshake FAILED"));
  g_assert_nonnull (strstr (out, "handshake_failure"));
  g_assert_nonnull (strstr (err, "handshake_failure"));
  /* the diagnosis: who gave up and a rerun that changes one thing */
  g_assert_nonnull (strstr (out, "Diagnosis: The server gave up"));
  g_assert_nonnull (strstr (out, "Try: Rerun with the GnuTLS defaults (--preset default)"));
  {
    const char *args[] = { "show", session_file, NULL };

    g_free (err);
    shown = hsviz_test_run_cli (args, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (shown, "handshake_failure"));
    g_assert_nonnull (strstr (shown, "Diagnosis: The server gave up"));
  }
}

/* The text walks the core's timeline: local actions, and the TLS 1.2 close_notify decrypted
 * with the session's keys (it used to be read from the ciphertext as "unknown (207)"), and
 * each side's ChangeCipherSpec before its Finished. */
static void
test_show_timeline (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                   "tls12-rsa.handshake", NULL);
  const char *args[] = { "show", sample, NULL };
  g_autofree char *out = NULL;
  const char *ccs, *finished;
  int status;

  out = hsviz_test_run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "[client] Verify certificate ✓"));
  g_assert_nonnull (strstr (out, "[client] Encrypt pre-master secret"));
  g_assert_nonnull (strstr (out, "[server] Decrypt pre-master secret"));
  g_assert_nonnull (strstr (out, "[both] Compute master secret"));
  g_assert_nonnull (strstr (out, "[both] Derive session keys"));
  g_assert_nonnull (strstr (out, "client → server  close_notify (warning)"));
  g_assert_null (strstr (out, "unknown ("));
  ccs = strstr (out, "-> ChangeCipherSpec");
  finished = strstr (out, "-> Finished");
  g_assert_nonnull (ccs);
  g_assert_nonnull (finished);
  g_assert_true (ccs < finished);

  /* --json: the same timeline as the derived key connections[0].timeline */
  {
    const char *json_args[] = { "show", sample, "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *json = hsviz_test_run_cli (json_args, &status, NULL);
    JsonObject *connection;
    JsonArray *timeline;
    guint actions = 0, alerts = 0;

    g_assert_cmpint (status, ==, 0);
    connection = json_array_get_object_element (json_object_get_array_member (parse_json (json, parser),
                                                                              "connections"), 0);
    timeline = json_object_get_array_member (connection, "timeline");
    g_assert_nonnull (timeline);
    for (guint i = 0; i < json_array_get_length (timeline); i++)
      {
        JsonObject *item = json_array_get_object_element (timeline, i);
        const char *kind = json_object_get_string_member (item, "kind");

        actions += g_str_equal (kind, "action");
        if (g_str_equal (kind, "alert"))
          {
            alerts++;
            g_assert_cmpstr (json_object_get_string_member (item, "label"), ==, "close_notify (warning)");
            g_assert_true (json_object_has_member (item, "record_index"));
          }
        if (g_str_equal (kind, "message"))
          g_assert_true (json_object_has_member (item, "message_index"));
      }
    g_assert_cmpuint (actions, ==, 5);
    g_assert_cmpuint (alerts, >=, 1);
  }
}

/* An expired leaf whose issuer is not trusted: GnuTLS stops at the issuer, the dates are
 * still checked (never a ✓), each certificate and the path are printed, and the JSON agrees. */
static void
test_expired_untrusted (void)
{
  const char *peer_args[] = { "-cert", "trust/leaf-expired.pem", "-cert_chain", "trust/inter.pem",
                              "-key", "trust/leaf-expired.key", NULL };
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", peer_args, NULL);
  g_autofree char *cafile = hsviz_test_cert_path ("trust/other.pem");
  g_autofree char *url = NULL;
  g_autofree char *out = NULL, *err = NULL, *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *v, *leaf;
  int status;

  g_assert_nonnull (peer);
  url = g_strdup_printf ("https://localhost:%u/", hsviz_test_peer_get_port (peer));
  {
    const char *args[] = { "capture", url, "--cafile", cafile, "--no-ocsp", "--no-request", NULL };

    out = hsviz_test_run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, "✓ dates: valid now"));
  g_assert_nonnull (strstr (out, "✗ dates: expired or not yet valid"));
  g_assert_nonnull (strstr (out, "✗ dates: expired on 2021-01-01"));
  g_assert_nonnull (strstr (out, "Verify certificate ✗ expired"));
  g_assert_nonnull (strstr (out, "A browser would stop here: the certificate expired on 2021-01-01"));
  g_assert_nonnull (strstr (out, "Try: Rerun trusting a CA file (--cafile)"));
  g_assert_nonnull (strstr (out, "Certificate 2: CN=Trust Test Intermediate"));
  g_assert_nonnull (strstr (out, "✗ ends without a trust anchor"));
  g_assert_nonnull (strstr (out, "! Missing intermediate"));
  {
    const char *args[] = { "capture", url, "--cafile", cafile, "--no-ocsp", "--no-request", "--json", NULL };

    g_free (err);
    json = hsviz_test_run_cli (args, &status, &err);
  }
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  v = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (
        json_node_get_object (json_parser_get_root (parser)), "connections"), 0), "verification");
  g_assert_false (json_object_get_boolean_member (v, "time_ok"));
  leaf = json_array_get_object_element (json_object_get_array_member (v, "certificates"), 0);
  g_assert_true (json_object_get_boolean_member (leaf, "expired"));
  g_assert_true (json_object_get_boolean_member (leaf, "signed_by_next"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (v, "chain_problems"), 0),
                   ==, "missing-intermediate");
  g_assert_false (json_object_get_boolean_member (v, "path_anchored"));
}

/* The connection options of issue 12 refuse what they cannot use, before connecting: exit 2 */
static void
test_connection_options_refused (void)
{
  g_autofree char *cert = hsviz_test_cert_path ("client.pem");
  g_autofree char *p12 = hsviz_test_cert_path ("client.p12");
  g_autofree char *wrong = hsviz_test_cert_path ("ca.pem");   /* not the password */
  const char *cases[][7] = {
    { "capture", "127.0.0.1:1", "--alpn", ",,", NULL },
    { "capture", "127.0.0.1:1", "--starttls", "gopher", NULL },
    { "capture", "127.0.0.1:1", "--key", cert, NULL },
    { "capture", "127.0.0.1:1", "--cert", "/nonexistent/client.pem", NULL },
    { "capture", "127.0.0.1:1", "--cert", p12, "--password-file", wrong },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = -1;

      out = hsviz_test_run_cli (cases[i], &status, &err);
      g_test_message ("%s %s: %s", cases[i][2], cases[i][3], err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (err, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hsviz-test-cli-XXXXXX", NULL);

  g_test_add_func ("/handshakeviz/cli/demo-json", test_demo_json);
  g_test_add_func ("/handshakeviz/cli/demo-text-six-steps", test_demo_text_walks_six_steps);
  g_test_add_func ("/handshakeviz/cli/capture-keylog-files", test_capture_openssl_keylog_and_files);
  g_test_add_func ("/handshakeviz/cli/no-secrets", test_no_secrets);
  g_test_add_func ("/handshakeviz/cli/exit-statuses", test_exit_statuses);
  g_test_add_func ("/handshakeviz/cli/connection-options-refused", test_connection_options_refused);
  g_test_add_func ("/handshakeviz/cli/failed-handshake-partial", test_failed_handshake_partial);
  g_test_add_func ("/handshakeviz/cli/show-timeline", test_show_timeline);
  g_test_add_func ("/handshakeviz/cli/expired-untrusted", test_expired_untrusted);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };
    g_autofree char *o = hsviz_test_run_check (rm);
  }
  g_free (tmpdir);
  return ret;
}
