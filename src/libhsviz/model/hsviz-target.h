/* hsviz-target.h — what a capture connects to: parsed and validated from what the user typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *url;          /* "https://localhost:4433/" */
  char   *host;
  guint16 port;
  char   *path;         /* "/" */
  char   *servername;   /* SNI and the name verified */
  char   *address;      /* the address connected to, "127.0.0.1", or NULL */
} HsvizTarget;

/* Accepts "https://host[:port][/path]" and "host[:port]" ("[::1]:443" for IPv6).
 * The scheme must be https (or absent), the port 1..65535 (default 443), the host a valid
 * name or address; an IDN is converted to ASCII.  No user info, no fragments.
 * On success fills @target (free with hsviz_target_clear). */
gboolean hsviz_target_parse (const char   *text,
                             HsvizTarget  *target,
                             GError      **error);
void     hsviz_target_clear (HsvizTarget  *target);

G_END_DECLS
