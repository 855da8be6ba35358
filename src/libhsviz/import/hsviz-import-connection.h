/* hsviz-import-connection.h — one TLS connection of a capture, decoded into an HsvizConnection
 *
 * The two directions' TCP bytes (from the TLS ClientHello on) go in; the record tap cuts them
 * into records, handshake records are put together into messages (hsviz-handshake-buffer.c),
 * and with a key log TLS 1.3's encrypted records are decrypted (handshake traffic keys until
 * each side's Finished, application traffic keys after it) so the encrypted handshake messages,
 * alerts and the first application data are seen in clear.  Everything is added to an
 * HsvizConnection through the same calls the capture engine uses; every parsed fact comes from
 * there.  Memory per connection is bounded: handshake, ChangeCipherSpec and alert records are
 * kept, application-data records only the first HSVIZ_IMPORT_APP_RECORDS of each side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"
#include "hsviz-import-resume.h"
#include "hsviz-keylog.h"
#include "hsviz-packet.h"

G_BEGIN_DECLS

#define HSVIZ_IMPORT_APP_RECORDS 8


typedef struct _HsvizImportConnection HsvizImportConnection;

/* @start_us: capture time of the connection's first segment (times are relative to it). */
HsvizImportConnection *hsviz_import_connection_new    (HsvizKeylog           *keylog,
                                                       const char            *client_address,
                                                       const char            *server_address,
                                                       const HsvizIpAddress  *server_ip,
                                                       guint16                server_port,
                                                       gint64                 start_us);
void             hsviz_import_connection_feed         (HsvizImportConnection *self,
                                                       HsvizDirection         direction,
                                                       const guint8          *data,
                                                       gsize                  len,
                                                       gint64                 time_us);
/* @missing bytes of @direction were not captured: that direction cannot be read further. */
void             hsviz_import_connection_gap          (HsvizImportConnection *self,
                                                       HsvizDirection         direction,
                                                       guint64                missing);
/* A STARTTLS upgrade: the protocol ("smtp", "imap", …) and, one call per chunk, what was said
 * in clear before it (@time_us: capture time). */
void             hsviz_import_connection_set_starttls (HsvizImportConnection *self,
                                                       const char            *protocol);
void             hsviz_import_connection_add_cleartext (HsvizImportConnection *self,
                                                        HsvizDirection         direction,
                                                        const guint8          *data,
                                                        gsize                  len,
                                                        gint64                 time_us);
/* @closed_by: the HsvizDirection of the side whose FIN or RST ended the TCP connection first in
 * the capture, or -1 when it did not end there.  Returns the connection
 * (transfer full), complete and with its key schedule computed. */
HsvizConnection *hsviz_import_connection_finish       (HsvizImportConnection *self,
                                                       int                    closed_by,
                                                       GDateTime             *captured_at,
                                                       const char            *note);
/* Certificates read through @cache (hsviz_certificate_cache_new()) until the connection is finished. */
void             hsviz_import_connection_set_certificate_cache (HsvizImportConnection *self,
                                                                GHashTable            *cache);
/* The connection is the capture's @index-th TLS connection (from 0, in ClientHello order): the
 * tickets and session ids it receives go to @table, and what its ClientHello offers to resume
 * is looked up there (hsviz-import-resume.h). */
void             hsviz_import_connection_set_resume_table (HsvizImportConnection *self,
                                                           HsvizResumeTable      *table,
                                                           guint                  index);
void             hsviz_import_connection_free         (HsvizImportConnection *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizImportConnection, hsviz_import_connection_free)

G_END_DECLS
