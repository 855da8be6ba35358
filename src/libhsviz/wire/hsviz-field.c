/* hsviz-field.c — one parsed field of a handshake message, with its place in the bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz-field.h"
#include "hsviz-field-item.h"

/* A tree's nodes, their strings and their child lists are carved out of a few blocks, owned by
 * the root (the first node of the first block): freeing the tree frees the blocks, nothing else. */
typedef struct _Block Block;
struct _Block
{
  Block *next;
  gsize  size;
  gsize  used;
  char   data[];
};

#define FIRST_BLOCK 1024
#define LAST_BLOCK  (16 * 1024)

struct _HsvizField
{
  HsvizField      *root;       /* the tree's root; itself for the root */
  gatomicrefcount  ref_count;  /* the tree's references, kept in the root only */
  Block           *blocks;     /* the tree's blocks, newest first, kept in the root only */
  const char      *key;        /* key, label and value are stored after the node, in its block */
  const char      *label;
  const char      *value;
  gsize            offset;
  gsize            length;
  gint64           number;
  HsvizField     **children;   /* owned by the tree, NULL for a leaf */
  guint            n_children;
  guint            children_room;
  char             text[];
};

G_DEFINE_BOXED_TYPE (HsvizField, hsviz_field, hsviz_field_ref, hsviz_field_unref)

/* @n bytes (aligned for any node or pointer) from the newest block of @blocks, or from a new
 * one, twice the size of the last (up to LAST_BLOCK, or @n when that is larger). */
static gpointer
carve (Block **blocks,
       gsize   n)
{
  Block *b = *blocks;
  gpointer at;

  n = (n + 7) & ~(gsize) 7;
  if (b == NULL || b->size - b->used < n)
    {
      gsize size = b == NULL ? FIRST_BLOCK : MIN (b->size * 2, LAST_BLOCK);

      size = MAX (size, n);
      b = g_malloc (sizeof (Block) + size);
      b->size = size;
      b->used = 0;
      b->next = *blocks;
      *blocks = b;
    }
  at = b->data + b->used;
  b->used += n;
  return at;
}

static HsvizField *
node_new (HsvizField *root,
          const char *key,
          const char *label,
          const char *value,
          gsize       offset,
          gsize       length,
          gint64      number)
{
  HsvizField *self;
  Block *blocks = NULL;
  gsize key_size, label_size, value_size;
  char *text;

  if (label == NULL)
    label = key;
  key_size = strlen (key) + 1;
  label_size = strlen (label) + 1;
  value_size = value != NULL ? strlen (value) + 1 : 0;
  self = carve (root != NULL ? &root->blocks : &blocks,
                sizeof (HsvizField) + key_size + label_size + value_size);
  self->root = root != NULL ? root : self;
  self->blocks = blocks;
  text = self->text;
  self->key = memcpy (text, key, key_size);
  self->label = memcpy (text + key_size, label, label_size);
  self->value = value != NULL ? memcpy (text + key_size + label_size, value, value_size) : NULL;
  self->offset = offset;
  self->length = length;
  self->number = number;
  self->children = NULL;
  self->n_children = 0;
  self->children_room = 0;

  return self;
}

static void
tree_free (HsvizField *root)
{
  Block *b = root->blocks;

  while (b != NULL)
    {
      Block *next = b->next;

      g_free (b);
      b = next;
    }
}

/**
 * hsviz_field_new:
 * @key: the stable machine name
 * @label: (nullable): what a person reads (@key when %NULL)
 * @value: (nullable): the value as a person reads it
 * @offset: where the field starts in the whole message
 * @length: how many bytes it covers
 * @number: its integer value, or -1
 *
 * Returns: (transfer full): the root of a new tree of one node
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

  g_return_val_if_fail (key != NULL, NULL);

  self = node_new (NULL, key, label, value, offset, length, number);
  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

/**
 * hsviz_field_add:
 * @parent: a #HsvizField
 *
 * The other arguments as for hsviz_field_new().
 *
 * Returns: (transfer none): the new node, at the end of @parent's children; it lives as long
 *   as @parent's tree
 */
HsvizField *
hsviz_field_add (HsvizField *parent,
                 const char *key,
                 const char *label,
                 const char *value,
                 gsize       offset,
                 gsize       length,
                 gint64      number)
{
  HsvizField *child;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  child = node_new (parent->root, key, label, value, offset, length, number);
  if (parent->n_children == parent->children_room)
    {
      /* a list twice as long, in the tree's blocks (the old one stays there, unused) */
      guint room = MAX (4, parent->children_room * 2);
      HsvizField **children = carve (&parent->root->blocks, room * sizeof (HsvizField *));

      if (parent->n_children > 0)
        memcpy (children, parent->children, parent->n_children * sizeof (HsvizField *));
      parent->children = children;
      parent->children_room = room;
    }
  parent->children[parent->n_children++] = child;

  return child;
}

/**
 * hsviz_field_ref:
 * @self: a node of a field tree
 *
 * Returns: (transfer full): @self, whose tree has one more reference
 */
HsvizField *
hsviz_field_ref (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->root->ref_count);

  return self;
}

/**
 * hsviz_field_unref:
 * @self: (transfer full): a node of a field tree
 *
 * Drops a reference to @self's tree; the last one frees every node of it.
 */
void
hsviz_field_unref (HsvizField *self)
{
  HsvizField *root;

  g_return_if_fail (self != NULL);

  root = self->root;
  if (g_atomic_ref_count_dec (&root->ref_count))
    tree_free (root);
}

const char *
hsviz_field_get_key (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

const char *
hsviz_field_get_label (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

const char *
hsviz_field_get_value (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->value;
}

gsize
hsviz_field_get_offset (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->offset;
}

gsize
hsviz_field_get_length (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

gint64
hsviz_field_get_number (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->number;
}

/**
 * hsviz_field_list_children:
 * @self: a #HsvizField
 *
 * Returns: (transfer full) (nullable): a new #GListModel of #HsvizFieldItem, one for each
 *   child in order, or %NULL for a leaf
 */
GListModel *
hsviz_field_list_children (HsvizField *self)
{
  GListStore *store;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->children == NULL)
    return NULL;

  store = g_list_store_new (HSVIZ_TYPE_FIELD_ITEM);
  for (guint i = 0; i < self->n_children; i++)
    {
      g_autoptr(HsvizFieldItem) item = hsviz_field_item_new (self->children[i]);

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

guint
hsviz_field_get_n_children (HsvizField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_children;
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
  g_return_val_if_fail (self != NULL, NULL);

  if (position >= self->n_children)
    return NULL;

  return self->children[position];
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

  g_return_val_if_fail (self != NULL, NULL);
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
