/* hsviz-util.h — small helpers shared by the core (hex, socket addresses as text)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Lower-case hex, no separators. */
char    *hsviz_hex_encode       (const guint8 *data,
                                 gsize         len);
char    *hsviz_hex_encode_bytes (GBytes       *bytes);
/* Strict: even length, [0-9a-fA-F] only; NULL (and @error set) otherwise. */
GBytes  *hsviz_hex_decode       (const char   *hex,
                                 GError      **error);

/* A socket address as text: "192.0.2.1:443", IPv6 in brackets "[::1]:443". */
char    *hsviz_socket_address_to_string (GInetAddress *address,
                                         guint16       port);
/* The reverse, strict: an IP address (no host name), a port 1–65535; NULL otherwise. */
GInetAddress *hsviz_socket_address_parse (const char *text,
                                          guint16    *port);

G_END_DECLS
