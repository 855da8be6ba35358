/* hsviz-session-data.h — the TLS 1.3 ticket in GnuTLS's packed session data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What GnuTLS keeps of the last TLS 1.3 NewSessionTicket it received. */
typedef struct
{
  guint32  lifetime;
  guint32  age_add;
  GBytes  *nonce;
  GBytes  *ticket;
  GBytes  *resumption_master_secret;
} HsvizPackedTicket;

void     hsviz_packed_ticket_clear           (HsvizPackedTicket *ticket);

/* Reads the TLS 1.3 part at the end of @data, what gnutls_session_get_data2 () returns
 * (lib/session_pack.c of GnuTLS 3.7, tls13_pack_security_parameters: a 4-byte length, then
 * lifetime, age_add, nonce<1>, ticket<4>, resumption_master_secret<1>, a 12-byte arrival time
 * and a 4-byte max_early_data_size, all big-endian; nothing follows it for TLS 1.3).  The
 * layout is checked, not assumed: the length must cover exactly the rest of @data, every
 * length prefix must end where the next field starts, the secret must be @hash_len bytes and
 * the ticket not empty.  FALSE (and @ticket untouched) when the data does not have that shape. */
gboolean hsviz_session_data_read_tls13_ticket (const guint8      *data,
                                               gsize              len,
                                               gsize              hash_len,
                                               HsvizPackedTicket *ticket);

G_END_DECLS
