/* hsviz-pcap-reader.h — the TCP segments of a pcap or pcapng file, one at a time
 *
 * libpcap reads both formats (pcap_fopen_offline); each frame is decoded by hsviz-packet.c.
 * Frames are read one at a time, so a capture of any size is never held in memory.  Frames
 * that are not TCP are counted, not reported; a link type we do not decode is an error at open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "hsviz-packet.h"

G_BEGIN_DECLS

typedef struct _HsvizPcapReader HsvizPcapReader;

typedef struct
{
  guint64 frames;
  guint64 tcp;
  guint64 not_tcp;
  guint64 fragments;
  guint64 truncated;
} HsvizPcapStats;

/* Opens @path (pcap or pcapng). */
HsvizPcapReader *hsviz_pcap_reader_open      (const char        *path,
                                              GError           **error);
/* Takes @file (closed with the reader); for in-memory input (fmemopen) and tests. */
HsvizPcapReader *hsviz_pcap_reader_open_file (FILE              *file,
                                              GError           **error);
/* 1: @segment holds the next TCP segment (valid until the next call); 0: end of file;
 * -1: the file is damaged (@error set). */
int              hsviz_pcap_reader_next      (HsvizPcapReader   *reader,
                                              HsvizTcpSegment   *segment,
                                              GError           **error);
int              hsviz_pcap_reader_get_link_type (HsvizPcapReader *reader);
/* Bytes read so far (for progress), or -1. */
gint64           hsviz_pcap_reader_get_offset (HsvizPcapReader  *reader);
const HsvizPcapStats *hsviz_pcap_reader_get_stats (HsvizPcapReader *reader);
void             hsviz_pcap_reader_free      (HsvizPcapReader   *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizPcapReader, hsviz_pcap_reader_free)

G_END_DECLS
