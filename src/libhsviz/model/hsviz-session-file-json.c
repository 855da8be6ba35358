/* hsviz-session-file-json.c — checked readers for the untrusted JSON of a session file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-session-file-private.h"
#include "hsviz-util.h"

gboolean
hsviz_sf_fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID, _("Not a valid session file: %s: %s"),
               path, msg);
  return FALSE;
}

/* "messages[2].bytes"; a top-level key is just its name */
char *
hsviz_sf_key_path (const char *where,
          const char *key)
{
  return *where ? g_strdup_printf ("%s.%s", where, key) : g_strdup (key);
}

/* hsviz_sf_fail() at "@where.@key": the path is only built when something failed (a large file
 * reads hundreds of thousands of keys). */
static gboolean G_GNUC_PRINTF (4, 5)
fail_key (GError     **error,
          const char  *where,
          const char  *key,
          const char  *format,
          ...)
{
  g_autofree char *path = hsviz_sf_key_path (where, key);
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  return hsviz_sf_fail (error, path, "%s", msg);
}

/* The string at @key, not checked for UTF-8 (for base64 and hex, whose alphabets are checked). */
static gboolean
read_raw_string (JsonObject  *o,
                 const char  *key,
                 const char  *where,
                 gboolean     optional,
                 const char **out,
                 GError     **error)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail_key (error, where, key, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail_key (error, where, key, _("expected a string"));
  *out = json_node_get_string (n);
  return TRUE;
}

static JsonNode *
member (JsonObject *o,
        const char *key)
{
  return o ? json_object_get_member (o, key) : NULL;
}

gboolean
hsviz_sf_read_string (JsonObject  *o,
             const char  *key,
             const char  *where,
             gboolean     optional,
             const char **out,
             GError     **error)
{
  if (!read_raw_string (o, key, where, optional, out, error))
    return FALSE;
  /* json-glib turns an escaped lone surrogate ("\\ud800") into bytes that are not UTF-8 */
  if (*out != NULL && !g_utf8_validate (*out, -1, NULL))
    {
      *out = NULL;
      return fail_key (error, where, key, _("not valid UTF-8 (a lone surrogate?)"));
    }
  return TRUE;
}

gboolean
hsviz_sf_read_int (JsonObject  *o,
          const char  *key,
          const char  *where,
          gboolean     optional,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *n = member (o, key);
  gint64 v;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail_key (error, where, key, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fail_key (error, where, key, _("expected a whole number"));
  v = json_node_get_int (n);
  if (v < min || v > max)
    return fail_key (error, where, key, _("%" PRId64 " is out of range (%" PRId64
                                "…%" PRId64 ")"), v, min, max);
  *out = v;
  return TRUE;
}

gboolean
hsviz_sf_read_bool (JsonObject  *o,
           const char  *key,
           const char  *where,
           gboolean     optional,
           gboolean    *out,
           GError     **error)
{
  JsonNode *n = member (o, key);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail_key (error, where, key, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return fail_key (error, where, key, _("expected true or false"));
  *out = json_node_get_boolean (n);
  return TRUE;
}

gboolean
hsviz_sf_read_object (JsonObject  *o,
             const char  *key,
             const char  *where,
             gboolean     optional,
             JsonObject **out,
             GError     **error)
{
  JsonNode *n = member (o, key);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail_key (error, where, key, _("missing"));
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail_key (error, where, key, _("expected an object"));
  *out = json_node_get_object (n);
  return TRUE;
}

gboolean
hsviz_sf_read_array (JsonObject  *o,
            const char  *key,
            const char  *where,
            gboolean     optional,
            guint        max_len,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *n = member (o, key);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return optional ? TRUE : fail_key (error, where, key, _("missing"));
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return fail_key (error, where, key, _("expected an array"));
  if (json_array_get_length (json_node_get_array (n)) > max_len)
    return fail_key (error, where, key, _("%u entries is more than the %u allowed"),
                 json_array_get_length (json_node_get_array (n)), max_len);
  *out = json_node_get_array (n);
  return TRUE;
}

#define BASE64_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

GBytes *
hsviz_sf_read_base64 (JsonObject  *o,
             const char  *key,
             const char  *where,
             gsize        max,
             GError     **error)
{
  const char *s;
  gsize len, out_len = 0;
  guchar *data;

  if (!read_raw_string (o, key, where, FALSE, &s, error))
    return NULL;
  len = strlen (s);
  if (len % 4 != 0)
    {
      fail_key (error, where, key, _("not valid base64 (length %zu is not a multiple of 4)"), len);
      return NULL;
    }
  if (len / 4 * 3 > max)
    {
      fail_key (error, where, key, _("too large (%zu bytes)"), len / 4 * 3);
      return NULL;
    }
  /* the alphabet, then at most two '=' at the very end (strspn: records are long) */
  for (gsize i = strspn (s, BASE64_ALPHABET); i < len; i++)
    {
      char c = s[i];

      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || (c == '=' && i >= len - 2)))
        {
          fail_key (error, where, key, _("not valid base64 (“%c” at %zu)"), c, i);
          return NULL;
        }
    }
  data = g_base64_decode (s, &out_len);
  return g_bytes_new_take (data, out_len);
}

GBytes *
hsviz_sf_read_hex (JsonObject  *o,
          const char  *key,
          const char  *where,
          gboolean    *ok,
          GError     **error)
{
  const char *s;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  *ok = hsviz_sf_read_string (o, key, where, TRUE, &s, error);
  if (!*ok || s == NULL)
    return NULL;
  if (strlen (s) > 1024)
    {
    
      *ok = fail_key (error, where, key, _("too long for a secret"));
      return NULL;
    }
  bytes = hsviz_hex_decode (s, &local_error);
  if (bytes == NULL)
    {
    
      *ok = fail_key (error, where, key, "%s", local_error->message);
    }
  return bytes;
}

gboolean
hsviz_sf_read_direction (JsonObject     *o,
                const char     *where,
                HsvizDirection *out,
                GError        **error)
{
  const char *s;

  if (!hsviz_sf_read_string (o, "direction", where, FALSE, &s, error))
    return FALSE;
  if (g_str_equal (s, "client"))
    *out = HSVIZ_DIRECTION_CLIENT;
  else if (g_str_equal (s, "server"))
    *out = HSVIZ_DIRECTION_SERVER;
  else
    {
      return fail_key (error, where, "direction", _("“%s” is neither “client” nor “server”"), s);
    }
  return TRUE;
}

/* json-glib parses recursively: refuse deep nesting before it sees the data. */
gboolean
hsviz_sf_check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          /* A string ends at the first quote after it not escaped, that is not preceded by an odd
           * run of backslashes (memchr: records are long base64 strings). */
          const char *start = data + i + 1, *end = data + length, *q = start;

          for (;;)
            {
              const char *b;

              q = memchr (q, '"', (gsize) (end - q));
              if (q == NULL)
                return TRUE;
              for (b = q; b > start && b[-1] == '\\'; b--)
                ;
              if ((q - b) % 2 == 0)
                break;
              q++;
            }
          i = (gsize) (q - data);
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return hsviz_sf_fail (error, _("the file"), _("nested more than %d levels deep"), MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}


gboolean
hsviz_sf_check_kinds (JsonObject    *o,
             const char    *where,
             const KeyKind *keys,
             guint          n_keys,
             GError       **error)
{
  for (guint i = 0; i < n_keys; i++)
    {
      const char *s;
      gboolean b;
      gint64 v;
      JsonObject *obj;
      JsonArray *arr;
      gboolean ok = TRUE;

      switch (keys[i].kind)
        {
        case KIND_STRING:
          ok = hsviz_sf_read_string (o, keys[i].key, where, TRUE, &s, error);
          break;
        case KIND_BOOL:
          ok = hsviz_sf_read_bool (o, keys[i].key, where, TRUE, &b, error);
          break;
        case KIND_INT:
          ok = hsviz_sf_read_int (o, keys[i].key, where, TRUE, G_MININT64, G_MAXINT64, &v, error);
          break;
        case KIND_OBJECT:
          ok = hsviz_sf_read_object (o, keys[i].key, where, TRUE, &obj, error);
          break;
        case KIND_ARRAY:
          ok = hsviz_sf_read_array (o, keys[i].key, where, TRUE, G_MAXUINT, &arr, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

gboolean
hsviz_sf_check_random (JsonObject    *root,
              const char    *key,
              const guint8  *actual,
              GError       **error)
{
  g_autofree char *hex = actual ? hsviz_hex_encode (actual, 32) : NULL;
  const char *s;

  if (!hsviz_sf_read_string (root, key, "", TRUE, &s, error))
    return FALSE;
  if (s != NULL && (hex == NULL || g_ascii_strcasecmp (s, hex) != 0))
    return fail_key (error, "", key, _("does not match the random in the Hello message bytes"));
  return TRUE;
}

gboolean
hsviz_sf_check_same (JsonObject  *o,
            const char  *key,
            const char  *where,
            gint64       actual,
            const char  *what,
            GError     **error)
{
  gint64 v = actual;

  if (!hsviz_sf_read_int (o, key, where, TRUE, G_MININT64, G_MAXINT64, &v, error))
    return FALSE;
  if (v != actual)
    return fail_key (error, where, key, _("%" PRId64 " does not match %s (%" PRId64 ")"),
                 v, what, actual);
  return TRUE;
}
