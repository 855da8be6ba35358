/* hsviz-connection-early-data.c — TLS 1.3 early data (0-RTT) on a resumed connection
 *
 * Offered and accepted are read from the messages (the early_data extension of the ClientHello
 * and of the EncryptedExtensions, RFC 8446 §4.2.10); the bytes sent as 0-RTT come from the
 * capture (or the session file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-session.h"

#define EXT_EARLY_DATA 42

static gboolean
has_early_data_extension (HsvizConnection *self,
                          guint8           type,
                          HsvizDirection   direction)
{
  HsvizMessage *m = hsviz_connection_find_message (self, type, direction, FALSE);

  return m != NULL && hsviz_field_find_extension (hsviz_message_get_fields (m), EXT_EARLY_DATA) != NULL;
}

void
hsviz_connection_get_early_data (HsvizConnection *self,
                                 HsvizEarlyData  *out)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (out != NULL);

  out->offered = has_early_data_extension (self, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT);
  out->accepted = out->offered &&
                  has_early_data_extension (self, HSVIZ_HS_ENCRYPTED_EXTENSIONS, HSVIZ_DIRECTION_SERVER);
  out->bytes = self->early_data_bytes;
}

void
hsviz_connection_set_early_data_bytes (HsvizConnection *self,
                                       guint64          bytes)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  self->early_data_bytes = bytes;
}

/* What the tickets of the connection before @self allowed: the max_early_data_size of the
 * last NewSessionTicket (-1: none had an early_data extension; -2: no TLS 1.3 ticket). */
static gint64
previous_ticket_allows (HsvizConnection *self)
{
  HsvizConnection *before;
  gint64 allows = -2;

  if (self->session == NULL || self->index == 0)
    return -2;
  before = hsviz_session_get_connection (self->session, self->resumed_from >= 0 ? (guint) self->resumed_from
                                                                               : self->index - 1);
  if (before == NULL || hsviz_connection_get_version (before) != HSVIZ_VERSION_TLS13)
    return -2;
  for (guint i = 0; i < hsviz_connection_get_n_messages (before); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (before, i);
      HsvizField *f;

      if (hsviz_message_get_type_code (m) != HSVIZ_HS_NEW_SESSION_TICKET)
        continue;
      f = hsviz_field_find (hsviz_message_get_fields (m), "max_early_data_size");
      allows = f != NULL ? hsviz_field_get_number (f) : -1;
    }
  return allows;
}

char *
hsviz_connection_dup_early_data_text (HsvizConnection *self)
{
  HsvizEarlyData early;
  gint64 allows;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  hsviz_connection_get_early_data (self, &early);
  if (early.offered && early.accepted)
    return g_strdup_printf (_("0-RTT: offered, accepted, %" PRIu64 " bytes: the request went with the "
                              "ClientHello, under the client early traffic key, before any answer "
                              "from the server; EndOfEarlyData closed it"), early.bytes);
  if (early.offered)
    return g_strdup_printf (_("0-RTT: offered, rejected: the server skipped the %" PRIu64 " bytes of "
                              "early data (its EncryptedExtensions has no early_data), so the request "
                              "was sent again after the handshake"), early.bytes);
  allows = previous_ticket_allows (self);
  if (allows == -1)
    return g_strdup (_("0-RTT: not offered: the server's session ticket does not allow early data "
                       "(its NewSessionTicket has no early_data extension)"));
  if (allows >= 0)
    return g_strdup_printf (_("0-RTT: not offered (the server's session ticket allows %" PRId64 " bytes "
                              "of early data)"), allows);
  return NULL;
}
