/* fuzz-session-file.c — libFuzzer harness for the session-file loader
 *
 * Feeds the input to hsviz_session_new_from_data().  A session that loads must also survive a
 * round trip: written again, it loads again and writes the same document byte for byte.  The
 * writing builds the connection's timeline (its derived `timeline` key), so the record
 * classification, the decryption of records with the file's keys and the matching of messages
 * to records run on every input that loads.
 * tests/test-fuzz-regressions.c includes this file with HSVIZ_FUZZ_NO_MAIN defined to replay
 * the corpus and the regressions through the normal build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-session-file.h"

int hsviz_fuzz_session_file_one (const guint8 *data, size_t size);

int
hsviz_fuzz_session_file_one (const guint8 *data,
                             size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(HsvizSession) again = NULL;
  g_autofree char *first = NULL, *second = NULL;
  gsize first_len = 0, second_len = 0;

  session = hsviz_session_new_from_data ((const char *) data, size, &error);
  if (session == NULL)
    {
      /* a refusal is a GError of ours with a message */
      if (error == NULL || error->domain != HSVIZ_ERROR || error->message == NULL ||
          error->message[0] == '\0')
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();

  first = hsviz_session_to_data (session, TRUE, &first_len);
  again = hsviz_session_new_from_data (first, first_len, &error);
  if (again == NULL)
    {
      fprintf (stderr, "a loaded session does not load again after saving: %s\n", error->message);
      abort ();
    }
  second = hsviz_session_to_data (again, TRUE, &second_len);
  if (first_len != second_len || memcmp (first, second, first_len) != 0)
    {
      fprintf (stderr, "a loaded session is not stable over a save and a load\n");
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
  return hsviz_fuzz_session_file_one (data, size);
}
#endif
