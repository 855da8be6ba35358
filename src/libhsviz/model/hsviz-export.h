/* hsviz-export.h — writing a connection out: the NSS key log, the certificate chain as PEM, and
 * the atomic file writer they and the session file share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* Atomic: written to a temporary file in the same folder, synced, then renamed over @file
 * (through a symbolic link, the file it points to).  Created 0600 when @private; otherwise a
 * file written again keeps its permissions.  Errors are HSVIZ_ERROR_IO naming the file. */
gboolean hsviz_file_replace_atomic (GFile            *file,
                                    const char       *data,
                                    gsize             length,
                                    gboolean          private,
                                    GCancellable     *cancellable,
                                    GError          **error);

/* The NSS key log (what SSLKEYLOGFILE would hold; Wireshark reads it), written 0600.
 * HSVIZ_ERROR_FAILED when the connection holds no secret. */
gboolean hsviz_export_keylog       (HsvizConnection  *connection,
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
