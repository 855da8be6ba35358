/* hsviz-connection-label.c — the short name of a connection among its session's connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-tables.h"

char *
hsviz_connection_dup_label (HsvizConnection *self)
{
  const HsvizOutcome *outcome;
  guint number;
  guint16 version;
  int from;
  g_autofree char *addresses = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  number = hsviz_connection_get_index (self) + 1;
  /* an import's connections are told apart by their sockets */
  if (g_strcmp0 (hsviz_connection_get_source (self), "import") == 0 &&
      (addresses = hsviz_connection_dup_addresses_text (self)) != NULL)
    return g_strdup_printf ("%u · %s", number, addresses);

  outcome = hsviz_connection_get_outcome (self);
  version = hsviz_connection_get_version (self);
  from = hsviz_connection_get_resumed_from (self);
  if (!outcome->completed && outcome->error != NULL)
    what = g_strdup (_("failed"));
  else if (hsviz_connection_is_resumed (self) && from >= 0)
    /* Translators: the number of the connection this one resumed: "2 · TLS 1.3 · resumed 1" */
    what = g_strdup_printf (_("resumed %u"), (guint) from + 1);
  else if (hsviz_connection_is_resumed (self))
    what = g_strdup (_("resumed"));
  else if (outcome->completed)
    what = g_strdup (_("full handshake"));

  return g_strdup_printf ("%u · %s%s%s", number,
                          version != 0 ? hsviz_version_display_name (version) : _("no ServerHello"),
                          what != NULL ? " · " : "", what != NULL ? what : "");
}
