/* hsviz-session-file.c — the session as JSON (docs/session-format.md) and as a *.handshake file
 *
 * Writing: format version 2 (docs/session-format.md): the session's keys and one object per
 * connection holding every per-connection key, and the atomic save.
 * Reading: size and nesting limits, then hsviz_session_new_from_json() in
 * hsviz-session-file-read.c, with the checked readers of hsviz-session-file-json.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-file.h"
#include "hsviz-key-schedule.h"
#include "hsviz-session-file.h"
#include "hsviz-session-file-private.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"


/* ------------------------------------------------------------------ writing */

static void
add_hex (JsonBuilder  *b,
         const char   *key,
         GBytes       *bytes)
{
  g_autofree char *hex = hsviz_hex_encode_bytes (bytes);

  json_builder_set_member_name (b, key);
  if (hex != NULL)
    json_builder_add_string_value (b, hex);
  else
    json_builder_add_null_value (b);
}

static void
add_base64 (JsonBuilder *b,
            const char  *key,
            GBytes      *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *b64 = g_base64_encode (data, len);

  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, b64);
}

/* JSON text is UTF-8, but names and text from the wire (a certificate's subject, an HTTP header)
 * may not be: those are written with U+FFFD for the bad bytes, so the file always reloads. */
static void
add_string_element (JsonBuilder *b,
                    const char  *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);
  json_builder_add_string_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  g_autofree char *valid_key = NULL;

  if (!g_utf8_validate (key, -1, NULL))
    key = valid_key = g_utf8_make_valid (key, -1);
  json_builder_set_member_name (b, key);
  add_string_element (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
add_suite (JsonBuilder *b,
           guint16      id)
{
  g_autofree char *hex = g_strdup_printf ("0x%04x", id);

  json_builder_begin_object (b);
  add_string (b, "id", hex);
  add_string (b, "name", hsviz_cipher_suite_name (id));
  json_builder_end_object (b);
}

static char *
iso8601_from_unix (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
write_certificates (JsonBuilder  *b,
                    HsvizConnection *self)
{
  GPtrArray *certs = hsviz_connection_get_certificates (self);

  json_builder_set_member_name (b, "certificates");
  json_builder_begin_array (b);
  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertificate *c = g_ptr_array_index (certs, i);
      g_autofree char *nb = iso8601_from_unix (c->not_before);
      g_autofree char *na = iso8601_from_unix (c->not_after);

      json_builder_begin_object (b);
      add_base64 (b, "der", c->der);
      add_string (b, "subject", c->subject);
      add_string (b, "issuer", c->issuer);
      add_string (b, "serial", c->serial);
      add_string (b, "not_before", nb);
      add_string (b, "not_after", na);
      json_builder_set_member_name (b, "san");
      json_builder_begin_array (b);
      for (guint j = 0; c->san && c->san[j]; j++)
        add_string_element (b, c->san[j]);
      json_builder_end_array (b);
      if (c->san_omitted > 0)
        add_int (b, "san_omitted", c->san_omitted);
      json_builder_set_member_name (b, "public_key");
      json_builder_begin_object (b);
      add_string (b, "algorithm", c->public_key_algorithm);
      add_int (b, "bits", c->public_key_bits);
      if (c->public_key_curve)
        add_string (b, "curve", c->public_key_curve);
      json_builder_end_object (b);
      add_string (b, "signature_algorithm", c->signature_algorithm);
      add_string (b, "sha256", c->sha256);
      add_string (b, "sha1", c->sha1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_secrets (JsonBuilder  *b,
               HsvizConnection *self)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (self);

  json_builder_set_member_name (b, "secrets");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "keylog");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);

      json_builder_begin_object (b);
      add_string (b, "label", e->label);
      add_string (b, "client_random", e->client_random);
      add_string (b, "secret", e->secret);
      add_int (b, "time_us", e->time_us);
      add_int (b, "after_message", e->after_message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_hex (b, "master_secret", s->master_secret);
  add_hex (b, "pre_master_secret", s->pre_master_secret);
  add_hex (b, "resumption_master_secret", s->resumption_master_secret);
  add_hex (b, "client_write_key", s->client_write_key);
  add_hex (b, "server_write_key", s->server_write_key);
  add_hex (b, "client_write_iv", s->client_write_iv);
  add_hex (b, "server_write_iv", s->server_write_iv);
  add_hex (b, "client_write_mac_key", s->client_write_mac_key);
  add_hex (b, "server_write_mac_key", s->server_write_mac_key);
  json_builder_end_object (b);
}

/* The members of one connection (docs/session-format.md): an element of "connections" (in a
 * version-1 file these were the top level). */
static void
write_connection (JsonBuilder     *b,
                  HsvizConnection *self,
                  gboolean         with_secrets)
{
  const HsvizTarget *t = hsviz_connection_get_target (self);
  const HsvizOutcome *o = hsviz_connection_get_outcome (self);
  const HsvizVerification *v = hsviz_connection_get_verification (self);
  const HsvizTimings *tm = hsviz_connection_get_timings (self);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (self);
  const HsvizRevocation *rev = hsviz_connection_get_revocation (self);
  GPtrArray *records = hsviz_connection_get_records (self);
  GPtrArray *ks = hsviz_connection_get_key_schedule (self);
  const guint16 *offered;
  guint n_offered = 0;
  /* "secrets_included": saved with whatever secrets the session has (maybe none yet, as in a
   * handshake that failed early); FALSE only when they were left out */
  gboolean secrets_out = with_secrets && !hsviz_connection_secrets_stripped (self);

  add_string (b, "source", hsviz_connection_get_source (self));
  add_bool (b, "resumed", hsviz_connection_is_resumed (self));
  json_builder_set_member_name (b, "resumed_from");
  if (hsviz_connection_get_resumed_from (self) >= 0)
    json_builder_add_int_value (b, hsviz_connection_get_resumed_from (self));
  else
    json_builder_add_null_value (b);
  if (hsviz_connection_get_note (self) != NULL)
    add_string (b, "note", hsviz_connection_get_note (self));
  json_builder_set_member_name (b, "target");
  json_builder_begin_object (b);
  add_string (b, "url", t->url);
  add_string (b, "host", t->host);
  add_int (b, "port", t->port);
  add_string (b, "path", t->path);
  add_string (b, "servername", t->servername);
  add_string (b, "address", t->address);
  json_builder_end_object (b);
  /* addresses { client, server }: written when known */
  if (hsviz_connection_get_client_address (self) != NULL)
    {
      json_builder_set_member_name (b, "addresses");
      json_builder_begin_object (b);
      add_string (b, "client", hsviz_connection_get_client_address (self));
      add_string (b, "server", hsviz_connection_get_server_address (self));
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  add_string (b, "priority", hsviz_connection_get_priority (self));
  add_string (b, "preset", hsviz_connection_get_preset (self));
  add_string (b, "cafile", hsviz_connection_get_cafile (self));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "outcome");
  json_builder_begin_object (b);
  add_bool (b, "completed", o->completed);
  add_string (b, "error", o->error);
  if (o->error_code >= 0)
    add_int (b, "error_code", o->error_code);
  add_string (b, "failed_at", o->failed_at);
  json_builder_set_member_name (b, "alert");
  if (o->has_alert)
    {
      json_builder_begin_object (b);
      add_string (b, "level", hsviz_alert_level_name (o->alert_level));
      add_int (b, "level_code", o->alert_level);
      add_string (b, "description", hsviz_alert_name (o->alert_description));
      add_int (b, "description_code", o->alert_description);
      add_string (b, "sender", o->alert_sender == HSVIZ_DIRECTION_SERVER ? "server" : "client");
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  hsviz_sf_write_diagnosis (b, self);
  json_builder_end_object (b);

  add_string (b, "protocol", hsviz_connection_get_version (self)
                               ? hsviz_version_name (hsviz_connection_get_version (self)) : NULL);
  json_builder_set_member_name (b, "cipher_suite");
  if (hsviz_connection_get_cipher_suite (self))
    add_suite (b, hsviz_connection_get_cipher_suite (self));
  else
    json_builder_add_null_value (b);
  add_string (b, "key_exchange", hsviz_connection_get_key_exchange (self) != HSVIZ_KX_UNKNOWN
                                   ? hsviz_key_exchange_name (hsviz_connection_get_key_exchange (self))
                                   : NULL);
  if (hsviz_connection_get_dh_prime_bits (self) != 0)
    {
      g_autofree char *custom = g_strdup_printf ("custom %u-bit group",
                                                 hsviz_connection_get_dh_prime_bits (self));

      add_string (b, "group", custom);
    }
  else
    add_string (b, "group", hsviz_connection_get_group (self)
                              ? hsviz_group_short_name (hsviz_connection_get_group (self)) : NULL);
  add_string (b, "signature_scheme", hsviz_connection_get_signature_scheme (self)
                ? hsviz_signature_scheme_name (hsviz_connection_get_signature_scheme (self)) : NULL);
  add_bool (b, "hello_retry_request", hsviz_connection_had_hello_retry (self));
  add_bool (b, "extended_master_secret", hsviz_connection_uses_extended_master_secret (self));
  {
    g_auto(GStrv) alpn_offered = hsviz_connection_dup_alpn_offered (self);

    /* docs/session-format.md: what the ClientHello offered, what the server selected */
    json_builder_set_member_name (b, "alpn");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "offered");
    json_builder_begin_array (b);
    for (guint i = 0; alpn_offered[i] != NULL; i++)
      json_builder_add_string_value (b, alpn_offered[i]);
    json_builder_end_array (b);
    add_string (b, "selected", hsviz_connection_get_alpn (self));
    json_builder_end_object (b);
  }
  {
    const guint8 *cr = hsviz_connection_get_client_random (self);
    const guint8 *sr = hsviz_connection_get_server_random (self);
    g_autofree char *crh = cr ? hsviz_hex_encode (cr, 32) : NULL;
    g_autofree char *srh = sr ? hsviz_hex_encode (sr, 32) : NULL;

    add_string (b, "client_random", crh);
    add_string (b, "server_random", srh);
  }

  offered = hsviz_connection_get_offered_suites (self, &n_offered);
  json_builder_set_member_name (b, "offered_cipher_suites");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_offered; i++)
    add_suite (b, offered[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < hsviz_connection_get_n_messages (self); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (self, i);

      json_builder_begin_object (b);
      add_int (b, "index", i);
      add_string (b, "direction", hsviz_message_get_direction (m) == HSVIZ_DIRECTION_SERVER
                                    ? "server" : "client");
      add_string (b, "type", hsviz_message_get_type_name (m));
      add_int (b, "type_code", hsviz_message_get_type_code (m));
      add_int (b, "step", hsviz_message_get_step (m));
      add_int (b, "time_us", hsviz_message_get_time_us (m));
      add_int (b, "length", (gint64) g_bytes_get_size (hsviz_message_get_bytes (m)));
      add_base64 (b, "bytes", hsviz_message_get_bytes (m));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  write_certificates (b, self);

  json_builder_set_member_name (b, "verification");
  if (v->present)
    {
      json_builder_begin_object (b);
      add_bool (b, "trusted", v->trusted);
      add_bool (b, "hostname_ok", v->hostname_ok);
      add_bool (b, "time_ok", v->time_ok);
      add_bool (b, "issuer_ok", v->issuer_ok);
      add_int (b, "status_bits", v->status);
      json_builder_set_member_name (b, "status");
      json_builder_begin_array (b);
      for (guint i = 0; v->status_strings && v->status_strings[i]; i++)
        add_string_element (b, v->status_strings[i]);
      json_builder_end_array (b);
      add_string (b, "text", v->text);
      add_string (b, "checked_name", v->checked_name);
      add_string (b, "trust_store", v->trust_store);
      add_int (b, "time_us", v->time_us);
      hsviz_sf_write_trust (b, self);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  add_bool (b, "secrets_included", secrets_out);
  if (secrets_out)
    write_secrets (b, self);

  json_builder_set_member_name (b, "timings");
  json_builder_begin_object (b);
  add_int (b, "dns_us", tm->dns_us);
  add_int (b, "connect_us", tm->connect_us);
  add_int (b, "handshake_us", tm->handshake_us);
  add_int (b, "total_us", tm->total_us);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "application_data");
  if (app->present)
    {
      json_builder_begin_object (b);
      add_string (b, "request", app->request);
      add_int (b, "status", app->status);
      add_string (b, "http_version", app->http_version);
      add_string (b, "reason", app->reason);
      json_builder_set_member_name (b, "headers");
      json_builder_begin_object (b);
      for (guint i = 0; app->headers && i < app->headers->len; i++)
        {
          const HsvizHeader *h = g_ptr_array_index (app->headers, i);

          add_string (b, h->name, h->value);
        }
      json_builder_end_object (b);
      add_int (b, "bytes_sent", (gint64) app->bytes_sent);
      add_int (b, "bytes_received", (gint64) app->bytes_received);
      if (app->response != NULL)
        add_string (b, "response", app->response);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  /* client_certificate { subject, sha256, sent, der } | null, never the key
   * (docs/session-format.md) */
  json_builder_set_member_name (b, "client_certificate");
  if (hsviz_connection_get_client_certificate (self) != NULL)
    {
      const HsvizCertificate *cc = hsviz_connection_get_client_certificate (self);
      g_autofree char *der = g_base64_encode (g_bytes_get_data (cc->der, NULL), g_bytes_get_size (cc->der));

      json_builder_begin_object (b);
      add_string (b, "subject", cc->subject);
      add_string (b, "sha256", cc->sha256);
      add_bool (b, "sent", hsviz_connection_client_certificate_sent (self));
      add_string (b, "der", der);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  /* starttls { protocol, exchange: [ {direction, time_us, text} ] } | null
   * (docs/session-format.md) */
  json_builder_set_member_name (b, "starttls");
  if (hsviz_connection_get_starttls (self) != NULL)
    {
      GPtrArray *said = hsviz_connection_get_cleartext (self);

      json_builder_begin_object (b);
      add_string (b, "protocol", hsviz_connection_get_starttls (self));
      json_builder_set_member_name (b, "exchange");
      json_builder_begin_array (b);
      for (guint i = 0; i < said->len; i++)
        {
          const HsvizClearText *said_text = g_ptr_array_index (said, i);

          json_builder_begin_object (b);
          add_string (b, "direction", said_text->direction == HSVIZ_DIRECTION_SERVER ? "server" : "client");
          add_int (b, "time_us", said_text->time_us);
          add_string (b, "text", said_text->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      json_builder_begin_object (b);
      add_int (b, "index", r->index);
      add_string (b, "direction", r->direction == HSVIZ_DIRECTION_SERVER ? "server" : "client");
      add_int (b, "content_type", r->content_type);
      add_int (b, "version", r->version);
      add_int (b, "length", r->length);
      add_int (b, "step", hsviz_connection_get_record_step (self, i));
      add_int (b, "time_us", r->time_us);
      add_base64 (b, "bytes", r->bytes);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "key_schedule");
  json_builder_begin_array (b);
  for (guint i = 0; i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      json_builder_begin_object (b);
      add_string (b, "name", e->name);
      add_string (b, "formula", e->formula);
      add_string (b, "value", secrets_out ? e->value : NULL);
      add_bool (b, "verified", e->verified);
      add_string (b, "note", e->note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "revocation");
  json_builder_begin_object (b);
  add_string (b, "stapled", rev->stapled ? rev->stapled : "none");
  add_string (b, "ocsp", rev->ocsp ? rev->ocsp : "none");
  add_string (b, "responder", rev->responder);
  add_string (b, "detail", rev->detail);
  json_builder_end_object (b);

  /* Derived, for scripts and tests (ignored on load, recomputed): the timeline every view
   * draws. */
  json_builder_set_member_name (b, "timeline");
  hsviz_timeline_to_json (hsviz_connection_get_timeline (self), b);
}

JsonNode *
hsviz_connection_to_json (HsvizConnection *self,
                          gboolean         with_secrets)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  json_builder_begin_object (b);
  write_connection (b, self, with_secrets);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
hsviz_session_to_json (HsvizSession *self,
                       gboolean      with_secrets)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GDateTime *when;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  when = hsviz_session_get_captured_at (self);
  json_builder_begin_object (b);
  add_string (b, "format", HSVIZ_SESSION_FORMAT);
  add_int (b, "format_version", HSVIZ_SESSION_FORMAT_VERSION);
  add_string (b, "generator", hsviz_session_get_generator (self));
  if (when != NULL)
    {
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

      add_string (b, "captured_at", iso);
    }
  else
    add_string (b, "captured_at", NULL);
  if (hsviz_session_get_note (self))
    add_string (b, "note", hsviz_session_get_note (self));
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint i = 0; i < hsviz_session_get_n_connections (self); i++)
    {
      json_builder_begin_object (b);
      write_connection (b, hsviz_session_get_connection (self, i), with_secrets);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
hsviz_session_to_data (HsvizSession *self,
                       gboolean      with_secrets,
                       gsize        *length)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = hsviz_session_to_json (self, with_secrets);

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, length);
}

HsvizSession *
hsviz_session_new_from_data (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (length == 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID, _("The session file is empty"));
      return NULL;
    }
  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("The session file is too large (%zu bytes; at most %d MiB)"),
                   length, MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!hsviz_sf_check_depth (data, length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib quotes the file's bytes in its message: keep it UTF-8 */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("The session file is not valid JSON: %s"), message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID, _("The session file is empty"));
      return NULL;
    }
  return hsviz_session_new_from_json (json_parser_get_root (parser), error);
}

HsvizSession *
hsviz_session_load (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize size, length = 0;
  HsvizSession *session;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not open “%s”: %s"), name,
                   local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("“%s” is not a regular file"), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("“%s” is too large for a session file (%" PRId64 " bytes)"),
                   name, g_file_info_get_size (info));
      return NULL;
    }
  /* never more than the size checked above (plus one byte to notice a file that grew) */
  size = (gsize) g_file_info_get_size (info);
  data = g_malloc (size + 1);
  in = g_file_read (file, cancellable, &local_error);
  if (in == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), data, size + 1, &length, cancellable,
                                &local_error))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not read “%s”: %s"), name,
                   local_error->message);
      return NULL;
    }
  if (length > size)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not read “%s”: it changed while being read"),
                   name);
      return NULL;
    }
  session = hsviz_session_new_from_data (data, length, &local_error);
  if (session == NULL)
    {
      g_set_error (error, HSVIZ_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  return session;
}

char *
hsviz_session_dup_file_warning (HsvizSession *self,
                                GFile        *file)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!hsviz_session_has_secrets (self))
    return NULL;
  return hsviz_file_dup_exposure_warning (file);
}

gboolean
hsviz_session_save (HsvizSession  *self,
                    GFile         *file,
                    gboolean       with_secrets,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *data = NULL;
  gboolean private = with_secrets && hsviz_session_has_secrets (self);
  gsize length = 0;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = hsviz_session_to_data (self, with_secrets, &length);
  return hsviz_file_write (file, data, length, private, cancellable, error);
}

HsvizSession *
hsviz_session_dup_without_secrets (HsvizSession  *self,
                                   GError       **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  /* through the loader, like a file saved without secrets and opened again */
  root = hsviz_session_to_json (self, FALSE);
  return hsviz_session_new_from_json (root, error);
}
