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
#include "hsviz-timeline-private.h"
#include "hsviz-util.h"


/* ------------------------------------------------------------------ writing */

static void
add_hex (HsvizJsonWriter *b,
         const char      *key,
         GBytes          *bytes)
{
  g_autofree char *hex = hsviz_hex_encode_bytes (bytes);

  hsviz_json_writer_member (b, key);
  if (hex != NULL)
    hsviz_json_writer_string (b, hex);
  else
    hsviz_json_writer_null (b);
}

static void
add_base64 (HsvizJsonWriter *b,
            const char      *key,
            GBytes          *bytes)
{
  hsviz_json_writer_member (b, key);
  hsviz_json_writer_base64_bytes (b, bytes);
}

static void
add_suite (HsvizJsonWriter *b,
           guint16          id)
{
  static const char digits[] = "0123456789abcdef";
  char hex[7] = { '0', 'x', digits[id >> 12], digits[(id >> 8) & 0xf], digits[(id >> 4) & 0xf],
                  digits[id & 0xf], '\0' };   /* "0x%04x", without printf: one a suite offered */

  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_string_member (b, "id", hex);
  hsviz_json_writer_string_member (b, "name", hsviz_cipher_suite_name (id));
  hsviz_json_writer_end_object (b);
}

static char *
iso8601_from_unix (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
write_certificates (HsvizJsonWriter *b,
                    HsvizConnection *self)
{
  GPtrArray *certs = hsviz_connection_get_certificates (self);

  hsviz_json_writer_member (b, "certificates");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertificate *c = g_ptr_array_index (certs, i);
      g_autofree char *nb = iso8601_from_unix (c->not_before);
      g_autofree char *na = iso8601_from_unix (c->not_after);

      hsviz_json_writer_begin_object (b);
      add_base64 (b, "der", c->der);
      hsviz_json_writer_string_member (b, "subject", c->subject);
      hsviz_json_writer_string_member (b, "issuer", c->issuer);
      hsviz_json_writer_string_member (b, "serial", c->serial);
      hsviz_json_writer_string_member (b, "not_before", nb);
      hsviz_json_writer_string_member (b, "not_after", na);
      hsviz_json_writer_member (b, "san");
      hsviz_json_writer_begin_array (b);
      for (guint j = 0; c->san && c->san[j]; j++)
        hsviz_json_writer_string (b, c->san[j]);
      hsviz_json_writer_end_array (b);
      if (c->san_omitted > 0)
        hsviz_json_writer_int_member (b, "san_omitted", c->san_omitted);
      hsviz_json_writer_member (b, "public_key");
      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "algorithm", c->public_key_algorithm);
      hsviz_json_writer_int_member (b, "bits", c->public_key_bits);
      if (c->public_key_curve)
        hsviz_json_writer_string_member (b, "curve", c->public_key_curve);
      hsviz_json_writer_end_object (b);
      hsviz_json_writer_string_member (b, "signature_algorithm", c->signature_algorithm);
      hsviz_json_writer_string_member (b, "sha256", c->sha256);
      hsviz_json_writer_string_member (b, "sha1", c->sha1);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);
}

static void
write_secrets (HsvizJsonWriter *b,
               HsvizConnection *self)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (self);

  hsviz_json_writer_member (b, "secrets");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_member (b, "keylog");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < s->keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "label", e->label);
      hsviz_json_writer_string_member (b, "client_random", e->client_random);
      hsviz_json_writer_string_member (b, "secret", e->secret);
      hsviz_json_writer_int_member (b, "time_us", e->time_us);
      hsviz_json_writer_int_member (b, "after_message", e->after_message);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);
  add_hex (b, "master_secret", s->master_secret);
  add_hex (b, "pre_master_secret", s->pre_master_secret);
  add_hex (b, "resumption_master_secret", s->resumption_master_secret);
  add_hex (b, "client_write_key", s->client_write_key);
  add_hex (b, "server_write_key", s->server_write_key);
  add_hex (b, "client_write_iv", s->client_write_iv);
  add_hex (b, "server_write_iv", s->server_write_iv);
  add_hex (b, "client_write_mac_key", s->client_write_mac_key);
  add_hex (b, "server_write_mac_key", s->server_write_mac_key);
  hsviz_json_writer_end_object (b);
}

/* "headers": a JSON object, so a name sent twice is one member, at the place of its first
 * appearance, holding the last value (as a json-glib object, which files were first written
 * from, keeps it). */
static void
write_headers (HsvizJsonWriter *b,
               GPtrArray       *headers)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = headers != NULL ? headers->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const HsvizHeader *h = g_ptr_array_index (headers, i);
      char *name = g_utf8_make_valid (h->name, -1);

      g_ptr_array_add (names, name);
      g_hash_table_replace (last, g_strdup (name), GUINT_TO_POINTER (i + 1));
    }
  hsviz_json_writer_member (b, "headers");
  hsviz_json_writer_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (last, name));
      const HsvizHeader *h;

      if (at == 0)
        continue;   /* written at its first place already */
      h = g_ptr_array_index (headers, at - 1);
      hsviz_json_writer_string_member (b, name, h->value);
      g_hash_table_replace (last, g_strdup (name), GUINT_TO_POINTER (0));
    }
  hsviz_json_writer_end_object (b);
}

/* Derived, for scripts and tests (ignored on load, recomputed): the timeline every view draws,
 * as an array of {kind, step, direction | sides, label, message_index | record_index}. */
static void
write_timeline (HsvizJsonWriter *b,
                HsvizTimeline   *timeline)
{
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      const HsvizTimelineEntry *item = _hsviz_timeline_peek_entry (timeline, i);
      HsvizTimelineKind kind = item->kind;
      HsvizTimelineSides sides = item->sides;

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "kind", hsviz_timeline_kind_to_string (kind));
      hsviz_json_writer_int_member (b, "step", item->step);
      if (kind == HSVIZ_TIMELINE_ACTION)
        hsviz_json_writer_string_member (b, "sides", sides == HSVIZ_TIMELINE_SIDE_BOTH ? "both"
                                                     : sides == HSVIZ_TIMELINE_SIDE_SERVER ? "server"
                                                     : "client");
      else if (kind != HSVIZ_TIMELINE_FAILURE && kind != HSVIZ_TIMELINE_NOTE)
        hsviz_json_writer_string_member (b, "direction",
                                         item->direction == HSVIZ_DIRECTION_SERVER
                                         ? "server" : "client");
      hsviz_json_writer_string_member (b, "label", item->label);
      if (item->message_index >= 0)
        hsviz_json_writer_int_member (b, "message_index", item->message_index);
      if (item->record_index >= 0)
        hsviz_json_writer_int_member (b, "record_index", item->record_index);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);
}

/* The members of one connection (docs/session-format.md): an element of "connections" (in a
 * version-1 file these were the top level). */
static void
write_connection (HsvizJsonWriter *b,
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

  hsviz_json_writer_string_member (b, "source", hsviz_connection_get_source (self));
  hsviz_json_writer_bool_member (b, "resumed", hsviz_connection_is_resumed (self));
  hsviz_json_writer_member (b, "resumed_from");
  if (hsviz_connection_get_resumed_from (self) >= 0)
    hsviz_json_writer_int (b, hsviz_connection_get_resumed_from (self));
  else
    hsviz_json_writer_null (b);
  if (hsviz_connection_get_note (self) != NULL)
    hsviz_json_writer_string_member (b, "note", hsviz_connection_get_note (self));
  hsviz_json_writer_member (b, "target");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_string_member (b, "url", t->url);
  hsviz_json_writer_string_member (b, "host", t->host);
  hsviz_json_writer_int_member (b, "port", t->port);
  hsviz_json_writer_string_member (b, "path", t->path);
  hsviz_json_writer_string_member (b, "servername", t->servername);
  hsviz_json_writer_string_member (b, "address", t->address);
  hsviz_json_writer_end_object (b);
  /* addresses { client, server }: written when known */
  if (hsviz_connection_get_client_address (self) != NULL)
    {
      hsviz_json_writer_member (b, "addresses");
      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "client", hsviz_connection_get_client_address (self));
      hsviz_json_writer_string_member (b, "server", hsviz_connection_get_server_address (self));
      hsviz_json_writer_end_object (b);
    }
  /* started_at: written when known, to the microsecond */
  if (hsviz_connection_get_started_at (self) > 0)
    {
      gint64 at = hsviz_connection_get_started_at (self);
      g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) dt = g_date_time_add (epoch, at % G_USEC_PER_SEC);
      g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");

      hsviz_json_writer_string_member (b, "started_at", iso);
    }

  hsviz_json_writer_member (b, "settings");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_string_member (b, "priority", hsviz_connection_get_priority (self));
  hsviz_json_writer_string_member (b, "preset", hsviz_connection_get_preset (self));
  hsviz_json_writer_string_member (b, "cafile", hsviz_connection_get_cafile (self));
  hsviz_json_writer_end_object (b);

  hsviz_json_writer_member (b, "outcome");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_bool_member (b, "completed", o->completed);
  hsviz_json_writer_string_member (b, "error", o->error);
  if (o->error_code >= 0)
    hsviz_json_writer_int_member (b, "error_code", o->error_code);
  hsviz_json_writer_string_member (b, "failed_at", o->failed_at);
  hsviz_json_writer_member (b, "alert");
  if (o->has_alert)
    {
      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "level", hsviz_alert_level_name (o->alert_level));
      hsviz_json_writer_int_member (b, "level_code", o->alert_level);
      hsviz_json_writer_string_member (b, "description", hsviz_alert_name (o->alert_description));
      hsviz_json_writer_int_member (b, "description_code", o->alert_description);
      hsviz_json_writer_string_member (b, "sender", o->alert_sender == HSVIZ_DIRECTION_SERVER ? "server" : "client");
      hsviz_json_writer_end_object (b);
    }
  else
    hsviz_json_writer_null (b);
  hsviz_sf_write_diagnosis (b, self);
  hsviz_json_writer_end_object (b);

  hsviz_json_writer_string_member (b, "protocol", hsviz_connection_get_version (self)
                               ? hsviz_version_name (hsviz_connection_get_version (self)) : NULL);
  hsviz_json_writer_member (b, "cipher_suite");
  if (hsviz_connection_get_cipher_suite (self))
    add_suite (b, hsviz_connection_get_cipher_suite (self));
  else
    hsviz_json_writer_null (b);
  hsviz_json_writer_string_member (b, "key_exchange", hsviz_connection_get_key_exchange (self) != HSVIZ_KX_UNKNOWN
                                   ? hsviz_key_exchange_name (hsviz_connection_get_key_exchange (self))
                                   : NULL);
  if (hsviz_connection_get_dh_prime_bits (self) != 0)
    {
      g_autofree char *custom = g_strdup_printf ("custom %u-bit group",
                                                 hsviz_connection_get_dh_prime_bits (self));

      hsviz_json_writer_string_member (b, "group", custom);
    }
  else
    hsviz_json_writer_string_member (b, "group", hsviz_connection_get_group (self)
                              ? hsviz_group_short_name (hsviz_connection_get_group (self)) : NULL);
  hsviz_json_writer_string_member (b, "signature_scheme", hsviz_connection_get_signature_scheme (self)
                ? hsviz_signature_scheme_name (hsviz_connection_get_signature_scheme (self)) : NULL);
  hsviz_json_writer_bool_member (b, "hello_retry_request", hsviz_connection_had_hello_retry (self));
  hsviz_json_writer_bool_member (b, "extended_master_secret", hsviz_connection_uses_extended_master_secret (self));
  {
    g_auto(GStrv) alpn_offered = hsviz_connection_dup_alpn_offered (self);

    /* docs/session-format.md: what the ClientHello offered, what the server selected */
    hsviz_json_writer_member (b, "alpn");
    hsviz_json_writer_begin_object (b);
    hsviz_json_writer_member (b, "offered");
    hsviz_json_writer_begin_array (b);
    for (guint i = 0; alpn_offered[i] != NULL; i++)
      hsviz_json_writer_string (b, alpn_offered[i]);
    hsviz_json_writer_end_array (b);
    hsviz_json_writer_string_member (b, "selected", hsviz_connection_get_alpn (self));
    hsviz_json_writer_end_object (b);
  }
  {
    HsvizEarlyData early;

    /* docs/session-format.md: TLS 1.3 early data (0-RTT), offered and accepted as the messages
     * say, and the bytes sent so */
    hsviz_connection_get_early_data (self, &early);
    hsviz_json_writer_member (b, "early_data");
    hsviz_json_writer_begin_object (b);
    hsviz_json_writer_bool_member (b, "offered", early.offered);
    hsviz_json_writer_bool_member (b, "accepted", early.accepted);
    hsviz_json_writer_int_member (b, "bytes", (gint64) early.bytes);
    hsviz_json_writer_end_object (b);
  }
  {
    const guint8 *cr = hsviz_connection_get_client_random (self);
    const guint8 *sr = hsviz_connection_get_server_random (self);
    g_autofree char *crh = cr ? hsviz_hex_encode (cr, 32) : NULL;
    g_autofree char *srh = sr ? hsviz_hex_encode (sr, 32) : NULL;

    hsviz_json_writer_string_member (b, "client_random", crh);
    hsviz_json_writer_string_member (b, "server_random", srh);
  }

  offered = hsviz_connection_get_offered_suites (self, &n_offered);
  hsviz_json_writer_member (b, "offered_cipher_suites");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < n_offered; i++)
    add_suite (b, offered[i]);
  hsviz_json_writer_end_array (b);

  hsviz_json_writer_member (b, "messages");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < hsviz_connection_get_n_messages (self); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (self, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_int_member (b, "index", i);
      hsviz_json_writer_string_member (b, "direction", hsviz_message_get_direction (m) == HSVIZ_DIRECTION_SERVER
                                    ? "server" : "client");
      hsviz_json_writer_string_member (b, "type", hsviz_message_get_type_name (m));
      hsviz_json_writer_int_member (b, "type_code", hsviz_message_get_type_code (m));
      hsviz_json_writer_int_member (b, "step", hsviz_message_get_step (m));
      hsviz_json_writer_int_member (b, "time_us", hsviz_message_get_time_us (m));
      hsviz_json_writer_int_member (b, "length", (gint64) g_bytes_get_size (hsviz_message_get_bytes (m)));
      add_base64 (b, "bytes", hsviz_message_get_bytes (m));
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);

  write_certificates (b, self);

  hsviz_json_writer_member (b, "verification");
  if (v->present)
    {
      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_bool_member (b, "trusted", v->trusted);
      hsviz_json_writer_bool_member (b, "hostname_ok", v->hostname_ok);
      hsviz_json_writer_bool_member (b, "time_ok", v->time_ok);
      hsviz_json_writer_bool_member (b, "issuer_ok", v->issuer_ok);
      hsviz_json_writer_int_member (b, "status_bits", v->status);
      hsviz_json_writer_member (b, "status");
      hsviz_json_writer_begin_array (b);
      for (guint i = 0; v->status_strings && v->status_strings[i]; i++)
        hsviz_json_writer_string (b, v->status_strings[i]);
      hsviz_json_writer_end_array (b);
      hsviz_json_writer_string_member (b, "text", v->text);
      hsviz_json_writer_string_member (b, "checked_name", v->checked_name);
      hsviz_json_writer_string_member (b, "trust_store", v->trust_store);
      hsviz_json_writer_int_member (b, "time_us", v->time_us);
      hsviz_sf_write_trust (b, self);
      hsviz_json_writer_end_object (b);
    }
  else
    hsviz_json_writer_null (b);

  hsviz_json_writer_bool_member (b, "secrets_included", secrets_out);
  if (secrets_out)
    write_secrets (b, self);

  hsviz_json_writer_member (b, "timings");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_int_member (b, "dns_us", tm->dns_us);
  hsviz_json_writer_int_member (b, "connect_us", tm->connect_us);
  hsviz_json_writer_int_member (b, "handshake_us", tm->handshake_us);
  hsviz_json_writer_int_member (b, "total_us", tm->total_us);
  hsviz_json_writer_end_object (b);

  hsviz_json_writer_member (b, "application_data");
  if (app->present)
    {
      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "request", app->request);
      hsviz_json_writer_int_member (b, "status", app->status);
      hsviz_json_writer_string_member (b, "http_version", app->http_version);
      hsviz_json_writer_string_member (b, "reason", app->reason);
      write_headers (b, app->headers);
      hsviz_json_writer_int_member (b, "bytes_sent", (gint64) app->bytes_sent);
      hsviz_json_writer_int_member (b, "bytes_received", (gint64) app->bytes_received);
      if (app->response != NULL)
        hsviz_json_writer_string_member (b, "response", app->response);
      hsviz_json_writer_end_object (b);
    }
  else
    hsviz_json_writer_null (b);

  /* client_certificate { subject, sha256, sent, der } | null, never the key
   * (docs/session-format.md) */
  hsviz_json_writer_member (b, "client_certificate");
  if (hsviz_connection_get_client_certificate (self) != NULL)
    {
      const HsvizCertificate *cc = hsviz_connection_get_client_certificate (self);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "subject", cc->subject);
      hsviz_json_writer_string_member (b, "sha256", cc->sha256);
      hsviz_json_writer_bool_member (b, "sent", hsviz_connection_client_certificate_sent (self));
      add_base64 (b, "der", cc->der);
      hsviz_json_writer_end_object (b);
    }
  else
    hsviz_json_writer_null (b);

  /* starttls { protocol, exchange: [ {direction, time_us, text} ] } | null
   * (docs/session-format.md) */
  hsviz_json_writer_member (b, "starttls");
  if (hsviz_connection_get_starttls (self) != NULL)
    {
      GPtrArray *said = hsviz_connection_get_cleartext (self);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "protocol", hsviz_connection_get_starttls (self));
      hsviz_json_writer_member (b, "exchange");
      hsviz_json_writer_begin_array (b);
      for (guint i = 0; i < said->len; i++)
        {
          const HsvizClearText *said_text = g_ptr_array_index (said, i);

          hsviz_json_writer_begin_object (b);
          hsviz_json_writer_string_member (b, "direction", said_text->direction == HSVIZ_DIRECTION_SERVER ? "server" : "client");
          hsviz_json_writer_int_member (b, "time_us", said_text->time_us);
          hsviz_json_writer_string_member (b, "text", said_text->text);
          hsviz_json_writer_end_object (b);
        }
      hsviz_json_writer_end_array (b);
      hsviz_json_writer_end_object (b);
    }
  else
    hsviz_json_writer_null (b);

  hsviz_json_writer_member (b, "records");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_int_member (b, "index", r->index);
      hsviz_json_writer_string_member (b, "direction", r->direction == HSVIZ_DIRECTION_SERVER ? "server" : "client");
      hsviz_json_writer_int_member (b, "content_type", r->content_type);
      hsviz_json_writer_int_member (b, "version", r->version);
      hsviz_json_writer_int_member (b, "length", r->length);
      hsviz_json_writer_int_member (b, "step", hsviz_connection_get_record_step (self, i));
      hsviz_json_writer_int_member (b, "time_us", r->time_us);
      add_base64 (b, "bytes", r->bytes);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);

  hsviz_json_writer_member (b, "key_schedule");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "name", e->name);
      hsviz_json_writer_string_member (b, "formula", e->formula);
      hsviz_json_writer_string_member (b, "value", secrets_out ? e->value : NULL);
      hsviz_json_writer_bool_member (b, "verified", e->verified);
      hsviz_json_writer_string_member (b, "note", e->note);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);

  hsviz_json_writer_member (b, "revocation");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_string_member (b, "stapled", rev->stapled ? rev->stapled : "none");
  hsviz_json_writer_string_member (b, "ocsp", rev->ocsp ? rev->ocsp : "none");
  hsviz_json_writer_string_member (b, "responder", rev->responder);
  hsviz_json_writer_string_member (b, "detail", rev->detail);
  hsviz_json_writer_end_object (b);

  /* Derived, for scripts and tests (ignored on load, recomputed): the timeline every view
   * draws. */
  hsviz_json_writer_member (b, "timeline");
  write_timeline (b, hsviz_connection_get_timeline (self));
}

void
hsviz_sf_write_connection_object (HsvizJsonWriter *b,
                                  HsvizConnection *self,
                                  gboolean         with_secrets)
{
  hsviz_json_writer_begin_object (b);
  write_connection (b, self, with_secrets);
  hsviz_json_writer_end_object (b);
}

/* The JSON tree of the text the writer gives (one writer of the format). */
static JsonNode *
parse_text (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, (gssize) length, &error))
    g_error ("the session writer wrote invalid JSON: %s", error->message);
  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
hsviz_connection_to_json (HsvizConnection *self,
                          gboolean         with_secrets)
{
  g_autoptr(GString) text = g_string_new (NULL);
  HsvizJsonWriter b;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  hsviz_json_writer_init (&b, text);
  hsviz_sf_write_connection_object (&b, self, with_secrets);
  return parse_text (text->str, text->len);
}

JsonNode *
hsviz_session_to_json (HsvizSession *self,
                       gboolean      with_secrets)
{
  gsize length = 0;
  g_autofree char *text = NULL;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  text = hsviz_session_to_data (self, with_secrets, &length);
  return parse_text (text, length);
}

char *
hsviz_session_to_data (HsvizSession *self,
                       gboolean      with_secrets,
                       gsize        *length)
{
  g_autoptr(HsvizSessionWriter) writer = hsviz_session_writer_new (NULL, with_secrets);

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  /* in memory: nothing can fail */
  hsviz_session_writer_begin (writer, hsviz_session_get_generator (self), hsviz_session_get_captured_at (self),
                              hsviz_session_get_note (self), NULL, NULL);
  for (guint i = 0; i < hsviz_session_get_n_connections (self); i++)
    hsviz_session_writer_add (writer, hsviz_session_get_connection (self, i), NULL, NULL);
  hsviz_session_writer_end (writer, NULL, NULL, NULL);
  return hsviz_session_writer_steal_text (writer, length);
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
