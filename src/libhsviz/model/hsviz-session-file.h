/* hsviz-session-file.h — the session as JSON (docs/session-format.md) and as a *.handshake file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hsviz-session.h"

G_BEGIN_DECLS

#define HSVIZ_SESSION_FORMAT         "handshakeviz-session"
#define HSVIZ_SESSION_FORMAT_VERSION 2
#define HSVIZ_SESSION_MIME_TYPE      "application/x-handshakeviz+json"

/* Writes a session document (docs/session-format.md) connection by connection onto @stream, so a
 * caller that drops each connection once it is written (the import) needs the memory of one: the
 * head (format, format_version, generator, captured_at, and @note when it is known at the start),
 * each connection as it comes, then the end (@note when it is known only then).  @stream NULL:
 * the text is kept, for hsviz_session_writer_steal_text().  The text is what
 * hsviz_session_to_data() gives for the same session (it uses this writer), the note aside. */
typedef struct _HsvizSessionWriter HsvizSessionWriter;

HsvizSessionWriter *hsviz_session_writer_new        (GOutputStream       *stream,
                                                     gboolean             with_secrets);
gboolean            hsviz_session_writer_begin      (HsvizSessionWriter  *self,
                                                     const char          *generator,
                                                     GDateTime           *captured_at,
                                                     const char          *note,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean            hsviz_session_writer_add        (HsvizSessionWriter  *self,
                                                     HsvizConnection     *connection,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
/* For connections written on other threads: appends to @out the text hsviz_session_writer_add()
 * writes for @connection, reading only @self's settings (so any thread may call it while another
 * writes with @self); hsviz_session_writer_add_text() then writes such a text in its place, as
 * the next connection. */
void                hsviz_session_writer_format_connection (HsvizSessionWriter *self,
                                                            HsvizConnection    *connection,
                                                            GString            *out);
gboolean            hsviz_session_writer_add_text   (HsvizSessionWriter  *self,
                                                     const char          *text,
                                                     gsize                length,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean            hsviz_session_writer_end        (HsvizSessionWriter  *self,
                                                     const char          *note,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
char               *hsviz_session_writer_steal_text (HsvizSessionWriter  *self,
                                                     gsize               *length);
void                hsviz_session_writer_free       (HsvizSessionWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizSessionWriter, hsviz_session_writer_free)

/* One connection's keys as a JSON object node (an element of a session's "connections");
 * secrets left out when @with_secrets is FALSE. */
JsonNode     *hsviz_connection_to_json          (HsvizConnection *self,
                                                 gboolean         with_secrets);
/* The session as a JSON object node; secrets left out when @with_secrets is FALSE. */
JsonNode     *hsviz_session_to_json             (HsvizSession  *self,
                                                 gboolean       with_secrets);
char         *hsviz_session_to_data             (HsvizSession  *self,
                                                 gboolean       with_secrets,
                                                 gsize         *length);
/* Untrusted input: everything is checked; any problem is HSVIZ_ERROR_FILE_INVALID or
 * HSVIZ_ERROR_FILE_VERSION naming what and where. */
HsvizSession *hsviz_session_new_from_json       (JsonNode      *node,
                                                 GError       **error);
HsvizSession *hsviz_session_new_from_data       (const char    *data,
                                                 gsize          length,
                                                 GError       **error);
HsvizSession *hsviz_session_load                (GFile         *file,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* A warning when @file, which @self was loaded from, holds secrets and others than its owner may
 * read it (the CLI prints it, the window shows it); NULL otherwise. */
char         *hsviz_session_dup_file_warning    (HsvizSession  *self,
                                                 GFile         *file);
/* Atomic: written to a temporary file in the same folder, synced, then renamed over.
 * Created 0600 when the session holds secrets and @with_secrets. */
gboolean      hsviz_session_save                (HsvizSession  *self,
                                                 GFile         *file,
                                                 gboolean       with_secrets,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* A new session of the same facts without any secret, as a file saved without secrets
 * reopens (for printing what such a file would show). */
HsvizSession *hsviz_session_dup_without_secrets (HsvizSession  *self,
                                                 GError       **error);

G_END_DECLS
