/* hsviz-connection.c — everything one TLS connection showed
 *
 * The raw facts (message bytes, records, key log, verdict, timings, ...) are stored; every parsed
 * fact (protocol, suite, group, randoms, offered suites, certificates, steps) is derived from
 * the bytes by update_derived(), the same code for a live capture and a reopened file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-session.h"
#include "hsviz-tables.h"


static void hsviz_connection_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsvizConnection, hsviz_connection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hsviz_connection_list_model_init))

enum { UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_INDEX,
  PROP_URL,
  PROP_HOST,
  PROP_VERSION,
  PROP_VERSION_NAME,
  PROP_CIPHER_SUITE,
  PROP_CIPHER_SUITE_NAME,
  PROP_KEY_EXCHANGE,
  PROP_GROUP,
  PROP_SUMMARY,
  PROP_COMPLETED,
  PROP_ERROR,
  PROP_N_MESSAGES,
  PROP_N_RECORDS,
  PROP_HAS_SECRETS,
  PROP_SOURCE,
  PROP_RESUMED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
hsviz_connection_finalize (GObject *object)
{
  HsvizConnection *self = (HsvizConnection *) object;

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->key_schedule, g_ptr_array_unref);
  hsviz_target_clear (&self->target);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->priority, g_free);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->cafile, g_free);
  hsviz_outcome_clear (&self->outcome);
  hsviz_verification_clear (&self->verification);
  hsviz_application_data_clear (&self->app);
  _hsviz_secrets_clear_keys (&self->secrets);
  g_clear_pointer (&self->secrets.keylog, g_ptr_array_unref);
  hsviz_revocation_clear (&self->revocation);
  _hsviz_connection_clear_trust (self);
  g_clear_pointer (&self->offered, g_array_unref);
  g_clear_pointer (&self->alpn, g_free);
  g_clear_pointer (&self->starttls, g_free);
  g_clear_pointer (&self->cleartext, g_ptr_array_unref);
  g_clear_pointer (&self->client_cert, hsviz_certificate_free);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->certificate_cache, g_hash_table_unref);
  g_clear_object (&self->timeline);
  g_clear_pointer (&self->record_steps, g_array_unref);

  G_OBJECT_CLASS (hsviz_connection_parent_class)->finalize (object);
}

static void
hsviz_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HsvizConnection *self = HSVIZ_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_URL:
      g_value_set_string (value, self->target.url);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->target.host);
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;
    case PROP_VERSION_NAME:
      g_value_set_string (value, self->version ? hsviz_version_display_name (self->version) : NULL);
      break;
    case PROP_CIPHER_SUITE:
      g_value_set_uint (value, self->cipher_suite);
      break;
    case PROP_CIPHER_SUITE_NAME:
      g_value_set_string (value, self->cipher_suite ? hsviz_cipher_suite_name (self->cipher_suite) : NULL);
      break;
    case PROP_KEY_EXCHANGE:
      g_value_set_string (value, self->kx != HSVIZ_KX_UNKNOWN ? hsviz_key_exchange_name (self->kx) : NULL);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group ? hsviz_group_short_name (self->group) : NULL);
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, hsviz_connection_dup_summary (self));
      break;
    case PROP_COMPLETED:
      g_value_set_boolean (value, self->outcome.completed);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->outcome.error);
      break;
    case PROP_N_MESSAGES:
      g_value_set_uint (value, self->messages->len);
      break;
    case PROP_N_RECORDS:
      g_value_set_uint (value, self->records->len);
      break;
    case PROP_HAS_SECRETS:
      g_value_set_boolean (value, hsviz_connection_has_secrets (self));
      break;
    case PROP_SOURCE:
      g_value_set_string (value, hsviz_connection_get_source (self));
      break;
    case PROP_RESUMED:
      g_value_set_boolean (value, self->resumed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_connection_class_init (HsvizConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hsviz_connection_finalize;
  object_class->get_property = hsviz_connection_get_property;

  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_VERSION_NAME] = g_param_spec_string ("version-name", NULL, NULL, NULL, flags);
  properties[PROP_CIPHER_SUITE] = g_param_spec_uint ("cipher-suite", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_CIPHER_SUITE_NAME] = g_param_spec_string ("cipher-suite-name", NULL, NULL, NULL, flags);
  properties[PROP_KEY_EXCHANGE] = g_param_spec_string ("key-exchange", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_COMPLETED] = g_param_spec_boolean ("completed", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_RECORDS] = g_param_spec_uint ("n-records", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HAS_SECRETS] = g_param_spec_boolean ("has-secrets", NULL, NULL, FALSE, flags);
  /* set once, before the connection is shown */
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, "capture", flags);
  properties[PROP_RESUMED] = g_param_spec_boolean ("resumed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hsviz_connection_init (HsvizConnection *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->records = g_ptr_array_new_with_free_func (_hsviz_record_free);
  self->key_schedule = g_ptr_array_new_with_free_func (_hsviz_key_schedule_entry_free);
  self->secrets.keylog = g_ptr_array_new_with_free_func (_hsviz_keylog_entry_free);
  self->offered = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  self->outcome.error_code = -1;
  self->resumed_from = -1;
  self->timings.dns_us = self->timings.connect_us = -1;
  self->timings.handshake_us = self->timings.total_us = -1;
  self->timeline = _hsviz_timeline_new ();
  self->timeline_dirty = TRUE;
}

/* ---- GListModel ---- */

static GType
hsviz_connection_get_item_type (GListModel *model)
{
  return HSVIZ_TYPE_MESSAGE;
}

static guint
hsviz_connection_get_n_items (GListModel *model)
{
  return HSVIZ_CONNECTION (model)->messages->len;
}

static gpointer
hsviz_connection_get_item (GListModel *model,
                        guint       position)
{
  HsvizConnection *self = HSVIZ_CONNECTION (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
hsviz_connection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hsviz_connection_get_item_type;
  iface->get_n_items = hsviz_connection_get_n_items;
  iface->get_item = hsviz_connection_get_item;
}

HsvizConnection *
hsviz_connection_new (void)
{
  return g_object_new (HSVIZ_TYPE_CONNECTION, NULL);
}

/* What the properties showed when they were last notified. */
typedef struct
{
  guint16  version;
  guint16  cipher_suite;
  guint16  group;
  HsvizKeyExchange kx;
  gboolean completed;
  gboolean failed;
  guint    n_messages;
  guint    n_records;
  gboolean has_secrets;
} Shown;

static void
shown_take (HsvizConnection *self,
            Shown           *shown)
{
  shown->version = self->version;
  shown->cipher_suite = self->cipher_suite;
  shown->group = self->group;
  shown->kx = self->kx;
  shown->completed = self->outcome.completed;
  shown->failed = self->outcome.error != NULL;
  shown->n_messages = self->messages->len;
  shown->n_records = self->records->len;
  shown->has_secrets = hsviz_connection_has_secrets (self);
}

/* Notifies the properties whose value differs from @before (taken before the change). */
static void
notify_changed (HsvizConnection *self,
                const Shown     *before)
{
  Shown now;

  shown_take (self, &now);
  g_object_freeze_notify (G_OBJECT (self));
  if (now.version != before->version)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION_NAME]);
    }
  if (now.cipher_suite != before->cipher_suite)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CIPHER_SUITE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CIPHER_SUITE_NAME]);
    }
  if (now.kx != before->kx)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_EXCHANGE]);
  if (now.group != before->group)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  if (now.version != before->version || now.cipher_suite != before->cipher_suite ||
      now.group != before->group || now.kx != before->kx || now.completed != before->completed ||
      now.failed != before->failed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  if (now.completed != before->completed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED]);
  if (now.failed != before->failed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (now.n_messages != before->n_messages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MESSAGES]);
  if (now.n_records != before->n_records)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECORDS]);
  if (now.has_secrets != before->has_secrets)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SECRETS]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* After a change: the properties that changed notify, then "updated" fires. */
static void
emit_updated (HsvizConnection *self,
              const Shown     *before)
{
  _hsviz_connection_invalidate_timeline (self);
  notify_changed (self, before);
  g_signal_emit (self, signals[UPDATED], 0);
}

void
_hsviz_connection_set_session (HsvizConnection *self,
                               HsvizSession    *session,
                               guint            index)
{
  self->session = session;
  if (self->index != index)
    {
      self->index = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
    }
}

/* ---- building ---- */

void
hsviz_connection_set_target (HsvizConnection      *self,
                          const HsvizTarget *target)
{
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (target != NULL);
  shown_take (self, &before);

  hsviz_target_clear (&self->target);
  self->target.url = g_strdup (target->url);
  self->target.host = g_strdup (target->host);
  self->target.port = target->port;
  self->target.path = g_strdup (target->path);
  self->target.servername = g_strdup (target->servername);
  self->target.address = g_strdup (target->address);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
  emit_updated (self, &before);
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
  Shown before;
  HsvizParseContext ctx;
  HsvizMessage *msg;
  guint position;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  shown_take (self, &before);

  ctx = _hsviz_connection_current_context (self);
  ctx.direction = direction;
  position = self->messages->len;
  msg = hsviz_message_new (position, direction, time_us, bytes, &ctx);
  g_ptr_array_add (self->messages, msg);
  _hsviz_connection_update_derived (self, FALSE);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  notify_changed (self, &before);
  return msg;
}

const HsvizRecord *
hsviz_connection_add_record (HsvizConnection   *self,
                          HsvizDirection  direction,
                          gint64          time_us,
                          GBytes         *bytes)
{
  Shown before;
  HsvizRecord *r;
  const guint8 *p;
  gsize len;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  shown_take (self, &before);

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
  emit_updated (self, &before);
  return r;
}

void
hsviz_connection_add_keylog (HsvizConnection *self,
                          const char   *label,
                          const char   *client_random_hex,
                          const char   *secret_hex,
                          gint64        time_us)
{
  Shown before;
  HsvizKeylogEntry *e;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (label != NULL && client_random_hex != NULL && secret_hex != NULL);
  shown_take (self, &before);

  e = g_new0 (HsvizKeylogEntry, 1);
  e->label = g_strdup (label);
  e->client_random = g_ascii_strdown (client_random_hex, -1);
  e->secret = g_ascii_strdown (secret_hex, -1);
  e->time_us = time_us;
  e->after_message = self->messages->len;
  g_ptr_array_add (self->secrets.keylog, e);
  self->secrets_stripped = FALSE;
  emit_updated (self, &before);
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
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (v != NULL);
  shown_take (self, &before);

  hsviz_verification_clear (&self->verification);
  self->verification = *v;
  self->verification.status_strings = g_strdupv (v->status_strings);
  self->verification.text = g_strdup (v->text);
  self->verification.checked_name = g_strdup (v->checked_name);
  self->verification.trust_store = g_strdup (v->trust_store);
  emit_updated (self, &before);
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
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (a != NULL);
  shown_take (self, &before);

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
  emit_updated (self, &before);
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
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  shown_take (self, &before);

  replace_bytes (&self->secrets.master_secret, master_secret);
  replace_bytes (&self->secrets.client_write_key, client_write_key);
  replace_bytes (&self->secrets.server_write_key, server_write_key);
  replace_bytes (&self->secrets.client_write_iv, client_write_iv);
  replace_bytes (&self->secrets.server_write_iv, server_write_iv);
  replace_bytes (&self->secrets.client_write_mac_key, client_write_mac_key);
  replace_bytes (&self->secrets.server_write_mac_key, server_write_mac_key);
  emit_updated (self, &before);
}

void
hsviz_connection_set_pre_master_secret (HsvizConnection *self,
                                     GBytes       *pms)
{
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  shown_take (self, &before);
  replace_bytes (&self->secrets.pre_master_secret, pms);
  emit_updated (self, &before);
}

void
hsviz_connection_add_key_schedule (HsvizConnection *self,
                                const char   *name,
                                const char   *formula,
                                const char   *value_hex,
                                gboolean      verified,
                                const char   *note)
{
  HsvizKeyScheduleEntry *e;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  e = g_new0 (HsvizKeyScheduleEntry, 1);
  e->name = g_strdup (name);
  e->formula = g_strdup (formula);
  e->value = g_strdup (value_hex);
  e->verified = verified;
  e->note = g_strdup (note);
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
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (r != NULL);
  shown_take (self, &before);

  hsviz_revocation_clear (&self->revocation);
  self->revocation.stapled = g_strdup (r->stapled);
  self->revocation.ocsp = g_strdup (r->ocsp);
  self->revocation.responder = g_strdup (r->responder);
  self->revocation.detail = g_strdup (r->detail);
  emit_updated (self, &before);
}

void
hsviz_connection_set_outcome (HsvizConnection       *self,
                           const HsvizOutcome *o)
{
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (o != NULL);
  shown_take (self, &before);

  hsviz_outcome_clear (&self->outcome);
  self->outcome = *o;
  self->outcome.error = g_strdup (o->error);
  self->outcome.failed_at = g_strdup (o->failed_at);
  emit_updated (self, &before);
}

void
hsviz_connection_strip_secrets (HsvizConnection *self)
{
  Shown before;
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  shown_take (self, &before);

  g_ptr_array_set_size (self->secrets.keylog, 0);
  _hsviz_secrets_clear_keys (&self->secrets);
  for (guint i = 0; i < self->key_schedule->len; i++)
    {
      HsvizKeyScheduleEntry *e = g_ptr_array_index (self->key_schedule, i);

      g_clear_pointer (&e->value, g_free);
    }
  self->secrets_stripped = TRUE;
  emit_updated (self, &before);
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
  Shown before;
  HsvizParseContext ctx;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  shown_take (self, &before);

  /* The negotiated version and suite are known now: parse every message with them. */
  _hsviz_connection_update_derived (self, TRUE);
  ctx = _hsviz_connection_current_context (self);
  for (guint i = 0; i < self->messages->len; i++)
    {
      /* a chain read from a message parsed again is read again */
      if (hsviz_message_reparse (g_ptr_array_index (self->messages, i), &ctx) &&
          i + 1 == self->certificates_from)
        self->certificates_from = G_MAXSIZE;
    }
  _hsviz_connection_update_derived (self, TRUE);
  _hsviz_connection_derive_trust (self);
  emit_updated (self, &before);
}

/* ---- reading ---- */

guint
hsviz_connection_get_index (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->index;
}

const HsvizTarget *
hsviz_connection_get_target (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->target;
}

const char *
hsviz_connection_get_source (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->imported ? "import" : "capture";
}

gboolean
hsviz_connection_is_resumed (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  return self->resumed;
}

int
hsviz_connection_get_resumed_from (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), -1);
  return self->resumed_from;
}

const char *
hsviz_connection_get_note (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->note;
}

const char *
hsviz_connection_get_priority (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->priority;
}

const char *
hsviz_connection_get_preset (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->preset;
}

const char *
hsviz_connection_get_cafile (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->cafile;
}

const HsvizOutcome *
hsviz_connection_get_outcome (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->outcome;
}

guint16
hsviz_connection_get_version (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->version;
}

guint16
hsviz_connection_get_cipher_suite (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->cipher_suite;
}

HsvizKeyExchange
hsviz_connection_get_key_exchange (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), HSVIZ_KX_UNKNOWN);
  return self->kx;
}

guint16
hsviz_connection_get_group (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->group;
}

guint
hsviz_connection_get_dh_prime_bits (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->dh_prime_bits;
}

char *
hsviz_connection_dup_group_name (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (self->group != 0)
    return g_strdup (hsviz_group_name (self->group));
  if (self->dh_prime_bits != 0)
    return g_strdup_printf (_("custom %u-bit group"), self->dh_prime_bits);
  return NULL;
}

GStrv
hsviz_connection_dup_alpn_offered (HsvizConnection *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  HsvizMessage *hello;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  hello = hsviz_connection_find_message (self, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT, FALSE);
  if (hello != NULL)
    {
      HsvizField *ext = hsviz_field_find_extension (hsviz_message_get_fields (hello), 16);
      g_autoptr(GPtrArray) names = hsviz_field_collect (ext, "protocol");

      for (guint i = 0; i < names->len; i++)
        if (hsviz_field_get_value (g_ptr_array_index (names, i)) != NULL)
          g_strv_builder_add (builder, hsviz_field_get_value (g_ptr_array_index (names, i)));
    }
  return g_strv_builder_end (builder);
}

const char *
hsviz_connection_get_renegotiation_note (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (hsviz_connection_find_message (self, HSVIZ_HS_HELLO_REQUEST, HSVIZ_DIRECTION_SERVER, FALSE) == NULL)
    return NULL;
  return _("The server sent a HelloRequest: it asked for a new handshake on this connection "
           "(renegotiation, TLS 1.2). HandshakeViz does not renegotiate; it answered with a "
           "no_renegotiation warning alert and went on with the connection as it was.");
}

guint16
hsviz_connection_get_signature_scheme (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->signature_scheme;
}

gboolean
hsviz_connection_had_hello_retry (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  return self->hello_retry;
}

gboolean
hsviz_connection_uses_extended_master_secret (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  return self->version != HSVIZ_VERSION_TLS13 && self->client_ems && self->server_ems;
}

const guint8 *
hsviz_connection_get_client_random (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->has_client_random ? self->client_random : NULL;
}

const guint8 *
hsviz_connection_get_server_random (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->has_server_random ? self->server_random : NULL;
}

HsvizDowngrade
hsviz_connection_get_downgrade_sentinel (HsvizConnection *self)
{
  static const guint8 downgrd[7] = { 0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44 };

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), HSVIZ_DOWNGRADE_NONE);

  if (!self->has_server_random || memcmp (self->server_random + 24, downgrd, 7) != 0)
    return HSVIZ_DOWNGRADE_NONE;
  if (self->server_random[31] == 0x01)
    return HSVIZ_DOWNGRADE_TLS12;
  if (self->server_random[31] == 0x00)
    return HSVIZ_DOWNGRADE_TLS11;
  return HSVIZ_DOWNGRADE_NONE;
}

guint16
hsviz_connection_get_client_max_version (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->client_max_version;
}

gboolean
hsviz_connection_downgrade_detected (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);

  switch (hsviz_connection_get_downgrade_sentinel (self))
    {
    case HSVIZ_DOWNGRADE_TLS12:
      return self->client_max_version >= HSVIZ_VERSION_TLS13;
    case HSVIZ_DOWNGRADE_TLS11:
      return self->client_max_version >= HSVIZ_VERSION_TLS12;
    case HSVIZ_DOWNGRADE_NONE:
    default:
      return FALSE;
    }
}

const guint16 *
hsviz_connection_get_offered_suites (HsvizConnection *self,
                                  guint        *n)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  if (n != NULL)
    *n = self->offered->len;
  return (const guint16 *) (gpointer) self->offered->data;
}

const char *
hsviz_connection_get_alpn (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->alpn;
}

guint
hsviz_connection_get_n_messages (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->messages->len;
}

HsvizMessage *
hsviz_connection_get_message (HsvizConnection *self,
                           guint         i)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (i < self->messages->len, NULL);
  return g_ptr_array_index (self->messages, i);
}

GPtrArray *
hsviz_connection_get_records (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->records;
}

GPtrArray *
hsviz_connection_get_certificates (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->certificates;
}

const HsvizVerification *
hsviz_connection_get_verification (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->verification;
}

const HsvizTimings *
hsviz_connection_get_timings (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->timings;
}

const HsvizApplicationData *
hsviz_connection_get_application_data (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->app;
}

const HsvizSecrets *
hsviz_connection_get_secrets (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->secrets;
}

gboolean
hsviz_connection_has_secrets (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  return self->secrets.keylog->len > 0 || self->secrets.client_write_key != NULL;
}

gboolean
hsviz_connection_secrets_stripped (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  return self->secrets_stripped;
}

GPtrArray *
hsviz_connection_get_key_schedule (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->key_schedule;
}

const HsvizRevocation *
hsviz_connection_get_revocation (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->revocation;
}

HsvizStep
hsviz_connection_step_for_action (HsvizConnection *self,
                               HsvizAction   action)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), HSVIZ_STEP_NONE);
  return hsviz_step_for_action (self->version, action);
}

char *
hsviz_connection_dup_nss_keylog (HsvizConnection *self)
{
  GString *s;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (self->secrets.keylog->len == 0)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < self->secrets.keylog->len; i++)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (self->secrets.keylog, i);

      g_string_append_printf (s, "%s %s %s\n", e->label, e->client_random, e->secret);
    }
  return g_string_free (s, FALSE);
}

char *
hsviz_connection_dup_summary (HsvizConnection *self)
{
  GString *s;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  s = g_string_new (NULL);
  if (self->version == 0)
    g_string_append (s, _("no ServerHello"));
  else
    g_string_append (s, hsviz_version_display_name (self->version));
  if (self->cipher_suite != 0)
    g_string_append_printf (s, " · %s", hsviz_cipher_suite_name (self->cipher_suite));
  if (self->group != 0)
    g_string_append_printf (s, " · %s", hsviz_group_short_name (self->group));
  else if (self->dh_prime_bits != 0)
    g_string_append_printf (s, " · %s", _("DHE, custom group"));
  else if (self->kx != HSVIZ_KX_UNKNOWN)
    g_string_append_printf (s, " · %s", hsviz_key_exchange_name (self->kx));
  if (!self->outcome.completed && self->outcome.error != NULL)
    g_string_append_printf (s, " · %s", _("failed"));
  return g_string_free (s, FALSE);
}

char *
hsviz_connection_dup_title (HsvizConnection *self)
{
  g_autofree char *group = NULL;
  GString *s;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (!self->outcome.completed && self->outcome.error != NULL)
    {
      if (self->outcome.has_alert)
        return g_strdup_printf (_("A failed handshake: the %s alert"),
                                hsviz_alert_name (self->outcome.alert_description));
      return g_strdup (_("A failed handshake"));
    }
  if (self->version == 0)
    return g_strdup (_("An unfinished handshake"));

  s = g_string_new (hsviz_version_display_name (self->version));
  group = hsviz_connection_dup_group_name (self);
  g_string_append (s, ", ");
  if (self->kx == HSVIZ_KX_RSA)
    g_string_append (s, _("RSA key transport"));
  else if (group != NULL && self->kx != HSVIZ_KX_TLS13 && self->kx != HSVIZ_KX_UNKNOWN)
    /* Translators: "ECDHE key exchange with X25519" */
    g_string_append_printf (s, _("%s key exchange with %s"), hsviz_key_exchange_name (self->kx), group);
  else if (group != NULL)
    g_string_append_printf (s, _("key exchange with %s"), group);
  else
    g_string_truncate (s, s->len - 2);
  if (self->hello_retry)
    g_string_append_printf (s, ", %s", _("after a HelloRetryRequest"));
  if (self->version == HSVIZ_VERSION_TLS12 && !hsviz_connection_uses_extended_master_secret (self))
    g_string_append_printf (s, ", %s", _("without extended master secret"));
  return g_string_free (s, FALSE);
}

guint
hsviz_connection_count_round_trips (HsvizConnection *self)
{
  HsvizDirection last = HSVIZ_DIRECTION_CLIENT;
  guint flights = 0;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);

  /* The server's flights up to its Finished: the client waits for each before it can go on,
   * and may send application data once it has the server's Finished. */
  for (guint i = 0; i < self->messages->len; i++)
    {
      HsvizMessage *message = g_ptr_array_index (self->messages, i);
      HsvizDirection direction = hsviz_message_get_direction (message);

      if (direction == HSVIZ_DIRECTION_SERVER && last != HSVIZ_DIRECTION_SERVER)
        flights++;
      last = direction;
      if (direction == HSVIZ_DIRECTION_SERVER && hsviz_message_get_type_code (message) == HSVIZ_HS_FINISHED)
        break;
    }
  return flights;
}

HsvizMessage *
hsviz_connection_find_message (HsvizConnection   *session,
                            guint8          type_code,
                            HsvizDirection  direction,
                            gboolean        last)
{
  HsvizMessage *found = NULL;
  guint n;

  if (session == NULL)
    return NULL;

  n = hsviz_connection_get_n_messages (session);
  for (guint i = 0; i < n; i++)
    {
      HsvizMessage *message = hsviz_connection_get_message (session, i);

      if (hsviz_message_get_type_code (message) != type_code ||
          hsviz_message_get_direction (message) != direction ||
          hsviz_message_is_hello_retry (message))
        continue;

      found = message;
      if (!last)
        break;
    }

  return found;
}
