/* hsviz-capture-resume.c — what --reconnect adds to a connection of the capture
 *
 * The first connection keeps a ticket to resume with; a resumed TLS 1.2 connection's
 * CLIENT_RANDOM line, which GnuTLS's key-log callback does not write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>

#include "hsviz-capture-private.h"
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
