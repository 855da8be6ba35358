/* fuzz-parser.c — libFuzzer harness for the handshake-message parser
 *
 * The first input byte picks the parse context (the rest is the whole message, header
 * included): bits 0-2 the negotiated version, bit 3 the direction, bits 4-7 the cipher suite.
 * The field tree must stay inside the message: every field's offset + length within its
 * parent's bytes, and a parse problem must come as a GError.
 * tests/test-fuzz-regressions.c includes this file with HSVIZ_FUZZ_NO_MAIN defined.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hsviz-error.h"
#include "hsviz-parser.h"

static const guint16 fuzz_versions[8] = {
  0, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0303, 0x0304,
};

static const guint16 fuzz_suites[16] = {
  0x0000, 0x1301, 0x1302, 0x1303,       /* unknown, TLS 1.3 */
  0xc02f, 0xc030, 0xc02b, 0xcca8,       /* ECDHE-RSA/ECDSA */
  0x009c, 0x009d, 0x002f,               /* RSA key transport */
  0x009e, 0x0033,                       /* DHE-RSA */
  0x00a8, 0xc0a4,                       /* PSK, PSK-CCM */
  0xffff,                               /* not a suite */
};

int hsviz_fuzz_parser_one (const guint8 *data, size_t size);

static void
fuzz_check_field (HsvizField *field,
                  gsize       start,
                  gsize       end,
                  guint       depth)
{
  gsize offset = hsviz_field_get_offset (field);
  gsize length = hsviz_field_get_length (field);

  if (depth > 64 || hsviz_field_get_key (field) == NULL || hsviz_field_get_label (field) == NULL)
    abort ();
  if (offset < start || offset > end || length > end - offset)
    {
      fprintf (stderr, "field “%s” at %zu+%zu outside %zu..%zu\n",
               hsviz_field_get_key (field), offset, length, start, end);
      abort ();
    }
  for (guint i = 0; i < hsviz_field_get_n_children (field); i++)
    fuzz_check_field (hsviz_field_get_child (field, i), offset, offset + length, depth + 1);
}

int
hsviz_fuzz_parser_one (const guint8 *data,
                       size_t        size)
{
  HsvizParseContext context = { 0 };
  g_autoptr(HsvizField) root = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
  context.version = fuzz_versions[data[0] & 0x07];
  context.direction = (data[0] & 0x08) ? HSVIZ_DIRECTION_SERVER : HSVIZ_DIRECTION_CLIENT;
  context.cipher_suite = fuzz_suites[data[0] >> 4];
  data++;
  size--;

  root = hsviz_parse_handshake_message (data, size, &context, &error);
  if (root == NULL || hsviz_field_get_length (root) != size)
    abort ();
  if (error != NULL && (error->domain != HSVIZ_ERROR || error->message == NULL))
    abort ();
  fuzz_check_field (root, 0, size, 0);
  if (size >= 4 && data[0] == 2)
    (void) hsviz_message_is_hello_retry_request (data, size);
  return 0;
}

#ifndef HSVIZ_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hsviz_fuzz_parser_one (data, size);
}
#endif
