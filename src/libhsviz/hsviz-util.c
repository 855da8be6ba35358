/* hsviz-util.c — small helpers shared by the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-util.h"

char *
hsviz_hex_encode (const guint8 *data,
                  gsize         len)
{
  static const char pairs[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
  char *out = g_malloc (len * 2 + 1);

  /* two digits a byte from one table */
  for (gsize i = 0; i < len; i++)
    memcpy (out + 2 * i, pairs + 2 * data[i], 2);
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

char *
hsviz_socket_address_to_string (GInetAddress *address,
                                guint16       port)
{
  g_autofree char *text = g_inet_address_to_string (address);

  return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]:%u", text, port)
         : g_strdup_printf ("%s:%u", text, port);
}

GInetAddress *
hsviz_socket_address_parse (const char *text,
                            guint16    *port)
{
  const char *colon;
  g_autofree char *host = NULL;
  guint64 number = 0;
  GInetAddress *address;

  if (text == NULL || (colon = strrchr (text, ':')) == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &number, NULL))
    return NULL;
  if (text[0] == '[')
    {
      if (colon - text < 3 || colon[-1] != ']')
        return NULL;
      host = g_strndup (text + 1, colon - text - 2);
    }
  else
    host = g_strndup (text, colon - text);
  address = g_inet_address_new_from_string (host);
  if (address == NULL ||
      (text[0] == '[') != (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6))
    {
      g_clear_object (&address);
      return NULL;
    }
  *port = (guint16) number;
  return address;
}
