/* hsviz-test-daemons.h — mail, directory and database daemons from Debian as test peers, each
 * with a private configuration in the peer's temp dir, listening on 127.0.0.1 (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For hsviz_test_peer_start: fills @argv (and @launcher's environment) for @kind, writing its
 * configuration into @tmpdir.  Kinds (TLS with rsa.pem/rsa.key of the test certificates):
 *   "dovecot"   Dovecot; @extra_args[0] is the listener on PORT: imap, imaps, pop3 or pop3s
 *   "exim"      Exim as an SMTP server (STARTTLS; "smtps" in @extra_args[0]: TLS on connect)
 *   "slapd"     OpenLDAP slapd (StartTLS; "ldaps" in @extra_args[0]: TLS on connect)
 *   "postgres"  PostgreSQL with ssl = on (a cluster made by initdb in @tmpdir)
 *   "prosody"   Prosody (XMPP, STARTTLS on the client port)
 *   "vsftpd"    vsftpd with explicit FTPS (AUTH TLS)
 * Returns 1 when @kind is one of these, 0 when it is not, -1 with @error when it failed. */
int hsviz_test_daemon_prepare (const char         *kind,
                               const char         *tmpdir,
                               guint16             port,
                               const char * const *extra_args,
                               GPtrArray          *argv,
                               GSubprocessLauncher *launcher,
                               GError            **error);

G_END_DECLS
