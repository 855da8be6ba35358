/* hsviz-certificate-extensions.c — a certificate's extensions, read with GnuTLS
 *
 * Each extension's OID, its name and, for the common ones (basic constraints, key usage,
 * extended key usage, SAN, AIA, key identifiers), its value as openssl x509 -text shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "hsviz-certificate.h"
#include "hsviz-certificate-private.h"

/* Upper bounds that keep a hostile certificate from making us loop for long. */
#define MAX_EXTENSIONS        256
#define MAX_KEY_PURPOSES      64

static const struct
{
  const char *oid;
  const char *name;
} extension_names[] = {
  { "2.5.29.9",  "Subject Directory Attributes" },
  { "2.5.29.14", "Subject Key Identifier" },
  { "2.5.29.15", "Key Usage" },
  { "2.5.29.16", "Private Key Usage Period" },
  { "2.5.29.17", "Subject Alternative Name" },
  { "2.5.29.18", "Issuer Alternative Name" },
  { "2.5.29.19", "Basic Constraints" },
  { "2.5.29.30", "Name Constraints" },
  { "2.5.29.31", "CRL Distribution Points" },
  { "2.5.29.32", "Certificate Policies" },
  { "2.5.29.33", "Policy Mappings" },
  { "2.5.29.35", "Authority Key Identifier" },
  { "2.5.29.36", "Policy Constraints" },
  { "2.5.29.37", "Extended Key Usage" },
  { "2.5.29.46", "Freshest CRL" },
  { "2.5.29.54", "Inhibit anyPolicy" },
  { "1.3.6.1.5.5.7.1.1", "Authority Information Access" },
  { "1.3.6.1.5.5.7.1.11", "Subject Information Access" },
  { "1.3.6.1.5.5.7.1.24", "TLS Feature (OCSP Must-Staple)" },
  { "1.3.6.1.4.1.11129.2.4.2", "Signed Certificate Timestamps" },
  { "1.3.6.1.4.1.11129.2.4.3", "CT Precertificate Poison" },
  { "2.16.840.1.113730.1.1", "Netscape Certificate Type" },
  { "2.16.840.1.113730.1.13", "Netscape Comment" },
};

static const struct
{
  const char *oid;
  const char *name;
} key_purpose_names[] = {
  { GNUTLS_KP_TLS_WWW_SERVER, "TLS Web Server Authentication" },
  { GNUTLS_KP_TLS_WWW_CLIENT, "TLS Web Client Authentication" },
  { GNUTLS_KP_CODE_SIGNING, "Code Signing" },
  { GNUTLS_KP_EMAIL_PROTECTION, "E-mail Protection" },
  { GNUTLS_KP_TIME_STAMPING, "Time Stamping" },
  { GNUTLS_KP_OCSP_SIGNING, "OCSP Signing" },
  { GNUTLS_KP_ANY, "Any Purpose" },
};

static const struct
{
  unsigned int flag;
  const char  *name;
} key_usage_names[] = {
  { GNUTLS_KEY_DIGITAL_SIGNATURE, "Digital Signature" },
  { GNUTLS_KEY_NON_REPUDIATION, "Non Repudiation" },
  { GNUTLS_KEY_KEY_ENCIPHERMENT, "Key Encipherment" },
  { GNUTLS_KEY_DATA_ENCIPHERMENT, "Data Encipherment" },
  { GNUTLS_KEY_KEY_AGREEMENT, "Key Agreement" },
  { GNUTLS_KEY_KEY_CERT_SIGN, "Certificate Sign" },
  { GNUTLS_KEY_CRL_SIGN, "CRL Sign" },
  { GNUTLS_KEY_ENCIPHER_ONLY, "Encipher Only" },
  { GNUTLS_KEY_DECIPHER_ONLY, "Decipher Only" },
};

static const char *
extension_name (const char *oid)
{
  for (gsize i = 0; i < G_N_ELEMENTS (extension_names); i++)
    if (g_str_equal (extension_names[i].oid, oid))
      return extension_names[i].name;
  return NULL;
}

static void
cert_extension_free (gpointer data)
{
  HsvizCertExtension *ext = data;

  g_free (ext->oid);
  g_free (ext->name);
  g_free (ext->value);
  g_free (ext);
}

static char *
colon_hex (const guint8 *data,
           gsize         len)
{
  GString *s = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%s%02x", i > 0 ? ":" : "", data[i]);
  return g_string_free (s, FALSE);
}

static char *
describe_key_usage (gnutls_x509_crt_t crt)
{
  unsigned int usage = 0;
  g_autoptr(GString) s = NULL;

  if (gnutls_x509_crt_get_key_usage (crt, &usage, NULL) < 0)
    return NULL;

  s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (key_usage_names); i++)
    if (usage & key_usage_names[i].flag)
      g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", key_usage_names[i].name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_key_purposes (gnutls_x509_crt_t crt)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (unsigned int i = 0; i < MAX_KEY_PURPOSES; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      const char *name = NULL;

      if (gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL) < 0)
        break;
      for (gsize j = 0; j < G_N_ELEMENTS (key_purpose_names); j++)
        if (g_str_equal (key_purpose_names[j].oid, oid))
          name = key_purpose_names[j].name;
      g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", name != NULL ? name : oid);
    }

  if (s->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The subject or authority key identifier, with GnuTLS's getter for it, as colon hex. */
static char *
describe_key_id (gnutls_x509_crt_t   crt,
                 int               (*get_key_id) (gnutls_x509_crt_t  crt,
                                                  void              *id,
                                                  size_t            *size,
                                                  unsigned int      *critical))
{
  guint8 id[64];
  size_t size = sizeof id;

  if (get_key_id (crt, id, &size, NULL) < 0)
    return NULL;
  return colon_hex (id, size);
}

static char *
describe_extension (gnutls_x509_crt_t       crt,
                    const char             *oid,
                    const HsvizCertificate *self)
{
  if (g_str_equal (oid, "2.5.29.19"))
    {
      unsigned int critical = 0, ca = 0;
      int pathlen = -1;

      if (gnutls_x509_crt_get_basic_constraints (crt, &critical, &ca, &pathlen) < 0)
        return NULL;
      if (ca && pathlen >= 0)
        return g_strdup_printf ("CA:TRUE, pathlen:%d", pathlen);
      return g_strdup (ca ? "CA:TRUE" : "CA:FALSE");
    }
  if (g_str_equal (oid, "2.5.29.15"))
    return describe_key_usage (crt);
  if (g_str_equal (oid, "2.5.29.37"))
    return describe_key_purposes (crt);
  if (g_str_equal (oid, "2.5.29.17"))
    return self->san[0] != NULL ? g_strjoinv (", ", self->san) : NULL;
  if (g_str_equal (oid, "1.3.6.1.5.5.7.1.1"))
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; self->ocsp_urls[i] != NULL; i++)
        g_string_append_printf (s, "%sOCSP - URI:%s", s->len > 0 ? ", " : "", self->ocsp_urls[i]);
      for (guint i = 0; self->ca_issuer_urls[i] != NULL; i++)
        g_string_append_printf (s, "%sCA Issuers - URI:%s", s->len > 0 ? ", " : "",
                                self->ca_issuer_urls[i]);
      return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
    }
  if (g_str_equal (oid, "2.5.29.14"))
    return describe_key_id (crt, gnutls_x509_crt_get_subject_key_id);
  if (g_str_equal (oid, "2.5.29.35"))
    return describe_key_id (crt, gnutls_x509_crt_get_authority_key_id);
  return NULL;
}

void
hsviz_certificate_read_extensions (gnutls_x509_crt_t  crt,
                                   HsvizCertificate  *self)
{
  self->extensions = g_ptr_array_new_with_free_func (cert_extension_free);

  for (unsigned int i = 0; i < MAX_EXTENSIONS; i++)
    {
      char oid[256];
      size_t size = sizeof oid;
      unsigned int critical = 0;
      HsvizCertExtension *ext;
      const char *name;

      if (gnutls_x509_crt_get_extension_info (crt, i, oid, &size, &critical) < 0)
        break;

      name = extension_name (oid);
      ext = g_new0 (HsvizCertExtension, 1);
      ext->oid = g_strdup (oid);
      ext->name = g_strdup (name != NULL ? name : oid);
      ext->critical = critical != 0;
      ext->value = describe_extension (crt, oid, self);
      g_ptr_array_add (self->extensions, ext);
    }
}

GPtrArray *
hsviz_certificate_extensions_copy (const GPtrArray *extensions)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (cert_extension_free);

  for (guint i = 0; extensions != NULL && i < extensions->len; i++)
    {
      const HsvizCertExtension *ext = g_ptr_array_index (extensions, i);
      HsvizCertExtension *e = g_new0 (HsvizCertExtension, 1);

      e->oid = g_strdup (ext->oid);
      e->name = g_strdup (ext->name);
      e->critical = ext->critical;
      e->value = g_strdup (ext->value);
      g_ptr_array_add (copy, e);
    }
  return copy;
}
