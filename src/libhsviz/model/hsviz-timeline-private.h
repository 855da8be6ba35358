/* hsviz-timeline-private.h — building a connection's timeline (the core only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-timeline.h"

G_BEGIN_DECLS

HsvizTimeline *_hsviz_timeline_new       (void);
/* Replaces every item with @items (of HsvizTimelineEntry, taken), emitting "items-changed". */
void           _hsviz_timeline_set_items (HsvizTimeline   *self,
                                          GPtrArray       *items);

/* hsviz-timeline-item.c: an item's facts, set at once by the builder (the item's properties are
 * read-only; HSVIZ_TIMELINE_ITEM_SPEC_INIT holds their defaults: no time, message, record,
 * related message or action). */
typedef struct
{
  HsvizTimelineKind       kind;
  HsvizTimelineRecordKind record_kind;
  HsvizStep               step;
  HsvizDirection          direction;
  HsvizTimelineSides      sides;
  const char             *label;
  const char             *detail;
  gint64                  time_us;
  int                     message_index;
  int                     record_index;
  int                     related_message;
  guint64                 size;
  HsvizTimelineVerified   verified;
  int                     action;
  gboolean                failure;   /* ALERT: known to report a failure (hsviz_alert_is_failure) */
} HsvizTimelineItemSpec;

#define HSVIZ_TIMELINE_ITEM_SPEC_INIT \
  { .kind = HSVIZ_TIMELINE_NOTE, .record_kind = HSVIZ_TIMELINE_RECORD_NONE, .direction = HSVIZ_DIRECTION_CLIENT, \
    .verified = HSVIZ_TIMELINE_UNCHECKED, .time_us = -1, .message_index = -1, .record_index = -1, \
    .related_message = -1, .action = -1 }

/* An item as the timeline keeps it: its spec with its own label and detail, reference-counted
 * (an atomic GRcBox).  The HsvizTimelineItem GObject a view reads is made from it only when a
 * view asks (hsviz_timeline_peek_item, g_list_model_get_item); the core reads the entries. */
typedef HsvizTimelineItemSpec HsvizTimelineEntry;

HsvizTimelineEntry *_hsviz_timeline_entry_new   (const HsvizTimelineItemSpec *spec);
HsvizTimelineEntry *_hsviz_timeline_entry_ref   (HsvizTimelineEntry          *entry);
void                _hsviz_timeline_entry_unref (HsvizTimelineEntry          *entry);
/* The item of @entry (which it keeps a reference to). */
HsvizTimelineItem  *_hsviz_timeline_item_new    (HsvizTimelineEntry          *entry);
/* The entry at @position, or NULL (transfer none). */
const HsvizTimelineEntry *_hsviz_timeline_peek_entry (HsvizTimeline *self,
                                                      guint          position);

/* hsviz-timeline-build.c: the items of @connection, in wire order, and in @record_steps (an
 * array of HsvizStep, one per record, taken by the caller) the step of every record, from
 * the messages before it on the wire: the only place a record's step is worked out. */
GPtrArray     *_hsviz_timeline_build     (HsvizConnection *connection,
                                          GArray         **record_steps);

/* ---- shared by hsviz-timeline-build.c and hsviz-timeline-records.c ---- */

typedef enum
{
  HSVIZ_REC_HANDSHAKE,
  HSVIZ_REC_CHANGE_CIPHER_SPEC,
  HSVIZ_REC_ALERT,
  HSVIZ_REC_APPLICATION_DATA,
  HSVIZ_REC_NOT_TLS,
  HSVIZ_REC_OTHER,
  HSVIZ_REC_ENCRYPTED,          /* TLS 1.3 protected record not decrypted: handshake or application data */
} HsvizRecordClass;

/* What the timeline knows about one record. */
typedef struct
{
  HsvizRecordClass class;
  gboolean         decrypted;          /* with the connection's keys, tag verified */
  gboolean         whole_message;      /* TLS 1.2 encrypted handshake record: one whole message */
  gsize            capacity;           /* handshake bytes it carries (estimated for HSVIZ_REC_ENCRYPTED) */
  gboolean         carries;            /* carries (part of) a handshake message */
  gboolean         has_alert;
  guint8           alert_level;
  guint8           alert_description;
  gboolean         alert_from_outcome; /* encrypted, named from what GnuTLS reported */
  gboolean         early;              /* TLS 1.3 0-RTT: the client's early data before the
                                        * server's first record, or a record protected with
                                        * the client early traffic key (EndOfEarlyData) */
} HsvizRecordInfo;

#define HSVIZ_RECORD_STEP_UNSET ((HsvizStep) G_MAXINT)

typedef struct
{
  HsvizConnection *connection;
  GPtrArray       *records;       /* HsvizRecord */
  guint            n_records;
  HsvizRecordInfo *info;          /* per record */
  guint            n_messages;
  int             *carrier;       /* per message: the record that completed it, or -1 */
  HsvizStep       *record_step;   /* per record, HSVIZ_RECORD_STEP_UNSET until worked out */
  guint16          version;
  guint16          suite;
  gboolean         have_secrets;
} HsvizTimelineBuilder;

/* hsviz-timeline-records.c: classify (and decrypt) the records, then match each side's
 * messages to the records that carried them; a failed handshake's encrypted alert is named
 * from the outcome. */
void _hsviz_timeline_classify_records      (HsvizTimelineBuilder *b);
void _hsviz_timeline_find_carriers_of_side (HsvizTimelineBuilder *b,
                                            HsvizDirection        dir);
void _hsviz_timeline_place_outcome_alert   (HsvizTimelineBuilder *b);
/* TLS 1.3 early data (0-RTT): marks in @early (one per record) the client's records protected
 * with the client early traffic key: the ones it sent before the server's first record, then
 * those @key/@iv (NULL: not known) decrypt at the next sequence number (EndOfEarlyData).
 * Returns how many; the key schedule checks the same records. */
guint _hsviz_timeline_find_early_records   (GPtrArray            *records,
                                            guint16               version,
                                            guint16               suite,
                                            const guint8         *key,
                                            gsize                 key_len,
                                            const guint8         *iv,
                                            gboolean             *early);

G_END_DECLS
