/* hsviz-handshake-buffer.h — one direction's handshake messages, put together from records
 *
 * Handshake messages may span records (a large Certificate) and a record may hold several
 * (ServerHello … ServerHelloDone).  The fragments of one direction's handshake records (or of
 * decrypted TLS 1.3 records of inner type handshake) go in; each whole message (4-byte header
 * included) comes out with the time of the record that completed it.  A message longer than
 * HSVIZ_HANDSHAKE_MAX is refused (the buffer is then broken and says so) instead of buffered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HSVIZ_HANDSHAKE_MAX (1024 * 1024)

typedef struct _HsvizHandshakeBuffer HsvizHandshakeBuffer;

typedef void (*HsvizHandshakeFunc) (GBytes   *message,
                                    gint64    time_us,
                                    gpointer  user_data);

HsvizHandshakeBuffer *hsviz_handshake_buffer_new     (HsvizHandshakeFunc    func,
                                                      gpointer              user_data);
void                  hsviz_handshake_buffer_feed    (HsvizHandshakeBuffer *buffer,
                                                      const guint8         *data,
                                                      gsize                 len,
                                                      gint64                time_us);
/* Bytes of an unfinished message (0 between messages). */
gsize                 hsviz_handshake_buffer_get_pending (HsvizHandshakeBuffer *buffer);
/* TRUE after an oversized message: nothing more is reassembled. */
gboolean              hsviz_handshake_buffer_is_broken (HsvizHandshakeBuffer *buffer);
void                  hsviz_handshake_buffer_free    (HsvizHandshakeBuffer *buffer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizHandshakeBuffer, hsviz_handshake_buffer_free)

G_END_DECLS
