/* hsviz-import-resume.h — which earlier connection of a capture an imported connection resumes
 *
 * The import owns one HsvizResumeTable.  While the capture is read (on the reading thread, in
 * capture-time order) every ticket a connection receives (TLS 1.3 and TLS 1.2
 * NewSessionTicket) and every TLS 1.2 session id a server gives in a full handshake is added
 * with the number of that connection; a ClientHello that offers a PSK identity (TLS 1.3
 * pre_shared_key), a session ticket or a session id (TLS 1.2) is looked up in it, and the
 * ServerHello says which offer the server took.  What the table cannot know (a ticket from
 * before the capture started) stays unlinked.  The table keeps at most
 * HSVIZ_RESUME_TABLE_MAX entries, the oldest dropped first, so memory stays bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"
#include "hsviz-keylog.h"

G_BEGIN_DECLS

#define HSVIZ_RESUME_TABLE_MAX 16384

typedef struct _HsvizResumeTable HsvizResumeTable;
/* One connection's view: what its ClientHello offered and what the ServerHello took. */
typedef struct _HsvizImportResume HsvizImportResume;

HsvizResumeTable  *hsviz_resume_table_new      (void);
void               hsviz_resume_table_free     (HsvizResumeTable  *table);

/* For the connection numbered @index (from 0, in the order its ClientHello came) of the
 * capture, whose tickets and session ids go to @table (nullable: then it is only said whether
 * the connection resumed). */
HsvizImportResume *hsviz_import_resume_new     (HsvizResumeTable  *table,
                                                guint              index);
void               hsviz_import_resume_free    (HsvizImportResume *self);
/* @message was just added to @connection (reading thread only). */
void               hsviz_import_resume_message (HsvizImportResume *self,
                                                HsvizConnection   *connection,
                                                HsvizMessage      *message);
/* Resumption as the wire shows it (an import has no TLS library to ask): in TLS 1.3 the
 * ServerHello accepts a pre_shared_key; in TLS 1.2 the server echoes the client's non-empty
 * session id (RFC 5246 §7.4.1.3; RFC 5077 §3.4 for tickets). */
gboolean           hsviz_import_resume_is_resumed (HsvizImportResume *self);
/* The number of the earlier connection whose ticket or session the ServerHello accepted, or
 * -1; @client_random (nullable, 32 bytes) is set to that connection's client random. */
int                hsviz_import_resume_get_from (HsvizImportResume *self,
                                                 guint8            *client_random);

/* TLS 1.2, a resumed session: the master secret of the connection that made it (its
 * CLIENT_RANDOM line in @keylog), also added to @connection's key log as its own line; or NULL.
 * A TLS library's key log may have no line for a resumed connection (GnuTLS writes none). */
GBytes            *hsviz_import_resume_dup_master_secret (HsvizImportResume *self,
                                                          HsvizKeylog       *keylog,
                                                          HsvizConnection   *connection,
                                                          gint64             time_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizResumeTable, hsviz_resume_table_free)

G_END_DECLS
