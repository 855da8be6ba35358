/* hsviz-tcp-stream.c — one direction of a TCP connection, put back in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-tcp-stream.h"

/* Segments further ahead than this are not of this connection (or absurd): dropped. */
#define WINDOW_MAX (64u * 1024 * 1024)

typedef struct
{
  guint64 offset;
  gint64  time_us;
  gsize   len;
  guint8  data[];
} Pending;

struct _HsvizTcpStream
{
  HsvizTcpStreamFuncs funcs;
  gpointer            user_data;
  gsize               max_pending;
  gboolean            started;
  guint32             base;       /* sequence number of stream offset 0 */
  guint64             next;       /* next offset to hand on */
  GQueue              pending;    /* of Pending, sorted by offset */
  gsize               pending_bytes;
  HsvizTcpStreamStats stats;
};

HsvizTcpStream *
hsviz_tcp_stream_new (const HsvizTcpStreamFuncs *funcs,
                      gpointer                   user_data,
                      gsize                      max_pending)
{
  HsvizTcpStream *stream = g_new0 (HsvizTcpStream, 1);

  stream->funcs = *funcs;
  stream->user_data = user_data;
  stream->max_pending = max_pending;
  g_queue_init (&stream->pending);
  return stream;
}

void
hsviz_tcp_stream_free (HsvizTcpStream *stream)
{
  if (stream == NULL)
    return;
  g_queue_clear_full (&stream->pending, g_free);
  g_free (stream);
}

static void
deliver (HsvizTcpStream *stream,
         const guint8   *data,
         gsize           len,
         gint64          time_us)
{
  guint64 offset = stream->next;

  stream->next += len;
  stream->stats.delivered += len;
  if (stream->funcs.data != NULL)
    stream->funcs.data (stream->user_data, offset, data, len, time_us);
}

/* Hands on every waiting segment that now starts at or before the next offset. */
static void
drain (HsvizTcpStream *stream)
{
  Pending *p;

  while ((p = g_queue_peek_head (&stream->pending)) != NULL && p->offset <= stream->next)
    {
      g_queue_pop_head (&stream->pending);
      stream->pending_bytes -= p->len;
      if (p->offset + p->len > stream->next)
        {
          gsize skip = (gsize) (stream->next - p->offset);

          stream->stats.overlapping += skip;
          deliver (stream, p->data + skip, p->len - skip, p->time_us);
        }
      else
        stream->stats.overlapping += p->len;
      g_free (p);
    }
}

/* Skips to the first waiting segment, reporting the bytes in between as missing. */
static void
skip_gap (HsvizTcpStream *stream)
{
  Pending *p = g_queue_peek_head (&stream->pending);

  if (p != NULL && p->offset > stream->next)
    {
      guint64 missing = p->offset - stream->next;

      stream->stats.missing += missing;
      stream->stats.gaps++;
      if (stream->funcs.gap != NULL)
        stream->funcs.gap (stream->user_data, stream->next, missing);
      stream->next = p->offset;
    }
  drain (stream);
}

static void
insert_pending (HsvizTcpStream *stream,
                guint64         offset,
                const guint8   *data,
                gsize           len,
                gint64          time_us)
{
  Pending *p = g_malloc (sizeof (Pending) + len);
  GList *l;

  p->offset = offset;
  p->time_us = time_us;
  p->len = len;
  memcpy (p->data, data, len);
  /* after every segment with an offset <= this one: the first captured copy is handed on first */
  for (l = stream->pending.tail; l != NULL; l = l->prev)
    if (((Pending *) l->data)->offset <= offset)
      break;
  if (l == NULL)
    g_queue_push_head (&stream->pending, p);
  else
    g_queue_insert_after (&stream->pending, l, p);
  stream->pending_bytes += len;
}

void
hsviz_tcp_stream_add (HsvizTcpStream        *stream,
                      const HsvizTcpSegment *segment)
{
  const guint8 *data = segment->payload;
  gsize len = segment->payload_len;
  guint32 seq = segment->seq;
  gint64 rel;

  if (segment->flags & HSVIZ_TCP_RST)
    stream->stats.saw_rst = TRUE;
  if (segment->flags & HSVIZ_TCP_SYN)
    {
      if (!stream->started || (!stream->stats.saw_syn && stream->next == 0))
        {
          stream->started = TRUE;
          stream->base = seq + 1;
          stream->next = 0;
        }
      stream->stats.saw_syn = TRUE;
      seq++;   /* a SYN's payload (TCP Fast Open) follows the SYN's sequence number */
    }
  if (segment->flags & HSVIZ_TCP_FIN)
    stream->stats.saw_fin = TRUE;
  if (len == 0)
    return;
  if (!stream->started)
    {
      stream->started = TRUE;
      stream->base = seq;
    }

  /* offset of this segment relative to the next byte expected, in sequence space */
  rel = (gint64) (gint32) (seq - (guint32) (stream->base + stream->next));
  if (rel + (gint64) len <= 0)
    {
      stream->stats.retransmitted += len;
      return;
    }
  if (rel > (gint64) WINDOW_MAX)
    return;
  if (rel <= 0)
    {
      stream->stats.retransmitted += (guint64) -rel;
      deliver (stream, data + (-rel), len - (gsize) (-rel), segment->time_us);
      drain (stream);
      return;
    }
  insert_pending (stream, stream->next + (guint64) rel, data, len, segment->time_us);
  while (stream->pending_bytes > stream->max_pending)
    skip_gap (stream);
}

void
hsviz_tcp_stream_finish (HsvizTcpStream *stream)
{
  while (!g_queue_is_empty (&stream->pending))
    skip_gap (stream);
}

const HsvizTcpStreamStats *
hsviz_tcp_stream_get_stats (HsvizTcpStream *stream)
{
  return &stream->stats;
}

gsize
hsviz_tcp_stream_get_pending (HsvizTcpStream *stream)
{
  return stream->pending_bytes;
}
