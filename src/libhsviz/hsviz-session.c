/* hsviz-session.c — everything one capture saw
 *
 * The raw facts (message bytes, records, key log, verdict, timings, ...) are stored; every parsed
 * fact (protocol, suite, group, randoms, offered suites, certificates, steps) is derived from
 * the bytes by update_derived(), the same code for a live capture and a reopened file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-session-private.h"
#include "hsviz-tables.h"

struct _HsvizSession
{
  GObject               parent_instance;

  GPtrArray            *messages;      /* HsvizMessage */
  GPtrArray            *records;       /* HsvizRecord */
  GPtrArray            *key_schedule;  /* HsvizKeyScheduleEntry */

  HsvizTarget           target;
  char                 *priority;
  char                 *preset;
  char                 *cafile;
  GDateTime            *captured_at;
  char                 *generator;
  char                 *source_note;
  HsvizOutcome          outcome;
  HsvizVerification     verification;
  HsvizTimings          timings;
  HsvizApplicationData  app;
  HsvizSecrets          secrets;
  HsvizRevocation       revocation;
  gboolean              secrets_stripped;

  /* derived from the bytes */
  guint16               version;
  guint16               cipher_suite;
  guint16               group;
  guint16               signature_scheme;
  HsvizKeyExchange      kx;
  gboolean              hello_retry;
  gboolean              client_ems;
  gboolean              server_ems;
  gboolean              has_client_random;
  gboolean              has_server_random;
  guint8                client_random[32];
  guint8                server_random[32];
  GArray               *offered;       /* guint16 */
  char                 *alpn;
  GPtrArray            *certificates;  /* HsvizCertificate */
  gsize                 certificates_from; /* message index the chain came from + 1 */
};

static void hsviz_session_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsvizSession, hsviz_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hsviz_session_list_model_init))

enum { UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
record_free (gpointer data)
{
  HsvizRecord *r = data;

  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_free (r);
}

static void
keylog_entry_free (gpointer data)
{
  HsvizKeylogEntry *e = data;

  g_free (e->label);
  g_free (e->client_random);
  g_free (e->secret);
  g_free (e);
}

static void
key_schedule_entry_free (gpointer data)
{
  HsvizKeyScheduleEntry *e = data;

  g_free (e->name);
  g_free (e->formula);
  g_free (e->value);
  g_free (e->note);
  g_free (e);
}

void
hsviz_header_free (HsvizHeader *h)
{
  g_free (h->name);
  g_free (h->value);
  g_free (h);
}

void
hsviz_target_clear (HsvizTarget *t)
{
  g_clear_pointer (&t->url, g_free);
  g_clear_pointer (&t->host, g_free);
  g_clear_pointer (&t->path, g_free);
  g_clear_pointer (&t->servername, g_free);
  g_clear_pointer (&t->address, g_free);
  t->port = 0;
}

void
hsviz_verification_clear (HsvizVerification *v)
{
  g_clear_pointer (&v->status_strings, g_strfreev);
  g_clear_pointer (&v->text, g_free);
  g_clear_pointer (&v->checked_name, g_free);
  g_clear_pointer (&v->trust_store, g_free);
  memset (v, 0, sizeof *v);
}

void
hsviz_application_data_clear (HsvizApplicationData *a)
{
  g_clear_pointer (&a->request, g_free);
  g_clear_pointer (&a->http_version, g_free);
  g_clear_pointer (&a->reason, g_free);
  g_clear_pointer (&a->headers, g_ptr_array_unref);
  memset (a, 0, sizeof *a);
}

void
hsviz_revocation_clear (HsvizRevocation *r)
{
  g_clear_pointer (&r->stapled, g_free);
  g_clear_pointer (&r->ocsp, g_free);
  g_clear_pointer (&r->responder, g_free);
  g_clear_pointer (&r->detail, g_free);
}

void
hsviz_outcome_clear (HsvizOutcome *o)
{
  g_clear_pointer (&o->error, g_free);
  g_clear_pointer (&o->failed_at, g_free);
  memset (o, 0, sizeof *o);
  o->error_code = -1;
}

static void
secrets_clear_keys (HsvizSecrets *s)
{
  g_clear_pointer (&s->master_secret, g_bytes_unref);
  g_clear_pointer (&s->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&s->client_write_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_key, g_bytes_unref);
  g_clear_pointer (&s->client_write_iv, g_bytes_unref);
  g_clear_pointer (&s->server_write_iv, g_bytes_unref);
  g_clear_pointer (&s->client_write_mac_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_mac_key, g_bytes_unref);
}

static void
hsviz_session_finalize (GObject *object)
{
  HsvizSession *self = (HsvizSession *) object;

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->key_schedule, g_ptr_array_unref);
  hsviz_target_clear (&self->target);
  g_clear_pointer (&self->priority, g_free);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->cafile, g_free);
  g_clear_pointer (&self->captured_at, g_date_time_unref);
  g_clear_pointer (&self->generator, g_free);
  g_clear_pointer (&self->source_note, g_free);
  hsviz_outcome_clear (&self->outcome);
  hsviz_verification_clear (&self->verification);
  hsviz_application_data_clear (&self->app);
  secrets_clear_keys (&self->secrets);
  g_clear_pointer (&self->secrets.keylog, g_ptr_array_unref);
  hsviz_revocation_clear (&self->revocation);
  g_clear_pointer (&self->offered, g_array_unref);
  g_clear_pointer (&self->alpn, g_free);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);

  G_OBJECT_CLASS (hsviz_session_parent_class)->finalize (object);
}

static void
hsviz_session_class_init (HsvizSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hsviz_session_finalize;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hsviz_session_init (HsvizSession *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->records = g_ptr_array_new_with_free_func (record_free);
  self->key_schedule = g_ptr_array_new_with_free_func (key_schedule_entry_free);
  self->secrets.keylog = g_ptr_array_new_with_free_func (keylog_entry_free);
  self->offered = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  self->outcome.error_code = -1;
  self->timings.dns_us = self->timings.connect_us = -1;
  self->timings.handshake_us = self->timings.total_us = -1;
  self->generator = g_strdup (PACKAGE_NAME " " PACKAGE_VERSION);
}

/* ---- GListModel ---- */

static GType
hsviz_session_get_item_type (GListModel *model)
{
  return HSVIZ_TYPE_MESSAGE;
}

static guint
hsviz_session_get_n_items (GListModel *model)
{
  return HSVIZ_SESSION (model)->messages->len;
}

static gpointer
hsviz_session_get_item (GListModel *model,
                        guint       position)
{
  HsvizSession *self = HSVIZ_SESSION (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
hsviz_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hsviz_session_get_item_type;
  iface->get_n_items = hsviz_session_get_n_items;
  iface->get_item = hsviz_session_get_item;
}

HsvizSession *
hsviz_session_new (void)
{
  return g_object_new (HSVIZ_TYPE_SESSION, NULL);
}

static void
emit_updated (HsvizSession *self)
{
  g_signal_emit (self, signals[UPDATED], 0);
}

/* ---- derivation ---- */

static gboolean
field_has_extension (HsvizField *root,
                     guint16     ext_type)
{
  HsvizField *exts = hsviz_field_find (root, "extensions");
  guint n;

  if (exts == NULL)
    return FALSE;
  n = hsviz_field_get_n_children (exts);
  for (guint i = 0; i < n; i++)
    {
      HsvizField *e = hsviz_field_get_child (exts, i);

      if (g_strcmp0 (hsviz_field_get_key (e), "extension") == 0 &&
          hsviz_field_get_number (e) == ext_type)
        return TRUE;
    }
  return FALSE;
}

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
derive_certificates (HsvizSession *self,
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
      cert = hsviz_certificate_new_from_der (der, NULL);
      if (cert != NULL)
        g_ptr_array_add (self->certificates, cert);
    }
}

static HsvizParseContext
current_context (HsvizSession *self)
{
  HsvizParseContext ctx = { 0 };

  ctx.version = self->version;
  ctx.cipher_suite = self->cipher_suite;
  return ctx;
}

static void
update_derived (HsvizSession *self)
{
  guint finished_seen = 0;
  gboolean tls13;
  HsvizStep step_so_far = HSVIZ_STEP_NONE;
  gsize cert_msg = 0;

  self->version = 0;
  self->cipher_suite = 0;
  self->group = 0;
  self->signature_scheme = 0;
  self->kx = HSVIZ_KX_UNKNOWN;
  self->hello_retry = FALSE;
  self->client_ems = self->server_ems = FALSE;
  self->has_client_random = self->has_server_random = FALSE;
  g_array_set_size (self->offered, 0);
  g_clear_pointer (&self->alpn, g_free);

  /* Pass 1: the negotiated parameters. */
  for (guint i = 0; i < self->messages->len; i++)
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
          self->client_ems = field_has_extension (root, 23);
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
              continue;
            }
          self->has_server_random = copy_random (msg, self->server_random);
          self->server_ems = field_has_extension (root, 23);
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
          if ((f = hsviz_field_find (root, "signature_scheme")) && hsviz_field_get_number (f) >= 0)
            self->signature_scheme = (guint16) hsviz_field_get_number (f);
        }
      else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE_VERIFY)
        {
          if ((f = hsviz_field_find (root, "signature_scheme")) && hsviz_field_get_number (f) >= 0)
            self->signature_scheme = (guint16) hsviz_field_get_number (f);
        }
      else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE && cert_msg == 0)
        cert_msg = i + 1;
    }

  tls13 = self->version == HSVIZ_VERSION_TLS13;
  if (tls13)
    self->kx = (self->group >= 256 && self->group < 512) ? HSVIZ_KX_DHE : HSVIZ_KX_ECDHE;
  else if (self->cipher_suite != 0)
    {
      const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (self->cipher_suite);

      self->kx = cs ? cs->kx : HSVIZ_KX_UNKNOWN;
    }

  if (cert_msg != self->certificates_from || cert_msg == 0)
    {
      self->certificates_from = cert_msg;
      if (cert_msg > 0)
        derive_certificates (self, g_ptr_array_index (self->messages, cert_msg - 1));
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

  /* Records: the step so far is that of the message the record carried or followed. */
  for (guint i = 0; i < self->records->len; i++)
    {
      HsvizRecord *r = g_ptr_array_index (self->records, i);
      guint seen = 0;

      step_so_far = HSVIZ_STEP_NONE;
      for (guint j = 0; j < self->messages->len; j++)
        {
          HsvizMessage *msg = g_ptr_array_index (self->messages, j);
          /* A record is read before its incoming message is hooked, and written after its
           * outgoing message was queued: messages up to the record's time came before it. */
          if (hsviz_message_get_time_us (msg) > r->time_us)
            break;
          step_so_far = hsviz_message_get_step (msg);
          if (hsviz_message_get_type_code (msg) == HSVIZ_HS_FINISHED)
            seen++;
        }
      if (r->direction == HSVIZ_DIRECTION_SERVER &&
          (r->content_type == HSVIZ_CONTENT_HANDSHAKE ||
           (r->content_type == HSVIZ_CONTENT_APPLICATION_DATA && seen < 2)))
        {
          /* the first server message hooked at or after this record is what it carried */
          for (guint j = 0; j < self->messages->len; j++)
            {
              HsvizMessage *msg = g_ptr_array_index (self->messages, j);

              if (hsviz_message_get_direction (msg) == HSVIZ_DIRECTION_SERVER &&
                  hsviz_message_get_time_us (msg) >= r->time_us)
                {
                  step_so_far = hsviz_message_get_step (msg);
                  break;
                }
            }
        }
      r->step = hsviz_step_for_record (self->version, r->content_type, seen >= 2, step_so_far);
    }
}

/* ---- building ---- */

void
hsviz_session_set_target (HsvizSession      *self,
                          const HsvizTarget *target)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (target != NULL);

  hsviz_target_clear (&self->target);
  self->target.url = g_strdup (target->url);
  self->target.host = g_strdup (target->host);
  self->target.port = target->port;
  self->target.path = g_strdup (target->path);
  self->target.servername = g_strdup (target->servername);
  self->target.address = g_strdup (target->address);
  emit_updated (self);
}

void
hsviz_session_set_settings (HsvizSession *self,
                            const char   *priority,
                            const char   *preset,
                            const char   *cafile)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  g_free (self->priority);
  g_free (self->preset);
  g_free (self->cafile);
  self->priority = g_strdup (priority);
  self->preset = g_strdup (preset);
  self->cafile = g_strdup (cafile);
}

void
hsviz_session_set_captured_at (HsvizSession *self,
                               GDateTime    *when)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  g_clear_pointer (&self->captured_at, g_date_time_unref);
  if (when != NULL)
    self->captured_at = g_date_time_ref (when);
}

void
hsviz_session_set_generator (HsvizSession *self,
                             const char   *generator)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  g_free (self->generator);
  self->generator = g_strdup (generator);
}

void
hsviz_session_set_source_note (HsvizSession *self,
                               const char   *note)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  g_free (self->source_note);
  self->source_note = g_strdup (note);
}

HsvizMessage *
hsviz_session_add_message (HsvizSession   *self,
                           HsvizDirection  direction,
                           gint64          time_us,
                           GBytes         *bytes)
{
  HsvizParseContext ctx;
  HsvizMessage *msg;
  guint position;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  ctx = current_context (self);
  ctx.direction = direction;
  position = self->messages->len;
  msg = hsviz_message_new (position, direction, time_us, bytes, &ctx);
  g_ptr_array_add (self->messages, msg);
  update_derived (self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return msg;
}

const HsvizRecord *
hsviz_session_add_record (HsvizSession   *self,
                          HsvizDirection  direction,
                          gint64          time_us,
                          GBytes         *bytes)
{
  HsvizRecord *r;
  const guint8 *p;
  gsize len;
  HsvizStep step_so_far = HSVIZ_STEP_NONE;
  guint finished = 0;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

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

  for (guint i = 0; i < self->messages->len; i++)
    {
      HsvizMessage *msg = g_ptr_array_index (self->messages, i);

      step_so_far = hsviz_message_get_step (msg);
      if (hsviz_message_get_type_code (msg) == HSVIZ_HS_FINISHED)
        finished++;
    }
  r->step = hsviz_step_for_record (self->version, r->content_type, finished >= 2, step_so_far);
  g_ptr_array_add (self->records, r);
  emit_updated (self);
  return r;
}

void
hsviz_session_add_keylog (HsvizSession *self,
                          const char   *label,
                          const char   *client_random_hex,
                          const char   *secret_hex,
                          gint64        time_us)
{
  HsvizKeylogEntry *e;

  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (label != NULL && client_random_hex != NULL && secret_hex != NULL);

  e = g_new0 (HsvizKeylogEntry, 1);
  e->label = g_strdup (label);
  e->client_random = g_ascii_strdown (client_random_hex, -1);
  e->secret = g_ascii_strdown (secret_hex, -1);
  e->time_us = time_us;
  e->after_message = self->messages->len;
  g_ptr_array_add (self->secrets.keylog, e);
  self->secrets_stripped = FALSE;
  emit_updated (self);
}

void
hsviz_session_set_last_keylog_position (HsvizSession *self,
                                        guint         after_message)
{
  HsvizKeylogEntry *e;

  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (self->secrets.keylog->len > 0);

  e = g_ptr_array_index (self->secrets.keylog, self->secrets.keylog->len - 1);
  e->after_message = after_message;
}

void
hsviz_session_set_verification (HsvizSession            *self,
                                const HsvizVerification *v)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (v != NULL);

  hsviz_verification_clear (&self->verification);
  self->verification = *v;
  self->verification.status_strings = g_strdupv (v->status_strings);
  self->verification.text = g_strdup (v->text);
  self->verification.checked_name = g_strdup (v->checked_name);
  self->verification.trust_store = g_strdup (v->trust_store);
  emit_updated (self);
}

void
hsviz_session_set_timings (HsvizSession       *self,
                           const HsvizTimings *t)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  self->timings = *t;
}

void
hsviz_session_set_application_data (HsvizSession               *self,
                                    const HsvizApplicationData *a)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (a != NULL);

  hsviz_application_data_clear (&self->app);
  self->app.present = a->present;
  self->app.request = g_strdup (a->request);
  self->app.status = a->status;
  self->app.http_version = g_strdup (a->http_version);
  self->app.reason = g_strdup (a->reason);
  self->app.bytes_sent = a->bytes_sent;
  self->app.bytes_received = a->bytes_received;
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
  emit_updated (self);
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
hsviz_session_set_record_keys (HsvizSession *self,
                               GBytes       *master_secret,
                               GBytes       *client_write_key,
                               GBytes       *server_write_key,
                               GBytes       *client_write_iv,
                               GBytes       *server_write_iv,
                               GBytes       *client_write_mac_key,
                               GBytes       *server_write_mac_key)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  replace_bytes (&self->secrets.master_secret, master_secret);
  replace_bytes (&self->secrets.client_write_key, client_write_key);
  replace_bytes (&self->secrets.server_write_key, server_write_key);
  replace_bytes (&self->secrets.client_write_iv, client_write_iv);
  replace_bytes (&self->secrets.server_write_iv, server_write_iv);
  replace_bytes (&self->secrets.client_write_mac_key, client_write_mac_key);
  replace_bytes (&self->secrets.server_write_mac_key, server_write_mac_key);
  emit_updated (self);
}

void
hsviz_session_set_pre_master_secret (HsvizSession *self,
                                     GBytes       *pms)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  replace_bytes (&self->secrets.pre_master_secret, pms);
  emit_updated (self);
}

void
hsviz_session_add_key_schedule (HsvizSession *self,
                                const char   *name,
                                const char   *formula,
                                const char   *value_hex,
                                gboolean      verified,
                                const char   *note)
{
  HsvizKeyScheduleEntry *e;

  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (name != NULL);

  e = g_new0 (HsvizKeyScheduleEntry, 1);
  e->name = g_strdup (name);
  e->formula = g_strdup (formula);
  e->value = g_strdup (value_hex);
  e->verified = verified;
  e->note = g_strdup (note);
  g_ptr_array_add (self->key_schedule, e);
}

void
hsviz_session_clear_key_schedule (HsvizSession *self)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_ptr_array_set_size (self->key_schedule, 0);
}

void
hsviz_session_set_revocation (HsvizSession          *self,
                              const HsvizRevocation *r)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (r != NULL);

  hsviz_revocation_clear (&self->revocation);
  self->revocation.stapled = g_strdup (r->stapled);
  self->revocation.ocsp = g_strdup (r->ocsp);
  self->revocation.responder = g_strdup (r->responder);
  self->revocation.detail = g_strdup (r->detail);
  emit_updated (self);
}

void
hsviz_session_set_outcome (HsvizSession       *self,
                           const HsvizOutcome *o)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (o != NULL);

  hsviz_outcome_clear (&self->outcome);
  self->outcome = *o;
  self->outcome.error = g_strdup (o->error);
  self->outcome.failed_at = g_strdup (o->failed_at);
  emit_updated (self);
}

void
hsviz_session_strip_secrets (HsvizSession *self)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  g_ptr_array_set_size (self->secrets.keylog, 0);
  secrets_clear_keys (&self->secrets);
  for (guint i = 0; i < self->key_schedule->len; i++)
    {
      HsvizKeyScheduleEntry *e = g_ptr_array_index (self->key_schedule, i);

      g_clear_pointer (&e->value, g_free);
    }
  self->secrets_stripped = TRUE;
  emit_updated (self);
}

void
hsviz_session_mark_secrets_stripped (HsvizSession *self)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));
  self->secrets_stripped = TRUE;
}

void
hsviz_session_complete (HsvizSession *self)
{
  HsvizParseContext ctx;

  g_return_if_fail (HSVIZ_IS_SESSION (self));

  /* The negotiated version and suite are known now: parse every message with them. */
  update_derived (self);
  ctx = current_context (self);
  for (guint i = 0; i < self->messages->len; i++)
    hsviz_message_reparse (g_ptr_array_index (self->messages, i), &ctx);
  self->certificates_from = 0;
  update_derived (self);
  emit_updated (self);
}

/* ---- reading ---- */

const HsvizTarget *
hsviz_session_get_target (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->target;
}

const char *
hsviz_session_get_priority (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->priority;
}

const char *
hsviz_session_get_preset (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->preset;
}

const char *
hsviz_session_get_cafile (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->cafile;
}

GDateTime *
hsviz_session_get_captured_at (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->captured_at;
}

const char *
hsviz_session_get_generator (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->generator;
}

const char *
hsviz_session_get_source_note (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->source_note;
}

const HsvizOutcome *
hsviz_session_get_outcome (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->outcome;
}

guint16
hsviz_session_get_version (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->version;
}

guint16
hsviz_session_get_cipher_suite (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->cipher_suite;
}

HsvizKeyExchange
hsviz_session_get_key_exchange (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), HSVIZ_KX_UNKNOWN);
  return self->kx;
}

guint16
hsviz_session_get_group (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->group;
}

guint16
hsviz_session_get_signature_scheme (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->signature_scheme;
}

gboolean
hsviz_session_had_hello_retry (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  return self->hello_retry;
}

gboolean
hsviz_session_uses_extended_master_secret (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  return self->version != HSVIZ_VERSION_TLS13 && self->client_ems && self->server_ems;
}

const guint8 *
hsviz_session_get_client_random (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->has_client_random ? self->client_random : NULL;
}

const guint8 *
hsviz_session_get_server_random (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->has_server_random ? self->server_random : NULL;
}

const guint16 *
hsviz_session_get_offered_suites (HsvizSession *self,
                                  guint        *n)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  if (n != NULL)
    *n = self->offered->len;
  return (const guint16 *) (gpointer) self->offered->data;
}

const char *
hsviz_session_get_alpn (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->alpn;
}

guint
hsviz_session_get_n_messages (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->messages->len;
}

HsvizMessage *
hsviz_session_get_message (HsvizSession *self,
                           guint         i)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  g_return_val_if_fail (i < self->messages->len, NULL);
  return g_ptr_array_index (self->messages, i);
}

GPtrArray *
hsviz_session_get_records (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->records;
}

GPtrArray *
hsviz_session_get_certificates (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->certificates;
}

const HsvizVerification *
hsviz_session_get_verification (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->verification;
}

const HsvizTimings *
hsviz_session_get_timings (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->timings;
}

const HsvizApplicationData *
hsviz_session_get_application_data (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->app;
}

const HsvizSecrets *
hsviz_session_get_secrets (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->secrets;
}

gboolean
hsviz_session_has_secrets (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  return self->secrets.keylog->len > 0 || self->secrets.client_write_key != NULL;
}

gboolean
hsviz_session_secrets_stripped (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);
  return self->secrets_stripped;
}

GPtrArray *
hsviz_session_get_key_schedule (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->key_schedule;
}

const HsvizRevocation *
hsviz_session_get_revocation (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return &self->revocation;
}

HsvizStep
hsviz_session_step_for_action (HsvizSession *self,
                               HsvizAction   action)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), HSVIZ_STEP_NONE);
  return hsviz_step_for_action (self->version, action);
}

char *
hsviz_session_dup_nss_keylog (HsvizSession *self)
{
  GString *s;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

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
hsviz_session_dup_summary (HsvizSession *self)
{
  GString *s;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  s = g_string_new (NULL);
  if (self->version == 0)
    g_string_append (s, _("no ServerHello"));
  else
    {
      const char *v = hsviz_version_name (self->version);

      /* "TLS1.3" is the file form; people read "TLS 1.3" */
      if (g_str_has_prefix (v, "TLS"))
        g_string_append_printf (s, "TLS %s", v + 3);
      else
        g_string_append (s, v);
    }
  if (self->cipher_suite != 0)
    g_string_append_printf (s, " · %s", hsviz_cipher_suite_name (self->cipher_suite));
  if (self->group != 0)
    g_string_append_printf (s, " · %s", hsviz_group_short_name (self->group));
  else if (self->kx != HSVIZ_KX_UNKNOWN)
    g_string_append_printf (s, " · %s", hsviz_key_exchange_name (self->kx));
  if (!self->outcome.completed && self->outcome.error != NULL)
    g_string_append_printf (s, " · %s", _("failed"));
  return g_string_free (s, FALSE);
}
