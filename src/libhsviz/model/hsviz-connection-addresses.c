/* hsviz-connection-addresses.c — where and when a connection was: the client's and the server's
 * socket address, and its start time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-connection-private.h"

void
hsviz_connection_set_addresses (HsvizConnection *self,
                                const char      *client,
                                const char      *server)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail ((client == NULL) == (server == NULL));

  g_free (self->client_address);
  g_free (self->server_address);
  self->client_address = g_strdup (client);
  self->server_address = g_strdup (server);
}

const char *
hsviz_connection_get_client_address (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->client_address;
}

const char *
hsviz_connection_get_server_address (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->server_address;
}

char *
hsviz_connection_dup_addresses_text (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);

  if (self->client_address == NULL)
    return NULL;
  return g_strdup_printf ("%s → %s", self->client_address, self->server_address);
}

void
hsviz_connection_set_started_at (HsvizConnection *self,
                                 gint64           started_at_us)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  self->started_at = MAX (started_at_us, 0);
}

gint64
hsviz_connection_get_started_at (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), 0);
  return self->started_at;
}
