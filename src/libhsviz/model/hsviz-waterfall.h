/* hsviz-waterfall.h — where a connection's time went, as bars on one time axis: the DNS lookup,
 * the TCP connect, each flight of the handshake and each of the six steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_WATERFALL_DNS,
  HSVIZ_WATERFALL_CONNECT,
  HSVIZ_WATERFALL_FLIGHT,    /* what one side sent before the other answered */
  HSVIZ_WATERFALL_STEP,      /* the first to the last timed item of a step */
} HsvizWaterfallKind;

typedef struct
{
  HsvizWaterfallKind kind;
  char              *label;      /* translated: "DNS lookup", "Flight 2: ServerHello … ServerHelloDone" */
  HsvizDirection     direction;  /* FLIGHT: its sender */
  HsvizStep          step;       /* STEP: which */
  gint64             start_us;   /* after the capture started (the time axis of the records) */
  gint64             end_us;
} HsvizWaterfallBar;

/* The bars in time order within their kind (DNS, connect, flights, steps); empty when the
 * connection has no times. Free with g_ptr_array_unref. */
GPtrArray *hsviz_connection_dup_waterfall (HsvizConnection *self);

G_END_DECLS
