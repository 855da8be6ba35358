/* hsviz-pcap-reader.c — the TCP segments of a pcap or pcapng file, one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <pcap/pcap.h>

#include "hsviz-error.h"
#include "hsviz-pcap-reader.h"

#define TIME_MAX_S G_GINT64_CONSTANT (95617584000)   /* 5000-01-01 */

struct _HsvizPcapReader
{
  pcap_t        *pcap;
  FILE          *file;
  int            link_type;
  gboolean       nanoseconds;
  HsvizPcapStats stats;
};

HsvizPcapReader *
hsviz_pcap_reader_open_file (FILE    *file,
                             GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  HsvizPcapReader *reader;
  pcap_t *pcap;

  g_return_val_if_fail (file != NULL, NULL);

  /* microseconds unless the file says nanoseconds; ask for nanoseconds and convert */
  pcap = pcap_fopen_offline_with_tstamp_precision (file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap == NULL)
    {
      fclose (file);
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("Not a pcap or pcapng capture: %s"), errbuf);
      return NULL;
    }
  reader = g_new0 (HsvizPcapReader, 1);
  reader->pcap = pcap;
  reader->file = file;
  reader->link_type = pcap_datalink (pcap);
  reader->nanoseconds = pcap_get_tstamp_precision (pcap) == PCAP_TSTAMP_PRECISION_NANO;
  if (!hsviz_packet_link_supported (reader->link_type))
    {
      const char *name = pcap_datalink_val_to_name (reader->link_type);

      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("The capture's link type %s (%d) is not supported (Ethernet, Linux cooked, "
                     "loopback and raw IP are)"), name != NULL ? name : "?", reader->link_type);
      hsviz_pcap_reader_free (reader);
      return NULL;
    }
  return reader;
}

HsvizPcapReader *
hsviz_pcap_reader_open (const char  *path,
                        GError     **error)
{
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not open %s: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  return hsviz_pcap_reader_open_file (file, error);
}

int
hsviz_pcap_reader_next (HsvizPcapReader  *reader,
                        HsvizTcpSegment  *segment,
                        GError          **error)
{
  for (;;)
    {
      struct pcap_pkthdr *header;
      const u_char *data;
      int ret = pcap_next_ex (reader->pcap, &header, &data);

      if (ret == PCAP_ERROR_BREAK)
        return 0;
      if (ret != 1)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                       _("The capture is damaged after frame %" PRIu64 ": %s"),
                       reader->stats.frames, pcap_geterr (reader->pcap));
          return -1;
        }
      reader->stats.frames++;
      switch (hsviz_packet_decode (reader->link_type, data, header->caplen, segment))
        {
        case HSVIZ_PACKET_TCP:
          reader->stats.tcp++;
          /* a damaged or hostile file may carry any time (pcapng if_tsresol scales it):
           * kept between the epoch and the year 5000, so times never overflow */
          segment->time_us = CLAMP ((gint64) header->ts.tv_sec, 0, TIME_MAX_S) * G_USEC_PER_SEC +
                             (reader->nanoseconds ? header->ts.tv_usec / 1000 : header->ts.tv_usec);
          return 1;
        case HSVIZ_PACKET_FRAGMENT:
          reader->stats.fragments++;
          break;
        case HSVIZ_PACKET_TRUNCATED:
          reader->stats.truncated++;
          break;
        case HSVIZ_PACKET_NOT_TCP:
        case HSVIZ_PACKET_UNSUPPORTED_LINK:
        default:
          reader->stats.not_tcp++;
          break;
        }
    }
}

int
hsviz_pcap_reader_get_link_type (HsvizPcapReader *reader)
{
  return reader->link_type;
}

gint64
hsviz_pcap_reader_get_offset (HsvizPcapReader *reader)
{
  return reader->file != NULL ? (gint64) ftello (reader->file) : -1;
}

const HsvizPcapStats *
hsviz_pcap_reader_get_stats (HsvizPcapReader *reader)
{
  return &reader->stats;
}

void
hsviz_pcap_reader_free (HsvizPcapReader *reader)
{
  if (reader == NULL)
    return;
  /* pcap_close closes the FILE it was given */
  pcap_close (reader->pcap);
  g_free (reader);
}
