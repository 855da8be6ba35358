/* hsviz-tables.c — the one table of TLS names in the core
 *
 * Cipher suites: every suite GnuTLS 3.7.9 knows (gnutls_cipher_suite_info), with the IANA
 * registry name ("TLS Cipher Suites", RFC 8447) and its decomposition.  The table is written
 * out statically; names are never derived from GnuTLS names at run time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "hsviz-tables.h"

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

/* Sorted by id (hsviz_cipher_suite_lookup uses a binary search). */
static const HsvizCipherSuite cipher_suites[] = {
  /* id, IANA name, kx, kx_name, auth, cipher, mac, prf, min_version */
  { 0x0001, "TLS_RSA_WITH_NULL_MD5", HSVIZ_KX_RSA, "RSA", "RSA", "NULL", "MD5", "SHA256", 0x0301 },
  { 0x0002, "TLS_RSA_WITH_NULL_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0x0004, "TLS_RSA_WITH_RC4_128_MD5", HSVIZ_KX_RSA, "RSA", "RSA", "RC4-128", "MD5", "SHA256", 0x0301 },
  { 0x0005, "TLS_RSA_WITH_RC4_128_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_DHE, "DHE", "RSA", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", HSVIZ_KX_DHE, "DHE", "anon", "RC4-128", "MD5", "SHA256", 0x0301 },
  { 0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_DHE, "DHE", "anon", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x002c, "TLS_PSK_WITH_NULL_SHA", HSVIZ_KX_PSK, "PSK", "PSK", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0x002d, "TLS_DHE_PSK_WITH_NULL_SHA", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0x002e, "TLS_RSA_PSK_WITH_NULL_SHA", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "RSA", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "anon", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "RSA", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "anon", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x003b, "TLS_RSA_WITH_NULL_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "NULL", "SHA256", "SHA256", 0x0303 },
  { 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "AES-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "AES-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "AES-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "AES-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x008a, "TLS_PSK_WITH_RC4_128_SHA", HSVIZ_KX_PSK, "PSK", "PSK", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0x008b, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_PSK, "PSK", "PSK", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", HSVIZ_KX_PSK, "PSK", "PSK", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA", HSVIZ_KX_PSK, "PSK", "PSK", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0x008f, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", HSVIZ_KX_RSA, "RSA", "RSA", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "RSA", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "DSS", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "anon", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", HSVIZ_KX_PSK, "PSK", "PSK", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00ac, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0x00ad, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384", HSVIZ_KX_PSK, "PSK", "PSK", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0x00b0, "TLS_PSK_WITH_NULL_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "NULL", "SHA256", "SHA256", 0x0303 },
  { 0x00b1, "TLS_PSK_WITH_NULL_SHA384", HSVIZ_KX_PSK, "PSK", "PSK", "NULL", "SHA384", "SHA384", 0x0303 },
  { 0x00b2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00b3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0x00b4, "TLS_DHE_PSK_WITH_NULL_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "NULL", "SHA256", "SHA256", 0x0303 },
  { 0x00b5, "TLS_DHE_PSK_WITH_NULL_SHA384", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "NULL", "SHA384", "SHA384", 0x0303 },
  { 0x00b6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00b7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0x00b8, "TLS_RSA_PSK_WITH_NULL_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "NULL", "SHA256", "SHA256", 0x0303 },
  { 0x00b9, "TLS_RSA_PSK_WITH_NULL_SHA384", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "NULL", "SHA384", "SHA384", 0x0303 },
  { 0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00bd, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00bf, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00c3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x00c5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-256-CBC", "SHA256", "SHA256", 0x0303 },
  { 0x1301, "TLS_AES_128_GCM_SHA256", HSVIZ_KX_TLS13, N_("(TLS 1.3: any)"), N_("(TLS 1.3: certificate)"), "AES-128-GCM", "AEAD", "SHA256", 0x0304 },
  { 0x1302, "TLS_AES_256_GCM_SHA384", HSVIZ_KX_TLS13, N_("(TLS 1.3: any)"), N_("(TLS 1.3: certificate)"), "AES-256-GCM", "AEAD", "SHA384", 0x0304 },
  { 0x1303, "TLS_CHACHA20_POLY1305_SHA256", HSVIZ_KX_TLS13, N_("(TLS 1.3: any)"), N_("(TLS 1.3: certificate)"), "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0304 },
  { 0x1304, "TLS_AES_128_CCM_SHA256", HSVIZ_KX_TLS13, N_("(TLS 1.3: any)"), N_("(TLS 1.3: certificate)"), "AES-128-CCM", "AEAD", "SHA256", 0x0304 },
  { 0x1305, "TLS_AES_128_CCM_8_SHA256", HSVIZ_KX_TLS13, N_("(TLS 1.3: any)"), N_("(TLS 1.3: certificate)"), "AES-128-CCM-8", "AEAD", "SHA256", 0x0304 },
  { 0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", HSVIZ_KX_ECDHE, "ECDHE", "anon", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", HSVIZ_KX_ECDHE, "ECDHE", "anon", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "anon", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "anon", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", HSVIZ_KX_ECDHE, "ECDHE", "anon", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01a, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_SRP, "SRP", "SRP", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_SRP, "SRP", "RSA", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01c, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_SRP, "SRP", "DSS", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", HSVIZ_KX_SRP, "SRP", "SRP", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", HSVIZ_KX_SRP, "SRP", "RSA", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc01f, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", HSVIZ_KX_SRP, "SRP", "DSS", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", HSVIZ_KX_SRP, "SRP", "SRP", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", HSVIZ_KX_SRP, "SRP", "RSA", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", HSVIZ_KX_SRP, "SRP", "DSS", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "AES-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "RC4-128", "SHA1", "SHA256", 0x0301 },
  { 0xc034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "3DES-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "AES-128-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "AES-256-CBC", "SHA1", "SHA256", 0x0301 },
  { 0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "AES-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "AES-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc039, "TLS_ECDHE_PSK_WITH_NULL_SHA", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "NULL", "SHA1", "SHA256", 0x0301 },
  { 0xc03a, "TLS_ECDHE_PSK_WITH_NULL_SHA256", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "NULL", "SHA256", "SHA256", 0x0303 },
  { 0xc03b, "TLS_ECDHE_PSK_WITH_NULL_SHA384", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "NULL", "SHA384", "SHA384", 0x0301 },
  { 0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc07a, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc07b, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_RSA, "RSA", "RSA", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc07c, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc07d, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "RSA", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "DSS", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_DHE, "DHE", "anon", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc08a, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc08b, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc08e, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc08f, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_PSK, "PSK", "PSK", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "CAMELLIA-128-GCM", "AEAD", "SHA256", 0x0303 },
  { 0xc093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "CAMELLIA-256-GCM", "AEAD", "SHA384", 0x0303 },
  { 0xc094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_PSK, "PSK", "PSK", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc09a, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "CAMELLIA-128-CBC", "SHA256", "SHA256", 0x0303 },
  { 0xc09b, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "CAMELLIA-256-CBC", "SHA384", "SHA384", 0x0303 },
  { 0xc09c, "TLS_RSA_WITH_AES_128_CCM", HSVIZ_KX_RSA, "RSA", "RSA", "AES-128-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc09d, "TLS_RSA_WITH_AES_256_CCM", HSVIZ_KX_RSA, "RSA", "RSA", "AES-256-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM", HSVIZ_KX_DHE, "DHE", "RSA", "AES-128-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM", HSVIZ_KX_DHE, "DHE", "RSA", "AES-256-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", HSVIZ_KX_RSA, "RSA", "RSA", "AES-128-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8", HSVIZ_KX_RSA, "RSA", "RSA", "AES-256-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", HSVIZ_KX_DHE, "DHE", "RSA", "AES-128-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", HSVIZ_KX_DHE, "DHE", "RSA", "AES-256-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0a4, "TLS_PSK_WITH_AES_128_CCM", HSVIZ_KX_PSK, "PSK", "PSK", "AES-128-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0a5, "TLS_PSK_WITH_AES_256_CCM", HSVIZ_KX_PSK, "PSK", "PSK", "AES-256-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-128-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-256-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", HSVIZ_KX_PSK, "PSK", "PSK", "AES-128-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", HSVIZ_KX_PSK, "PSK", "PSK", "AES-256-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-128-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "AES-256-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-128-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-256-CCM", "AEAD", "SHA256", 0x0303 },
  { 0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-128-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "AES-256-CCM-8", "AEAD", "SHA256", 0x0303 },
  { 0xc102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", HSVIZ_KX_UNKNOWN, "VKO-GOST-12", "GOST R 34.10-2012", "GOST28147-TC26Z-CNT", "GOST28147-TC26Z-IMIT", "STREEBOG-256", 0x0303 },
  { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "RSA", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_ECDHE, "ECDHE", "ECDSA", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_DHE, "DHE", "RSA", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_PSK, "PSK", "PSK", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_ECDHE_PSK, "ECDHE-PSK", "PSK", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_DHE_PSK, "DHE-PSK", "PSK", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
  { 0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", HSVIZ_KX_RSA_PSK, "RSA-PSK", "RSA+PSK", "CHACHA20-POLY1305", "AEAD", "SHA256", 0x0303 },
};

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
static const char *
made_up_name (const char *text)
{
  static GMutex lock;
  static GHashTable *names;
  const char *name;

  g_mutex_lock (&lock);
  if (names == NULL)
    names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  name = g_hash_table_lookup (names, text);
  if (name == NULL)
    {
      char *copy = g_strdup (text);

      g_hash_table_add (names, copy);
      name = copy;
    }
  g_mutex_unlock (&lock);
  return name;
}

static const char *
unknown16 (guint16 id)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "unknown (0x%04x)", id);
  return made_up_name (buf);
}

static const char *
unknown8 (guint8 id)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "unknown (%u)", id);
  return made_up_name (buf);
}

static const char *
grease_name (guint16 id)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "GREASE (0x%04x)", id);
  return made_up_name (buf);
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

static int
compare_suite (gconstpointer a,
               gconstpointer b)
{
  const HsvizCipherSuite *sa = a;
  const HsvizCipherSuite *sb = b;

  return (int)sa->id - (int)sb->id;
}

/**
 * hsviz_cipher_suite_lookup:
 * @id: an IANA cipher suite id
 *
 * Returns: (nullable): the suite, or %NULL when it is not a known suite
 */
const HsvizCipherSuite *
hsviz_cipher_suite_lookup (guint16 id)
{
  HsvizCipherSuite key = { .id = id };

  return bsearch (&key, cipher_suites, G_N_ELEMENTS (cipher_suites),
                  sizeof cipher_suites[0], compare_suite);
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
  char buf[32];

  if (name != NULL)
    return name;
  if (hsviz_is_grease (version))
    return grease_name (version);
  if ((version & 0xff00) == 0x7f00)
    {
      /* draft versions of TLS 1.3 (0x7f12 = draft 18) */
      g_snprintf (buf, sizeof buf, "TLS1.3-draft%u", version & 0xff);
      return made_up_name (buf);
    }

  return unknown16 (version);
}

const char *
hsviz_version_display_name (guint16 version)
{
  const char *name = hsviz_version_name (version);
  char buf[48];

  /* "TLS1.3" is the file's form; people read "TLS 1.3" */
  if (g_str_has_prefix (name, "TLS1.") || g_str_has_prefix (name, "SSL3"))
    {
      g_snprintf (buf, sizeof buf, "%.3s %s", name, name + 3);
      return made_up_name (buf);
    }
  return name;
}

const char *
hsviz_key_exchange_name (HsvizKeyExchange kx)
{
  switch (kx)
    {
    case HSVIZ_KX_RSA:
      return "RSA";
    case HSVIZ_KX_DHE:
      return "DHE";
    case HSVIZ_KX_ECDHE:
      return "ECDHE";
    case HSVIZ_KX_PSK:
      return "PSK";
    case HSVIZ_KX_DHE_PSK:
      return "DHE-PSK";
    case HSVIZ_KX_ECDHE_PSK:
      return "ECDHE-PSK";
    case HSVIZ_KX_RSA_PSK:
      return "RSA-PSK";
    case HSVIZ_KX_SRP:
      return "SRP";
    case HSVIZ_KX_TLS13:
      return "(EC)DHE";
    case HSVIZ_KX_UNKNOWN:
    default:
      return "unknown";
    }
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
