/* fuzz-dsb.c — libFuzzer harness for the pcapng Decryption Secrets Block walker
 *
 * The input is a pcapng file; hsviz_pcapng_read_tls_secrets() walks its blocks from memory
 * (fmemopen) and the key log it returns goes through the NSS key-log parser.  It must end with
 * TRUE or a GError, never a crash, and never return more text than the input held.
 * tests/test-fuzz-regressions.c includes this file with HSVIZ_FUZZ_NO_MAIN defined.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hsviz-error.h"
#include "hsviz-keylog.h"
#include "hsviz-pcapng-secrets.h"

int hsviz_fuzz_dsb_one (const guint8 *data, size_t size);

int
hsviz_fuzz_dsb_one (const guint8 *data,
                    size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(HsvizKeylog) keylog = hsviz_keylog_new ();
  FILE *file;
  gboolean ok;

  if (size == 0)
    return 0;
  file = fmemopen ((void *) data, size, "rb");
  if (file == NULL)
    return 0;
  ok = hsviz_pcapng_read_tls_secrets (file, text, &error);
  fclose (file);
  if (!ok && (error == NULL || error->domain != HSVIZ_ERROR))
    abort ();
  /* each DSB's text plus at most one added newline */
  if (text->len > size + size / 16 + 1)
    abort ();
  hsviz_keylog_add_text (keylog, text->str, text->len);
  return 0;
}

#ifndef HSVIZ_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hsviz_fuzz_dsb_one (data, size);
}
#endif
