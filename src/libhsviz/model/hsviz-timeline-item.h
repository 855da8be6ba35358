/* hsviz-timeline-item.h — one line of a connection's timeline: a message, a record, a local
 * action, an alert, the point of failure or a note
 *
 * Items are immutable: the core builds them (hsviz-timeline-build.c) and every view reads the
 * same ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hsviz-steps.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_TIMELINE_MESSAGE,    /* a handshake message (message-index; record-index: its carrier) */
  HSVIZ_TIMELINE_RECORD,     /* a record that is not a handshake message (see record-kind) */
  HSVIZ_TIMELINE_ACTION,     /* a local action on one or both sides (sides) */
  HSVIZ_TIMELINE_ALERT,      /* an alert, read in clear, decrypted, or reported by GnuTLS */
  HSVIZ_TIMELINE_FAILURE,    /* the point where a failed handshake stopped */
  HSVIZ_TIMELINE_NOTE,       /* a remark, e.g. the HelloRetryRequest loop back to step 1 */
  HSVIZ_TIMELINE_CLEARTEXT,  /* said in clear before TLS (STARTTLS): direction, label (the first
                              * line), detail (all of it), time; step none, before step 1 */
} HsvizTimelineKind;

typedef enum
{
  HSVIZ_TIMELINE_RECORD_NONE,               /* not a record item */
  HSVIZ_TIMELINE_RECORD_CHANGE_CIPHER_SPEC,
  HSVIZ_TIMELINE_RECORD_APPLICATION_DATA,   /* encrypted application data */
  HSVIZ_TIMELINE_RECORD_NOT_TLS,            /* bytes that are not a TLS record */
  HSVIZ_TIMELINE_RECORD_OTHER,              /* any other content type */
} HsvizTimelineRecordKind;

/* The lifelines an item concerns (flags). */
typedef enum
{
  HSVIZ_TIMELINE_SIDE_CLIENT = 1 << 0,
  HSVIZ_TIMELINE_SIDE_SERVER = 1 << 1,
  HSVIZ_TIMELINE_SIDE_BOTH   = HSVIZ_TIMELINE_SIDE_CLIENT | HSVIZ_TIMELINE_SIDE_SERVER,
} HsvizTimelineSides;

typedef enum
{
  HSVIZ_TIMELINE_UNCHECKED,   /* nothing to check, or no value to check it with */
  HSVIZ_TIMELINE_VERIFIED,    /* recomputed and equal / the verdict passed / decrypted with a valid tag */
  HSVIZ_TIMELINE_FAILED,      /* recomputed and different / the verdict failed */
} HsvizTimelineVerified;

#define HSVIZ_TYPE_TIMELINE_KIND        (hsviz_timeline_kind_get_type ())
#define HSVIZ_TYPE_TIMELINE_RECORD_KIND (hsviz_timeline_record_kind_get_type ())
#define HSVIZ_TYPE_TIMELINE_SIDES       (hsviz_timeline_sides_get_type ())
#define HSVIZ_TYPE_TIMELINE_VERIFIED    (hsviz_timeline_verified_get_type ())
GType hsviz_timeline_kind_get_type        (void) G_GNUC_CONST;
GType hsviz_timeline_record_kind_get_type (void) G_GNUC_CONST;
GType hsviz_timeline_sides_get_type       (void) G_GNUC_CONST;
GType hsviz_timeline_verified_get_type    (void) G_GNUC_CONST;

#define HSVIZ_TYPE_TIMELINE_ITEM (hsviz_timeline_item_get_type ())
G_DECLARE_FINAL_TYPE (HsvizTimelineItem, hsviz_timeline_item, HSVIZ, TIMELINE_ITEM, GObject)

HsvizTimelineKind       hsviz_timeline_item_get_kind          (HsvizTimelineItem *self);
HsvizTimelineRecordKind hsviz_timeline_item_get_record_kind   (HsvizTimelineItem *self);
HsvizStep               hsviz_timeline_item_get_step          (HsvizTimelineItem *self);
/* The sender of a message, record or alert (actions: the client when they concern it). */
HsvizDirection          hsviz_timeline_item_get_direction     (HsvizTimelineItem *self);
HsvizTimelineSides      hsviz_timeline_item_get_sides         (HsvizTimelineItem *self);
/* Short, translated: "ClientHello", "Verify certificate ✓", "close_notify (warning)". */
const char             *hsviz_timeline_item_get_label         (HsvizTimelineItem *self);
/* Longer, translated, may be NULL: what it is and, with secrets, its value. */
const char             *hsviz_timeline_item_get_detail        (HsvizTimelineItem *self);
/* When it crossed the wire (a message: the time of the record that carried it); -1 unknown. */
gint64                  hsviz_timeline_item_get_time_us       (HsvizTimelineItem *self);
/* Index in the connection's messages / records, -1 when it stands for none. */
int                     hsviz_timeline_item_get_message_index (HsvizTimelineItem *self);
int                     hsviz_timeline_item_get_record_index  (HsvizTimelineItem *self);
/* NOTE of a HelloRetryRequest: the ClientHello it goes back to, else -1. */
int                     hsviz_timeline_item_get_related_message (HsvizTimelineItem *self);
/* Bytes on the wire: a message's size, a record's fragment length; 0 otherwise. */
guint64                 hsviz_timeline_item_get_size          (HsvizTimelineItem *self);
HsvizTimelineVerified   hsviz_timeline_item_get_verified      (HsvizTimelineItem *self);
/* ACTION: which local action it is (hsviz-steps.h); -1 for other kinds. */
int                     hsviz_timeline_item_get_action        (HsvizTimelineItem *self);
/* ALERT: TRUE when the alert is known to report a failure (a fatal alert, or any but
 * close_notify and user_canceled); FALSE for the normal end of a connection, for an alert that
 * was not decrypted, and for other kinds. */
gboolean                hsviz_timeline_item_is_failure        (HsvizTimelineItem *self);

/* Stable English names of the kind for files and scripts: "message", "record", "action",
 * "alert", "failure", "note". */
const char             *hsviz_timeline_kind_to_string         (HsvizTimelineKind kind);

G_END_DECLS
