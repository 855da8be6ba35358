/* hsviz-timeline-private.h — building a connection's timeline (the core only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-timeline.h"

G_BEGIN_DECLS

HsvizTimeline *_hsviz_timeline_new       (void);
/* Replaces every item with @items (of HsvizTimelineItem, taken), emitting "items-changed". */
void           _hsviz_timeline_set_items (HsvizTimeline   *self,
                                          GPtrArray       *items);

/* hsviz-timeline-build.c: the items of @connection, in wire order. */
GPtrArray     *_hsviz_timeline_build     (HsvizConnection *connection);

G_END_DECLS
