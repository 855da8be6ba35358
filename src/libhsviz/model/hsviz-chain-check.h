/* hsviz-chain-check.h — our own checks of every certificate sent, and of the chain as sent
 * against the path built to a trust anchor
 *
 * GnuTLS's verdict stops at the first thing it cannot do (an unknown issuer hides expired dates);
 * these checks run on every certificate whatever GnuTLS stopped at.  Everything here is derived
 * from the certificates' bytes, the name checked, the check time and the path the capture built
 * (the only part that needs the trust store, so it is computed at capture and saved).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gnutls/x509.h>

#include "hsviz-certificate.h"

G_BEGIN_DECLS

/* -1: does not apply / unknown, 0: no, 1: yes */
typedef int HsvizTri;

typedef struct
{
  char    *log_id;              /* hex of the 32-byte log id */
  gint64   time;                /* Unix time (the SCT's milliseconds / 1000) */
  char    *signature_algorithm; /* "ECDSA-SHA256" */
  guint    version;             /* 1 for v1 */
} HsvizSct;

typedef struct
{
  guint     index;              /* in the chain as sent */
  /* dates, at the check time (the capture) and at the time the session was loaded / built */
  gboolean  not_yet_valid;
  gboolean  expired;
  gboolean  time_ok;
  gboolean  not_yet_valid_now;
  gboolean  expired_now;
  /* the next certificate sent: its subject is this one's issuer / its key verifies this one */
  HsvizTri  issued_by_next;
  HsvizTri  signed_by_next;
  gboolean  self_signed;
  gboolean  is_ca;
  int       path_len;           /* basicConstraints pathLenConstraint, -1 none */
  HsvizTri  ca_ok;              /* as the signer of the previous one sent: CA flag and path length */
  gboolean  weak_key;           /* RSA or DSA under 2048 bits, EC under 224 */
  gboolean  weak_signature;     /* signed with SHA-1 or MD5 */
  /* the leaf only (index 0); -1 elsewhere */
  HsvizTri  name_ok;            /* the checked name matches (GnuTLS's rules) */
  char     *name_matched;       /* "DNS:localhost", "CN:localhost" */
  char     *name_closest;       /* when it does not match: the entry closest to the name */
  HsvizTri  key_usage_ok;       /* digitalSignature or keyEncipherment; -1 no extension */
  HsvizTri  eku_ok;             /* serverAuth (or anyExtendedKeyUsage); -1 no extension */
  GPtrArray *scts;              /* of HsvizSct, embedded in the leaf (never NULL) */
} HsvizCertCheck;

typedef struct
{
  char *code;                   /* "missing-intermediate", "wrong-order", "extra-root",
                                 * "unrelated", "expired-intermediate", "duplicate",
                                 * "self-signed", "not-ca" */
  int   index;                  /* the certificate sent it concerns, -1 when it concerns none */
  char *subject;                /* that certificate's subject (or the missing issuer's name) */
} HsvizChainProblem;

typedef struct
{
  gboolean   present;           /* FALSE: no path was built (no certificate, an old file) */
  gboolean   anchored;          /* the path ends at a certificate of the trust store */
  GPtrArray *path;              /* of char * (sha256 hex), leaf first, the anchor last */
  GPtrArray *anchors;           /* of HsvizCertificate: the path's certificates taken from the
                                 * store (not sent) */
} HsvizChainPath;

/* Checks of every certificate of @certs (HsvizCertificate, as sent, leaf first) against
 * @name (the name verified, may be NULL) at @at and @now (Unix times).  (transfer full) */
GPtrArray  *hsviz_chain_check_certificates (GPtrArray  *certs,
                                            const char *name,
                                            gint64      at,
                                            gint64      now);
/* Builds the path from the leaf of @certs (as sent) to an anchor of @store: at each step the
 * store's issuer (an anchor ends the path), else a certificate sent whose subject is the issuer
 * and whose key verifies the signature.  Fills @path (cleared first). */
void        hsviz_chain_build_path         (GPtrArray               *certs,
                                            gnutls_x509_trust_list_t store,
                                            HsvizChainPath          *path);
/* The problems of the chain as sent, from the checks and the path built.  (transfer full) */
GPtrArray  *hsviz_chain_find_problems      (GPtrArray            *certs,
                                            GPtrArray            *checks,
                                            const HsvizChainPath *path,
                                            gint64                at);
/* The certificate of @path at @position (sent or anchor), or NULL. */
const HsvizCertificate *hsviz_chain_path_certificate (const HsvizChainPath *path,
                                                      GPtrArray            *certs,
                                                      guint                 position,
                                                      int                  *sent_index);
/* A sentence for people: "The server did not send the intermediate that issued “CN=…”". */
char       *hsviz_chain_problem_describe   (const HsvizChainProblem *problem);

/* @der imported with GnuTLS, or NULL when it is not a certificate. */
gnutls_x509_crt_t hsviz_x509_import_der    (GBytes *der);

void        hsviz_cert_check_free          (gpointer data);
void        hsviz_chain_problem_free       (gpointer data);
void        hsviz_sct_free                 (gpointer data);
void        hsviz_chain_path_clear         (HsvizChainPath *path);
void        hsviz_chain_path_copy          (HsvizChainPath       *dest,
                                            const HsvizChainPath *src);

G_END_DECLS
