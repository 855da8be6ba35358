/* hsviz-tcp-stream.h — one direction of a TCP connection, put back in order
 *
 * Segments are given as captured; the stream hands on its bytes in sequence order, each chunk
 * with the capture time of the segment that carried it.  Out-of-order segments wait (up to
 * @max_pending bytes); a retransmission is dropped (the bytes first captured win, and overlaps
 * are counted); when data is missing — the pending bytes exceed the bound, or the capture ends
 * — the gap is reported with its offset and length, never filled.  A capture that starts after
 * the SYN starts the stream at the first segment seen, and says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-packet.h"

G_BEGIN_DECLS

typedef struct _HsvizTcpStream HsvizTcpStream;

typedef struct
{
  /* @offset: of @data in the stream (0 = the first byte after the SYN) */
  void (*data) (gpointer      user_data,
                guint64       offset,
                const guint8 *data,
                gsize         len,
                gint64        time_us);
  /* @missing bytes at @offset were never captured */
  void (*gap)  (gpointer      user_data,
                guint64       offset,
                guint64       missing);
} HsvizTcpStreamFuncs;

typedef struct
{
  guint64  delivered;          /* bytes handed on */
  guint64  retransmitted;      /* bytes received again after they were handed on */
  guint64  overlapping;        /* bytes of waiting segments that overlapped others */
  guint64  missing;            /* bytes reported as gaps */
  guint    gaps;
  gboolean saw_syn;            /* FALSE: the capture started mid-stream */
  gboolean saw_fin;
  gboolean saw_rst;
} HsvizTcpStreamStats;

HsvizTcpStream *hsviz_tcp_stream_new       (const HsvizTcpStreamFuncs *funcs,
                                            gpointer                   user_data,
                                            gsize                      max_pending);
/* @segment's addresses are not looked at: the caller sorted it into this direction. */
void            hsviz_tcp_stream_add       (HsvizTcpStream            *stream,
                                            const HsvizTcpSegment     *segment);
/* End of capture: hands on what is still waiting, reporting the gaps before it. */
void            hsviz_tcp_stream_finish    (HsvizTcpStream            *stream);
const HsvizTcpStreamStats *hsviz_tcp_stream_get_stats (HsvizTcpStream *stream);
gsize           hsviz_tcp_stream_get_pending (HsvizTcpStream          *stream);
void            hsviz_tcp_stream_free      (HsvizTcpStream            *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizTcpStream, hsviz_tcp_stream_free)

G_END_DECLS
