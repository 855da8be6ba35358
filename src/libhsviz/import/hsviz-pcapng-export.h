/* hsviz-pcapng-export.h — a connection written out as a pcapng capture that Wireshark decrypts
 *
 * Every record of the connection becomes one TCP segment (after a SYN, SYN-ACK, ACK opening and
 * before a FIN closing), at the record's time, between the real addresses and ports where the
 * connection knows them (hsviz_connection_get_client_address() and _server_address(): a
 * capture's sockets, an import's packets), else the target's address and port with 127.0.0.1
 * (::1 for an IPv6 server) as the client, or 127.0.0.1 and the captured port.  The key
 * log goes into a Decryption Secrets Block (pcapng §4.7, secrets type TLSK) before the first
 * packet, so `tshark -r FILE` decrypts it with no settings.  Link type raw IP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* The capture's bytes; *@with_secrets tells whether a DSB was written (the connection had a key
 * log).  NULL (and @error) when the connection has no record to write. */
GBytes  *hsviz_pcapng_export_bytes (HsvizConnection  *connection,
                                    gboolean         *with_secrets,
                                    GError          **error);
/* The same written atomically to @file (0600 when it holds secrets). */
gboolean hsviz_export_pcapng       (HsvizConnection  *connection,
                                    GFile            *file,
                                    gboolean         *with_secrets,
                                    GCancellable     *cancellable,
                                    GError          **error);

G_END_DECLS
