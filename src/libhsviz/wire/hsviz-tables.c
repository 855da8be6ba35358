/* hsviz-tables.c — the names of TLS code points in the core
 *
 * Groups, signature schemes, extensions, alerts, handshake and content types and versions,
 * from the IANA registries, and the names made up for values these tables do not know
 * ("GREASE (0x0a0a)", "unknown (0x1234)").  The cipher suite table is in
 * hsviz-cipher-suites.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "hsviz-tables.h"
#include "hsviz-util.h"

typedef struct
{
  guint16     id;
  const char *name;
} HsvizName;

typedef struct
{
  guint16     id;
  const char *name;
  const char *short_name;
} HsvizGroupName;

/* IANA "TLS Supported Groups"; short names are the GnuTLS / session-file spelling. */
static const HsvizGroupName groups[] = {
  { 1, "sect163k1", "SECT163K1" },
  { 2, "sect163r1", "SECT163R1" },
  { 3, "sect163r2", "SECT163R2" },
  { 4, "sect193r1", "SECT193R1" },
  { 5, "sect193r2", "SECT193R2" },
  { 6, "sect233k1", "SECT233K1" },
  { 7, "sect233r1", "SECT233R1" },
  { 8, "sect239k1", "SECT239K1" },
  { 9, "sect283k1", "SECT283K1" },
  { 10, "sect283r1", "SECT283R1" },
  { 11, "sect409k1", "SECT409K1" },
  { 12, "sect409r1", "SECT409R1" },
  { 13, "sect571k1", "SECT571K1" },
  { 14, "sect571r1", "SECT571R1" },
  { 15, "secp160k1", "SECP160K1" },
  { 16, "secp160r1", "SECP160R1" },
  { 17, "secp160r2", "SECP160R2" },
  { 18, "secp192k1", "SECP192K1" },
  { 19, "secp192r1", "SECP192R1" },
  { 20, "secp224k1", "SECP224K1" },
  { 21, "secp224r1", "SECP224R1" },
  { 22, "secp256k1", "SECP256K1" },
  { 23, "secp256r1", "SECP256R1" },
  { 24, "secp384r1", "SECP384R1" },
  { 25, "secp521r1", "SECP521R1" },
  { 26, "brainpoolP256r1", "BRAINPOOLP256R1" },
  { 27, "brainpoolP384r1", "BRAINPOOLP384R1" },
  { 28, "brainpoolP512r1", "BRAINPOOLP512R1" },
  { 29, "x25519", "X25519" },
  { 30, "x448", "X448" },
  { 31, "brainpoolP256r1tls13", "BRAINPOOLP256R1TLS13" },
  { 32, "brainpoolP384r1tls13", "BRAINPOOLP384R1TLS13" },
  { 33, "brainpoolP512r1tls13", "BRAINPOOLP512R1TLS13" },
  { 34, "GC256A", "GC256A" },
  { 35, "GC256B", "GC256B" },
  { 36, "GC256C", "GC256C" },
  { 37, "GC256D", "GC256D" },
  { 38, "GC512A", "GC512A" },
  { 39, "GC512B", "GC512B" },
  { 40, "GC512C", "GC512C" },
  { 41, "curveSM2", "CURVESM2" },
  { 256, "ffdhe2048", "FFDHE2048" },
  { 257, "ffdhe3072", "FFDHE3072" },
  { 258, "ffdhe4096", "FFDHE4096" },
  { 259, "ffdhe6144", "FFDHE6144" },
  { 260, "ffdhe8192", "FFDHE8192" },
  { 512, "MLKEM512", "MLKEM512" },
  { 513, "MLKEM768", "MLKEM768" },
  { 514, "MLKEM1024", "MLKEM1024" },
  { 4587, "SecP256r1MLKEM768", "SECP256R1MLKEM768" },
  { 4588, "X25519MLKEM768", "X25519MLKEM768" },
  { 4589, "SecP384r1MLKEM1024", "SECP384R1MLKEM1024" },
  { 25497, "X25519Kyber768Draft00", "X25519KYBER768DRAFT00" },
  { 25498, "SecP256r1Kyber768Draft00", "SECP256R1KYBER768DRAFT00" },
  { 65281, "arbitrary_explicit_prime_curves", "ARBITRARY_EXPLICIT_PRIME_CURVES" },
  { 65282, "arbitrary_explicit_char2_curves", "ARBITRARY_EXPLICIT_CHAR2_CURVES" },
};

/* RFC 8446 §4.2.3 and the IANA "TLS SignatureScheme" registry; the 0x0301..0x0602 pairs
 * not in that registry are TLS 1.2 SignatureAndHashAlgorithm values (RFC 5246 §7.4.1.4.1). */
static const HsvizName signature_schemes[] = {
  { 0x0101, "rsa_md5" },
  { 0x0201, "rsa_pkcs1_sha1" },
  { 0x0202, "dsa_sha1" },
  { 0x0203, "ecdsa_sha1" },
  { 0x0301, "rsa_sha224" },
  { 0x0302, "dsa_sha224" },
  { 0x0303, "ecdsa_sha224" },
  { 0x0401, "rsa_pkcs1_sha256" },
  { 0x0402, "dsa_sha256" },
  { 0x0403, "ecdsa_secp256r1_sha256" },
  { 0x0420, "rsa_pkcs1_sha256_legacy" },
  { 0x0501, "rsa_pkcs1_sha384" },
  { 0x0502, "dsa_sha384" },
  { 0x0503, "ecdsa_secp384r1_sha384" },
  { 0x0520, "rsa_pkcs1_sha384_legacy" },
  { 0x0601, "rsa_pkcs1_sha512" },
  { 0x0602, "dsa_sha512" },
  { 0x0603, "ecdsa_secp521r1_sha512" },
  { 0x0620, "rsa_pkcs1_sha512_legacy" },
  { 0x0704, "eccsi_sha256" },
  { 0x0705, "iso_ibs1" },
  { 0x0706, "iso_ibs2" },
  { 0x0707, "iso_chinese_ibs" },
  { 0x0708, "sm2sig_sm3" },
  { 0x0709, "gostr34102012_256a" },
  { 0x070a, "gostr34102012_256b" },
  { 0x070b, "gostr34102012_256c" },
  { 0x070c, "gostr34102012_256d" },
  { 0x070d, "gostr34102012_512a" },
  { 0x070e, "gostr34102012_512b" },
  { 0x070f, "gostr34102012_512c" },
  { 0x0804, "rsa_pss_rsae_sha256" },
  { 0x0805, "rsa_pss_rsae_sha384" },
  { 0x0806, "rsa_pss_rsae_sha512" },
  { 0x0807, "ed25519" },
  { 0x0808, "ed448" },
  { 0x0809, "rsa_pss_pss_sha256" },
  { 0x080a, "rsa_pss_pss_sha384" },
  { 0x080b, "rsa_pss_pss_sha512" },
  { 0x081a, "ecdsa_brainpoolP256r1tls13_sha256" },
  { 0x081b, "ecdsa_brainpoolP384r1tls13_sha384" },
  { 0x081c, "ecdsa_brainpoolP512r1tls13_sha512" },
  { 0x0904, "mldsa44" },
  { 0x0905, "mldsa65" },
  { 0x0906, "mldsa87" },
};

/* IANA "TLS ExtensionType Values". */
static const HsvizName extensions[] = {
  { 0, "server_name" },
  { 1, "max_fragment_length" },
  { 2, "client_certificate_url" },
  { 3, "trusted_ca_keys" },
  { 4, "truncated_hmac" },
  { 5, "status_request" },
  { 6, "user_mapping" },
  { 7, "client_authz" },
  { 8, "server_authz" },
  { 9, "cert_type" },
  { 10, "supported_groups" },
  { 11, "ec_point_formats" },
  { 12, "srp" },
  { 13, "signature_algorithms" },
  { 14, "use_srtp" },
  { 15, "heartbeat" },
  { 16, "application_layer_protocol_negotiation" },
  { 17, "status_request_v2" },
  { 18, "signed_certificate_timestamp" },
  { 19, "client_certificate_type" },
  { 20, "server_certificate_type" },
  { 21, "padding" },
  { 22, "encrypt_then_mac" },
  { 23, "extended_master_secret" },
  { 24, "token_binding" },
  { 25, "cached_info" },
  { 26, "tls_lts" },
  { 27, "compress_certificate" },
  { 28, "record_size_limit" },
  { 29, "pwd_protect" },
  { 30, "pwd_clear" },
  { 31, "password_salt" },
  { 32, "ticket_pinning" },
  { 33, "tls_cert_with_extern_psk" },
  { 34, "delegated_credential" },
  { 35, "session_ticket" },
  { 36, "TLMSP" },
  { 37, "TLMSP_proxying" },
  { 38, "TLMSP_delegate" },
  { 39, "supported_ekt_ciphers" },
  { 41, "pre_shared_key" },
  { 42, "early_data" },
  { 43, "supported_versions" },
  { 44, "cookie" },
  { 45, "psk_key_exchange_modes" },
  { 47, "certificate_authorities" },
  { 48, "oid_filters" },
  { 49, "post_handshake_auth" },
  { 50, "signature_algorithms_cert" },
  { 51, "key_share" },
  { 52, "transparency_info" },
  { 53, "connection_id (deprecated)" },
  { 54, "connection_id" },
  { 55, "external_id_hash" },
  { 56, "external_session_id" },
  { 57, "quic_transport_parameters" },
  { 58, "ticket_request" },
  { 59, "dnssec_chain" },
  { 60, "sequence_number_encryption_algorithms" },
  { 61, "rrc" },
  /* not in the IANA registry, sent by today's browsers (draft-vvv-tls-alps) */
  { 17513, "application_settings (ALPS, old code point)" },
  { 17613, "application_settings (ALPS)" },
  /* draft-ietf-tls-trust-anchor-ids, BoringSSL's TLSEXT_TYPE_trust_anchors, sent by Chromium */
  { 51764, "trust_anchors" },
  { 64768, "ech_outer_extensions" },
  { 65037, "encrypted_client_hello" },
  { 65281, "renegotiation_info" },
};

/* RFC 8446 §6 AlertDescription (100 keeps its TLS 1.2 name: TLS 1.2 peers still send it). */
static const HsvizName alerts[] = {
  { 0, "close_notify" },
  { 10, "unexpected_message" },
  { 20, "bad_record_mac" },
  { 21, "decryption_failed_RESERVED" },
  { 22, "record_overflow" },
  { 30, "decompression_failure_RESERVED" },
  { 40, "handshake_failure" },
  { 41, "no_certificate_RESERVED" },
  { 42, "bad_certificate" },
  { 43, "unsupported_certificate" },
  { 44, "certificate_revoked" },
  { 45, "certificate_expired" },
  { 46, "certificate_unknown" },
  { 47, "illegal_parameter" },
  { 48, "unknown_ca" },
  { 49, "access_denied" },
  { 50, "decode_error" },
  { 51, "decrypt_error" },
  { 60, "export_restriction_RESERVED" },
  { 70, "protocol_version" },
  { 71, "insufficient_security" },
  { 80, "internal_error" },
  { 86, "inappropriate_fallback" },
  { 90, "user_canceled" },
  { 100, "no_renegotiation" },
  { 109, "missing_extension" },
  { 110, "unsupported_extension" },
  { 111, "certificate_unobtainable_RESERVED" },
  { 112, "unrecognized_name" },
  { 113, "bad_certificate_status_response" },
  { 114, "bad_certificate_hash_value_RESERVED" },
  { 115, "unknown_psk_identity" },
  { 116, "certificate_required" },
  { 120, "no_application_protocol" },
};

/* IANA "TLS HandshakeType", in the CamelCase the session file uses. */
static const HsvizName handshake_types[] = {
  { 0, "HelloRequest" },
  { 1, "ClientHello" },
  { 2, "ServerHello" },
  { 3, "HelloVerifyRequest" },
  { 4, "NewSessionTicket" },
  { 5, "EndOfEarlyData" },
  { 6, "HelloRetryRequest" },
  { 8, "EncryptedExtensions" },
  { 9, "RequestConnectionId" },
  { 10, "NewConnectionId" },
  { 11, "Certificate" },
  { 12, "ServerKeyExchange" },
  { 13, "CertificateRequest" },
  { 14, "ServerHelloDone" },
  { 15, "CertificateVerify" },
  { 16, "ClientKeyExchange" },
  { 17, "ClientCertificateRequest" },
  { 20, "Finished" },
  { 21, "CertificateUrl" },
  { 22, "CertificateStatus" },
  { 23, "SupplementalData" },
  { 24, "KeyUpdate" },
  { 25, "CompressedCertificate" },
  { 26, "EkttKey" },
  { 254, "MessageHash" },
};

static const HsvizName content_types[] = {
  { 20, "change_cipher_spec" },
  { 21, "alert" },
  { 22, "handshake" },
  { 23, "application_data" },
  { 24, "heartbeat" },
  { 25, "tls12_cid" },
  { 26, "ACK" },
};

static const HsvizName versions[] = {
  { 0x0002, "SSL2.0" },
  { 0x0300, "SSL3.0" },
  { 0x0301, "TLS1.0" },
  { 0x0302, "TLS1.1" },
  { 0x0303, "TLS1.2" },
  { 0x0304, "TLS1.3" },
  { 0xfefc, "DTLS1.3" },
  { 0xfefd, "DTLS1.2" },
  { 0xfeff, "DTLS1.0" },
};

/* Names made up for values not in the tables ("unknown (0x1234)") live as long as the process,
 * like the static ones.  They are kept in a table of our own rather than interned as quarks:
 * GLib drops (and never frees) its old quark arrays as they grow, which hostile input could
 * make happen again and again; here there are at most a few tens of thousands of names. */
static const char *made_up_name (const char *format,
                                 ...) G_GNUC_PRINTF (1, 2);

static const char *
made_up_name (const char *format,
              ...)
{
  static GMutex lock;
  static GHashTable *names;
  const char *name;
  char text[48];
  va_list args;

  va_start (args, format);
  g_vsnprintf (text, sizeof text, format, args);
  va_end (args);

  hsviz_mutex_lock (&lock);
  if (names == NULL)
    names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  name = g_hash_table_lookup (names, text);
  if (name == NULL)
    {
      char *copy = g_strdup (text);

      g_hash_table_add (names, copy);
      name = copy;
    }
  hsviz_mutex_unlock (&lock);
  return name;
}

static const char *
unknown16 (guint16 id)
{
  return made_up_name ("unknown (0x%04x)", id);
}

static const char *
unknown8 (guint8 id)
{
  return made_up_name ("unknown (%u)", id);
}

static const char *
grease_name (guint16 id)
{
  return made_up_name ("GREASE (0x%04x)", id);
}

static const char *
find_name (const HsvizName *table,
           gsize            n,
           guint16          id)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].id == id)
      return table[i].name;

  return NULL;
}

/**
 * hsviz_is_grease:
 * @id: a 16-bit code point
 *
 * Returns: %TRUE for the RFC 8701 GREASE values 0x0a0a, 0x1a1a, … 0xfafa
 */
gboolean
hsviz_is_grease (guint16 id)
{
  return (id & 0x0f0f) == 0x0a0a && (id >> 8) == (id & 0xff);
}

const char *
hsviz_cipher_suite_name (guint16 id)
{
  const HsvizCipherSuite *suite = hsviz_cipher_suite_lookup (id);

  if (suite != NULL)
    return suite->name;
  if (id == 0x0000)
    return "TLS_NULL_WITH_NULL_NULL";
  if (id == 0x00ff)
    return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
  if (id == 0x5600)
    return "TLS_FALLBACK_SCSV";
  if (hsviz_is_grease (id))
    return grease_name (id);

  return unknown16 (id);
}

static const HsvizGroupName *
find_group (guint16 id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    if (groups[i].id == id)
      return &groups[i];

  return NULL;
}

/* @name when the table knows @id, else the GREASE name or "unknown (0x…)". */
static const char *
known_or_grease (const char *name,
                 guint16     id)
{
  if (name != NULL)
    return name;
  if (hsviz_is_grease (id))
    return grease_name (id);

  return unknown16 (id);
}

const char *
hsviz_group_name (guint16 id)
{
  const HsvizGroupName *group = find_group (id);

  return known_or_grease (group != NULL ? group->name : NULL, id);
}

const char *
hsviz_group_short_name (guint16 id)
{
  const HsvizGroupName *group = find_group (id);

  return known_or_grease (group != NULL ? group->short_name : NULL, id);
}

const char *
hsviz_signature_scheme_name (guint16 id)
{
  return known_or_grease (find_name (signature_schemes, G_N_ELEMENTS (signature_schemes), id), id);
}

const char *
hsviz_extension_name (guint16 id)
{
  return known_or_grease (find_name (extensions, G_N_ELEMENTS (extensions), id), id);
}

const char *
hsviz_alert_name (guint8 description)
{
  const char *name = find_name (alerts, G_N_ELEMENTS (alerts), description);

  return name != NULL ? name : unknown8 (description);
}

gboolean
hsviz_alert_is_failure (guint16 version,
                        guint8  level,
                        guint8  description)
{
  if (description != GNUTLS_A_CLOSE_NOTIFY && description != GNUTLS_A_USER_CANCELED)
    return TRUE;
  return version != HSVIZ_VERSION_TLS13 && level == GNUTLS_AL_FATAL;
}

const char *
hsviz_alert_level_name (guint8 level)
{
  switch (level)
    {
    case 1:
      return "warning";
    case 2:
      return "fatal";
    default:
      return unknown8 (level);
    }
}

const char *
hsviz_handshake_type_name (guint8   type,
                           gboolean hello_retry_request)
{
  const char *name;

  if (type == HSVIZ_HS_SERVER_HELLO && hello_retry_request)
    return "HelloRetryRequest";

  name = find_name (handshake_types, G_N_ELEMENTS (handshake_types), type);

  return name != NULL ? name : unknown8 (type);
}

const char *
hsviz_content_type_name (guint8 content_type)
{
  const char *name = find_name (content_types, G_N_ELEMENTS (content_types), content_type);

  return name != NULL ? name : unknown8 (content_type);
}

const char *
hsviz_version_name (guint16 version)
{
  const char *name = find_name (versions, G_N_ELEMENTS (versions), version);

  if (name != NULL)
    return name;
  if (hsviz_is_grease (version))
    return grease_name (version);
  if ((version & 0xff00) == 0x7f00)
    return made_up_name ("TLS1.3-draft%u", version & 0xff);   /* 0x7f12: draft 18 of TLS 1.3 */

  return unknown16 (version);
}

const char *
hsviz_version_display_name (guint16 version)
{
  const char *name = hsviz_version_name (version);

  /* "TLS1.3" is the file's form; people read "TLS 1.3" */
  if (g_str_has_prefix (name, "TLS1.") || g_str_has_prefix (name, "SSL3"))
    return made_up_name ("%.3s %s", name, name + 3);
  return name;
}

guint16
hsviz_ffdhe_group_for_prime (const guint8 *prime,
                             gsize         len)
{
  /* GnuTLS publishes the RFC 7919 primes; the group codes are the IANA ones. */
  const struct { guint16 id; const gnutls_datum_t *prime; } ffdhe[] = {
    { 256, &gnutls_ffdhe_2048_group_prime },
    { 257, &gnutls_ffdhe_3072_group_prime },
    { 258, &gnutls_ffdhe_4096_group_prime },
    { 259, &gnutls_ffdhe_6144_group_prime },
    { 260, &gnutls_ffdhe_8192_group_prime },
  };

  while (len > 0 && prime[0] == 0)
    {
      prime++;
      len--;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ffdhe); i++)
    {
      const guint8 *p = ffdhe[i].prime->data;
      gsize n = ffdhe[i].prime->size;

      while (n > 0 && p[0] == 0)
        {
          p++;
          n--;
        }
      if (n == len && memcmp (p, prime, len) == 0)
        return ffdhe[i].id;
    }
  return 0;
}

guint
hsviz_bignum_bits (const guint8 *number,
                   gsize         len)
{
  guint bits;

  while (len > 0 && number[0] == 0)
    {
      number++;
      len--;
    }
  if (len == 0)
    return 0;
  bits = (guint) (len - 1) * 8;
  for (guint8 top = number[0]; top != 0; top >>= 1)
    bits++;
  return bits;
}
