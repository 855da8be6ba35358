/* hsviz-negotiation.h — what the client offered and the server chose, item by item: version,
 * cipher suite, group, key share, signature scheme, ALPN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_NEGOTIATED_VERSION,
  HSVIZ_NEGOTIATED_CIPHER_SUITE,
  HSVIZ_NEGOTIATED_GROUP,
  HSVIZ_NEGOTIATED_KEY_SHARE,
  HSVIZ_NEGOTIATED_SIGNATURE_SCHEME,
  HSVIZ_NEGOTIATED_ALPN,
} HsvizNegotiatedKind;

typedef enum
{
  HSVIZ_OFFER_KNOWN,     /* a value the core's tables name */
  HSVIZ_OFFER_GREASE,    /* RFC 8701: a reserved value the server must ignore */
  HSVIZ_OFFER_SIGNAL,    /* a cipher suite value that signals, never chosen (…_SCSV) */
  HSVIZ_OFFER_UNKNOWN,   /* a number no table here names */
} HsvizOfferKind;

/* One value of the client's list. */
typedef struct
{
  char           *name;     /* "x25519", "GREASE (0x0a0a)", "unknown (0xfe0d)", "h2" */
  gint32          number;   /* the code point; -1 for ALPN protocols (strings) */
  HsvizOfferKind  kind;
  gboolean        chosen;   /* the value the server picked */
} HsvizOffer;

/* One negotiated item. */
typedef struct
{
  HsvizNegotiatedKind kind;
  const char         *title;          /* translated: "Cipher suite", "Key shares" */
  GPtrArray          *offered;        /* HsvizOffer, in the client's order; empty: not offered */
  char               *chosen;         /* the server's pick for people, or NULL when none */
  gint32              chosen_number;  /* its code point, or -1 (none, ALPN, a custom DH group) */
  char               *note;           /* translated, or NULL: what a HelloRetryRequest changed */
} HsvizNegotiated;

/* The items of @connection in the order above (version, suite, group, [key share: when either
 * hello carries one], signature scheme, ALPN); empty before a ClientHello (transfer full, the
 * array frees its items). */
GPtrArray             *hsviz_connection_dup_negotiation (HsvizConnection    *connection);
/* The item of @kind in @negotiation, or NULL (transfer none). */
const HsvizNegotiated *hsviz_negotiation_find           (GPtrArray          *negotiation,
                                                         HsvizNegotiatedKind kind);
/* The offered names joined by ", ", or NULL when nothing was offered (transfer full). */
char                  *hsviz_negotiated_dup_offered_text (const HsvizNegotiated *item);

G_END_DECLS
