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
  char   *scheme;       /* "https", "smtp", "imaps", ... (lower case) */
} HsvizTarget;

/* The scheme's default port, the protocol spoken ("http", "smtp", "imap", "pop3", "ftp",
 * "xmpp", "ldap", "postgres") and whether TLS starts with the first byte (https, smtps, imaps,
 * pop3s, ldaps) or after a STARTTLS exchange (smtp, imap, pop3, ftp, xmpp, ldap, postgres).
 * FALSE for a scheme HandshakeViz does not know. */
gboolean    hsviz_target_scheme_lookup       (const char  *scheme,
                                              guint16     *port,
                                              const char **protocol,
                                              gboolean    *implicit);
/* TRUE for a protocol --starttls accepts */
gboolean    hsviz_target_starttls_is_known   (const char  *protocol);
/* "smtp, imap, pop3, ftp, xmpp, ldap, postgres" */
const char *hsviz_target_starttls_protocols  (void);

/* Accepts "SCHEME://host[:port][/path]" and "host[:port]" ("[::1]:443" for IPv6).
 * The scheme must be one hsviz_target_scheme_lookup knows (https when absent), the port
 * 1..65535 (default: the scheme's), the host a valid
 * name or address; an IDN is converted to ASCII.  No user info, no fragments.
 * On success fills @target (free with hsviz_target_clear). */
gboolean hsviz_target_parse (const char   *text,
                             HsvizTarget  *target,
                             GError      **error);
void     hsviz_target_clear (HsvizTarget  *target);
/* @target's host, port and path under another scheme: "imap://host:port/" ("[::1]" for IPv6) */
char    *hsviz_target_dup_url_with_scheme (const HsvizTarget *target,
                                           const char        *scheme);

G_END_DECLS
