/* hsviz-chain-check.c — our own checks of every certificate sent, and the chain's problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>

#include "hsviz-certificate-private.h"
#include "hsviz-chain-check.h"
#include "hsviz-util.h"

#define OID_CT_SCTS "1.3.6.1.4.1.11129.2.4.2"

void
hsviz_sct_free (gpointer data)
{
  HsvizSct *sct = data;

  if (sct == NULL)
    return;
  g_free (sct->log_id);
  g_free (sct->signature_algorithm);
  g_free (sct);
}

void
hsviz_cert_check_free (gpointer data)
{
  HsvizCertCheck *c = data;

  if (c == NULL)
    return;
  g_free (c->name_matched);
  g_free (c->name_closest);
  g_clear_pointer (&c->scts, g_ptr_array_unref);
  g_free (c);
}

void
hsviz_chain_problem_free (gpointer data)
{
  HsvizChainProblem *p = data;

  if (p == NULL)
    return;
  g_free (p->code);
  g_free (p->subject);
  g_free (p);
}

void
hsviz_chain_path_clear (HsvizChainPath *path)
{
  g_clear_pointer (&path->path, g_ptr_array_unref);
  g_clear_pointer (&path->anchors, g_ptr_array_unref);
  path->present = FALSE;
  path->anchored = FALSE;
}

void
hsviz_chain_path_copy (HsvizChainPath       *dest,
                       const HsvizChainPath *src)
{
  hsviz_chain_path_clear (dest);
  dest->present = src->present;
  dest->anchored = src->anchored;
  dest->path = g_ptr_array_new_with_free_func (g_free);
  dest->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  for (guint i = 0; src->path != NULL && i < src->path->len; i++)
    g_ptr_array_add (dest->path, g_strdup (g_ptr_array_index (src->path, i)));
  for (guint i = 0; src->anchors != NULL && i < src->anchors->len; i++)
    {
      const HsvizCertificate *a = g_ptr_array_index (src->anchors, i);

      /* the parsed fields are copied: parsing the DER again costs as much as the first time */
      g_ptr_array_add (dest->anchors, hsviz_certificate_copy (a));
    }
}

/* ---- one certificate ---- */

gnutls_x509_crt_t
hsviz_x509_import_der (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gsize len = 0;
  gnutls_datum_t d;

  d.data = (unsigned char *) g_bytes_get_data (der, &len);
  d.size = (unsigned int) len;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

/* Each of @certs (HsvizCertificate) as GnuTLS parsed it, in order (NULL where it is not a
 * certificate): the one kept with it, else imported now and owned by @owned. */
static GPtrArray *
certificates_x509 (GPtrArray *certs,
                   GPtrArray *owned)
{
  GPtrArray *crts = g_ptr_array_sized_new (certs->len);

  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertificate *cert = g_ptr_array_index (certs, i);
      gnutls_x509_crt_t crt = _hsviz_certificate_peek_x509 (cert);

      if (crt == NULL && (crt = hsviz_x509_import_der (cert->der)) != NULL)
        g_ptr_array_add (owned, crt);
      g_ptr_array_add (crts, crt);
    }
  return crts;
}

/* TRUE when @issuer's key verifies @crt's signature (names, dates, CA flag and algorithm
 * strength are checked elsewhere). */
static gboolean
signature_verifies (gnutls_x509_crt_t crt,
                    gnutls_x509_crt_t issuer)
{
  unsigned int status = 0;
  unsigned int flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                       GNUTLS_VERIFY_DISABLE_CA_SIGN | GNUTLS_VERIFY_ALLOW_BROKEN |
                       GNUTLS_VERIFY_ALLOW_ANY_X509_V1_CA_CRT | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;

  if (gnutls_x509_crt_verify (crt, &issuer, 1, flags, &status) < 0)
    return FALSE;
  return (status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND)) == 0;
}

static gboolean
label_match (const char *pattern,
             const char *name)
{
  const char *dot;

  if (g_ascii_strcasecmp (pattern, name) == 0)
    return TRUE;
  /* "*.example.com" stands for exactly one label */
  if (pattern[0] != '*' || pattern[1] != '.')
    return FALSE;
  dot = strchr (name, '.');
  return dot != NULL && dot != name && g_ascii_strcasecmp (pattern + 1, dot) == 0;
}

/* How many trailing labels @entry and @name share ("*.b.c" and "a.b.c": 2). */
static guint
shared_suffix (const char *entry,
               const char *name)
{
  g_auto(GStrv) a = g_strsplit (entry, ".", -1);
  g_auto(GStrv) b = g_strsplit (name, ".", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b), n = 0;

  while (n < na && n < nb && g_ascii_strcasecmp (a[na - 1 - n], b[nb - 1 - n]) == 0)
    n++;
  return n;
}

static char *
common_name (gnutls_x509_crt_t crt)
{
  char buf[512];
  size_t size = sizeof buf;

  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &size) < 0)
    return NULL;
  return g_utf8_make_valid (buf, (gssize) size);
}

static void
check_name (HsvizCertCheck         *c,
            const HsvizCertificate *cert,
            gnutls_x509_crt_t       crt,
            const char             *name)
{
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (name);
  g_autofree char *ip_text = ip ? g_inet_address_to_string (ip) : NULL;
  g_autofree char *cn = NULL;
  gboolean has_dns = FALSE;
  guint best = 0;

  c->name_ok = gnutls_x509_crt_check_hostname2 (crt, name, 0) ? 1 : 0;
  for (guint i = 0; cert->san != NULL && cert->san[i] != NULL; i++)
    {
      const char *entry = cert->san[i];

      if (g_str_has_prefix (entry, "DNS:"))
        {
          has_dns = TRUE;
          if (ip == NULL && label_match (entry + 4, name))
            {
              g_free (c->name_matched);
              c->name_matched = g_strdup (entry);
              break;
            }
          if (ip == NULL && (c->name_closest == NULL || shared_suffix (entry + 4, name) > best))
            {
              best = shared_suffix (entry + 4, name);
              g_free (c->name_closest);
              c->name_closest = g_strdup (entry);
            }
        }
      else if (g_str_has_prefix (entry, "IP:") && ip != NULL)
        {
          if (g_strcmp0 (entry + 3, ip_text) == 0)
            {
              g_free (c->name_matched);
              c->name_matched = g_strdup (entry);
              break;
            }
          if (c->name_closest == NULL)
            c->name_closest = g_strdup (entry);
        }
    }
  /* RFC 6125: the CN counts only when there is no DNS name in the SAN (GnuTLS does the same) */
  if (c->name_matched == NULL && !has_dns && (cn = common_name (crt)) != NULL)
    {
      g_autofree char *entry = g_strconcat ("CN:", cn, NULL);

      if (ip == NULL && label_match (cn, name))
        c->name_matched = g_steal_pointer (&entry);
      else if (c->name_closest == NULL)
        c->name_closest = g_steal_pointer (&entry);
    }
  if (c->name_ok && c->name_matched == NULL)
    c->name_matched = g_strdup (name);
  if (c->name_ok)
    g_clear_pointer (&c->name_closest, g_free);
}

static void
check_usage (HsvizCertCheck   *c,
             gnutls_x509_crt_t crt)
{
  unsigned int ku = 0, critical = 0;
  gboolean any = FALSE, server = FALSE;

  if (gnutls_x509_crt_get_key_usage (crt, &ku, &critical) >= 0)
    c->key_usage_ok = (ku & (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT)) ? 1 : 0;
  for (unsigned int i = 0;; i++)
    {
      char oid[128];
      size_t size = sizeof oid;

      if (gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL) < 0)
        break;
      any = TRUE;
      if (g_str_equal (oid, GNUTLS_KP_TLS_WWW_SERVER) || g_str_equal (oid, GNUTLS_KP_ANY))
        server = TRUE;
    }
  c->eku_ok = any ? (server ? 1 : 0) : -1;
}

static void
read_scts (HsvizCertCheck   *c,
           gnutls_x509_crt_t crt)
{
  gnutls_datum_t ext = { NULL, 0 };
  gnutls_x509_ct_scts_t scts = NULL;
  unsigned int critical = 0;

  if (gnutls_x509_crt_get_extension_by_oid2 (crt, OID_CT_SCTS, 0, &ext, &critical) < 0)
    return;
  if (gnutls_x509_ext_ct_scts_init (&scts) == 0 &&
      gnutls_x509_ext_ct_import_scts (&ext, scts, 0) == 0)
    {
      for (unsigned int i = 0; i < 64; i++)
        {
          time_t when = 0;
          gnutls_datum_t log_id = { NULL, 0 }, sig = { NULL, 0 };
          gnutls_sign_algorithm_t alg = GNUTLS_SIGN_UNKNOWN;
          unsigned int version = 0;
          HsvizSct *sct;

          if (gnutls_x509_ct_sct_get_version (scts, i, &version) < 0 ||
              gnutls_x509_ct_sct_get (scts, i, &when, &log_id, &alg, &sig) < 0)
            break;
          sct = g_new0 (HsvizSct, 1);
          sct->version = version;
          sct->time = (gint64) when;
          sct->log_id = hsviz_hex_encode (log_id.data, log_id.size);
          sct->signature_algorithm = g_strdup (gnutls_sign_get_name (alg) ? gnutls_sign_get_name (alg)
                                                                            : "unknown");
          g_ptr_array_add (c->scts, sct);
          gnutls_free (log_id.data);
          gnutls_free (sig.data);
        }
    }
  if (scts != NULL)
    gnutls_x509_ext_ct_scts_deinit (scts);
  gnutls_free (ext.data);
}

static void
check_strength (HsvizCertCheck   *c,
                gnutls_x509_crt_t crt)
{
  unsigned int bits = 0;
  int pk = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  int sign = gnutls_x509_crt_get_signature_algorithm (crt);
  gnutls_digest_algorithm_t hash = gnutls_sign_get_hash_algorithm ((gnutls_sign_algorithm_t) sign);

  if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS || pk == GNUTLS_PK_DSA)
    c->weak_key = bits < 2048;
  else if (pk == GNUTLS_PK_EC)
    c->weak_key = bits < 224;
  c->weak_signature = hash == GNUTLS_DIG_SHA1 || hash == GNUTLS_DIG_MD5 || hash == GNUTLS_DIG_MD2;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizCertCheck, hsviz_cert_check_free)

/* What the checks read of a certificate alone (CA path length, key and signature strength, the
 * leaf's key usage and extended key usage, its embedded SCTs): the same for every connection
 * that sent it, so read once per parsed certificate (_hsviz_certificate_get_facts). */
static gpointer
alone_new (gnutls_x509_crt_t crt)
{
  HsvizCertCheck *a = g_new0 (HsvizCertCheck, 1);
  unsigned int critical = 0, ca = 0;
  int pathlen = -1;

  a->path_len = -1;
  a->key_usage_ok = a->eku_ok = -1;
  a->scts = g_ptr_array_new_with_free_func (hsviz_sct_free);
  if (gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, &pathlen) >= 0 && ca)
    a->path_len = pathlen;
  check_strength (a, crt);
  check_usage (a, crt);
  read_scts (a, crt);
  return a;
}

GPtrArray *
hsviz_chain_check_certificates (GPtrArray  *certs,
                                const char *name,
                                gint64      at,
                                gint64      now)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func (hsviz_cert_check_free);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) gnutls_x509_crt_deinit);
  g_autoptr(GPtrArray) crts = NULL;

  g_return_val_if_fail (certs != NULL, checks);

  crts = certificates_x509 (certs, owned);

  /* the parses are shared by the certificate's copies (and _hsviz_certificate_get_facts() is
   * called under this lock only) */
  _hsviz_certificate_lock_x509 ();
  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertificate *cert = g_ptr_array_index (certs, i);
      gnutls_x509_crt_t crt = g_ptr_array_index (crts, i);
      gnutls_x509_crt_t next = i + 1 < crts->len ? g_ptr_array_index (crts, i + 1) : NULL;
      HsvizCertCheck *c = g_new0 (HsvizCertCheck, 1);
      const HsvizCertCheck *alone;
      g_autoptr(HsvizCertCheck) alone_now = NULL;

      c->index = i;
      c->scts = g_ptr_array_new_with_free_func (hsviz_sct_free);
      c->not_yet_valid = at < cert->not_before;
      c->expired = at > cert->not_after;
      c->time_ok = !c->not_yet_valid && !c->expired;
      c->not_yet_valid_now = now < cert->not_before;
      c->expired_now = now > cert->not_after;
      c->self_signed = cert->self_signed;
      c->is_ca = cert->is_ca;
      c->path_len = -1;
      c->issued_by_next = c->signed_by_next = c->ca_ok = -1;
      c->name_ok = c->key_usage_ok = c->eku_ok = -1;
      g_ptr_array_add (checks, c);
      if (crt == NULL)
        continue;

      alone = _hsviz_certificate_get_facts (cert, alone_new, hsviz_cert_check_free);
      if (alone == NULL)
        alone = alone_now = alone_new (crt);
      c->path_len = alone->path_len;
      c->weak_key = alone->weak_key;
      c->weak_signature = alone->weak_signature;
      if (next != NULL)
        {
          /* a certificate not issued by the next one is not signed by it in X.509's sense
           * (and GnuTLS calls a certificate verified by itself when it is in the CA list) */
          c->issued_by_next = gnutls_x509_crt_check_issuer (crt, next) ? 1 : 0;
          c->signed_by_next = c->issued_by_next && signature_verifies (crt, next) ? 1 : 0;
        }
      if (i > 0)
        {
          const HsvizCertCheck *below = g_ptr_array_index (checks, i - 1);

          /* the CA flag, and at most path_len CA certificates below it (the leaf excluded) */
          if (below->issued_by_next == 1)
            c->ca_ok = c->is_ca && (c->path_len < 0 || (guint) c->path_len >= i - 1) ? 1 : 0;
        }
      if (i == 0)
        {
          if (name != NULL && *name != '\0')
            check_name (c, cert, crt, name);
          c->key_usage_ok = alone->key_usage_ok;
          c->eku_ok = alone->eku_ok;
          g_ptr_array_unref (c->scts);
          c->scts = g_ptr_array_ref (alone->scts);   /* read only, shared */
        }
    }
  _hsviz_certificate_unlock_x509 ();
  return checks;
}

/* ---- the chain ---- */

const HsvizCertificate *
hsviz_chain_path_certificate (const HsvizChainPath *path,
                              GPtrArray            *certs,
                              guint                 position,
                              int                  *sent_index)
{
  const char *sha;

  if (sent_index != NULL)
    *sent_index = -1;
  if (path == NULL || path->path == NULL || position >= path->path->len)
    return NULL;
  sha = g_ptr_array_index (path->path, position);
  for (guint i = 0; certs != NULL && i < certs->len; i++)
    {
      const HsvizCertificate *c = g_ptr_array_index (certs, i);

      if (g_strcmp0 (c->sha256, sha) == 0)
        {
          if (sent_index != NULL)
            *sent_index = (int) i;
          return c;
        }
    }
  for (guint i = 0; path->anchors != NULL && i < path->anchors->len; i++)
    {
      const HsvizCertificate *c = g_ptr_array_index (path->anchors, i);

      if (g_strcmp0 (c->sha256, sha) == 0)
        return c;
    }
  return NULL;
}

static void
add_problem (GPtrArray  *problems,
             const char *code,
             int         index,
             const char *subject)
{
  HsvizChainProblem *p = g_new0 (HsvizChainProblem, 1);

  p->code = g_strdup (code);
  p->index = index;
  p->subject = g_strdup (subject);
  g_ptr_array_add (problems, p);
}

static int
position_on_path (const HsvizChainPath *path,
                  const char           *sha256)
{
  for (guint i = 0; path->path != NULL && i < path->path->len; i++)
    if (g_strcmp0 (g_ptr_array_index (path->path, i), sha256) == 0)
      return (int) i;
  return -1;
}

GPtrArray *
hsviz_chain_find_problems (GPtrArray            *certs,
                           GPtrArray            *checks,
                           const HsvizChainPath *path,
                           gint64                at)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (hsviz_chain_problem_free);
  const HsvizCertificate *end;
  guint n_path;

  if (certs == NULL || certs->len == 0)
    return problems;

  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertificate *c = g_ptr_array_index (certs, i);
      const HsvizCertCheck *check = checks != NULL && i < checks->len ? g_ptr_array_index (checks, i) : NULL;
      gboolean dup = FALSE;

      for (guint j = 0; j < i && !dup; j++)
        dup = g_strcmp0 (((const HsvizCertificate *) g_ptr_array_index (certs, j))->sha256, c->sha256) == 0;
      if (dup)
        {
          add_problem (problems, "duplicate", (int) i, c->subject);
          continue;
        }
      if (i == 0)
        {
          if (c->self_signed && !(path->present && path->anchored))
            add_problem (problems, "self-signed", 0, c->subject);
          continue;
        }
      if (!path->present)
        continue;
      if (position_on_path (path, c->sha256) < 0)
        add_problem (problems, "unrelated", (int) i, c->subject);
      else if (c->self_signed)
        add_problem (problems, "extra-root", (int) i, c->subject);
      else if (check != NULL && !check->time_ok)
        add_problem (problems, "expired-intermediate", (int) i, c->subject);
      /* on the path but not right after the certificate it issued */
      if (position_on_path (path, c->sha256) > 0 &&
          g_strcmp0 (g_ptr_array_index (path->path, position_on_path (path, c->sha256) - 1),
                     ((const HsvizCertificate *) g_ptr_array_index (certs, i - 1))->sha256) != 0)
        add_problem (problems, "wrong-order", (int) i, c->subject);
    }
  if (!path->present || path->path == NULL || path->path->len == 0)
    return problems;

  /* an intermediate from the store on the path (not an anchor): expired? */
  n_path = path->path->len;
  for (guint i = 1; i + 1 < n_path; i++)
    {
      int sent = -1;
      const HsvizCertificate *c = hsviz_chain_path_certificate (path, certs, i, &sent);

      if (c != NULL && sent < 0 && (at < c->not_before || at > c->not_after))
        add_problem (problems, "expired-intermediate", -1, c->subject);
    }
  /* every CA on the path that signs a certificate must be a CA */
  for (guint i = 1; i < n_path; i++)
    {
      int sent = -1;
      const HsvizCertificate *c = hsviz_chain_path_certificate (path, certs, i, &sent);

      if (c != NULL && !c->is_ca && !c->self_signed)
        add_problem (problems, "not-ca", sent, c->subject);
    }
  end = hsviz_chain_path_certificate (path, certs, n_path - 1, NULL);
  if (!path->anchored && end != NULL && !end->self_signed)
    add_problem (problems, "missing-intermediate", -1, end->issuer);
  return problems;
}

char *
hsviz_chain_problem_describe (const HsvizChainProblem *p)
{
  const char *s = p->subject != NULL ? p->subject : "";

  if (g_str_equal (p->code, "missing-intermediate"))
    return g_strdup_printf (_("Missing intermediate: nothing sent or trusted here is “%s”, the issuer "
                              "the path stops at; the server should send it, or it is a root this "
                              "trust store does not hold"), s);
  if (g_str_equal (p->code, "wrong-order"))
    return g_strdup_printf (_("Wrong order: “%s” (certificate %d) is not sent right after the "
                              "certificate it issued"), s, p->index + 1);
  if (g_str_equal (p->code, "extra-root"))
    return g_strdup_printf (_("Extra root: the server sends the self-signed “%s” (certificate %d); "
                              "clients take roots from their own store"), s, p->index + 1);
  if (g_str_equal (p->code, "unrelated"))
    return g_strdup_printf (_("Unrelated certificate: “%s” (certificate %d) is not on the path to a "
                              "trust anchor"), s, p->index + 1);
  if (g_str_equal (p->code, "expired-intermediate"))
    return g_strdup_printf (_("Expired intermediate: “%s” is outside its dates"), s);
  if (g_str_equal (p->code, "duplicate"))
    return g_strdup_printf (_("Duplicate: “%s” (certificate %d) is sent twice"), s, p->index + 1);
  if (g_str_equal (p->code, "self-signed"))
    return g_strdup_printf (_("Self-signed: “%s” signs itself and is not in the trust store"), s);
  if (g_str_equal (p->code, "not-ca"))
    return g_strdup_printf (_("Not a CA: “%s” signs a certificate without the CA flag"), s);
  return g_strdup_printf ("%s: %s", p->code, s);
}

/* ---- the path to a trust anchor (at capture: it needs the store) ---- */

static gboolean
same_der (gnutls_x509_crt_t a,
          gnutls_x509_crt_t b)
{
  gnutls_datum_t da = { NULL, 0 }, db = { NULL, 0 };
  gboolean same;

  if (gnutls_x509_crt_export2 (a, GNUTLS_X509_FMT_DER, &da) < 0)
    return FALSE;
  if (gnutls_x509_crt_export2 (b, GNUTLS_X509_FMT_DER, &db) < 0)
    {
      gnutls_free (da.data);
      return FALSE;
    }
  same = da.size == db.size && memcmp (da.data, db.data, da.size) == 0;
  gnutls_free (da.data);
  gnutls_free (db.data);
  return same;
}

/* The store's certificate that issued @crt (its key verifies the signature), or NULL. */
static gnutls_x509_crt_t
store_issuer (gnutls_x509_trust_list_t store,
              gnutls_x509_crt_t        crt)
{
  gnutls_x509_crt_t issuer = NULL;

  if (store == NULL || gnutls_x509_trust_list_get_issuer (store, crt, &issuer, GNUTLS_TL_GET_COPY) < 0)
    return NULL;
  if (!signature_verifies (crt, issuer))
    {
      gnutls_x509_crt_deinit (issuer);
      return NULL;
    }
  return issuer;
}

/* From @certs' first certificate up to an anchor of @store, under the parses' lock. */
static void
walk_path (GPtrArray               *certs,
           GPtrArray               *crts,
           gboolean                *used,
           gnutls_x509_trust_list_t store,
           HsvizChainPath          *path)
{
  guint cur = 0;

  g_ptr_array_add (path->path, g_strdup (((HsvizCertificate *) g_ptr_array_index (certs, 0))->sha256));
  used[0] = TRUE;
  for (guint depth = 0; depth < 16; depth++)
    {
      gnutls_x509_crt_t crt = g_ptr_array_index (crts, cur);
      gnutls_x509_crt_t anchor = store_issuer (store, crt);
      gboolean found = FALSE;

      if (anchor != NULL)
        {
          path->anchored = TRUE;
          if (!same_der (anchor, crt))
            {
              gnutls_datum_t der = { NULL, 0 };

              if (gnutls_x509_crt_export2 (anchor, GNUTLS_X509_FMT_DER, &der) == 0)
                {
                  g_autoptr(GBytes) bytes = g_bytes_new (der.data, der.size);
                  HsvizCertificate *a = hsviz_certificate_new_from_der (bytes, NULL);

                  if (a != NULL)
                    {
                      g_ptr_array_add (path->path, g_strdup (a->sha256));
                      g_ptr_array_add (path->anchors, a);
                    }
                  gnutls_free (der.data);
                }
            }
          gnutls_x509_crt_deinit (anchor);
          return;
        }
      for (guint j = 0; j < certs->len && !found; j++)
        {
          gnutls_x509_crt_t cand = g_ptr_array_index (crts, j);

          if (used[j] || cand == NULL || !gnutls_x509_crt_check_issuer (crt, cand) ||
              !signature_verifies (crt, cand))
            continue;
          used[j] = TRUE;
          cur = j;
          found = TRUE;
          g_ptr_array_add (path->path, g_strdup (((HsvizCertificate *) g_ptr_array_index (certs, j))->sha256));
        }
      if (!found)
        return;
    }
}

void
hsviz_chain_build_path (GPtrArray               *certs,
                        gnutls_x509_trust_list_t store,
                        HsvizChainPath          *path)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) gnutls_x509_crt_deinit);
  g_autoptr(GPtrArray) crts = NULL;
  g_autofree gboolean *used = NULL;

  hsviz_chain_path_clear (path);
  path->path = g_ptr_array_new_with_free_func (g_free);
  path->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  if (certs == NULL || certs->len == 0)
    return;
  path->present = TRUE;
  used = g_new0 (gboolean, certs->len);
  crts = certificates_x509 (certs, owned);
  if (g_ptr_array_index (crts, 0) == NULL)
    return;
  _hsviz_certificate_lock_x509 ();
  walk_path (certs, crts, used, store, path);
  _hsviz_certificate_unlock_x509 ();
}
