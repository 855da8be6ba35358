/* hsviz-connection-label.c — the short name of a connection among its session's connections,
 * and what that name leaves out (for a tooltip)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-tables.h"

/* "TLS 1.3 · resumed 1", "TLS 1.2 · failed", "TLS 1.3 · full handshake": its version and
 * what became of it. */
static char *
dup_version_and_outcome (HsvizConnection *self)
{
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (self);
  guint16 version = hsviz_connection_get_version (self);
  int from = hsviz_connection_get_resumed_from (self);
  g_autofree char *what = NULL;

  if (!outcome->completed && outcome->error != NULL)
    what = g_strdup (_("failed"));
  else if (hsviz_connection_is_resumed (self) && from >= 0)
    /* Translators: the number of the connection this one resumed: "2 · TLS 1.3 · resumed 1" */
    what = g_strdup_printf (_("resumed %u"), (guint) from + 1);
  else if (hsviz_connection_is_resumed (self))
    what = g_strdup (_("resumed"));
  else if (outcome->completed)
    what = g_strdup (_("full handshake"));

  return g_strdup_printf ("%s%s%s", version != 0 ? hsviz_version_display_name (version) : _("no ServerHello"),
                          what != NULL ? " · " : "", what != NULL ? what : "");
}

/* An import's connections are told apart by their sockets, a capture's by what became of them. */
static gboolean
named_by_addresses (HsvizConnection *self)
{
  return g_strcmp0 (hsviz_connection_get_source (self), "import") == 0 &&
         hsviz_connection_get_client_address (self) != NULL;
}

char *
hsviz_connection_dup_label (HsvizConnection *self)
{
  guint number;
  g_autofree char *name = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  number = hsviz_connection_get_index (self) + 1;
  name = named_by_addresses (self) ? hsviz_connection_dup_addresses_text (self)
                                   : dup_version_and_outcome (self);
  return g_strdup_printf ("%u · %s", number, name);
}

char *
hsviz_connection_dup_label_details (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  return named_by_addresses (self) ? dup_version_and_outcome (self)
                                   : hsviz_connection_dup_addresses_text (self);
}
