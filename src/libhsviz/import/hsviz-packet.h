/* hsviz-packet.h — one captured frame decoded down to its TCP segment
 *
 * Pure byte decoding, no I/O: link layer (Ethernet with VLAN tags, Linux cooked SLL and SLL2,
 * BSD null/loopback, raw IPv4/IPv6), IPv4 (no fragments: a fragment is not a segment) and IPv6
 * (extension headers skipped; fragments likewise refused), TCP (options skipped).  Every length
 * is checked against the captured bytes; a frame cut short by the snap length is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libpcap's DLT_* values (pcap/dlt.h), named here so the decoder needs no libpcap header. */
#define HSVIZ_LINK_NULL      0
#define HSVIZ_LINK_ETHERNET  1
#define HSVIZ_LINK_RAW       101   /* LINKTYPE_RAW (DLT_RAW is 12 or 14 on some systems) */
#define HSVIZ_LINK_RAW_DLT   12
#define HSVIZ_LINK_LOOP      108
#define HSVIZ_LINK_SLL       113
#define HSVIZ_LINK_IPV4      228
#define HSVIZ_LINK_IPV6      229
#define HSVIZ_LINK_SLL2      276

#define HSVIZ_TCP_FIN 0x01
#define HSVIZ_TCP_SYN 0x02
#define HSVIZ_TCP_RST 0x04
#define HSVIZ_TCP_ACK 0x10

typedef struct
{
  guint8 family;      /* 4 or 6 */
  guint8 bytes[16];   /* IPv4: the first 4 */
} HsvizIpAddress;

typedef struct
{
  gint64          time_us;       /* since the epoch, from the capture file */
  HsvizIpAddress  src;
  HsvizIpAddress  dst;
  guint16         src_port;
  guint16         dst_port;
  guint32         seq;
  guint8          flags;         /* HSVIZ_TCP_* */
  const guint8   *payload;       /* points into the frame */
  gsize           payload_len;
} HsvizTcpSegment;

typedef enum
{
  HSVIZ_PACKET_TCP,              /* @out holds the segment */
  HSVIZ_PACKET_NOT_TCP,          /* another protocol (ARP, UDP, ICMP, ...) */
  HSVIZ_PACKET_FRAGMENT,         /* an IP fragment (not reassembled) */
  HSVIZ_PACKET_TRUNCATED,        /* shorter than its headers say (snap length, corruption) */
  HSVIZ_PACKET_UNSUPPORTED_LINK, /* a link type this decoder does not read */
} HsvizPacketResult;

gboolean          hsviz_packet_link_supported (int                link_type);
HsvizPacketResult hsviz_packet_decode         (int                link_type,
                                               const guint8      *data,
                                               gsize              len,
                                               HsvizTcpSegment   *out);
/* "127.0.0.1:4433", "[::1]:4433" */
char             *hsviz_ip_address_to_string  (const HsvizIpAddress *address,
                                               guint16               port);

G_END_DECLS
