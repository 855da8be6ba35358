/* hsviz-starttls.h — the clear-text dialogues around TLS for mail, chat, directory and database
 * protocols (STARTTLS before, greeting and goodbye after), and the URL schemes that name them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

/* One side of the conversation, in clear (GIO streams) or over TLS (a GnuTLS session). */
typedef struct
{
  /* > 0 bytes read, 0 the peer closed, < 0 failed (@error set) */
  gssize   (*read)  (gpointer io, guint8 *buf, gsize len, GError **error);
  gboolean (*write) (gpointer io, const guint8 *buf, gsize len, GError **error);
  gpointer   io;
  /* each thing said, as text (binary protocols: a description and the hex of the bytes) */
  void     (*said)  (gpointer data, HsvizDirection direction, const char *text);
  gpointer   said_data;
  const char *host;      /* XMPP's stream "to" */
  GByteArray *in;        /* received and not yet taken */
} HsvizDialogue;

/* Before TLS: the protocol's way to ask for TLS.  HSVIZ_ERROR_STARTTLS when the server does not
 * offer it or refuses; other errors for I/O and closes. */
gboolean hsviz_starttls_negotiate (const char    *protocol,
                                   HsvizDialogue *dialogue,
                                   GError       **error);
/* After the handshake (step 6): the protocol's greeting where it has one (SMTP EHLO, IMAP and
 * POP3 capabilities, XMPP stream features; with @implicit TLS the banner first), then its
 * polite ending (QUIT, LOGOUT, </stream:stream>, LDAP Unbind). */
gboolean hsviz_starttls_after_tls (const char    *protocol,
                                   gboolean       implicit,
                                   HsvizDialogue *dialogue,
                                   GError       **error);

G_END_DECLS
