/* hsviz-tables.h — the names of TLS code points in the core
 *
 * GnuTLS has no id → IANA name API for suites, groups or signature schemes, so the names come
 * from here (and the suite table from hsviz-cipher-suites.h, included here), and only from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-cipher-suites.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

/* Never NULL: a name, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "GREASE (0x0a0a)" or "unknown (0x1234)".
 * The returned string is static or interned. */
const char *hsviz_cipher_suite_name        (guint16 id);
const char *hsviz_group_name               (guint16 id);   /* "x25519", "secp256r1", "ffdhe2048" */
const char *hsviz_group_short_name         (guint16 id);   /* "X25519", "SECP256R1" (the file's key_exchange group) */
const char *hsviz_signature_scheme_name    (guint16 id);   /* "rsa_pss_rsae_sha256" */
const char *hsviz_extension_name           (guint16 id);   /* "key_share" */
const char *hsviz_alert_name               (guint8  description); /* "handshake_failure" */
const char *hsviz_alert_level_name         (guint8  level);        /* "warning", "fatal" */
/* Whether an alert reports a failure rather than the normal end of the connection: every alert
 * but close_notify and user_canceled (RFC 8446 §6: in TLS 1.3 all others are fatal whatever
 * their level byte); before TLS 1.3 those two also count as failures when sent as fatal. */
gboolean    hsviz_alert_is_failure         (guint16 version,
                                            guint8  level,
                                            guint8  description);
const char *hsviz_handshake_type_name      (guint8  type,
                                            gboolean hello_retry_request); /* "ClientHello", "HelloRetryRequest" */
const char *hsviz_content_type_name        (guint8  content_type); /* "handshake", "alert", ... */
const char *hsviz_version_name             (guint16 version);      /* "TLS1.3", "TLS1.2", ... (file form) */
const char *hsviz_version_display_name     (guint16 version);      /* "TLS 1.3", "TLS 1.2", ... (for people) */
gboolean    hsviz_is_grease                (guint16 id);
/* The RFC 7919 group (256 ffdhe2048 … 260 ffdhe8192) whose prime is @prime (big-endian,
 * as in a TLS 1.2 ServerKeyExchange's dh_p), or 0 for any other prime. */
guint16     hsviz_ffdhe_group_for_prime    (const guint8 *prime,
                                            gsize         len);
/* The size in bits of a big-endian number (leading zero bytes and bits not counted). */
guint       hsviz_bignum_bits              (const guint8 *number,
                                            gsize         len);

G_END_DECLS
