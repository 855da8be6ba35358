/* hsviz-parser-reader.c — checked reads of integers, byte strings and vectors for the parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-util.h"
#include "hsviz-parser-private.h"
#include "hsviz-tables.h"

gboolean
_hsviz_parser_fail (Parser     *p,
                    HsvizField *parent,
                    gsize       offset,
                    gsize       length,
                    const char *what,
                    const char *format,
                    ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  message = g_strdup_printf ("Malformed %s: %s at offset %" G_GSIZE_FORMAT ": %s",
                             p->msg_name, what, offset, detail);
  hsviz_field_add (parent, "error", "Error", message, offset, length, -1);

  if (p->error == NULL)
    p->error = g_error_new_literal (HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE, message);

  return FALSE;
}

gboolean
_hsviz_parser_need (Parser     *p,
                    HsvizField *parent,
                    Cursor     *c,
                    gsize       n,
                    const char *what)
{
  gsize left = c->end - c->pos;

  if (left >= n)
    return TRUE;

  return _hsviz_parser_fail (p, parent, c->pos, left, what,
                             "needs %" G_GSIZE_FORMAT " bytes, only %" G_GSIZE_FORMAT " left", n, left);
}

gboolean
_hsviz_parser_expect_end (Parser     *p,
                          HsvizField *parent,
                          Cursor     *c,
                          const char *what)
{
  if (c->pos == c->end)
    return TRUE;

  return _hsviz_parser_fail (p, parent, c->pos, c->end - c->pos, what,
                             "%" G_GSIZE_FORMAT " unexpected trailing bytes", c->end - c->pos);
}

guint32
_hsviz_parser_get_be (Parser *p,
                      gsize   pos,
                      gsize   n)
{
  guint32 v = 0;

  g_assert (n <= 4 && pos + n <= p->len);

  for (gsize i = 0; i < n; i++)
    v = (v << 8) | p->data[pos + i];

  return v;
}

static char *
hex_value (const guint8 *bytes,
           gsize         n)
{
  g_autofree char *hex = NULL;

  if (n == 0)
    return g_strdup ("(empty)");

  hex = hsviz_hex_encode (bytes, MIN (n, HEX_SHOWN));
  return n > HEX_SHOWN ? g_strconcat (hex, "…", NULL) : g_steal_pointer (&hex);
}

static char *
text_value (const guint8 *bytes,
            gsize         n)
{
  GString *s = g_string_sized_new (n + 2);

  for (gsize i = 0; i < n && i < 256; i++)
    {
      if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
        g_string_append_c (s, (char)bytes[i]);
      else
        g_string_append_printf (s, "\\x%02x", bytes[i]);
    }
  if (n > 256)
    g_string_append (s, "…");

  return g_string_free (s, FALSE);
}

static const char *
small_name (Show    show,
            guint32 v)
{
  static const char * const compression[] = { "null", "DEFLATE" };
  static const char * const point_formats[] = { "uncompressed", "ansiX962_compressed_prime",
                                                "ansiX962_compressed_char2" };
  static const char * const psk_modes[] = { "psk_ke", "psk_dhe_ke" };
  static const char * const curve_types[] = { NULL, "explicit_prime", "explicit_char2",
                                              "named_curve" };
  static const char * const key_update[] = { "update_not_requested", "update_requested" };

  switch (show)
    {
    case SHOW_COMPRESSION:
      return v < G_N_ELEMENTS (compression) ? compression[v] : NULL;
    case SHOW_POINT_FORMAT:
      return v < G_N_ELEMENTS (point_formats) ? point_formats[v] : NULL;
    case SHOW_PSK_MODE:
      return v < G_N_ELEMENTS (psk_modes) ? psk_modes[v] : NULL;
    case SHOW_CURVE_TYPE:
      return v < G_N_ELEMENTS (curve_types) ? curve_types[v] : NULL;
    case SHOW_KEY_UPDATE:
      return v < G_N_ELEMENTS (key_update) ? key_update[v] : NULL;
    case SHOW_STATUS_TYPE:
      return v == 1 ? "ocsp" : v == 2 ? "ocsp_multi" : NULL;
    case SHOW_NAME_TYPE:
      return v == 0 ? "host_name" : NULL;
    case SHOW_CERT_TYPE:
      switch (v)
        {
        case 1: return "rsa_sign";
        case 2: return "dss_sign";
        case 3: return "rsa_fixed_dh";
        case 4: return "dss_fixed_dh";
        case 64: return "ecdsa_sign";
        case 65: return "rsa_fixed_ecdh";
        case 66: return "ecdsa_fixed_ecdh";
        default: return NULL;
        }
    default:
      return NULL;
    }
}

/* Room for most values: a number and a name from the tables. */
typedef struct
{
  char  text[128];
  char *owned;        /* a longer value */
} Value;

/* "@v @name" with @v as 0x%04x (@hex) or in decimal: the common field values, without printf,
 * written into @out (its text, or a new string when longer). */
static const char *
number_named (guint32     v,
              gboolean    hex,
              const char *name,
              Value      *out)
{
  char digits[16];
  char *p = digits + sizeof digits;
  gsize name_len = name != NULL ? strlen (name) : 0;
  gsize len;
  char *text;

  if (hex)
    {
      for (int i = 0; i < 4 || v > 0; i++, v >>= 4)
        *--p = "0123456789abcdef"[v & 0xf];
      *--p = 'x';
      *--p = '0';
    }
  else
    do
      {
        *--p = (char) ('0' + v % 10);
        v /= 10;
      }
    while (v > 0);
  len = digits + sizeof digits - p;
  if (len + (name != NULL ? 1 + name_len : 0) + 1 <= sizeof out->text)
    text = out->text;
  else
    text = out->owned = g_malloc (len + (name != NULL ? 1 + name_len : 0) + 1);
  memcpy (text, p, len);
  if (name != NULL)
    {
      text[len] = ' ';
      memcpy (text + len + 1, name, name_len);
      len += 1 + name_len;
    }
  text[len] = '\0';
  return text;
}

static const char *
show_value (Show    show,
            guint32 v,
            Value  *out)
{
  const char *name;

  switch (show)
    {
    case SHOW_DEC:
      return number_named (v, FALSE, NULL, out);
    case SHOW_SUITE:
      return number_named (v, TRUE, hsviz_cipher_suite_name (v), out);
    case SHOW_GROUP:
      return number_named (v, TRUE, hsviz_group_name (v), out);
    case SHOW_SIGSCHEME:
      return number_named (v, TRUE, hsviz_signature_scheme_name (v), out);
    case SHOW_VERSION:
      return number_named (v, TRUE, hsviz_version_name (v), out);
    case SHOW_HS_TYPE:
      return number_named (v, FALSE, hsviz_handshake_type_name (v, FALSE), out);
    default:
      name = small_name (show, v);
      return number_named (v, FALSE, name != NULL ? name : "unknown", out);
    }
}

/* Reads an @n-byte big-endian integer as a leaf field. */
gboolean
_hsviz_parser_read_uint (Parser      *p,
                         HsvizField  *parent,
                         Cursor      *c,
                         gsize        n,
                         const char  *key,
                         const char  *label,
                         Show         show,
                         guint32     *out)
{
  Value value = { .owned = NULL };
  guint32 v;

  if (!_hsviz_parser_need (p, parent, c, n, key))
    return FALSE;

  v = _hsviz_parser_get_be (p, c->pos, n);
  hsviz_field_add (parent, key, label, show_value (show, v, &value), c->pos, n, v);
  g_free (value.owned);
  c->pos += n;

  if (out != NULL)
    *out = v;

  return TRUE;
}

/* Reads @n raw bytes as a leaf field (hex value, number = @n). */
HsvizField *
_hsviz_parser_read_fixed (Parser     *p,
                          HsvizField *parent,
                          Cursor     *c,
                          gsize       n,
                          const char *key,
                          const char *label)
{
  g_autofree char *value = NULL;
  HsvizField *field;

  if (!_hsviz_parser_need (p, parent, c, n, key))
    return NULL;

  value = hex_value (p->data + c->pos, n);
  field = hsviz_field_add (parent, key, label, value, c->pos, n, n);
  c->pos += n;

  return field;
}

/* Opens a vector with an @lensize-byte length prefix: adds a field covering prefix + body
 * (number = body length) and sets @inner to the body. */
HsvizField *
_hsviz_parser_open_vector (Parser     *p,
                           HsvizField *parent,
                           Cursor     *c,
                           gsize       lensize,
                           const char *key,
                           const char *label,
                           Cursor     *inner)
{
  gsize start = c->pos;
  gsize body;

  if (!_hsviz_parser_need (p, parent, c, lensize, key))
    return NULL;

  body = _hsviz_parser_get_be (p, c->pos, lensize);
  c->pos += lensize;
  if (body > c->end - c->pos)
    {
      _hsviz_parser_fail (p, parent, start, c->end - start, key,
                          "length %" G_GSIZE_FORMAT " runs past the end (%" G_GSIZE_FORMAT " bytes left)",
                          body, c->end - c->pos);
      return NULL;
    }

  inner->pos = c->pos;
  inner->end = c->pos + body;
  c->pos += body;

  return hsviz_field_add (parent, key, label, NULL, start, lensize + body, body);
}

char *
_hsviz_parser_label_count (const char *label,
                           guint64     n,
                           const char *unit)
{
  char digits[24];
  char *d = digits + sizeof digits - 1;

  *d = '\0';
  do
    {
      *--d = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0);
  return g_strconcat (label != NULL ? label : "(null)", " (", d, unit, ")", NULL);
}

/* A length-prefixed opaque byte string, shown as hex (or text). */
HsvizField *
_hsviz_parser_read_opaque (Parser     *p,
                           HsvizField *parent,
                           Cursor     *c,
                           gsize       lensize,
                           const char *key,
                           const char *label,
                           gboolean    as_text)
{
  g_autofree char *value = NULL;
  g_autofree char *full_label = NULL;
  HsvizField *field;
  gsize start = c->pos;
  gsize body;

  if (!_hsviz_parser_need (p, parent, c, lensize, key))
    return NULL;

  body = _hsviz_parser_get_be (p, c->pos, lensize);
  if (body > c->end - c->pos - lensize)
    {
      _hsviz_parser_fail (p, parent, start, c->end - start, key,
                          "length %" G_GSIZE_FORMAT " runs past the end (%" G_GSIZE_FORMAT " bytes left)",
                          body, c->end - c->pos - lensize);
      return NULL;
    }

  value = as_text ? text_value (p->data + start + lensize, body)
                  : hex_value (p->data + start + lensize, body);
  full_label = as_text ? g_strdup (label)
                       : _hsviz_parser_label_count (label, body, " bytes");
  field = hsviz_field_add (parent, key, full_label, value, start, lensize + body, body);
  c->pos += lensize + body;

  return field;
}

/* A length-prefixed list of @elemsize-byte integers. */
gboolean
_hsviz_parser_read_uint_list (Parser     *p,
                              HsvizField *parent,
                              Cursor     *c,
                              gsize       lensize,
                              gsize       elemsize,
                              const char *list_key,
                              const char *list_label,
                              const char *item_key,
                              const char *item_label,
                              Show        show)
{
  g_autofree char *label = NULL;
  HsvizField *list;
  Cursor inner;

  if (c->end - c->pos >= lensize)
    label = _hsviz_parser_label_count (list_label, _hsviz_parser_get_be (p, c->pos, lensize) / (guint) elemsize, "");
  list = _hsviz_parser_open_vector (p, parent, c, lensize, list_key,
                                    label != NULL ? label : list_label, &inner);
  if (list == NULL)
    return FALSE;

  while (inner.end - inner.pos >= elemsize)
    _hsviz_parser_read_uint (p, list, &inner, elemsize, item_key, item_label, show, NULL);

  return _hsviz_parser_expect_end (p, list, &inner, list_key);
}

/* The length of a composite item that starts at c->pos: @fixed bytes plus the values of the
 * length prefixes at the given relative offsets, clamped to what is left (a prefix that does
 * not fit makes the item run to the end, and the read that follows reports the error). */
gsize
_hsviz_parser_item_span (Parser *p,
                         Cursor *c,
                         gsize   fixed,
                         gsize   prefix1_at,
                         gsize   prefix1_size,
                         gsize   prefix2_at,
                         gsize   prefix2_size)
{
  gsize left = c->end - c->pos;
  gsize span = fixed;

  if (prefix1_size > 0)
    {
      if (prefix1_at + prefix1_size > left)
        return left;
      span += _hsviz_parser_get_be (p, c->pos + prefix1_at, prefix1_size);
    }
  if (prefix2_size > 0)
    {
      gsize at = prefix2_at + (span - fixed);

      if (at > left || prefix2_size > left - at)
        return left;
      span += _hsviz_parser_get_be (p, c->pos + at, prefix2_size);
    }

  return MIN (span, left);
}
