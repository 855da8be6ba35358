/* hsviz-certificate.h — the fields of one X.509 certificate, read with GnuTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

typedef struct
{
  char    *oid;
  char    *name;      /* "Basic Constraints", or the OID when unknown */
  gboolean critical;
  char    *value;     /* short decoded text where GnuTLS gives one, else NULL */
} HsvizCertExtension;

struct _HsvizCertificate
{
  GBytes    *der;
  int        version;
  char      *subject;             /* RFC 4514: "CN=localhost,O=Test Lab,C=DE" */
  char      *issuer;
  char      *serial;              /* hex, lower case, no separators: "1001" */
  gint64     not_before;          /* Unix time (negative before 1970) */
  gint64     not_after;
  char     **san;                 /* "DNS:localhost", "IP:127.0.0.1", "email:..", "URI:.." */
  guint      san_omitted;         /* names past the first 1024, not kept in @san */
  char      *public_key_algorithm;/* "RSA", "EC/ECDSA", "Ed25519" */
  guint      public_key_bits;
  char      *public_key_curve;    /* "SECP256R1" or NULL */
  char      *signature_algorithm; /* "RSA-SHA256" */
  char      *sha256;              /* hex, lower case */
  char      *sha1;
  GPtrArray *extensions;          /* of HsvizCertExtension */
  char     **ocsp_urls;
  char     **ca_issuer_urls;
  gboolean   is_ca;
  gboolean   self_signed;         /* subject == issuer and the signature verifies with its own key */
  gpointer   x509;                /* private: @der as GnuTLS parsed it, shared by copies
                                   * (_hsviz_certificate_peek_x509) */
};

HsvizCertificate *hsviz_certificate_new_from_der (GBytes  *der,
                                                  GError **error);
void              hsviz_certificate_free         (HsvizCertificate *self);
/* A deep copy (the DER shared). */
HsvizCertificate *hsviz_certificate_copy         (const HsvizCertificate *self);
/* A cache of parsed certificates keyed by their DER bytes, for one import: a server's chain is
 * read once however many connections send it.  Holds at most a fixed number of certificates
 * (emptied when full).  Free with g_hash_table_unref(); use it only through
 * hsviz_certificate_new_from_der_cached(), which any thread may call. */
GHashTable       *hsviz_certificate_cache_new    (void);
/* hsviz_certificate_new_from_der(), answered from @cache (nullable) when @der was read before. */
HsvizCertificate *hsviz_certificate_new_from_der_cached (GBytes      *der,
                                                        GHashTable  *cache,
                                                        GError     **error);
/* The certificate as PEM ("-----BEGIN CERTIFICATE-----..."). */
char             *hsviz_certificate_to_pem       (const HsvizCertificate *self);
/* "valid", "expired", "not yet valid" at @now (Unix time). */
const char       *hsviz_certificate_validity_at  (const HsvizCertificate *self,
                                                  gint64                  now);
/* The answer of hsviz_certificate_validity_at() for people, translated. */
const char       *hsviz_certificate_validity_display_name (const char *validity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizCertificate, hsviz_certificate_free)

G_END_DECLS
