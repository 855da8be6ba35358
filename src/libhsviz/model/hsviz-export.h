/* hsviz-export.h — writing a session out: the NSS key log, the certificate chain as PEM,
 * both written by hsviz_file_write() (hsviz-file.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-session.h"

G_BEGIN_DECLS

/* The NSS key log of every connection (what SSLKEYLOGFILE would hold; Wireshark reads it),
 * written 0600.  HSVIZ_ERROR_FAILED when the session holds no secret. */
gboolean hsviz_export_keylog       (HsvizSession     *session,
                                    GFile            *file,
                                    GCancellable     *cancellable,
                                    GError          **error);

/* The certificate chain as the server sent it, PEM, leaf first.
 * HSVIZ_ERROR_FAILED when the server sent no certificate. */
gboolean hsviz_export_pem          (HsvizConnection  *connection,
                                    GFile            *file,
                                    GCancellable     *cancellable,
                                    GError          **error);

G_END_DECLS
