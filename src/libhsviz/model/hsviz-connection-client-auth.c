/* hsviz-connection-client-auth.c — client authentication: the certificate configured, what the
 * client's Certificate message carried, and what that means
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-certificate.h"
#include "hsviz-connection-private.h"
#include "hsviz-tables.h"

void
hsviz_connection_set_client_certificate (HsvizConnection *self,
                                         GBytes          *der)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  g_clear_pointer (&self->client_cert, hsviz_certificate_free);
  if (der != NULL)
    self->client_cert = hsviz_certificate_new_from_der (der, NULL);
}

const HsvizCertificate *
hsviz_connection_get_client_certificate (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->client_cert;
}

gboolean
hsviz_connection_client_certificate_sent (HsvizConnection *self)
{
  HsvizMessage *cert;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);

  cert = hsviz_connection_find_message (self, HSVIZ_HS_CERTIFICATE, HSVIZ_DIRECTION_CLIENT, FALSE);
  if (cert == NULL)
    return FALSE;
  entries = hsviz_field_collect (hsviz_message_get_fields (cert), "cert_data");
  return entries->len > 0;
}

char *
hsviz_connection_dup_client_auth_note (HsvizConnection *self)
{
  HsvizMessage *request;
  HsvizMessage *cert;
  gboolean tls13;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  request = hsviz_connection_find_message (self, HSVIZ_HS_CERTIFICATE_REQUEST, HSVIZ_DIRECTION_SERVER, FALSE);
  cert = hsviz_connection_find_message (self, HSVIZ_HS_CERTIFICATE, HSVIZ_DIRECTION_CLIENT, FALSE);
  tls13 = hsviz_connection_get_version (self) == HSVIZ_VERSION_TLS13;
  if (request == NULL)
    return self->client_cert != NULL
             ? g_strdup (_("A client certificate was ready, but the server did not ask for one "
                           "(no CertificateRequest), so none was sent."))
             : NULL;
  if (cert == NULL)
    return g_strdup (_("The server asked for a client certificate (CertificateRequest); the "
                       "handshake stopped before the client answered."));
  if (!hsviz_connection_client_certificate_sent (self))
    return g_strdup_printf (_("The server asked for a client certificate (CertificateRequest). %s "
                              "so the client sent an empty Certificate: it stays anonymous, and "
                              "the server decides whether that is enough. A server that requires "
                              "one answers with an alert (%s)."),
                            self->client_cert != NULL
                              ? _("The configured certificate was not sent,")
                              : _("None was configured,"),
                            tls13 ? "certificate_required" : "handshake_failure");
  if (self->outcome.has_alert && self->outcome.alert_sender == HSVIZ_DIRECTION_SERVER &&
      self->outcome.alert_level == 2)
    return g_strdup_printf (_("The server asked for a client certificate (CertificateRequest). The "
                              "client sent its certificate (%s) and a CertificateVerify, and the "
                              "server rejected it with the alert %s: it does not trust the "
                              "certificate's issuer, or the certificate is expired, revoked or not "
                              "meant for client authentication.%s"),
                            self->client_cert != NULL ? self->client_cert->subject : "?",
                            hsviz_alert_name (self->outcome.alert_description),
                            tls13 ? _(" In TLS 1.3 the server checks it after both Finished "
                                      "messages, so the alert comes with the application data.")
                                  : "");
  return g_strdup_printf (_("The server asked for a client certificate (CertificateRequest). The "
                            "client sent its certificate (%s) and a CertificateVerify: a signature "
                            "with its private key over the handshake so far, which proves it holds "
                            "the key of that certificate. The server checks the chain against the "
                            "issuers it trusts; if it does not accept it, it answers with an alert."),
                          self->client_cert != NULL ? self->client_cert->subject : "?");
}
