/* hsviz-connection-starttls.c — what a connection said in clear before TLS (STARTTLS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-connection-private.h"

static void
cleartext_free (gpointer data)
{
  HsvizClearText *t = data;

  g_free (t->text);
  g_free (t);
}

static GPtrArray *
ensure_cleartext (HsvizConnection *self)
{
  if (self->cleartext == NULL)
    self->cleartext = g_ptr_array_new_with_free_func (cleartext_free);
  return self->cleartext;
}

void
hsviz_connection_set_starttls (HsvizConnection *self,
                               const char      *protocol)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));

  g_free (self->starttls);
  self->starttls = g_strdup (protocol);
}

void
hsviz_connection_add_cleartext (HsvizConnection *self,
                                HsvizDirection   direction,
                                gint64           time_us,
                                const char      *text)
{
  HsvizClearText *t;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (text != NULL);

  t = g_new0 (HsvizClearText, 1);
  t->direction = direction;
  t->time_us = time_us;
  t->text = g_utf8_make_valid (text, -1);
  g_ptr_array_add (ensure_cleartext (self), t);
}

const char *
hsviz_connection_get_starttls (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->starttls;
}

GPtrArray *
hsviz_connection_get_cleartext (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return ensure_cleartext (self);
}
