/* hsviz-timeline.h — one connection's handshake as it happened, for every view
 *
 * A GListModel of HsvizTimelineItem in wire order (the record tap's order): the handshake
 * messages, each placed at the record that carried it; ChangeCipherSpec, application data and
 * other records; alerts (read in clear, decrypted with the connection's keys when it has them,
 * else named as encrypted); the local actions (verify the certificate, the pre-master or shared
 * secret, the master secret, the session keys) placed from protocol facts, so they are there
 * without secrets; the HelloRetryRequest loop; the point of failure.  The connection builds it
 * (hsviz_connection_get_timeline()) from its stored bytes and facts, with the same code for a
 * live capture and a reopened file; the diagram, the step pane, the message list, the CLI text
 * and the file's derived `timeline` key all read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-timeline-item.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_TIMELINE (hsviz_timeline_get_type ())
G_DECLARE_FINAL_TYPE (HsvizTimeline, hsviz_timeline, HSVIZ, TIMELINE, GObject)

/* Borrowed: the item at @position, NULL past the end. */
HsvizTimelineItem *hsviz_timeline_peek_item     (HsvizTimeline *self,
                                                 guint          position);
guint              hsviz_timeline_get_n_items   (HsvizTimeline *self);
/* Position of the MESSAGE item of message @message_index, or -1. */
int                hsviz_timeline_find_message  (HsvizTimeline *self,
                                                 guint          message_index);

G_END_DECLS
