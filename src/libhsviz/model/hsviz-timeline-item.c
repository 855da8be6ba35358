/* hsviz-timeline-item.c — one line of a connection's timeline (construct-only properties)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-timeline-item.h"
#include "hsviz-timeline-private.h"

struct _HsvizTimelineItem
{
  GObject             parent_instance;

  HsvizTimelineEntry *entry;   /* the timeline's, shared */
};

G_DEFINE_FINAL_TYPE (HsvizTimelineItem, hsviz_timeline_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HsvizTimelineKind, hsviz_timeline_kind,
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_MESSAGE, "message"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD, "record"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_ACTION, "action"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_ALERT, "alert"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_FAILURE, "failure"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_NOTE, "note"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_CLEARTEXT, "cleartext"))

G_DEFINE_ENUM_TYPE (HsvizTimelineRecordKind, hsviz_timeline_record_kind,
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD_CHANGE_CIPHER_SPEC, "change-cipher-spec"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD_APPLICATION_DATA, "application-data"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD_NOT_TLS, "not-tls"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_RECORD_OTHER, "other"))

G_DEFINE_FLAGS_TYPE (HsvizTimelineSides, hsviz_timeline_sides,
                     G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_SIDE_CLIENT, "client"),
                     G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_SIDE_SERVER, "server"))

G_DEFINE_ENUM_TYPE (HsvizTimelineVerified, hsviz_timeline_verified,
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_UNCHECKED, "unchecked"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_VERIFIED, "verified"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_TIMELINE_FAILED, "failed"))

enum
{
  PROP_0,
  PROP_KIND,
  PROP_RECORD_KIND,
  PROP_STEP,
  PROP_DIRECTION,
  PROP_SIDES,
  PROP_LABEL,
  PROP_DETAIL,
  PROP_TIME_US,
  PROP_MESSAGE_INDEX,
  PROP_RECORD_INDEX,
  PROP_RELATED_MESSAGE,
  PROP_SIZE,
  PROP_VERIFIED,
  PROP_ACTION,
  PROP_FAILURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hsviz_timeline_item_finalize (GObject *object)
{
  HsvizTimelineItem *self = (HsvizTimelineItem *) object;

  g_clear_pointer (&self->entry, _hsviz_timeline_entry_unref);

  G_OBJECT_CLASS (hsviz_timeline_item_parent_class)->finalize (object);
}

static void
hsviz_timeline_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  const HsvizTimelineEntry *self = HSVIZ_TIMELINE_ITEM (object)->entry;

  switch (prop_id)
    {
    case PROP_KIND:            g_value_set_enum (value, self->kind); break;
    case PROP_RECORD_KIND:     g_value_set_enum (value, self->record_kind); break;
    case PROP_STEP:            g_value_set_uint (value, self->step); break;
    case PROP_DIRECTION:       g_value_set_uint (value, self->direction); break;
    case PROP_SIDES:           g_value_set_flags (value, self->sides); break;
    case PROP_LABEL:           g_value_set_string (value, self->label); break;
    case PROP_DETAIL:          g_value_set_string (value, self->detail); break;
    case PROP_TIME_US:         g_value_set_int64 (value, self->time_us); break;
    case PROP_MESSAGE_INDEX:   g_value_set_int (value, self->message_index); break;
    case PROP_RECORD_INDEX:    g_value_set_int (value, self->record_index); break;
    case PROP_RELATED_MESSAGE: g_value_set_int (value, self->related_message); break;
    case PROP_SIZE:            g_value_set_uint64 (value, self->size); break;
    case PROP_VERIFIED:        g_value_set_enum (value, self->verified); break;
    case PROP_ACTION:          g_value_set_int (value, self->action); break;
    case PROP_FAILURE:         g_value_set_boolean (value, self->failure); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_timeline_item_class_init (HsvizTimelineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hsviz_timeline_item_finalize;
  object_class->get_property = hsviz_timeline_item_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, HSVIZ_TYPE_TIMELINE_KIND, HSVIZ_TIMELINE_NOTE, flags);
  properties[PROP_RECORD_KIND] =
    g_param_spec_enum ("record-kind", NULL, NULL, HSVIZ_TYPE_TIMELINE_RECORD_KIND,
                       HSVIZ_TIMELINE_RECORD_NONE, flags);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, HSVIZ_N_STEPS, 0, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_uint ("direction", NULL, NULL, HSVIZ_DIRECTION_CLIENT, HSVIZ_DIRECTION_SERVER,
                       HSVIZ_DIRECTION_CLIENT, flags);
  properties[PROP_SIDES] =
    g_param_spec_flags ("sides", NULL, NULL, HSVIZ_TYPE_TIMELINE_SIDES, 0, flags);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_TIME_US] =
    g_param_spec_int64 ("time-us", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_MESSAGE_INDEX] =
    g_param_spec_int ("message-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_RECORD_INDEX] =
    g_param_spec_int ("record-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_RELATED_MESSAGE] =
    g_param_spec_int ("related-message", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_VERIFIED] =
    g_param_spec_enum ("verified", NULL, NULL, HSVIZ_TYPE_TIMELINE_VERIFIED,
                       HSVIZ_TIMELINE_UNCHECKED, flags);

  properties[PROP_ACTION] =
    g_param_spec_int ("action", NULL, NULL, -1, HSVIZ_ACTION_SESSION_KEYS, -1, flags);
  properties[PROP_FAILURE] =
    g_param_spec_boolean ("failure", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hsviz_timeline_item_init (HsvizTimelineItem *self)
{
}

static void
entry_clear (gpointer data)
{
  HsvizTimelineEntry *entry = data;

  g_free ((char *) entry->label);
  g_free ((char *) entry->detail);
}

HsvizTimelineEntry *
_hsviz_timeline_entry_new (const HsvizTimelineItemSpec *spec)
{
  HsvizTimelineEntry *entry = g_atomic_rc_box_new (HsvizTimelineEntry);

  *entry = *spec;
  entry->label = g_strdup (spec->label);
  entry->detail = g_strdup (spec->detail);
  return entry;
}

HsvizTimelineEntry *
_hsviz_timeline_entry_ref (HsvizTimelineEntry *entry)
{
  return g_atomic_rc_box_acquire (entry);
}

void
_hsviz_timeline_entry_unref (HsvizTimelineEntry *entry)
{
  g_atomic_rc_box_release_full (entry, entry_clear);
}

HsvizTimelineItem *
_hsviz_timeline_item_new (HsvizTimelineEntry *entry)
{
  HsvizTimelineItem *self = g_object_new (HSVIZ_TYPE_TIMELINE_ITEM, NULL);

  self->entry = _hsviz_timeline_entry_ref (entry);
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  hsviz_timeline_item_get_##name (HsvizTimelineItem *self) \
  { \
    g_return_val_if_fail (HSVIZ_IS_TIMELINE_ITEM (self), fallback); \
    return self->entry->name; \
  }

GETTER (HsvizTimelineKind, kind, HSVIZ_TIMELINE_NOTE)
GETTER (HsvizTimelineRecordKind, record_kind, HSVIZ_TIMELINE_RECORD_NONE)
GETTER (HsvizStep, step, HSVIZ_STEP_NONE)
GETTER (HsvizDirection, direction, HSVIZ_DIRECTION_CLIENT)
GETTER (HsvizTimelineSides, sides, 0)
GETTER (const char *, label, NULL)
GETTER (const char *, detail, NULL)
GETTER (gint64, time_us, -1)
GETTER (int, message_index, -1)
GETTER (int, record_index, -1)
GETTER (int, related_message, -1)
GETTER (guint64, size, 0)
GETTER (HsvizTimelineVerified, verified, HSVIZ_TIMELINE_UNCHECKED)
GETTER (int, action, -1)

gboolean
hsviz_timeline_item_is_failure (HsvizTimelineItem *self)
{
  g_return_val_if_fail (HSVIZ_IS_TIMELINE_ITEM (self), FALSE);
  return self->entry->failure;
}

#undef GETTER

const char *
hsviz_timeline_kind_to_string (HsvizTimelineKind kind)
{
  switch (kind)
    {
    case HSVIZ_TIMELINE_MESSAGE: return "message";
    case HSVIZ_TIMELINE_RECORD:  return "record";
    case HSVIZ_TIMELINE_ACTION:  return "action";
    case HSVIZ_TIMELINE_ALERT:   return "alert";
    case HSVIZ_TIMELINE_FAILURE: return "failure";
    case HSVIZ_TIMELINE_NOTE:    return "note";
    case HSVIZ_TIMELINE_CLEARTEXT: return "cleartext";
    default:                     return "unknown";
    }
}
