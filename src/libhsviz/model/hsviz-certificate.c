/* hsviz-certificate.c — the fields of one X.509 certificate, read with GnuTLS
 *
 * Its extensions (names and values as people read them) are read in
 * hsviz-certificate-extensions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "hsviz-types.h"
#include "hsviz-certificate.h"
#include "hsviz-certificate-private.h"
#include "hsviz-util.h"
#include "hsviz-util.h"
#include "hsviz-error.h"


/* What self->x509 holds: the certificate as GnuTLS parsed it, and what the chain checks read
 * of it alone (_hsviz_certificate_get_facts). */
typedef struct
{
  gnutls_x509_crt_t crt;
  gpointer          facts;
  GDestroyNotify    facts_free;
} X509Box;

/* Upper bounds that keep a hostile certificate from making us loop for long. */
#define MAX_SAN_ENTRIES       1024
#define MAX_AIA_ENTRIES       64

static char *
take_datum_string (gnutls_datum_t *d)
{
  /* names in a certificate are whatever the issuer wrote: keep them valid UTF-8 for the
   * file, the terminal and GTK (U+FFFD for bad bytes) */
  char *ret = g_utf8_make_valid ((const char *)d->data, d->size);

  gnutls_free (d->data);
  d->data = NULL;
  d->size = 0;
  return ret;
}

/* Ends a GPtrArray of strings into a NULL-terminated vector. */
static char **
strv_end (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **)g_ptr_array_free (array, FALSE);
}

static char *
format_ip (const guint8 *data,
           gsize         len)
{
  char buf[INET6_ADDRSTRLEN];

  if (len == 4 && inet_ntop (AF_INET, data, buf, sizeof buf) != NULL)
    return g_strdup (buf);
  if (len == 16 && inet_ntop (AF_INET6, data, buf, sizeof buf) != NULL)
    return g_strdup (buf);
  /* Name constraints carry address + mask (8 or 32 bytes); not expected in a SAN. */
  return hsviz_hex_encode (data, len);
}

static char *
format_general_name (unsigned int  type,
                     const guint8 *data,
                     gsize         len)
{
  g_autofree char *ip = NULL;

  switch (type)
    {
    case GNUTLS_SAN_DNSNAME:
      return g_strdup_printf ("DNS:%.*s", (int)len, (const char *)data);
    case GNUTLS_SAN_RFC822NAME:
      return g_strdup_printf ("email:%.*s", (int)len, (const char *)data);
    case GNUTLS_SAN_URI:
      return g_strdup_printf ("URI:%.*s", (int)len, (const char *)data);
    case GNUTLS_SAN_IPADDRESS:
      ip = format_ip (data, len);
      return g_strdup_printf ("IP:%s", ip);
    case GNUTLS_SAN_DN:
      {
        gnutls_datum_t raw = { (unsigned char *)data, (unsigned int)len };
        gnutls_x509_dn_t dn = NULL;
        gnutls_datum_t text = { NULL, 0 };
        char *ret = NULL;

        if (gnutls_x509_dn_init (&dn) == 0 &&
            gnutls_x509_dn_import (dn, &raw) == 0 &&
            gnutls_x509_dn_get_str2 (dn, &text, 0) == 0)
          {
            g_autofree char *s = take_datum_string (&text);
            ret = g_strdup_printf ("DirName:%s", s);
          }
        if (dn != NULL)
          gnutls_x509_dn_deinit (dn);
        return ret != NULL ? ret : g_strdup ("DirName:<unreadable>");
      }
    case GNUTLS_SAN_REGISTERED_ID:
      return g_strdup_printf ("RID:%.*s", (int)len, (const char *)data);
    default:
      {
        g_autofree char *hex = hsviz_hex_encode (data, len);
        return g_strdup_printf ("othername:%s", hex);
      }
    }
}

/* One DER TLV at *@p: its tag and content; *@p moves past it. */
static gboolean
der_next (const guint8  **p,
          const guint8   *end,
          guint8         *tag,
          const guint8  **content,
          gsize          *len)
{
  const guint8 *q = *p;
  gsize l;

  if (end - q < 2)
    return FALSE;
  *tag = q[0];
  l = q[1];
  q += 2;
  if (l & 0x80)
    {
      guint n = l & 0x7f;

      if (n == 0 || n > 4 || (gsize) (end - q) < n)
        return FALSE;
      l = 0;
      for (guint i = 0; i < n; i++)
        l = (l << 8) | *q++;
    }
  if ((gsize) (end - q) < l)
    return FALSE;
  *content = q;
  *len = l;
  *p = q + l;
  return TRUE;
}

/* UTCTime (YYMMDDHHMMSSZ, years 1950-2049, RFC 5280 §4.1.2.5.1) or GeneralizedTime
 * (YYYYMMDDHHMMSSZ) as Unix time, before 1970 too. */
static gboolean
der_time (guint8         tag,
          const guint8  *t,
          gsize          len,
          gint64        *out)
{
  g_autoptr(GDateTime) dt = NULL;
  int v[7] = { 0 };
  gsize digits = tag == 0x17 ? 12 : 14;

  if ((tag != 0x17 && tag != 0x18) || len != digits + 1 || t[digits] != 'Z')
    return FALSE;
  for (gsize i = 0; i < digits; i++)
    if (!g_ascii_isdigit (t[i]))
      return FALSE;
  if (tag == 0x17)
    {
      v[0] = (t[0] - '0') * 10 + (t[1] - '0');
      v[0] += v[0] >= 50 ? 1900 : 2000;
      t += 2;
    }
  else
    {
      v[0] = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
      t += 4;
    }
  for (guint i = 1; i < 6; i++, t += 2)
    v[i] = (t[0] - '0') * 10 + (t[1] - '0');
  dt = g_date_time_new_utc (v[0], v[1], v[2], v[3], v[4], v[5]);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* The validity dates as the DER says them: GnuTLS's getters return time_t, and 0 or -1 for
 * dates before 1970. Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
 * serialNumber, signature, issuer, validity SEQUENCE { notBefore, notAfter }, ... } ... } */
static gboolean
read_validity (GBytes *der,
               gint64 *not_before,
               gint64 *not_after)
{
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (der, &size);
  const guint8 *end = p + size;
  const guint8 *c;
  gsize len;
  guint8 tag;

  /* into Certificate, then tbsCertificate */
  for (guint i = 0; i < 2; i++)
    {
      if (!der_next (&p, end, &tag, &c, &len) || tag != 0x30)
        return FALSE;
      p = c;
      end = c + len;
    }
  if (!der_next (&p, end, &tag, &c, &len))
    return FALSE;
  if (tag == 0xa0 && !der_next (&p, end, &tag, &c, &len))   /* version, then serialNumber */
    return FALSE;
  /* signature and issuer, then validity */
  for (guint i = 0; i < 3; i++)
    if (!der_next (&p, end, &tag, &c, &len) || tag != 0x30)
      return FALSE;
  p = c;
  end = c + len;
  return der_next (&p, end, &tag, &c, &len) && der_time (tag, c, len, not_before) &&
         der_next (&p, end, &tag, &c, &len) && der_time (tag, c, len, not_after);
}

/* The first MAX_SAN_ENTRIES names; how many more the certificate holds goes to @omitted. */
static char **
read_san (gnutls_x509_crt_t  crt,
          guint             *omitted)
{
  GPtrArray *builder = g_ptr_array_new ();

  *omitted = 0;
  for (unsigned int i = 0; ; i++)
    {
      g_autofree guint8 *buf = NULL;
      size_t size = 0;
      unsigned int type = 0;
      int ret;

      ret = gnutls_x509_crt_get_subject_alt_name2 (crt, i, NULL, &size, &type, NULL);
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret != GNUTLS_E_SHORT_MEMORY_BUFFER && ret < 0)
        break;
      if (i >= MAX_SAN_ENTRIES)
        {
          (*omitted)++;
          continue;
        }

      buf = g_malloc0 (size + 1);
      ret = gnutls_x509_crt_get_subject_alt_name2 (crt, i, buf, &size, &type, NULL);
      if (ret < 0)
        break;
      {
        g_autofree char *name = format_general_name ((unsigned int)ret, buf, size);

        g_ptr_array_add (builder, g_utf8_make_valid (name, -1));
      }
    }

  return strv_end (builder);
}

static void
read_authority_info_access (gnutls_x509_crt_t   crt,
                            HsvizCertificate   *self)
{
  GPtrArray *ocsp = g_ptr_array_new ();
  GPtrArray *ca_issuers = g_ptr_array_new ();

  /* Each call reads entry @seq; it fails with GNUTLS_E_UNKNOWN_ALGORITHM when that entry is of
   * the other kind, so both kinds are asked for each entry. */
  for (unsigned int seq = 0; seq < MAX_AIA_ENTRIES; seq++)
    {
      gnutls_datum_t d = { NULL, 0 };
      int ret;

      ret = gnutls_x509_crt_get_authority_info_access (crt, seq, GNUTLS_IA_OCSP_URI, &d, NULL);
      if (ret == 0)
        {
          g_ptr_array_add (ocsp, take_datum_string (&d));
          continue;
        }
      if (ret != GNUTLS_E_UNKNOWN_ALGORITHM)
        break;

      ret = gnutls_x509_crt_get_authority_info_access (crt, seq, GNUTLS_IA_CAISSUERS_URI, &d, NULL);
      if (ret == 0)
        g_ptr_array_add (ca_issuers, take_datum_string (&d));
      else if (ret != GNUTLS_E_UNKNOWN_ALGORITHM)
        break;
    }

  self->ocsp_urls = strv_end (ocsp);
  self->ca_issuer_urls = strv_end (ca_issuers);
}

static char *
read_fingerprint (gnutls_x509_crt_t           crt,
                  gnutls_digest_algorithm_t   algo)
{
  guint8 buf[64];
  size_t size = sizeof buf;

  if (gnutls_x509_crt_get_fingerprint (crt, algo, buf, &size) < 0)
    return NULL;
  return hsviz_hex_encode (buf, size);
}

static char *
read_serial (gnutls_x509_crt_t crt)
{
  guint8 buf[64];
  size_t size = sizeof buf;
  gsize skip = 0;

  if (gnutls_x509_crt_get_serial (crt, buf, &size) < 0 || size == 0)
    return g_strdup ("");
  /* DER integers carry a leading 00 when the high bit is set: not part of the number. */
  while (skip + 1 < size && buf[skip] == 0)
    skip++;
  return hsviz_hex_encode (buf + skip, size - skip);
}

static gboolean
is_self_signed (gnutls_x509_crt_t crt)
{
  unsigned int status = 0;
  unsigned int flags = GNUTLS_VERIFY_DO_NOT_ALLOW_SAME |
                       GNUTLS_VERIFY_DISABLE_CA_SIGN |
                       GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                       GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                       GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
                       GNUTLS_VERIFY_ALLOW_BROKEN;

  if (!gnutls_x509_crt_check_issuer (crt, crt))
    return FALSE;
  if (gnutls_x509_crt_verify (crt, &crt, 1, flags, &status) < 0)
    return FALSE;
  return status == 0;
}

/**
 * hsviz_certificate_new_from_der:
 * @der: a DER-encoded X.509 certificate
 * @error: return location for a #GError
 *
 * Reads every field of @der.  Malformed input gives %HSVIZ_ERROR_BAD_MESSAGE.
 *
 * Returns: (transfer full) (nullable): the certificate's fields
 */
HsvizCertificate *
hsviz_certificate_new_from_der (GBytes  *der,
                                GError **error)
{
  g_autoptr(HsvizCertificate) self = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t d = { NULL, 0 };
  gsize len = 0;
  unsigned int bits = 0;
  int pk;
  int sign;
  int ret;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  datum.data = (unsigned char *)g_bytes_get_data (der, &len);
  datum.size = (unsigned int)len;
  if (len == 0 || len > G_MAXINT)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE,
                   "Not an X.509 certificate: %s", len == 0 ? "no data" : "too large");
      return NULL;
    }

  ret = gnutls_x509_crt_init (&crt);
  if (ret < 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED,
                   "Could not create a certificate: %s", gnutls_strerror (ret));
      return NULL;
    }
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (ret < 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE,
                   "Not a valid X.509 certificate: %s", gnutls_strerror (ret));
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }

  self = g_new0 (HsvizCertificate, 1);
  self->der = g_bytes_ref (der);
  self->version = gnutls_x509_crt_get_version (crt);

  if (gnutls_x509_crt_get_dn3 (crt, &d, 0) >= 0)
    self->subject = take_datum_string (&d);
  else
    self->subject = g_strdup ("");
  if (gnutls_x509_crt_get_issuer_dn3 (crt, &d, 0) >= 0)
    self->issuer = take_datum_string (&d);
  else
    self->issuer = g_strdup ("");

  self->serial = read_serial (crt);
  if (!read_validity (der, &self->not_before, &self->not_after))
    {
      self->not_before = (gint64) gnutls_x509_crt_get_activation_time (crt);
      self->not_after = (gint64) gnutls_x509_crt_get_expiration_time (crt);
    }
  self->san = read_san (crt, &self->san_omitted);

  pk = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  if (pk == GNUTLS_PK_EDDSA_ED25519)
    self->public_key_algorithm = g_strdup ("Ed25519");   /* GnuTLS says "EdDSA (Ed25519)" */
  else if (pk == GNUTLS_PK_EDDSA_ED448)
    self->public_key_algorithm = g_strdup ("Ed448");
  else
    self->public_key_algorithm = g_strdup (pk > 0 && gnutls_pk_get_name (pk) != NULL
                                           ? gnutls_pk_get_name (pk) : "unknown");
  self->public_key_bits = bits;
  /* The curve of (EC)DSA keys; for EdDSA the algorithm already names it. */
  if (pk == GNUTLS_PK_ECDSA)
    {
      gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;

      if (gnutls_x509_crt_get_pk_ecc_raw (crt, &curve, NULL, NULL) >= 0 &&
          gnutls_ecc_curve_get_name (curve) != NULL)
        self->public_key_curve = g_strdup (gnutls_ecc_curve_get_name (curve));
    }

  sign = gnutls_x509_crt_get_signature_algorithm (crt);
  if (sign > 0 && gnutls_sign_get_name (sign) != NULL)
    self->signature_algorithm = g_strdup (gnutls_sign_get_name (sign));
  else
    {
      char oid[128];
      size_t size = sizeof oid;

      if (gnutls_x509_crt_get_signature_oid (crt, oid, &size) >= 0)
        self->signature_algorithm = g_strdup (oid);
      else
        self->signature_algorithm = g_strdup ("unknown");
    }

  self->sha256 = read_fingerprint (crt, GNUTLS_DIG_SHA256);
  self->sha1 = read_fingerprint (crt, GNUTLS_DIG_SHA1);

  read_authority_info_access (crt, self);
  hsviz_certificate_read_extensions (crt, self);

  {
    unsigned int critical = 0, ca = 0;
    int pathlen = -1;

    self->is_ca = gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, &pathlen) >= 0 && ca;
  }
  self->self_signed = is_self_signed (crt);

  /* kept for the chain checks, which would parse it again (an atomic GRcBox: copies share it, on any thread) */
  self->x509 = g_atomic_rc_box_new0 (X509Box);
  ((X509Box *) self->x509)->crt = crt;

  return g_steal_pointer (&self);
}

static void
x509_box_clear (gpointer data)
{
  X509Box *box = data;

  HSVIZ_TSAN_ACQUIRE (data);
  gnutls_x509_crt_deinit (box->crt);
  if (box->facts != NULL)
    box->facts_free (box->facts);
}

static GMutex x509_lock;

void
_hsviz_certificate_lock_x509 (void)
{
  hsviz_mutex_lock (&x509_lock);
}

void
_hsviz_certificate_unlock_x509 (void)
{
  hsviz_mutex_unlock (&x509_lock);
}

gnutls_x509_crt_t
_hsviz_certificate_peek_x509 (const HsvizCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->x509 != NULL ? ((X509Box *) self->x509)->crt : NULL;
}

gpointer
_hsviz_certificate_get_facts (const HsvizCertificate *self,
                              gpointer              (*make) (gnutls_x509_crt_t crt),
                              GDestroyNotify          free_func)
{
  X509Box *box;

  g_return_val_if_fail (self != NULL && make != NULL && free_func != NULL, NULL);

  box = self->x509;
  if (box == NULL)
    return NULL;
  if (g_once_init_enter (&box->facts))
    {
      gpointer facts = make (box->crt);

      box->facts_free = free_func;
      HSVIZ_TSAN_RELEASE (&box->facts);
      g_once_init_leave (&box->facts, facts);
    }
  HSVIZ_TSAN_ACQUIRE (&box->facts);
  return box->facts;
}

void
hsviz_certificate_free (HsvizCertificate *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->der, g_bytes_unref);
  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->serial);
  g_strfreev (self->san);
  g_free (self->public_key_algorithm);
  g_free (self->public_key_curve);
  g_free (self->signature_algorithm);
  g_free (self->sha256);
  g_free (self->sha1);
  g_clear_pointer (&self->extensions, g_ptr_array_unref);
  g_strfreev (self->ocsp_urls);
  g_strfreev (self->ca_issuer_urls);
  if (self->x509 != NULL)
    {
      /* the last copy to go frees the parse: after every other copy's use of it */
      HSVIZ_TSAN_RELEASE (self->x509);
      g_atomic_rc_box_release_full (self->x509, x509_box_clear);
    }
  g_free (self);
}

HsvizCertificate *
hsviz_certificate_copy (const HsvizCertificate *self)
{
  HsvizCertificate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (HsvizCertificate, 1);
  *copy = *self;
  copy->der = g_bytes_ref (self->der);
  copy->x509 = self->x509 != NULL ? g_atomic_rc_box_acquire (self->x509) : NULL;
  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->serial = g_strdup (self->serial);
  copy->san = g_strdupv (self->san);
  copy->public_key_algorithm = g_strdup (self->public_key_algorithm);
  copy->public_key_curve = g_strdup (self->public_key_curve);
  copy->signature_algorithm = g_strdup (self->signature_algorithm);
  copy->sha256 = g_strdup (self->sha256);
  copy->sha1 = g_strdup (self->sha1);
  copy->extensions = hsviz_certificate_extensions_copy (self->extensions);
  copy->ocsp_urls = g_strdupv (self->ocsp_urls);
  copy->ca_issuer_urls = g_strdupv (self->ca_issuer_urls);
  return copy;
}

/* Distinct certificates one cache holds before it starts over (bounded memory on huge captures). */
#define CERTIFICATE_CACHE_MAX 1024

/* Guards every cache: the import reads certificates on its reading thread and, now and then
 * (a message parsed again when its connection is finished), on its workers. */
static GMutex cache_lock;

GHashTable *
hsviz_certificate_cache_new (void)
{
  return g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                (GDestroyNotify) hsviz_certificate_free);
}

HsvizCertificate *
hsviz_certificate_new_from_der_cached (GBytes      *der,
                                       GHashTable  *cache,
                                       GError     **error)
{
  HsvizCertificate *cert;

  g_return_val_if_fail (der != NULL, NULL);

  if (cache == NULL)
    return hsviz_certificate_new_from_der (der, error);
  hsviz_mutex_lock (&cache_lock);
  cert = g_hash_table_lookup (cache, der);
  if (cert != NULL)
    cert = hsviz_certificate_copy (cert);
  hsviz_mutex_unlock (&cache_lock);
  if (cert != NULL)
    return cert;
  /* parsed outside the lock; two threads reading the same new certificate both parse it */
  cert = hsviz_certificate_new_from_der (der, error);
  if (cert == NULL)
    return NULL;
  hsviz_mutex_lock (&cache_lock);
  if (g_hash_table_size (cache) >= CERTIFICATE_CACHE_MAX)
    g_hash_table_remove_all (cache);
  g_hash_table_replace (cache, g_bytes_ref (der), hsviz_certificate_copy (cert));
  hsviz_mutex_unlock (&cache_lock);
  return cert;
}

/**
 * hsviz_certificate_to_pem:
 * @self: a certificate
 *
 * Returns: (transfer full): the certificate as PEM text, ending with a newline
 */
char *
hsviz_certificate_to_pem (const HsvizCertificate *self)
{
  g_autofree char *b64 = NULL;
  GString *pem;
  gsize len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->der != NULL, NULL);

  b64 = g_base64_encode (g_bytes_get_data (self->der, NULL), g_bytes_get_size (self->der));
  len = strlen (b64);
  pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  for (gsize i = 0; i < len; i += 64)
    {
      g_string_append_len (pem, b64 + i, MIN (64, len - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
  return g_string_free (pem, FALSE);
}

/**
 * hsviz_certificate_validity_at:
 * @self: a certificate
 * @now: a Unix time
 *
 * Returns: "valid", "expired" or "not yet valid"
 */
const char *
hsviz_certificate_validity_at (const HsvizCertificate *self,
                               gint64                  now)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (now < self->not_before)
    return NC_("certificate validity", "not yet valid");
  if (now > self->not_after)
    return NC_("certificate validity", "expired");
  return NC_("certificate validity", "valid");
}

/* hsviz_certificate_validity_at()'s answer in the user's language. */
const char *
hsviz_certificate_validity_display_name (const char *validity)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "certificate validity", validity);
}
