/* hsviz-parser.c — the handshake-message field parser (pure, bounds-checked, no I/O)
 *
 * Every read goes through a Cursor (a [pos, end) window on the message) and is checked
 * against the window first, so no input can make the parser read past @len.  On the first
 * malformed field the parser appends a field of key "error" where it stopped, sets
 * HSVIZ_ERROR_BAD_MESSAGE and returns the tree built so far.
 *
 * Keys produced besides those documented in hsviz-parser.h:
 *  "header" (the 4-byte header: "msg_type", "msg_length"), "body" (unparsed body of an
 *  unknown message type), "extension_type", "extension_length", "extension_data" (raw bytes
 *  of an extension we do not parse), "server_name_list" / "server_name" (entries, number =
 *  name_type), "named_group_list", "supported_signature_algorithms", "versions",
 *  "ec_point_format_list" / "ec_point_format", "protocol_name_list", "client_shares",
 *  "ke_modes" / "psk_key_exchange_mode", "renegotiated_connection", "record_size_limit",
 *  "session_ticket" (ticket bytes inside the extension), "cookie", "padding",
 *  "status_type" / "responder_id_list" / "request_extensions" (status_request),
 *  "identities" / "psk_identity" / "identity" / "obfuscated_ticket_age" / "binders" /
 *  "psk_binder" / "selected_identity" (pre_shared_key), "max_early_data_size",
 *  "certificate_authorities" / "distinguished_name", "certificate_request_context",
 *  "certificate_types" / "certificate_type", "ticket_age_add", "ticket_nonce",
 *  "request_update", "psk_identity_hint", "srp_N", "srp_g", "srp_s", "srp_B", "srp_A",
 *  "exchange_keys" (ClientKeyExchange of an unknown key exchange), "error".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-parser.h"
#include "hsviz-tables.h"

const guint8 hsviz_hello_retry_request_random[32] = {
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

#define HEX_SHOWN 32   /* bytes shown in a value before "…" */

typedef struct
{
  gsize pos;
  gsize end;   /* exclusive; pos <= end <= message length always */
} Cursor;

typedef struct
{
  const guint8            *data;
  gsize                    len;
  const HsvizParseContext *ctx;
  const char              *msg_name;
  guint8                   type;
  gboolean                 hrr;
  GError                  *error;
} Parser;

/* How an integer is shown. */
typedef enum
{
  SHOW_DEC,
  SHOW_SUITE,
  SHOW_GROUP,
  SHOW_SIGSCHEME,
  SHOW_VERSION,
  SHOW_HS_TYPE,
  SHOW_COMPRESSION,
  SHOW_POINT_FORMAT,
  SHOW_PSK_MODE,
  SHOW_CERT_TYPE,
  SHOW_STATUS_TYPE,
  SHOW_CURVE_TYPE,
  SHOW_KEY_UPDATE,
  SHOW_NAME_TYPE,
} Show;

/* Where an extension block sits (decides the form of supported_versions, key_share, ...). */
typedef enum
{
  WHERE_CLIENT_HELLO,
  WHERE_SERVER_HELLO,
  WHERE_HRR,
  WHERE_ENCRYPTED_EXTENSIONS,
  WHERE_CERTIFICATE_ENTRY,
  WHERE_CERTIFICATE_REQUEST,
  WHERE_NEW_SESSION_TICKET,
} Where;

static HsvizField *
add_field (HsvizField *parent,
           const char *key,
           const char *label,
           const char *value,
           gsize       offset,
           gsize       length,
           gint64      number)
{
  g_autoptr(HsvizField) field = hsviz_field_new (key, label, value, offset, length, number);

  hsviz_field_append (parent, field);

  return field;   /* borrowed: @parent holds the reference */
}

static gboolean G_GNUC_PRINTF (6, 7)
fail (Parser     *p,
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
  add_field (parent, "error", "Error", message, offset, length, -1);

  if (p->error == NULL)
    p->error = g_error_new_literal (HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE, message);

  return FALSE;
}

static gboolean
need (Parser     *p,
      HsvizField *parent,
      Cursor     *c,
      gsize       n,
      const char *what)
{
  gsize left = c->end - c->pos;

  if (left >= n)
    return TRUE;

  return fail (p, parent, c->pos, left, what,
               "needs %" G_GSIZE_FORMAT " bytes, only %" G_GSIZE_FORMAT " left", n, left);
}

static gboolean
expect_end (Parser     *p,
            HsvizField *parent,
            Cursor     *c,
            const char *what)
{
  if (c->pos == c->end)
    return TRUE;

  return fail (p, parent, c->pos, c->end - c->pos, what,
               "%" G_GSIZE_FORMAT " unexpected trailing bytes", c->end - c->pos);
}

static guint32
get_be (Parser *p,
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
  GString *s;

  if (n == 0)
    return g_strdup ("(empty)");

  s = g_string_sized_new (2 * MIN (n, HEX_SHOWN) + 8);
  for (gsize i = 0; i < n && i < HEX_SHOWN; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  if (n > HEX_SHOWN)
    g_string_append (s, "…");

  return g_string_free (s, FALSE);
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

static char *
show_value (Show    show,
            guint32 v)
{
  const char *name;

  switch (show)
    {
    case SHOW_DEC:
      return g_strdup_printf ("%u", v);
    case SHOW_SUITE:
      return g_strdup_printf ("0x%04x %s", v, hsviz_cipher_suite_name (v));
    case SHOW_GROUP:
      return g_strdup_printf ("0x%04x %s", v, hsviz_group_name (v));
    case SHOW_SIGSCHEME:
      return g_strdup_printf ("0x%04x %s", v, hsviz_signature_scheme_name (v));
    case SHOW_VERSION:
      return g_strdup_printf ("0x%04x %s", v, hsviz_version_name (v));
    case SHOW_HS_TYPE:
      return g_strdup_printf ("%u %s", v, hsviz_handshake_type_name (v, FALSE));
    default:
      name = small_name (show, v);
      return name != NULL ? g_strdup_printf ("%u %s", v, name)
                          : g_strdup_printf ("%u unknown", v);
    }
}

/* Reads an @n-byte big-endian integer as a leaf field. */
static gboolean
read_uint (Parser      *p,
           HsvizField  *parent,
           Cursor      *c,
           gsize        n,
           const char  *key,
           const char  *label,
           Show         show,
           guint32     *out)
{
  g_autofree char *value = NULL;
  guint32 v;

  if (!need (p, parent, c, n, key))
    return FALSE;

  v = get_be (p, c->pos, n);
  value = show_value (show, v);
  add_field (parent, key, label, value, c->pos, n, v);
  c->pos += n;

  if (out != NULL)
    *out = v;

  return TRUE;
}

/* Reads @n raw bytes as a leaf field (hex value, number = @n). */
static HsvizField *
read_fixed (Parser     *p,
            HsvizField *parent,
            Cursor     *c,
            gsize       n,
            const char *key,
            const char *label)
{
  g_autofree char *value = NULL;
  HsvizField *field;

  if (!need (p, parent, c, n, key))
    return NULL;

  value = hex_value (p->data + c->pos, n);
  field = add_field (parent, key, label, value, c->pos, n, n);
  c->pos += n;

  return field;
}

/* Opens a vector with an @lensize-byte length prefix: adds a field covering prefix + body
 * (number = body length) and sets @inner to the body. */
static HsvizField *
open_vector (Parser     *p,
             HsvizField *parent,
             Cursor     *c,
             gsize       lensize,
             const char *key,
             const char *label,
             Cursor     *inner)
{
  gsize start = c->pos;
  gsize body;

  if (!need (p, parent, c, lensize, key))
    return NULL;

  body = get_be (p, c->pos, lensize);
  c->pos += lensize;
  if (body > c->end - c->pos)
    {
      fail (p, parent, start, c->end - start, key,
            "length %" G_GSIZE_FORMAT " runs past the end (%" G_GSIZE_FORMAT " bytes left)",
            body, c->end - c->pos);
      return NULL;
    }

  inner->pos = c->pos;
  inner->end = c->pos + body;
  c->pos += body;

  return add_field (parent, key, label, NULL, start, lensize + body, body);
}

/* A length-prefixed opaque byte string, shown as hex (or text). */
static HsvizField *
read_opaque (Parser     *p,
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

  if (!need (p, parent, c, lensize, key))
    return NULL;

  body = get_be (p, c->pos, lensize);
  if (body > c->end - c->pos - lensize)
    {
      fail (p, parent, start, c->end - start, key,
            "length %" G_GSIZE_FORMAT " runs past the end (%" G_GSIZE_FORMAT " bytes left)",
            body, c->end - c->pos - lensize);
      return NULL;
    }

  value = as_text ? text_value (p->data + start + lensize, body)
                  : hex_value (p->data + start + lensize, body);
  full_label = as_text ? g_strdup (label)
                       : g_strdup_printf ("%s (%" G_GSIZE_FORMAT " bytes)", label, body);
  field = add_field (parent, key, full_label, value, start, lensize + body, body);
  c->pos += lensize + body;

  return field;
}

/* A length-prefixed list of @elemsize-byte integers. */
static gboolean
read_uint_list (Parser     *p,
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
    label = g_strdup_printf ("%s (%u)", list_label, get_be (p, c->pos, lensize) / (guint)elemsize);
  list = open_vector (p, parent, c, lensize, list_key, label != NULL ? label : list_label, &inner);
  if (list == NULL)
    return FALSE;

  while (inner.end - inner.pos >= elemsize)
    read_uint (p, list, &inner, elemsize, item_key, item_label, show, NULL);

  return expect_end (p, list, &inner, list_key);
}

static gboolean parse_extensions (Parser     *p,
                                  HsvizField *parent,
                                  Cursor     *c,
                                  Where       where);

/* The length of a composite item that starts at c->pos: @fixed bytes plus the values of the
 * length prefixes at the given relative offsets, clamped to what is left (a prefix that does
 * not fit makes the item run to the end, and the read that follows reports the error). */
static gsize
item_span (Parser *p,
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
      span += get_be (p, c->pos + prefix1_at, prefix1_size);
    }
  if (prefix2_size > 0)
    {
      gsize at = prefix2_at + (span - fixed);

      if (at > left || prefix2_size > left - at)
        return left;
      span += get_be (p, c->pos + at, prefix2_size);
    }

  return MIN (span, left);
}

static gboolean
parse_key_share_entry (Parser     *p,
                       HsvizField *parent,
                       Cursor     *c)
{
  g_autofree char *label = NULL;
  HsvizField *entry;
  gint64 group = -1;

  if (c->end - c->pos >= 2)
    group = get_be (p, c->pos, 2);
  label = g_strdup_printf ("Key share: %s", group >= 0 ? hsviz_group_name (group) : "?");
  entry = add_field (parent, "key_share_entry", label, NULL, c->pos,
                     item_span (p, c, 4, 2, 2, 0, 0), group);

  return read_uint (p, entry, c, 2, "group", "Group", SHOW_GROUP, NULL) &&
         read_opaque (p, entry, c, 2, "key_exchange", "Key exchange", FALSE) != NULL;
}

static gboolean
parse_extension_body (Parser     *p,
                      HsvizField *ext,
                      Cursor     *c,
                      guint16     type,
                      Where       where)
{
  Cursor inner;
  HsvizField *list;

  switch (type)
    {
    case 0: /* server_name */
      if (c->pos == c->end)
        return TRUE;   /* the server's empty acknowledgement */
      list = open_vector (p, ext, c, 2, "server_name_list", "Server names", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        {
          HsvizField *entry;
          guint32 name_type;

          if (!need (p, list, &inner, 1, "server_name"))
            return FALSE;
          name_type = p->data[inner.pos];
          entry = add_field (list, "server_name", "Server name", NULL, inner.pos,
                             item_span (p, &inner, 3, 1, 2, 0, 0), name_type);
          read_uint (p, entry, &inner, 1, "name_type", "Name type", SHOW_NAME_TYPE, NULL);
          if (read_opaque (p, entry, &inner, 2, name_type == 0 ? "host_name" : "name",
                           name_type == 0 ? "Host name" : "Name", TRUE) == NULL)
            return FALSE;
        }
      return TRUE;

    case 5: /* status_request */
      if (c->pos == c->end)
        return TRUE;
      if (!read_uint (p, ext, c, 1, "status_type", "Status type", SHOW_STATUS_TYPE, NULL))
        return FALSE;
      if (where == WHERE_CERTIFICATE_ENTRY)
        return read_opaque (p, ext, c, 3, "ocsp_response", "OCSP response", FALSE) != NULL;
      return read_opaque (p, ext, c, 2, "responder_id_list", "Responder ids", FALSE) != NULL &&
             read_opaque (p, ext, c, 2, "request_extensions", "Request extensions", FALSE) != NULL;

    case 10: /* supported_groups */
      return read_uint_list (p, ext, c, 2, 2, "named_group_list", "Groups",
                             "group", "Group", SHOW_GROUP);

    case 11: /* ec_point_formats */
      return read_uint_list (p, ext, c, 1, 1, "ec_point_format_list", "Point formats",
                             "ec_point_format", "Point format", SHOW_POINT_FORMAT);

    case 13: /* signature_algorithms */
    case 50: /* signature_algorithms_cert */
      return read_uint_list (p, ext, c, 2, 2, "supported_signature_algorithms",
                             "Signature schemes", "signature_scheme", "Signature scheme",
                             SHOW_SIGSCHEME);

    case 16: /* application_layer_protocol_negotiation */
      list = open_vector (p, ext, c, 2, "protocol_name_list", "Protocols", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (read_opaque (p, list, &inner, 1, "protocol", "Protocol", TRUE) == NULL)
          return FALSE;
      return TRUE;

    case 21: /* padding */
      return read_fixed (p, ext, c, c->end - c->pos, "padding", "Padding") != NULL;

    case 22: /* encrypt_then_mac */
    case 23: /* extended_master_secret */
    case 49: /* post_handshake_auth */
      return TRUE;   /* empty; trailing bytes are caught by the caller */

    case 28: /* record_size_limit */
      return read_uint (p, ext, c, 2, "record_size_limit", "Record size limit", SHOW_DEC, NULL);

    case 35: /* session_ticket */
      return read_fixed (p, ext, c, c->end - c->pos, "session_ticket", "Ticket") != NULL;

    case 41: /* pre_shared_key */
      if (where == WHERE_SERVER_HELLO)
        return read_uint (p, ext, c, 2, "selected_identity", "Selected identity", SHOW_DEC, NULL);
      list = open_vector (p, ext, c, 2, "identities", "Identities", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        {
          HsvizField *id = add_field (list, "psk_identity", "PSK identity", NULL, inner.pos,
                                      item_span (p, &inner, 6, 0, 2, 0, 0), -1);

          if (read_opaque (p, id, &inner, 2, "identity", "Identity", FALSE) == NULL ||
              !read_uint (p, id, &inner, 4, "obfuscated_ticket_age", "Obfuscated ticket age",
                          SHOW_DEC, NULL))
            return FALSE;
        }
      list = open_vector (p, ext, c, 2, "binders", "Binders", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (read_opaque (p, list, &inner, 1, "psk_binder", "Binder", FALSE) == NULL)
          return FALSE;
      return TRUE;

    case 42: /* early_data */
      if (where == WHERE_NEW_SESSION_TICKET)
        return read_uint (p, ext, c, 4, "max_early_data_size", "Max early data size",
                          SHOW_DEC, NULL);
      return TRUE;

    case 43: /* supported_versions */
      if (where == WHERE_SERVER_HELLO || where == WHERE_HRR)
        return read_uint (p, ext, c, 2, "selected_version", "Selected version", SHOW_VERSION, NULL);
      return read_uint_list (p, ext, c, 1, 2, "versions", "Versions",
                             "version", "Version", SHOW_VERSION);

    case 44: /* cookie */
      return read_opaque (p, ext, c, 2, "cookie", "Cookie", FALSE) != NULL;

    case 45: /* psk_key_exchange_modes */
      return read_uint_list (p, ext, c, 1, 1, "ke_modes", "Modes",
                             "psk_key_exchange_mode", "Mode", SHOW_PSK_MODE);

    case 47: /* certificate_authorities */
      list = open_vector (p, ext, c, 2, "certificate_authorities", "Authorities", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (read_opaque (p, list, &inner, 2, "distinguished_name", "Name (DER)", FALSE) == NULL)
          return FALSE;
      return TRUE;

    case 51: /* key_share */
      if (where == WHERE_HRR)
        return read_uint (p, ext, c, 2, "selected_group", "Selected group", SHOW_GROUP, NULL);
      if (where == WHERE_SERVER_HELLO)
        return parse_key_share_entry (p, ext, c);
      list = open_vector (p, ext, c, 2, "client_shares", "Client key shares", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (!parse_key_share_entry (p, list, &inner))
          return FALSE;
      return TRUE;

    case 65281: /* renegotiation_info */
      return read_opaque (p, ext, c, 1, "renegotiated_connection", "Renegotiated connection",
                          FALSE) != NULL;

    default:
      return read_fixed (p, ext, c, c->end - c->pos, "extension_data", "Data") != NULL;
    }
}

static gboolean
parse_extensions (Parser     *p,
                  HsvizField *parent,
                  Cursor     *c,
                  Where       where)
{
  HsvizField *list;
  Cursor inner;

  list = open_vector (p, parent, c, 2, "extensions", "Extensions", &inner);
  if (list == NULL)
    return FALSE;

  while (inner.pos < inner.end)
    {
      g_autofree char *label = NULL;
      HsvizField *ext;
      Cursor body;
      guint16 type;
      gsize start = inner.pos;
      gsize ext_len;

      if (!need (p, list, &inner, 4, "extension"))
        return FALSE;
      type = get_be (p, inner.pos, 2);
      ext_len = get_be (p, inner.pos + 2, 2);
      if (ext_len > inner.end - inner.pos - 4)
        return fail (p, list, start, inner.end - start, hsviz_extension_name (type),
                     "extension length %" G_GSIZE_FORMAT " runs past the end", ext_len);

      label = g_strdup_printf ("%s (%u)", hsviz_extension_name (type), type);
      ext = add_field (list, "extension", label, NULL, start, 4 + ext_len, type);
      read_uint (p, ext, &inner, 2, "extension_type", "Type", SHOW_DEC, NULL);
      read_uint (p, ext, &inner, 2, "extension_length", "Length", SHOW_DEC, NULL);
      body.pos = inner.pos;
      body.end = inner.pos + ext_len;
      inner.pos = body.end;

      if (!parse_extension_body (p, ext, &body, type, where) ||
          !expect_end (p, ext, &body, hsviz_extension_name (type)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_hello (Parser     *p,
             HsvizField *root,
             Cursor     *c)
{
  gboolean client = p->type == HSVIZ_HS_CLIENT_HELLO;

  if (!read_uint (p, root, c, 2, "legacy_version", "Version", SHOW_VERSION, NULL) ||
      read_fixed (p, root, c, 32, "random", "Random") == NULL ||
      read_opaque (p, root, c, 1, "session_id", "Session id", FALSE) == NULL)
    return FALSE;

  if (client)
    {
      if (!read_uint_list (p, root, c, 2, 2, "cipher_suites", "Cipher suites",
                           "cipher_suite", "Cipher suite", SHOW_SUITE) ||
          !read_uint_list (p, root, c, 1, 1, "compression_methods", "Compression methods",
                           "compression_method", "Compression method", SHOW_COMPRESSION))
        return FALSE;
    }
  else
    {
      if (!read_uint (p, root, c, 2, "cipher_suite", "Cipher suite", SHOW_SUITE, NULL) ||
          !read_uint (p, root, c, 1, "compression_method", "Compression method",
                      SHOW_COMPRESSION, NULL))
        return FALSE;
    }

  if (c->pos == c->end)
    return TRUE;   /* extensions are optional before TLS 1.3 */

  return parse_extensions (p, root, c,
                           client ? WHERE_CLIENT_HELLO : p->hrr ? WHERE_HRR : WHERE_SERVER_HELLO);
}

static gboolean
parse_certificate (Parser     *p,
                   HsvizField *root,
                   Cursor     *c)
{
  gboolean tls13 = p->ctx->version == HSVIZ_VERSION_TLS13;
  HsvizField *list;
  Cursor inner;
  guint n = 0;

  if (tls13 && read_opaque (p, root, c, 1, "certificate_request_context", "Request context",
                            FALSE) == NULL)
    return FALSE;

  list = open_vector (p, root, c, 3, "certificate_list", "Certificates", &inner);
  if (list == NULL)
    return FALSE;

  while (inner.pos < inner.end)
    {
      g_autofree char *label = g_strdup_printf ("Certificate %u", ++n);
      gsize span = tls13 ? item_span (p, &inner, 5, 0, 3, 3, 2) : item_span (p, &inner, 3, 0, 3, 0, 0);
      HsvizField *entry = add_field (list, "certificate_entry", label, NULL, inner.pos, span, n - 1);

      if (read_opaque (p, entry, &inner, 3, "cert_data", "Certificate (DER)", FALSE) == NULL)
        return FALSE;
      if (tls13 && !parse_extensions (p, entry, &inner, WHERE_CERTIFICATE_ENTRY))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_signature (Parser     *p,
                HsvizField *root,
                Cursor     *c)
{
  /* TLS 1.0/1.1 signatures have no scheme; an unknown version is taken as TLS 1.2 */
  if ((p->ctx->version == 0 || p->ctx->version >= HSVIZ_VERSION_TLS12) &&
      !read_uint (p, root, c, 2, "signature_scheme", "Signature scheme", SHOW_SIGSCHEME, NULL))
    return FALSE;

  return read_opaque (p, root, c, 2, "signature", "Signature", FALSE) != NULL;
}

static const HsvizCipherSuite *
current_suite (Parser *p)
{
  return hsviz_cipher_suite_lookup (p->ctx->cipher_suite);
}

static gboolean
parse_server_key_exchange (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  const HsvizCipherSuite *suite = current_suite (p);
  HsvizKeyExchange kx = suite != NULL ? suite->kx : HSVIZ_KX_UNKNOWN;
  gboolean signed_params = suite == NULL || (g_strcmp0 (suite->auth, "anon") != 0 &&
                                             g_strcmp0 (suite->auth, "PSK") != 0 &&
                                             g_strcmp0 (suite->auth, "SRP") != 0);
  guint32 curve_type;

  if (kx == HSVIZ_KX_UNKNOWN && c->pos < c->end)
    kx = p->data[c->pos] == 3 ? HSVIZ_KX_ECDHE : HSVIZ_KX_DHE;   /* a guess by the first byte */

  if (kx == HSVIZ_KX_PSK || kx == HSVIZ_KX_DHE_PSK || kx == HSVIZ_KX_ECDHE_PSK ||
      kx == HSVIZ_KX_RSA_PSK)
    {
      if (read_opaque (p, root, c, 2, "psk_identity_hint", "PSK identity hint", FALSE) == NULL)
        return FALSE;
    }

  switch (kx)
    {
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_ECDHE_PSK:
      if (!read_uint (p, root, c, 1, "curve_type", "Curve type", SHOW_CURVE_TYPE, &curve_type))
        return FALSE;
      if (curve_type != 3)
        return fail (p, root, c->pos - 1, 1, "curve_type", "only named curves are supported");
      if (!read_uint (p, root, c, 2, "named_curve", "Named curve", SHOW_GROUP, NULL) ||
          read_opaque (p, root, c, 1, "public_key", "Public key", FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_DHE:
    case HSVIZ_KX_DHE_PSK:
      if (read_opaque (p, root, c, 2, "dh_p", "DH prime p", FALSE) == NULL ||
          read_opaque (p, root, c, 2, "dh_g", "DH generator g", FALSE) == NULL ||
          read_opaque (p, root, c, 2, "dh_Ys", "Server DH public value Ys", FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_SRP:
      if (read_opaque (p, root, c, 2, "srp_N", "SRP N", FALSE) == NULL ||
          read_opaque (p, root, c, 2, "srp_g", "SRP g", FALSE) == NULL ||
          read_opaque (p, root, c, 1, "srp_s", "SRP salt", FALSE) == NULL ||
          read_opaque (p, root, c, 2, "srp_B", "SRP B", FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_PSK:
    case HSVIZ_KX_RSA_PSK:
      return TRUE;

    case HSVIZ_KX_RSA:
    case HSVIZ_KX_TLS13:
    case HSVIZ_KX_UNKNOWN:
    default:
      return fail (p, root, c->pos, c->end - c->pos, "ServerKeyExchange",
                   "not expected with key exchange %s", hsviz_key_exchange_name (kx));
    }

  if (!signed_params)
    return TRUE;

  return read_signature (p, root, c);
}

static gboolean
parse_client_key_exchange (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  const HsvizCipherSuite *suite = current_suite (p);
  HsvizKeyExchange kx = suite != NULL ? suite->kx : HSVIZ_KX_UNKNOWN;

  if (kx == HSVIZ_KX_PSK || kx == HSVIZ_KX_DHE_PSK || kx == HSVIZ_KX_ECDHE_PSK ||
      kx == HSVIZ_KX_RSA_PSK)
    {
      if (read_opaque (p, root, c, 2, "psk_identity", "PSK identity", TRUE) == NULL)
        return FALSE;
    }

  switch (kx)
    {
    case HSVIZ_KX_RSA:
    case HSVIZ_KX_RSA_PSK:
      return read_opaque (p, root, c, 2, "encrypted_pre_master_secret",
                          "Encrypted pre-master secret", FALSE) != NULL;
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_ECDHE_PSK:
      return read_opaque (p, root, c, 1, "public_key", "Client ECDH public key", FALSE) != NULL;
    case HSVIZ_KX_DHE:
    case HSVIZ_KX_DHE_PSK:
      return read_opaque (p, root, c, 2, "public_key", "Client DH public value Yc", FALSE) != NULL;
    case HSVIZ_KX_SRP:
      return read_opaque (p, root, c, 2, "srp_A", "SRP A", FALSE) != NULL;
    case HSVIZ_KX_PSK:
      return TRUE;
    default:
      return read_fixed (p, root, c, c->end - c->pos, "exchange_keys", "Exchange keys") != NULL;
    }
}

static gboolean
parse_certificate_request (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  HsvizField *list;
  Cursor inner;

  if (p->ctx->version == HSVIZ_VERSION_TLS13)
    return read_opaque (p, root, c, 1, "certificate_request_context", "Request context",
                        FALSE) != NULL &&
           parse_extensions (p, root, c, WHERE_CERTIFICATE_REQUEST);

  if (!read_uint_list (p, root, c, 1, 1, "certificate_types", "Certificate types",
                       "certificate_type", "Certificate type", SHOW_CERT_TYPE))
    return FALSE;
  if ((p->ctx->version == 0 || p->ctx->version >= HSVIZ_VERSION_TLS12) &&
      !read_uint_list (p, root, c, 2, 2, "supported_signature_algorithms", "Signature schemes",
                       "signature_scheme", "Signature scheme", SHOW_SIGSCHEME))
    return FALSE;

  list = open_vector (p, root, c, 2, "certificate_authorities", "Certificate authorities", &inner);
  if (list == NULL)
    return FALSE;
  while (inner.pos < inner.end)
    if (read_opaque (p, list, &inner, 2, "distinguished_name", "Name (DER)", FALSE) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
parse_new_session_ticket (Parser     *p,
                          HsvizField *root,
                          Cursor     *c)
{
  if (p->ctx->version != HSVIZ_VERSION_TLS13)
    return read_uint (p, root, c, 4, "ticket_lifetime", "Ticket lifetime hint (s)", SHOW_DEC, NULL) &&
           read_opaque (p, root, c, 2, "ticket", "Ticket", FALSE) != NULL;

  return read_uint (p, root, c, 4, "ticket_lifetime", "Ticket lifetime (s)", SHOW_DEC, NULL) &&
         read_uint (p, root, c, 4, "ticket_age_add", "Ticket age add", SHOW_DEC, NULL) &&
         read_opaque (p, root, c, 1, "ticket_nonce", "Ticket nonce", FALSE) != NULL &&
         read_opaque (p, root, c, 2, "ticket", "Ticket", FALSE) != NULL &&
         parse_extensions (p, root, c, WHERE_NEW_SESSION_TICKET);
}

static gboolean
parse_body (Parser     *p,
            HsvizField *root,
            Cursor     *c)
{
  switch (p->type)
    {
    case HSVIZ_HS_CLIENT_HELLO:
    case HSVIZ_HS_SERVER_HELLO:
      return parse_hello (p, root, c);
    case HSVIZ_HS_CERTIFICATE:
      return parse_certificate (p, root, c);
    case HSVIZ_HS_CERTIFICATE_STATUS:
      return read_uint (p, root, c, 1, "status_type", "Status type", SHOW_STATUS_TYPE, NULL) &&
             read_opaque (p, root, c, 3, "ocsp_response", "OCSP response", FALSE) != NULL;
    case HSVIZ_HS_SERVER_KEY_EXCHANGE:
      return parse_server_key_exchange (p, root, c);
    case HSVIZ_HS_CERTIFICATE_REQUEST:
      return parse_certificate_request (p, root, c);
    case HSVIZ_HS_HELLO_REQUEST:
    case HSVIZ_HS_SERVER_HELLO_DONE:
    case HSVIZ_HS_END_OF_EARLY_DATA:
      return TRUE;
    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
      return parse_client_key_exchange (p, root, c);
    case HSVIZ_HS_CERTIFICATE_VERIFY:
      return read_signature (p, root, c);
    case HSVIZ_HS_ENCRYPTED_EXTENSIONS:
      return parse_extensions (p, root, c, WHERE_ENCRYPTED_EXTENSIONS);
    case HSVIZ_HS_NEW_SESSION_TICKET:
      return parse_new_session_ticket (p, root, c);
    case HSVIZ_HS_FINISHED:
      if (c->pos == c->end)
        return fail (p, root, c->pos, 0, "verify_data", "is empty");
      return read_fixed (p, root, c, c->end - c->pos, "verify_data", "Verify data") != NULL;
    case HSVIZ_HS_KEY_UPDATE:
      return read_uint (p, root, c, 1, "request_update", "Request update", SHOW_KEY_UPDATE, NULL);
    default:
      return read_fixed (p, root, c, c->end - c->pos, "body", "Body") != NULL;
    }
}

/**
 * hsviz_parse_handshake_message:
 * @data: (array length=len): a whole handshake message, 4-byte header included
 * @len: its length
 * @context: what the message cannot tell by itself
 * @error: set to HSVIZ_ERROR_BAD_MESSAGE when the bytes are malformed
 *
 * Returns: (transfer full): the root field; never %NULL, partial when @error is set
 */
HsvizField *
hsviz_parse_handshake_message (const guint8             *data,
                               gsize                     len,
                               const HsvizParseContext  *context,
                               GError                  **error)
{
  static const HsvizParseContext no_context = { 0, HSVIZ_DIRECTION_CLIENT, 0 };
  Parser p = { 0, };
  g_autoptr(HsvizField) root = NULL;
  HsvizField *header;
  Cursor c;
  gsize declared;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  p.data = data;
  p.len = len;
  p.ctx = context != NULL ? context : &no_context;
  p.type = len > 0 ? data[0] : 0;
  p.hrr = hsviz_message_is_hello_retry_request (data, len);
  p.msg_name = len > 0 ? hsviz_handshake_type_name (p.type, p.hrr) : "handshake message";

  root = hsviz_field_new ("message", p.msg_name, NULL, 0, len, len > 0 ? p.type : -1);

  c.pos = 0;
  c.end = len;
  if (len < 4)
    {
      fail (&p, root, 0, len, "header", "a handshake header is 4 bytes, only %" G_GSIZE_FORMAT
            " present", len);
      goto out;
    }

  header = add_field (root, "header", "Header", NULL, 0, 4, -1);
  read_uint (&p, header, &c, 1, "msg_type", "Message type", SHOW_HS_TYPE, NULL);
  read_uint (&p, header, &c, 3, "msg_length", "Length", SHOW_DEC, NULL);
  declared = get_be (&p, 1, 3);

  if (declared != len - 4)
    fail (&p, root, 1, 3, "msg_length", "the header says %" G_GSIZE_FORMAT
          " bytes, %" G_GSIZE_FORMAT " are present", declared, len - 4);

  /* parse what is really there, within what the header declares */
  c.end = 4 + MIN (declared, len - 4);
  if (parse_body (&p, root, &c))
    expect_end (&p, root, &c, p.msg_name);

out:
  if (p.error != NULL)
    g_propagate_error (error, p.error);

  return g_steal_pointer (&root);
}

/**
 * hsviz_message_is_hello_retry_request:
 * @data: (array length=len): a whole handshake message with its header
 * @len: its length
 *
 * Returns: %TRUE if @data is a ServerHello carrying the HelloRetryRequest magic random
 */
gboolean
hsviz_message_is_hello_retry_request (const guint8 *data,
                                      gsize         len)
{
  if (data == NULL || len < 4 + 2 + 32 || data[0] != HSVIZ_HS_SERVER_HELLO)
    return FALSE;

  return memcmp (data + 6, hsviz_hello_retry_request_random, 32) == 0;
}

/**
 * hsviz_field_peek_bytes:
 * @field: a field parsed from @message
 * @message: the whole message
 * @len: (out): the number of bytes the field covers
 *
 * Returns: (transfer none) (nullable): the bytes @field covers inside @message, or %NULL
 *   if the field does not fit in @message
 */
const guint8 *
hsviz_field_peek_bytes (HsvizField *field,
                        GBytes     *message,
                        gsize      *len)
{
  const guint8 *data;
  gsize size;
  gsize offset;
  gsize length;

  g_return_val_if_fail (HSVIZ_IS_FIELD (field), NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  *len = 0;
  data = g_bytes_get_data (message, &size);
  offset = hsviz_field_get_offset (field);
  length = hsviz_field_get_length (field);
  if (offset > size || length > size - offset)
    return NULL;

  *len = length;
  return data + offset;
}
