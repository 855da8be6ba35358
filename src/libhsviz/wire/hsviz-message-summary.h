/* hsviz-message-summary.h — the few fields of a handshake message worth a line each in a
 * summary (its random, suite, chosen version or group, server name, signature schemes …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-message.h"

G_BEGIN_DECLS

typedef struct
{
  char     *label;   /* the field's label ("Random", "Cipher suites (29)"), or a whole line */
  char     *value;   /* NULL: the label says it all */
  gboolean  list;    /* the line holds a list (signature schemes): may be wrapped at its spaces */
} HsvizMessageFact;

/* The facts of @message in the order a summary shows them (transfer full, the array frees its
 * items): random; the offered suites' count (ClientHello) or the chosen suite; the version
 * and group chosen in extensions; the server name; the curve or DH group of a
 * ServerKeyExchange; the signature schemes (the signature_algorithms list of a ClientHello or
 * CertificateRequest, the one scheme of a ServerKeyExchange or CertificateVerify); the
 * encrypted pre-master secret; verify_data. */
GPtrArray *hsviz_message_dup_summary (HsvizMessage *message);

G_END_DECLS
