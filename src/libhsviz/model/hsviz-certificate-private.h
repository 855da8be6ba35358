/* hsviz-certificate-private.h — what hsviz-certificate.c and hsviz-certificate-extensions.c
 * share (core only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gnutls/x509.h>

#include "hsviz-certificate.h"

G_BEGIN_DECLS

/* Fills @self->extensions from @crt; reads @self's san, ocsp_urls and ca_issuer_urls, so
 * call it after those are set. */
/* @self's DER as GnuTLS parsed it when @self was made (kept, shared by its copies: not parsed
 * again for each connection's chain checks); valid while @self lives, or NULL. */
gnutls_x509_crt_t _hsviz_certificate_peek_x509 (const HsvizCertificate *self);
/* What @make reads of @self's certificate alone (the chain checks' part that is the same for
 * every connection that sent it), made on the first call and kept with the parsed certificate
 * (shared by @self's copies, on any thread; @free_func frees it with it); NULL when @self kept
 * no parsed certificate.  @make must not return NULL.  Call it holding
 * _hsviz_certificate_lock_x509(): @make reads the shared parse. */
gpointer   _hsviz_certificate_get_facts   (const HsvizCertificate *self,
                                           gpointer              (*make) (gnutls_x509_crt_t crt),
                                           GDestroyNotify          free_func);
/* GnuTLS is thread-safe for objects used by one thread at a time (its manual, "Thread
 * safety"); a certificate's parse is shared by its copies, which the import's workers may read at
 * the same time: whoever reads a peeked parse holds this lock (hsviz-chain-check.c). */
void       _hsviz_certificate_lock_x509     (void);
void       _hsviz_certificate_unlock_x509   (void);
void       hsviz_certificate_read_extensions (gnutls_x509_crt_t  crt,
                                              HsvizCertificate  *self);
/* A deep copy of a certificate's extensions (an empty array for %NULL). */
GPtrArray *hsviz_certificate_extensions_copy (const GPtrArray   *extensions);

G_END_DECLS
