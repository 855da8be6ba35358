/* hsviz-parser.h — the handshake-message field parser (pure, bounds-checked, no I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-field.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

/* Context a message cannot tell by itself. */
typedef struct
{
  guint16        version;      /* negotiated wire version, 0 if not known yet */
  HsvizDirection direction;    /* who sent the message */
  guint16        cipher_suite; /* chosen suite, 0 if not known yet (ServerKeyExchange needs kx) */
} HsvizParseContext;

/* Parse one handshake message, @data being the whole message including its 4-byte header.
 *
 * Always returns a root field (key "message", label = the message name, offset 0, length =
 * @len) with one child per field, each with its offset and length inside @data.  Where the
 * bytes are malformed (a length that runs past the end, trailing bytes, a bad enum), the tree
 * holds what could be parsed, the place is marked with a field of key "error", and @error is set
 * (HSVIZ_ERROR_BAD_MESSAGE) naming the field and offset.
 *
 * Keys the core relies on (all below the root, found with hsviz_field_find()):
 *  "msg_type" (number: type byte), "msg_length" (number)
 *  ClientHello/ServerHello: "legacy_version"(number), "random"(32 bytes), "session_id",
 *     "cipher_suites" (children key "cipher_suite", number = id), "cipher_suite" (ServerHello,
 *     number = id), "compression_methods", "extensions" (children key "extension", number =
 *     extension type, each with its own parsed children):
 *       supported_versions: children "version" (number); in ServerHello/HRR "selected_version"
 *       key_share: children "key_share_entry" (number = group) with "group" and "key_exchange";
 *                  in ServerHello "key_share_entry"; in HRR "selected_group" (number)
 *       supported_groups: children "group" (number); signature_algorithms: children
 *       "signature_scheme" (number); ALPN: children "protocol" (value = name);
 *       server_name: "host_name" (value)
 *  Certificate: "certificate_list" with children "certificate_entry", each holding
 *     "cert_data" (offset/length of the DER) and, for TLS 1.3, "extensions"
 *  ServerKeyExchange (ECDHE): "curve_type", "named_curve"(number), "public_key",
 *     "signature_scheme"(number), "signature"; (DHE): "dh_p", "dh_g", "dh_Ys", ...
 *  CertificateVerify: "signature_scheme"(number), "signature"
 *  ClientKeyExchange: "encrypted_pre_master_secret" (RSA) or "public_key" ((EC)DHE)
 *  Finished: "verify_data"; NewSessionTicket: "ticket_lifetime", "ticket", ...
 *  CertificateStatus: "status_type", "ocsp_response"
 */
HsvizField *hsviz_parse_handshake_message (const guint8             *data,
                                           gsize                     len,
                                           const HsvizParseContext  *context,
                                           GError                  **error);

/* TRUE when a handshake message of @type reads the context (version, suite) to parse; FALSE
 * when its bytes alone decide its tree, so that a context known later changes nothing. */
gboolean    hsviz_parse_needs_context (guint8 type);

/* TRUE if @data (a whole ServerHello message with header) is a HelloRetryRequest. */
gboolean    hsviz_message_is_hello_retry_request (const guint8 *data,
                                                  gsize         len);

/* The raw bytes a field covers inside @message (no copy; valid while @message lives). */
const guint8 *hsviz_field_peek_bytes (HsvizField   *field,
                                      GBytes       *message,
                                      gsize        *len);

G_END_DECLS
