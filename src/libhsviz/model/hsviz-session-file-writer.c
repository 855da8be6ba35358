/* hsviz-session-file-writer.c — the session file's JSON text, written as it goes
 *
 * HsvizJsonWriter appends JSON to a GString in the layout of json-glib's pretty generator with
 * an indent of 2 (members as `"key" : value`, an empty array as `[]`, an empty object as `{`
 * and `}` with the indent of its level between them, its string escapes), which is what session files have always held.  It keeps no tree: a connection's
 * members are written once, straight into the text.  HsvizSessionWriter writes a whole session
 * document with it, connection by connection, onto a GOutputStream (or into memory): the save,
 * `show --json` and the import all use it (write_connection() in hsviz-session-file.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-session-file.h"
#include "hsviz-session-file-private.h"
#include "hsviz-util.h"

/* ------------------------------------------------------------------ JSON text */

/* Makes room for @n more bytes after the text; the text itself (length, NUL) stays as it is. */
static void
grow (GString *out,
      gsize    n)
{
  gsize len = out->len;

  g_string_set_size (out, len + n);
  g_string_truncate (out, len);
}

/* Where the next @n bytes go: written there, then counted with commit(). */
static inline char *
reserve (GString *out,
         gsize    n)
{
  if (G_UNLIKELY (out->len + n >= out->allocated_len))
    grow (out, n);
  return out->str + out->len;
}

static inline void
commit (GString *out,
        gsize    n)
{
  out->len += n;
  out->str[out->len] = '\0';
}

/* Appends @n bytes (cheaper than g_string_append_len for the many short pieces of a file). */
static inline void
put (GString    *out,
     const char *data,
     gsize       n)
{
  memcpy (reserve (out, n), data, n);
  commit (out, n);
}

/* What a byte is to a JSON string: 0 plain ASCII; 1 escaped as json-glib 1.6's generator does
 * (json_strescape: the quote, the backslash, the control characters 0x01–0x1e and 0x7f; 0x1f
 * is written as it is, as json-glib does); 2 the end (NUL); 3 not ASCII (UTF-8 to check). */
static const guint8 byte_kind[256] = {
  2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
  [0x80 ... 0xff] = 3,
};

static void
append_escaped (GString    *out,
                const char *s)
{
  const char *run = s;
  const char *p;

  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (byte_kind[c] != 1)
        continue;
      put (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  put (out, "\\\"", 2); break;
        case '\\': put (out, "\\\\", 2); break;
        case '\b': put (out, "\\b", 2); break;
        case '\f': put (out, "\\f", 2); break;
        case '\n': put (out, "\\n", 2); break;
        case '\r': put (out, "\\r", 2); break;
        case '\t': put (out, "\\t", 2); break;
        default:   g_string_append_printf (out, "\\u00%02x", c); break;
        }
    }
  put (out, run, p - run);
}

/* JSON text is UTF-8, but names and text from the wire (a certificate's subject, an HTTP header)
 * may not be: those are written with U+FFFD for the bad bytes, so the file always reloads. */
static void
append_string (GString    *out,
               const char *s)
{
  g_autofree char *valid = NULL;
  const guchar *p = (const guchar *) s;

  /* most strings (names, numbers in hex, labels) are plain ASCII: copied at once */
  while (byte_kind[*p] == 0)
    p++;
  if (*p == '\0')
    {
      gsize n = (const char *) p - s;
      char *at = reserve (out, n + 2);

      at[0] = '"';
      memcpy (at + 1, s, n);
      at[n + 1] = '"';
      commit (out, n + 2);
      return;
    }
  if (!g_utf8_validate ((const char *) p, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  append_escaped (out, s);
  g_string_append_c (out, '"');
}

/* A separator, a line break and the indent of up to 63 levels: begin_value() and
 * end_container() put the part they need in one piece. */
static const char comma_newline_indent[] =
  ",\n"
  "                                                                "
  "                                                              ";
G_STATIC_ASSERT (sizeof comma_newline_indent - 1 == 2 + 2 * 63);

static void
put_newline_indent (GString  *out,
                    gboolean  comma,
                    guint     level)
{
  const char *from = comma ? comma_newline_indent : comma_newline_indent + 1;

  put (out, from, (comma ? 2 : 1) + level * 2);
}

/* Before any value: the separator and indent inside the open container, and the member name. */
static void
begin_value (HsvizJsonWriter *w)
{
  if (w->level > 0)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << w->level;

      put_newline_indent (w->out, (w->started & bit) != 0, w->level);
      w->started |= bit;
    }
  if (w->key != NULL)
    {
      append_string (w->out, w->key);
      put (w->out, " : ", 3);
      w->key = NULL;
    }
}

void
hsviz_json_writer_init (HsvizJsonWriter *w,
                        GString         *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
}

void
hsviz_json_writer_member (HsvizJsonWriter *w,
                          const char      *key)
{
  w->key = key;
}

void
hsviz_json_writer_begin_object (HsvizJsonWriter *w)
{
  begin_value (w);
  g_string_append_c (w->out, '{');
  g_assert (w->level < 63);
  w->level++;
  w->started &= ~(G_GUINT64_CONSTANT (1) << w->level);
}

static void
end_container (HsvizJsonWriter *w,
               char             close)
{
  g_assert (w->level > 0);
  if (w->started & (G_GUINT64_CONSTANT (1) << w->level))
    put_newline_indent (w->out, FALSE, w->level - 1);
  else if (close == '}')
    put (w->out, comma_newline_indent + 2, (w->level - 1) * 2);   /* json-glib writes an empty object as "{    }" */
  g_string_append_c (w->out, close);
  w->level--;
}

void
hsviz_json_writer_end_object (HsvizJsonWriter *w)
{
  end_container (w, '}');
}

void
hsviz_json_writer_begin_array (HsvizJsonWriter *w)
{
  begin_value (w);
  g_string_append_c (w->out, '[');
  g_assert (w->level < 63);
  w->level++;
  w->started &= ~(G_GUINT64_CONSTANT (1) << w->level);
}

void
hsviz_json_writer_end_array (HsvizJsonWriter *w)
{
  end_container (w, ']');
}

void
hsviz_json_writer_null (HsvizJsonWriter *w)
{
  begin_value (w);
  put (w->out, "null", 4);
}

void
hsviz_json_writer_string (HsvizJsonWriter *w,
                          const char      *value)
{
  if (value == NULL)
    {
      hsviz_json_writer_null (w);
      return;
    }
  begin_value (w);
  append_string (w->out, value);
}

void
hsviz_json_writer_int (HsvizJsonWriter *w,
                       gint64           value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 u = value < 0 ? -(guint64) value : (guint64) value;

  begin_value (w);
  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u > 0);
  if (value < 0)
    *--p = '-';
  put (w->out, p, digits + sizeof digits - p);
}

void
hsviz_json_writer_bool (HsvizJsonWriter *w,
                        gboolean         value)
{
  begin_value (w);
  if (value)
    put (w->out, "true", 4);
  else
    put (w->out, "false", 5);
}

/* Base64 of @length bytes at @data into @out, as g_base64_encode() writes it (RFC 4648 alphabet,
 * '=' padding, no line breaks); returns the characters written, 4 for every 3 bytes or part.
 * GLib's encoder (g_base64_encode_step) takes ≈ 15 instructions a byte, a third of writing an
 * import's JSON: this one takes two characters from one table for every 12 bits. */
static gsize
encode_base64 (char         *out,
               const guint8 *data,
               gsize         length)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static char pairs[4096][2];
  static gsize pairs_ready = 0;
  char *o = out;
  gsize i = 0;

  if (g_once_init_enter (&pairs_ready))
    {
      for (guint v = 0; v < 4096; v++)
        {
          pairs[v][0] = alphabet[v >> 6];
          pairs[v][1] = alphabet[v & 0x3f];
        }
      HSVIZ_TSAN_RELEASE (&pairs_ready);
      g_once_init_leave (&pairs_ready, 1);
    }
  HSVIZ_TSAN_ACQUIRE (&pairs_ready);

  for (; i + 3 <= length; i += 3, o += 4)
    {
      guint32 v = ((guint32) data[i] << 16) | ((guint32) data[i + 1] << 8) | data[i + 2];

      memcpy (o, pairs[v >> 12], 2);
      memcpy (o + 2, pairs[v & 0xfff], 2);
    }
  if (i < length)
    {
      guint32 v = (guint32) data[i] << 16;

      if (i + 1 < length)
        v |= (guint32) data[i + 1] << 8;
      memcpy (o, pairs[v >> 12], 2);
      o[2] = i + 1 < length ? alphabet[(v >> 6) & 0x3f] : '=';
      o[3] = '=';
      o += 4;
    }
  return o - out;
}

/* Base64 needs no escape: encoded in place. */
void
hsviz_json_writer_base64 (HsvizJsonWriter *w,
                          const guint8    *data,
                          gsize            length)
{
  char *out;
  gsize n;

  begin_value (w);
  out = reserve (w->out, (length + 2) / 3 * 4 + 2);
  out[0] = '"';
  n = 1 + encode_base64 (out + 1, data, length);
  out[n++] = '"';
  commit (w->out, n);
}

void
hsviz_json_writer_base64_bytes (HsvizJsonWriter *w,
                                GBytes          *bytes)
{
  gsize length = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  hsviz_json_writer_base64 (w, data, length);
}

void
hsviz_json_writer_string_member (HsvizJsonWriter *w,
                                 const char      *key,
                                 const char      *value)
{
  hsviz_json_writer_member (w, key);
  hsviz_json_writer_string (w, value);
}

void
hsviz_json_writer_int_member (HsvizJsonWriter *w,
                              const char      *key,
                              gint64           value)
{
  hsviz_json_writer_member (w, key);
  hsviz_json_writer_int (w, value);
}

void
hsviz_json_writer_bool_member (HsvizJsonWriter *w,
                               const char      *key,
                               gboolean         value)
{
  hsviz_json_writer_member (w, key);
  hsviz_json_writer_bool (w, value);
}

/* ------------------------------------------------------------------ a session, streamed */

#define FLUSH_AT (64 * 1024)

struct _HsvizSessionWriter
{
  GOutputStream   *stream;   /* NULL: the text is kept (hsviz_session_writer_steal_text) */
  GString         *text;
  HsvizJsonWriter  json;
  gboolean         with_secrets;
};

HsvizSessionWriter *
hsviz_session_writer_new (GOutputStream *stream,
                          gboolean       with_secrets)
{
  HsvizSessionWriter *self = g_new0 (HsvizSessionWriter, 1);

  g_return_val_if_fail (stream == NULL || G_IS_OUTPUT_STREAM (stream), NULL);

  self->stream = stream != NULL ? g_object_ref (stream) : NULL;
  self->text = g_string_sized_new (FLUSH_AT + 4096);
  self->with_secrets = with_secrets;
  hsviz_json_writer_init (&self->json, self->text);
  return self;
}

void
hsviz_session_writer_free (HsvizSessionWriter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_string_free (self->text, TRUE);
  g_free (self);
}

static gboolean
flush (HsvizSessionWriter  *self,
       gsize                at_least,
       GCancellable        *cancellable,
       GError             **error)
{
  if (self->stream == NULL || self->text->len < at_least)
    return TRUE;
  if (!g_output_stream_write_all (self->stream, self->text->str, self->text->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (self->text, 0);
  return TRUE;
}

gboolean
hsviz_session_writer_begin (HsvizSessionWriter  *self,
                            const char          *generator,
                            GDateTime           *captured_at,
                            const char          *note,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autofree char *iso = captured_at != NULL ? g_date_time_format (captured_at, "%Y-%m-%dT%H:%M:%SZ") : NULL;
  HsvizJsonWriter *w = &self->json;

  g_return_val_if_fail (w->level == 0, FALSE);

  hsviz_json_writer_begin_object (w);
  hsviz_json_writer_string_member (w, "format", HSVIZ_SESSION_FORMAT);
  hsviz_json_writer_int_member (w, "format_version", HSVIZ_SESSION_FORMAT_VERSION);
  hsviz_json_writer_string_member (w, "generator", generator);
  hsviz_json_writer_string_member (w, "captured_at", iso);
  if (note != NULL)
    hsviz_json_writer_string_member (w, "note", note);
  hsviz_json_writer_member (w, "connections");
  hsviz_json_writer_begin_array (w);
  return flush (self, 0, cancellable, error);
}

gboolean
hsviz_session_writer_add (HsvizSessionWriter  *self,
                          HsvizConnection     *connection,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->json.level == 2, FALSE);

  hsviz_sf_write_connection_object (&self->json, connection, self->with_secrets);
  return flush (self, FLUSH_AT, cancellable, error);
}

/* The object is written as at its place in "connections" (level 2), as the first element
 * there (begin_value() puts "\n" and the indent before it); hsviz_session_writer_add_text()
 * adds the "," begin_value() puts before any later element. */
void
hsviz_session_writer_format_connection (HsvizSessionWriter *self,
                                        HsvizConnection    *connection,
                                        GString            *out)
{
  HsvizJsonWriter w;

  g_return_if_fail (HSVIZ_IS_CONNECTION (connection));
  g_return_if_fail (out != NULL);

  hsviz_json_writer_init (&w, out);
  w.level = 2;
  hsviz_sf_write_connection_object (&w, connection, self->with_secrets);
}

gboolean
hsviz_session_writer_add_text (HsvizSessionWriter  *self,
                               const char          *text,
                               gsize                length,
                               GCancellable        *cancellable,
                               GError             **error)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << 2;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (self->json.level == 2, FALSE);

  if (self->json.started & bit)
    g_string_append_c (self->text, ',');
  self->json.started |= bit;
  put (self->text, text, length);
  return flush (self, FLUSH_AT, cancellable, error);
}

gboolean
hsviz_session_writer_end (HsvizSessionWriter  *self,
                          const char          *note,
                          GCancellable        *cancellable,
                          GError             **error)
{
  HsvizJsonWriter *w = &self->json;

  g_return_val_if_fail (w->level == 2, FALSE);

  hsviz_json_writer_end_array (w);
  if (note != NULL)
    hsviz_json_writer_string_member (w, "note", note);
  hsviz_json_writer_end_object (w);
  return flush (self, 0, cancellable, error);
}

char *
hsviz_session_writer_steal_text (HsvizSessionWriter *self,
                                 gsize              *length)
{
  GString *text = self->text;

  g_return_val_if_fail (self->stream == NULL, NULL);

  self->text = g_string_new (NULL);
  hsviz_json_writer_init (&self->json, self->text);
  if (length != NULL)
    *length = text->len;
  return g_string_free (text, FALSE);
}
