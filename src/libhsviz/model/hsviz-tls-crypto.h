/* hsviz-tls-crypto.h — the TLS key-derivation primitives and record decryption (AEAD, TLS 1.2 CBC)
 *
 * Pure functions on top of GnuTLS; each returns FALSE on a bad argument or a GnuTLS failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

G_BEGIN_DECLS

/* TLS 1.2 PRF (RFC 5246 §5): P_<hash>(secret, label + seed), @out_len bytes, the HMAC chain
 * computed with gnutls_hmac_fast.  @mac is the suite's PRF hash (GNUTLS_MAC_SHA256/SHA384). */
gboolean hsviz_tls12_prf                (gnutls_mac_algorithm_t  mac,
                                         const guint8           *secret,
                                         gsize                   secret_len,
                                         const char             *label,
                                         const guint8           *seed,
                                         gsize                   seed_len,
                                         guint8                 *out,
                                         gsize                   out_len);

/* HKDF-Expand-Label (RFC 8446 §7.1): HKDF-Expand(secret, HkdfLabel(out_len, "tls13 " + label,
 * context), out_len): one HMAC for an output of a hash or less, else gnutls_hkdf_expand.
 * @label without the "tls13 " prefix. */
gboolean hsviz_tls13_hkdf_expand_label  (gnutls_mac_algorithm_t  mac,
                                         const guint8           *secret,
                                         gsize                   secret_len,
                                         const char             *label,
                                         const guint8           *context,
                                         gsize                   context_len,
                                         guint8                 *out,
                                         gsize                   out_len);

/* A TLS 1.3 traffic secret's key (@key_len bytes) and 12-byte IV (RFC 8446 §7.3:
 * HKDF-Expand-Label (secret, "key" / "iv", "", length)), both from one keyed HMAC. */
gboolean hsviz_tls13_traffic_key_iv     (gnutls_mac_algorithm_t  mac,
                                         const guint8           *secret,
                                         gsize                   secret_len,
                                         guint8                 *key,
                                         gsize                   key_len,
                                         guint8                  iv[12]);

/* HKDF-Extract (RFC 5869 §2.2) with gnutls_hkdf_extract: HMAC(@salt, @ikm); @salt NULL is
 * Hash.length zeros (RFC 8446 §7.1: the early secret's salt).  @out receives
 * gnutls_hmac_get_len (mac) bytes. */
gboolean hsviz_tls13_hkdf_extract       (gnutls_mac_algorithm_t  mac,
                                         const guint8           *salt,
                                         const guint8           *ikm,
                                         gsize                   ikm_len,
                                         guint8                 *out);

/* Derive-Secret (RFC 8446 §7.1): HKDF-Expand-Label(secret, label, Hash(messages), Hash.length).
 * @messages is the concatenated transcript; @out receives gnutls_hmac_get_len (mac) bytes. */
gboolean hsviz_tls13_derive_secret      (gnutls_mac_algorithm_t  mac,
                                         const guint8           *secret,
                                         gsize                   secret_len,
                                         const char             *label,
                                         const guint8           *messages,
                                         gsize                   messages_len,
                                         guint8                 *out);

/* One record decrypted by us. */
typedef struct
{
  GBytes  *plaintext;          /* TLS 1.3: inner content type and padding removed */
  guint8   content_type;       /* TLS 1.2: the record's type; TLS 1.3: the inner content type */
  char    *nonce;              /* hex, as built for this record (CBC: the record's IV) */
  char    *aad;                /* hex, the additional data (CBC: the MAC header) as built */
  gboolean encrypt_then_mac;   /* CBC only: the MAC covered the ciphertext (RFC 7366) */
} HsvizDecryptedRecord;

void hsviz_decrypted_record_clear (HsvizDecryptedRecord *record);

/* Decrypt one AEAD-protected record (whole record, 5-byte header included) of @cipher_suite
 * (an IANA id) under @version with @key/@iv and sequence number @seq:
 * TLS 1.2 GCM/CCM: nonce = iv(4) ‖ explicit nonce(8), AAD = seq ‖ type ‖ version ‖ length;
 * TLS 1.2 ChaCha20: nonce = iv(12) XOR seq, same AAD;
 * TLS 1.3: nonce = iv(12) XOR seq, AAD = the record header, inner content type stripped.
 * Fails (HSVIZ_ERROR) when the suite is not AEAD or the tag does not verify. */
gboolean hsviz_tls_record_decrypt       (guint16                 version,
                                         guint16                 cipher_suite,
                                         const guint8           *key,
                                         gsize                   key_len,
                                         const guint8           *iv,
                                         gsize                   iv_len,
                                         guint64                 seq,
                                         GBytes                 *record,
                                         HsvizDecryptedRecord   *out,
                                         GError                **error);
/* The same, with the AEAD handle of @key kept in *@handle for the next records under the same
 * key (made when *@handle is NULL; the caller deinits it when the key changes). */
gboolean hsviz_tls_record_decrypt_kept  (guint16                  version,
                                         guint16                  cipher_suite,
                                         const guint8            *key,
                                         gsize                    key_len,
                                         const guint8            *iv,
                                         gsize                    iv_len,
                                         guint64                  seq,
                                         GBytes                  *record,
                                         gnutls_aead_cipher_hd_t *handle,
                                         HsvizDecryptedRecord    *out,
                                         GError                 **error);

/* Decrypt one TLS 1.2 CBC record (whole record; explicit IV first) of @cipher_suite with @key and
 * check its HMAC with @mac_key at sequence number @seq: encrypt-then-MAC (RFC 7366) when the
 * trailing MAC covers the ciphertext, else MAC-then-encrypt (RFC 5246 §6.2.3.1).  @out->nonce is
 * the record's IV, @out->aad the MAC header seq ‖ type ‖ version ‖ length.  Fails when neither
 * MAC verifies. */
gboolean hsviz_tls12_cbc_record_decrypt (guint16                 cipher_suite,
                                         const guint8           *mac_key,
                                         gsize                   mac_key_len,
                                         const guint8           *key,
                                         gsize                   key_len,
                                         guint64                 seq,
                                         GBytes                 *record,
                                         HsvizDecryptedRecord   *out,
                                         GError                **error);

/* The AEAD cipher of the suite with IANA id @cipher_suite, GNUTLS_CIPHER_UNKNOWN when the
 * suite is unknown or not AEAD (CBC). */
gnutls_cipher_algorithm_t hsviz_tls_aead_cipher (guint16 cipher_suite);

/* The TLS 1.2 key_block layout of @cipher_suite (RFC 5246 §6.3): MAC key, key and IV lengths,
 * one side each.  AEAD: no MAC key, a 4-byte implicit nonce (GCM/CCM) or a 12-byte IV
 * (ChaCha20-Poly1305); CBC: the HMAC length and the cipher's block size.  FALSE when GnuTLS does
 * not know the cipher or MAC. */
gboolean hsviz_tls12_key_block_sizes (guint16  cipher_suite,
                                      gsize   *mac_len,
                                      gsize   *key_len,
                                      gsize   *iv_len);

G_END_DECLS
