/* hsviz-connection.c — everything one TLS connection showed: the object, its properties and
 * its getters
 *
 * The raw facts (message bytes, records, key log, verdict, timings, ...) are stored by the
 * builder (hsviz-connection-builder.c); every parsed fact (protocol, suite, group, randoms,
 * offered suites, certificates) is derived from the bytes by hsviz-connection-derive.c, the
 * same code for a live capture, a reopened file and an import.
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
  g_clear_pointer (&self->client_address, g_free);
  g_clear_pointer (&self->server_address, g_free);
  g_clear_pointer (&self->cleartext, g_ptr_array_unref);
  g_clear_pointer (&self->client_cert, hsviz_certificate_free);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->certificate_cache, g_hash_table_unref);
  g_clear_object (&self->timeline);
  g_clear_pointer (&self->record_steps, g_array_unref);
  _hsviz_connection_clear_traffic_keys (self);
  _hsviz_connection_clear_plains (self);

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

void
_hsviz_connection_shown_take (HsvizConnection      *self,
                              HsvizConnectionShown *shown)
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
void
_hsviz_connection_notify_changed (HsvizConnection            *self,
                                  const HsvizConnectionShown *before)
{
  HsvizConnectionShown now;
  GParamSpec *changed[N_PROPS];
  guint n = 0;

  _hsviz_connection_shown_take (self, &now);
  if (now.version != before->version)
    {
      changed[n++] = properties[PROP_VERSION];
      changed[n++] = properties[PROP_VERSION_NAME];
    }
  if (now.cipher_suite != before->cipher_suite)
    {
      changed[n++] = properties[PROP_CIPHER_SUITE];
      changed[n++] = properties[PROP_CIPHER_SUITE_NAME];
    }
  if (now.kx != before->kx)
    changed[n++] = properties[PROP_KEY_EXCHANGE];
  if (now.group != before->group)
    changed[n++] = properties[PROP_GROUP];
  if (now.version != before->version || now.cipher_suite != before->cipher_suite ||
      now.group != before->group || now.kx != before->kx || now.completed != before->completed ||
      now.failed != before->failed)
    changed[n++] = properties[PROP_SUMMARY];
  if (now.completed != before->completed)
    changed[n++] = properties[PROP_COMPLETED];
  if (now.failed != before->failed)
    changed[n++] = properties[PROP_ERROR];
  if (now.n_messages != before->n_messages)
    changed[n++] = properties[PROP_N_MESSAGES];
  if (now.n_records != before->n_records)
    changed[n++] = properties[PROP_N_RECORDS];
  if (now.has_secrets != before->has_secrets)
    changed[n++] = properties[PROP_HAS_SECRETS];

  /* one change (a record or a message added, most often) notifies at once; more are held
   * back and notified together */
  if (n == 1)
    {
      g_object_notify_by_pspec (G_OBJECT (self), changed[0]);
      return;
    }
  if (n == 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n; i++)
    g_object_notify_by_pspec (G_OBJECT (self), changed[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* After a change: the properties that changed notify, then "updated" fires. */
void
_hsviz_connection_emit_updated (HsvizConnection            *self,
                                const HsvizConnectionShown *before)
{
  _hsviz_connection_invalidate_timeline (self);
  _hsviz_connection_notify_changed (self, before);
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
      HsvizField *ext = hsviz_field_find_extension (hsviz_message_get_fields (hello), HSVIZ_EXT_ALPN);
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
  else if (self->kx == HSVIZ_KX_PSK)
    g_string_append (s, _("pre-shared key only, no (EC)DHE"));
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
