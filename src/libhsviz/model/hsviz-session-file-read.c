/* hsviz-session-file-read.c — a session from the JSON of a *.handshake file
 *
 * The file is untrusted input.  Only raw facts are read (bytes, times, verdict, secrets, ...);
 * every parsed fact is recomputed from the bytes by the same code as at capture time
 * (hsviz_connection_complete, hsviz_key_schedule_compute).  Any problem is a GError naming the
 * key path.  Everything goes through the builder (hsviz-connection-builder.h), as a capture
 * does.  The document around the connections (versions 1 and 2) is read in
 * hsviz-session-file-document.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-key-schedule.h"
#include "hsviz-session-file.h"
#include "hsviz-session-file-private.h"
#include "hsviz-session-builder.h"
#include "hsviz-target.h"
#include "hsviz-util.h"

static gboolean
load_messages (HsvizConnection *session,
               JsonObject   *root,
               GError      **error)
{
  JsonArray *messages;

  if (!hsviz_sf_read_array (root, "messages", "", FALSE, MAX_MESSAGES, &messages, error))
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
        return hsviz_sf_fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!hsviz_sf_read_direction (o, where, &dir, error) ||
          !hsviz_sf_read_int (o, "time_us", where, FALSE, 0, G_MAXINT64, &time_us, error) ||
          !hsviz_sf_read_int (o, "type_code", where, TRUE, 0, 255, &type_code, error) ||
          !(bytes = hsviz_sf_read_base64 (o, "bytes", where, MAX_MESSAGE_BYTES, error)))
        return FALSE;
      p = g_bytes_get_data (bytes, &len);
      if (len < 4)
        return hsviz_sf_fail (error, where, _("a handshake message needs at least its 4-byte header"));
      if (((gsize) p[1] << 16 | (gsize) p[2] << 8 | p[3]) != len - 4)
        return hsviz_sf_fail (error, where, _("the header says %zu bytes but the message has %zu"),
                     (gsize) p[1] << 16 | (gsize) p[2] << 8 | p[3], len - 4);
      if (type_code >= 0 && type_code != p[0])
        return hsviz_sf_fail (error, where, _("type_code %d does not match the bytes (type %u)"),
                     (int) type_code, p[0]);
      hsviz_connection_add_message (session, dir, time_us, bytes);
    }
  return TRUE;
}

static gboolean
load_records (HsvizConnection *session,
              JsonObject   *root,
              GError      **error)
{
  JsonArray *records;

  if (!hsviz_sf_read_array (root, "records", "", TRUE, MAX_RECORDS, &records, error))
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
        return hsviz_sf_fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!hsviz_sf_read_direction (o, where, &dir, error) ||
          !hsviz_sf_read_int (o, "time_us", where, FALSE, 0, G_MAXINT64, &time_us, error) ||
          !(bytes = hsviz_sf_read_base64 (o, "bytes", where, 16384 + 2048 + 5, error)))
        return FALSE;
      p = g_bytes_get_data (bytes, &len);
      if (len < 5)
        return hsviz_sf_fail (error, where, _("a record needs at least its 5-byte header"));
      if (((gsize) p[3] << 8 | p[4]) != len - 5)
        return hsviz_sf_fail (error, where, _("the header says %zu bytes but the record has %zu"),
                     (gsize) p[3] << 8 | p[4], len - 5);
      hsviz_connection_add_record (session, dir, time_us, bytes);
    }
  return TRUE;
}

static gboolean
load_secrets (HsvizConnection *session,
              JsonObject   *root,
              GError      **error)
{
  static const char *keys[] = { "master_secret", "client_write_key", "server_write_key",
                                "client_write_iv", "server_write_iv", "client_write_mac_key",
                                "server_write_mac_key" };
  GBytes *values[G_N_ELEMENTS (keys)] = { NULL };
  g_autoptr(GBytes) pms = NULL;
  g_autoptr(GBytes) rms = NULL;
  gboolean included = FALSE;
  JsonObject *secrets;
  JsonArray *keylog;
  gboolean ok = TRUE;

  if (!hsviz_sf_read_bool (root, "secrets_included", "", TRUE, &included, error) ||
      !hsviz_sf_read_object (root, "secrets", "", TRUE, &secrets, error))
    return FALSE;
  /* "secrets" is read only beside "secrets_included": true (docs/session-format.md); without it
   * the connection has no secrets, so what is loaded is what a save writes back */
  if (secrets == NULL || !included)
    {
      hsviz_connection_mark_secrets_stripped (session);
      return TRUE;
    }
  if (!hsviz_sf_read_array (secrets, "keylog", "secrets", TRUE, MAX_KEYLOG, &keylog, error))
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
        return hsviz_sf_fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!hsviz_sf_read_string (o, "label", where, FALSE, &label, error) ||
          !hsviz_sf_read_int (o, "time_us", where, TRUE, 0, G_MAXINT64, &time_us, error) ||
          !hsviz_sf_read_int (o, "after_message", where, TRUE, 0, MAX_MESSAGES, &after, error))
        return FALSE;
      crb = hsviz_sf_read_hex (o, "client_random", where, &ok, error);
      if (!ok)
        return FALSE;
      sb = hsviz_sf_read_hex (o, "secret", where, &ok, error);
      if (!ok)
        return FALSE;
      if (crb == NULL || g_bytes_get_size (crb) != 32)
        return hsviz_sf_fail (error, where, _("client_random must be 32 bytes of hex"));
      if (sb == NULL || g_bytes_get_size (sb) == 0)
        return hsviz_sf_fail (error, where, _("secret is missing"));
      for (const char *c = label; *c; c++)
        if (!g_ascii_isupper (*c) && !g_ascii_isdigit (*c) && *c != '_')
          return hsviz_sf_fail (error, where, _("“%s” is not a key-log label"), label);
      hsviz_sf_read_string (o, "client_random", where, FALSE, &cr, NULL);
      hsviz_sf_read_string (o, "secret", where, FALSE, &secret, NULL);
      hsviz_connection_add_keylog (session, label, cr, secret, time_us);
      if (after >= 0)
        hsviz_connection_set_last_keylog_position (session, (guint) after);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys) && ok; i++)
    values[i] = hsviz_sf_read_hex (secrets, keys[i], "secrets", &ok, error);
  if (ok)
    pms = hsviz_sf_read_hex (secrets, "pre_master_secret", "secrets", &ok, error);
  if (ok)
    rms = hsviz_sf_read_hex (secrets, "resumption_master_secret", "secrets", &ok, error);
  if (ok)
    {
      hsviz_connection_set_record_keys (session, values[0], values[1], values[2], values[3],
                                     values[4], values[5], values[6]);
      if (pms != NULL)
        hsviz_connection_set_pre_master_secret (session, pms);
      if (rms != NULL)
        hsviz_connection_set_resumption_master_secret (session, rms);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_clear_pointer (&values[i], g_bytes_unref);
  return ok;
}

static gboolean
load_target (HsvizConnection *session,
             JsonObject   *root,
             GError      **error)
{
  HsvizTarget t = { 0 };
  JsonObject *o, *settings;
  const char *url, *host, *path = NULL, *sni = NULL, *address = NULL;
  const char *priority = NULL, *preset = NULL, *cafile = NULL;
  gint64 port = 0;

  if (!hsviz_sf_read_object (root, "target", "", FALSE, &o, error) ||
      !hsviz_sf_read_string (o, "url", "target", FALSE, &url, error) ||
      !hsviz_sf_read_string (o, "host", "target", FALSE, &host, error) ||
      !hsviz_sf_read_int (o, "port", "target", FALSE, 1, 65535, &port, error) ||
      !hsviz_sf_read_string (o, "path", "target", TRUE, &path, error) ||
      !hsviz_sf_read_string (o, "servername", "target", TRUE, &sni, error) ||
      !hsviz_sf_read_string (o, "address", "target", TRUE, &address, error))
    return FALSE;
  t.url = (char *) url;
  t.host = (char *) host;
  t.port = (guint16) port;
  t.path = (char *) (path ? path : "/");
  t.servername = (char *) sni;
  t.address = (char *) address;
  hsviz_connection_set_target (session, &t);

  if (!hsviz_sf_read_object (root, "settings", "", TRUE, &settings, error) ||
      !hsviz_sf_read_string (settings, "priority", "settings", TRUE, &priority, error) ||
      !hsviz_sf_read_string (settings, "preset", "settings", TRUE, &preset, error) ||
      !hsviz_sf_read_string (settings, "cafile", "settings", TRUE, &cafile, error))
    return FALSE;
  hsviz_connection_set_settings (session, priority, preset, cafile);
  return TRUE;
}

static gboolean
load_outcome (HsvizConnection *session,
              JsonObject   *root,
              GError      **error)
{
  HsvizOutcome out = { 0 };
  JsonObject *o, *alert;
  const char *err = NULL, *failed_at = NULL, *sender = NULL;
  gint64 code = -1, level = 0, desc = 0;

  out.error_code = -1;
  if (!hsviz_sf_read_object (root, "outcome", "", FALSE, &o, error) ||
      !hsviz_sf_read_bool (o, "completed", "outcome", FALSE, &out.completed, error) ||
      !hsviz_sf_read_string (o, "error", "outcome", TRUE, &err, error) ||
      !hsviz_sf_read_int (o, "error_code", "outcome", TRUE, 0, HSVIZ_ERROR_STARTTLS, &code, error) ||
      !hsviz_sf_read_string (o, "failed_at", "outcome", TRUE, &failed_at, error) ||
      !hsviz_sf_read_object (o, "alert", "outcome", TRUE, &alert, error))
    return FALSE;
  if (alert != NULL)
    {
      if (!hsviz_sf_read_int (alert, "level_code", "outcome.alert", FALSE, 1, 2, &level, error) ||
          !hsviz_sf_read_int (alert, "description_code", "outcome.alert", FALSE, 0, 255, &desc, error) ||
          !hsviz_sf_read_string (alert, "sender", "outcome.alert", FALSE, &sender, error))
        return FALSE;
      if (!g_str_equal (sender, "server") && !g_str_equal (sender, "client"))
        return hsviz_sf_fail (error, "outcome.alert.sender", _("“%s” is neither “client” nor “server”"), sender);
      out.has_alert = TRUE;
      out.alert_level = (guint8) level;
      out.alert_description = (guint8) desc;
      out.alert_sender = g_str_equal (sender, "server") ? HSVIZ_DIRECTION_SERVER : HSVIZ_DIRECTION_CLIENT;
    }
  if (!out.completed && err == NULL)
    return hsviz_sf_fail (error, "outcome.error", _("a failed handshake must say why"));
  out.error = (char *) err;
  out.error_code = (int) code;
  out.failed_at = (char *) failed_at;
  hsviz_connection_set_outcome (session, &out);
  return TRUE;
}

static gboolean
load_verification (HsvizConnection *session,
                   JsonObject   *root,
                   GError      **error)
{
  HsvizVerification v = { 0 };
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  JsonObject *o;
  JsonArray *status;
  const char *text = NULL, *name = NULL, *store = NULL;
  gint64 bits = 0, time_us = 0;

  if (!hsviz_sf_read_object (root, "verification", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!hsviz_sf_read_bool (o, "trusted", "verification", FALSE, &v.trusted, error) ||
      !hsviz_sf_read_bool (o, "hostname_ok", "verification", FALSE, &v.hostname_ok, error) ||
      !hsviz_sf_read_bool (o, "time_ok", "verification", FALSE, &v.time_ok, error) ||
      !hsviz_sf_read_bool (o, "issuer_ok", "verification", FALSE, &v.issuer_ok, error) ||
      !hsviz_sf_read_int (o, "status_bits", "verification", TRUE, 0, G_MAXUINT32, &bits, error) ||
      !hsviz_sf_read_array (o, "status", "verification", TRUE, 64, &status, error) ||
      !hsviz_sf_read_string (o, "text", "verification", TRUE, &text, error) ||
      !hsviz_sf_read_string (o, "checked_name", "verification", TRUE, &name, error) ||
      !hsviz_sf_read_string (o, "trust_store", "verification", TRUE, &store, error) ||
      !hsviz_sf_read_int (o, "time_us", "verification", TRUE, 0, G_MAXINT64, &time_us, error))
    return FALSE;
  for (guint i = 0; status && i < json_array_get_length (status); i++)
    {
      JsonNode *n = json_array_get_element (status, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return hsviz_sf_fail (error, "verification.status", _("expected strings"));
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
  hsviz_connection_set_verification (session, &v);
  return hsviz_sf_read_trust (o, session, error);
}

static gboolean
load_application_data (HsvizConnection *session,
                       JsonObject   *root,
                       GError      **error)
{
  HsvizApplicationData a = { 0 };
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  JsonObject *o, *h = NULL;
  const char *request = NULL, *version = NULL, *reason = NULL, *response = NULL;
  gint64 status = 0, sent = 0, received = 0;

  if (!hsviz_sf_read_object (root, "application_data", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!hsviz_sf_read_string (o, "request", "application_data", TRUE, &request, error) ||
      !hsviz_sf_read_int (o, "status", "application_data", TRUE, 0, 999, &status, error) ||
      !hsviz_sf_read_string (o, "http_version", "application_data", TRUE, &version, error) ||
      !hsviz_sf_read_string (o, "reason", "application_data", TRUE, &reason, error) ||
      !hsviz_sf_read_object (o, "headers", "application_data", TRUE, &h, error) ||
      !hsviz_sf_read_int (o, "bytes_sent", "application_data", TRUE, 0, G_MAXINT64, &sent, error) ||
      !hsviz_sf_read_int (o, "bytes_received", "application_data", TRUE, 0, G_MAXINT64, &received, error) ||
      !hsviz_sf_read_string (o, "response", "application_data", TRUE, &response, error))
    return FALSE;
  if (h != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (h);

      if (g_list_length (names) > 256)
        return hsviz_sf_fail (error, "application_data.headers", _("too many headers"));
      for (GList *l = names; l; l = l->next)
        {
          const char *value;
          HsvizHeader *hd;

          if (!hsviz_sf_read_string (h, l->data, "application_data.headers", FALSE, &value, error))
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
  a.response = (char *) response;
  hsviz_connection_set_application_data (session, &a);
  return TRUE;
}

/* client_certificate { subject, sha256, sent, der } | null: the certificate from its DER */
static gboolean
load_client_certificate (HsvizConnection *session,
                         JsonObject      *root,
                         GError         **error)
{
  JsonObject *o;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(HsvizCertificate) cert = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!hsviz_sf_read_object (root, "client_certificate", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!(der = hsviz_sf_read_base64 (o, "der", "client_certificate", 1024 * 1024, error)))
    return FALSE;
  if (!(cert = hsviz_certificate_new_from_der (der, &local_error)))
    return hsviz_sf_fail (error, "client_certificate.der", _("not a valid X.509 certificate: %s"),
                          local_error->message);
  hsviz_connection_set_client_certificate (session, der);
  return TRUE;
}

/* addresses { client: "ip:port", server: "ip:port" }, optional (docs/session-format.md) */
static gboolean
load_addresses (HsvizConnection *connection,
                JsonObject      *root,
                GError         **error)
{
  const char *names[] = { "client", "server" };
  const char *text[2] = { NULL, NULL };
  JsonObject *o;

  if (!hsviz_sf_read_object (root, "addresses", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GInetAddress) address = NULL;
      guint16 port;

      if (!hsviz_sf_read_string (o, names[i], "addresses", FALSE, &text[i], error))
        return FALSE;
      if ((address = hsviz_socket_address_parse (text[i], &port)) == NULL)
        {
          g_autofree char *where = g_strdup_printf ("addresses.%s", names[i]);

          return hsviz_sf_fail (error, where, _("“%s” is not an IP address and port"), text[i]);
        }
    }
  hsviz_connection_set_addresses (connection, text[0], text[1]);
  return TRUE;
}

/* started_at (optional): when the connection started, ISO 8601 */
static gboolean
load_started_at (HsvizConnection *connection,
                 JsonObject      *root,
                 GError         **error)
{
  g_autoptr(GDateTime) dt = NULL;
  const char *text = NULL;

  if (!hsviz_sf_read_string (root, "started_at", "", TRUE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if ((dt = g_date_time_new_from_iso8601 (text, NULL)) == NULL || g_date_time_to_unix (dt) <= 0)
    return hsviz_sf_fail (error, "started_at", _("“%s” is not an ISO 8601 date"), text);
  hsviz_connection_set_started_at (connection, g_date_time_to_unix (dt) * G_USEC_PER_SEC +
                                               g_date_time_get_microsecond (dt));
  return TRUE;
}

/* starttls { protocol, exchange: [ {direction, time_us, text} ] } | null
 * (docs/session-format.md) */
static gboolean
load_starttls (HsvizConnection *session,
               JsonObject      *root,
               GError         **error)
{
  JsonObject *o;
  JsonArray *exchange = NULL;
  const char *protocol = NULL;

  if (!hsviz_sf_read_object (root, "starttls", "", TRUE, &o, error))
    return FALSE;
  if (o == NULL)
    return TRUE;
  if (!hsviz_sf_read_string (o, "protocol", "starttls", FALSE, &protocol, error) ||
      !hsviz_sf_read_array (o, "exchange", "starttls", TRUE, 1000, &exchange, error))
    return FALSE;
  if (!hsviz_target_starttls_is_known (protocol))
    return hsviz_sf_fail (error, "starttls.protocol", _("unknown protocol “%s”"), protocol);
  hsviz_connection_set_starttls (session, protocol);
  for (guint i = 0; exchange != NULL && i < json_array_get_length (exchange); i++)
    {
      JsonNode *n = json_array_get_element (exchange, i);
      g_autofree char *where = g_strdup_printf ("starttls.exchange[%u]", i);
      HsvizDirection direction;
      const char *text;
      gint64 time_us;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return hsviz_sf_fail (error, where, _("expected an object"));
      if (!hsviz_sf_read_direction (json_node_get_object (n), where, &direction, error) ||
          !hsviz_sf_read_int (json_node_get_object (n), "time_us", where, FALSE, 0, G_MAXINT64, &time_us, error) ||
          !hsviz_sf_read_string (json_node_get_object (n), "text", where, FALSE, &text, error))
        return FALSE;
      hsviz_connection_add_cleartext (session, direction, time_us, text);
    }
  return TRUE;
}

static gboolean
load_misc (HsvizConnection *session,
           JsonObject   *root,
           GError      **error)
{
  HsvizTimings t = { -1, -1, -1, -1 };
  HsvizRevocation r = { 0 };
  JsonObject *o;

  if (!hsviz_sf_read_object (root, "timings", "", TRUE, &o, error) ||
      !hsviz_sf_read_int (o, "dns_us", "timings", TRUE, -1, G_MAXINT64, &t.dns_us, error) ||
      !hsviz_sf_read_int (o, "connect_us", "timings", TRUE, -1, G_MAXINT64, &t.connect_us, error) ||
      !hsviz_sf_read_int (o, "handshake_us", "timings", TRUE, -1, G_MAXINT64, &t.handshake_us, error) ||
      !hsviz_sf_read_int (o, "total_us", "timings", TRUE, -1, G_MAXINT64, &t.total_us, error))
    return FALSE;
  hsviz_connection_set_timings (session, &t);

  if (!hsviz_sf_read_object (root, "revocation", "", TRUE, &o, error) ||
      !hsviz_sf_read_string (o, "stapled", "revocation", TRUE, (const char **) &r.stapled, error) ||
      !hsviz_sf_read_string (o, "ocsp", "revocation", TRUE, (const char **) &r.ocsp, error) ||
      !hsviz_sf_read_string (o, "responder", "revocation", TRUE, (const char **) &r.responder, error) ||
      !hsviz_sf_read_string (o, "detail", "revocation", TRUE, (const char **) &r.detail, error))
    return FALSE;
  hsviz_connection_set_revocation (session, &r);

  /* early_data: offered and accepted are read from the messages (check_derived); the bytes
   * sent as 0-RTT are the capture's */
  {
    gint64 early_bytes = 0;

    if (!hsviz_sf_read_object (root, "early_data", "", TRUE, &o, error) ||
        !hsviz_sf_read_int (o, "bytes", "early_data", TRUE, 0, G_MAXUINT32, &early_bytes, error))
      return FALSE;
    hsviz_connection_set_early_data_bytes (session, (guint64) early_bytes);
  }
  return TRUE;
}

static gboolean
load_key_schedule (HsvizConnection *session,
                   JsonObject   *root,
                   GError      **error)
{
  JsonArray *ks;

  gboolean recompute;

  if (!hsviz_sf_read_array (root, "key_schedule", "", TRUE, 256, &ks, error))
    return FALSE;
  /* with the secrets, the schedule is recomputed by the same code as at capture time;
   * the file's entries are still checked */
  recompute = hsviz_connection_has_secrets (session);
  for (guint i = 0; ks && i < json_array_get_length (ks); i++)
    {
      JsonNode *n = json_array_get_element (ks, i);
      g_autofree char *where = g_strdup_printf ("key_schedule[%u]", i);
      const char *name, *formula = NULL, *value = NULL, *note = NULL;
      gboolean verified = FALSE;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return hsviz_sf_fail (error, where, _("expected an object"));
      o = json_node_get_object (n);
      if (!hsviz_sf_read_string (o, "name", where, FALSE, &name, error) ||
          !hsviz_sf_read_string (o, "formula", where, TRUE, &formula, error) ||
          !hsviz_sf_read_bool (o, "verified", where, FALSE, &verified, error) ||
          !hsviz_sf_read_string (o, "value", where, TRUE, &value, error) ||
          !hsviz_sf_read_string (o, "note", where, TRUE, &note, error))
        return FALSE;
      if (!recompute)
        hsviz_connection_add_key_schedule (session, name, formula, NULL, verified, note);
    }
  if (recompute)
    hsviz_key_schedule_compute (session);
  return TRUE;
}

/* The file's certificates must be the chain the Certificate message carried. */
static gboolean
check_certificates (HsvizConnection *session,
                    JsonObject   *root,
                    GError      **error)
{
  GPtrArray *derived = hsviz_connection_get_certificates (session);
  JsonArray *certs;

  /* as many as the Certificate message carries (each is checked against it below) */
  if (!hsviz_sf_read_array (root, "certificates", "", TRUE, MAX (64, derived->len), &certs, error))
    return FALSE;
  for (guint i = 0; certs && i < json_array_get_length (certs); i++)
    {
      JsonNode *n = json_array_get_element (certs, i);
      g_autofree char *where = g_strdup_printf ("certificates[%u]", i);
      g_autoptr(GBytes) der = NULL;
      g_autoptr(HsvizCertificate) cert = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return hsviz_sf_fail (error, where, _("expected an object"));
      if (!(der = hsviz_sf_read_base64 (json_node_get_object (n), "der", where, 1024 * 1024, error)))
        return FALSE;
      if (!(cert = hsviz_certificate_new_from_der (der, &local_error)))
        return hsviz_sf_fail (error, where, _("not a valid X.509 certificate: %s"), local_error->message);
      if (i >= derived->len ||
          !g_bytes_equal (((HsvizCertificate *) g_ptr_array_index (derived, i))->der, der))
        return hsviz_sf_fail (error, where, _("does not match the certificate the Certificate message carries"));
    }
  if (certs != NULL && json_array_get_length (certs) != derived->len)
    return hsviz_sf_fail (error, "certificates", _("lists %u certificates but the Certificate message carries %u"),
                 json_array_get_length (certs), derived->len);
  return TRUE;
}

/* The parsed facts the writer adds for readers of the JSON (protocol, suite, names, steps) are
 * recomputed from the bytes, never taken from the file: a newer table of names must not make an
 * older file unreadable.  They are checked for their type, and the raw facts they repeat
 * (randoms, lengths, indices, record headers) must match the bytes. */
static gboolean
check_derived (HsvizConnection *session,
               JsonObject   *root,
               GError      **error)
{
  static const KeyKind top[] = {
    { "protocol", KIND_STRING }, { "cipher_suite", KIND_OBJECT }, { "key_exchange", KIND_STRING },
    { "group", KIND_STRING }, { "signature_scheme", KIND_STRING },
    { "hello_retry_request", KIND_BOOL }, { "extended_master_secret", KIND_BOOL },
    { "offered_cipher_suites", KIND_ARRAY },   /* "alpn": a string in older files, an object now */
  };
  static const KeyKind suite[] = { { "id", KIND_STRING }, { "name", KIND_STRING } };
  static const KeyKind alpn[] = { { "offered", KIND_ARRAY }, { "selected", KIND_STRING } };
  static const KeyKind early[] = { { "offered", KIND_BOOL }, { "accepted", KIND_BOOL } };
  static const KeyKind message[] = { { "type", KIND_STRING }, { "step", KIND_INT } };
  static const KeyKind record[] = { { "step", KIND_INT } };
  static const KeyKind cert[] = {
    { "subject", KIND_STRING }, { "issuer", KIND_STRING }, { "serial", KIND_STRING },
    { "not_before", KIND_STRING }, { "not_after", KIND_STRING }, { "san", KIND_ARRAY },
    { "san_omitted", KIND_INT },
    { "public_key", KIND_OBJECT }, { "signature_algorithm", KIND_STRING },
    { "sha256", KIND_STRING }, { "sha1", KIND_STRING },
  };
  JsonObject *o;
  JsonArray *a;
  GPtrArray *records = hsviz_connection_get_records (session);

  if (!hsviz_sf_check_kinds (root, "", top, G_N_ELEMENTS (top), error) ||
      !hsviz_sf_check_random (root, "client_random", hsviz_connection_get_client_random (session), error) ||
      !hsviz_sf_check_random (root, "server_random", hsviz_connection_get_server_random (session), error) ||
      !hsviz_sf_read_object (root, "cipher_suite", "", TRUE, &o, error) ||
      (o && !hsviz_sf_check_kinds (o, "cipher_suite", suite, G_N_ELEMENTS (suite), error)))
    return FALSE;

  /* "alpn": the selected name (or null) in files written before version 2, now
   * { offered: [names], selected } */
  {
    JsonNode *n = json_object_get_member (root, "alpn");

    if (n != NULL && !JSON_NODE_HOLDS_NULL (n) &&
        !(JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING))
      {
        if (!hsviz_sf_read_object (root, "alpn", "", FALSE, &o, error) ||
            !hsviz_sf_check_kinds (o, "alpn", alpn, G_N_ELEMENTS (alpn), error) ||
            !hsviz_sf_read_array (o, "offered", "alpn", TRUE, 64, &a, error))
          return FALSE;
        for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
          {
            JsonNode *e = json_array_get_element (a, i);

            if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
              return hsviz_sf_fail (error, "alpn.offered", _("expected an array of strings"));
          }
      }
  }

  if (!hsviz_sf_read_object (root, "early_data", "", TRUE, &o, error) ||
      (o && !hsviz_sf_check_kinds (o, "early_data", early, G_N_ELEMENTS (early), error)))
    return FALSE;

  hsviz_sf_read_array (root, "offered_cipher_suites", "", TRUE, G_MAXUINT, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      g_autofree char *where = g_strdup_printf ("offered_cipher_suites[%u]", i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return hsviz_sf_fail (error, where, _("expected an object"));
      if (!hsviz_sf_check_kinds (json_node_get_object (n), where, suite, G_N_ELEMENTS (suite), error))
        return FALSE;
    }

  /* messages and records were checked to be objects while loading */
  hsviz_sf_read_array (root, "messages", "", FALSE, MAX_MESSAGES, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *m = json_array_get_object_element (a, i);
      g_autofree char *where = g_strdup_printf ("messages[%u]", i);
      gsize len = g_bytes_get_size (hsviz_message_get_bytes (hsviz_connection_get_message (session, i)));

      if (!hsviz_sf_check_kinds (m, where, message, G_N_ELEMENTS (message), error) ||
          !hsviz_sf_check_same (m, "index", where, i, _("its place in the list"), error) ||
          !hsviz_sf_check_same (m, "length", where, (gint64) len, _("the length of its bytes"), error))
        return FALSE;
    }
  hsviz_sf_read_array (root, "records", "", TRUE, MAX_RECORDS, &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *r = json_array_get_object_element (a, i);
      const HsvizRecord *rec;
      g_autofree char *where = g_strdup_printf ("records[%u]", i);

      if (i >= records->len)
        return hsviz_sf_fail (error, where, _("could not be stored"));
      rec = g_ptr_array_index (records, i);

      if (!hsviz_sf_check_kinds (r, where, record, G_N_ELEMENTS (record), error) ||
          !hsviz_sf_check_same (r, "index", where, i, _("its place in the list"), error) ||
          !hsviz_sf_check_same (r, "content_type", where, rec->content_type, _("the record header"), error) ||
          !hsviz_sf_check_same (r, "version", where, rec->version, _("the record header"), error) ||
          !hsviz_sf_check_same (r, "length", where, rec->length, _("the record header"), error))
        return FALSE;
    }
  hsviz_sf_read_array (root, "certificates", "", TRUE,
                       MAX (64, hsviz_connection_get_certificates (session)->len), &a, NULL);
  for (guint i = 0; a && i < json_array_get_length (a); i++)
    {
      JsonObject *c = json_array_get_object_element (a, i);
      g_autofree char *where = g_strdup_printf ("certificates[%u]", i);

      if (!hsviz_sf_check_kinds (c, where, cert, G_N_ELEMENTS (cert), error))
        return FALSE;
    }
  return TRUE;
}

/* source, resumed, resumed_from (version 2; a version-1 file is a capture, not resumed); read
 * first, as the key schedule of a resumed connection starts in the one it resumed */
static gboolean
load_provenance (HsvizConnection *connection,
                 JsonObject      *o,
                 guint            index,
                 GError         **error)
{
  const char *source = "capture";
  gboolean resumed = FALSE;
  gint64 from = -1;
  JsonNode *n;

  if (!hsviz_sf_read_string (o, "source", "", TRUE, &source, error) ||
      !hsviz_sf_read_bool (o, "resumed", "", TRUE, &resumed, error))
    return FALSE;
  if (source == NULL)
    source = "capture";
  if (!g_str_equal (source, "capture") && !g_str_equal (source, "import"))
    return hsviz_sf_fail (error, "source", _("“%s” is neither “capture” nor “import”"), source);
  n = json_object_get_member (o, "resumed_from");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!hsviz_sf_read_int (o, "resumed_from", "", FALSE, 0, G_MAXINT32, &from, error))
        return FALSE;
      if (!resumed)
        return hsviz_sf_fail (error, "resumed_from", _("a connection that did not resume names the one it resumed"));
      if (from >= index)
        return hsviz_sf_fail (error, "resumed_from", _("%d is not an earlier connection"), (int) from);
    }
  hsviz_connection_set_provenance (connection, source, resumed, (int) from);
  return TRUE;
}

HsvizConnection *
hsviz_sf_load_connection (HsvizSession *session,
                          JsonObject   *root,
                          guint         index,
                          GError      **error)
{
  g_autoptr(HsvizConnection) connection = hsviz_connection_new ();

  hsviz_session_add_connection (session, connection);

  if (!load_provenance (connection, root, index, error) ||
      !load_target (connection, root, error) ||
      !load_addresses (connection, root, error) ||
      !load_started_at (connection, root, error) ||
      !load_misc (connection, root, error) ||
      !load_messages (connection, root, error) ||
      !load_records (connection, root, error) ||
      !load_verification (connection, root, error) ||
      !load_application_data (connection, root, error) ||
      !load_starttls (connection, root, error) ||
      !load_client_certificate (connection, root, error) ||
      !load_secrets (connection, root, error) ||
      !load_outcome (connection, root, error))
    return NULL;

  hsviz_connection_complete (connection);

  if (!check_certificates (connection, root, error) ||
      !check_derived (connection, root, error) ||
      !hsviz_sf_check_plaintext_records (connection, error) ||
      !load_key_schedule (connection, root, error))
    return NULL;

  return g_steal_pointer (&connection);
}
