/* hsviz-timeline.c — a connection's timeline as a GListModel, and its JSON form
 *
 * The items are computed in hsviz-timeline-build.c; this file holds and publishes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-timeline-private.h"

struct _HsvizTimeline
{
  GObject    parent_instance;

  GPtrArray *items;     /* of HsvizTimelineEntry */
  GPtrArray *objects;   /* of HsvizTimelineItem, one per entry, NULL until a view asks */
};

static void hsviz_timeline_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsvizTimeline, hsviz_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hsviz_timeline_list_model_init))

static void
hsviz_timeline_finalize (GObject *object)
{
  HsvizTimeline *self = (HsvizTimeline *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);

  G_OBJECT_CLASS (hsviz_timeline_parent_class)->finalize (object);
}

static void
hsviz_timeline_class_init (HsvizTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hsviz_timeline_finalize;
}

static void
object_clear (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
hsviz_timeline_init (HsvizTimeline *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) _hsviz_timeline_entry_unref);
  self->objects = g_ptr_array_new_with_free_func (object_clear);
}

/* The item of entry @position, made the first time a view asks for it (transfer none). */
static HsvizTimelineItem *
object_at (HsvizTimeline *self,
           guint          position)
{
  HsvizTimelineItem *item;

  if (position >= self->items->len)
    return NULL;
  item = g_ptr_array_index (self->objects, position);
  if (item == NULL)
    {
      item = _hsviz_timeline_item_new (g_ptr_array_index (self->items, position));
      g_ptr_array_index (self->objects, position) = item;
    }
  return item;
}

static GType
hsviz_timeline_get_item_type (GListModel *model)
{
  return HSVIZ_TYPE_TIMELINE_ITEM;
}

static guint
hsviz_timeline_list_get_n_items (GListModel *model)
{
  return HSVIZ_TIMELINE (model)->items->len;
}

static gpointer
hsviz_timeline_get_item (GListModel *model,
                         guint       position)
{
  HsvizTimelineItem *item = object_at (HSVIZ_TIMELINE (model), position);

  return item != NULL ? g_object_ref (item) : NULL;
}

static void
hsviz_timeline_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hsviz_timeline_get_item_type;
  iface->get_n_items = hsviz_timeline_list_get_n_items;
  iface->get_item = hsviz_timeline_get_item;
}

HsvizTimeline *
_hsviz_timeline_new (void)
{
  return g_object_new (HSVIZ_TYPE_TIMELINE, NULL);
}

void
_hsviz_timeline_set_items (HsvizTimeline *self,
                           GPtrArray     *items)
{
  guint removed;

  g_return_if_fail (HSVIZ_IS_TIMELINE (self));
  g_return_if_fail (items != NULL);

  removed = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = items;
  g_ptr_array_set_free_func (self->items, (GDestroyNotify) _hsviz_timeline_entry_unref);
  g_ptr_array_set_size (self->objects, 0);
  g_ptr_array_set_size (self->objects, items->len);
  if (removed > 0 || items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, items->len);
}

/**
 * hsviz_timeline_peek_item:
 * @self: a timeline
 * @position: the position
 *
 * Returns: (transfer none) (nullable): the item at @position.
 */
HsvizTimelineItem *
hsviz_timeline_peek_item (HsvizTimeline *self,
                          guint          position)
{
  g_return_val_if_fail (HSVIZ_IS_TIMELINE (self), NULL);

  return object_at (self, position);
}

const HsvizTimelineEntry *
_hsviz_timeline_peek_entry (HsvizTimeline *self,
                            guint          position)
{
  g_return_val_if_fail (HSVIZ_IS_TIMELINE (self), NULL);

  return position < self->items->len ? g_ptr_array_index (self->items, position) : NULL;
}

guint
hsviz_timeline_get_n_items (HsvizTimeline *self)
{
  g_return_val_if_fail (HSVIZ_IS_TIMELINE (self), 0);

  return self->items->len;
}

int
hsviz_timeline_find_message (HsvizTimeline *self,
                             guint          message_index)
{
  g_return_val_if_fail (HSVIZ_IS_TIMELINE (self), -1);

  for (guint i = 0; i < self->items->len; i++)
    {
      const HsvizTimelineEntry *item = g_ptr_array_index (self->items, i);

      if (item->kind == HSVIZ_TIMELINE_MESSAGE && item->message_index == (int) message_index)
        return i;
    }
  return -1;
}
