/* hsviz-connection-derive.c — every parsed fact of a session, derived from its bytes
 *
 * The same code runs for a live capture and for a reopened file: the negotiated version,
 * suite, group and signature scheme, the randoms, the offered suites, the certificate chain as
 * sent, and the step of every message (from the one step mapping; records take theirs from
 * the timeline, hsviz-timeline-build.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-connection-private.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

/* The value bytes of a field: opaque fields cover their length prefix too, and carry the
 * length of the value itself as their number. */
static const guint8 *
field_payload (HsvizField *field,
               GBytes     *message,
               gsize      *len)
{
  const guint8 *p = hsviz_field_peek_bytes (field, message, len);
  gint64 n = hsviz_field_get_number (field);

  if (p != NULL && n >= 0 && (gsize) n <= *len)
    {
      p += *len - (gsize) n;
      *len = (gsize) n;
    }
  return p;
}

static gboolean
copy_random (HsvizMessage *msg,
             guint8        out[32])
{
  HsvizField *f = hsviz_field_find (hsviz_message_get_fields (msg), "random");
  const guint8 *p;
  gsize len = 0;

  if (f == NULL)
    return FALSE;
  p = hsviz_field_peek_bytes (f, hsviz_message_get_bytes (msg), &len);
  if (p == NULL || len != 32)
    return FALSE;
  memcpy (out, p, 32);
  return TRUE;
}

static void
derive_certificates (HsvizConnection *self,
                     HsvizMessage *msg)
{
  HsvizField *list = hsviz_field_find (hsviz_message_get_fields (msg), "certificate_list");
  GBytes *bytes = hsviz_message_get_bytes (msg);
  guint n;

  g_ptr_array_set_size (self->certificates, 0);
  if (list == NULL)
    return;
  n = hsviz_field_get_n_children (list);
  for (guint i = 0; i < n; i++)
    {
      HsvizField *entry = hsviz_field_get_child (list, i);
      HsvizField *data = g_strcmp0 (hsviz_field_get_key (entry), "cert_data") == 0
                           ? entry : hsviz_field_find (entry, "cert_data");
      g_autoptr(GBytes) der = NULL;
      HsvizCertificate *cert;
      const guint8 *p;
      gsize len = 0;

      if (data == NULL)
        continue;
      p = field_payload (data, bytes, &len);
      if (p == NULL || len == 0)
        continue;
      der = g_bytes_new (p, len);
      cert = hsviz_certificate_new_from_der_cached (der, self->certificate_cache, NULL);
      if (cert != NULL)
        g_ptr_array_add (self->certificates, cert);
    }
}

HsvizParseContext
_hsviz_connection_current_context (HsvizConnection *self)
{
  HsvizParseContext ctx = { 0 };

  ctx.version = self->version;
  ctx.cipher_suite = self->cipher_suite;
  return ctx;
}

/* The highest version a ClientHello offers: its supported_versions (RFC 8446 §4.2.1), GREASE
 * values (RFC 8701, 0x?A?A) left out; without that extension its legacy_version. */
static guint16
client_max_version (HsvizField *root)
{
  HsvizField *ext = hsviz_field_find_extension (root, HSVIZ_EXT_SUPPORTED_VERSIONS);
  g_autoptr(GPtrArray) versions = hsviz_field_collect (ext, "version");
  HsvizField *legacy = hsviz_field_find (root, "legacy_version");
  guint16 max = 0;

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      gint64 v = hsviz_field_get_number (g_ptr_array_index (versions, i));

      if (v > 0 && v <= G_MAXUINT16 && (v & 0x0f0f) != 0x0a0a)
        max = MAX (max, (guint16) v);
    }
  if (max == 0 && legacy != NULL && hsviz_field_get_number (legacy) > 0)
    max = (guint16) hsviz_field_get_number (legacy);
  return max;
}

/* What one message tells about the negotiated parameters (later messages win). */
static void
derive_from_message (HsvizConnection *self,
                     guint         i)
{
  HsvizMessage *msg = g_ptr_array_index (self->messages, i);
  HsvizField *root = hsviz_message_get_fields (msg);
  HsvizDirection dir = hsviz_message_get_direction (msg);
  guint8 type = hsviz_message_get_type_code (msg);
  HsvizField *f;

  if (type == HSVIZ_HS_CLIENT_HELLO && dir == HSVIZ_DIRECTION_CLIENT)
    {
      HsvizField *suites = hsviz_field_find (root, "cipher_suites");

      self->has_client_random = copy_random (msg, self->client_random);
      self->client_ems = hsviz_field_find_extension (root, HSVIZ_EXT_EXTENDED_MASTER_SECRET) != NULL;
      self->client_max_version = client_max_version (root);
      g_array_set_size (self->offered, 0);
      if (suites != NULL)
        {
          guint n = hsviz_field_get_n_children (suites);

          for (guint j = 0; j < n; j++)
            {
              HsvizField *s = hsviz_field_get_child (suites, j);
              guint16 id = (guint16) hsviz_field_get_number (s);

              if (hsviz_field_get_number (s) >= 0)
                g_array_append_val (self->offered, id);
            }
        }
    }
  else if (type == HSVIZ_HS_SERVER_HELLO && dir == HSVIZ_DIRECTION_SERVER)
    {
      if (hsviz_message_is_hello_retry (msg))
        {
          self->hello_retry = TRUE;
          return;
        }
      self->has_server_random = copy_random (msg, self->server_random);
      self->server_ems = hsviz_field_find_extension (root, HSVIZ_EXT_EXTENDED_MASTER_SECRET) != NULL;
      if ((f = hsviz_field_find (root, "cipher_suite")) && hsviz_field_get_number (f) >= 0)
        self->cipher_suite = (guint16) hsviz_field_get_number (f);
      if ((f = hsviz_field_find (root, "selected_version")) && hsviz_field_get_number (f) > 0)
        self->version = (guint16) hsviz_field_get_number (f);
      else if ((f = hsviz_field_find (root, "legacy_version")) && hsviz_field_get_number (f) > 0)
        self->version = (guint16) hsviz_field_get_number (f);
      if ((f = hsviz_field_find (root, "key_share_entry")) && hsviz_field_get_number (f) >= 0)
        self->group = (guint16) hsviz_field_get_number (f);
      if ((f = hsviz_field_find (root, "protocol")) && hsviz_field_get_value (f))
        {
          g_free (self->alpn);
          self->alpn = g_strdup (hsviz_field_get_value (f));
        }
    }
  else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_ENCRYPTED_EXTENSIONS)
    {
      if ((f = hsviz_field_find (root, "protocol")) && hsviz_field_get_value (f))
        {
          g_free (self->alpn);
          self->alpn = g_strdup (hsviz_field_get_value (f));
        }
    }
  else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_SERVER_KEY_EXCHANGE)
    {
      if ((f = hsviz_field_find (root, "named_curve")) && hsviz_field_get_number (f) >= 0)
        self->group = (guint16) hsviz_field_get_number (f);
      if ((f = hsviz_field_find (root, "dh_p")) != NULL)
        {
          gsize len = 0;
          const guint8 *p = hsviz_field_peek_bytes (f, hsviz_message_get_bytes (msg), &len);

          /* the field holds the 2-byte length, then the prime */
          if (p != NULL && len > 2)
            {
              self->group = hsviz_ffdhe_group_for_prime (p + 2, len - 2);
              self->dh_prime_bits = self->group == 0 ? hsviz_bignum_bits (p + 2, len - 2) : 0;
            }
        }
      if ((f = hsviz_field_find (root, "signature_scheme")) && hsviz_field_get_number (f) >= 0)
        self->signature_scheme = (guint16) hsviz_field_get_number (f);
    }
  else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE_VERIFY)
    {
      if ((f = hsviz_field_find (root, "signature_scheme")) && hsviz_field_get_number (f) >= 0)
        self->signature_scheme = (guint16) hsviz_field_get_number (f);
    }
  else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE && self->cert_msg == 0)
    self->cert_msg = i + 1;
}

void
_hsviz_connection_update_derived (HsvizConnection *self,
                               gboolean      full)
{
  guint finished_seen = 0;
  gboolean tls13;

  _hsviz_connection_invalidate_timeline (self);
  if (full)
    {
    self->version = 0;
    self->cipher_suite = 0;
    self->group = 0;
    self->dh_prime_bits = 0;
    self->signature_scheme = 0;
    self->kx = HSVIZ_KX_UNKNOWN;
    self->hello_retry = FALSE;
    self->client_ems = self->server_ems = FALSE;
    self->client_max_version = 0;
    self->has_client_random = self->has_server_random = FALSE;
    g_array_set_size (self->offered, 0);
    g_clear_pointer (&self->alpn, g_free);
      self->cert_msg = 0;
      for (guint i = 0; i < self->messages->len; i++)
        derive_from_message (self, i);
    }
  else if (self->messages->len > 0)
    {
      /* a message was added: only it can change what the earlier ones said */
      derive_from_message (self, self->messages->len - 1);
    }

  tls13 = self->version == HSVIZ_VERSION_TLS13;
  /* TLS 1.3: the group of the ServerHello's key share; a ServerHello without one resumed with
   * psk_ke, the PSK alone (RFC 8446 §4.2.9) */
  if (tls13)
    self->kx = self->group == 0 ? HSVIZ_KX_PSK
               : (self->group >= 256 && self->group < 512) ? HSVIZ_KX_DHE : HSVIZ_KX_ECDHE;
  else if (self->cipher_suite != 0)
    {
      const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (self->cipher_suite);

      self->kx = cs ? cs->kx : HSVIZ_KX_UNKNOWN;
    }

  if (self->cert_msg != self->certificates_from)
    {
      self->certificates_from = self->cert_msg;
      if (self->cert_msg > 0)
        derive_certificates (self, g_ptr_array_index (self->messages, self->cert_msg - 1));
      else
        g_ptr_array_set_size (self->certificates, 0);
    }

  /* Pass 2: steps, from the one mapping function. */
  for (guint i = 0; i < self->messages->len; i++)
    {
      HsvizMessage *msg = g_ptr_array_index (self->messages, i);
      HsvizStepQuery q = { 0 };

      q.version = self->version;
      q.kx = tls13 ? HSVIZ_KX_TLS13 : self->kx;
      q.type_code = hsviz_message_get_type_code (msg);
      q.hello_retry = hsviz_message_is_hello_retry (msg);
      q.direction = hsviz_message_get_direction (msg);
      q.position = i;
      q.after_handshake = finished_seen >= 2;
      hsviz_message_set_step (msg, hsviz_step_for_message (&q));
      if (q.type_code == HSVIZ_HS_FINISHED)
        finished_seen++;
    }
}

void
_hsviz_connection_invalidate_timeline (HsvizConnection *self)
{
  self->timeline_dirty = TRUE;
}

/**
 * hsviz_connection_get_timeline:
 * @self: a connection
 *
 * The connection's timeline (hsviz-timeline.h), derived from its stored facts; rebuilt here
 * (emitting "items-changed") when anything changed since it was last asked for.
 *
 * Returns: (transfer none): the timeline, a GListModel of HsvizTimelineItem.
 */
HsvizTimeline *
hsviz_connection_get_timeline (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (self->timeline_dirty)
    {
      GPtrArray *items;

      self->timeline_dirty = FALSE;
      g_clear_pointer (&self->record_steps, g_array_unref);
      items = _hsviz_timeline_build (self, &self->record_steps);
      _hsviz_timeline_set_items (self->timeline, items);
    }
  return self->timeline;
}

/**
 * hsviz_connection_get_record_step:
 * @self: a connection
 * @index: a record's index
 *
 * The record's step, as the timeline assigned it from the messages before it on the wire
 * (the one place a record's step is worked out).
 *
 * Returns: the step, %HSVIZ_STEP_NONE for an index out of range
 */
HsvizStep
hsviz_connection_get_record_step (HsvizConnection *self,
                                  guint            index)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), HSVIZ_STEP_NONE);

  hsviz_connection_get_timeline (self);
  if (self->record_steps == NULL || index >= self->record_steps->len)
    return HSVIZ_STEP_NONE;
  return g_array_index (self->record_steps, HsvizStep, index);
}

gint
hsviz_connection_get_certificates_message (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), -1);

  return (gint) self->certificates_from - 1;
}

/**
 * hsviz_connection_get_client_hello:
 * @self: a connection
 *
 * Returns: (transfer none) (nullable): the client's last ClientHello.
 */
HsvizMessage *
hsviz_connection_get_client_hello (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  return hsviz_connection_find_message (self, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT, TRUE);
}

/**
 * hsviz_connection_get_server_hello:
 * @self: a connection
 *
 * Returns: (transfer none) (nullable): the server's ServerHello (never a HelloRetryRequest).
 */
HsvizMessage *
hsviz_connection_get_server_hello (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  return hsviz_connection_find_message (self, HSVIZ_HS_SERVER_HELLO, HSVIZ_DIRECTION_SERVER, TRUE);
}

char *
hsviz_connection_dup_session_id_hex (HsvizConnection *self,
                                     HsvizDirection   sender)
{
  HsvizMessage *hello;
  HsvizField *field;
  const guint8 *data;
  gsize len = 0;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  hello = sender == HSVIZ_DIRECTION_CLIENT ? hsviz_connection_get_client_hello (self)
                                           : hsviz_connection_get_server_hello (self);
  if (hello == NULL)
    return NULL;
  field = hsviz_field_find (hsviz_message_get_fields (hello), "session_id");
  if (field == NULL)
    return NULL;
  /* the value without its length byte */
  data = hsviz_message_get_field_value (hello, field, &len);
  return data != NULL && len > 0 ? hsviz_hex_encode (data, len) : g_strdup ("");
}
