/* hsviz-field.c — one parsed field of a handshake message, with its place in the bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz-field.h"

struct _HsvizField
{
  GObject     parent_instance;

  char       *key;        /* key, label and value share one allocation, starting at @key */
  char       *label;
  char       *value;
  gsize       offset;
  gsize       length;
  gint64      number;
  GPtrArray  *children;   /* of HsvizField (owned), NULL until the first child is appended */
  GListStore *model;      /* the same children as a GListModel, made when first asked for */
};

G_DEFINE_FINAL_TYPE (HsvizField, hsviz_field, G_TYPE_OBJECT)

static void
hsviz_field_dispose (GObject *object)
{
  HsvizField *self = (HsvizField *)object;

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (hsviz_field_parent_class)->dispose (object);
}

static void
hsviz_field_finalize (GObject *object)
{
  HsvizField *self = (HsvizField *)object;

  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (hsviz_field_parent_class)->finalize (object);
}

static void
hsviz_field_class_init (HsvizFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hsviz_field_dispose;
  object_class->finalize = hsviz_field_finalize;
}

static void
hsviz_field_init (HsvizField *self)
{
  self->number = -1;
}

/**
 * hsviz_field_new:
 * @key: the stable machine name
 * @label: what a person reads
 * @value: (nullable): the value as a person reads it
 * @offset: where the field starts in the whole message
 * @length: how many bytes it covers
 * @number: its integer value, or -1
 *
 * Returns: (transfer full): a new leaf field
 */
HsvizField *
hsviz_field_new (const char *key,
                 const char *label,
                 const char *value,
                 gsize       offset,
                 gsize       length,
                 gint64      number)
{
  HsvizField *self;
  gsize key_size, label_size, value_size;

  g_return_val_if_fail (key != NULL, NULL);

  if (label == NULL)
    label = key;
  key_size = strlen (key) + 1;
  label_size = strlen (label) + 1;
  value_size = value != NULL ? strlen (value) + 1 : 0;
  self = g_object_new (HSVIZ_TYPE_FIELD, NULL);
  self->key = g_malloc (key_size + label_size + value_size);
  self->label = self->key + key_size;
  memcpy (self->key, key, key_size);
  memcpy (self->label, label, label_size);
  if (value != NULL)
    {
      self->value = self->label + label_size;
      memcpy (self->value, value, value_size);
    }
  self->offset = offset;
  self->length = length;
  self->number = number;

  return self;
}

/**
 * hsviz_field_append:
 * @self: a #HsvizField
 * @child: (transfer none): the field to add at the end of @self's children
 */
void
hsviz_field_append (HsvizField *self,
                    HsvizField *child)
{
  g_return_if_fail (HSVIZ_IS_FIELD (self));
  g_return_if_fail (HSVIZ_IS_FIELD (child));
  g_return_if_fail (self != child);

  if (self->children == NULL)
    self->children = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (self->children, g_object_ref (child));
  if (self->model != NULL)
    g_list_store_append (self->model, child);
}

const char *
hsviz_field_get_key (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);

  return self->key;
}

const char *
hsviz_field_get_label (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);

  return self->label;
}

const char *
hsviz_field_get_value (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);

  return self->value;
}

gsize
hsviz_field_get_offset (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), 0);

  return self->offset;
}

gsize
hsviz_field_get_length (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), 0);

  return self->length;
}

gint64
hsviz_field_get_number (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), -1);

  return self->number;
}

/**
 * hsviz_field_get_children:
 * @self: a #HsvizField
 *
 * Returns: (transfer none) (nullable): a #GListModel of #HsvizField, or %NULL for a leaf
 */
GListModel *
hsviz_field_get_children (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);

  if (self->children == NULL)
    return NULL;
  if (self->model == NULL)
    {
      self->model = g_list_store_new (HSVIZ_TYPE_FIELD);
      g_list_store_splice (self->model, 0, 0, self->children->pdata, self->children->len);
    }
  return G_LIST_MODEL (self->model);
}

guint
hsviz_field_get_n_children (HsvizField *self)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), 0);

  if (self->children == NULL)
    return 0;

  return self->children->len;
}

/**
 * hsviz_field_get_child:
 * @self: a #HsvizField
 * @position: index of the child
 *
 * Returns: (transfer none) (nullable): the child at @position, or %NULL
 */
HsvizField *
hsviz_field_get_child (HsvizField *self,
                       guint       position)
{
  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);

  if (self->children == NULL || position >= self->children->len)
    return NULL;

  return g_ptr_array_index (self->children, position);
}

/**
 * hsviz_field_find:
 * @self: a #HsvizField
 * @key: the key to look for
 *
 * Searches the descendants of @self depth-first, in order, @self excluded.
 *
 * Returns: (transfer none) (nullable): the first field whose key is @key, or %NULL
 */
HsvizField *
hsviz_field_find (HsvizField *self,
                  const char *key)
{
  guint n;

  g_return_val_if_fail (HSVIZ_IS_FIELD (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  n = hsviz_field_get_n_children (self);
  for (guint i = 0; i < n; i++)
    {
      HsvizField *child = hsviz_field_get_child (self, i);
      HsvizField *found;

      if (g_strcmp0 (child->key, key) == 0)
        return child;

      found = hsviz_field_find (child, key);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_recurse (HsvizField *field,
                 const char *key,
                 GPtrArray  *out)
{
  guint n = hsviz_field_get_n_children (field);

  for (guint i = 0; i < n; i++)
    {
      HsvizField *child = hsviz_field_get_child (field, i);

      if (g_strcmp0 (hsviz_field_get_key (child), key) == 0)
        g_ptr_array_add (out, child);
      else
        collect_recurse (child, key, out);
    }
}

HsvizField *
hsviz_field_find_extension (HsvizField *root,
                            guint16     type)
{
  HsvizField *extensions;
  guint n;

  if (root == NULL)
    return NULL;

  extensions = hsviz_field_find (root, "extensions");
  if (extensions == NULL)
    return NULL;

  n = hsviz_field_get_n_children (extensions);
  for (guint i = 0; i < n; i++)
    {
      HsvizField *child = hsviz_field_get_child (extensions, i);

      if (g_strcmp0 (hsviz_field_get_key (child), "extension") == 0 &&
          hsviz_field_get_number (child) == type)
        return child;
    }

  return NULL;
}

GPtrArray *
hsviz_field_collect (HsvizField *root,
                     const char *key)
{
  GPtrArray *out = g_ptr_array_new ();

  if (root != NULL)
    collect_recurse (root, key, out);

  return out;
}
