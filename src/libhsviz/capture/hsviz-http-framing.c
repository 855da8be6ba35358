/* hsviz-http-framing.c — where step 6's HTTP/1.x answer ends (RFC 9112 §6.3), fed as it arrives
 *
 * The header blocks are parsed by libsoup (soup_headers_parse_response, and
 * soup_message_headers_get_encoding / _get_content_length for the body's framing); only the
 * chunked transfer coding's chunk lines are read here, byte by byte as they arrive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "hsviz-http-framing.h"

#define MAX_HEAD (64 * 1024)
#define MAX_LINE 1024

typedef enum
{
  STATE_HEAD,          /* reading a header block */
  STATE_BODY,          /* @left bytes of body (Content-Length) */
  STATE_CHUNK_SIZE,    /* a chunk-size line */
  STATE_CHUNK_DATA,    /* @left bytes of chunk data */
  STATE_CHUNK_END,     /* the CRLF after the chunk data */
  STATE_TRAILER,       /* trailer lines up to the empty one */
  STATE_UNTIL_CLOSE,   /* the body ends when the server closes */
  STATE_DONE,
} State;

struct _HsvizHttpFraming
{
  State       state;
  GByteArray *head;
  GString    *line;
  guint64     pos;          /* bytes fed so far */
  guint64     head_start;   /* stream offset of the header block being read */
  guint64     left;
  gboolean    have_final;
  guint64     final_start;
  gsize       final_len;
};

HsvizHttpFraming *
hsviz_http_framing_new (void)
{
  HsvizHttpFraming *self = g_new0 (HsvizHttpFraming, 1);

  self->head = g_byte_array_new ();
  self->line = g_string_new (NULL);
  return self;
}

void
hsviz_http_framing_free (HsvizHttpFraming *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->head);
  g_string_free (self->line, TRUE);
  g_free (self);
}

gboolean
hsviz_http_framing_get_head (HsvizHttpFraming *self,
                             guint64          *offset,
                             gsize            *length)
{
  *offset = self->final_start;
  *length = self->final_len;
  return self->have_final;
}

static gboolean
head_is_complete (GByteArray *head)
{
  const guint8 *d = head->data;
  guint n = head->len;

  return (n >= 4 && memcmp (d + n - 4, "\r\n\r\n", 4) == 0) ||
         (n >= 2 && memcmp (d + n - 2, "\n\n", 2) == 0);
}

/* A whole header block: an interim answer starts the next block, a final one decides the body. */
static void
end_head (HsvizHttpFraming *self)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  guint status = 0;

  if (!soup_headers_parse_response ((const char *) self->head->data, (int) self->head->len,
                                    headers, NULL, &status, NULL))
    {
      self->state = STATE_UNTIL_CLOSE;
      return;
    }
  /* 1xx but 101 (which switches protocols) is interim: the real answer follows */
  if (SOUP_STATUS_IS_INFORMATIONAL (status) && status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      self->head_start = self->pos;
      g_byte_array_set_size (self->head, 0);
      return;
    }

  self->have_final = TRUE;
  self->final_start = self->head_start;
  self->final_len = self->head->len;
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      self->state = STATE_DONE;
      return;
    }
  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      self->left = (guint64) soup_message_headers_get_content_length (headers);
      self->state = self->left == 0 ? STATE_DONE : STATE_BODY;
      break;
    case SOUP_ENCODING_CHUNKED:
      self->state = STATE_CHUNK_SIZE;
      break;
    case SOUP_ENCODING_NONE:
      self->state = STATE_DONE;
      break;
    default:
      self->state = STATE_UNTIL_CLOSE;
      break;
    }
}

/* Collects one line (without its LF) into self->line; TRUE when it is complete. */
static gboolean
take_line (HsvizHttpFraming *self,
           guint8            c)
{
  if (c == '\n')
    {
      if (self->line->len > 0 && self->line->str[self->line->len - 1] == '\r')
        g_string_truncate (self->line, self->line->len - 1);
      return TRUE;
    }
  if (self->line->len >= MAX_LINE)
    self->state = STATE_UNTIL_CLOSE;
  else
    g_string_append_c (self->line, (char) c);
  return FALSE;
}

gboolean
hsviz_http_framing_feed (HsvizHttpFraming *self,
                         const guint8     *data,
                         gsize             len)
{
  gsize i = 0;

  while (i < len && self->state != STATE_DONE)
    {
      switch (self->state)
        {
        case STATE_HEAD:
          g_byte_array_append (self->head, data + i, 1);
          i++;
          self->pos++;
          if (head_is_complete (self->head))
            end_head (self);
          else if (self->head->len >= MAX_HEAD)
            self->state = STATE_UNTIL_CLOSE;
          continue;

        case STATE_BODY:
        case STATE_CHUNK_DATA:
          {
            gsize n = (gsize) MIN ((guint64) (len - i), self->left);

            i += n;
            self->pos += n;
            self->left -= n;
            if (self->left == 0)
              self->state = self->state == STATE_BODY ? STATE_DONE : STATE_CHUNK_END;
          }
          continue;

        case STATE_CHUNK_SIZE:
        case STATE_CHUNK_END:
        case STATE_TRAILER:
          {
            State was = self->state;

            i++;
            self->pos++;
            if (!take_line (self, data[i - 1]))
              continue;
            if (was == STATE_CHUNK_END)
              self->state = STATE_CHUNK_SIZE;
            else if (was == STATE_TRAILER)
              self->state = self->line->len == 0 ? STATE_DONE : STATE_TRAILER;
            else
              {
                char *end = NULL;
                guint64 size = g_ascii_strtoull (self->line->str, &end, 16);

                /* a chunk size, maybe followed by ";extensions" */
                if (end == self->line->str || (*end != '\0' && *end != ';' && *end != ' '))
                  self->state = STATE_UNTIL_CLOSE;
                else if (size == 0)
                  self->state = STATE_TRAILER;
                else
                  {
                    self->left = size;
                    self->state = STATE_CHUNK_DATA;
                  }
              }
            g_string_truncate (self->line, 0);
          }
          continue;

        case STATE_UNTIL_CLOSE:
          self->pos += len - i;
          i = len;
          continue;

        case STATE_DONE:
        default:
          break;
        }
    }
  return self->state == STATE_DONE;
}
