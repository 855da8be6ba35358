/* hsviz-capture-credentials.c — what a capture trusts and presents: the trust store (the
 * system's, a CA file, or the demo server's CA) and the client certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-capture-private.h"
#include "hsviz-error.h"

gpointer
hsviz_capture_load_credentials (gpointer data)
{
  HsvizCredentialsLoad *load = data;
  HsvizCaptureJob *job = load->job;
  int ret;

  if ((ret = gnutls_certificate_allocate_credentials (&load->creds)) < 0)
    {
      load->creds = NULL;
      hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), &load->error);
      return NULL;
    }

  if (job->ca_pem != NULL)
    {
      gnutls_datum_t d = { (unsigned char *) g_bytes_get_data (job->ca_pem, NULL),
                           (unsigned int) g_bytes_get_size (job->ca_pem) };

      ret = gnutls_certificate_set_x509_trust_mem (load->creds, &d, GNUTLS_X509_FMT_PEM);
    }
  else if (job->cafile != NULL)
    ret = gnutls_certificate_set_x509_trust_file (load->creds, job->cafile, GNUTLS_X509_FMT_PEM);
  else
    ret = gnutls_certificate_set_x509_system_trust (load->creds);
  if (ret < 0)
    hsviz_error_from_gnutls (ret, NULL, _("Loading the trusted certificates"), &load->error);
  else if (ret == 0 && job->cafile != NULL)
    g_set_error (&load->error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                 _("“%s” holds no PEM certificate"), job->cafile);
  else if (job->client_cert != NULL)
    hsviz_client_cert_load (load->creds, job->client_cert, job->client_key, job->client_password,
                            &load->error);
  return NULL;
}

