/* hsviz-session-file.h — the session as JSON (DESIGN.md §4) and as a *.handshake file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

#define HSVIZ_SESSION_FORMAT         "handshakeviz-session"
#define HSVIZ_SESSION_FORMAT_VERSION 1
#define HSVIZ_SESSION_MIME_TYPE      "application/x-handshakeviz+json"

/* The session as a JSON object node; secrets left out when @with_secrets is FALSE. */
JsonNode     *hsviz_connection_to_json       (HsvizConnection  *self,
                                           gboolean       with_secrets);
char         *hsviz_connection_to_data       (HsvizConnection  *self,
                                           gboolean       with_secrets,
                                           gsize         *length);
/* Untrusted input: everything is checked; any problem is HSVIZ_ERROR_FILE_INVALID or
 * HSVIZ_ERROR_FILE_VERSION naming what and where. */
HsvizConnection *hsviz_connection_new_from_json (JsonNode      *node,
                                           GError       **error);
HsvizConnection *hsviz_connection_new_from_data (const char    *data,
                                           gsize          length,
                                           GError       **error);
HsvizConnection *hsviz_connection_load          (GFile         *file,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* A warning when @file, which @self was loaded from, holds secrets and others than its owner may
 * read it (the CLI prints it, the window shows it); NULL otherwise. */
char         *hsviz_connection_dup_file_warning (HsvizConnection *self,
                                                 GFile           *file);
/* Atomic: written to a temporary file in the same folder, synced, then renamed over.
 * Created 0600 when the session holds secrets and @with_secrets. */
gboolean      hsviz_connection_save          (HsvizConnection  *self,
                                           GFile         *file,
                                           gboolean       with_secrets,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
