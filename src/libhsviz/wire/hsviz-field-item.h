/* hsviz-field-item.h — a field of a message as an item of a GListModel, for a view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-field.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_FIELD_ITEM (hsviz_field_item_get_type ())
G_DECLARE_FINAL_TYPE (HsvizFieldItem, hsviz_field_item, HSVIZ, FIELD_ITEM, GObject)

/* Holds a reference to @field's tree for as long as the item lives. */
HsvizFieldItem *hsviz_field_item_new       (HsvizField     *field);
HsvizField     *hsviz_field_item_get_field (HsvizFieldItem *self);

G_END_DECLS
