/* hsviz-record-tap.h — cut one direction of a TLS byte stream into records
 *
 * The capture's push/pull functions feed every byte they move through a tap, which hands
 * each whole record (5-byte header included) to a callback.  A stream that stops looking
 * like TLS (unknown content type, a version byte that is not 3, an oversized length) is
 * reported once and then passed on as raw chunks, so nothing is lost and nothing is guessed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

typedef struct _HsvizRecordTap HsvizRecordTap;

/* @record: a whole record, or (when @is_tls is FALSE) a chunk of non-TLS bytes. */
typedef void (*HsvizRecordFunc) (HsvizDirection  direction,
                                 GBytes         *record,
                                 gboolean        is_tls,
                                 gpointer        user_data);

HsvizRecordTap *hsviz_record_tap_new      (HsvizDirection   direction,
                                           HsvizRecordFunc  func,
                                           gpointer         user_data);
void            hsviz_record_tap_free     (HsvizRecordTap  *tap);
void            hsviz_record_tap_feed     (HsvizRecordTap  *tap,
                                           const guint8    *data,
                                           gsize            len);
/* Hand over a trailing partial record (at the end of the capture), as non-TLS if cut. */
void            hsviz_record_tap_flush    (HsvizRecordTap  *tap);
/* TRUE once the stream held something that is not a TLS record (everything after it is
 * handed over as non-TLS). */
gboolean        hsviz_record_tap_is_broken (HsvizRecordTap *tap);

/* The largest record a peer may send: 2^14 + 2048 (RFC 5246 §6.2.3) plus the header. */
#define HSVIZ_RECORD_MAX (16384 + 2048 + 5)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizRecordTap, hsviz_record_tap_free)

G_END_DECLS
