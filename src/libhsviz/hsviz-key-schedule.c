/* hsviz-key-schedule.c — the TLS 1.2 PRF / TLS 1.3 HKDF key schedule, recomputed and checked
 *
 * Every value is computed here with GnuTLS primitives (gnutls_hmac_fast, gnutls_hash,
 * gnutls_hkdf_expand, gnutls_aead_cipher_decrypt) from the key log, the randoms and the
 * transcript, and is marked verified only when it equals what the session really used: the
 * record keys GnuTLS reported, the Finished messages on the wire, or records that decrypt with
 * a valid tag to the bytes the session saw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-error.h"
#include "hsviz-key-schedule.h"
#include "hsviz-tables.h"

#define MAX_HASH      64
#define PREVIEW_BYTES 64

/* ------------------------------------------------------------------ primitives */

gboolean
hsviz_tls12_prf (gnutls_mac_algorithm_t  mac,
                 const guint8           *secret,
                 gsize                   secret_len,
                 const char             *label,
                 const guint8           *seed,
                 gsize                   seed_len,
                 guint8                 *out,
                 gsize                   out_len)
{
  gsize hlen, label_len, done = 0;
  guint8 a[MAX_HASH], next[MAX_HASH], block[MAX_HASH];
  g_autofree guint8 *a_label_seed = NULL;   /* A(i) ‖ label ‖ seed */

  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (seed != NULL || seed_len == 0, FALSE);
  g_return_val_if_fail (out != NULL || out_len == 0, FALSE);

  hlen = gnutls_hmac_get_len (mac);
  if (hlen == 0 || hlen > MAX_HASH)
    return FALSE;

  label_len = strlen (label);
  a_label_seed = g_malloc (hlen + label_len + seed_len);
  memcpy (a_label_seed + hlen, label, label_len);
  if (seed_len > 0)
    memcpy (a_label_seed + hlen + label_len, seed, seed_len);

  /* A(1) = HMAC(secret, label ‖ seed) */
  if (gnutls_hmac_fast (mac, secret, secret_len, a_label_seed + hlen, label_len + seed_len, a) < 0)
    return FALSE;

  while (done < out_len)
    {
      gsize n = MIN (hlen, out_len - done);

      memcpy (a_label_seed, a, hlen);
      if (gnutls_hmac_fast (mac, secret, secret_len, a_label_seed, hlen + label_len + seed_len, block) < 0 ||
          gnutls_hmac_fast (mac, secret, secret_len, a, hlen, next) < 0)
        return FALSE;
      memcpy (out + done, block, n);
      memcpy (a, next, hlen);
      done += n;
    }

  return TRUE;
}

gboolean
hsviz_tls13_hkdf_expand_label (gnutls_mac_algorithm_t  mac,
                               const guint8           *secret,
                               gsize                   secret_len,
                               const char             *label,
                               const guint8           *context,
                               gsize                   context_len,
                               guint8                 *out,
                               gsize                   out_len)
{
  static const char prefix[] = "tls13 ";
  guint8 info[2 + 1 + 255 + 1 + 255];
  gsize label_len, pos = 0;
  gnutls_datum_t key, info_datum;

  g_return_val_if_fail (secret != NULL && label != NULL && out != NULL, FALSE);
  g_return_val_if_fail (context != NULL || context_len == 0, FALSE);

  label_len = strlen (label);
  if (label_len + strlen (prefix) > 255 || context_len > 255 || out_len > G_MAXUINT16)
    return FALSE;

  info[pos++] = (out_len >> 8) & 0xff;
  info[pos++] = out_len & 0xff;
  info[pos++] = strlen (prefix) + label_len;
  memcpy (info + pos, prefix, strlen (prefix));
  pos += strlen (prefix);
  memcpy (info + pos, label, label_len);
  pos += label_len;
  info[pos++] = context_len;
  if (context_len > 0)
    memcpy (info + pos, context, context_len);
  pos += context_len;

  key.data = (unsigned char *) secret;
  key.size = secret_len;
  info_datum.data = info;
  info_datum.size = pos;

  return gnutls_hkdf_expand (mac, &key, &info_datum, out, out_len) >= 0;
}

gboolean
hsviz_tls13_derive_secret (gnutls_mac_algorithm_t  mac,
                           const guint8           *secret,
                           gsize                   secret_len,
                           const char             *label,
                           const guint8           *messages,
                           gsize                   messages_len,
                           guint8                 *out)
{
  guint8 hash[MAX_HASH];
  gsize hlen = gnutls_hmac_get_len (mac);

  g_return_val_if_fail (messages != NULL || messages_len == 0, FALSE);

  if (hlen == 0 || hlen > MAX_HASH)
    return FALSE;
  /* The SHA-2 MAC and digest ids are equal in GnuTLS. */
  if (gnutls_hash_fast ((gnutls_digest_algorithm_t) mac, messages, messages_len, hash) < 0)
    return FALSE;

  return hsviz_tls13_hkdf_expand_label (mac, secret, secret_len, label, hash, hlen, out, hlen);
}

/* ------------------------------------------------------------------ record decryption */

static char *
hex_of (const guint8 *data,
        gsize         len)
{
  GString *s = g_string_sized_new (len * 2 + 1);

  /* GnuTLS has gnutls_hex_encode2, but it allocates with gnutls_malloc; one loop is simpler. */
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);

  return g_string_free (s, FALSE);
}

void
hsviz_decrypted_record_clear (HsvizDecryptedRecord *record)
{
  g_clear_pointer (&record->plaintext, g_bytes_unref);
  g_clear_pointer (&record->nonce, g_free);
  g_clear_pointer (&record->aad, g_free);
  record->content_type = 0;
}

static gnutls_cipher_algorithm_t
suite_aead_cipher (const HsvizCipherSuite *cs)
{
  if (cs == NULL || g_strcmp0 (cs->mac, "AEAD") != 0)
    return GNUTLS_CIPHER_UNKNOWN;
  return gnutls_cipher_get_id (cs->cipher);
}

gboolean
hsviz_tls_record_decrypt (guint16                 version,
                          guint16                 cipher_suite,
                          const guint8           *key,
                          gsize                   key_len,
                          const guint8           *iv,
                          gsize                   iv_len,
                          guint64                 seq,
                          GBytes                 *record,
                          HsvizDecryptedRecord   *out,
                          GError                **error)
{
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (cipher_suite);
  gnutls_cipher_algorithm_t cipher = suite_aead_cipher (cs);
  gnutls_aead_cipher_hd_t handle = NULL;
  gnutls_datum_t key_datum;
  const guint8 *rec, *ctext;
  gsize rec_len, ctext_len, tag_len, ptext_len;
  guint8 nonce[12], aad[13];
  gsize aad_len;
  g_autofree guint8 *ptext = NULL;
  int ret;

  g_return_val_if_fail (record != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (cipher == GNUTLS_CIPHER_UNKNOWN)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   "Decrypting records of %s is not supported (only AEAD suites are)",
                   hsviz_cipher_suite_name (cipher_suite));
      return FALSE;
    }

  rec = g_bytes_get_data (record, &rec_len);
  tag_len = gnutls_cipher_get_tag_size (cipher);
  if (rec_len < 5 || (gsize) ((rec[3] << 8) | rec[4]) != rec_len - 5 ||
      key_len != gnutls_cipher_get_key_size (cipher))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   "Not a whole record, or a key of the wrong size");
      return FALSE;
    }

  ctext = rec + 5;
  ctext_len = rec_len - 5;
  if (version < HSVIZ_VERSION_TLS13 && iv_len == 4)
    {
      /* RFC 5288 §3: nonce = salt(4) ‖ explicit nonce(8), the explicit part leads the record. */
      if (ctext_len < 8 + tag_len)
        goto too_short;
      memcpy (nonce, iv, 4);
      memcpy (nonce + 4, ctext, 8);
      ctext += 8;
      ctext_len -= 8;
    }
  else if (iv_len == 12)
    {
      /* RFC 8446 §5.3 and RFC 7905 §2: nonce = iv XOR (0 ‖ seq) */
      if (ctext_len < tag_len)
        goto too_short;
      memcpy (nonce, iv, 12);
      for (int i = 0; i < 8; i++)
        nonce[4 + i] ^= (seq >> (56 - 8 * i)) & 0xff;
    }
  else
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   "An IV of %" G_GSIZE_FORMAT " bytes fits no AEAD record nonce", iv_len);
      return FALSE;
    }

  ptext_len = ctext_len - tag_len;
  if (version >= HSVIZ_VERSION_TLS13)
    {
      /* RFC 8446 §5.2: additional_data = the record header */
      memcpy (aad, rec, 5);
      aad_len = 5;
    }
  else
    {
      /* RFC 5246 §6.2.3.3: seq_num ‖ type ‖ version ‖ length (of the plaintext) */
      for (int i = 0; i < 8; i++)
        aad[i] = (seq >> (56 - 8 * i)) & 0xff;
      aad[8] = rec[0];
      aad[9] = rec[1];
      aad[10] = rec[2];
      aad[11] = (ptext_len >> 8) & 0xff;
      aad[12] = ptext_len & 0xff;
      aad_len = 13;
    }

  key_datum.data = (unsigned char *) key;
  key_datum.size = key_len;
  ret = gnutls_aead_cipher_init (&handle, cipher, &key_datum);
  if (!hsviz_error_from_gnutls (ret, NULL, "Preparing the record cipher", error))
    return FALSE;
  ptext = g_malloc (MAX (ptext_len, 1));
  ret = gnutls_aead_cipher_decrypt (handle, nonce, 12, aad, aad_len, tag_len,
                                    ctext, ctext_len, ptext, &ptext_len);
  gnutls_aead_cipher_deinit (handle);
  if (!hsviz_error_from_gnutls (ret, NULL, "Decrypting the record", error))
    return FALSE;

  if (version >= HSVIZ_VERSION_TLS13)
    {
      /* RFC 8446 §5.4: content ‖ type ‖ zeros */
      while (ptext_len > 0 && ptext[ptext_len - 1] == 0)
        ptext_len--;
      if (ptext_len == 0)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE,
                       "The decrypted record holds no inner content type");
          return FALSE;
        }
      out->content_type = ptext[--ptext_len];
    }
  else
    out->content_type = rec[0];

  out->plaintext = g_bytes_new (ptext, ptext_len);
  out->nonce = hex_of (nonce, 12);
  out->aad = hex_of (aad, aad_len);
  return TRUE;

too_short:
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE, "The record is too short for its AEAD");
  return FALSE;
}

/* ------------------------------------------------------------------ the session's schedule */

typedef struct
{
  char    *name;
  char    *formula;
  char    *value;
  gboolean verified;
  char    *note;
} Entry;

typedef struct
{
  HsvizSession              *session;
  const HsvizSecrets        *secrets;
  guint16                    version;
  guint16                    suite;
  const HsvizCipherSuite    *cs;
  gnutls_mac_algorithm_t     mac;      /* PRF / HKDF hash */
  gsize                      hlen;
  GPtrArray                 *entries;  /* of Entry, flushed to the session at the end */
  int                        hrr;      /* index of the HelloRetryRequest, or -1 */
} Ctx;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_free (e->formula);
  g_free (e->value);
  g_free (e->note);
  g_free (e);
}

/* Takes @note. */
static Entry *
entry_add (Ctx          *ctx,
           const char   *name,
           const char   *formula,
           const guint8 *value,
           gsize         value_len,
           gboolean      verified,
           char         *note)
{
  Entry *e = g_new0 (Entry, 1);

  e->name = g_strdup (name);
  e->formula = g_strdup (formula);
  e->value = value != NULL ? hex_of (value, value_len) : g_strdup ("");
  e->verified = verified;
  e->note = note;
  g_ptr_array_add (ctx->entries, e);
  return e;
}

static GBytes *
message_bytes (Ctx  *ctx,
               guint index)
{
  return hsviz_message_get_bytes (hsviz_session_get_message (ctx->session, index));
}

/* The first message of @type from @dir at or after @from (ServerHello: not the HRR), or -1. */
static int
find_message (Ctx           *ctx,
              HsvizDirection dir,
              guint8         type,
              guint          from)
{
  guint n = hsviz_session_get_n_messages (ctx->session);

  for (guint i = from; i < n; i++)
    {
      HsvizMessage *m = hsviz_session_get_message (ctx->session, i);

      if (hsviz_message_get_direction (m) == dir && hsviz_message_get_type_code (m) == type &&
          !hsviz_message_is_hello_retry (m))
        return i;
    }
  return -1;
}

static gboolean
bytes_equal (const guint8 *data,
             gsize         len,
             GBytes       *bytes)
{
  gsize blen;
  const guint8 *b;

  if (bytes == NULL)
    return FALSE;
  b = g_bytes_get_data (bytes, &blen);
  return blen == len && (len == 0 || memcmp (data, b, len) == 0);
}

/* The secret of the key log line @label whose client_random is the session's, or NULL. */
static GBytes *
keylog_secret (Ctx        *ctx,
               const char *label)
{
  const guint8 *cr = hsviz_session_get_client_random (ctx->session);
  g_autofree char *cr_hex = cr != NULL ? hex_of (cr, 32) : NULL;
  GPtrArray *log = ctx->secrets != NULL ? ctx->secrets->keylog : NULL;

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      const HsvizKeylogEntry *k = g_ptr_array_index (log, log->len - 1 - i);
      gnutls_datum_t hex, raw = { NULL, 0 };
      GBytes *result;

      if (g_strcmp0 (k->label, label) != 0 || k->secret == NULL ||
          (cr_hex != NULL && k->client_random != NULL && g_ascii_strcasecmp (cr_hex, k->client_random) != 0))
        continue;
      hex.data = (unsigned char *) k->secret;
      hex.size = strlen (k->secret);
      if (gnutls_hex_decode2 (&hex, &raw) < 0)
        continue;
      result = g_bytes_new (raw.data, raw.size);
      gnutls_free (raw.data);
      return result;
    }
  return NULL;
}

/* Transcript-Hash of messages [0, end): TLS 1.3 replaces ClientHello1 by message_hash after a
 * HelloRetryRequest (RFC 8446 §4.4.1).  @message_hash (4 + hlen bytes) may be NULL. */
static gboolean
transcript_hash (Ctx    *ctx,
                 guint   end,
                 guint8 *out,
                 guint8 *message_hash)
{
  gnutls_hash_hd_t h;
  guint start = 0;

  if (gnutls_hash_init (&h, (gnutls_digest_algorithm_t) ctx->mac) < 0)
    return FALSE;
  if (ctx->hrr > 0 && end > (guint) ctx->hrr)
    {
      guint8 mh[4 + MAX_HASH] = { HSVIZ_HS_MESSAGE_HASH, 0, 0, ctx->hlen };
      gnutls_hash_hd_t h1;

      if (gnutls_hash_init (&h1, (gnutls_digest_algorithm_t) ctx->mac) < 0)
        {
          gnutls_hash_deinit (h, NULL);
          return FALSE;
        }
      for (guint i = 0; i < (guint) ctx->hrr; i++)
        {
          gsize len;
          const guint8 *d = g_bytes_get_data (message_bytes (ctx, i), &len);
          gnutls_hash (h1, d, len);
        }
      gnutls_hash_deinit (h1, mh + 4);
      gnutls_hash (h, mh, 4 + ctx->hlen);
      if (message_hash != NULL)
        memcpy (message_hash, mh, 4 + ctx->hlen);
      start = ctx->hrr;
    }
  for (guint i = start; i < end; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (message_bytes (ctx, i), &len);
      gnutls_hash (h, d, len);
    }
  gnutls_hash_deinit (h, out);
  return TRUE;
}

static char *
describe_plaintext (GBytes *plaintext)
{
  gsize len, shown = 0;
  const guint8 *p = g_bytes_get_data (plaintext, &len);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%" G_GSIZE_FORMAT " bytes", len);
  while (shown < len && shown < 32 && g_ascii_isprint (p[shown]))
    shown++;
  if (shown >= 4)
    g_string_append_printf (s, ", begins \"%.*s\"", (int) shown, (const char *) p);
  return g_string_free (s, FALSE);
}

/* What the first application-data record of @dir should hold; sets @checked to what was compared. */
static gboolean
plaintext_matches_session (Ctx                        *ctx,
                           HsvizDirection              dir,
                           const HsvizDecryptedRecord *dec,
                           int                         after_message,
                           const char                **checked)
{
  const HsvizApplicationData *app = hsviz_session_get_application_data (ctx->session);
  gsize len;
  const guint8 *p = g_bytes_get_data (dec->plaintext, &len);

  if (dec->content_type == HSVIZ_CONTENT_HANDSHAKE && after_message >= 0)
    {
      /* TLS 1.3 post-handshake messages (NewSessionTicket) as the hooks saw them */
      g_autoptr(GByteArray) expected = g_byte_array_new ();
      guint n = hsviz_session_get_n_messages (ctx->session);

      for (guint i = after_message + 1; i < n && expected->len < len; i++)
        {
          HsvizMessage *m = hsviz_session_get_message (ctx->session, i);
          gsize mlen;
          const guint8 *d;

          if (hsviz_message_get_direction (m) != dir)
            continue;
          d = g_bytes_get_data (hsviz_message_get_bytes (m), &mlen);
          g_byte_array_append (expected, d, mlen);
        }
      *checked = "equals the post-handshake message(s) the session received";
      return expected->len == len && memcmp (expected->data, p, len) == 0;
    }
  if (dec->content_type != HSVIZ_CONTENT_APPLICATION_DATA || app == NULL || !app->present)
    {
      *checked = NULL;
      return TRUE;
    }
  if (dir == HSVIZ_DIRECTION_CLIENT && app->request != NULL)
    {
      *checked = "equals the request the session sent";
      return len <= strlen (app->request) && memcmp (app->request, p, len) == 0;
    }
  if (dir == HSVIZ_DIRECTION_SERVER && app->status != 0 && app->http_version != NULL)
    {
      g_autofree char *status_line = g_strdup_printf ("%s %u", app->http_version, app->status);

      *checked = "begins with the status line of the response the session received";
      return len >= strlen (status_line) && memcmp (status_line, p, strlen (status_line)) == 0;
    }
  *checked = NULL;
  return TRUE;
}

/* Decrypt record @index of the session with @key/@iv at @seq and add "<dir>_first_record". */
static void
add_first_record (Ctx           *ctx,
                  HsvizDirection dir,
                  int            index,
                  guint64        seq,
                  const guint8  *key,
                  gsize          key_len,
                  const guint8  *iv,
                  gsize          iv_len,
                  int            after_message)
{
  const char *name = dir == HSVIZ_DIRECTION_CLIENT ? "client_first_record" : "server_first_record";
  const char *formula = ctx->version >= HSVIZ_VERSION_TLS13
    ? "AEAD-Decrypt(write_key, nonce = write_iv XOR seq, additional_data = record header, record) = content ‖ inner content type"
    : (iv_len == 4
       ? "AEAD-Decrypt(write_key, nonce = write_iv ‖ explicit_nonce, additional_data = seq ‖ type ‖ version ‖ length, record)"
       : "AEAD-Decrypt(write_key, nonce = write_iv XOR seq, additional_data = seq ‖ type ‖ version ‖ length, record)");
  GPtrArray *records = hsviz_session_get_records (ctx->session);
  HsvizDecryptedRecord dec;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const char *checked = NULL;
  const HsvizRecord *r;
  gboolean matches;
  gsize len;

  if (index < 0 || records == NULL || (guint) index >= records->len)
    {
      entry_add (ctx, name, formula, NULL, 0, FALSE,
                 g_strdup ("no application-data record was captured in this direction"));
      return;
    }
  r = g_ptr_array_index (records, index);
  if (!hsviz_tls_record_decrypt (ctx->version, ctx->suite, key, key_len, iv, iv_len, seq,
                                 r->bytes, &dec, &error))
    {
      entry_add (ctx, name, formula, NULL, 0, FALSE,
                 g_strdup_printf ("record %u (seq %" G_GUINT64_FORMAT ") did not decrypt with the derived keys: %s",
                                  r->index, seq, error->message));
      return;
    }

  matches = plaintext_matches_session (ctx, dir, &dec, after_message, &checked);
  what = describe_plaintext (dec.plaintext);
  g_bytes_get_data (dec.plaintext, &len);
  entry_add (ctx, name, formula, g_bytes_get_data (dec.plaintext, NULL), MIN (len, PREVIEW_BYTES), matches,
             g_strdup_printf ("record %u, seq %" G_GUINT64_FORMAT ", nonce %s, additional data %s; "
                              "the tag verified%s%s; %s %s; plaintext %s%s",
                              r->index, seq, dec.nonce, dec.aad,
                              checked != NULL ? (matches ? " and the plaintext " : " but the plaintext NOT ") : "",
                              checked != NULL ? checked : "",
                              ctx->version >= HSVIZ_VERSION_TLS13 ? "inner content type" : "content type",
                              hsviz_content_type_name (dec.content_type), what,
                              len > PREVIEW_BYTES ? " (value: the first 64 bytes)" : ""));
  hsviz_decrypted_record_clear (&dec);
}

static void
add_key_entry (Ctx          *ctx,
               const char   *name,
               const char   *formula,
               const guint8 *value,
               gsize         len,
               GBytes       *used,
               gboolean     *all_ok)
{
  gboolean ok = bytes_equal (value, len, used);

  entry_add (ctx, name, formula, value, len, ok,
             used == NULL ? g_strdup ("the session did not store the record-layer key to compare with")
             : ok ? g_strdup ("equals the key GnuTLS's record layer used (gnutls_record_get_state)")
                  : g_strdup ("DIFFERS from the key GnuTLS's record layer used (gnutls_record_get_state)"));
  if (!ok && all_ok != NULL)
    *all_ok = FALSE;
}

/* ------------------------------------------------------------------ TLS 1.2 */

/* The first application-data record of @dir after its ChangeCipherSpec (index into the session's
 * records) and its sequence number: records after the CCS are numbered from 0 (Finished). */
static int
tls12_first_app_record (Ctx           *ctx,
                        HsvizDirection dir,
                        guint64       *seq)
{
  GPtrArray *records = hsviz_session_get_records (ctx->session);
  gboolean after_ccs = FALSE;

  *seq = 0;
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      if (r->direction != dir)
        continue;
      if (!after_ccs)
        after_ccs = r->content_type == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC;
      else if (r->content_type == HSVIZ_CONTENT_APPLICATION_DATA)
        return i;
      else
        (*seq)++;
    }
  return -1;
}

static char *
describe_transcript (Ctx  *ctx,
                     guint end)
{
  if (end == 0)
    return g_strdup ("no messages");
  return g_strdup_printf ("the %u handshake messages %s … %s", end,
                          hsviz_message_get_type_name (hsviz_session_get_message (ctx->session, 0)),
                          hsviz_message_get_type_name (hsviz_session_get_message (ctx->session, end - 1)));
}

static gboolean
tls12_finished (Ctx           *ctx,
                const guint8  *ms,
                gsize          ms_len,
                HsvizDirection dir)
{
  gboolean client = dir == HSVIZ_DIRECTION_CLIENT;
  const char *name = client ? "client_finished" : "server_finished";
  g_autofree char *formula = g_strdup_printf ("PRF(master_secret, \"%s finished\", %s(handshake messages before it))[0..12]",
                                              client ? "client" : "server", ctx->cs->prf);
  int f = find_message (ctx, dir, HSVIZ_HS_FINISHED, 0);
  guint8 hash[MAX_HASH], vd[12];
  g_autofree char *over = NULL;
  const guint8 *msg;
  gsize msg_len;
  gboolean ok;

  if (f < 0)
    {
      entry_add (ctx, name, formula, NULL, 0, FALSE,
                 g_strdup_printf ("no Finished message from the %s was captured", client ? "client" : "server"));
      return FALSE;
    }
  if (!transcript_hash (ctx, f, hash, NULL) ||
      !hsviz_tls12_prf (ctx->mac, ms, ms_len, client ? "client finished" : "server finished",
                        hash, ctx->hlen, vd, sizeof vd))
    {
      entry_add (ctx, name, formula, NULL, 0, FALSE, g_strdup ("GnuTLS could not compute it"));
      return FALSE;
    }
  msg = g_bytes_get_data (message_bytes (ctx, f), &msg_len);
  ok = msg_len == 4 + sizeof vd && memcmp (msg + 4, vd, sizeof vd) == 0;
  over = describe_transcript (ctx, f);
  entry_add (ctx, name, formula, vd, sizeof vd, ok,
             g_strdup_printf ("hash over %s; %s the verify_data of the %s's Finished message (message %d)",
                              over, ok ? "equals" : "DIFFERS from", client ? "client" : "server", f + 1));
  return ok;
}

static const char *
why_no_pre_master (Ctx *ctx)
{
  switch (hsviz_session_get_key_exchange (ctx->session))
    {
    case HSVIZ_KX_RSA:
      return "the client sent it encrypted with the server's RSA key, and only the server's private key decrypts it";
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_DHE:
      return "it is the (EC)DHE shared secret, which GnuTLS computes internally and no API exposes";
    default:
      return "no API exposes it";
    }
}

static void
compute_tls12 (Ctx *ctx)
{
  const HsvizSecrets *sec = ctx->secrets;
  const guint8 *cr = hsviz_session_get_client_random (ctx->session);
  const guint8 *sr = hsviz_session_get_server_random (ctx->session);
  g_autoptr(GBytes) ms_bytes = keylog_secret (ctx, "CLIENT_RANDOM");
  const char *ms_source = "the key log (CLIENT_RANDOM)";
  gboolean ems = hsviz_session_uses_extended_master_secret (ctx->session);
  gnutls_cipher_algorithm_t cipher = gnutls_cipher_get_id (ctx->cs->cipher);
  gboolean aead = g_strcmp0 (ctx->cs->mac, "AEAD") == 0;
  g_autofree char *ms_formula = NULL;
  g_autofree char *kb_formula = NULL;
  g_autofree char *sh_hex = NULL;
  g_autofree guint8 *kb = NULL;
  guint8 session_hash[MAX_HASH], seed[64], ms2[48];
  const guint8 *ms;
  gsize ms_len, mac_len, key_len, iv_len, kb_len;
  gboolean pms_ok = FALSE, kb_ok = TRUE, fin_ok;
  GBytes *pms = sec->pre_master_secret;
  Entry *ms_entry, *kb_entry;
  int cke = find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_CLIENT_KEY_EXCHANGE, 0);
  guint64 seq;
  int rec;

  if (ems)
    ms_formula = g_strdup_printf ("PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48], "
                                  "session_hash = %s(ClientHello … ClientKeyExchange) (extended master secret, RFC 7627)",
                                  ctx->cs->prf);
  else
    ms_formula = g_strdup ("PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48] "
                           "(classic, RFC 5246 §8.1: this session did not negotiate extended master secret)");

  if (ms_bytes == NULL && sec->master_secret != NULL)
    {
      ms_bytes = g_bytes_ref (sec->master_secret);
      ms_source = "the session (gnutls_session_get_master_secret)";
    }
  if (ms_bytes == NULL || cr == NULL || sr == NULL)
    {
      entry_add (ctx, "master_secret", ms_formula, NULL, 0, FALSE,
                 g_strdup (ms_bytes == NULL ? "no key log: secrets were not saved"
                                            : "the client and server randoms are missing"));
      return;
    }
  ms = g_bytes_get_data (ms_bytes, &ms_len);

  if (ems && cke >= 0 && transcript_hash (ctx, cke + 1, session_hash, NULL))
    sh_hex = hex_of (session_hash, ctx->hlen);

  /* Step 3-4: the pre-master secret, when the session knows it honestly (the demo server) */
  if (pms != NULL)
    {
      gsize pms_len;
      const guint8 *p = g_bytes_get_data (pms, &pms_len);
      gboolean done;

      memcpy (seed, cr, 32);
      memcpy (seed + 32, sr, 32);
      if (ems)
        done = sh_hex != NULL &&
               hsviz_tls12_prf (ctx->mac, p, pms_len, "extended master secret", session_hash, ctx->hlen, ms2, 48);
      else
        done = hsviz_tls12_prf (ctx->mac, p, pms_len, "master secret", seed, 64, ms2, 48);
      pms_ok = done && ms_len == 48 && memcmp (ms2, ms, 48) == 0;
      entry_add (ctx, "pre_master_secret",
                 hsviz_session_get_key_exchange (ctx->session) == HSVIZ_KX_RSA
                 ? "RSA-decrypt(server private key, ClientKeyExchange) = client_version(2) ‖ random(46)"
                 : "the (EC)DHE shared secret",
                 p, pms_len, pms_ok,
                 g_strdup (pms_ok ? "known to the demo server; the master secret recomputed from it equals the key log's"
                                  : "known to the demo server, but the master secret recomputed from it DIFFERS from the key log's"));
      if (sh_hex != NULL)
        entry_add (ctx, "session_hash", "Hash(ClientHello … ClientKeyExchange) (RFC 7627 §3)",
                   session_hash, ctx->hlen, pms_ok,
                   g_strdup (pms_ok ? "the master secret computed over it equals the key log's"
                                    : "the master secret computed over it does not match"));
    }

  ms_entry = entry_add (ctx, "master_secret", ms_formula, ms, ms_len, pms_ok, NULL);

  /* Step 5: the key block */
  key_len = gnutls_cipher_get_key_size (cipher);
  if (aead)
    {
      mac_len = 0;
      iv_len = cipher == GNUTLS_CIPHER_CHACHA20_POLY1305 ? 12 : 4;
    }
  else
    {
      mac_len = gnutls_hmac_get_len (gnutls_mac_get_id (ctx->cs->mac));
      iv_len = gnutls_cipher_get_block_size (cipher);
    }
  kb_len = 2 * (mac_len + key_len + iv_len);
  kb = g_malloc0 (MAX (kb_len, 1));
  memcpy (seed, sr, 32);
  memcpy (seed + 32, cr, 32);
  kb_formula = g_strdup_printf ("PRF(master_secret, \"key expansion\", server_random + client_random)[0..%" G_GSIZE_FORMAT "] "
                                "= client_MAC(%" G_GSIZE_FORMAT ") ‖ server_MAC ‖ client_key(%" G_GSIZE_FORMAT ") ‖ "
                                "server_key ‖ client_IV(%" G_GSIZE_FORMAT ") ‖ server_IV",
                                kb_len, mac_len, key_len, iv_len);
  if (key_len == 0 || !hsviz_tls12_prf (ctx->mac, ms, ms_len, "key expansion", seed, 64, kb, kb_len))
    {
      ms_entry->note = g_strdup_printf ("from %s", ms_source);
      entry_add (ctx, "key_block", kb_formula, NULL, 0, FALSE,
                 g_strdup_printf ("the key sizes of %s are unknown to GnuTLS", ctx->cs->cipher));
      return;
    }
  kb_entry = entry_add (ctx, "key_block", kb_formula, kb, kb_len, FALSE, NULL);
  {
    const guint8 *p = kb;
    const char *iv_kind = aead ? (iv_len == 4 ? ", the 4-byte implicit nonce salt (RFC 5288)"
                                              : ", XORed with the sequence number (RFC 7905)")
                               : " (TLS 1.2 CBC sends explicit IVs; GnuTLS keeps this one unused)";
    g_autofree char *civ_formula = g_strdup_printf ("key_block: client_write_IV%s", iv_kind);
    g_autofree char *siv_formula = g_strdup_printf ("key_block: server_write_IV%s", iv_kind);

    if (mac_len > 0)
      {
        add_key_entry (ctx, "client_write_mac_key", "key_block: client_write_MAC_key", p, mac_len,
                       sec->client_write_mac_key, &kb_ok);
        add_key_entry (ctx, "server_write_mac_key", "key_block: server_write_MAC_key", p + mac_len, mac_len,
                       sec->server_write_mac_key, &kb_ok);
      }
    p += 2 * mac_len;
    add_key_entry (ctx, "client_write_key", "key_block: client_write_key", p, key_len, sec->client_write_key, &kb_ok);
    add_key_entry (ctx, "server_write_key", "key_block: server_write_key", p + key_len, key_len,
                   sec->server_write_key, &kb_ok);
    p += 2 * key_len;
    add_key_entry (ctx, "client_write_iv", civ_formula, p, iv_len, sec->client_write_iv, &kb_ok);
    add_key_entry (ctx, "server_write_iv", siv_formula, p + iv_len, iv_len, sec->server_write_iv, &kb_ok);
  }
  kb_entry->verified = kb_ok;
  kb_entry->note = g_strdup (kb_ok ? "every part equals the key material GnuTLS's record layer used"
                                   : "not every part equals the record-layer keys (see below)");

  /* Step 6: Finished */
  fin_ok = tls12_finished (ctx, ms, ms_len, HSVIZ_DIRECTION_CLIENT);
  fin_ok = tls12_finished (ctx, ms, ms_len, HSVIZ_DIRECTION_SERVER) && fin_ok;

  ms_entry->verified = pms_ok || kb_ok || fin_ok;
  if (pms != NULL)
    ms_entry->note = g_strdup_printf ("from %s; recomputed from the pre-master secret: %s", ms_source,
                                      pms_ok ? "equal" : "DIFFERENT");
  else
    ms_entry->note = g_strdup_printf ("from %s; the pre-master secret is unknown (%s), so the formula is shown, not "
                                      "evaluated%s%s; checked instead: %s",
                                      ms_source, why_no_pre_master (ctx),
                                      sh_hex != NULL ? "; session_hash = " : "", sh_hex != NULL ? sh_hex : "",
                                      kb_ok && fin_ok ? "the key block derived from it reproduces the record keys and both Finished messages verify"
                                      : kb_ok ? "the key block derived from it reproduces the record keys"
                                      : fin_ok ? "both Finished messages verify with it"
                                      : "NOTHING derived from it matches what the session used");

  /* Step 6: the first application data in each direction */
  rec = tls12_first_app_record (ctx, HSVIZ_DIRECTION_CLIENT, &seq);
  if (aead)
    {
      const guint8 *keys = kb + 2 * mac_len;
      const guint8 *ivs = keys + 2 * key_len;

      add_first_record (ctx, HSVIZ_DIRECTION_CLIENT, rec, seq, keys, key_len, ivs, iv_len, -1);
      rec = tls12_first_app_record (ctx, HSVIZ_DIRECTION_SERVER, &seq);
      add_first_record (ctx, HSVIZ_DIRECTION_SERVER, rec, seq, keys + key_len, key_len, ivs + iv_len, iv_len, -1);
    }
  else
    {
      entry_add (ctx, "client_first_record", "", NULL, 0, FALSE,
                 g_strdup_printf ("records of %s (CBC) are not decrypted here; only AEAD suites are", ctx->cs->name));
      entry_add (ctx, "server_first_record", "", NULL, 0, FALSE,
                 g_strdup_printf ("records of %s (CBC) are not decrypted here; only AEAD suites are", ctx->cs->name));
    }
}

/* ------------------------------------------------------------------ TLS 1.3 */

typedef struct
{
  GBytes *secret;              /* from the key log, or NULL */
  guint8  key[32];
  guint8  iv[12];
  gboolean derived;
} Tls13Keys;

static void
tls13_keys_init (Ctx        *ctx,
                 Tls13Keys  *k,
                 const char *label,
                 gsize       key_len)
{
  gsize len;
  const guint8 *s;

  memset (k, 0, sizeof *k);
  k->secret = keylog_secret (ctx, label);
  if (k->secret == NULL || key_len > sizeof k->key)
    return;
  s = g_bytes_get_data (k->secret, &len);
  k->derived = hsviz_tls13_hkdf_expand_label (ctx->mac, s, len, "key", NULL, 0, k->key, key_len) &&
               hsviz_tls13_hkdf_expand_label (ctx->mac, s, len, "iv", NULL, 0, k->iv, sizeof k->iv);
}

/* Decrypt @dir's records protected by its handshake key (seq 0, 1, …) until they cover @dir's
 * messages in [@first, @last], and compare.  @next_record: the record after them, or -1. */
static gboolean
tls13_check_handshake_records (Ctx           *ctx,
                               HsvizDirection dir,
                               int            first,
                               int            last,
                               Tls13Keys     *k,
                               gsize          key_len,
                               int           *next_record,
                               char         **note)
{
  GPtrArray *records = hsviz_session_get_records (ctx->session);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *first_nonce = NULL, *first_aad = NULL;
  guint first_index = 0, last_index = 0;
  guint64 seq = 0;
  gboolean ok;

  *next_record = -1;
  for (int i = first; i <= last; i++)
    if (hsviz_message_get_direction (hsviz_session_get_message (ctx->session, i)) == dir)
      {
        gsize len;
        const guint8 *d = g_bytes_get_data (message_bytes (ctx, i), &len);
        g_byte_array_append (expected, d, len);
      }

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      HsvizDecryptedRecord dec;
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *d;

      if (r->direction != dir || r->content_type != HSVIZ_CONTENT_APPLICATION_DATA)
        continue;
      if (got->len >= expected->len)
        {
          *next_record = i;
          break;
        }
      if (!hsviz_tls_record_decrypt (ctx->version, ctx->suite, k->key, key_len, k->iv, sizeof k->iv,
                                     seq, r->bytes, &dec, &error))
        {
          *note = g_strdup_printf ("record %u (seq %" G_GUINT64_FORMAT ") did NOT decrypt with it: %s",
                                   r->index, seq, error->message);
          return FALSE;
        }
      if (seq == 0)
        {
          first_index = r->index;
          first_nonce = g_strdup (dec.nonce);
          first_aad = g_strdup (dec.aad);
        }
      last_index = r->index;
      seq++;
      d = g_bytes_get_data (dec.plaintext, &len);
      g_byte_array_append (got, d, len);
      if (dec.content_type != HSVIZ_CONTENT_HANDSHAKE)
        {
          *note = g_strdup_printf ("record %u decrypted to inner content type %s, not handshake",
                                   r->index, hsviz_content_type_name (dec.content_type));
          hsviz_decrypted_record_clear (&dec);
          return FALSE;
        }
      hsviz_decrypted_record_clear (&dec);
    }

  if (seq == 0)
    {
      *note = g_strdup ("no encrypted handshake record of this side was captured to check it with");
      return FALSE;
    }
  ok = got->len == expected->len && memcmp (got->data, expected->data, got->len) == 0;
  *note = g_strdup_printf ("decrypted record%s %u%s%.0u (seq 0%s%.0" G_GUINT64_FORMAT "; first nonce %s, "
                           "additional data %s) with it: the plaintext %s %s … Finished as the session "
                           "received them (%u bytes)",
                           seq > 1 ? "s" : "", first_index, seq > 1 ? "–" : "", seq > 1 ? last_index : 0,
                           seq > 1 ? "–" : "", seq > 1 ? seq - 1 : 0, first_nonce, first_aad,
                           ok ? "equals" : "DIFFERS from",
                           hsviz_message_get_type_name (hsviz_session_get_message (ctx->session, first)),
                           expected->len);
  return ok;
}

/* finished_key and verify_data of @dir's Finished; adds both entries. */
static gboolean
tls13_finished (Ctx           *ctx,
                HsvizDirection dir,
                Tls13Keys     *k,
                int            from,
                guint8        *message_hash)
{
  gboolean client = dir == HSVIZ_DIRECTION_CLIENT;
  const char *side = client ? "client" : "server";
  g_autofree char *fk_name = g_strdup_printf ("%s_finished_key", side);
  g_autofree char *fk_formula = g_strdup_printf ("HKDF-Expand-Label(%s_handshake_traffic_secret, \"finished\", \"\", %" G_GSIZE_FORMAT ")",
                                                 side, ctx->hlen);
  g_autofree char *vd_name = g_strdup_printf ("%s_finished", side);
  g_autofree char *vd_formula = g_strdup_printf ("HMAC-%s(%s_finished_key, Transcript-Hash(handshake messages before it))",
                                                 ctx->cs->prf, side);
  int f = find_message (ctx, dir, HSVIZ_HS_FINISHED, from);
  guint8 fk[MAX_HASH], hash[MAX_HASH], vd[MAX_HASH];
  g_autofree char *over = NULL;
  const guint8 *secret, *msg;
  gsize secret_len, msg_len;
  gboolean ok;

  if (k->secret == NULL || f < 0)
    {
      entry_add (ctx, vd_name, vd_formula, NULL, 0, FALSE,
                 g_strdup (f < 0 ? "no Finished message of this side was captured"
                                 : "no key log: the handshake traffic secret was not saved"));
      return FALSE;
    }
  secret = g_bytes_get_data (k->secret, &secret_len);
  if (!hsviz_tls13_hkdf_expand_label (ctx->mac, secret, secret_len, "finished", NULL, 0, fk, ctx->hlen) ||
      !transcript_hash (ctx, f, hash, message_hash) ||
      gnutls_hmac_fast (ctx->mac, fk, ctx->hlen, hash, ctx->hlen, vd) < 0)
    {
      entry_add (ctx, vd_name, vd_formula, NULL, 0, FALSE, g_strdup ("GnuTLS could not compute it"));
      return FALSE;
    }
  msg = g_bytes_get_data (message_bytes (ctx, f), &msg_len);
  ok = msg_len == 4 + ctx->hlen && memcmp (msg + 4, vd, ctx->hlen) == 0;
  over = describe_transcript (ctx, f);
  entry_add (ctx, fk_name, fk_formula, fk, ctx->hlen, ok,
             g_strdup (ok ? "the Finished MAC computed with it verifies" : "the Finished MAC computed with it does not verify"));
  entry_add (ctx, vd_name, vd_formula, vd, ctx->hlen, ok,
             g_strdup_printf ("hash over %s%s; %s the verify_data of the %s's Finished message (message %d)",
                              over, ctx->hrr > 0 ? " (ClientHello1 replaced by message_hash)" : "",
                              ok ? "equals" : "DIFFERS from", side, f + 1));
  return ok;
}

static void
compute_tls13 (Ctx *ctx)
{
  gnutls_cipher_algorithm_t cipher = suite_aead_cipher (ctx->cs);
  gsize key_len = gnutls_cipher_get_key_size (cipher);
  int sh = find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_SERVER_HELLO, 0);
  int sfin = sh < 0 ? -1 : find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_FINISHED, sh + 1);
  int cfin = sh < 0 ? -1 : find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_FINISHED, sh + 1);
  Tls13Keys hs[2], ap[2];
  static const char *hs_labels[2] = { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET" };
  static const char *ap_labels[2] = { "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0" };
  static const char *sides[2] = { "client", "server" };
  guint8 message_hash[4 + MAX_HASH];
  int next_record[2] = { -1, -1 };
  Entry *mh_entry = NULL;

  if (cipher == GNUTLS_CIPHER_UNKNOWN || key_len == 0 || key_len > 32)
    {
      entry_add (ctx, "client_handshake_traffic_secret", "", NULL, 0, FALSE,
                 g_strdup_printf ("the cipher %s is unknown to GnuTLS", ctx->cs->cipher));
      return;
    }
  for (int d = 0; d < 2; d++)
    {
      tls13_keys_init (ctx, &hs[d], hs_labels[d], key_len);
      tls13_keys_init (ctx, &ap[d], ap_labels[d], key_len);
    }
  if (hs[0].secret == NULL && hs[1].secret == NULL && ap[0].secret == NULL && ap[1].secret == NULL)
    {
      entry_add (ctx, "client_handshake_traffic_secret", "", NULL, 0, FALSE,
                 g_strdup ("no key log: secrets were not saved"));
      goto out;
    }

  if (ctx->hrr > 0)
    mh_entry = entry_add (ctx, "message_hash",
                          "message_hash = FE 00 00 Hash.length ‖ Hash(ClientHello1), replacing ClientHello1 in the "
                          "transcript after a HelloRetryRequest (RFC 8446 §4.4.1)", NULL, 0, FALSE, NULL);

  /* Step 4-5: handshake traffic secrets → handshake keys, checked by decrypting the records
   * they protected; the Finished MACs over the transcript. */
  for (int d = 0; d < 2; d++)
    {
      HsvizDirection dir = d == 0 ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER;
      int fin = d == 0 ? cfin : sfin;
      g_autofree char *secret_name = g_strdup_printf ("%s_handshake_traffic_secret", sides[d]);
      g_autofree char *secret_formula = g_strdup_printf ("Derive-Secret(handshake_secret, \"%s hs traffic\", ClientHello … ServerHello) "
                                                         "(from the key log %s)", d == 0 ? "c" : "s", hs_labels[d]);
      g_autofree char *key_name = g_strdup_printf ("%s_handshake_key", sides[d]);
      g_autofree char *key_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"key\", \"\", %" G_GSIZE_FORMAT ")", secret_name, key_len);
      g_autofree char *iv_name = g_strdup_printf ("%s_handshake_iv", sides[d]);
      g_autofree char *iv_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"iv\", \"\", 12)", secret_name);
      g_autofree char *note = NULL;
      Entry *secret_entry, *key_entry, *iv_entry;
      gboolean dec_ok = FALSE, fin_ok;
      gsize len = 0;
      const guint8 *s = hs[d].secret != NULL ? g_bytes_get_data (hs[d].secret, &len) : NULL;

      if (hs[d].secret == NULL)
        {
          entry_add (ctx, secret_name, secret_formula, NULL, 0, FALSE,
                     g_strdup_printf ("no key log line %s", hs_labels[d]));
          continue;
        }
      secret_entry = entry_add (ctx, secret_name, secret_formula, s, len, FALSE, NULL);
      key_entry = entry_add (ctx, key_name, key_formula, hs[d].key, key_len, FALSE, NULL);
      iv_entry = entry_add (ctx, iv_name, iv_formula, hs[d].iv, 12, FALSE, NULL);
      if (hs[d].derived && sh >= 0 && fin >= 0)
        dec_ok = tls13_check_handshake_records (ctx, dir, sh + 1, fin, &hs[d], key_len, &next_record[d], &note);
      else
        note = g_strdup ("no ServerHello or Finished was captured to check it with");
      key_entry->verified = iv_entry->verified = dec_ok;
      key_entry->note = g_strdup (note);
      iv_entry->note = g_strdup (note);

      fin_ok = tls13_finished (ctx, dir, &hs[d], sh + 1, message_hash);
      secret_entry->verified = dec_ok || fin_ok;
      secret_entry->note = g_strdup_printf ("from the key log; %s",
                                            dec_ok && fin_ok ? "the keys derived from it decrypt this side's handshake records and its Finished MAC verifies"
                                            : dec_ok ? "the keys derived from it decrypt this side's handshake records"
                                            : fin_ok ? "its Finished MAC verifies"
                                            : "NOTHING derived from it matches what the session used");
      if (mh_entry != NULL && dir == HSVIZ_DIRECTION_SERVER)
        {
          mh_entry->value = hex_of (message_hash, 4 + ctx->hlen);
          mh_entry->verified = fin_ok;
          mh_entry->note = g_strdup (fin_ok ? "the server Finished, computed over a transcript that starts with it, verifies"
                                            : "the server Finished computed with it does not verify");
        }
    }

  /* Step 5: application traffic secrets → the record keys in force after the handshake */
  for (int d = 0; d < 2; d++)
    {
      const HsvizSecrets *sec = ctx->secrets;
      g_autofree char *secret_name = g_strdup_printf ("%s_application_traffic_secret_0", sides[d]);
      g_autofree char *secret_formula = g_strdup_printf ("Derive-Secret(master_secret, \"%s ap traffic\", ClientHello … server Finished) "
                                                         "(from the key log %s)", d == 0 ? "c" : "s", ap_labels[d]);
      g_autofree char *key_name = g_strdup_printf ("%s_write_key", sides[d]);
      g_autofree char *key_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"key\", \"\", %" G_GSIZE_FORMAT ")", secret_name, key_len);
      g_autofree char *iv_name = g_strdup_printf ("%s_write_iv", sides[d]);
      g_autofree char *iv_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"iv\", \"\", 12)", secret_name);
      gboolean ok = TRUE;
      Entry *secret_entry;
      gsize len = 0;
      const guint8 *s = ap[d].secret != NULL ? g_bytes_get_data (ap[d].secret, &len) : NULL;

      if (ap[d].secret == NULL)
        {
          entry_add (ctx, secret_name, secret_formula, NULL, 0, FALSE,
                     g_strdup_printf ("no key log line %s", ap_labels[d]));
          continue;
        }
      secret_entry = entry_add (ctx, secret_name, secret_formula, s, len, FALSE, NULL);
      add_key_entry (ctx, key_name, key_formula, ap[d].key, key_len,
                     d == 0 ? sec->client_write_key : sec->server_write_key, &ok);
      add_key_entry (ctx, iv_name, iv_formula, ap[d].iv, 12,
                     d == 0 ? sec->client_write_iv : sec->server_write_iv, &ok);
      secret_entry->verified = ok;
      secret_entry->note = g_strdup (ok ? "from the key log; the key and IV derived from it equal the record layer's"
                                        : "from the key log; the keys derived from it do NOT equal the record layer's");
    }

  /* Step 6: the first record under each application key (seq 0) */
  for (int d = 0; d < 2; d++)
    if (ap[d].secret != NULL)
      add_first_record (ctx, d == 0 ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER, next_record[d], 0,
                        ap[d].key, key_len, ap[d].iv, 12, d == 0 ? -1 : sfin);

out:
  for (int d = 0; d < 2; d++)
    {
      g_clear_pointer (&hs[d].secret, g_bytes_unref);
      g_clear_pointer (&ap[d].secret, g_bytes_unref);
    }
}

void
hsviz_key_schedule_compute (HsvizSession *session)
{
  Ctx ctx = { 0 };
  guint n;

  g_return_if_fail (HSVIZ_IS_SESSION (session));

  hsviz_session_clear_key_schedule (session);
  if (!hsviz_session_has_secrets (session) || hsviz_session_secrets_stripped (session))
    return;

  ctx.session = session;
  ctx.secrets = hsviz_session_get_secrets (session);
  ctx.version = hsviz_session_get_version (session);
  ctx.suite = hsviz_session_get_cipher_suite (session);
  ctx.cs = hsviz_cipher_suite_lookup (ctx.suite);
  ctx.hrr = -1;
  if (ctx.cs == NULL || ctx.secrets == NULL)
    return;
  ctx.mac = gnutls_mac_get_id (ctx.cs->prf);
  ctx.hlen = gnutls_hmac_get_len (ctx.mac);
  if (ctx.hlen == 0 || ctx.hlen > MAX_HASH)
    return;

  n = hsviz_session_get_n_messages (session);
  for (guint i = 0; i < n; i++)
    if (hsviz_message_is_hello_retry (hsviz_session_get_message (session, i)))
      ctx.hrr = i;

  ctx.entries = g_ptr_array_new_with_free_func (entry_free);
  if (ctx.version == HSVIZ_VERSION_TLS12)
    compute_tls12 (&ctx);
  else if (ctx.version == HSVIZ_VERSION_TLS13)
    compute_tls13 (&ctx);
  else
    entry_add (&ctx, "master_secret", "", NULL, 0, FALSE,
               g_strdup_printf ("the key schedule of %s is not recomputed (TLS 1.2 and 1.3 are)",
                                hsviz_version_name (ctx.version)));

  for (guint i = 0; i < ctx.entries->len; i++)
    {
      Entry *e = g_ptr_array_index (ctx.entries, i);
      hsviz_session_add_key_schedule (session, e->name, e->formula, e->value, e->verified, e->note);
    }
  g_ptr_array_unref (ctx.entries);
}
