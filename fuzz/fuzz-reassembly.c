/* fuzz-reassembly.c — libFuzzer harness for TCP stream reassembly and the TLS layers above it
 *
 * The input is a script of segments for one TCP connection: per segment one byte (bit 0: the
 * direction, bit 1: SYN, bit 2: FIN, bit 3: RST), a 2-byte big-endian offset added to that
 * direction's base sequence number (which starts near the 32-bit wrap), a 2-byte length and
 * that many payload bytes (cut at the end of the input).  Each direction goes through an
 * HsvizTcpStream with a small pending bound (so gaps are forced) into an
 * HsvizImportConnection: records, handshake messages, the connection and its key schedule.
 * Checked: the bytes handed on never exceed what was given, offsets are contiguous except where
 * a gap was reported.
 * tests/test-fuzz-regressions.c includes this file with HSVIZ_FUZZ_NO_MAIN defined.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hsviz-import-connection.h"
#include "hsviz-tcp-stream.h"

int hsviz_fuzz_reassembly_one (const guint8 *data, size_t size);

typedef struct
{
  HsvizImportConnection *conn;
  HsvizDirection         direction;
  guint64                expected;   /* next offset */
  guint64                given;
} FuzzSide;

static void
fuzz_data (gpointer      user_data,
           guint64       offset,
           const guint8 *data,
           gsize         len,
           gint64        time_us)
{
  FuzzSide *side = user_data;

  if (offset != side->expected || len == 0)
    abort ();
  side->expected += len;
  hsviz_import_connection_feed (side->conn, side->direction, data, len, time_us);
}

static void
fuzz_gap (gpointer user_data,
          guint64  offset,
          guint64  missing)
{
  FuzzSide *side = user_data;

  if (offset != side->expected || missing == 0)
    abort ();
  side->expected += missing;
  hsviz_import_connection_gap (side->conn, side->direction, missing);
}

int
hsviz_fuzz_reassembly_one (const guint8 *data,
                           size_t        size)
{
  static const HsvizTcpStreamFuncs funcs = { fuzz_data, fuzz_gap };
  HsvizIpAddress server = { 4, { 127, 0, 0, 1 } };
  g_autoptr(HsvizImportConnection) conn = hsviz_import_connection_new (NULL, "127.0.0.1:40000", "127.0.0.1:443",
                                                                       &server, 443, 0);
  FuzzSide sides[2] = { { conn, HSVIZ_DIRECTION_CLIENT, 0, 0 }, { conn, HSVIZ_DIRECTION_SERVER, 0, 0 } };
  g_autoptr(HsvizTcpStream) s0 = hsviz_tcp_stream_new (&funcs, &sides[0], 4096);
  g_autoptr(HsvizTcpStream) s1 = hsviz_tcp_stream_new (&funcs, &sides[1], 4096);
  HsvizTcpStream *streams[2] = { s0, s1 };
  g_autoptr(HsvizConnection) connection = NULL;
  gsize pos = 0;
  gint64 t = 0;

  while (pos + 5 <= size)
    {
      HsvizTcpSegment seg = { 0 };
      int dir = data[pos] & 1;
      gsize len = ((gsize) data[pos + 3] << 8) | data[pos + 4];

      seg.flags = (guint8) (((data[pos] & 2) ? HSVIZ_TCP_SYN : 0) | ((data[pos] & 4) ? HSVIZ_TCP_FIN : 0) |
                            ((data[pos] & 8) ? HSVIZ_TCP_RST : 0));
      seg.seq = 0xfffff000u + (guint32) (dir * 0x10000) + (((guint32) data[pos + 1] << 8) | data[pos + 2]);
      pos += 5;
      len = MIN (len, size - pos);
      seg.payload = data + pos;
      seg.payload_len = len;
      seg.time_us = t++;
      sides[dir].given += len;
      hsviz_tcp_stream_add (streams[dir], &seg);
      pos += len;
    }
  for (int d = 0; d < 2; d++)
    {
      hsviz_tcp_stream_finish (streams[d]);
      if (hsviz_tcp_stream_get_stats (streams[d])->delivered > sides[d].given)
        abort ();
    }
  connection = hsviz_import_connection_finish (conn, HSVIZ_DIRECTION_SERVER, NULL, NULL);
  if (connection == NULL)
    abort ();
  return 0;
}

#ifndef HSVIZ_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hsviz_fuzz_reassembly_one (data, size);
}
#endif
