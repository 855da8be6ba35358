/* hsviz-http2-headers.h — the first HTTP/2 request and response of a decrypted connection
 *
 * A passive reader: the client's plaintext (connection preface, then frames) and the server's
 * (frames) are walked frame by frame; HEADERS and CONTINUATION blocks go through one HPACK
 * inflater per direction (libnghttp2's nghttp2_hd_inflate_hd2), in order, so the dynamic table
 * stays right; the first request stream's header fields and the server's answer on that stream
 * are kept.  Every length is checked; a truncated or malformed frame ends the walk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* TRUE when @client starts with the HTTP/2 connection preface; then @app gets the request
 * ("name: value" lines, as a capture records them), and the response's status and headers
 * when the server's bytes hold them. */
gboolean hsviz_http2_read_headers (const guint8         *client,
                                   gsize                 client_len,
                                   const guint8         *server,
                                   gsize                 server_len,
                                   HsvizApplicationData *app);

G_END_DECLS
