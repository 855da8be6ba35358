/* hsviz-session-file-records.c — a loaded connection's records must carry its messages
 *
 * The file keeps both the records as they went over the wire and the handshake messages; the
 * messages are what every fact is derived from. Where the records are plaintext, their bytes
 * must be the messages' bytes, or a file whose ServerHello record was replaced would load with
 * every check as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-message.h"
#include "hsviz-session-file-private.h"

/* The payloads of @dir's plaintext handshake records: TLS 1.3 encrypts under content type 23,
 * so every type-22 record is plaintext (a second ClientHello may follow the dummy
 * ChangeCipherSpec); up to TLS 1.2 the handshake records after ChangeCipherSpec are encrypted. */
static GByteArray *
plaintext_stream (HsvizConnection *c,
                  HsvizDirection   dir,
                  guint           *first_index)
{
  GPtrArray *records = hsviz_connection_get_records (c);
  gboolean tls13 = hsviz_connection_get_version (c) == HSVIZ_VERSION_TLS13;
  GByteArray *stream = g_byte_array_new ();

  *first_index = G_MAXUINT;
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (r->bytes, &size);

      if (r->direction != dir)
        continue;
      if (r->content_type == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC && !tls13)
        break;
      if (r->content_type != HSVIZ_CONTENT_HANDSHAKE || size <= 5)
        continue;
      if (*first_index == G_MAXUINT)
        *first_index = r->index;
      g_byte_array_append (stream, data + 5, (guint) (size - 5));
    }
  return stream;
}

static GByteArray *
message_stream (HsvizConnection *c,
                HsvizDirection   dir)
{
  GByteArray *stream = g_byte_array_new ();

  for (guint i = 0; i < hsviz_connection_get_n_messages (c); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (c, i);
      gsize size = 0;
      const guint8 *data;

      if (hsviz_message_get_direction (m) != dir)
        continue;
      data = g_bytes_get_data (hsviz_message_get_bytes (m), &size);
      g_byte_array_append (stream, data, (guint) size);
    }
  return stream;
}

gboolean
hsviz_sf_check_plaintext_records (HsvizConnection  *c,
                                  GError          **error)
{
  for (HsvizDirection dir = HSVIZ_DIRECTION_CLIENT; dir <= HSVIZ_DIRECTION_SERVER; dir++)
    {
      guint first = 0;
      g_autoptr(GByteArray) records = plaintext_stream (c, dir, &first);
      g_autoptr(GByteArray) messages = message_stream (c, dir);
      guint common = MIN (records->len, messages->len);

      /* one a prefix of the other: a capture may stop mid-message, or past the messages kept */
      if (common > 0 && memcmp (records->data, messages->data, common) != 0)
        {
          g_autofree char *where = g_strdup_printf ("records[%u]", first);

          return hsviz_sf_fail (error, where,
                                dir == HSVIZ_DIRECTION_CLIENT
                                  ? _("the client's plaintext handshake records do not carry its handshake messages")
                                  : _("the server's plaintext handshake records do not carry its handshake messages"));
        }
    }
  return TRUE;
}
