/* hsviz-handshake-buffer.c — one direction's handshake messages, put together from records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-handshake-buffer.h"

struct _HsvizHandshakeBuffer
{
  HsvizHandshakeFunc func;
  gpointer           user_data;
  GByteArray        *pending;
  gboolean           broken;
};

HsvizHandshakeBuffer *
hsviz_handshake_buffer_new (HsvizHandshakeFunc func,
                            gpointer           user_data)
{
  HsvizHandshakeBuffer *buffer = g_new0 (HsvizHandshakeBuffer, 1);

  buffer->func = func;
  buffer->user_data = user_data;
  buffer->pending = g_byte_array_new ();
  return buffer;
}

void
hsviz_handshake_buffer_free (HsvizHandshakeBuffer *buffer)
{
  if (buffer == NULL)
    return;
  g_byte_array_unref (buffer->pending);
  g_free (buffer);
}

void
hsviz_handshake_buffer_feed (HsvizHandshakeBuffer *buffer,
                             const guint8         *data,
                             gsize                 len,
                             gint64                time_us)
{
  if (buffer->broken || len == 0)
    return;
  g_byte_array_append (buffer->pending, data, (guint) len);
  while (buffer->pending->len >= 4)
    {
      const guint8 *p = buffer->pending->data;
      gsize body = ((gsize) p[1] << 16) | ((gsize) p[2] << 8) | p[3];
      g_autoptr(GBytes) message = NULL;

      if (body + 4 > HSVIZ_HANDSHAKE_MAX)
        {
          buffer->broken = TRUE;
          g_byte_array_set_size (buffer->pending, 0);
          return;
        }
      if (buffer->pending->len < body + 4)
        return;
      message = g_bytes_new (p, body + 4);
      g_byte_array_remove_range (buffer->pending, 0, (guint) (body + 4));
      buffer->func (message, time_us, buffer->user_data);
    }
}

gsize
hsviz_handshake_buffer_get_pending (HsvizHandshakeBuffer *buffer)
{
  return buffer->pending->len;
}

gboolean
hsviz_handshake_buffer_is_broken (HsvizHandshakeBuffer *buffer)
{
  return buffer->broken;
}
