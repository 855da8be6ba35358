/* hsviz-message.h — one handshake message as it crossed the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-field.h"
#include "hsviz-parser.h"
#include "hsviz-steps.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_MESSAGE (hsviz_message_get_type ())
G_DECLARE_FINAL_TYPE (HsvizMessage, hsviz_message, HSVIZ, MESSAGE, GObject)

/* @bytes: the whole message, 4-byte header included.  The message parses itself with
 * @context at once; a parse problem is kept (hsviz_message_get_parse_error), never fatal. */
HsvizMessage *hsviz_message_new             (guint                    index,
                                             HsvizDirection           direction,
                                             gint64                   time_us,
                                             GBytes                  *bytes,
                                             const HsvizParseContext *context);
guint          hsviz_message_get_index       (HsvizMessage *self);
HsvizDirection hsviz_message_get_direction   (HsvizMessage *self);
gint64         hsviz_message_get_time_us     (HsvizMessage *self);
GBytes        *hsviz_message_get_bytes       (HsvizMessage *self);
guint8         hsviz_message_get_type_code   (HsvizMessage *self);
gboolean       hsviz_message_is_hello_retry  (HsvizMessage *self);
const char    *hsviz_message_get_type_name   (HsvizMessage *self);  /* "ClientHello", "HelloRetryRequest" */
HsvizField    *hsviz_message_get_fields      (HsvizMessage *self);  /* root field, never NULL */
/* The value bytes of @field (one of this message's): the last hsviz_field_get_number() bytes
 * it covers (a length-prefixed field without its prefix), or NULL when it has none. */
const guint8  *hsviz_message_get_field_value (HsvizMessage *self,
                                              HsvizField   *field,
                                              gsize        *len);
const char    *hsviz_message_get_parse_error (HsvizMessage *self);  /* NULL when it parsed cleanly */
HsvizStep      hsviz_message_get_step        (HsvizMessage *self);
void           hsviz_message_set_step        (HsvizMessage *self,
                                              HsvizStep     step);
/* Re-parse with a context known later (e.g. the negotiated version); nothing to do (FALSE)
 * when the context is the one the message was last parsed with. */
gboolean       hsviz_message_reparse         (HsvizMessage            *self,
                                              const HsvizParseContext *context);

G_END_DECLS
