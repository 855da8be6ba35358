/* test-session-file.c — session files: round trips from real peers, atomic saves, permissions,
 * and a table of corrupt files
 *
 * The sessions come from real handshakes (openssl s_server, gnutls-serv, the demo server on
 * 127.0.0.1) and from the captured samples in data/samples/; the key logs are checked against
 * the servers' own.  A reopened session must equal the captured one in every getter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "hsviz-test-utils.h"
#include "hsviz-util.h"

/* ---- comparing two sessions, getter by getter ---------------------------------------------- */

static void
assert_bytes_equal (GBytes     *a,
                    GBytes     *b,
                    const char *what)
{
  if (a == NULL || b == NULL)
    {
      if (a != b)
        g_error ("%s: one side is NULL", what);
      return;
    }
  if (!g_bytes_equal (a, b))
    g_error ("%s differs", what);
}

static void
assert_strv_equal (char       **a,
                   char       **b,
                   const char  *what)
{
  guint na = a ? g_strv_length (a) : 0, nb = b ? g_strv_length (b) : 0;

  if (na != nb)
    g_error ("%s: %u vs %u entries", what, na, nb);
  for (guint i = 0; i < na; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_fields_equal (HsvizField *a,
                     HsvizField *b)
{
  g_assert_cmpstr (hsviz_field_get_key (a), ==, hsviz_field_get_key (b));
  g_assert_cmpstr (hsviz_field_get_label (a), ==, hsviz_field_get_label (b));
  g_assert_cmpstr (hsviz_field_get_value (a), ==, hsviz_field_get_value (b));
  g_assert_cmpuint (hsviz_field_get_offset (a), ==, hsviz_field_get_offset (b));
  g_assert_cmpuint (hsviz_field_get_length (a), ==, hsviz_field_get_length (b));
  g_assert_cmpint (hsviz_field_get_number (a), ==, hsviz_field_get_number (b));
  g_assert_cmpuint (hsviz_field_get_n_children (a), ==, hsviz_field_get_n_children (b));
  for (guint i = 0; i < hsviz_field_get_n_children (a); i++)
    assert_fields_equal (hsviz_field_get_child (a, i), hsviz_field_get_child (b, i));
}

static void
assert_certificates_equal (const HsvizCertificate *a,
                           const HsvizCertificate *b)
{
  assert_bytes_equal (a->der, b->der, "certificate DER");
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpstr (a->issuer, ==, b->issuer);
  g_assert_cmpstr (a->serial, ==, b->serial);
  g_assert_cmpint (a->not_before, ==, b->not_before);
  g_assert_cmpint (a->not_after, ==, b->not_after);
  assert_strv_equal (a->san, b->san, "san");
  g_assert_cmpstr (a->public_key_algorithm, ==, b->public_key_algorithm);
  g_assert_cmpuint (a->public_key_bits, ==, b->public_key_bits);
  g_assert_cmpstr (a->public_key_curve, ==, b->public_key_curve);
  g_assert_cmpstr (a->signature_algorithm, ==, b->signature_algorithm);
  g_assert_cmpstr (a->sha256, ==, b->sha256);
  g_assert_cmpstr (a->sha1, ==, b->sha1);
  g_assert_cmpint (a->is_ca, ==, b->is_ca);
  g_assert_cmpint (a->self_signed, ==, b->self_signed);
  g_assert_cmpuint (a->extensions->len, ==, b->extensions->len);
}

static void
assert_secrets_equal (HsvizConnection *a,
                      HsvizConnection *b)
{
  const HsvizSecrets *sa = hsviz_connection_get_secrets (a), *sb = hsviz_connection_get_secrets (b);
  g_autofree char *ka = hsviz_connection_dup_nss_keylog (a);
  g_autofree char *kb = hsviz_connection_dup_nss_keylog (b);

  g_assert_cmpint (hsviz_connection_has_secrets (a), ==, hsviz_connection_has_secrets (b));
  g_assert_cmpint (hsviz_connection_secrets_stripped (a), ==, hsviz_connection_secrets_stripped (b));
  g_assert_cmpuint (sa->keylog->len, ==, sb->keylog->len);
  for (guint i = 0; i < sa->keylog->len; i++)
    {
      const HsvizKeylogEntry *x = g_ptr_array_index (sa->keylog, i);
      const HsvizKeylogEntry *y = g_ptr_array_index (sb->keylog, i);

      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpstr (x->client_random, ==, y->client_random);
      g_assert_cmpstr (x->secret, ==, y->secret);
      g_assert_cmpint (x->time_us, ==, y->time_us);
      g_assert_cmpuint (x->after_message, ==, y->after_message);
    }
  assert_bytes_equal (sa->master_secret, sb->master_secret, "master_secret");
  assert_bytes_equal (sa->pre_master_secret, sb->pre_master_secret, "pre_master_secret");
  assert_bytes_equal (sa->client_write_key, sb->client_write_key, "client_write_key");
  assert_bytes_equal (sa->server_write_key, sb->server_write_key, "server_write_key");
  assert_bytes_equal (sa->client_write_iv, sb->client_write_iv, "client_write_iv");
  assert_bytes_equal (sa->server_write_iv, sb->server_write_iv, "server_write_iv");
  assert_bytes_equal (sa->client_write_mac_key, sb->client_write_mac_key, "client_write_mac_key");
  assert_bytes_equal (sa->server_write_mac_key, sb->server_write_mac_key, "server_write_mac_key");
  g_assert_cmpstr (ka, ==, kb);
}

static void
assert_connections_equal (HsvizConnection *a,
                          HsvizConnection *b)
{
  const HsvizTarget *ta = hsviz_connection_get_target (a), *tb = hsviz_connection_get_target (b);
  const HsvizOutcome *oa = hsviz_connection_get_outcome (a), *ob = hsviz_connection_get_outcome (b);
  const HsvizVerification *va = hsviz_connection_get_verification (a);
  const HsvizVerification *vb = hsviz_connection_get_verification (b);
  const HsvizTimings *tma = hsviz_connection_get_timings (a), *tmb = hsviz_connection_get_timings (b);
  const HsvizApplicationData *aa = hsviz_connection_get_application_data (a);
  const HsvizApplicationData *ab = hsviz_connection_get_application_data (b);
  const HsvizRevocation *ra = hsviz_connection_get_revocation (a), *rb = hsviz_connection_get_revocation (b);
  GPtrArray *reca = hsviz_connection_get_records (a), *recb = hsviz_connection_get_records (b);
  GPtrArray *ca = hsviz_connection_get_certificates (a), *cb = hsviz_connection_get_certificates (b);
  GPtrArray *ksa = hsviz_connection_get_key_schedule (a), *ksb = hsviz_connection_get_key_schedule (b);
  const guint16 *offa, *offb;
  guint noffa = 0, noffb = 0;
  g_autofree char *suma = hsviz_connection_dup_summary (a);
  g_autofree char *sumb = hsviz_connection_dup_summary (b);

  /* target, settings, provenance */
  g_assert_cmpstr (ta->url, ==, tb->url);
  g_assert_cmpstr (ta->host, ==, tb->host);
  g_assert_cmpuint (ta->port, ==, tb->port);
  g_assert_cmpstr (ta->path, ==, tb->path);
  g_assert_cmpstr (ta->servername, ==, tb->servername);
  g_assert_cmpstr (ta->address, ==, tb->address);
  g_assert_cmpstr (hsviz_connection_get_client_address (a), ==, hsviz_connection_get_client_address (b));
  g_assert_cmpstr (hsviz_connection_get_server_address (a), ==, hsviz_connection_get_server_address (b));
  g_assert_cmpstr (hsviz_connection_get_priority (a), ==, hsviz_connection_get_priority (b));
  g_assert_cmpstr (hsviz_connection_get_preset (a), ==, hsviz_connection_get_preset (b));
  g_assert_cmpstr (hsviz_connection_get_cafile (a), ==, hsviz_connection_get_cafile (b));

  /* outcome */
  g_assert_cmpint (oa->completed, ==, ob->completed);
  g_assert_cmpstr (oa->error, ==, ob->error);
  g_assert_cmpint (oa->error_code, ==, ob->error_code);
  g_assert_cmpint (oa->has_alert, ==, ob->has_alert);
  g_assert_cmpuint (oa->alert_level, ==, ob->alert_level);
  g_assert_cmpuint (oa->alert_description, ==, ob->alert_description);
  g_assert_cmpuint (oa->alert_sender, ==, ob->alert_sender);
  g_assert_cmpstr (oa->failed_at, ==, ob->failed_at);

  /* parsed facts */
  g_assert_cmpuint (hsviz_connection_get_version (a), ==, hsviz_connection_get_version (b));
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (a), ==, hsviz_connection_get_cipher_suite (b));
  g_assert_cmpuint (hsviz_connection_get_key_exchange (a), ==, hsviz_connection_get_key_exchange (b));
  g_assert_cmpuint (hsviz_connection_get_group (a), ==, hsviz_connection_get_group (b));
  g_assert_cmpuint (hsviz_connection_get_signature_scheme (a), ==, hsviz_connection_get_signature_scheme (b));
  g_assert_cmpint (hsviz_connection_had_hello_retry (a), ==, hsviz_connection_had_hello_retry (b));
  g_assert_cmpint (hsviz_connection_uses_extended_master_secret (a), ==,
                   hsviz_connection_uses_extended_master_secret (b));
  g_assert_cmpstr (hsviz_connection_get_alpn (a), ==, hsviz_connection_get_alpn (b));
  if (hsviz_connection_get_client_random (a) || hsviz_connection_get_client_random (b))
    g_assert_cmpmem (hsviz_connection_get_client_random (a), 32, hsviz_connection_get_client_random (b), 32);
  if (hsviz_connection_get_server_random (a) || hsviz_connection_get_server_random (b))
    g_assert_cmpmem (hsviz_connection_get_server_random (a), 32, hsviz_connection_get_server_random (b), 32);
  offa = hsviz_connection_get_offered_suites (a, &noffa);
  offb = hsviz_connection_get_offered_suites (b, &noffb);
  g_assert_cmpmem (offa, noffa * sizeof (guint16), offb, noffb * sizeof (guint16));
  g_assert_cmpstr (suma, ==, sumb);

  /* messages: bytes, time, direction, and everything parsed from them */
  g_assert_cmpuint (hsviz_connection_get_n_messages (a), ==, hsviz_connection_get_n_messages (b));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, hsviz_connection_get_n_messages (b));
  for (guint i = 0; i < hsviz_connection_get_n_messages (a); i++)
    {
      HsvizMessage *ma = hsviz_connection_get_message (a, i), *mb = hsviz_connection_get_message (b, i);

      g_assert_cmpuint (hsviz_message_get_index (ma), ==, hsviz_message_get_index (mb));
      g_assert_cmpuint (hsviz_message_get_direction (ma), ==, hsviz_message_get_direction (mb));
      g_assert_cmpint (hsviz_message_get_time_us (ma), ==, hsviz_message_get_time_us (mb));
      assert_bytes_equal (hsviz_message_get_bytes (ma), hsviz_message_get_bytes (mb), "message bytes");
      g_assert_cmpuint (hsviz_message_get_type_code (ma), ==, hsviz_message_get_type_code (mb));
      g_assert_cmpint (hsviz_message_is_hello_retry (ma), ==, hsviz_message_is_hello_retry (mb));
      g_assert_cmpstr (hsviz_message_get_type_name (ma), ==, hsviz_message_get_type_name (mb));
      g_assert_cmpstr (hsviz_message_get_parse_error (ma), ==, hsviz_message_get_parse_error (mb));
      g_assert_cmpuint (hsviz_message_get_step (ma), ==, hsviz_message_get_step (mb));
      assert_fields_equal (hsviz_message_get_fields (ma), hsviz_message_get_fields (mb));
    }

  /* records */
  g_assert_cmpuint (reca->len, ==, recb->len);
  for (guint i = 0; i < reca->len; i++)
    {
      const HsvizRecord *x = g_ptr_array_index (reca, i), *y = g_ptr_array_index (recb, i);

      g_assert_cmpuint (x->index, ==, y->index);
      g_assert_cmpuint (x->direction, ==, y->direction);
      g_assert_cmpuint (x->content_type, ==, y->content_type);
      g_assert_cmpuint (x->version, ==, y->version);
      g_assert_cmpuint (x->length, ==, y->length);
      g_assert_cmpint (x->time_us, ==, y->time_us);
      g_assert_cmpuint (hsviz_connection_get_record_step (a, i), ==, hsviz_connection_get_record_step (b, i));
      assert_bytes_equal (x->bytes, y->bytes, "record bytes");
    }

  /* certificates and the verdict */
  g_assert_cmpuint (ca->len, ==, cb->len);
  for (guint i = 0; i < ca->len; i++)
    assert_certificates_equal (g_ptr_array_index (ca, i), g_ptr_array_index (cb, i));
  g_assert_cmpint (va->present, ==, vb->present);
  g_assert_cmpint (va->trusted, ==, vb->trusted);
  g_assert_cmpint (va->hostname_ok, ==, vb->hostname_ok);
  g_assert_cmpint (va->time_ok, ==, vb->time_ok);
  g_assert_cmpint (va->issuer_ok, ==, vb->issuer_ok);
  g_assert_cmpuint (va->status, ==, vb->status);
  assert_strv_equal (va->status_strings, vb->status_strings, "verification status");
  g_assert_cmpstr (va->text, ==, vb->text);
  g_assert_cmpstr (va->checked_name, ==, vb->checked_name);
  g_assert_cmpstr (va->trust_store, ==, vb->trust_store);
  g_assert_cmpint (va->time_us, ==, vb->time_us);

  /* timings, application data, revocation */
  g_assert_cmpint (tma->dns_us, ==, tmb->dns_us);
  g_assert_cmpint (tma->connect_us, ==, tmb->connect_us);
  g_assert_cmpint (tma->handshake_us, ==, tmb->handshake_us);
  g_assert_cmpint (tma->total_us, ==, tmb->total_us);
  g_assert_cmpint (aa->present, ==, ab->present);
  g_assert_cmpstr (aa->request, ==, ab->request);
  g_assert_cmpuint (aa->status, ==, ab->status);
  g_assert_cmpstr (aa->http_version, ==, ab->http_version);
  g_assert_cmpstr (aa->reason, ==, ab->reason);
  g_assert_cmpuint (aa->bytes_sent, ==, ab->bytes_sent);
  g_assert_cmpuint (aa->bytes_received, ==, ab->bytes_received);
  g_assert_cmpuint (aa->headers ? aa->headers->len : 0, ==, ab->headers ? ab->headers->len : 0);
  for (guint i = 0; aa->headers && i < aa->headers->len; i++)
    {
      const HsvizHeader *x = g_ptr_array_index (aa->headers, i), *y = g_ptr_array_index (ab->headers, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->value, ==, y->value);
    }
  /* unset (NULL) is written as "none", the value docs/session-format.md gives it */
  g_assert_cmpstr (ra->stapled ? ra->stapled : "none", ==, rb->stapled ? rb->stapled : "none");
  g_assert_cmpstr (ra->ocsp ? ra->ocsp : "none", ==, rb->ocsp ? rb->ocsp : "none");
  g_assert_cmpstr (ra->responder, ==, rb->responder);
  g_assert_cmpstr (ra->detail, ==, rb->detail);

  /* secrets and the key schedule */
  assert_secrets_equal (a, b);
  g_assert_cmpuint (ksa->len, ==, ksb->len);
  for (guint i = 0; i < ksa->len; i++)
    {
      const HsvizKeyScheduleEntry *x = g_ptr_array_index (ksa, i), *y = g_ptr_array_index (ksb, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->formula, ==, y->formula);
      g_assert_cmpstr (x->value, ==, y->value);
      g_assert_cmpint (x->verified, ==, y->verified);
      g_assert_cmpstr (x->note, ==, y->note);
    }
}

static void
assert_sessions_equal (HsvizSession *a,
                       HsvizSession *b)
{
  g_assert_cmpstr (hsviz_session_get_generator (a), ==, hsviz_session_get_generator (b));
  g_assert_cmpstr (hsviz_session_get_note (a), ==, hsviz_session_get_note (b));
  /* the file keeps the capture time to the second */
  g_assert_nonnull (hsviz_session_get_captured_at (a));
  g_assert_cmpint (g_date_time_to_unix (hsviz_session_get_captured_at (a)), ==,
                   g_date_time_to_unix (hsviz_session_get_captured_at (b)));
  g_assert_cmpuint (hsviz_session_get_n_connections (a), ==, hsviz_session_get_n_connections (b));
  for (guint i = 0; i < hsviz_session_get_n_connections (a); i++)
    assert_connections_equal (hsviz_session_get_connection (a, i), hsviz_session_get_connection (b, i));
}

/* ---- helpers ------------------------------------------------------------------------------ */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hsviz-session-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* Save with secrets, load, compare every getter and the two JSON documents. */
static void
assert_round_trip (HsvizSession *session)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) loaded = NULL;
  g_autofree char *saved = NULL, *json_a = NULL, *json_b = NULL;
  gsize saved_len = 0, len_a = 0, len_b = 0;

  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  loaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_sessions_equal (session, loaded);

  json_a = hsviz_session_to_data (session, TRUE, &len_a);
  json_b = hsviz_session_to_data (loaded, TRUE, &len_b);
  g_assert_cmpstr (json_a, ==, json_b);
  g_assert_true (g_file_get_contents (path, &saved, &saved_len, NULL));
  g_assert_cmpmem (saved, saved_len, json_a, len_a);
  remove_dir (dir);
}

static HsvizSession *
capture_url (const char       *url,
             const char       *priority,
             HsvizDemoServer  *demo,
             const char       *preset,
             GError          **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;

  options.url = g_strdup (url);
  options.priority = g_strdup (priority);
  options.preset = g_strdup (preset);
  options.timeout_ms = 15000;
  if (demo != NULL)
    hsviz_capture_options_set_demo (&options, demo);
  else
    {
      options.servername = g_strdup ("localhost");
      options.cafile = hsviz_test_cert_path ("ca.pem");
    }
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  g_assert_nonnull (cap);
  return hsviz_capture_run_sync (cap, NULL, error);
}

/* The loaded key log equals the server's own (truth from outside our code). */
static void
assert_keylog_is_servers (HsvizConnection  *session,
                          HsvizTestPeer *peer)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (session);
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);

  g_assert_cmpuint (s->keylog->len, >, 0);
  for (guint i = 0; i < s->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);
      const HsvizTestKeylogEntry *t = hsviz_test_keylog_find (theirs, e->label, e->client_random);

      if (t == NULL)
        g_error ("the server logged no %s for %s", e->label, e->client_random);
      g_assert_cmpstr (e->secret, ==, t->secret);
    }
}

static void
round_trip_peer (const char         *kind,
                 const char * const *args,
                 const char         *priority,
                 gboolean            expect_completed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start (kind, args, &error);
  g_autoptr(HsvizSession) session = NULL;
  HsvizConnection *connection;
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  session = capture_url (url, priority, NULL, NULL, &error);
  g_assert_nonnull (session);
  connection = hsviz_session_get_connection (session, 0);
  g_assert_cmpint (hsviz_connection_get_outcome (connection)->completed, ==, expect_completed);
  if (expect_completed)
    {
      g_assert_no_error (error);
      assert_keylog_is_servers (connection, peer);
    }
  else
    g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_ALERT);
  assert_round_trip (session);
}

/* ---- round trips -------------------------------------------------------------------------- */

static void
test_round_trip_tls13 (void)
{
  const char *args[] = { "-tls1_3", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_hello_retry (void)
{
  const char *args[] = { "-tls1_3", "-groups", "P-384", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_tls12_ecdhe (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_tls12_rsa (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };

  round_trip_peer ("openssl", args, NULL, TRUE);
}

static void
test_round_trip_gnutls (void)
{
  round_trip_peer ("gnutls", NULL, NULL, TRUE);
}

static void
test_round_trip_failed (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL };

  /* no shared cipher: the server refuses with handshake_failure (40) */
  round_trip_peer ("openssl", args, "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA", FALSE);
}

static void
test_round_trip_demo (void)
{
  const char *presets[] = { "tls13", "tls12-rsa", "tls12-rsa-classic" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = hsviz_demo_server_dup_url (demo);
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autoptr(HsvizSession) session = capture_url (url, NULL, demo, presets[i], &error);
      HsvizConnection *connection = hsviz_session_get_connection (session, 0);

      g_assert_no_error (error);
      g_assert_true (hsviz_connection_get_outcome (connection)->completed);
      if (i > 0)  /* RSA key transport: the server's decrypted pre-master secret */
        g_assert_nonnull (hsviz_connection_get_secrets (connection)->pre_master_secret);
      assert_round_trip (session);
    }
  hsviz_demo_server_stop (demo);
}

/* Every sample in data/samples/ loads and survives a round trip. */
static void
test_samples (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autoptr(HsvizSession) session = NULL;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      session = hsviz_test_load_sample (name);
      g_assert_nonnull (hsviz_session_get_note (session));
      g_assert_nonnull (strstr (hsviz_session_get_note (session), "Real capture"));
      assert_round_trip (session);
      n++;
    }
  g_assert_cmpuint (n, >=, 6);
}

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

/* ---- secrets and permissions -------------------------------------------------------------- */

static mode_t
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_permissions (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  HsvizConnection *connection = hsviz_session_get_connection (session, 0);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *with = g_build_filename (dir, "with.handshake", NULL);
  g_autofree char *without = g_build_filename (dir, "without.handshake", NULL);
  g_autoptr(GFile) fwith = g_file_new_for_path (with);
  g_autoptr(GFile) fwithout = g_file_new_for_path (without);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) stripped = NULL;
  HsvizConnection *stripped_connection;
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  mode_t old_umask = umask (022);

  g_assert_true (hsviz_connection_has_secrets (connection));
  g_assert_true (hsviz_session_has_secrets (session));
  g_assert_true (hsviz_session_save (session, fwith, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (with), ==, 0600);

  g_assert_true (hsviz_session_save (session, fwithout, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (without), ==, 0644);

  /* the file without secrets says so, holds none, and reopens as stripped */
  g_assert_true (g_file_get_contents (without, &data, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, data, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  root = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  g_assert_false (json_object_get_boolean_member (root, "secrets_included"));
  g_assert_false (json_object_has_member (root, "secrets"));
  for (guint i = 0; i < hsviz_connection_get_secrets (connection)->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (hsviz_connection_get_secrets (connection)->keylog, i);

      g_assert_null (strstr (data, e->secret));
    }
  stripped = hsviz_session_load (fwithout, NULL, &error);
  g_assert_no_error (error);
  stripped_connection = hsviz_session_get_connection (stripped, 0);
  g_assert_true (hsviz_connection_secrets_stripped (stripped_connection));
  g_assert_false (hsviz_connection_has_secrets (stripped_connection));
  g_assert_false (hsviz_session_has_secrets (stripped));
  g_assert_cmpuint (hsviz_connection_get_secrets (stripped_connection)->keylog->len, ==, 0);
  g_assert_null (hsviz_connection_dup_nss_keylog (stripped_connection));
  g_assert_null (hsviz_session_dup_nss_keylog (stripped));

  /* saving secrets over a 0644 file makes it 0600; saving without keeps the file's mode */
  g_assert_true (hsviz_session_save (session, fwithout, TRUE, NULL, &error));
  g_assert_cmpint (file_mode (without), ==, 0600);
  g_assert_cmpint (g_chmod (with, 0640), ==, 0);
  g_assert_true (hsviz_session_save (stripped, fwith, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (with), ==, 0640);
  g_assert_cmpuint (count_dir_entries (dir), ==, 2);

  umask (old_umask);
  remove_dir (dir);
}

/* A name close to NAME_MAX still leaves room for the temporary file beside it. */
static void
test_long_name (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("failed-alert.handshake");
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *base = g_strnfill (240, 'a');
  g_autofree char *name = g_strconcat (base, ".handshake", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) loaded = NULL;

  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hsviz_session_save (session, file, TRUE, NULL, &error));
  loaded = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  assert_sessions_equal (session, loaded);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  remove_dir (dir);
}

/* ---- atomic saves ------------------------------------------------------------------------- */

/* A session of about 30 MiB of JSON: a real sample plus many full-size records. */
static HsvizSession *
big_session (void)
{
  HsvizSession *session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  guint8 *record = g_malloc0 (5 + 16384);
  g_autoptr(GBytes) bytes = NULL;

  record[0] = 23;
  record[1] = 3;
  record[2] = 3;
  record[3] = 16384 >> 8;
  record[4] = 16384 & 0xff;
  for (gsize i = 5; i < 5 + 16384; i++)
    record[i] = (guint8) g_test_rand_int ();
  bytes = g_bytes_new_take (record, 5 + 16384);
  for (guint i = 0; i < 1400; i++)
    hsviz_connection_add_record (hsviz_session_get_connection (session, 0), HSVIZ_DIRECTION_SERVER,
                                 1000000 + i, bytes);
  return session;
}

typedef struct
{
  char         *dir;
  char         *name;
  GCancellable *cancellable;
  gint          stop;
} Canceller;

/* Cancels as soon as the temporary file beside the target has data in it. */
static gpointer
cancel_when_writing (gpointer data)
{
  Canceller *c = data;

  while (!g_atomic_int_get (&c->stop))
    {
      g_autoptr(GDir) d = g_dir_open (c->dir, 0, NULL);
      const char *name;

      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *path = g_build_filename (c->dir, name, NULL);
          GStatBuf st;

          if (!g_str_equal (name, c->name) && g_stat (path, &st) == 0 && st.st_size > 0)
            {
              g_cancellable_cancel (c->cancellable);
              return NULL;
            }
        }
    }
  return NULL;
}

static void
test_atomic_cancel (void)
{
  g_autoptr(HsvizSession) small = hsviz_test_load_sample ("failed-alert.handshake");
  g_autoptr(HsvizSession) big = big_session ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  Canceller c = { dir, (char *) "s.handshake", NULL, 0 };
  GThread *thread;
  gboolean ok;

  g_assert_true (hsviz_session_save (small, file, TRUE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  /* cancelled before it starts */
  c.cancellable = g_cancellable_new ();
  g_cancellable_cancel (c.cancellable);
  g_assert_false (hsviz_session_save (big, file, TRUE, c.cancellable, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
  g_clear_error (&error);
  g_clear_object (&c.cancellable);

  /* cancelled while the new content is being written */
  c.cancellable = g_cancellable_new ();
  thread = g_thread_new ("canceller", cancel_when_writing, &c);
  ok = hsviz_session_save (big, file, TRUE, c.cancellable, &error);
  g_atomic_int_set (&c.stop, 1);
  g_thread_join (thread);
  if (ok)
    g_test_incomplete ("the save finished before the cancel reached it");
  else
    {
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
      g_assert_true (g_cancellable_is_cancelled (c.cancellable));
      g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
      g_assert_cmpmem (before, before_len, after, after_len);
      g_assert_cmpuint (count_dir_entries (dir), ==, 1);
    }
  g_clear_object (&c.cancellable);
  remove_dir (dir);
}

/* A write that fails mid-way, like a full disk: a file-size limit (EFBIG) in a subprocess. */
static void
test_atomic_write_failure (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  {
    g_autoptr(HsvizSession) small = hsviz_test_load_sample ("failed-alert.handshake");
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (hsviz_session_save (small, file, TRUE, NULL, NULL));
    g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  }

  if (g_test_subprocess ())
    {
      g_autoptr(HsvizSession) big = big_session ();
      g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("HSVIZ_SAVE_TARGET"));
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 1024 * 1024, 1024 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (hsviz_session_save (big, file, TRUE, NULL, &error));
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
      g_printerr ("%s\n", error->message);
      return;
    }
  g_setenv ("HSVIZ_SAVE_TARGET", path, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Could not save*too large*");
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  remove_dir (dir);
}

/* A folder one cannot write to: the save fails and the old file stays. */
static void
test_atomic_read_only_dir (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "s.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into read-only folders");
      remove_dir (dir);
      return;
    }
  g_assert_true (hsviz_session_save (session, file, FALSE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  g_assert_false (hsviz_session_save (session, file, TRUE, NULL, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  remove_dir (dir);
}

void hsviz_test_add_corrupt_cases (void);

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls13", test_round_trip_tls13);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-hello-retry", test_round_trip_hello_retry);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls12-ecdhe", test_round_trip_tls12_ecdhe);
  g_test_add_func ("/handshakeviz/session-file/round-trip/openssl-tls12-rsa", test_round_trip_tls12_rsa);
  g_test_add_func ("/handshakeviz/session-file/round-trip/gnutls-serv", test_round_trip_gnutls);
  g_test_add_func ("/handshakeviz/session-file/round-trip/demo", test_round_trip_demo);
  g_test_add_func ("/handshakeviz/session-file/round-trip/failed-alert", test_round_trip_failed);
  g_test_add_func ("/handshakeviz/session-file/round-trip/samples", test_samples);
  g_test_add_func ("/handshakeviz/session-file/version-1", test_version_1);
  g_test_add_func ("/handshakeviz/session-file/permissions", test_permissions);
  g_test_add_func ("/handshakeviz/session-file/long-name", test_long_name);
  g_test_add_func ("/handshakeviz/session-file/atomic/cancel", test_atomic_cancel);
  g_test_add_func ("/handshakeviz/session-file/atomic/write-failure", test_atomic_write_failure);
  g_test_add_func ("/handshakeviz/session-file/atomic/read-only-dir", test_atomic_read_only_dir);
  hsviz_test_add_corrupt_cases ();

  return g_test_run ();
}
