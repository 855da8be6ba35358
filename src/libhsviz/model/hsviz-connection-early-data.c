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
#include "hsviz-tables.h"

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

/* What the connection before @self allows for 0-RTT */
typedef enum
{
  EARLY_NO_CONNECTION_BEFORE,
  EARLY_NOT_TLS13,       /* it was TLS 1.2 or older: no early data there */
  EARLY_NO_TICKET,       /* TLS 1.3, but the server sent no NewSessionTicket */
  EARLY_TICKET_FORBIDS,  /* its last NewSessionTicket has no early_data extension */
  EARLY_TICKET_ALLOWS,   /* its last NewSessionTicket allows *max bytes */
} EarlyAllowance;

/* What the tickets of the connection before @self allowed: the max_early_data_size of the
 * last NewSessionTicket.  The connection before is the one it resumed, or in a capture the one
 * before it (--reconnect); an import's connections are not related unless one resumed another. */
static EarlyAllowance
previous_ticket_allows (HsvizConnection *self,
                        guint16         *version,
                        gint64          *max)
{
  EarlyAllowance allows = EARLY_NO_TICKET;
  HsvizConnection *before;

  if (self->session == NULL || self->index == 0 ||
      (self->resumed_from < 0 && g_strcmp0 (hsviz_connection_get_source (self), "import") == 0))
    return EARLY_NO_CONNECTION_BEFORE;
  before = hsviz_session_get_connection (self->session, self->resumed_from >= 0 ? (guint) self->resumed_from
                                                                               : self->index - 1);
  if (before == NULL || hsviz_connection_get_version (before) == 0)
    return EARLY_NO_CONNECTION_BEFORE;
  *version = hsviz_connection_get_version (before);
  if (*version != HSVIZ_VERSION_TLS13)
    return EARLY_NOT_TLS13;
  for (guint i = 0; i < hsviz_connection_get_n_messages (before); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (before, i);
      HsvizField *f;

      if (hsviz_message_get_type_code (m) != HSVIZ_HS_NEW_SESSION_TICKET)
        continue;
      f = hsviz_field_find (hsviz_message_get_fields (m), "max_early_data_size");
      allows = f != NULL ? EARLY_TICKET_ALLOWS : EARLY_TICKET_FORBIDS;
      *max = f != NULL ? hsviz_field_get_number (f) : 0;
    }
  return allows;
}

char *
hsviz_connection_dup_early_data_text (HsvizConnection *self)
{
  HsvizEarlyData early;
  guint16 version = 0;
  gint64 max = 0;

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
  switch (previous_ticket_allows (self, &version, &max))
    {
    case EARLY_NOT_TLS13:
      /* Translators: %s is a protocol version, "TLS 1.2" */
      return g_strdup_printf (_("0-RTT: not possible: the connection before was %s, and early data "
                                "exists only in TLS 1.3"), hsviz_version_display_name (version));
    case EARLY_NO_TICKET:
      return g_strdup (_("0-RTT: not possible: the server sent no session ticket on the connection "
                         "before, and early data needs one"));
    case EARLY_TICKET_FORBIDS:
      return g_strdup (_("0-RTT: not offered: the server's session ticket does not allow early data "
                         "(its NewSessionTicket has no early_data extension)"));
    case EARLY_TICKET_ALLOWS:
      return g_strdup_printf (_("0-RTT: not offered (the server's session ticket allows %" PRId64 " bytes "
                                "of early data)"), max);
    case EARLY_NO_CONNECTION_BEFORE:
    default:
      return NULL;
    }
}
