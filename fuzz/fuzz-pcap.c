/* fuzz-pcap.c — libFuzzer harness for a whole capture import
 *
 * The input is a capture file (pcap or pcapng): the DSB walker, libpcap, the frame decoder, TCP
 * reassembly, TLS records, handshake messages and the connections built from them all run on
 * it, through hsviz_import_stream() from memory (fmemopen).  It must end with a result or a
 * GError, never a crash; every connection built must hold only messages of at least 4 bytes.
 * tests/test-fuzz-regressions.c includes this file with HSVIZ_FUZZ_NO_MAIN defined.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hsviz-error.h"
#include "hsviz-import.h"

int hsviz_fuzz_pcap_one (const guint8 *data, size_t size);

int
hsviz_fuzz_pcap_one (const guint8 *data,
                     size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) result = NULL;
  /* one thread: each input is read the same way every time */
  HsvizImportOptions options = { .threads = 1 };
  FILE *file;

  if (size == 0)
    return 0;
  file = fmemopen ((void *) data, size, "rb");
  if (file == NULL)
    return 0;
  result = hsviz_import_stream (file, (gint64) size, NULL, &options, NULL, &error);
  if (result == NULL)
    {
      if (error == NULL || error->domain != HSVIZ_ERROR)
        abort ();
      return 0;
    }
  for (guint i = 0; i < result->connections->len; i++)
    {
      HsvizConnection *c = g_ptr_array_index (result->connections, i);

      for (guint m = 0; m < hsviz_connection_get_n_messages (c); m++)
        if (g_bytes_get_size (hsviz_message_get_bytes (hsviz_connection_get_message (c, m))) < 4)
          abort ();
    }
  return 0;
}

#ifndef HSVIZ_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hsviz_fuzz_pcap_one (data, size);
}
#endif
