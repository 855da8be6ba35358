/* hsviz-key-schedule.h — recompute the key material and check it against what was used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"
#include "hsviz-tls-crypto.h"

G_BEGIN_DECLS

/* Recompute the session's key schedule (TLS 1.2 PRF or TLS 1.3 HKDF) from its key log,
 * randoms and transcript with GnuTLS primitives, compare each value with the record keys and
 * Finished messages the session really used, and store the result as the session's
 * key_schedule list (hsviz_connection_add_key_schedule).  Does nothing without secrets.
 * The primitives it uses (TLS 1.2 PRF, HKDF-Expand-Label, record decryption) are in
 * hsviz-tls-crypto.h.
 *
 * The entries, in order (each: name, formula in words, value hex, verified, note):
 *   TLS 1.2: [pre_master_secret, session_hash (when the demo server knows the pre-master;
 *            session_hash only with extended master secret)], master_secret, key_block,
 *            [client_write_mac_key, server_write_mac_key (CBC)], client_write_key,
 *            server_write_key, client_write_iv, server_write_iv, client_finished,
 *            server_finished, client_first_record, server_first_record
 *   TLS 1.3: [a resumed connection: psk_identity, resumption_master_secret, psk, early_secret,
 *            binder_key, binder_finished_key, psk_binder (hsviz-key-schedule-resume.c)],
 *            [message_hash (after a HelloRetryRequest)], then for the client and the server:
 *            <side>_handshake_traffic_secret, <side>_handshake_key, <side>_handshake_iv,
 *            <side>_finished_key, <side>_finished; then for the client and the server:
 *            <side>_application_traffic_secret_0, <side>_write_key, <side>_write_iv; then
 *            client_first_record, server_first_record
 * A resumed TLS 1.2 connection's master_secret is the first connection's (formula and note say
 * so, verified only when equal to it).  A resumed connection's chain starts in the connection it
 * resumed (hsviz_connection_get_resumed_from), found through hsviz_connection_get_session.
 * A value that cannot be computed has an empty value, verified FALSE and a note saying why.
 * "*_first_record" values are the first (up to 64) plaintext bytes of the first application
 * record in that direction, decrypted by us. */
void hsviz_key_schedule_compute (HsvizConnection *session);

G_END_DECLS
