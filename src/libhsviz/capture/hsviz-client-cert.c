/* hsviz-client-cert.c — the client certificate a capture presents when the server asks
 *
 * A PEM chain with its PEM key, or a PKCS#12 file with its password; loaded by GnuTLS into the
 * capture's credentials.  The key and the password stay in this process: a session keeps only
 * the certificate (hsviz_connection_set_client_certificate).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hsviz-capture-private.h"
#include "hsviz-error.h"

static gboolean
is_pem (const char  *path,
        gboolean    *pem,
        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The client certificate “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  *pem = g_strstr_len (contents, (gssize) len, "-----BEGIN") != NULL;
  return TRUE;
}

gboolean
hsviz_capture_client_cert_is_pkcs12 (const char *path)
{
  gboolean pem = TRUE;

  return is_pem (path, &pem, NULL) && !pem;
}

gboolean
hsviz_client_cert_load (gnutls_certificate_credentials_t   creds,
                        const char                        *cert,
                        const char                        *key,
                        const char                        *password,
                        GError                           **error)
{
  gboolean pem = TRUE;
  int ret;

  if (!is_pem (cert, &pem, error))
    return FALSE;
  if (pem)
    ret = gnutls_certificate_set_x509_key_file2 (creds, cert, key != NULL ? key : cert,
                                                 GNUTLS_X509_FMT_PEM, password, 0);
  else
    ret = gnutls_certificate_set_x509_simple_pkcs12_file (creds, cert, GNUTLS_X509_FMT_DER,
                                                          password != NULL ? password : "");
  if (ret < 0)
    {
      const char *hint = "";

      if (!pem && (ret == GNUTLS_E_MAC_VERIFY_FAILED || ret == GNUTLS_E_DECRYPTION_FAILED))
        hint = _(" (is the password right?)");
      else if (pem && key == NULL)
        hint = _(" (give the private key with --key)");
      else if (ret == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
        hint = _(" (the key is not the certificate's)");
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The client certificate “%s” could not be loaded: %s%s"), cert,
                   gnutls_strerror (ret), hint);
      return FALSE;
    }
  return TRUE;
}

GBytes *
hsviz_client_cert_check (const char  *cert,
                         const char  *key,
                         const char  *password,
                         GError     **error)
{
  gnutls_certificate_credentials_t creds = NULL;
  gnutls_datum_t der = { NULL, 0 };
  GBytes *leaf = NULL;

  if (gnutls_certificate_allocate_credentials (&creds) < 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  if (hsviz_client_cert_load (creds, cert, key, password, error))
    {
      if (gnutls_certificate_get_crt_raw (creds, 0, 0, &der) == 0)
        leaf = g_bytes_new (der.data, der.size);   /* der points into creds: copied */
      else
        g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                     _("“%s” holds no certificate"), cert);
    }
  gnutls_certificate_free_credentials (creds);
  return leaf;
}

char *
hsviz_client_cert_read_password (const char  *path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The password file “%s” cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  /* one line: a final newline is not part of the password */
  if (len > 0 && contents[len - 1] == '\n')
    contents[--len] = '\0';
  if (len > 0 && contents[len - 1] == '\r')
    contents[--len] = '\0';
  return g_steal_pointer (&contents);
}
