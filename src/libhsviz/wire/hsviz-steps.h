/* hsviz-steps.h — the one mapping from wire events to the six teaching steps
 * (the table in docs/architecture.md, "The six steps")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_STEP_NONE            = 0,
  HSVIZ_STEP_CLIENT_HELLO    = 1,
  HSVIZ_STEP_SERVER_HELLO    = 2,
  HSVIZ_STEP_AUTHENTICATION  = 3,  /* authentication and pre-master secret */
  HSVIZ_STEP_MASTER_SECRET   = 4,
  HSVIZ_STEP_SESSION_KEYS    = 5,
  HSVIZ_STEP_ENCRYPTION      = 6,
} HsvizStep;

#define HSVIZ_N_STEPS 6

/* What the step mapping needs to know about one handshake message. */
typedef struct
{
  guint16          version;         /* negotiated wire version (0x0304, 0x0303, ...); 0 unknown */
  HsvizKeyExchange kx;              /* HSVIZ_KX_TLS13 under TLS 1.3 */
  guint8           type_code;       /* the type byte on the wire */
  gboolean         hello_retry;     /* a ServerHello that is a HelloRetryRequest */
  HsvizDirection   direction;
  guint            position;        /* index of the message in wire order */
  gboolean         after_handshake; /* sent after both Finished (TLS 1.3 NewSessionTicket, KeyUpdate) */
} HsvizStepQuery;

HsvizStep   hsviz_step_for_message   (const HsvizStepQuery *query);

/* Records that are not handshake messages: ChangeCipherSpec, alerts, application data. */
HsvizStep   hsviz_step_for_record    (guint16          version,
                                      guint8           content_type,
                                      gboolean         after_handshake,
                                      HsvizStep        step_so_far);

/* Local actions drawn on the lifelines. */
typedef enum
{
  HSVIZ_ACTION_VERIFY_CERTIFICATE,   /* client checks the chain */
  HSVIZ_ACTION_PRE_MASTER,           /* pre-master secret / (EC)DHE shared secret */
  HSVIZ_ACTION_MASTER_SECRET,        /* master secret / TLS 1.3 key schedule */
  HSVIZ_ACTION_SESSION_KEYS,         /* key block / traffic keys */
} HsvizAction;

HsvizStep   hsviz_step_for_action    (guint16 version, HsvizAction action);

/* Titles and explanations (translated), one per step and protocol column. */
const char *hsviz_step_title         (HsvizStep step);
/* What the step is on this protocol, e.g. for TLS 1.3 step 3: "nothing is sent for the
 * pre-master: the (EC)DHE shared secret came from the key_shares of steps 1-2". */
const char *hsviz_step_explain       (HsvizStep step,
                                      guint16 version,
                                      HsvizKeyExchange kx);

G_END_DECLS
