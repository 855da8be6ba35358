/* hsviz-capture-resume.c — what --reconnect adds to a connection of the capture
 *
 * The first connection keeps a ticket to resume with, and its TLS 1.3 resumption_master_secret
 * (in no key log) is read from the session data; a resumed TLS 1.2 connection's CLIENT_RANDOM
 * line, which GnuTLS's key-log callback does not write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "hsviz-capture-private.h"
#include "hsviz-session-data.h"
#include "hsviz-util.h"

void
hsviz_capture_add_resumed_master_secret (gnutls_session_t  session,
                                         HsvizCaptureJob  *job,
                                         gint64            time_us)
{
  gnutls_datum_t client_random = { NULL, 0 };
  gnutls_datum_t master = { NULL, 0 };
  HsvizCaptureEvent *ev;

  if (gnutls_protocol_get_version (session) == GNUTLS_TLS1_3)
    return;
  gnutls_session_get_random (session, &client_random, NULL);
  gnutls_session_get_master_secret (session, &master);
  if (master.size == 0 || client_random.size == 0)
    return;
  ev = g_new0 (HsvizCaptureEvent, 1);
  ev->kind = HSVIZ_EVENT_SECRET;
  ev->time_us = time_us;
  ev->label = g_strdup ("CLIENT_RANDOM");
  ev->client_random = hsviz_hex_encode (client_random.data, client_random.size);
  ev->secret = hsviz_hex_encode (master.data, master.size);
  job->post (ev, job->post_data);
}

void
hsviz_capture_read_session_ticket (gnutls_session_t session)
{
  guint8 buf[1024];

  if (gnutls_protocol_get_version (session) != GNUTLS_TLS1_3 ||
      (gnutls_session_get_flags (session) & GNUTLS_SFLAGS_SESSION_TICKET))
    return;
  gnutls_record_set_timeout (session, 1000);
  (void) gnutls_record_recv (session, buf, sizeof buf);
  gnutls_record_set_timeout (session, 0);
}

GBytes *
hsviz_capture_resumption_master_secret (gnutls_session_t      session,
                                        const gnutls_datum_t *data)
{
  HsvizPackedTicket ticket = { 0 };
  GBytes *secret;

  /* the layout read is GnuTLS 3's (unchanged from 3.6.13, where it is first used, to 3.8) */
  if (gnutls_protocol_get_version (session) != GNUTLS_TLS1_3 || gnutls_check_version ("3.6.13") == NULL ||
      gnutls_check_version ("4.0.0") != NULL ||
      !hsviz_session_data_read_tls13_ticket (data->data, data->size,
                                             gnutls_hash_get_len (gnutls_prf_hash_get (session)), &ticket))
    return NULL;
  secret = g_steal_pointer (&ticket.resumption_master_secret);
  hsviz_packed_ticket_clear (&ticket);
  return secret;
}
