/* hsviz-session-builder.h — how a session is filled: the capture engine, the session-file loader
 * and the tests' own fixtures
 *
 * PRIVATE to the core and its tests (views read a session through hsviz-session.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (HSVIZ_COMPILATION) && !defined (HSVIZ_BUILDER_ACCESS)
#error "This header is private to the core, its tests, fuzzers and benchmarks: views read hsviz-session.h and hsviz-connection.h"
#endif

#include "hsviz-connection-builder.h"
#include "hsviz-session.h"

G_BEGIN_DECLS

/* A session with no connection, generator "HandshakeViz X.Y.Z". */
HsvizSession *hsviz_session_new             (void);
/* Appends @connection (the session takes a reference) and emits "items-changed". */
void          hsviz_session_add_connection  (HsvizSession    *self,
                                             HsvizConnection *connection);
void          hsviz_session_set_captured_at (HsvizSession    *self,
                                             GDateTime       *when);
void          hsviz_session_set_generator   (HsvizSession    *self,
                                             const char      *generator);
void          hsviz_session_set_note        (HsvizSession    *self,
                                             const char      *note);

G_END_DECLS
