/* hsviz-cipher-suites.h — the cipher suite table of the core
 *
 * GnuTLS has no id → IANA name API for suites, so the names and the decomposition come from
 * here, and only from here.  hsviz-tables.h includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint16          id;
  const char      *name;       /* IANA: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
  HsvizKeyExchange kx;
  const char      *kx_name;    /* "ECDHE", "RSA", "DHE", "PSK", ... "(TLS 1.3: any)" */
  const char      *auth;       /* "RSA", "ECDSA", "PSK", "anon", "(TLS 1.3: certificate)" */
  const char      *cipher;     /* "AES-128-GCM", "CHACHA20-POLY1305", "AES-256-CBC", ... */
  const char      *mac;        /* "AEAD" or "SHA1", "SHA256", "SHA384" (record MAC) */
  const char      *prf;        /* "SHA256" or "SHA384" (TLS 1.2 PRF / TLS 1.3 HKDF hash) */
  guint16          min_version;
} HsvizCipherSuite;

/* NULL for unknown ids (GREASE, SCSV and unknown values are handled by the name helpers). */
const HsvizCipherSuite *hsviz_cipher_suite_lookup (guint16 id);

const char *hsviz_key_exchange_name (HsvizKeyExchange kx);  /* "ECDHE", "RSA", ... */

G_END_DECLS
