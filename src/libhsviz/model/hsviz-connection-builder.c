/* hsviz-connection-builder.c — how a connection is filled: the mutators of
 * hsviz-connection-builder.h, shared by the capture engine, the session-file loader and the
 * pcap importer.  Each change notifies the properties it changed and emits "updated".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-session.h"
#include "hsviz-tables.h"

/* ---- building ---- */

void
hsviz_connection_set_target (HsvizConnection      *self,
                          const HsvizTarget *target)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (target != NULL);
  _hsviz_connection_shown_take (self, &before);

  hsviz_target_clear (&self->target);
  self->target.url = g_strdup (target->url);
  self->target.host = g_strdup (target->host);
  self->target.port = target->port;
  self->target.path = g_strdup (target->path);
  self->target.servername = g_strdup (target->servername);
  self->target.address = g_strdup (target->address);
  g_object_notify (G_OBJECT (self), "url");
  g_object_notify (G_OBJECT (self), "host");
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_provenance (HsvizConnection *self,
                                 const char      *source,
                                 gboolean         resumed,
                                 int              resumed_from)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (g_strcmp0 (source, "capture") == 0 || g_strcmp0 (source, "import") == 0);
  g_return_if_fail (resumed || resumed_from < 0);

  self->imported = g_str_equal (source, "import");
  self->resumed = resumed;
  self->resumed_from = resumed_from < 0 ? -1 : resumed_from;
}

void
hsviz_connection_set_note (HsvizConnection *self,
                           const char      *note)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  g_free (self->note);
  self->note = g_strdup (note);
}

void
hsviz_connection_set_certificate_cache (HsvizConnection *self,
                                        GHashTable      *cache)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  if (cache != NULL)
    g_hash_table_ref (cache);
  g_clear_pointer (&self->certificate_cache, g_hash_table_unref);
  self->certificate_cache = cache;
}

void
hsviz_connection_set_settings (HsvizConnection *self,
                            const char   *priority,
                            const char   *preset,
                            const char   *cafile)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  g_free (self->priority);
  g_free (self->preset);
  g_free (self->cafile);
  self->priority = g_strdup (priority);
  self->preset = g_strdup (preset);
  self->cafile = g_strdup (cafile);
}

HsvizMessage *
hsviz_connection_add_message (HsvizConnection   *self,
                           HsvizDirection  direction,
                           gint64          time_us,
                           GBytes         *bytes)
{
  HsvizConnectionShown before;
  HsvizParseContext ctx;
  HsvizMessage *msg;
  guint position;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  _hsviz_connection_shown_take (self, &before);

  ctx = _hsviz_connection_current_context (self);
  ctx.direction = direction;
  position = self->messages->len;
  msg = hsviz_message_new (position, direction, time_us, bytes, &ctx);
  g_ptr_array_add (self->messages, msg);
  _hsviz_connection_update_derived (self, FALSE);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  _hsviz_connection_notify_changed (self, &before);
  return msg;
}

const HsvizRecord *
hsviz_connection_add_record (HsvizConnection   *self,
                          HsvizDirection  direction,
                          gint64          time_us,
                          GBytes         *bytes)
{
  HsvizConnectionShown before;
  HsvizRecord *r;
  const guint8 *p;
  gsize len;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  _hsviz_connection_shown_take (self, &before);

  p = g_bytes_get_data (bytes, &len);
  r = g_new0 (HsvizRecord, 1);
  r->index = self->records->len;
  r->direction = direction;
  r->time_us = time_us;
  r->bytes = g_bytes_ref (bytes);
  if (len >= 5)
    {
      r->content_type = p[0];
      r->version = (guint16) ((p[1] << 8) | p[2]);
      r->length = (guint16) ((p[3] << 8) | p[4]);
    }

  g_ptr_array_add (self->records, r);
  _hsviz_connection_emit_updated (self, &before);
  return r;
}

void
hsviz_connection_add_keylog (HsvizConnection *self,
                          const char   *label,
                          const char   *client_random_hex,
                          const char   *secret_hex,
                          gint64        time_us)
{
  HsvizConnectionShown before;
  HsvizKeylogEntry *e;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (label != NULL && client_random_hex != NULL && secret_hex != NULL);
  _hsviz_connection_shown_take (self, &before);

  e = g_new0 (HsvizKeylogEntry, 1);
  e->label = g_strdup (label);
  e->client_random = g_ascii_strdown (client_random_hex, -1);
  e->secret = g_ascii_strdown (secret_hex, -1);
  e->time_us = time_us;
  e->after_message = self->messages->len;
  g_ptr_array_add (self->secrets.keylog, e);
  self->secrets_stripped = FALSE;
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_last_keylog_position (HsvizConnection *self,
                                        guint         after_message)
{
  HsvizKeylogEntry *e;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (self->secrets.keylog->len > 0);

  e = g_ptr_array_index (self->secrets.keylog, self->secrets.keylog->len - 1);
  e->after_message = after_message;
}

void
hsviz_connection_set_verification (HsvizConnection            *self,
                                const HsvizVerification *v)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (v != NULL);
  _hsviz_connection_shown_take (self, &before);

  hsviz_verification_clear (&self->verification);
  self->verification = *v;
  self->verification.status_strings = g_strdupv (v->status_strings);
  self->verification.text = g_strdup (v->text);
  self->verification.checked_name = g_strdup (v->checked_name);
  self->verification.trust_store = g_strdup (v->trust_store);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_timings (HsvizConnection       *self,
                           const HsvizTimings *t)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  self->timings = *t;
}

void
hsviz_connection_set_application_data (HsvizConnection               *self,
                                    const HsvizApplicationData *a)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (a != NULL);
  _hsviz_connection_shown_take (self, &before);

  hsviz_application_data_clear (&self->app);
  self->app.present = a->present;
  self->app.request = g_strdup (a->request);
  self->app.status = a->status;
  self->app.http_version = g_strdup (a->http_version);
  self->app.reason = g_strdup (a->reason);
  self->app.bytes_sent = a->bytes_sent;
  self->app.bytes_received = a->bytes_received;
  self->app.response = g_strdup (a->response);
  self->app.headers = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_header_free);
  if (a->headers != NULL)
    for (guint i = 0; i < a->headers->len; i++)
      {
        const HsvizHeader *h = g_ptr_array_index (a->headers, i);
        HsvizHeader *copy = g_new0 (HsvizHeader, 1);

        copy->name = g_strdup (h->name);
        copy->value = g_strdup (h->value);
        g_ptr_array_add (self->app.headers, copy);
      }
  _hsviz_connection_emit_updated (self, &before);
}

static void
replace_bytes (GBytes **slot,
               GBytes  *value)
{
  g_clear_pointer (slot, g_bytes_unref);
  if (value != NULL && g_bytes_get_size (value) > 0)
    *slot = g_bytes_ref (value);
}

void
hsviz_connection_set_record_keys (HsvizConnection *self,
                               GBytes       *master_secret,
                               GBytes       *client_write_key,
                               GBytes       *server_write_key,
                               GBytes       *client_write_iv,
                               GBytes       *server_write_iv,
                               GBytes       *client_write_mac_key,
                               GBytes       *server_write_mac_key)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  _hsviz_connection_shown_take (self, &before);

  replace_bytes (&self->secrets.master_secret, master_secret);
  replace_bytes (&self->secrets.client_write_key, client_write_key);
  replace_bytes (&self->secrets.server_write_key, server_write_key);
  replace_bytes (&self->secrets.client_write_iv, client_write_iv);
  replace_bytes (&self->secrets.server_write_iv, server_write_iv);
  replace_bytes (&self->secrets.client_write_mac_key, client_write_mac_key);
  replace_bytes (&self->secrets.server_write_mac_key, server_write_mac_key);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_pre_master_secret (HsvizConnection *self,
                                     GBytes       *pms)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  _hsviz_connection_shown_take (self, &before);
  replace_bytes (&self->secrets.pre_master_secret, pms);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_resumption_master_secret (HsvizConnection *self,
                                               GBytes          *secret)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  _hsviz_connection_shown_take (self, &before);
  replace_bytes (&self->secrets.resumption_master_secret, secret);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_add_key_schedule (HsvizConnection *self,
                                const char   *name,
                                const char   *formula,
                                const char   *value_hex,
                                gboolean      verified,
                                const char   *note)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  _hsviz_connection_take_key_schedule (self, g_strdup (name), g_strdup (formula), g_strdup (value_hex),
                                       verified, g_strdup (note));
}

void
_hsviz_connection_take_key_schedule (HsvizConnection *self,
                                     char            *name,
                                     char            *formula,
                                     char            *value_hex,
                                     gboolean         verified,
                                     char            *note)
{
  HsvizKeyScheduleEntry *e;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  e = g_new0 (HsvizKeyScheduleEntry, 1);
  e->name = name;
  e->formula = formula;
  e->value = value_hex;
  e->verified = verified;
  e->note = note;
  g_ptr_array_add (self->key_schedule, e);
  _hsviz_connection_invalidate_timeline (self);
}

void
hsviz_connection_clear_key_schedule (HsvizConnection *self)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_ptr_array_set_size (self->key_schedule, 0);
  _hsviz_connection_invalidate_timeline (self);
}

void
hsviz_connection_set_revocation (HsvizConnection          *self,
                              const HsvizRevocation *r)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (r != NULL);
  _hsviz_connection_shown_take (self, &before);

  hsviz_revocation_clear (&self->revocation);
  self->revocation.stapled = g_strdup (r->stapled);
  self->revocation.ocsp = g_strdup (r->ocsp);
  self->revocation.responder = g_strdup (r->responder);
  self->revocation.detail = g_strdup (r->detail);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_set_outcome (HsvizConnection       *self,
                           const HsvizOutcome *o)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (o != NULL);
  _hsviz_connection_shown_take (self, &before);

  hsviz_outcome_clear (&self->outcome);
  self->outcome = *o;
  self->outcome.error = g_strdup (o->error);
  self->outcome.failed_at = g_strdup (o->failed_at);
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_strip_secrets (HsvizConnection *self)
{
  HsvizConnectionShown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  _hsviz_connection_shown_take (self, &before);

  g_ptr_array_set_size (self->secrets.keylog, 0);
  _hsviz_secrets_clear_keys (&self->secrets);
  for (guint i = 0; i < self->key_schedule->len; i++)
    {
      HsvizKeyScheduleEntry *e = g_ptr_array_index (self->key_schedule, i);

      g_clear_pointer (&e->value, g_free);
    }
  self->secrets_stripped = TRUE;
  _hsviz_connection_emit_updated (self, &before);
}

void
hsviz_connection_mark_secrets_stripped (HsvizConnection *self)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  self->secrets_stripped = TRUE;
}

void
hsviz_connection_complete (HsvizConnection *self)
{
  HsvizConnectionShown before;
  HsvizParseContext ctx;
  gboolean reparsed = FALSE;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  _hsviz_connection_shown_take (self, &before);

  /* The negotiated version and suite are known now: parse every message with them. */
  _hsviz_connection_update_derived (self, TRUE);
  ctx = _hsviz_connection_current_context (self);
  for (guint i = 0; i < self->messages->len; i++)
    {
      if (!hsviz_message_reparse (g_ptr_array_index (self->messages, i), &ctx))
        continue;
      reparsed = TRUE;
      /* a chain read from a message parsed again is read again */
      if (i + 1 == self->certificates_from)
        self->certificates_from = G_MAXSIZE;
    }
  /* what the messages say again, when one of them now says something else */
  if (reparsed)
    _hsviz_connection_update_derived (self, TRUE);
  _hsviz_connection_derive_trust (self);
  _hsviz_connection_emit_updated (self, &before);
}

