/* hsviz-gio-transport.h — a GnuTLS session's push/pull functions on GIO streams
 *
 * GIO sockets are non-blocking, so gnutls_transport_set_int on their fd would busy-loop.  This
 * unit gives a session blocking, cancellable reads and writes on a GIOStream, and a
 * pull-timeout function so that gnutls_handshake_set_timeout and gnutls_record_set_timeout
 * work.  Reads take whatever has arrived (up to one largest record) and hand it to GnuTLS as
 * it asks, so the "moved" callback sees bytes when they reached us.  The capture engine, the
 * demo server and the tests' fault server all use it; the optional callbacks let the capture
 * see every byte (its record tap) and the fault server misbehave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

G_BEGIN_DECLS

typedef struct _HsvizGioTransport HsvizGioTransport;

typedef struct
{
  /* Before each read: 0 to read, or the errno with which the read fails (a cap was hit, a
   * fault struck).  A pending pull-timeout wait then returns at once. */
  int      (*before_read) (gpointer      user_data);
  /* Every chunk moved, in order: written to the peer (@sent) or read from it. */
  void     (*moved)       (gpointer      user_data,
                           gboolean      sent,
                           const guint8 *data,
                           gsize         len);
  /* Replaces the write: send @data (or not) and return TRUE, or FALSE to fail the push. */
  gboolean (*write)       (gpointer      user_data,
                           const guint8 *data,
                           gsize         len);
} HsvizGioTransportFuncs;

/* Sets @session's transport to @stream (not owned; it must outlive the session's I/O).
 * @socket (nullable) is waited on for the pull timeout; without it reads just block.
 * @funcs (nullable) is copied. */
HsvizGioTransport *hsviz_gio_transport_new        (gnutls_session_t               session,
                                                   GIOStream                     *stream,
                                                   GSocket                       *socket,
                                                   GCancellable                  *cancellable,
                                                   const HsvizGioTransportFuncs  *funcs,
                                                   gpointer                       user_data);
void               hsviz_gio_transport_free       (HsvizGioTransport             *self);
/* The first GIO error a read, write or wait failed with, or NULL (transfer full). */
GError            *hsviz_gio_transport_take_error (HsvizGioTransport             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizGioTransport, hsviz_gio_transport_free)

G_END_DECLS
