/* hsviz-pcapng-export.c — a connection written out as a pcapng capture that Wireshark decrypts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-export.h"
#include "hsviz-file.h"
#include "hsviz-pcapng-export.h"
#include "hsviz-session.h"
#include "hsviz-util.h"

#define LINKTYPE_RAW 101
#define CLIENT_PORT  49152
#define CONNECTION_GAP_US 1000   /* between one connection's last packet and the next one's SYN */

/* One packet block waiting in the scratch buffer, to be written in time order */
typedef struct
{
  gint64 time_us;
  guint  order;         /* the order it was made in: ties keep it */
  guint  offset;
  guint  len;
} Packet;

typedef struct
{
  guint8  family;       /* 4 or 6 */
  guint8  addr[2][16];  /* [0] client, [1] server */
  guint16 port[2];
  guint32 seq[2];       /* next sequence number of each side */
  GByteArray *out;      /* the packet blocks of every connection, as made */
  GArray     *packets;  /* of Packet, where they are in @out */
} Writer;

static void
put32 (GByteArray *out,
       guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 4);
}

static void
put16 (GByteArray *out,
       guint16     v)
{
  v = GUINT16_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 2);
}

static void
pad4 (GByteArray *out)
{
  static const guint8 zeros[4] = { 0 };

  g_byte_array_append (out, zeros, (4 - out->len % 4) % 4);
}

/* Opens a block: type and a placeholder length; returns where it starts. */
static guint
block_begin (GByteArray *out,
             guint32     type)
{
  guint start = out->len;

  put32 (out, type);
  put32 (out, 0);
  return start;
}

static void
block_end (GByteArray *out,
           guint       start)
{
  guint32 len;

  pad4 (out);
  len = out->len + 4 - start;
  put32 (out, len);
  len = GUINT32_TO_LE (len);
  memcpy (out->data + start + 4, &len, 4);
}

static guint16
checksum (const guint8 *p,
          gsize         len)
{
  guint32 sum = 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) ((p[i] << 8) | p[i + 1]);
  if (len % 2)
    sum += (guint32) (p[len - 1] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* One enhanced packet block holding an IP packet from @from with TCP @flags and @payload. */
static void
write_segment (Writer       *w,
               int           from,
               guint8        flags,
               const guint8 *payload,
               gsize         len,
               gint64        time_us)
{
  g_autoptr(GByteArray) pkt = g_byte_array_new ();
  guint8 tcp[20] = { 0 };
  int to = 1 - from;
  guint64 ts = (guint64) MAX (time_us, 0);
  guint start;

  tcp[0] = w->port[from] >> 8; tcp[1] = w->port[from] & 0xff;
  tcp[2] = w->port[to] >> 8; tcp[3] = w->port[to] & 0xff;
  tcp[4] = w->seq[from] >> 24; tcp[5] = (w->seq[from] >> 16) & 0xff;
  tcp[6] = (w->seq[from] >> 8) & 0xff; tcp[7] = w->seq[from] & 0xff;
  if (flags & 0x10)
    {
      tcp[8] = w->seq[to] >> 24; tcp[9] = (w->seq[to] >> 16) & 0xff;
      tcp[10] = (w->seq[to] >> 8) & 0xff; tcp[11] = w->seq[to] & 0xff;
    }
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp[14] = 0xff; tcp[15] = 0xff;   /* window */
  if (w->family == 4)
    {
      guint8 ip[20] = { 0x45, 0 };
      guint16 total = (guint16) (20 + 20 + len);
      guint16 sum;

      ip[2] = total >> 8; ip[3] = total & 0xff;
      ip[6] = 0x40;   /* don't fragment */
      ip[8] = 64;
      ip[9] = 6;
      memcpy (ip + 12, w->addr[from], 4);
      memcpy (ip + 16, w->addr[to], 4);
      sum = checksum (ip, 20);
      ip[10] = sum >> 8; ip[11] = sum & 0xff;
      g_byte_array_append (pkt, ip, 20);
    }
  else
    {
      guint8 ip[40] = { 0x60, 0 };
      guint16 plen = (guint16) (20 + len);

      ip[4] = plen >> 8; ip[5] = plen & 0xff;
      ip[6] = 6;
      ip[7] = 64;
      memcpy (ip + 8, w->addr[from], 16);
      memcpy (ip + 24, w->addr[to], 16);
      g_byte_array_append (pkt, ip, 40);
    }
  g_byte_array_append (pkt, tcp, 20);
  g_byte_array_append (pkt, payload, (guint) len);

  start = block_begin (w->out, 6);
  put32 (w->out, 0);                       /* interface 0 */
  put32 (w->out, (guint32) (ts >> 32));    /* microseconds (if_tsresol default) */
  put32 (w->out, (guint32) ts);
  put32 (w->out, pkt->len);
  put32 (w->out, pkt->len);
  g_byte_array_append (w->out, pkt->data, pkt->len);
  block_end (w->out, start);
  {
    Packet p = { (gint64) ts, w->packets->len, start, w->out->len - start };

    g_array_append_val (w->packets, p);
  }

  w->seq[from] += (guint32) len + ((flags & 0x03) ? 1 : 0);   /* SYN and FIN count one */
}

static void
put_address (GInetAddress *a,
             guint8       *family,
             guint8       *bytes)
{
  *family = g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV6 ? 6 : 4;
  memcpy (bytes, g_inet_address_to_bytes (a), g_inet_address_get_native_size (a));
}

static gboolean
parse_address (const char *text,
               guint8     *family,
               guint8     *bytes)
{
  g_autoptr(GInetAddress) a = text != NULL ? g_inet_address_new_from_string (text) : NULL;

  if (a == NULL)
    return FALSE;
  put_address (a, family, bytes);
  return TRUE;
}

/* The connection's own socket addresses (both, of one family), when it knows them. */
static gboolean
use_connection_addresses (HsvizConnection *connection,
                          Writer          *w)
{
  g_autoptr(GInetAddress) client = NULL;
  g_autoptr(GInetAddress) server = NULL;
  guint16 client_port = 0, server_port = 0;

  client = hsviz_socket_address_parse (hsviz_connection_get_client_address (connection), &client_port);
  server = hsviz_socket_address_parse (hsviz_connection_get_server_address (connection), &server_port);
  if (client == NULL || server == NULL ||
      g_inet_address_get_family (client) != g_inet_address_get_family (server))
    return FALSE;
  put_address (client, &w->family, w->addr[0]);
  put_address (server, &w->family, w->addr[1]);
  w->port[0] = client_port;
  w->port[1] = server_port;
  return TRUE;
}

/* Connection @i as one TCP stream (SYN, SYN-ACK, ACK, a segment per record, FIN from each side)
 * whose times count from @start: the SYN after the name lookup (an import: at its first
 * segment), the records at their times; returns the time of its last packet. */
static gint64
write_connection (GByteArray      *out,
                  GArray          *packets,
                  HsvizConnection *connection,
                  guint            i,
                  gint64           start)
{
  const HsvizTarget *target = hsviz_connection_get_target (connection);
  GPtrArray *records = hsviz_connection_get_records (connection);
  gint64 first, syn, last = 0;
  Writer w = { 0 };

  w.out = out;
  w.packets = packets;
  if (!use_connection_addresses (connection, &w))
    {
      if (!parse_address (target->address, &w.family, w.addr[1]))
        {
          w.family = 4;
          parse_address ("127.0.0.1", &w.family, w.addr[1]);
        }
      parse_address (w.family == 6 ? "::1" : "127.0.0.1", &w.family, w.addr[0]);
      w.port[1] = target->port != 0 ? target->port : 443;
      w.port[0] = (guint16) (CLIENT_PORT + i % (65536 - CLIENT_PORT));
    }
  /* initial sequence numbers of their own, so that a reused pair of ports is a new stream */
  w.seq[0] = 1000 + i * 0x00100000u;
  w.seq[1] = 5000 + i * 0x00100000u;

  first = ((const HsvizRecord *) g_ptr_array_index (records, 0))->time_us;
  syn = MIN (MAX (hsviz_connection_get_timings (connection)->dns_us, 0), first - 2);
  write_segment (&w, 0, 0x02, NULL, 0, start + syn);                 /* SYN */
  write_segment (&w, 1, 0x12, NULL, 0, start + MAX (syn, first - 1)); /* SYN, ACK */
  write_segment (&w, 0, 0x10, NULL, 0, start + MAX (syn, first - 1)); /* ACK */
  for (guint r = 0; r < records->len; r++)
    {
      const HsvizRecord *record = g_ptr_array_index (records, r);
      gsize len;
      const guint8 *d = g_bytes_get_data (record->bytes, &len);

      last = MAX (last, record->time_us);
      write_segment (&w, record->direction == HSVIZ_DIRECTION_CLIENT ? 0 : 1, 0x18, d, len,
                     start + record->time_us);
    }
  write_segment (&w, 0, 0x11, NULL, 0, start + last + 1);            /* FIN, ACK */
  write_segment (&w, 1, 0x11, NULL, 0, start + last + 2);
  return start + last + 2;
}

static int
packet_compare (gconstpointer a,
                gconstpointer b)
{
  const Packet *pa = a, *pb = b;

  if (pa->time_us != pb->time_us)
    return pa->time_us < pb->time_us ? -1 : 1;
  return pa->order < pb->order ? -1 : pa->order > pb->order;
}

GBytes *
hsviz_pcapng_export_bytes (HsvizSession  *session,
                           gboolean      *with_secrets,
                           GError       **error)
{
  g_autofree char *keylog = hsviz_session_dup_nss_keylog (session);
  GDateTime *at = hsviz_session_get_captured_at (session);
  gint64 start = at != NULL ? g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at) : 0;
  guint n = hsviz_session_get_n_connections (session);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) scratch = NULL;
  g_autoptr(GArray) packets = NULL;
  gboolean written = FALSE;
  guint block;

  *with_secrets = FALSE;
  /* Section Header Block: byte-order magic, version 1.0, section length unknown */
  block = block_begin (out, 0x0A0D0D0A);
  put32 (out, 0x1A2B3C4D);
  put16 (out, 1);
  put16 (out, 0);
  put32 (out, 0xffffffff);
  put32 (out, 0xffffffff);
  block_end (out, block);
  /* Interface Description Block: raw IP, no snap length */
  block = block_begin (out, 1);
  put16 (out, LINKTYPE_RAW);
  put16 (out, 0);
  put32 (out, 0);
  block_end (out, block);
  /* Decryption Secrets Block: the NSS key log of every connection */
  if (keylog != NULL && keylog[0] != '\0')
    {
      block = block_begin (out, 0x0000000A);
      put32 (out, 0x544c534b);
      put32 (out, (guint32) strlen (keylog));
      g_byte_array_append (out, (const guint8 *) keylog, (guint) strlen (keylog));
      block_end (out, block);
      *with_secrets = TRUE;
    }

  /* each connection from when it started; one whose start is not known (older files) after the
   * one before it; one with no record (it never connected) has nothing to write.  The packets
   * go out in time order, so connections that overlapped overlap again. */
  packets = g_array_new (FALSE, FALSE, sizeof (Packet));
  scratch = g_byte_array_new ();
  for (guint i = 0; i < n; i++)
    {
      HsvizConnection *connection = hsviz_session_get_connection (session, i);
      GPtrArray *records = hsviz_connection_get_records (connection);
      gint64 started = hsviz_connection_get_started_at (connection);

      if (records == NULL || records->len == 0)
        continue;
      start = MAX (start, write_connection (scratch, packets, connection, i, started > 0 ? started : start) + CONNECTION_GAP_US);
      written = TRUE;
    }
  g_array_sort (packets, packet_compare);
  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);

      g_byte_array_append (out, scratch->data + p->offset, p->len);
    }
  if (!written)
    {
      *with_secrets = FALSE;
      g_set_error_literal (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                           _("This session holds no TLS records to write as a capture"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
hsviz_export_pcapng (HsvizSession  *session,
                     GFile         *file,
                     gboolean      *with_secrets,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = hsviz_pcapng_export_bytes (session, with_secrets, error);
  gsize len;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return hsviz_file_write (file, data, len, *with_secrets, cancellable, error);
}
