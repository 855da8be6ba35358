/* hsviz-session-file.c — the session as JSON (DESIGN.md §4) and as a *.handshake file
 *
 * Writing: every key of format version 1.  Reading: the file is untrusted input.  Only raw facts
 * are read (bytes, times, verdict, secrets, ...); every parsed fact is recomputed from the bytes
 * by the same code as at capture time, and what the file claims about them is checked against
 * that.  Any problem is a GError naming the key path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsviz-error.h"
#include "hsviz-key-schedule.h"
#include "hsviz-session-file.h"
#include "hsviz-session-private.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

#define MAX_FILE_SIZE     (64 * 1024 * 1024)
#define MAX_DEPTH         32
#define MAX_MESSAGES      1000
#define MAX_RECORDS       100000
#define MAX_KEYLOG        64
#define MAX_MESSAGE_BYTES (16 * 1024 * 1024)
#define SAVE_CHUNK        (64 * 1024)

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

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
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
                    HsvizSession *self)
{
  GPtrArray *certs = hsviz_session_get_certificates (self);

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
        json_builder_add_string_value (b, c->san[j]);
      json_builder_end_array (b);
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
               HsvizSession *self)
{
  const HsvizSecrets *s = hsviz_session_get_secrets (self);

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
  add_hex (b, "client_write_key", s->client_write_key);
  add_hex (b, "server_write_key", s->server_write_key);
  add_hex (b, "client_write_iv", s->client_write_iv);
  add_hex (b, "server_write_iv", s->server_write_iv);
  add_hex (b, "client_write_mac_key", s->client_write_mac_key);
  add_hex (b, "server_write_mac_key", s->server_write_mac_key);
  json_builder_end_object (b);
}

JsonNode *
hsviz_session_to_json (HsvizSession *self,
                       gboolean      with_secrets)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const HsvizTarget *t = hsviz_session_get_target (self);
  const HsvizOutcome *o = hsviz_session_get_outcome (self);
  const HsvizVerification *v = hsviz_session_get_verification (self);
  const HsvizTimings *tm = hsviz_session_get_timings (self);
  const HsvizApplicationData *app = hsviz_session_get_application_data (self);
  const HsvizRevocation *rev = hsviz_session_get_revocation (self);
  GPtrArray *records = hsviz_session_get_records (self);
  GPtrArray *ks = hsviz_session_get_key_schedule (self);
  GDateTime *when = hsviz_session_get_captured_at (self);
  const guint16 *offered;
  guint n_offered = 0;
  /* "secrets_included": saved with whatever secrets the session has (maybe none yet, as in a
   * handshake that failed early); FALSE only when they were left out */
  gboolean secrets_out = with_secrets && !hsviz_session_secrets_stripped (self);

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

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
  if (hsviz_session_get_source_note (self))
    add_string (b, "note", hsviz_session_get_source_note (self));

  json_builder_set_member_name (b, "target");
  json_builder_begin_object (b);
  add_string (b, "url", t->url);
  add_string (b, "host", t->host);
  add_int (b, "port", t->port);
  add_string (b, "path", t->path);
  add_string (b, "servername", t->servername);
  add_string (b, "address", t->address);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  add_string (b, "priority", hsviz_session_get_priority (self));
  add_string (b, "preset", hsviz_session_get_preset (self));
  add_string (b, "cafile", hsviz_session_get_cafile (self));
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
  json_builder_end_object (b);

  add_string (b, "protocol", hsviz_session_get_version (self)
                               ? hsviz_version_name (hsviz_session_get_version (self)) : NULL);
  json_builder_set_member_name (b, "cipher_suite");
  if (hsviz_session_get_cipher_suite (self))
    add_suite (b, hsviz_session_get_cipher_suite (self));
  else
    json_builder_add_null_value (b);
  add_string (b, "key_exchange", hsviz_session_get_key_exchange (self) != HSVIZ_KX_UNKNOWN
                                   ? hsviz_key_exchange_name (hsviz_session_get_key_exchange (self))
                                   : NULL);
  add_string (b, "group", hsviz_session_get_group (self)
                            ? hsviz_group_short_name (hsviz_session_get_group (self)) : NULL);
  add_string (b, "signature_scheme", hsviz_session_get_signature_scheme (self)
                ? hsviz_signature_scheme_name (hsviz_session_get_signature_scheme (self)) : NULL);
  add_bool (b, "hello_retry_request", hsviz_session_had_hello_retry (self));
  add_bool (b, "extended_master_secret", hsviz_session_uses_extended_master_secret (self));
  add_string (b, "alpn", hsviz_session_get_alpn (self));
  {
    const guint8 *cr = hsviz_session_get_client_random (self);
    const guint8 *sr = hsviz_session_get_server_random (self);
    g_autofree char *crh = cr ? hsviz_hex_encode (cr, 32) : NULL;
    g_autofree char *srh = sr ? hsviz_hex_encode (sr, 32) : NULL;

    add_string (b, "client_random", crh);
    add_string (b, "server_random", srh);
  }

  offered = hsviz_session_get_offered_suites (self, &n_offered);
  json_builder_set_member_name (b, "offered_cipher_suites");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_offered; i++)
    add_suite (b, offered[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < hsviz_session_get_n_messages (self); i++)
    {
      HsvizMessage *m = hsviz_session_get_message (self, i);

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
        json_builder_add_string_value (b, v->status_strings[i]);
      json_builder_end_array (b);
      add_string (b, "text", v->text);
      add_string (b, "checked_name", v->checked_name);
      add_string (b, "trust_store", v->trust_store);
      add_int (b, "time_us", v->time_us);
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
      add_int (b, "step", r->step);
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

/* ------------------------------------------------------------------ reading */

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID, _("Not a valid session file: %s: %s"),
               path, msg);
  return FALSE;
}

/* "messages[2].bytes"; a top-level key is just its name */
static char *
key_path (const char *where,
          const char *key)
{
  return *where ? g_strdup_printf ("%s.%s", where, key) : g_strdup (key);
}

static JsonNode *
member (JsonObject *o,
        const char *key)
{
  return o ? json_object_get_member (o, key) : NULL;
}

static gboolean
read_string (JsonObject  *o,
             const char  *key,
             const char  *where,
             gboolean     optional,
             const char **out,
             GError     **error)
{
  JsonNode *n = member (o, key);
  g_autofree char *path = key_path (where, key);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (error, path, _("expected a string"));
  *out = json_node_get_string (n);
  return TRUE;
}

static gboolean
read_int (JsonObject  *o,
          const char  *key,
          const char  *where,
          gboolean     optional,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *n = member (o, key);
  g_autofree char *path = key_path (where, key);
  gint64 v;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fail (error, path, _("expected a whole number"));
  v = json_node_get_int (n);
  if (v < min || v > max)
    return fail (error, path, _("%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                                "…%" G_GINT64_FORMAT ")"), v, min, max);
  *out = v;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *o,
           const char  *key,
           const char  *where,
           gboolean     optional,
           gboolean    *out,
           GError     **error)
{
  JsonNode *n = member (o, key);
  g_autofree char *path = key_path (where, key);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return fail (error, path, _("expected true or false"));
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
read_object (JsonObject  *o,
             const char  *key,
             const char  *where,
             gboolean     optional,
             JsonObject **out,
             GError     **error)
{
  JsonNode *n = member (o, key);
  g_autofree char *path = key_path (where, key);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (error, path, _("expected an object"));
  *out = json_node_get_object (n);
  return TRUE;
}

static gboolean
read_array (JsonObject  *o,
            const char  *key,
            const char  *where,
            gboolean     optional,
            guint        max_len,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *n = member (o, key);
  g_autofree char *path = key_path (where, key);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return fail (error, path, _("expected an array"));
  if (json_array_get_length (json_node_get_array (n)) > max_len)
    return fail (error, path, _("%u entries is more than the %u allowed"),
                 json_array_get_length (json_node_get_array (n)), max_len);
  *out = json_node_get_array (n);
  return TRUE;
}

static GBytes *
read_base64 (JsonObject  *o,
             const char  *key,
             const char  *where,
             gsize        max,
             GError     **error)
{
  const char *s;
  gsize len, out_len = 0;
  guchar *data;
  g_autofree char *path = key_path (where, key);

  if (!read_string (o, key, where, FALSE, &s, error))
    return NULL;
  len = strlen (s);
  if (len % 4 != 0)
    {
      fail (error, path, _("not valid base64 (length %zu is not a multiple of 4)"), len);
      return NULL;
    }
  if (len / 4 * 3 > max)
    {
      fail (error, path, _("too large (%zu bytes)"), len / 4 * 3);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || (c == '=' && i >= len - 2)))
        {
          fail (error, path, _("not valid base64 (“%c” at %zu)"), c, i);
          return NULL;
        }
    }
  data = g_base64_decode (s, &out_len);
  return g_bytes_new_take (data, out_len);
}

static GBytes *
read_hex (JsonObject  *o,
          const char  *key,
          const char  *where,
          gboolean    *ok,
          GError     **error)
{
  const char *s;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  *ok = read_string (o, key, where, TRUE, &s, error);
  if (!*ok || s == NULL)
    return NULL;
  if (strlen (s) > 1024)
    {
      g_autofree char *path = key_path (where, key);

      *ok = fail (error, path, _("too long for a secret"));
      return NULL;
    }
  bytes = hsviz_hex_decode (s, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *path = key_path (where, key);

      *ok = fail (error, path, "%s", local_error->message);
    }
  return bytes;
}

static gboolean
read_direction (JsonObject     *o,
                const char     *where,
                HsvizDirection *out,
                GError        **error)
{
  const char *s;

  if (!read_string (o, "direction", where, FALSE, &s, error))
    return FALSE;
  if (g_str_equal (s, "client"))
    *out = HSVIZ_DIRECTION_CLIENT;
  else if (g_str_equal (s, "server"))
    *out = HSVIZ_DIRECTION_SERVER;
  else
    {
      g_autofree char *path = g_strdup_printf ("%s.direction", where);

      return fail (error, path, _("“%s” is neither “client” nor “server”"), s);
    }
  return TRUE;
}

/* json-glib parses recursively: refuse deep nesting before it sees the data. */
static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return fail (error, _("the file"), _("nested more than %d levels deep"), MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static gboolean
load_messages (HsvizSession *session,
               JsonObject   *root,
               GError      **error)
{
  JsonArray *messages;

  if (!read_array (root, "messages", "", FALSE, MAX_MESSAGES, &messages, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *n = json_array_get_element (messages, i);
      g_autofree char *where = g_strdup_printf ("messages[%u]", i);
      g_autoptr(GBytes) bytes = NULL;
      HsvizDirection dir;
      gint64 time_us = 0, type_code = -1;
      const guint8 *p;
      gsize len;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!read_direction (o, where, &dir, error) ||
          !read_int (o, "time_us", where, FALSE, 0, G_MAXINT64, &time_us, error) ||
          !read_int (o, "type_code", where, TRUE, 0, 255, &type_code, error) ||
          !(bytes = read_base64 (o, "bytes", where, MAX_MESSAGE_BYTES, error)))
        return FALSE;
      p = g_bytes_get_data (bytes, &len);
      if (len < 4)
        return fail (error, where, _("a handshake message needs at least its 4-byte header"));
      if (((gsize) p[1] << 16 | (gsize) p[2] << 8 | p[3]) != len - 4)
        return fail (error, where, _("the header says %zu bytes but the message has %zu"),
                     (gsize) p[1] << 16 | (gsize) p[2] << 8 | p[3], len - 4);
      if (type_code >= 0 && type_code != p[0])
        return fail (error, where, _("type_code %d does not match the bytes (type %u)"),
                     (int) type_code, p[0]);
      hsviz_session_add_message (session, dir, time_us, bytes);
    }
  return TRUE;
}

static gboolean
load_records (HsvizSession *session,
              JsonObject   *root,
              GError      **error)
{
  JsonArray *records;

  if (!read_array (root, "records", "", TRUE, MAX_RECORDS, &records, error))
    return FALSE;
  for (guint i = 0; records && i < json_array_get_length (records); i++)
    {
      JsonNode *n = json_array_get_element (records, i);
      g_autofree char *where = g_strdup_printf ("records[%u]", i);
      g_autoptr(GBytes) bytes = NULL;
      HsvizDirection dir;
      gint64 time_us = 0;
      const guint8 *p;
      gsize len;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!read_direction (o, where, &dir, error) ||
          !read_int (o, "time_us", where, FALSE, 0, G_MAXINT64, &time_us, error) ||
          !(bytes = read_base64 (o, "bytes", where, 16384 + 2048 + 5, error)))
        return FALSE;
      p = g_bytes_get_data (bytes, &len);
      if (len < 5)
        return fail (error, where, _("a record needs at least its 5-byte header"));
      if (((gsize) p[3] << 8 | p[4]) != len - 5)
        return fail (error, where, _("the header says %zu bytes but the record has %zu"),
                     (gsize) p[3] << 8 | p[4], len - 5);
      hsviz_session_add_record (session, dir, time_us, bytes);
    }
  return TRUE;
}

static gboolean
load_secrets (HsvizSession *session,
              JsonObject   *root,
              GError      **error)
{
  static const char *keys[] = { "master_secret", "client_write_key", "server_write_key",
                                "client_write_iv", "server_write_iv", "client_write_mac_key",
                                "server_write_mac_key" };
  GBytes *values[G_N_ELEMENTS (keys)] = { NULL };
  g_autoptr(GBytes) pms = NULL;
  gboolean included = FALSE;
  JsonObject *secrets;
  JsonArray *keylog;
  gboolean ok = TRUE;

  if (!read_bool (root, "secrets_included", "", TRUE, &included, error) ||
      !read_object (root, "secrets", "", TRUE, &secrets, error))
    return FALSE;
  if (secrets == NULL)
    {
      hsviz_session_mark_secrets_stripped (session);
      return TRUE;
    }
  if (!read_array (secrets, "keylog", "secrets", TRUE, MAX_KEYLOG, &keylog, error))
    return FALSE;
  for (guint i = 0; keylog && i < json_array_get_length (keylog); i++)
    {
      JsonNode *n = json_array_get_element (keylog, i);
      g_autofree char *where = g_strdup_printf ("secrets.keylog[%u]", i);
      const char *label, *cr, *secret;
      gint64 time_us = 0, after = -1;
      g_autoptr(GBytes) crb = NULL, sb = NULL;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!read_string (o, "label", where, FALSE, &label, error) ||
          !read_int (o, "time_us", where, TRUE, 0, G_MAXINT64, &time_us, error) ||
          !read_int (o, "after_message", where, TRUE, 0, MAX_MESSAGES, &after, error))
        return FALSE;
      crb = read_hex (o, "client_random", where, &ok, error);
      if (!ok)
        return FALSE;
      sb = read_hex (o, "secret", where, &ok, error);
      if (!ok)
        return FALSE;
      if (crb == NULL || g_bytes_get_size (crb) != 32)
        return fail (error, where, _("client_random must be 32 bytes of hex"));
      if (sb == NULL || g_bytes_get_size (sb) == 0)
        return fail (error, where, _("secret is missing"));
      for (const char *c = label; *c; c++)
        if (!g_ascii_isupper (*c) && !g_ascii_isdigit (*c) && *c != '_')
          return fail (error, where, _("“%s” is not a key-log label"), label);
      read_string (o, "client_random", where, FALSE, &cr, NULL);
      read_string (o, "secret", where, FALSE, &secret, NULL);
      hsviz_session_add_keylog (session, label, cr, secret, time_us);
      if (after >= 0)
        hsviz_session_set_last_keylog_position (session, (guint) after);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys) && ok; i++)
    values[i] = read_hex (secrets, keys[i], "secrets", &ok, error);
  if (ok)
    pms = read_hex (secrets, "pre_master_secret", "secrets", &ok, error);
  if (ok)
    {
      hsviz_session_set_record_keys (session, values[0], values[1], values[2], values[3],
                                     values[4], values[5], values[6]);
      if (pms != NULL)
        hsviz_session_set_pre_master_secret (session, pms);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_clear_pointer (&values[i], g_bytes_unref);
  if (ok && !included)
    hsviz_session_mark_secrets_stripped (session);
  return ok;
}

static gboolean
load_target (HsvizSession *session,
             JsonObject   *root,
             GError      **error)
{
  HsvizTarget t = { 0 };
  JsonObject *o, *settings;
  const char *url, *host, *path = NULL, *sni = NULL, *address = NULL;
  const char *priority = NULL, *preset = NULL, *cafile = NULL;
  gint64 port = 0;

  if (!read_object (root, "target", "", FALSE, &o, error) ||
      !read_string (o, "url", "target", FALSE, &url, error) ||
      !read_string (o, "host", "target", FALSE, &host, error) ||
      !read_int (o, "port", "target", FALSE, 1, 65535, &port, error) ||
      !read_string (o, "path", "target", TRUE, &path, error) ||
      !read_string (o, "servername", "target", TRUE, &sni, error) ||
      !read_string (o, "address", "target", TRUE, &address, error))
    return FALSE;
  t.url = (char *) url;
  t.host = (char *) host;
  t.port = (guint16) port;
  t.path = (char *) (path ? path : "/");
  t.servername = (char *) sni;
  t.address = (char *) address;
  hsviz_session_set_target (session, &t);

  if (!read_object (root, "settings", "", TRUE, &settings, error) ||
      !read_string (settings, "priority", "settings", TRUE, &priority, error) ||
      !read_string (settings, "preset", "settings", TRUE, &preset, error) ||
      !read_string (settings, "cafile", "settings", TRUE, &cafile, error))
    return FALSE;
  hsviz_session_set_settings (session, priority, preset, cafile);
  return TRUE;
}

static gboolean
load_outcome (HsvizSession *session,
              JsonObject   *root,
              GError      **error)
{
  HsvizOutcome out = { 0 };
  JsonObject *o, *alert;
  const char *err = NULL, *failed_at = NULL, *sender = NULL;
  gint64 code = -1, level = 0, desc = 0;

  out.error_code = -1;
  if (!read_object (root, "outcome", "", FALSE, &o, error) ||
      !read_bool (o, "completed", "outcome", FALSE, &out.completed, error) ||
      !read_string (o, "error", "outcome", TRUE, &err, error) ||
      !read_int (o, "error_code", "outcome", TRUE, 0, HSVIZ_ERROR_IO, &code, error) ||
      !read_string (o, "failed_at", "outcome", TRUE, &failed_at, error) ||
      !read_object (o, "alert", "outcome", TRUE, &alert, error))
    return FALSE;
  if (alert != NULL)
    {
      if (!read_int (alert, "level_code", "outcome.alert", FALSE, 1, 2, &level, error) ||
          !read_int (alert, "description_code", "outcome.alert", FALSE, 0, 255, &desc, error) ||
          !read_string (alert, "sender", "outcome.alert", FALSE, &sender, error))
        return FALSE;
      if (!g_str_equal (sender, "server") && !g_str_equal (sender, "client"))
        return fail (error, "outcome.alert.sender", _("“%s” is neither “client” nor “server”"), sender);
      out.has_alert = TRUE;
      out.alert_level = (guint8) level;
      out.alert_description = (guint8) desc;
      out.alert_sender = g_str_equal (sender, "server") ? HSVIZ_DIRECTION_SERVER : HSVIZ_DIRECTION_CLIENT;
    }
  if (!out.completed && err == NULL)
    return fail (error, "outcome.error", _("a failed handshake must say why"));
  out.error = (char *) err;
  out.error_code = (int) code;
  out.failed_at = (char *) failed_at;
  hsviz_session_set_outcome (session, &out);
  return TRUE;
}

static gboolean
load_verification (HsvizSession *session,
                   JsonObject   *root,
                   GError      **error)
{
  HsvizVerification v = { 0 };
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  JsonObject *o;
  JsonArray *status;
  const char *text = NULL, *name = NULL, *store = NULL;
  gint64 bits = 0, time_us = 0;

  if (!read_object (root, "verification", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!read_bool (o, "trusted", "verification", FALSE, &v.trusted, error) ||
      !read_bool (o, "hostname_ok", "verification", FALSE, &v.hostname_ok, error) ||
      !read_bool (o, "time_ok", "verification", FALSE, &v.time_ok, error) ||
      !read_bool (o, "issuer_ok", "verification", FALSE, &v.issuer_ok, error) ||
      !read_int (o, "status_bits", "verification", TRUE, 0, G_MAXUINT32, &bits, error) ||
      !read_array (o, "status", "verification", TRUE, 64, &status, error) ||
      !read_string (o, "text", "verification", TRUE, &text, error) ||
      !read_string (o, "checked_name", "verification", TRUE, &name, error) ||
      !read_string (o, "trust_store", "verification", TRUE, &store, error) ||
      !read_int (o, "time_us", "verification", TRUE, 0, G_MAXINT64, &time_us, error))
    return FALSE;
  for (guint i = 0; status && i < json_array_get_length (status); i++)
    {
      JsonNode *n = json_array_get_element (status, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return fail (error, "verification.status", _("expected strings"));
      g_ptr_array_add (strings, (gpointer) json_node_get_string (n));
    }
  g_ptr_array_add (strings, NULL);
  v.present = TRUE;
  v.status = (guint) bits;
  v.status_strings = (char **) strings->pdata;
  v.text = (char *) text;
  v.checked_name = (char *) name;
  v.trust_store = (char *) store;
  v.time_us = time_us;
  hsviz_session_set_verification (session, &v);
  return TRUE;
}

static gboolean
load_application_data (HsvizSession *session,
                       JsonObject   *root,
                       GError      **error)
{
  HsvizApplicationData a = { 0 };
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  JsonObject *o, *h = NULL;
  const char *request = NULL, *version = NULL, *reason = NULL;
  gint64 status = 0, sent = 0, received = 0;

  if (!read_object (root, "application_data", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!read_string (o, "request", "application_data", TRUE, &request, error) ||
      !read_int (o, "status", "application_data", TRUE, 0, 999, &status, error) ||
      !read_string (o, "http_version", "application_data", TRUE, &version, error) ||
      !read_string (o, "reason", "application_data", TRUE, &reason, error) ||
      !read_object (o, "headers", "application_data", TRUE, &h, error) ||
      !read_int (o, "bytes_sent", "application_data", TRUE, 0, G_MAXINT64, &sent, error) ||
      !read_int (o, "bytes_received", "application_data", TRUE, 0, G_MAXINT64, &received, error))
    return FALSE;
  if (h != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (h);

      if (g_list_length (names) > 256)
        return fail (error, "application_data.headers", _("too many headers"));
      for (GList *l = names; l; l = l->next)
        {
          const char *value;
          HsvizHeader *hd;

          if (!read_string (h, l->data, "application_data.headers", FALSE, &value, error))
            return FALSE;
          hd = g_new0 (HsvizHeader, 1);
          hd->name = l->data;
          hd->value = (char *) value;
          g_ptr_array_add (headers, hd);
        }
    }
  a.present = TRUE;
  a.request = (char *) request;
  a.status = (guint) status;
  a.http_version = (char *) version;
  a.reason = (char *) reason;
  a.headers = headers;
  a.bytes_sent = (guint64) sent;
  a.bytes_received = (guint64) received;
  hsviz_session_set_application_data (session, &a);
  return TRUE;
}

static gboolean
load_misc (HsvizSession *session,
           JsonObject   *root,
           GError      **error)
{
  HsvizTimings t = { -1, -1, -1, -1 };
  HsvizRevocation r = { 0 };
  JsonObject *o;
  const char *note = NULL, *generator = NULL, *captured = NULL;

  if (!read_string (root, "generator", "", TRUE, &generator, error) ||
      !read_string (root, "note", "", TRUE, &note, error) ||
      !read_string (root, "captured_at", "", TRUE, &captured, error))
    return FALSE;
  if (generator != NULL)
    hsviz_session_set_generator (session, generator);
  hsviz_session_set_source_note (session, note);
  if (captured != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (captured, NULL);

      if (dt == NULL)
        return fail (error, "captured_at", _("“%s” is not an ISO 8601 date"), captured);
      hsviz_session_set_captured_at (session, dt);
    }

  if (!read_object (root, "timings", "", TRUE, &o, error) ||
      !read_int (o, "dns_us", "timings", TRUE, -1, G_MAXINT64, &t.dns_us, error) ||
      !read_int (o, "connect_us", "timings", TRUE, -1, G_MAXINT64, &t.connect_us, error) ||
      !read_int (o, "handshake_us", "timings", TRUE, -1, G_MAXINT64, &t.handshake_us, error) ||
      !read_int (o, "total_us", "timings", TRUE, -1, G_MAXINT64, &t.total_us, error))
    return FALSE;
  hsviz_session_set_timings (session, &t);

  if (!read_object (root, "revocation", "", TRUE, &o, error) ||
      !read_string (o, "stapled", "revocation", TRUE, (const char **) &r.stapled, error) ||
      !read_string (o, "ocsp", "revocation", TRUE, (const char **) &r.ocsp, error) ||
      !read_string (o, "responder", "revocation", TRUE, (const char **) &r.responder, error) ||
      !read_string (o, "detail", "revocation", TRUE, (const char **) &r.detail, error))
    return FALSE;
  hsviz_session_set_revocation (session, &r);
  return TRUE;
}

static gboolean
load_key_schedule (HsvizSession *session,
                   JsonObject   *root,
                   GError      **error)
{
  JsonArray *ks;

  gboolean recompute;

  if (!read_array (root, "key_schedule", "", TRUE, 256, &ks, error))
    return FALSE;
  /* with the secrets, the schedule is recomputed by the same code as at capture time;
   * the file's entries are still checked */
  recompute = hsviz_session_has_secrets (session);
  for (guint i = 0; ks && i < json_array_get_length (ks); i++)
    {
      JsonNode *n = json_array_get_element (ks, i);
      g_autofree char *where = g_strdup_printf ("key_schedule[%u]", i);
      const char *name, *formula = NULL, *value = NULL, *note = NULL;
      gboolean verified = FALSE;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!read_string (o, "name", where, FALSE, &name, error) ||
          !read_string (o, "formula", where, TRUE, &formula, error) ||
          !read_bool (o, "verified", where, FALSE, &verified, error) ||
          !read_string (o, "value", where, TRUE, &value, error) ||
          !read_string (o, "note", where, TRUE, &note, error))
        return FALSE;
      if (!recompute)
        hsviz_session_add_key_schedule (session, name, formula, NULL, verified, note);
    }
  if (recompute)
    hsviz_key_schedule_compute (session);
  return TRUE;
}

/* The file's certificates must be the chain the Certificate message carried. */
static gboolean
check_certificates (HsvizSession *session,
                    JsonObject   *root,
                    GError      **error)
{
  GPtrArray *derived = hsviz_session_get_certificates (session);
  JsonArray *certs;

  if (!read_array (root, "certificates", "", TRUE, 64, &certs, error))
    return FALSE;
  for (guint i = 0; certs && i < json_array_get_length (certs); i++)
    {
      JsonNode *n = json_array_get_element (certs, i);
      g_autofree char *where = g_strdup_printf ("certificates[%u]", i);
      g_autoptr(GBytes) der = NULL;
      g_autoptr(HsvizCertificate) cert = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      if (!(der = read_base64 (json_node_get_object (n), "der", where, 1024 * 1024, error)))
        return FALSE;
      if (!(cert = hsviz_certificate_new_from_der (der, &local_error)))
        return fail (error, where, _("not a valid X.509 certificate: %s"), local_error->message);
      if (i >= derived->len ||
          !g_bytes_equal (((HsvizCertificate *) g_ptr_array_index (derived, i))->der, der))
        return fail (error, where, _("does not match the certificate the Certificate message carries"));
    }
  if (certs != NULL && json_array_get_length (certs) != derived->len)
    return fail (error, "certificates", _("lists %u certificates but the Certificate message carries %u"),
                 json_array_get_length (certs), derived->len);
  return TRUE;
}

/* The parsed facts the writer adds for readers of the JSON (protocol, suite, names, steps) are
 * recomputed from the bytes, never taken from the file: a newer table of names must not make an
 * older file unreadable.  They are checked for their type, and the raw facts they repeat
 * (randoms, lengths, indices, record headers) must match the bytes. */
typedef enum
{
  KIND_STRING,
  KIND_BOOL,
  KIND_INT,
  KIND_OBJECT,
  KIND_ARRAY,
} Kind;

typedef struct
{
  const char *key;
  Kind        kind;
} KeyKind;

static gboolean
check_kinds (JsonObject    *o,
             const char    *where,
             const KeyKind *keys,
             guint          n_keys,
             GError       **error)
{
  for (guint i = 0; i < n_keys; i++)
    {
      const char *s;
      gboolean b;
      gint64 v;
      JsonObject *obj;
      JsonArray *arr;
      gboolean ok = TRUE;

      switch (keys[i].kind)
        {
        case KIND_STRING:
          ok = read_string (o, keys[i].key, where, TRUE, &s, error);
          break;
        case KIND_BOOL:
          ok = read_bool (o, keys[i].key, where, TRUE, &b, error);
          break;
        case KIND_INT:
          ok = read_int (o, keys[i].key, where, TRUE, G_MININT64, G_MAXINT64, &v, error);
          break;
        case KIND_OBJECT:
          ok = read_object (o, keys[i].key, where, TRUE, &obj, error);
          break;
        case KIND_ARRAY:
          ok = read_array (o, keys[i].key, where, TRUE, G_MAXUINT, &arr, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_random (JsonObject    *root,
              const char    *key,
              const guint8  *actual,
              GError       **error)
{
  g_autofree char *path = key_path ("", key);
  g_autofree char *hex = actual ? hsviz_hex_encode (actual, 32) : NULL;
  const char *s;

  if (!read_string (root, key, "", TRUE, &s, error))
    return FALSE;
  if (s != NULL && (hex == NULL || g_ascii_strcasecmp (s, hex) != 0))
    return fail (error, path, _("does not match the random in the Hello message bytes"));
  return TRUE;
}

static gboolean
check_same (JsonObject  *o,
            const char  *key,
            const char  *where,
            gint64       actual,
            const char  *what,
            GError     **error)
{
  g_autofree char *path = key_path (where, key);
  gint64 v = actual;

  if (!read_int (o, key, where, TRUE, G_MININT64, G_MAXINT64, &v, error))
    return FALSE;
  if (v != actual)
    return fail (error, path, _("%" G_GINT64_FORMAT " does not match %s (%" G_GINT64_FORMAT ")"),
                 v, what, actual);
  return TRUE;
}

static gboolean
check_derived (HsvizSession *session,
               JsonObject   *root,
               GError      **error)
{
  static const KeyKind top[] = {
    { "protocol", KIND_STRING }, { "cipher_suite", KIND_OBJECT }, { "key_exchange", KIND_STRING },
    { "group", KIND_STRING }, { "signature_scheme", KIND_STRING },
    { "hello_retry_request", KIND_BOOL }, { "extended_master_secret", KIND_BOOL },
    { "alpn", KIND_STRING }, { "offered_cipher_suites", KIND_ARRAY },
  };
  static const KeyKind suite[] = { { "id", KIND_STRING }, { "name", KIND_STRING } };
  static const KeyKind message[] = { { "type", KIND_STRING }, { "step", KIND_INT } };
  static const KeyKind record[] = { { "step", KIND_INT } };
  static const KeyKind cert[] = {
    { "subject", KIND_STRING }, { "issuer", KIND_STRING }, { "serial", KIND_STRING },
    { "not_before", KIND_STRING }, { "not_after", KIND_STRING }, { "san", KIND_ARRAY },
    { "public_key", KIND_OBJECT }, { "signature_algorithm", KIND_STRING },
    { "sha256", KIND_STRING }, { "sha1", KIND_STRING },
  };
  JsonObject *o;
  JsonArray *a;
  GPtrArray *records = hsviz_session_get_records (session);

  if (!check_kinds (root, "", top, G_N_ELEMENTS (top), error) ||
      !check_random (root, "client_random", hsviz_session_get_client_random (session), error) ||
      !check_random (root, "server_random", hsviz_session_get_server_random (session), error) ||
      !read_object (root, "cipher_suite", "", TRUE, &o, error) ||
      (o && !check_kinds (o, "cipher_suite", suite, G_N_ELEMENTS (suite), error)))
    return FALSE;

  read_array (root, "offered_cipher_suites", "", TRUE, G_MAXUINT, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      g_autofree char *where = g_strdup_printf ("offered_cipher_suites[%u]", i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return fail (error, where, _("expected an object"));
      if (!check_kinds (json_node_get_object (n), where, suite, G_N_ELEMENTS (suite), error))
        return FALSE;
    }

  /* messages and records were checked to be objects while loading */
  read_array (root, "messages", "", FALSE, MAX_MESSAGES, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *m = json_array_get_object_element (a, i);
      g_autofree char *where = g_strdup_printf ("messages[%u]", i);
      gsize len = g_bytes_get_size (hsviz_message_get_bytes (hsviz_session_get_message (session, i)));

      if (!check_kinds (m, where, message, G_N_ELEMENTS (message), error) ||
          !check_same (m, "index", where, i, _("its place in the list"), error) ||
          !check_same (m, "length", where, (gint64) len, _("the length of its bytes"), error))
        return FALSE;
    }
  read_array (root, "records", "", TRUE, MAX_RECORDS, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *r = json_array_get_object_element (a, i);
      const HsvizRecord *rec;
      g_autofree char *where = g_strdup_printf ("records[%u]", i);

      if (i >= records->len)
        return fail (error, where, _("could not be stored"));
      rec = g_ptr_array_index (records, i);

      if (!check_kinds (r, where, record, G_N_ELEMENTS (record), error) ||
          !check_same (r, "index", where, i, _("its place in the list"), error) ||
          !check_same (r, "content_type", where, rec->content_type, _("the record header"), error) ||
          !check_same (r, "version", where, rec->version, _("the record header"), error) ||
          !check_same (r, "length", where, rec->length, _("the record header"), error))
        return FALSE;
    }
  read_array (root, "certificates", "", TRUE, 64, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *c = json_array_get_object_element (a, i);
      g_autofree char *where = g_strdup_printf ("certificates[%u]", i);

      if (!check_kinds (c, where, cert, G_N_ELEMENTS (cert), error))
        return FALSE;
    }
  return TRUE;
}

HsvizSession *
hsviz_session_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(HsvizSession) session = hsviz_session_new ();
  JsonObject *root;
  const char *format;
  gint64 version = 0;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, _("the file"), _("the top level is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!read_string (root, "format", "", FALSE, &format, error))
    {
      g_clear_error (error);
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   json_object_has_member (root, "format")
                     ? _("This is not a HandshakeViz session file (its “format” is not a string)")
                     : _("This is not a HandshakeViz session file (it has no “format” key)"));
      return NULL;
    }
  if (!g_str_equal (format, HSVIZ_SESSION_FORMAT))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("This is not a HandshakeViz session file (format “%s”)"), format);
      return NULL;
    }
  if (!read_int (root, "format_version", "", FALSE, 1, G_MAXINT32, &version, error))
    return NULL;
  if (version > HSVIZ_SESSION_FORMAT_VERSION)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_VERSION,
                   _("This session file was made by a newer HandshakeViz (format version %d; "
                     "this version reads version %d). Please update HandshakeViz."),
                   (int) version, HSVIZ_SESSION_FORMAT_VERSION);
      return NULL;
    }

  if (!load_target (session, root, error) ||
      !load_misc (session, root, error) ||
      !load_messages (session, root, error) ||
      !load_records (session, root, error) ||
      !load_verification (session, root, error) ||
      !load_application_data (session, root, error) ||
      !load_secrets (session, root, error) ||
      !load_outcome (session, root, error))
    return NULL;

  hsviz_session_complete (session);

  if (!check_certificates (session, root, error) ||
      !check_derived (session, root, error) ||
      !load_key_schedule (session, root, error))
    return NULL;

  return g_steal_pointer (&session);
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
  if (!check_depth (data, length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("The session file is not valid JSON: %s"), local_error->message);
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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;
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
                   _("“%s” is too large for a session file (%" G_GOFFSET_FORMAT " bytes)"),
                   name, g_file_info_get_size (info));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &local_error))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not read “%s”: %s"), name,
                   local_error->message);
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

/* Writes @data to a new file beside @path (same folder, so the rename cannot cross file
 * systems), in chunks so that a cancel is honoured mid-way, syncs it and renames it over @path.
 * Any failure removes the temporary file: @path is either the old file or the whole new one,
 * also when it did not exist before (g_file_replace writes a new file in place). */
static gboolean
save_local (const char    *target,
            const char    *data,
            gsize          length,
            gboolean       private,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *resolved = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  const char *path = target;
  GStatBuf st;
  gboolean keep_mode = FALSE;
  gsize done = 0;
  int saved_errno = 0;
  int fd, dfd;

  /* saving through a symbolic link replaces the file it points to, not the link */
  if (g_lstat (target, &st) == 0 && S_ISLNK (st.st_mode) && (resolved = realpath (target, NULL)))
    path = resolved;
  /* a file saved again keeps its permissions, unless it now holds secrets (then 0600) */
  if (!private && g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    keep_mode = TRUE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, private ? 0600 : 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (keep_mode && fchmod (fd, st.st_mode & 07777 & ~(S_ISUID | S_ISGID)) != 0)
    goto failed_errno;

  while (done < length)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      n = write (fd, data + done, MIN (SAVE_CHUNK, length - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed_errno;
      done += (gsize) n;
    }
  if (fsync (fd) != 0)
    goto failed_errno;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed_errno;
    }
  fd = -1;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;
  if (g_rename (tmp, path) != 0)
    goto failed_errno;

  /* make the rename itself durable */
  dfd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;

failed_errno:
  saved_errno = errno ? errno : EIO;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
               g_strerror (saved_errno));
failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* Not a local path (e.g. a GVfs location): g_file_replace writes a temporary file and renames
 * it over the old one when the stream closes successfully. */
static gboolean
save_gio (GFile         *file,
          const char    *data,
          gsize          length,
          gboolean       private,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_replace (file, NULL, FALSE,
                        private ? G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION
                                : G_FILE_CREATE_REPLACE_DESTINATION,
                        cancellable, error);
  if (out == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), data, length, NULL, cancellable, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* closing with a cancelled cancellable discards the temporary file */
      g_cancellable_cancel (abort);
      if (!g_output_stream_is_closed (G_OUTPUT_STREAM (out)))
        g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
hsviz_session_save (HsvizSession  *self,
                    GFile         *file,
                    gboolean       with_secrets,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gboolean private = with_secrets && hsviz_session_has_secrets (self);
  gsize length = 0;
  gboolean ok;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  data = hsviz_session_to_data (self, with_secrets, &length);
  if (path != NULL)
    ok = save_local (path, data, length, private, cancellable, &local_error);
  else
    ok = save_gio (file, data, length, private, cancellable, &local_error);
  if (!ok)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not save “%s”: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
