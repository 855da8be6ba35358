/* hsviz-error.h — the core's one error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HSVIZ_ERROR (hsviz_error_quark ())

typedef enum
{
  HSVIZ_ERROR_FAILED,            /* anything else */
  HSVIZ_ERROR_INVALID_ARGUMENT,  /* bad URL, bad option, bad priority string */
  HSVIZ_ERROR_RESOLVE,           /* host name could not be resolved */
  HSVIZ_ERROR_CONNECT,           /* refused, unreachable */
  HSVIZ_ERROR_TIMED_OUT,         /* the whole-capture timeout fired */
  HSVIZ_ERROR_CANCELLED,         /* the caller cancelled */
  HSVIZ_ERROR_ALERT,             /* a fatal alert was received (or sent) */
  HSVIZ_ERROR_CLOSED,            /* the peer closed before the handshake finished */
  HSVIZ_ERROR_BAD_MESSAGE,       /* the peer sent something that is not TLS */
  HSVIZ_ERROR_HANDSHAKE,         /* any other handshake failure */
  HSVIZ_ERROR_LIMIT,             /* a safety cap (size, count, bytes) was hit */
  HSVIZ_ERROR_FILE_INVALID,      /* a session file is malformed */
  HSVIZ_ERROR_FILE_VERSION,      /* a session file from a newer HandshakeViz */
  HSVIZ_ERROR_IO,                /* a file could not be read or written */
  HSVIZ_ERROR_STARTTLS,          /* the server refused or did not offer STARTTLS */
} HsvizError;

GQuark   hsviz_error_quark           (void);

/* Map a GnuTLS return code to HSVIZ_ERROR. @session may be NULL; when given,
 * a received alert is named.  Returns FALSE (and sets @error) for ret < 0. */
gboolean hsviz_error_from_gnutls     (int          ret,
                                      gpointer     gnutls_session,
                                      const char  *what,
                                      GError     **error);

/* Map a GIO error (connect/resolve/read) to HSVIZ_ERROR, taking ownership of @gio_error. */
void     hsviz_error_take_gio        (GError     **error,
                                      GError      *gio_error,
                                      const char  *what);

/* TRUE when the error is a network problem before TLS started (exit status 3). */
gboolean hsviz_error_is_network      (const GError *error);

G_END_DECLS
