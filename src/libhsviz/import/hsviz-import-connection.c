/* hsviz-import-connection.c — one TLS connection of a capture, decoded into an HsvizConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-capture-private.h"
#include "hsviz-connection-builder.h"
#include "hsviz-handshake-buffer.h"
#include "hsviz-http2-headers.h"
#include "hsviz-import-connection.h"
#include "hsviz-import-resume.h"
#include "hsviz-key-schedule.h"
#include "hsviz-record-tap.h"
#include "hsviz-tables.h"
#include "hsviz-tls-crypto.h"
#include "hsviz-util.h"

#define TLS13 0x0304
#define PLAINTEXT_MAX (64 * 1024)

typedef enum
{
  KEYS_NONE,         /* nothing encrypted seen yet */
  KEYS_HANDSHAKE,
  KEYS_APPLICATION,
  KEYS_UNAVAILABLE,  /* no key log line, or a record that did not decrypt: stop */
  KEYS_EARLY,        /* TLS 1.3 0-RTT: the client early traffic key */
} KeyPhase;

typedef struct
{
  HsvizRecordTap       *tap;
  HsvizHandshakeBuffer *handshake;
  gboolean              ccs;            /* TLS 1.2: records after it are encrypted */
  gboolean              finished;
  gboolean              broken;         /* a gap or non-TLS bytes: not read further */
  KeyPhase              phase;
  guint8                key[32];
  guint8                iv[16];
  guint8                mac_key[64];
  gsize                 key_len;
  gsize                 iv_len;
  gsize                 mac_len;        /* TLS 1.2 CBC only */
  guint64               seq;
  gnutls_aead_cipher_hd_t aead;         /* AEAD suites: the handle of key, made at its first record */
  guint                 encrypted;      /* encrypted records seen */
  guint                 undecrypted;    /* of them, not decrypted */
  guint                 app_records;    /* application data records stored */
  guint64               app_bytes;
  GByteArray           *plaintext;      /* first PLAINTEXT_MAX bytes of decrypted application data */
} Side;

struct _HsvizImportConnection
{
  HsvizConnection *connection;
  HsvizKeylog     *keylog;
  Side             side[2];
  gint64           start_us;
  gint64           now_us;       /* relative time of the bytes being fed */
  gint64           first_us;
  gint64           last_us;
  gint64           finished_us;
  HsvizDirection   feeding;
  gboolean         server_hello;  /* a ServerHello (not a HelloRetryRequest) was seen */
  Side             early;         /* TLS 1.3 0-RTT: the client's records under its early key */
  guint            early_pending; /* client protected records before the ServerHello (0-RTT),
                                  * not decrypted then: the suite was not known yet */
  GHashTable      *keylog_added; /* labels already added to the connection */
  HsvizImportResume *resume;     /* which earlier connection it resumes (reading thread only) */
  GPtrArray       *notes;        /* of char *, what could not be read and why */
  HsvizOutcome     outcome;
};

static const char *
side_name (HsvizDirection dir)
{
  return dir == HSVIZ_DIRECTION_CLIENT ? _("client") : _("server");
}

static void
note (HsvizImportConnection *self,
      char                  *text)
{
  for (guint i = 0; i < self->notes->len; i++)
    if (strcmp (g_ptr_array_index (self->notes, i), text) == 0)
      {
        g_free (text);
        return;
      }
  g_ptr_array_add (self->notes, text);
}

/* Adds the key log lines of this connection with @labels (NULL-terminated) to it, once. */
static void
add_keylog_lines (HsvizImportConnection *self,
                  const char * const    *labels)
{
  GPtrArray *lines = hsviz_keylog_lookup (self->keylog, hsviz_connection_get_client_random (self->connection));

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      HsvizKeylogLine *line = g_ptr_array_index (lines, i);

      if (g_hash_table_contains (self->keylog_added, line->label) ||
          (labels != NULL && !g_strv_contains (labels, line->label)))
        continue;
      g_hash_table_add (self->keylog_added, g_strdup (line->label));
      hsviz_connection_add_keylog (self->connection, line->label, line->client_random, line->secret,
                                   self->now_us);
    }
}

static gboolean
is_tls13 (HsvizImportConnection *self)
{
  return hsviz_connection_get_version (self->connection) == TLS13;
}

/* Forgets @side's AEAD handle (its keys change, or the connection ends). */
static void
drop_aead (Side *side)
{
  if (side->aead != NULL)
    gnutls_aead_cipher_deinit (side->aead);
  side->aead = NULL;
}

/* TLS 1.3: @dir's traffic keys for @phase from the key log (into self->early for KEYS_EARLY);
 * FALSE (and a note) without them. */
static gboolean
load_keys (HsvizImportConnection *self,
           HsvizDirection         dir,
           KeyPhase               phase)
{
  static const char *labels[2][2] = {
    { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0" },
    { "SERVER_HANDSHAKE_TRAFFIC_SECRET", "SERVER_TRAFFIC_SECRET_0" },
  };
  Side *side = phase == KEYS_EARLY ? &self->early : &self->side[dir];
  const char *label = phase == KEYS_EARLY ? "CLIENT_EARLY_TRAFFIC_SECRET" : labels[dir][phase == KEYS_APPLICATION];
  guint16 suite = hsviz_connection_get_cipher_suite (self->connection);
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (suite);
  gnutls_cipher_algorithm_t cipher = hsviz_tls_aead_cipher (suite);
  gnutls_mac_algorithm_t mac = cs != NULL ? gnutls_mac_get_id (cs->prf) : GNUTLS_MAC_UNKNOWN;
  g_autoptr(GBytes) secret = NULL;
  const guint8 *s;
  gsize len;

  side->phase = KEYS_UNAVAILABLE;
  side->seq = 0;
  drop_aead (side);
  if (self->keylog == NULL)
    return FALSE;
  secret = hsviz_keylog_get_secret (self->keylog, hsviz_connection_get_client_random (self->connection), label);
  if (secret == NULL)
    {
      note (self, g_strdup_printf (_("the key log has no %s line for this connection's client random"), label));
      return FALSE;
    }
  side->key_len = gnutls_cipher_get_key_size (cipher);
  if (cipher == GNUTLS_CIPHER_UNKNOWN || mac == GNUTLS_MAC_UNKNOWN || side->key_len == 0 ||
      side->key_len > sizeof side->key)
    {
      note (self, g_strdup_printf (_("the cipher suite %s cannot be decrypted"), hsviz_cipher_suite_name (suite)));
      return FALSE;
    }
  s = g_bytes_get_data (secret, &len);
  if (!_hsviz_connection_traffic_keys (self->connection, mac, s, len, side->key, side->key_len, side->iv))
    return FALSE;
  side->iv_len = 12;
  side->mac_len = 0;
  side->phase = phase;
  return TRUE;
}

/* TLS 1.2: @dir's keys from the key block of the key log's master secret (CLIENT_RANDOM). */
static gboolean
load_tls12_keys (HsvizImportConnection *self,
                 HsvizDirection         dir)
{
  Side *side = &self->side[dir];
  guint16 suite = hsviz_connection_get_cipher_suite (self->connection);
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (suite);
  const guint8 *cr = hsviz_connection_get_client_random (self->connection);
  const guint8 *sr = hsviz_connection_get_server_random (self->connection);
  g_autoptr(GBytes) ms = NULL;
  g_autofree guint8 *kb = NULL;
  gsize mac_len, key_len, iv_len, ms_len, kb_len;
  const guint8 *m;
  int d = dir == HSVIZ_DIRECTION_CLIENT ? 0 : 1;

  side->phase = KEYS_UNAVAILABLE;
  side->seq = 0;
  drop_aead (side);
  if (self->keylog == NULL || cr == NULL || sr == NULL || cs == NULL)
    return FALSE;
  ms = hsviz_keylog_get_secret (self->keylog, cr, "CLIENT_RANDOM");
  if (ms == NULL && (ms = hsviz_import_resume_dup_master_secret (self->resume, self->keylog, self->connection,
                                                                   self->now_us)) != NULL)
    {
      g_hash_table_add (self->keylog_added, g_strdup ("CLIENT_RANDOM"));
      note (self, g_strdup_printf (_("the master secret is connection %d's, whose session it resumed (the key log "
                                     "has no CLIENT_RANDOM line for this connection)"),
                                   hsviz_import_resume_get_from (self->resume, NULL) + 1));
    }
  if (ms == NULL)
    {
      note (self, g_strdup (_("the key log has no CLIENT_RANDOM line for this connection's client random")));
      return FALSE;
    }
  if (!hsviz_tls12_key_block_sizes (suite, &mac_len, &key_len, &iv_len) ||
      key_len > sizeof side->key || iv_len > sizeof side->iv || mac_len > sizeof side->mac_key)
    {
      note (self, g_strdup_printf (_("the cipher suite %s cannot be decrypted"), hsviz_cipher_suite_name (suite)));
      return FALSE;
    }
  kb_len = 2 * (mac_len + key_len + iv_len);
  kb = g_malloc (kb_len);
  m = g_bytes_get_data (ms, &ms_len);
  if (!_hsviz_connection_tls12_key_block (self->connection, gnutls_mac_get_id (cs->prf), m, ms_len, cr, sr,
                                          kb, kb_len))
    return FALSE;
  /* client MAC ‖ server MAC ‖ client key ‖ server key ‖ client IV ‖ server IV */
  memcpy (side->mac_key, kb + d * mac_len, mac_len);
  memcpy (side->key, kb + 2 * mac_len + d * key_len, key_len);
  memcpy (side->iv, kb + 2 * (mac_len + key_len) + d * iv_len, iv_len);
  side->mac_len = mac_len;
  side->key_len = key_len;
  side->iv_len = iv_len;
  side->phase = KEYS_APPLICATION;
  return TRUE;
}

static void
on_message (GBytes   *message,
            gint64    time_us,
            gpointer  user_data)
{
  HsvizImportConnection *self = user_data;
  HsvizDirection dir = self->feeding;
  gsize len;
  const guint8 *d = g_bytes_get_data (message, &len);
  HsvizMessage *m;

  m = hsviz_connection_add_message (self->connection, dir, time_us, message);
  if (m == NULL)
    return;
  if (self->resume != NULL)
    hsviz_import_resume_message (self->resume, self->connection, m);
  switch (d[0])
    {
    case HSVIZ_HS_SERVER_HELLO:
      if (!hsviz_message_is_hello_retry (m))
        self->server_hello = TRUE;
      if (!hsviz_message_is_hello_retry (m) && is_tls13 (self))
        {
          static const char * const hs[] = { "CLIENT_EARLY_TRAFFIC_SECRET", "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                                             "SERVER_HANDSHAKE_TRAFFIC_SECRET", NULL };

          add_keylog_lines (self, hs);
        }
      break;
    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
      {
        static const char * const cr[] = { "CLIENT_RANDOM", NULL };

        add_keylog_lines (self, cr);
      }
      break;
    case HSVIZ_HS_FINISHED:
      self->side[dir].finished = TRUE;
      self->finished_us = time_us;
      if (is_tls13 (self))
        {
          if (dir == HSVIZ_DIRECTION_SERVER)
            add_keylog_lines (self, NULL);
          /* this side's next record is protected by its application traffic keys */
          if (self->side[dir].phase == KEYS_HANDSHAKE)
            load_keys (self, dir, KEYS_APPLICATION);
        }
      break;
    default:
      break;
    }
}

static void
set_alert (HsvizImportConnection *self,
           HsvizDirection         dir,
           const guint8          *fragment,
           gsize                  len)
{
  if (len < 2 || self->outcome.has_alert)
    return;
  /* close_notify is the polite end, not the outcome */
  if (fragment[1] == 0)
    return;
  self->outcome.has_alert = TRUE;
  self->outcome.alert_level = fragment[0];
  self->outcome.alert_description = fragment[1];
  self->outcome.alert_sender = dir;
}

static void
app_data (HsvizImportConnection *self,
          Side                  *side,
          const guint8          *data,
          gsize                  len)
{
  side->app_bytes += len;
  if (side->plaintext->len < PLAINTEXT_MAX)
    g_byte_array_append (side->plaintext, data, (guint) MIN (len, PLAINTEXT_MAX - side->plaintext->len));
}

/* What a decrypted record of @dir carried (cleared) */
static void
take_plaintext (HsvizImportConnection *self,
                HsvizDirection         dir,
                HsvizDecryptedRecord  *dec)
{
  Side *side = &self->side[dir];
  gsize len;
  const guint8 *p = g_bytes_get_data (dec->plaintext, &len);

  switch (dec->content_type)
    {
    case HSVIZ_CONTENT_HANDSHAKE:
      hsviz_handshake_buffer_feed (side->handshake, p, len, self->now_us);
      break;
    case HSVIZ_CONTENT_ALERT:
      set_alert (self, dir, p, len);
      break;
    case HSVIZ_CONTENT_APPLICATION_DATA:
      app_data (self, side, p, len);
      break;
    default:
      break;
    }
  hsviz_decrypted_record_clear (dec);
}

/* Tells the connection what its kept record @index decrypted to (the timeline need not decrypt it
 * again with the same keys). */
static void
remember_plain (HsvizImportConnection      *self,
                guint                       index,
                GBytes                     *record,
                guint16                     version,
                const guint8               *mac_key,
                gsize                       mac_key_len,
                const guint8               *key,
                gsize                       key_len,
                const guint8               *iv,
                gsize                       iv_len,
                guint64                     seq,
                const HsvizDecryptedRecord *dec)
{
  HsvizRecordKeys keys = {
    .version = version,
    .suite = hsviz_connection_get_cipher_suite (self->connection),
    .mac_key = mac_key, .mac_key_len = mac_key_len,
    .key = key, .key_len = key_len,
    .iv = iv, .iv_len = iv_len,
    .seq = seq,
  };

  _hsviz_connection_remember_plain (self->connection, index, record, &keys, dec);
}

/* TLS 1.3 0-RTT: a client that offered early data protects its records with the client early
 * traffic key until its handshake records (the early data before the ServerHello, then
 * EndOfEarlyData): @record decrypted with it at the next early sequence number, or FALSE
 * (then the early phase is over). */
static gboolean
decrypt_early (HsvizImportConnection *self,
               GBytes                *record,
               guint                  index)
{
  HsvizEarlyData early;
  HsvizDecryptedRecord dec;

  if (self->early.phase == KEYS_NONE)
    {
      GPtrArray *records = hsviz_connection_get_records (self->connection);
      Side *client = &self->side[HSVIZ_DIRECTION_CLIENT];

      hsviz_connection_get_early_data (self->connection, &early);
      if (!early.offered || !load_keys (self, HSVIZ_DIRECTION_CLIENT, KEYS_EARLY))
        self->early.phase = KEYS_UNAVAILABLE;
      /* the 0-RTT records before the ServerHello came before the suite was known: their
       * plaintext (the early request) now */
      for (guint i = 0; self->early.phase == KEYS_EARLY && i < records->len && self->early.seq < self->early_pending; i++)
        {
          const HsvizRecord *r = g_ptr_array_index (records, i);

          if (r->direction != HSVIZ_DIRECTION_CLIENT || r->content_type != HSVIZ_CONTENT_APPLICATION_DATA)
            continue;
          if (r->bytes == NULL ||
              !hsviz_tls_record_decrypt (TLS13, hsviz_connection_get_cipher_suite (self->connection),
                                         self->early.key, self->early.key_len, self->early.iv, self->early.iv_len,
                                         self->early.seq, r->bytes, &dec, NULL))
            break;
          remember_plain (self, i, r->bytes, TLS13, NULL, 0, self->early.key, self->early.key_len,
                          self->early.iv, self->early.iv_len, self->early.seq, &dec);
          self->early.seq++;
          client->undecrypted--;
          client->app_bytes -= r->length;
          take_plaintext (self, HSVIZ_DIRECTION_CLIENT, &dec);
        }
      self->early.seq = self->early_pending;
    }
  if (self->early.phase != KEYS_EARLY ||
      !hsviz_tls_record_decrypt (TLS13, hsviz_connection_get_cipher_suite (self->connection),
                                 self->early.key, self->early.key_len, self->early.iv, self->early.iv_len,
                                 self->early.seq, record, &dec, NULL))
    {
      self->early.phase = KEYS_UNAVAILABLE;
      return FALSE;
    }
  remember_plain (self, index, record, TLS13, NULL, 0, self->early.key, self->early.key_len,
                  self->early.iv, self->early.iv_len, self->early.seq, &dec);
  self->early.seq++;
  take_plaintext (self, HSVIZ_DIRECTION_CLIENT, &dec);
  return TRUE;
}

/* A protected record of @dir, decrypted with its current keys: TLS 1.3 (outer type
 * application_data; handshake keys, then application keys) or TLS 1.2 (after its
 * ChangeCipherSpec; the key block's keys). */
static void
decrypt_record (HsvizImportConnection *self,
                HsvizDirection         dir,
                GBytes                *record,
                guint                  index)
{
  Side *side = &self->side[dir];
  guint16 suite = hsviz_connection_get_cipher_suite (self->connection);
  HsvizDecryptedRecord dec;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (dir == HSVIZ_DIRECTION_CLIENT && is_tls13 (self) && side->seq == 0 &&
      side->phase != KEYS_APPLICATION && self->early.phase != KEYS_UNAVAILABLE &&
      decrypt_early (self, record, index))
    return;
  if (side->phase == KEYS_NONE)
    {
      if (is_tls13 (self))
        load_keys (self, dir, side->finished ? KEYS_APPLICATION : KEYS_HANDSHAKE);
      else
        load_tls12_keys (self, dir);
    }
  if (side->phase == KEYS_UNAVAILABLE)
    {
      side->undecrypted++;
      return;
    }
  if (side->mac_len > 0)
    ok = hsviz_tls12_cbc_record_decrypt (suite, side->mac_key, side->mac_len, side->key, side->key_len,
                                         side->seq, record, &dec, &error);
  else
    ok = hsviz_tls_record_decrypt_kept (hsviz_connection_get_version (self->connection), suite,
                                        side->key, side->key_len, side->iv, side->iv_len, side->seq,
                                        record, &side->aead, &dec, &error);
  if (!ok)
    {
      note (self, g_strdup_printf (_("the %s's record %u (seq %" PRIu64 ") did not decrypt with the "
                                     "keys from the key log: %s"),
                                   side_name (dir), index, side->seq, error->message));
      side->phase = KEYS_UNAVAILABLE;
      side->undecrypted++;
      return;
    }
  remember_plain (self, index, record, hsviz_connection_get_version (self->connection),
                  side->mac_len > 0 ? side->mac_key : NULL, side->mac_len, side->key, side->key_len,
                  side->iv, side->mac_len > 0 ? 0 : side->iv_len, side->seq, &dec);
  side->seq++;
  take_plaintext (self, dir, &dec);
}

static void
on_record (HsvizDirection  dir,
           GBytes         *record,
           gboolean        is_tls,
           gpointer        user_data)
{
  HsvizImportConnection *self = user_data;
  Side *side = &self->side[dir];
  gsize len;
  const guint8 *d = g_bytes_get_data (record, &len);
  gboolean keep = TRUE;
  guint index;

  if (!is_tls)
    {
      if (!side->broken)
        note (self, g_strdup_printf (_("the %s's bytes stopped looking like TLS records: the rest of that "
                                       "direction is not read"), side_name (dir)));
      side->broken = TRUE;
      return;
    }
  if (self->first_us < 0)
    self->first_us = self->now_us;
  self->last_us = self->now_us;

  /* application data after the handshake: only the first few records are kept */
  if (d[0] == HSVIZ_CONTENT_APPLICATION_DATA)
    {
      side->encrypted++;
      if (side->finished || !is_tls13 (self) || side->encrypted > 64)
        keep = side->app_records++ < HSVIZ_IMPORT_APP_RECORDS;
    }
  index = hsviz_connection_get_records (self->connection)->len;
  if (keep)
    hsviz_connection_add_record (self->connection, dir, self->now_us, record);

  if (side->ccs && !is_tls13 (self))
    {
      /* TLS 1.2: everything after this side's ChangeCipherSpec is protected */
      side->encrypted += d[0] != HSVIZ_CONTENT_APPLICATION_DATA;
      if (d[0] == HSVIZ_CONTENT_APPLICATION_DATA && side->phase == KEYS_UNAVAILABLE)
        side->app_bytes += len - 5;
      decrypt_record (self, dir, record, index);
      return;
    }
  switch (d[0])
    {
    case HSVIZ_CONTENT_HANDSHAKE:
      hsviz_handshake_buffer_feed (side->handshake, d + 5, len - 5, self->now_us);
      break;
    case HSVIZ_CONTENT_CHANGE_CIPHER_SPEC:
      /* TLS 1.3's compatibility ChangeCipherSpec (RFC 8446 §D.4; after a HelloRetryRequest it
       * even comes before the ServerHello) changes nothing */
      side->ccs = self->server_hello && !is_tls13 (self);
      break;
    case HSVIZ_CONTENT_ALERT:
      set_alert (self, dir, d + 5, len - 5);
      break;
    case HSVIZ_CONTENT_APPLICATION_DATA:
      if (is_tls13 (self))
        decrypt_record (self, dir, record, index);
      else
        {
          side->undecrypted++;
          side->app_bytes += len - 5;
          if (dir == HSVIZ_DIRECTION_CLIENT && !self->server_hello)
            self->early_pending++;
        }
      break;
    default:
      break;
    }
}

HsvizImportConnection *
hsviz_import_connection_new (HsvizKeylog          *keylog,
                             const char           *client_address,
                             const char           *server_address,
                             const HsvizIpAddress *server_ip,
                             guint16               server_port,
                             gint64                start_us)
{
  HsvizImportConnection *self = g_new0 (HsvizImportConnection, 1);
  g_autofree char *ip = NULL;
  g_autofree char *url = NULL;
  HsvizTarget target = { 0 };

  self->connection = hsviz_connection_new ();
  hsviz_connection_set_provenance (self->connection, "import", FALSE, -1);
  self->keylog = keylog;
  self->start_us = start_us;
  self->first_us = -1;
  self->keylog_added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->resume = hsviz_import_resume_new (NULL, 0);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->outcome.error_code = -1;
  for (int d = 0; d < 2; d++)
    {
      self->side[d].tap = hsviz_record_tap_new ((HsvizDirection) d, on_record, self);
      self->side[d].handshake = hsviz_handshake_buffer_new (on_message, self);
      self->side[d].plaintext = g_byte_array_new ();
    }
  /* the server's address until the ClientHello's server_name says more */
  {
    g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes (server_ip->bytes, server_ip->family == 6
                                                                  ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);

    ip = g_inet_address_to_string (inet);
  }
  url = g_strdup (server_address);
  target.url = url;
  target.host = ip;
  target.port = server_port;
  target.address = ip;
  hsviz_connection_set_target (self->connection, &target);
  hsviz_connection_set_settings (self->connection, NULL, "import", NULL);
  hsviz_connection_set_addresses (self->connection, client_address, server_address);
  hsviz_connection_set_started_at (self->connection, start_us);
  return self;
}

void
hsviz_import_connection_set_certificate_cache (HsvizImportConnection *self,
                                               GHashTable            *cache)
{
  hsviz_connection_set_certificate_cache (self->connection, cache);
}

void
hsviz_import_connection_set_resume_table (HsvizImportConnection *self,
                                          HsvizResumeTable      *table,
                                          guint                  index)
{
  hsviz_import_resume_free (self->resume);
  self->resume = hsviz_import_resume_new (table, index);
}

void
hsviz_import_connection_free (HsvizImportConnection *self)
{
  if (self == NULL)
    return;
  for (int d = 0; d < 2; d++)
    {
      hsviz_record_tap_free (self->side[d].tap);
      hsviz_handshake_buffer_free (self->side[d].handshake);
      g_byte_array_unref (self->side[d].plaintext);
      drop_aead (&self->side[d]);
    }
  drop_aead (&self->early);
  g_clear_object (&self->connection);
  g_hash_table_unref (self->keylog_added);
  hsviz_import_resume_free (self->resume);
  g_ptr_array_unref (self->notes);
  hsviz_outcome_clear (&self->outcome);
  g_free (self);
}

void
hsviz_import_connection_feed (HsvizImportConnection *self,
                              HsvizDirection         direction,
                              const guint8          *data,
                              gsize                  len,
                              gint64                 time_us)
{
  if (self->side[direction].broken)
    return;
  self->now_us = time_us - self->start_us;
  self->feeding = direction;
  hsviz_record_tap_feed (self->side[direction].tap, data, len);
}

void
hsviz_import_connection_gap (HsvizImportConnection *self,
                             HsvizDirection         direction,
                             guint64                missing)
{
  if (!self->side[direction].broken)
    note (self, g_strdup_printf (_("%" PRIu64 " bytes from the %s were not captured: the rest of "
                                   "that direction is not read"), missing, side_name (direction)));
  self->side[direction].broken = TRUE;
}

void
hsviz_import_connection_set_starttls (HsvizImportConnection *self,
                                      const char            *protocol)
{
  hsviz_connection_set_starttls (self->connection, protocol);
  note (self, g_strdup_printf (_("TLS started after a %s STARTTLS exchange"), protocol));
}

void
hsviz_import_connection_add_cleartext (HsvizImportConnection *self,
                                       HsvizDirection         direction,
                                       const guint8          *data,
                                       gsize                  len,
                                       gint64                 time_us)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) data, (gssize) len);

  hsviz_connection_add_cleartext (self->connection, direction, time_us - self->start_us, text);
}

/* HTTP/1.x request and response from the decrypted application data, when there is any. */
static void
set_application_data (HsvizImportConnection *self)
{
  GByteArray *req = self->side[HSVIZ_DIRECTION_CLIENT].plaintext;
  GByteArray *resp = self->side[HSVIZ_DIRECTION_SERVER].plaintext;
  HsvizApplicationData app = { 0 };
  g_autoptr(HsvizHttpFraming) framing = hsviz_http_framing_new ();
  const char *end;

  app.bytes_sent = self->side[HSVIZ_DIRECTION_CLIENT].app_bytes;
  app.bytes_received = self->side[HSVIZ_DIRECTION_SERVER].app_bytes;
  if (req->len == 0)
    {
      if (app.bytes_sent + app.bytes_received == 0)
        return;
      app.present = TRUE;
      hsviz_connection_set_application_data (self->connection, &app);
      return;
    }
  app.present = TRUE;
  app.headers = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_header_free);
  /* HTTP/2 (the connection preface), else HTTP/1.x */
  if (!hsviz_http2_read_headers (req->data, req->len, resp->data, resp->len, &app))
    {
      if ((end = g_strstr_len ((const char *) req->data, req->len, "\r\n\r\n")) != NULL)
        app.request = g_utf8_make_valid ((const char *) req->data, end + 4 - (const char *) req->data);
      hsviz_http_framing_feed (framing, resp->data, resp->len);
      hsviz_capture_parse_response (&app, resp, framing);
    }
  hsviz_connection_set_application_data (self->connection, &app);
  hsviz_application_data_clear (&app);
}

static void
set_outcome (HsvizImportConnection *self,
             int                    closed_by)
{
  HsvizOutcome *o = &self->outcome;
  Side *c = &self->side[HSVIZ_DIRECTION_CLIENT], *s = &self->side[HSVIZ_DIRECTION_SERVER];
  guint n = hsviz_connection_get_n_messages (self->connection);
  gboolean seen_end = c->finished && s->finished;
  /* without the keys, both sides sending encrypted records after the handshake is the sign */
  gboolean inferred = !seen_end && c->undecrypted > 0 && s->undecrypted > 0 &&
                      (is_tls13 (self) ? c->encrypted > 0 : c->ccs && s->ccs);

  /* a fatal alert after both Finished messages ends the connection, not the handshake */
  if (o->has_alert && o->alert_level == 2 && !seen_end)
    {
      o->completed = FALSE;
      o->error = g_strdup_printf (_("fatal alert %s from the %s"), hsviz_alert_name (o->alert_description),
                                  side_name (o->alert_sender));
      o->error_code = 6;  /* HSVIZ_ERROR_ALERT */
    }
  else if (seen_end || inferred)
    {
      o->completed = TRUE;
      o->error_code = -1;
      if (inferred)
        note (self, g_strdup (_("the end of the handshake is encrypted and was not decrypted (no key log for it): "
                                "it is taken as completed because both sides went on sending encrypted records")));
    }
  else
    {
      o->completed = FALSE;
      /* HSVIZ_ERROR_CLOSED says the server closed it; a client that gave up is a plain failure */
      o->error = g_strdup (closed_by == HSVIZ_DIRECTION_SERVER
                           ? _("the connection closed before the handshake finished")
                           : closed_by == HSVIZ_DIRECTION_CLIENT
                           ? _("the client closed the connection before the handshake finished")
                           : _("the capture ends before the handshake finished"));
      o->error_code = closed_by == HSVIZ_DIRECTION_SERVER ? 7 : 0;  /* HSVIZ_ERROR_CLOSED : HSVIZ_ERROR_FAILED */
    }
  if (!o->completed)
    {
      if (n == 0)
        o->failed_at = g_strdup (_("before any handshake message"));
      else
        {
          HsvizMessage *m = hsviz_connection_get_message (self->connection, n - 1);

          o->failed_at = g_strdup_printf (_("after %s from the %s (message %u)"), hsviz_message_get_type_name (m),
                                          side_name (hsviz_message_get_direction (m)), n);
        }
    }
  hsviz_connection_set_outcome (self->connection, o);
}

HsvizConnection *
hsviz_import_connection_finish (HsvizImportConnection *self,
                                int                    closed_by,
                                GDateTime             *captured_at,
                                const char            *extra_note)
{
  HsvizTimings timings = { .dns_us = -1, .connect_us = -1 };   /* not seen in a capture */
  g_autoptr(GString) text = g_string_new (NULL);
  HsvizMessage *ch;
  gboolean resumed = hsviz_import_resume_is_resumed (self->resume);
  int from = hsviz_import_resume_get_from (self->resume, NULL);

  /* the import's table is the reading thread's: nothing here may touch it */
  g_clear_pointer (&self->resume, hsviz_import_resume_free);
  for (int d = 0; d < 2; d++)
    {
      Side *side = &self->side[d];

      self->feeding = (HsvizDirection) d;
      hsviz_record_tap_flush (side->tap);
      if (hsviz_handshake_buffer_get_pending (side->handshake) > 0)
        note (self, g_strdup_printf (_("the %s's last handshake message is incomplete (%zu bytes)"),
                                     side_name (d), hsviz_handshake_buffer_get_pending (side->handshake)));
      if (hsviz_handshake_buffer_is_broken (side->handshake))
        note (self, g_strdup_printf (_("the %s sent a handshake message longer than 1 MiB; it was not read"),
                                     side_name (d)));
      if (side->undecrypted > 0)
        note (self, g_strdup_printf (_("%u encrypted records from the %s were not decrypted%s"), side->undecrypted,
                                     side_name (d),
                                     self->keylog == NULL ? _(" (no key log)") : ""));
    }
  add_keylog_lines (self, NULL);
  set_application_data (self);
  set_outcome (self, closed_by);

  ch = hsviz_connection_find_message (self->connection, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT, FALSE);
  if (ch != NULL)
    {
      timings.handshake_us = (self->finished_us > 0 ? self->finished_us : self->last_us) -
                             hsviz_message_get_time_us (ch);
    }
  timings.total_us = self->last_us;
  hsviz_connection_set_timings (self->connection, &timings);
  hsviz_connection_complete (self->connection);
  hsviz_connection_set_certificate_cache (self->connection, NULL);
  hsviz_connection_set_provenance (self->connection, "import", resumed, resumed ? from : -1);

  /* the name the client asked for (server_name), from the parsed ClientHello */
  if (ch != NULL)
    {
      HsvizField *ext = hsviz_field_find_extension (hsviz_message_get_fields (ch), 0);
      HsvizField *name = ext != NULL ? hsviz_field_find (ext, "host_name") : NULL;

      if (name != NULL && hsviz_field_get_value (name) != NULL)
        {
          const HsvizTarget *old = hsviz_connection_get_target (self->connection);
          g_autofree char *url = g_strdup_printf ("%s:%u", hsviz_field_get_value (name), old->port);
          g_autofree char *address = g_strdup (old->address);
          HsvizTarget target = { 0 };

          target.port = old->port;
          target.address = address;
          target.url = url;
          target.host = (char *) hsviz_field_get_value (name);
          target.servername = target.host;
          hsviz_connection_set_target (self->connection, &target);
        }
    }
  /* its addresses are not repeated here: they are the connection's own (addresses) */
  for (guint i = 0; i < self->notes->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", (const char *) g_ptr_array_index (self->notes, i));
  if (extra_note != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", extra_note);
  hsviz_connection_set_note (self->connection, text->len > 0 ? text->str : NULL);
  hsviz_key_schedule_compute (self->connection);
  return g_steal_pointer (&self->connection);
}
