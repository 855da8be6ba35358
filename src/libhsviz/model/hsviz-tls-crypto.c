/* hsviz-tls-crypto.c — the TLS key-derivation primitives and record decryption (AEAD, TLS 1.2 CBC)
 *
 * Pure functions on top of GnuTLS (gnutls_hmac_fast, gnutls_hash_fast, gnutls_hkdf_expand,
 * gnutls_aead_cipher_decrypt, gnutls_cipher_decrypt2): no session, no state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-error.h"
#include "hsviz-tables.h"
#include "hsviz-tls-crypto.h"
#include "hsviz-util.h"

#define MAX_HASH 64
#define HKDF_INFO_MAX (2 + 1 + 255 + 1 + 255 + 1)   /* HkdfLabel, then the 0x01 of T(1) */

/* ------------------------------------------------------------------ primitives */

/* HMAC of @data with the key @keyed holds (a copy of it finished), or with @secret when GnuTLS
 * cannot copy it. */
static gboolean
hmac_keyed (gnutls_hmac_hd_t        keyed,
            gnutls_mac_algorithm_t  mac,
            const guint8           *secret,
            gsize                   secret_len,
            const guint8           *data,
            gsize                   len,
            guint8                 *out)
{
  gnutls_hmac_hd_t h = gnutls_hmac_copy (keyed);

  if (h == NULL)
    return gnutls_hmac_fast (mac, secret, secret_len, data, len, out) >= 0;
  if (gnutls_hmac (h, data, len) < 0)
    {
      gnutls_hmac_deinit (h, NULL);
      return FALSE;
    }
  gnutls_hmac_deinit (h, out);
  return TRUE;
}

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
  guint8 a[MAX_HASH], block[MAX_HASH];
  g_autofree guint8 *a_label_seed = NULL;   /* A(i) ‖ label ‖ seed */
  gnutls_hmac_hd_t keyed = NULL;
  gboolean ok = FALSE;

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

  /* every HMAC is keyed with @secret: keyed once, copied for each */
  if (gnutls_hmac_init (&keyed, mac, secret, secret_len) < 0)
    return FALSE;

  /* A(1) = HMAC(secret, label ‖ seed) */
  if (!hmac_keyed (keyed, mac, secret, secret_len, a_label_seed + hlen, label_len + seed_len, a))
    goto out;

  while (done < out_len)
    {
      gsize n = MIN (hlen, out_len - done);

      memcpy (a_label_seed, a, hlen);
      if (!hmac_keyed (keyed, mac, secret, secret_len, a_label_seed, hlen + label_len + seed_len, block))
        goto out;
      memcpy (out + done, block, n);
      done += n;
      /* A(i + 1) = HMAC(secret, A(i)), when another block is needed */
      if (done < out_len && !hmac_keyed (keyed, mac, secret, secret_len, a_label_seed, hlen, a))
        goto out;
    }
  ok = TRUE;

out:
  gnutls_hmac_deinit (keyed, NULL);
  memset (a, 0, sizeof a);
  memset (block, 0, sizeof block);
  return ok;
}

/* RFC 8446 §7.1: HkdfLabel (@out_len, "tls13 " + @label, @context) into @info, then the 0x01 of
 * HKDF-Expand's first block; its length without that byte in *@len.  FALSE when too long. */
static gboolean
hkdf_label (const char   *label,
            const guint8 *context,
            gsize         context_len,
            gsize         out_len,
            guint8        info[HKDF_INFO_MAX],
            gsize        *len)
{
  static const char prefix[] = "tls13 ";
  gsize label_len = strlen (label), pos = 0;

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
  info[pos] = 0x01;
  *len = pos;
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
  guint8 info[HKDF_INFO_MAX];
  gsize pos;
  gsize hlen = gnutls_hmac_get_len (mac);
  gnutls_datum_t key, info_datum;

  g_return_val_if_fail (secret != NULL && label != NULL && out != NULL, FALSE);
  g_return_val_if_fail (context != NULL || context_len == 0, FALSE);

  if (!hkdf_label (label, context, context_len, out_len, info, &pos))
    return FALSE;

  if (out_len > 0 && out_len <= hlen && hlen <= MAX_HASH)
    {
      /* RFC 5869 §2.3, one block: T(1) = HMAC(secret, info ‖ 0x01).  All the labels of TLS 1.3
       * are this short; gnutls_hkdf_expand costs half again as much (it clears a large
       * context on every call). */
      guint8 t[MAX_HASH];

      if (gnutls_hmac_fast (mac, secret, secret_len, info, pos + 1, t) < 0)
        return FALSE;
      memcpy (out, t, out_len);
      memset (t, 0, sizeof t);
      return TRUE;
    }

  key.data = (unsigned char *) secret;
  key.size = secret_len;
  info_datum.data = info;
  info_datum.size = pos;

  return gnutls_hkdf_expand (mac, &key, &info_datum, out, out_len) >= 0;
}

gboolean
hsviz_tls13_traffic_key_iv (gnutls_mac_algorithm_t  mac,
                            const guint8           *secret,
                            gsize                   secret_len,
                            guint8                 *key,
                            gsize                   key_len,
                            guint8                  iv[12])
{
  guint8 key_info[HKDF_INFO_MAX], iv_info[HKDF_INFO_MAX], t[MAX_HASH];
  gsize key_info_len, iv_info_len;
  gsize hlen = gnutls_hmac_get_len (mac);
  gnutls_hmac_hd_t keyed = NULL;
  gboolean ok;

  g_return_val_if_fail (secret != NULL && key != NULL && iv != NULL, FALSE);

  if (key_len == 0 || key_len > hlen || hlen < 12 || hlen > MAX_HASH ||
      !hkdf_label ("key", NULL, 0, key_len, key_info, &key_info_len) ||
      !hkdf_label ("iv", NULL, 0, 12, iv_info, &iv_info_len) ||
      gnutls_hmac_init (&keyed, mac, secret, secret_len) < 0)
    return hsviz_tls13_hkdf_expand_label (mac, secret, secret_len, "key", NULL, 0, key, key_len) &&
           hsviz_tls13_hkdf_expand_label (mac, secret, secret_len, "iv", NULL, 0, iv, 12);

  /* both T(1) = HMAC(secret, HkdfLabel ‖ 0x01), from one keyed handle */
  ok = hmac_keyed (keyed, mac, secret, secret_len, key_info, key_info_len + 1, t);
  if (ok)
    memcpy (key, t, key_len);
  ok = ok && hmac_keyed (keyed, mac, secret, secret_len, iv_info, iv_info_len + 1, t);
  if (ok)
    memcpy (iv, t, 12);
  memset (t, 0, sizeof t);
  gnutls_hmac_deinit (keyed, NULL);
  return ok;
}

gboolean
hsviz_tls13_hkdf_extract (gnutls_mac_algorithm_t  mac,
                          const guint8           *salt,
                          const guint8           *ikm,
                          gsize                   ikm_len,
                          guint8                 *out)
{
  guint8 zeros[MAX_HASH] = { 0 };
  gsize hlen = gnutls_hmac_get_len (mac);
  gnutls_datum_t key, salt_datum;

  g_return_val_if_fail (ikm != NULL && out != NULL, FALSE);

  if (hlen == 0 || hlen > MAX_HASH)
    return FALSE;
  key.data = (unsigned char *) ikm;
  key.size = ikm_len;
  salt_datum.data = (unsigned char *) (salt != NULL ? salt : zeros);
  salt_datum.size = hlen;
  return gnutls_hkdf_extract (mac, &key, &salt_datum, out) >= 0;
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

void
hsviz_decrypted_record_clear (HsvizDecryptedRecord *record)
{
  g_clear_pointer (&record->plaintext, g_bytes_unref);
  g_clear_pointer (&record->nonce, g_free);
  g_clear_pointer (&record->aad, g_free);
  record->content_type = 0;
}

gnutls_cipher_algorithm_t
hsviz_tls_aead_cipher (guint16 cipher_suite)
{
  /* the last answer, (suite << 32 | cipher) + 1 (0: none yet): asked for every record, and
   * gnutls_cipher_get_id compares the name with every cipher GnuTLS knows */
  static guint64 last = 0;
  guint64 known = __atomic_load_n (&last, __ATOMIC_RELAXED);
  const HsvizCipherSuite *cs;
  gnutls_cipher_algorithm_t cipher;

  if (known != 0 && (guint16) ((known - 1) >> 32) == cipher_suite)
    return (gnutls_cipher_algorithm_t) (guint32) (known - 1);
  cs = hsviz_cipher_suite_lookup (cipher_suite);
  if (cs == NULL || g_strcmp0 (cs->mac, "AEAD") != 0)
    cipher = GNUTLS_CIPHER_UNKNOWN;
  else
    cipher = gnutls_cipher_get_id (cs->cipher);
  __atomic_store_n (&last, (((guint64) cipher_suite << 32) | (guint32) cipher) + 1, __ATOMIC_RELAXED);
  return cipher;
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
  gnutls_aead_cipher_hd_t handle = NULL;
  gboolean ok = hsviz_tls_record_decrypt_kept (version, cipher_suite, key, key_len, iv, iv_len, seq,
                                               record, &handle, out, error);

  if (handle != NULL)
    gnutls_aead_cipher_deinit (handle);
  return ok;
}

gboolean
hsviz_tls_record_decrypt_kept (guint16                  version,
                               guint16                  cipher_suite,
                               const guint8            *key,
                               gsize                    key_len,
                               const guint8            *iv,
                               gsize                    iv_len,
                               guint64                  seq,
                               GBytes                  *record,
                               gnutls_aead_cipher_hd_t *handle,
                               HsvizDecryptedRecord    *out,
                               GError                 **error)
{
  gnutls_cipher_algorithm_t cipher = hsviz_tls_aead_cipher (cipher_suite);
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

  if (*handle == NULL)
    {
      key_datum.data = (unsigned char *) key;
      key_datum.size = key_len;
      ret = gnutls_aead_cipher_init (handle, cipher, &key_datum);
      if (ret < 0)
        *handle = NULL;
      if (!hsviz_error_from_gnutls (ret, NULL, "Preparing the record cipher", error))
        return FALSE;
    }
  ptext = g_malloc (MAX (ptext_len, 1));
  ret = gnutls_aead_cipher_decrypt (*handle, nonce, 12, aad, aad_len, tag_len,
                                    ctext, ctext_len, ptext, &ptext_len);
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

  out->plaintext = g_bytes_new_take (g_steal_pointer (&ptext), ptext_len);
  out->nonce = hsviz_hex_encode (nonce, 12);
  out->aad = hsviz_hex_encode (aad, aad_len);
  return TRUE;

too_short:
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE, "The record is too short for its AEAD");
  return FALSE;
}


static void
put_mac_header (guint8       *out,
                guint64       seq,
                const guint8 *record_header,
                gsize         length)
{
  for (int i = 0; i < 8; i++)
    out[i] = (seq >> (56 - 8 * i)) & 0xff;
  out[8] = record_header[0];
  out[9] = record_header[1];
  out[10] = record_header[2];
  out[11] = (length >> 8) & 0xff;
  out[12] = length & 0xff;
}

gboolean
hsviz_tls12_cbc_record_decrypt (guint16                 cipher_suite,
                                const guint8           *mac_key,
                                gsize                   mac_key_len,
                                const guint8           *key,
                                gsize                   key_len,
                                guint64                 seq,
                                GBytes                 *record,
                                HsvizDecryptedRecord   *out,
                                GError                **error)
{
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (cipher_suite);
  gnutls_cipher_algorithm_t cipher = cs != NULL ? gnutls_cipher_get_id (cs->cipher) : GNUTLS_CIPHER_UNKNOWN;
  gnutls_mac_algorithm_t mac = cs != NULL ? gnutls_mac_get_id (cs->mac) : GNUTLS_MAC_UNKNOWN;
  gsize block, mac_len, rec_len, frag_len, ct_len, pad;
  const guint8 *rec, *frag;
  guint8 header[13], tag[MAX_HASH];
  g_autofree guint8 *mac_input = NULL;
  g_autofree guint8 *plain = NULL;
  gnutls_cipher_hd_t handle = NULL;
  gnutls_datum_t key_datum, iv_datum;
  gboolean etm;
  int ret;

  g_return_val_if_fail (record != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  block = gnutls_cipher_get_block_size (cipher);
  mac_len = gnutls_hmac_get_len (mac);
  if (cipher == GNUTLS_CIPHER_UNKNOWN || mac_len == 0 || mac_len > MAX_HASH || block < 8 ||
      hsviz_tls_aead_cipher (cipher_suite) != GNUTLS_CIPHER_UNKNOWN ||
      key_len != gnutls_cipher_get_key_size (cipher) || mac_key_len != mac_len)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   "%s is not a CBC suite known to GnuTLS, or a key has the wrong size",
                   hsviz_cipher_suite_name (cipher_suite));
      return FALSE;
    }

  rec = g_bytes_get_data (record, &rec_len);
  if (rec_len < 5 || (gsize) ((rec[3] << 8) | rec[4]) != rec_len - 5)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT, "Not a whole record");
      return FALSE;
    }
  frag = rec + 5;
  frag_len = rec_len - 5;

  /* Encrypt-then-MAC (RFC 7366): IV ‖ ciphertext ‖ HMAC(seq ‖ type ‖ version ‖ length ‖ IV ‖ ciphertext) */
  etm = FALSE;
  if (frag_len > mac_len && (frag_len - mac_len) % block == 0 && frag_len - mac_len >= 2 * block)
    {
      ct_len = frag_len - mac_len;
      mac_input = g_malloc (13 + ct_len);
      put_mac_header (mac_input, seq, rec, ct_len);
      memcpy (mac_input + 13, frag, ct_len);
      etm = gnutls_hmac_fast (mac, mac_key, mac_key_len, mac_input, 13 + ct_len, tag) >= 0 &&
            memcmp (tag, frag + ct_len, mac_len) == 0;
      g_clear_pointer (&mac_input, g_free);
    }
  ct_len = etm ? frag_len - mac_len : frag_len;
  if (ct_len % block != 0 || ct_len < 2 * block)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE, "The record is not a whole number of cipher blocks");
      return FALSE;
    }

  /* The explicit IV (TLS 1.1+) leads the fragment. */
  key_datum.data = (unsigned char *) key;
  key_datum.size = key_len;
  iv_datum.data = (unsigned char *) frag;
  iv_datum.size = block;
  ret = gnutls_cipher_init (&handle, cipher, &key_datum, &iv_datum);
  if (!hsviz_error_from_gnutls (ret, NULL, "Preparing the record cipher", error))
    return FALSE;
  plain = g_malloc (ct_len - block);
  ret = gnutls_cipher_decrypt2 (handle, frag + block, ct_len - block, plain, ct_len - block);
  gnutls_cipher_deinit (handle);
  if (!hsviz_error_from_gnutls (ret, NULL, "Decrypting the record", error))
    return FALSE;

  /* padding: pad_len + 1 bytes, each pad_len */
  pad = plain[ct_len - block - 1] + 1;
  if (pad > ct_len - block || (!etm && pad + mac_len > ct_len - block))
    goto bad;
  for (gsize i = 0; i < pad; i++)
    if (plain[ct_len - block - 1 - i] != pad - 1)
      goto bad;

  if (etm)
    {
      gsize len = ct_len - block - pad;

      put_mac_header (header, seq, rec, ct_len);
      out->plaintext = g_bytes_new (plain, len);
    }
  else
    {
      /* MAC-then-encrypt (RFC 5246 §6.2.3.1): plaintext ‖ HMAC(seq ‖ type ‖ version ‖ length ‖ plaintext) ‖ padding */
      gsize len = ct_len - block - pad - mac_len;

      put_mac_header (header, seq, rec, len);
      mac_input = g_malloc (13 + len);
      memcpy (mac_input, header, 13);
      memcpy (mac_input + 13, plain, len);
      if (gnutls_hmac_fast (mac, mac_key, mac_key_len, mac_input, 13 + len, tag) < 0 ||
          memcmp (tag, plain + len, mac_len) != 0)
        goto bad;
      out->plaintext = g_bytes_new (plain, len);
    }
  out->content_type = rec[0];
  out->nonce = hsviz_hex_encode (frag, block);
  out->aad = hsviz_hex_encode (header, 13);
  out->encrypt_then_mac = etm;
  return TRUE;

bad:
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE,
               "The record's padding or MAC does not verify (neither encrypt-then-MAC nor MAC-then-encrypt)");
  return FALSE;
}

gboolean
hsviz_tls12_key_block_sizes (guint16  cipher_suite,
                             gsize   *mac_len,
                             gsize   *key_len,
                             gsize   *iv_len)
{
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (cipher_suite);
  gnutls_cipher_algorithm_t cipher;

  *mac_len = *key_len = *iv_len = 0;
  if (cs == NULL)
    return FALSE;
  cipher = gnutls_cipher_get_id (cs->cipher);
  *key_len = gnutls_cipher_get_key_size (cipher);
  if (g_strcmp0 (cs->mac, "AEAD") == 0)
    *iv_len = cipher == GNUTLS_CIPHER_CHACHA20_POLY1305 ? 12 : 4;
  else
    {
      *mac_len = gnutls_hmac_get_len (gnutls_mac_get_id (cs->mac));
      *iv_len = gnutls_cipher_get_block_size (cipher);
      if (*mac_len == 0)
        return FALSE;
    }
  return cipher != GNUTLS_CIPHER_UNKNOWN && *key_len > 0;
}
