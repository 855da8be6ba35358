/* hsviz-connection-downgrade.c — what the downgrade sentinel in the server random means
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection.h"
#include "hsviz-util.h"

char *
hsviz_connection_dup_downgrade_text (HsvizConnection *self)
{
  const guint8 *server_random;
  g_autofree char *tail = NULL;
  const char *verdict;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  server_random = hsviz_connection_get_server_random (self);
  if (server_random == NULL)
    return NULL;

  switch (hsviz_connection_get_downgrade_sentinel (self))
    {
    case HSVIZ_DOWNGRADE_TLS12:
      verdict = hsviz_connection_downgrade_detected (self)
        ? _("Present (“DOWNGRD” 01): the server speaks TLS 1.3 but negotiated TLS 1.2, although this "
            "client offered TLS 1.3. The client must abort: someone may have removed TLS 1.3 from its offer.")
        : _("Present (“DOWNGRD” 01): the server speaks TLS 1.3 but negotiated TLS 1.2, because this "
            "client offered no more than TLS 1.2. Nothing was removed; the client goes on.");
      break;
    case HSVIZ_DOWNGRADE_TLS11:
      verdict = hsviz_connection_downgrade_detected (self)
        ? _("Present (“DOWNGRD” 00): the server speaks TLS 1.3 but negotiated TLS 1.1 or older, although "
            "this client offered TLS 1.2 or newer. The client must abort.")
        : _("Present (“DOWNGRD” 00): the server speaks TLS 1.3 but negotiated TLS 1.1 or older, because "
            "this client offered no more. Nothing was removed; the client goes on.");
      break;
    case HSVIZ_DOWNGRADE_NONE:
    default:
      verdict = hsviz_connection_get_version (self) == HSVIZ_VERSION_TLS13
                  ? _("Absent, as it must be when TLS 1.3 is negotiated.")
                  : _("Absent: no sign of a downgrade.");
      break;
    }

  tail = hsviz_hex_encode (server_random + 24, 8);
  return g_strdup_printf (_("%s\nLast 8 bytes of the server random: %s. A TLS 1.3 server that is made to "
                            "speak TLS 1.2 or older writes “DOWNGRD” and 01 or 00 there, so the client "
                            "can detect a downgrade attack."),
                          verdict, tail);
}
