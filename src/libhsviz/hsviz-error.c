/* hsviz-error.c — the core's one error domain, and the one place GnuTLS and GIO errors are mapped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "hsviz-error.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

/* G_DEFINE_QUARK's lazy static is written by whichever thread asks first: the import's workers
 * may ask at the same time, so it is made once (g_once). */
GQuark
hsviz_error_quark (void)
{
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    {
      HSVIZ_TSAN_RELEASE (&quark);
      g_once_init_leave (&quark, g_quark_from_static_string ("hsviz-error-quark"));
    }
  HSVIZ_TSAN_ACQUIRE (&quark);
  return (GQuark) quark;
}

gboolean
hsviz_error_from_gnutls (int          ret,
                         gpointer     gnutls_session,
                         const char  *what,
                         GError     **error)
{
  gnutls_session_t session = gnutls_session;
  HsvizError code;
  g_autofree char *detail = NULL;

  if (ret >= 0)
    return TRUE;

  if (what == NULL)
    what = _("TLS handshake");

  switch (ret)
    {
    case GNUTLS_E_FATAL_ALERT_RECEIVED:
    case GNUTLS_E_WARNING_ALERT_RECEIVED:
      {
        int alert = session ? (int) gnutls_alert_get (session) : -1;

        code = HSVIZ_ERROR_ALERT;
        if (alert >= 0)
          detail = g_strdup_printf (_("the server sent the alert %s (%d)"),
                                    hsviz_alert_name ((guint8) alert), alert);
        else
          detail = g_strdup (_("the server sent an alert"));
      }
      break;

    case GNUTLS_E_PREMATURE_TERMINATION:
    case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
      code = HSVIZ_ERROR_CLOSED;
      detail = g_strdup (_("the server closed the connection before the handshake finished"));
      break;

    case GNUTLS_E_UNEXPECTED_PACKET:
    case GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET:
    case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
    case GNUTLS_E_RECORD_OVERFLOW:
    case GNUTLS_E_DECRYPTION_FAILED:
    case GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER:
    case GNUTLS_E_RECEIVED_ILLEGAL_EXTENSION:
    case GNUTLS_E_ILLEGAL_PARAMETER:
    case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
    case GNUTLS_E_HANDSHAKE_TOO_LARGE:
    case GNUTLS_E_BASE64_DECODING_ERROR:
    case GNUTLS_E_MAC_VERIFY_FAILED:
      code = HSVIZ_ERROR_BAD_MESSAGE;
      detail = g_strdup_printf (_("the server sent something that is not valid TLS: %s"),
                                gnutls_strerror (ret));
      break;

    case GNUTLS_E_TIMEDOUT:
      code = HSVIZ_ERROR_TIMED_OUT;
      detail = g_strdup (_("the server did not answer in time"));
      break;

    case GNUTLS_E_NO_CIPHER_SUITES:
    case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
    case GNUTLS_E_NO_PRIORITIES_WERE_SET:
      code = HSVIZ_ERROR_HANDSHAKE;
      detail = g_strdup_printf (_("no common ground with the server: %s"), gnutls_strerror (ret));
      break;

    case GNUTLS_E_INVALID_REQUEST:
      code = HSVIZ_ERROR_INVALID_ARGUMENT;
      detail = g_strdup (gnutls_strerror (ret));
      break;

    default:
      code = HSVIZ_ERROR_HANDSHAKE;
      detail = g_strdup (gnutls_strerror (ret));
      break;
    }

  /* Translators: "The TLS handshake failed: the server sent the alert …" */
  g_set_error (error, HSVIZ_ERROR, code, _("%s failed: %s"), what, detail);
  return FALSE;
}

void
hsviz_error_take_gio (GError     **error,
                      GError      *gio_error,
                      const char  *what)
{
  HsvizError code = HSVIZ_ERROR_FAILED;

  g_return_if_fail (gio_error != NULL);

  if (gio_error->domain == HSVIZ_ERROR)
    {
      g_propagate_error (error, gio_error);
      return;
    }

  if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = HSVIZ_ERROR_CANCELLED;
  else if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = HSVIZ_ERROR_TIMED_OUT;
  else if (gio_error->domain == G_RESOLVER_ERROR ||
           g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    code = HSVIZ_ERROR_RESOLVE;
  else if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
           g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    code = HSVIZ_ERROR_CONNECT;
  else if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    code = HSVIZ_ERROR_CLOSED;
  else if (gio_error->domain == G_IO_ERROR)
    code = HSVIZ_ERROR_IO;

  if (code == HSVIZ_ERROR_CANCELLED)
    g_set_error (error, HSVIZ_ERROR, code, _("%s: cancelled"), what);
  else
    g_set_error (error, HSVIZ_ERROR, code, "%s: %s", what, gio_error->message);
  g_error_free (gio_error);
}

gboolean
hsviz_error_is_network (const GError *error)
{
  return error != NULL &&
         error->domain == HSVIZ_ERROR &&
         (error->code == HSVIZ_ERROR_RESOLVE || error->code == HSVIZ_ERROR_CONNECT);
}
