/* hsviz-util.c — small helpers shared by the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-util.h"

char *
hsviz_hex_encode (const guint8 *data,
                  gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0xf];
    }
  out[len * 2] = '\0';
  return out;
}

char *
hsviz_hex_encode_bytes (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return hsviz_hex_encode (data, len);
}

GBytes *
hsviz_hex_decode (const char  *hex,
                  GError     **error)
{
  gsize len;
  guint8 *out;

  g_return_val_if_fail (hex != NULL, NULL);

  len = strlen (hex);
  if (len % 2 != 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("odd number of hex digits (%zu)"), len);
      return NULL;
    }
  out = g_malloc (len / 2 + 1);
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_free (out);
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                       _("“%c%c” at position %zu is not hex"), hex[2 * i], hex[2 * i + 1], 2 * i);
          return NULL;
        }
      out[i] = (guint8) ((hi << 4) | lo);
    }
  return g_bytes_new_take (out, len / 2);
}
