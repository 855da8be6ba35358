/* hsviz-timeline-records.c — what each record of a connection is, and which record carried
 * which handshake message (steps 1 and 2 of hsviz-timeline-build.c)
 *
 * Records are classified: handshake, ChangeCipherSpec, alert, application data, not TLS.
 * Protected records are decrypted when the connection has the keys (TLS 1.2: the record layer's
 * write keys after each side's ChangeCipherSpec; TLS 1.3: the handshake and application traffic
 * keys from the key log), which gives the inner content type of every TLS 1.3 record and the
 * level and description of every encrypted alert.  The client's TLS 1.3 early data (0-RTT) is
 * what it sent protected before the server's first record, and what the client early traffic
 * key decrypts after it (EndOfEarlyData).  Then each side's messages are matched to
 * the records that carried them by counting bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-connection.h"
#include "hsviz-tables.h"
#include "hsviz-timeline-private.h"
#include "hsviz-tls-crypto.h"
#include "hsviz-util.h"

/* TLS 1.3 record overhead without padding: the inner content type and the 16-byte AEAD tag. */
#define TLS13_OVERHEAD 17

typedef struct
{
  guint8   key[32];
  gsize    key_len;
  guint8   iv[16];
  gsize    iv_len;
  guint8   mac_key[64];
  gsize    mac_key_len;
  gboolean ok;
} Keys;

/* ------------------------------------------------------------------ keys */

static gboolean
copy_key (GBytes *bytes,
          guint8 *out,
          gsize   max,
          gsize  *len)
{
  const guint8 *p;

  *len = 0;
  if (bytes == NULL)
    return FALSE;
  p = g_bytes_get_data (bytes, len);
  if (*len > max)
    {
      *len = 0;
      return FALSE;
    }
  memcpy (out, p, *len);
  return TRUE;
}

/* The secret of the connection's key-log line @label (for its client random, the last one), or
 * NULL. */
static GBytes *
keylog_secret (HsvizTimelineBuilder *b,
               const char           *label)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (b->connection);
  const guint8 *cr = hsviz_connection_get_client_random (b->connection);
  g_autofree char *cr_hex = cr != NULL ? hsviz_hex_encode (cr, 32) : NULL;

  for (guint i = s->keylog != NULL ? s->keylog->len : 0; i-- > 0;)
    {
      const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);
      GBytes *secret;

      if (g_strcmp0 (e->label, label) != 0 || e->secret == NULL ||
          (cr_hex != NULL && e->client_random != NULL && g_ascii_strcasecmp (cr_hex, e->client_random) != 0))
        continue;
      if ((secret = hsviz_hex_decode (e->secret, NULL)) != NULL)
        return secret;
    }
  return NULL;
}

/* TLS 1.2 without the record layer's keys (an import: no TLS library to ask): @dir's keys from
 * the key block of the key log's master secret (CLIENT_RANDOM; RFC 5246 §6.3). */
static void
tls12_keys_from_keylog (HsvizTimelineBuilder *b,
                        HsvizDirection        dir,
                        Keys                 *k)
{
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (b->suite);
  const guint8 *cr = hsviz_connection_get_client_random (b->connection);
  const guint8 *sr = hsviz_connection_get_server_random (b->connection);
  g_autoptr(GBytes) ms = keylog_secret (b, "CLIENT_RANDOM");
  g_autofree guint8 *kb = NULL;
  gsize mac_len, key_len, iv_len, ms_len = 0;
  const guint8 *m = ms != NULL ? g_bytes_get_data (ms, &ms_len) : NULL;
  int d = dir == HSVIZ_DIRECTION_CLIENT ? 0 : 1;

  if (m == NULL || cs == NULL || cs->prf == NULL || cr == NULL || sr == NULL ||
      !hsviz_tls12_key_block_sizes (b->suite, &mac_len, &key_len, &iv_len) ||
      mac_len > sizeof k->mac_key || key_len > sizeof k->key || iv_len > sizeof k->iv)
    return;
  kb = g_malloc (2 * (mac_len + key_len + iv_len));
  if (!_hsviz_connection_tls12_key_block (b->connection, gnutls_mac_get_id (cs->prf), m, ms_len, cr, sr, kb,
                                          2 * (mac_len + key_len + iv_len)))
    return;
  /* client MAC ‖ server MAC ‖ client key ‖ server key ‖ client IV ‖ server IV */
  memcpy (k->mac_key, kb + d * mac_len, mac_len);
  memcpy (k->key, kb + 2 * mac_len + d * key_len, key_len);
  memcpy (k->iv, kb + 2 * (mac_len + key_len) + d * iv_len, iv_len);
  k->mac_key_len = mac_len;
  k->key_len = key_len;
  k->iv_len = iv_len;
  k->ok = key_len > 0;
}

/* TLS 1.2: the write keys the record layer used, as stored; else from the key log. */
static void
tls12_keys (HsvizTimelineBuilder        *b,
            HsvizDirection  dir,
            Keys           *k)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (b->connection);
  gboolean client = dir == HSVIZ_DIRECTION_CLIENT;

  memset (k, 0, sizeof *k);
  if ((client ? s->client_write_key : s->server_write_key) == NULL)
    {
      tls12_keys_from_keylog (b, dir, k);
      return;
    }
  k->ok = copy_key (client ? s->client_write_key : s->server_write_key, k->key, sizeof k->key, &k->key_len) &&
          k->key_len > 0;
  copy_key (client ? s->client_write_iv : s->server_write_iv, k->iv, sizeof k->iv, &k->iv_len);
  copy_key (client ? s->client_write_mac_key : s->server_write_mac_key, k->mac_key, sizeof k->mac_key,
            &k->mac_key_len);
  if (hsviz_tls_aead_cipher (b->suite) != GNUTLS_CIPHER_UNKNOWN)
    k->mac_key_len = 0;
  else if (k->mac_key_len == 0)
    k->ok = FALSE;
}

/* TLS 1.3: key and IV from the key-log secret @label (RFC 8446 §7.3). */
static void
tls13_keys (HsvizTimelineBuilder    *b,
            const char *label,
            Keys       *k)
{
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (b->suite);
  gnutls_cipher_algorithm_t cipher = hsviz_tls_aead_cipher (b->suite);
  g_autoptr(GBytes) secret = NULL;
  gnutls_mac_algorithm_t mac;
  const guint8 *p;
  gsize len;

  memset (k, 0, sizeof *k);
  if (cs == NULL || cs->prf == NULL || cipher == GNUTLS_CIPHER_UNKNOWN)
    return;
  mac = gnutls_mac_get_id (cs->prf);
  k->key_len = gnutls_cipher_get_key_size (cipher);
  k->iv_len = 12;
  if (mac == GNUTLS_MAC_UNKNOWN || k->key_len == 0 || k->key_len > sizeof k->key ||
      (secret = keylog_secret (b, label)) == NULL)
    return;
  p = g_bytes_get_data (secret, &len);
  k->ok = _hsviz_connection_traffic_keys (b->connection, mac, p, len, k->key, k->key_len, k->iv);
}

/* What record @i (@r) decrypts to with @k at @seq: what the connection remembers of that same
 * decryption (the importer's), else decrypted now. */
static gboolean
decrypt (HsvizTimelineBuilder *b,
         guint                 i,
         const HsvizRecord    *r,
         const Keys           *k,
         guint64               seq,
         HsvizRecordPlain     *plain)
{
  HsvizRecordKeys keys = {
    .version = b->version, .suite = b->suite,
    .mac_key = k->mac_key_len > 0 ? k->mac_key : NULL, .mac_key_len = k->mac_key_len,
    .key = k->key, .key_len = k->key_len,
    .iv = k->iv, .iv_len = k->mac_key_len > 0 ? 0 : k->iv_len,
    .seq = seq,
  };
  HsvizDecryptedRecord dec = { 0 };
  gboolean ok;
  gsize len = 0;
  const guint8 *p;

  if (!k->ok || r->bytes == NULL)
    return FALSE;
  if (_hsviz_connection_recall_plain (b->connection, i, &keys, plain))
    return TRUE;
  if (k->mac_key_len > 0)
    ok = hsviz_tls12_cbc_record_decrypt (b->suite, k->mac_key, k->mac_key_len, k->key, k->key_len,
                                         seq, r->bytes, &dec, NULL);
  else
    ok = hsviz_tls_record_decrypt (b->version, b->suite, k->key, k->key_len, k->iv, k->iv_len, seq,
                                   r->bytes, &dec, NULL);
  if (!ok)
    return FALSE;
  p = g_bytes_get_data (dec.plaintext, &len);
  plain->content_type = dec.content_type;
  plain->length = len;
  plain->alert[0] = len == 2 ? p[0] : 0;
  plain->alert[1] = len == 2 ? p[1] : 0;
  hsviz_decrypted_record_clear (&dec);
  return TRUE;
}

static void
take_alert (HsvizRecordInfo        *info,
            const HsvizRecordPlain *plain)
{
  if (plain->length == 2)
    {
      info->has_alert = TRUE;
      info->alert_level = plain->alert[0];
      info->alert_description = plain->alert[1];
    }
}

/* ------------------------------------------------------------------ 1. records */

guint
_hsviz_timeline_find_early_records (GPtrArray    *records,
                                    guint16       version,
                                    guint16       suite,
                                    const guint8 *key,
                                    gsize         key_len,
                                    const guint8 *iv,
                                    gboolean     *early)
{
  gboolean server_spoke = FALSE;
  guint64 seq = 0;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      HsvizDecryptedRecord dec = { 0 };

      early[i] = FALSE;
      server_spoke = server_spoke || r->direction != HSVIZ_DIRECTION_CLIENT;
      if (r->direction != HSVIZ_DIRECTION_CLIENT || r->content_type != HSVIZ_CONTENT_APPLICATION_DATA)
        continue;
      /* before the server said anything, protected data can only be early data; after, the
       * early traffic key tells EndOfEarlyData from the first handshake record */
      if (server_spoke &&
          (key == NULL || r->bytes == NULL ||
           !hsviz_tls_record_decrypt (version, suite, key, key_len, iv, 12, seq, r->bytes, &dec, NULL)))
        break;
      hsviz_decrypted_record_clear (&dec);
      early[i] = TRUE;
      seq++;
    }
  return (guint) seq;
}

void
_hsviz_timeline_classify_records (HsvizTimelineBuilder *b)
{
  gboolean tls13 = b->version == HSVIZ_VERSION_TLS13;
  gboolean changed[2] = { FALSE, FALSE };   /* TLS 1.2: after this side's ChangeCipherSpec */
  guint64 seq[2] = { 0, 0 };
  guint epoch[2] = { 0, 0 };               /* TLS 1.3: 0 handshake keys, 1 application keys */
  Keys keys[2][2];
  Keys early = { 0 };                      /* TLS 1.3: the client early traffic key */
  guint64 early_seq = 0;
  g_autofree gboolean *is_early = g_new0 (gboolean, b->n_records + 1);

  memset (keys, 0, sizeof keys);
  if (b->have_secrets && tls13)
    {
      tls13_keys (b, "CLIENT_EARLY_TRAFFIC_SECRET", &early);
      tls13_keys (b, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", &keys[0][0]);
      tls13_keys (b, "CLIENT_TRAFFIC_SECRET_0", &keys[0][1]);
      tls13_keys (b, "SERVER_HANDSHAKE_TRAFFIC_SECRET", &keys[1][0]);
      tls13_keys (b, "SERVER_TRAFFIC_SECRET_0", &keys[1][1]);
    }
  else if (b->have_secrets && b->version != 0)
    {
      tls12_keys (b, HSVIZ_DIRECTION_CLIENT, &keys[0][0]);
      tls12_keys (b, HSVIZ_DIRECTION_SERVER, &keys[1][0]);
    }
  if (tls13)
    _hsviz_timeline_find_early_records (b->records, b->version, b->suite, early.ok ? early.key : NULL,
                                        early.key_len, early.iv, is_early);

  for (guint i = 0; i < b->n_records; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (b->records, i);
      HsvizRecordInfo *info = &b->info[i];
      guint d = r->direction != HSVIZ_DIRECTION_CLIENT;
      HsvizRecordPlain dec = { 0 };

      info->early = is_early[i];
      switch (r->content_type)
        {
        case HSVIZ_CONTENT_HANDSHAKE:
          info->class = HSVIZ_REC_HANDSHAKE;
          info->capacity = r->length;
          if (!tls13 && changed[d])
            {
              /* TLS 1.2: Finished (or a renegotiation message), encrypted: one message. */
              info->whole_message = TRUE;
            }
          break;
        case HSVIZ_CONTENT_CHANGE_CIPHER_SPEC:
          info->class = HSVIZ_REC_CHANGE_CIPHER_SPEC;
          if (!tls13)
            {
              changed[d] = TRUE;
              seq[d] = 0;
              continue;   /* the first protected record is seq 0 */
            }
          break;
        case HSVIZ_CONTENT_ALERT:
          info->class = HSVIZ_REC_ALERT;
          if (r->length == 2 && r->bytes != NULL && g_bytes_get_size (r->bytes) >= 7)
            {
              const guint8 *p = g_bytes_get_data (r->bytes, NULL);

              info->has_alert = TRUE;
              info->alert_level = p[5];
              info->alert_description = p[6];
            }
          break;
        case HSVIZ_CONTENT_APPLICATION_DATA:
          info->class = tls13 ? HSVIZ_REC_ENCRYPTED : HSVIZ_REC_APPLICATION_DATA;
          if (tls13)
            info->capacity = r->length > TLS13_OVERHEAD ? r->length - TLS13_OVERHEAD : 0;
          break;
        case 0:
          info->class = HSVIZ_REC_NOT_TLS;
          break;
        default:
          info->class = HSVIZ_REC_OTHER;
          break;
        }

      if (info->early)
        {
          gboolean ok = decrypt (b, i, r, &early, early_seq, &dec);

          /* not decrypted: data before the server's first record, else EndOfEarlyData */
          info->class = HSVIZ_REC_APPLICATION_DATA;
          info->capacity = 0;
          if (ok && dec.content_type == HSVIZ_CONTENT_HANDSHAKE)
            {
              info->class = HSVIZ_REC_HANDSHAKE;
              info->capacity = dec.length;
            }
          info->decrypted = ok;
          early_seq++;
          continue;
        }
      if (tls13 && r->content_type == HSVIZ_CONTENT_APPLICATION_DATA)
        {
          gboolean ok = decrypt (b, i, r, &keys[d][epoch[d]], seq[d], &dec);

          if (!ok && epoch[d] == 0 && keys[d][1].ok)
            {
              ok = decrypt (b, i, r, &keys[d][1], 0, &dec);
              if (ok)
                {
                  epoch[d] = 1;
                  seq[d] = 0;
                }
            }
          if (ok)
            {
              info->decrypted = TRUE;
              info->capacity = 0;
              switch (dec.content_type)
                {
                case HSVIZ_CONTENT_HANDSHAKE:
                  info->class = HSVIZ_REC_HANDSHAKE;
                  info->capacity = dec.length;
                  break;
                case HSVIZ_CONTENT_ALERT:
                  info->class = HSVIZ_REC_ALERT;
                  take_alert (info, &dec);
                  break;
                case HSVIZ_CONTENT_APPLICATION_DATA:
                  info->class = HSVIZ_REC_APPLICATION_DATA;
                  break;
                default:
                  info->class = HSVIZ_REC_OTHER;
                  break;
                }
            }
        }
      else if (!tls13 && changed[d] && info->class == HSVIZ_REC_ALERT && !info->has_alert)
        {
          if (decrypt (b, i, r, &keys[d][0], seq[d], &dec))
            {
              info->decrypted = TRUE;
              take_alert (info, &dec);
            }
        }
      if (tls13 ? r->content_type == HSVIZ_CONTENT_APPLICATION_DATA : changed[d])
        seq[d]++;
    }
}

/* ------------------------------------------------------------------ 2. carriers */

static gboolean
may_carry (const HsvizRecordInfo *info)
{
  return info->class == HSVIZ_REC_HANDSHAKE || info->class == HSVIZ_REC_ENCRYPTED;
}

/* The messages of @dir, in order, against the records of @dir that can carry them. */
void
_hsviz_timeline_find_carriers_of_side (HsvizTimelineBuilder        *b,
                       HsvizDirection  dir)
{
  gboolean tls13 = b->version == HSVIZ_VERSION_TLS13;
  guint r = 0;
  gsize room = 0;          /* bytes left in record r - 1 */
  gboolean finished_done = FALSE;
  int last_finished_record = -1;

  for (guint i = 0; i < b->n_messages; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (b->connection, i);
      gint64 t = hsviz_message_get_time_us (m);
      gsize need;

      if (hsviz_message_get_direction (m) != dir)
        continue;
      need = g_bytes_get_size (hsviz_message_get_bytes (m));

      if (tls13 && finished_done && room == 0)
        {
          /* After this side's Finished, a record that could not be decrypted is application
           * data unless it carries this message: the first one (read before the message was
           * hooked, or written after) whose size fits the message exactly, else the last one
           * read before it was hooked (the first one written after). */
          int found = -1;
          int fallback = -1;
          guint j = MAX (r, (guint) (last_finished_record + 1));

          while (j < b->n_records)
            {
              const HsvizRecord *rec = g_ptr_array_index (b->records, j);

              if (rec->direction == dir && may_carry (&b->info[j]) && !b->info[j].carries)
                break;
              j++;
            }
          if (j < b->n_records && b->info[j].class == HSVIZ_REC_ENCRYPTED)
            {
              for (; j < b->n_records; j++)
                {
                  const HsvizRecord *rec = g_ptr_array_index (b->records, j);
                  const HsvizRecordInfo *info = &b->info[j];
                  gboolean in_time = dir == HSVIZ_DIRECTION_SERVER ? rec->time_us <= t : rec->time_us >= t;

                  if (rec->direction != dir || info->class != HSVIZ_REC_ENCRYPTED || info->carries)
                    continue;
                  if (dir == HSVIZ_DIRECTION_SERVER && !in_time)
                    break;
                  if (in_time && info->capacity == need)
                    {
                      found = j;
                      break;
                    }
                  if (in_time && (dir == HSVIZ_DIRECTION_SERVER || fallback < 0))
                    fallback = j;
                }
              if (found < 0)
                found = fallback;
              if (found >= 0)
                {
                  b->info[found].carries = TRUE;
                  b->carrier[i] = found;
                  r = found + 1;
                }
              continue;
            }
          /* else: decrypted records: count bytes as during the handshake */
        }

      /* Bytes left in the current record first (several messages in one record). */
      if (room > 0 && r > 0)
        {
          gsize take = MIN (room, need);

          room -= take;
          need -= take;
          if (need == 0)
            b->carrier[i] = r - 1;
        }
      for (; need > 0 && r < b->n_records; r++)
        {
          const HsvizRecord *rec = g_ptr_array_index (b->records, r);
          HsvizRecordInfo *info = &b->info[r];
          gsize take;

          if (rec->direction != dir || !may_carry (info))
            continue;
          /* A message read by us is complete before it is hooked. */
          if (dir == HSVIZ_DIRECTION_SERVER && rec->time_us > t && b->carrier[i] < 0 &&
              info->class == HSVIZ_REC_ENCRYPTED)
            break;
          info->carries = TRUE;
          if (info->whole_message)
            {
              need = 0;
              room = 0;
            }
          else
            {
              take = MIN (info->capacity, need);
              need -= take;
              room = info->capacity - take;
            }
          if (need == 0)
            {
              b->carrier[i] = r;
              r++;
              break;
            }
        }
      if (b->carrier[i] < 0 && need > 0)
        room = 0;

      if (hsviz_message_get_type_code (m) == HSVIZ_HS_FINISHED)
        {
          finished_done = TRUE;
          last_finished_record = b->carrier[i];
          if (b->carrier[i] >= 0)
            {
              r = b->carrier[i] + 1;
              room = 0;
            }
        }
    }

  /* Without keys, every TLS 1.3 record of this side up to its Finished is handshake. */
  for (int j = 0; tls13 && j <= last_finished_record; j++)
    {
      const HsvizRecord *rec = g_ptr_array_index (b->records, j);

      if (rec->direction == dir && b->info[j].class == HSVIZ_REC_ENCRYPTED)
        b->info[j].carries = TRUE;
    }
}

/* The alert that ended a failed handshake may have travelled encrypted: GnuTLS told what it
 * said, and it is the sender's last record. */
void
_hsviz_timeline_place_outcome_alert (HsvizTimelineBuilder *b)
{
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (b->connection);

  if (outcome->completed || !outcome->has_alert)
    return;
  for (guint j = b->n_records; j-- > 0;)
    {
      const HsvizRecord *rec = g_ptr_array_index (b->records, j);
      HsvizRecordInfo *info = &b->info[j];

      if (rec->direction != outcome->alert_sender)
        continue;
      if (!info->carries && !info->has_alert &&
          (info->class == HSVIZ_REC_ENCRYPTED || info->class == HSVIZ_REC_APPLICATION_DATA ||
           info->class == HSVIZ_REC_ALERT))
        {
          info->class = HSVIZ_REC_ALERT;
          info->has_alert = TRUE;
          info->alert_from_outcome = TRUE;
          info->alert_level = outcome->alert_level;
          info->alert_description = outcome->alert_description;
        }
      break;
    }
}

