/* hsviz-http-framing.h — where step 6's HTTP/1.x answer ends (RFC 9112 §6.3), fed as it arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HsvizHttpFraming HsvizHttpFraming;

HsvizHttpFraming *hsviz_http_framing_new       (void);
void              hsviz_http_framing_free      (HsvizHttpFraming *self);

/* Feeds the next @len bytes the server sent; TRUE once the answer is complete: interim 1xx
 * answers (100 Continue, 103 Early Hints) skipped, then the final header block and its body as
 * libsoup reads the headers (Content-Length, chunked transfer coding; none for 204 and 304).
 * An answer that ends only when the server closes (no length) is never complete here. */
gboolean          hsviz_http_framing_feed      (HsvizHttpFraming *self,
                                                const guint8     *data,
                                                gsize             len);

/* Where the final answer's header block starts in the stream and how long it is (up to and
 * including the empty line); FALSE while no final header block was read. */
gboolean          hsviz_http_framing_get_head  (HsvizHttpFraming *self,
                                                guint64          *offset,
                                                gsize            *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizHttpFraming, hsviz_http_framing_free)

G_END_DECLS
