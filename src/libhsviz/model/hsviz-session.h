/* hsviz-session.h — what one capture or one session file holds: its connections
 *
 * A session is a GListModel of HsvizConnection (the first connection, then, for example, the one
 * that resumed it), with when it was captured, by what, and a note on where it came from.  It is
 * read-only for its users: the capture engine and the session-file loader fill it through
 * hsviz-session-builder.h.  "items-changed" fires when a connection is added (a live capture
 * adds its connections as they start); each connection reports its own progress.
 *
 * Properties (read-only): captured-at (GDateTime), generator, note, n-connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_SESSION (hsviz_session_get_type ())
G_DECLARE_FINAL_TYPE (HsvizSession, hsviz_session, HSVIZ, SESSION, GObject)

guint            hsviz_session_get_n_connections (HsvizSession    *self);
/* (transfer none); NULL when @i is out of range. */
HsvizConnection *hsviz_session_get_connection    (HsvizSession    *self,
                                                  guint            i);
/* (nullable): when the capture started, UTC. */
GDateTime       *hsviz_session_get_captured_at   (HsvizSession    *self);
/* "HandshakeViz X.Y.Z", or what the file says made it. */
const char      *hsviz_session_get_generator     (HsvizSession    *self);
/* (nullable): where the session came from ("Live capture against the built-in demo server…"). */
const char      *hsviz_session_get_note          (HsvizSession    *self);
/* TRUE when any connection holds a secret. */
gboolean         hsviz_session_has_secrets       (HsvizSession    *self);
/* The NSS key log of every connection, in order ("LABEL client_random secret\n" lines);
 * NULL when there is no secret. */
char            *hsviz_session_dup_nss_keylog    (HsvizSession    *self);

/* What resumption did for connection @i (translated): a resumed one says what its abbreviated
 * handshake skipped and why (hsviz_connection_dup_resumption_text); a later captured connection
 * that was not resumed says the server declined (a full handshake).  NULL for a first
 * connection that did not resume and for imports that did not resume. */
char            *hsviz_session_dup_resumption_text (HsvizSession *self,
                                                    guint         i);
/* What a resumed connection's abbreviated handshake skipped and which connection it resumed
 * (translated), or NULL when it did not resume. */
char            *hsviz_connection_dup_resumption_text (HsvizConnection *connection);
/* What a resumed connection skipped or did differently at @step (translated), with the key
 * schedule's verdict where it has one; NULL for other steps and connections that did not
 * resume (part of hsviz_connection_dup_step_note). */
char            *hsviz_connection_dup_resumption_step_note (HsvizConnection *connection,
                                                            HsvizStep        step);

/* (transfer none) (nullable): the session that holds @connection. */
HsvizSession    *hsviz_connection_get_session    (HsvizConnection *connection);

G_END_DECLS
