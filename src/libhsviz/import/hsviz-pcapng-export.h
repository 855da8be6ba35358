/* hsviz-pcapng-export.h — a session written out as a pcapng capture that Wireshark decrypts
 *
 * Every connection of the session is its own TCP stream, in the session's order (the order the
 * connections started), one after the other: each opens with SYN, SYN-ACK, ACK, carries each of
 * its records as one TCP segment at the record's time from the connection's start, and closes
 * with a FIN from each side.  A stream is between the connection's real addresses and ports
 * where it knows them (hsviz_connection_get_client_address() and _server_address(): a
 * capture's sockets, an import's packets), else the target's address and port with 127.0.0.1
 * (::1 for an IPv6 server) as the client, on a client port of its own (49152 + its index).
 * The key log of every connection (hsviz_session_dup_nss_keylog()) goes into one Decryption
 * Secrets Block (pcapng §4.7, secrets type TLSK) before the first packet, so `tshark -r FILE`
 * decrypts every connection with no settings.  Link type raw IP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-session.h"

G_BEGIN_DECLS

/* The capture's bytes; *@with_secrets tells whether a DSB was written (the session had a key
 * log).  NULL (and @error) when no connection has a record to write. */
GBytes  *hsviz_pcapng_export_bytes (HsvizSession  *session,
                                    gboolean      *with_secrets,
                                    GError       **error);
/* The same written atomically to @file (0600 when it holds secrets). */
gboolean hsviz_export_pcapng       (HsvizSession  *session,
                                    GFile         *file,
                                    gboolean      *with_secrets,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
