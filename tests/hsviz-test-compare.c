/* hsviz-test-compare.c — two sessions compared getter by getter (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-test-compare.h"

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

void
hsviz_test_assert_sessions_equal (HsvizSession *a,
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

/* Every entry verified, and exactly the names in @names (NULL-terminated), in that order. */
void
hsviz_test_assert_key_schedule_verified (HsvizConnection    *session,
                                         const char * const *names)
{
  GPtrArray *ks = hsviz_connection_get_key_schedule (session);

  for (guint i = 0; i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      if (!e->verified)
        g_error ("%s is not verified: %s", e->name, e->note);
      g_assert_nonnull (e->formula);
      g_assert_nonnull (e->note);
      g_assert_true (e->value != NULL && e->value[0] != '\0');
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      const HsvizKeyScheduleEntry *e = i < ks->len ? g_ptr_array_index (ks, i) : NULL;
      g_assert_cmpstr (e != NULL ? e->name : "(none)", ==, names[i]);
    }
  g_assert_cmpuint (ks->len, ==, g_strv_length ((char **) names));
}

/* A full TLS 1.3 handshake's key schedule entries, in order (no HelloRetryRequest) */
const char * const hsviz_test_tls13_key_schedule_names[] = {
  "client_handshake_traffic_secret", "client_handshake_key", "client_handshake_iv",
  "client_finished_key", "client_finished",
  "server_handshake_traffic_secret", "server_handshake_key", "server_handshake_iv",
  "server_finished_key", "server_finished",
  "client_application_traffic_secret_0", "client_write_key", "client_write_iv",
  "server_application_traffic_secret_0", "server_write_key", "server_write_iv",
  "client_first_record", "server_first_record", NULL
};

void
hsviz_test_assert_key_schedule_value (HsvizConnection *session,
                                      const char      *name,
                                      const char      *value)
{
  const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (session, name);

  g_assert_nonnull (e);
  g_assert_cmpstr (e->value, ==, value);
}
