/* hsviz-message.c — one handshake message as it crossed the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-message.h"
#include "hsviz-tables.h"

struct _HsvizMessage
{
  GObject         parent_instance;
  guint           index;
  HsvizDirection  direction;
  gint64          time_us;
  GBytes         *bytes;
  HsvizField     *fields;
  HsvizParseContext parsed_with; /* the context @fields was parsed with */
  char           *parse_error;
  HsvizStep       step;
  guint8          type_code;
  guint           hello_retry : 1;
};

G_DEFINE_FINAL_TYPE (HsvizMessage, hsviz_message, G_TYPE_OBJECT)

static void
hsviz_message_finalize (GObject *object)
{
  HsvizMessage *self = (HsvizMessage *) object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->fields, hsviz_field_unref);
  g_clear_pointer (&self->parse_error, g_free);

  G_OBJECT_CLASS (hsviz_message_parent_class)->finalize (object);
}

static void
hsviz_message_class_init (HsvizMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hsviz_message_finalize;
}

static void
hsviz_message_init (HsvizMessage *self)
{
}

gboolean
hsviz_message_reparse (HsvizMessage            *self,
                       const HsvizParseContext *context)
{
  g_autoptr(GError) error = NULL;
  HsvizParseContext ctx = { 0 };
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), FALSE);

  if (context != NULL)
    ctx = *context;
  ctx.direction = self->direction;

  /* the same bytes with the same context (or a message that reads none) parse to the same tree */
  if (self->fields != NULL &&
      (!hsviz_parse_needs_context (self->type_code) ||
       (ctx.version == self->parsed_with.version && ctx.direction == self->parsed_with.direction &&
        ctx.cipher_suite == self->parsed_with.cipher_suite)))
    return FALSE;

  data = g_bytes_get_data (self->bytes, &len);
  self->parsed_with = ctx;
  g_clear_pointer (&self->fields, hsviz_field_unref);
  g_clear_pointer (&self->parse_error, g_free);
  self->fields = hsviz_parse_handshake_message (data, len, &ctx, &error);
  if (error != NULL)
    self->parse_error = g_strdup (error->message);
  return TRUE;
}

HsvizMessage *
hsviz_message_new (guint                    index,
                   HsvizDirection           direction,
                   gint64                   time_us,
                   GBytes                  *bytes,
                   const HsvizParseContext *context)
{
  HsvizMessage *self;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (HSVIZ_TYPE_MESSAGE, NULL);
  self->index = index;
  self->direction = direction;
  self->time_us = time_us;
  self->bytes = g_bytes_ref (bytes);

  data = g_bytes_get_data (bytes, &len);
  self->type_code = len > 0 ? data[0] : 0;
  self->hello_retry = hsviz_message_is_hello_retry_request (data, len);

  hsviz_message_reparse (self, context);

  return self;
}

guint
hsviz_message_get_index (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), 0);
  return self->index;
}

HsvizDirection
hsviz_message_get_direction (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), 0);
  return self->direction;
}

gint64
hsviz_message_get_time_us (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), 0);
  return self->time_us;
}

GBytes *
hsviz_message_get_bytes (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), NULL);
  return self->bytes;
}

guint8
hsviz_message_get_type_code (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), 0);
  return self->type_code;
}

gboolean
hsviz_message_is_hello_retry (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), FALSE);
  return self->hello_retry;
}

const char *
hsviz_message_get_type_name (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), NULL);
  return hsviz_handshake_type_name (self->type_code, self->hello_retry);
}

HsvizField *
hsviz_message_get_fields (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), NULL);
  return self->fields;
}

const guint8 *
hsviz_message_get_field_value (HsvizMessage *self,
                               HsvizField   *field,
                               gsize        *len)
{
  gsize mlen, end;
  const guint8 *d;
  gint64 n;

  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), NULL);

  if (field == NULL)
    return NULL;
  d = g_bytes_get_data (self->bytes, &mlen);
  end = hsviz_field_get_offset (field) + hsviz_field_get_length (field);
  n = hsviz_field_get_number (field);
  if (n < 0 || end > mlen || (gsize) n > hsviz_field_get_length (field))
    return NULL;
  *len = (gsize) n;
  return d + end - n;
}

const char *
hsviz_message_get_parse_error (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), NULL);
  return self->parse_error;
}

HsvizStep
hsviz_message_get_step (HsvizMessage *self)
{
  g_return_val_if_fail (HSVIZ_IS_MESSAGE (self), HSVIZ_STEP_NONE);
  return self->step;
}

void
hsviz_message_set_step (HsvizMessage *self,
                        HsvizStep     step)
{
  g_return_if_fail (HSVIZ_IS_MESSAGE (self));
  self->step = step;
}
