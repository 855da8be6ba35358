/* hsviz-key-schedule.h — recompute the key material and check it against what was used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-session.h"
#include "hsviz-tls-crypto.h"

G_BEGIN_DECLS

/* Recompute the session's key schedule (TLS 1.2 PRF or TLS 1.3 HKDF) from its key log,
 * randoms and transcript with GnuTLS primitives, compare each value with the record keys and
 * Finished messages the session really used, and store the result as the session's
 * key_schedule list (hsviz_session_add_key_schedule).  Does nothing without secrets.
 * The primitives it uses (TLS 1.2 PRF, HKDF-Expand-Label, record decryption) are in
 * hsviz-tls-crypto.h. */
void hsviz_key_schedule_compute (HsvizSession *session);

G_END_DECLS
