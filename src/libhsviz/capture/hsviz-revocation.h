/* hsviz-revocation.h — is the server's certificate revoked?  OCSP, stapled and live
 *
 * Two answers, both stored in the session's HsvizRevocation (docs/session-format.md, "revocation"):
 *  - stapled: the OCSP response the server sent itself (TLS 1.2: the CertificateStatus message;
 *    TLS 1.3: the status_request extension of the first CertificateEntry), read from the
 *    captured bytes, matched against the leaf and verified against its issuer when the server
 *    sent the issuer;
 *  - ocsp: a live query built with gnutls_ocsp_req_* and POSTed with a SoupSession to the OCSP
 *    URL named in the leaf certificate.  A responder that cannot be reached is "unreachable",
 *    never an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* How long a live query may take at most (connect, send, receive), in milliseconds. */
#define HSVIZ_REVOCATION_TIMEOUT_MS 5000

/* Reads the stapled OCSP response from @session's messages (after hsviz_connection_complete)
 * and sets revocation.stapled ("good", "revoked", "unknown" or "none"), the responder and the
 * detail text.  The live part (revocation.ocsp) is set to "none" (not asked).  Synchronous. */
void        hsviz_revocation_from_staple   (HsvizConnection        *session);

/* Queries the OCSP responder of @session's leaf certificate and stores the answer in
 * revocation.ocsp ("good", "revoked", "unknown", "unreachable", or "none" when no query could
 * be made: no certificate, no OCSP URL, the issuer not sent), revocation.responder (the URL)
 * and a sentence added to revocation.detail; the stapled part is kept.  Runs on the
 * thread-default main context without blocking it; gives up after @timeout_ms (0: the default
 * above) or when @cancellable is cancelled (then "unreachable").  The session is updated before
 * @callback runs. */
void        hsviz_revocation_check_async   (HsvizConnection        *session,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The revocation.ocsp value the check stored.  Never fails. */
const char *hsviz_revocation_check_finish  (HsvizConnection        *session,
                                            GAsyncResult        *result);

G_END_DECLS
