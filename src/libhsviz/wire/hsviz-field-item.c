/* hsviz-field-item.c — a field of a message as an item of a GListModel, for a view
 *
 * The field tree is made of plain nodes (hsviz-field.c); a view that lists fields in a
 * GtkTreeListModel gets them wrapped one by one, through hsviz_field_list_children().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hsviz-field-item.h"

struct _HsvizFieldItem
{
  GObject     parent_instance;
  HsvizField *field;   /* a reference to its tree */
};

G_DEFINE_FINAL_TYPE (HsvizFieldItem, hsviz_field_item, G_TYPE_OBJECT)

static void
hsviz_field_item_finalize (GObject *object)
{
  HsvizFieldItem *self = (HsvizFieldItem *)object;

  g_clear_pointer (&self->field, hsviz_field_unref);

  G_OBJECT_CLASS (hsviz_field_item_parent_class)->finalize (object);
}

static void
hsviz_field_item_class_init (HsvizFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hsviz_field_item_finalize;
}

static void
hsviz_field_item_init (HsvizFieldItem *self)
{
}

/**
 * hsviz_field_item_new:
 * @field: a node of a field tree
 *
 * Returns: (transfer full): an item for @field, holding a reference to its tree
 */
HsvizFieldItem *
hsviz_field_item_new (HsvizField *field)
{
  HsvizFieldItem *self;

  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (HSVIZ_TYPE_FIELD_ITEM, NULL);
  self->field = hsviz_field_ref (field);

  return self;
}

/**
 * hsviz_field_item_get_field:
 * @self: a #HsvizFieldItem
 *
 * Returns: (transfer none): the field; it lives as long as @self
 */
HsvizField *
hsviz_field_item_get_field (HsvizFieldItem *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD_ITEM (self), NULL);

  return self->field;
}
