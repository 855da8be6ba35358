/* hsviz-packet.c — one captured frame decoded down to its TCP segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "hsviz-packet.h"
#include "hsviz-util.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

gboolean
hsviz_packet_link_supported (int link_type)
{
  switch (link_type)
    {
    case HSVIZ_LINK_NULL:
    case HSVIZ_LINK_ETHERNET:
    case HSVIZ_LINK_RAW:
    case HSVIZ_LINK_RAW_DLT:
    case HSVIZ_LINK_LOOP:
    case HSVIZ_LINK_SLL:
    case HSVIZ_LINK_IPV4:
    case HSVIZ_LINK_IPV6:
    case HSVIZ_LINK_SLL2:
      return TRUE;
    default:
      return FALSE;
    }
}

static HsvizPacketResult
decode_tcp (const guint8    *p,
            gsize            len,
            HsvizTcpSegment *out)
{
  gsize header_len;

  if (len < 20)
    return HSVIZ_PACKET_TRUNCATED;
  header_len = (gsize) (p[12] >> 4) * 4;
  if (header_len < 20 || header_len > len)
    return HSVIZ_PACKET_TRUNCATED;
  out->src_port = be16 (p);
  out->dst_port = be16 (p + 2);
  out->seq = be32 (p + 4);
  out->flags = p[13];
  out->payload = p + header_len;
  out->payload_len = len - header_len;
  return HSVIZ_PACKET_TCP;
}

static HsvizPacketResult
decode_ipv4 (const guint8    *p,
             gsize            len,
             HsvizTcpSegment *out)
{
  gsize header_len, total;

  if (len < 20 || (p[0] >> 4) != 4)
    return HSVIZ_PACKET_TRUNCATED;
  header_len = (gsize) (p[0] & 0x0f) * 4;
  total = be16 (p + 2);
  if (header_len < 20 || total < header_len || total > len)
    return HSVIZ_PACKET_TRUNCATED;
  /* more fragments, or a fragment offset: not a whole segment */
  if ((be16 (p + 6) & 0x3fff) != 0)
    return HSVIZ_PACKET_FRAGMENT;
  if (p[9] != 6)
    return HSVIZ_PACKET_NOT_TCP;
  out->src.family = out->dst.family = 4;
  memset (out->src.bytes, 0, sizeof out->src.bytes);
  memset (out->dst.bytes, 0, sizeof out->dst.bytes);
  memcpy (out->src.bytes, p + 12, 4);
  memcpy (out->dst.bytes, p + 16, 4);
  /* trailing Ethernet padding is cut off by the IP total length */
  return decode_tcp (p + header_len, total - header_len, out);
}

static HsvizPacketResult
decode_ipv6 (const guint8    *p,
             gsize            len,
             HsvizTcpSegment *out)
{
  gsize payload_len, off = 40;
  guint8 next;

  if (len < 40 || (p[0] >> 4) != 6)
    return HSVIZ_PACKET_TRUNCATED;
  payload_len = be16 (p + 4);
  if (payload_len == 0 || 40 + payload_len > len)
    return HSVIZ_PACKET_TRUNCATED;  /* jumbograms are not read */
  len = 40 + payload_len;
  next = p[6];
  /* extension headers: hop-by-hop 0, routing 43, destination options 60 (8-octet units);
   * fragment 44 is refused; authentication 51 (4-octet units) */
  for (guint i = 0; i < 16; i++)
    {
      if (next == 6)
        break;
      if (next == 44)
        return HSVIZ_PACKET_FRAGMENT;
      if (next == 0 || next == 43 || next == 60 || next == 51)
        {
          gsize ext_len;

          if (off + 8 > len)
            return HSVIZ_PACKET_TRUNCATED;
          ext_len = next == 51 ? ((gsize) p[off + 1] + 2) * 4 : ((gsize) p[off + 1] + 1) * 8;
          if (off + ext_len > len)
            return HSVIZ_PACKET_TRUNCATED;
          next = p[off];
          off += ext_len;
          continue;
        }
      return HSVIZ_PACKET_NOT_TCP;
    }
  if (next != 6)
    return HSVIZ_PACKET_NOT_TCP;
  out->src.family = out->dst.family = 6;
  memcpy (out->src.bytes, p + 8, 16);
  memcpy (out->dst.bytes, p + 24, 16);
  return decode_tcp (p + off, len - off, out);
}

static HsvizPacketResult
decode_ethertype (guint16          type,
                  const guint8    *p,
                  gsize            len,
                  HsvizTcpSegment *out)
{
  if (type == ETHERTYPE_IPV4)
    return decode_ipv4 (p, len, out);
  if (type == ETHERTYPE_IPV6)
    return decode_ipv6 (p, len, out);
  return HSVIZ_PACKET_NOT_TCP;
}

static HsvizPacketResult
decode_raw_ip (const guint8    *p,
               gsize            len,
               HsvizTcpSegment *out)
{
  if (len < 1)
    return HSVIZ_PACKET_TRUNCATED;
  if ((p[0] >> 4) == 4)
    return decode_ipv4 (p, len, out);
  if ((p[0] >> 4) == 6)
    return decode_ipv6 (p, len, out);
  return HSVIZ_PACKET_NOT_TCP;
}

HsvizPacketResult
hsviz_packet_decode (int              link_type,
                     const guint8    *p,
                     gsize            len,
                     HsvizTcpSegment *out)
{
  switch (link_type)
    {
    case HSVIZ_LINK_ETHERNET:
      {
        gsize off = 12;
        guint16 type;

        if (len < 14)
          return HSVIZ_PACKET_TRUNCATED;
        type = be16 (p + off);
        /* up to two VLAN tags (802.1Q, 802.1ad) */
        for (guint i = 0; i < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); i++)
          {
            off += 4;
            if (off + 2 > len)
              return HSVIZ_PACKET_TRUNCATED;
            type = be16 (p + off);
          }
        return decode_ethertype (type, p + off + 2, len - off - 2, out);
      }
    case HSVIZ_LINK_SLL:
      /* packet type 2, ARPHRD 2, address length 2, address 8, protocol 2 */
      if (len < 16)
        return HSVIZ_PACKET_TRUNCATED;
      return decode_ethertype (be16 (p + 14), p + 16, len - 16, out);
    case HSVIZ_LINK_SLL2:
      /* protocol 2, reserved 2, interface index 4, ARPHRD 2, packet type 1, address length 1,
       * address 8 */
      if (len < 20)
        return HSVIZ_PACKET_TRUNCATED;
      return decode_ethertype (be16 (p), p + 20, len - 20, out);
    case HSVIZ_LINK_NULL:
    case HSVIZ_LINK_LOOP:
      {
        guint32 family;

        /* a 4-byte address family: host order for NULL, network order for LOOP; AF_INET is 2
         * everywhere, AF_INET6 is 10, 24, 28 or 30 depending on the OS that wrote it */
        if (len < 4)
          return HSVIZ_PACKET_TRUNCATED;
        family = be32 (p);
        if (family > 0xffff)
          family = GUINT32_SWAP_LE_BE (family);
        if (family == 2)
          return decode_ipv4 (p + 4, len - 4, out);
        if (family == 10 || family == 24 || family == 28 || family == 30)
          return decode_ipv6 (p + 4, len - 4, out);
        return HSVIZ_PACKET_NOT_TCP;
      }
    case HSVIZ_LINK_RAW:
    case HSVIZ_LINK_RAW_DLT:
      return decode_raw_ip (p, len, out);
    case HSVIZ_LINK_IPV4:
      return decode_ipv4 (p, len, out);
    case HSVIZ_LINK_IPV6:
      return decode_ipv6 (p, len, out);
    default:
      return HSVIZ_PACKET_UNSUPPORTED_LINK;
    }
}

char *
hsviz_ip_address_to_string (const HsvizIpAddress *address,
                            guint16               port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes (address->bytes,
                                                                address->family == 6 ? G_SOCKET_FAMILY_IPV6
                                                                                     : G_SOCKET_FAMILY_IPV4);

  return hsviz_socket_address_to_string (inet, port);
}
