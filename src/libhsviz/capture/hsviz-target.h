/* hsviz-target.h — parse and validate what the user typed as a target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* Accepts "https://host[:port][/path]" and "host[:port]" ("[::1]:443" for IPv6).
 * The scheme must be https (or absent), the port 1..65535 (default 443), the host a valid
 * name or address; an IDN is converted to ASCII.  No user info, no fragments.
 * On success fills @target (free with hsviz_target_clear). */
gboolean hsviz_target_parse (const char   *text,
                             HsvizTarget  *target,
                             GError      **error);

G_END_DECLS
