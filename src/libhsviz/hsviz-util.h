/* hsviz-util.h — small helpers shared by the core (hex)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case hex, no separators. */
char    *hsviz_hex_encode       (const guint8 *data,
                                 gsize         len);
char    *hsviz_hex_encode_bytes (GBytes       *bytes);
/* Strict: even length, [0-9a-fA-F] only; NULL (and @error set) otherwise. */
GBytes  *hsviz_hex_decode       (const char   *hex,
                                 GError      **error);

G_END_DECLS
