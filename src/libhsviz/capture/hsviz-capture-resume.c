/* hsviz-capture-resume.c — what --reconnect adds to a connection of the capture
 *
 * The first connection keeps a ticket to resume with (and what it allows: 0-RTT), and its TLS
 * 1.3 resumption_master_secret (in no key log) is read from the session data; the second sends
 * its request as early data (--early-data) where the ticket allows it; a resumed TLS 1.2
 * connection's CLIENT_RANDOM line, which GnuTLS's key-log callback does not write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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

/* --reconnect with no request: a TLS 1.3 server sends its NewSessionTicket after the handshake;
 * read it (waiting at most a second) so the session data holds a ticket to resume with. */
static void
read_session_ticket (gnutls_session_t session)
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

void
hsviz_capture_resume_data_take (gnutls_session_t  session,
                                HsvizCaptureJob  *job,
                                HsvizResumeData  *out)
{
  gnutls_datum_t selected = { NULL, 0 };
  size_t max;

  if (job->no_request)
    read_session_ticket (session);
  if (gnutls_session_get_data2 (session, &out->data) < 0)
    out->data = (gnutls_datum_t) { NULL, 0 };
  /* GnuTLS keeps the max_early_data_size of the last NewSessionTicket's early_data extension;
   * a client session without one says UINT32_MAX (its initial value), which allows nothing */
  max = gnutls_record_get_max_early_data_size (session);
  out->max_early_data = gnutls_protocol_get_version (session) == GNUTLS_TLS1_3 &&
                        max != G_MAXUINT32 ? max : 0;
  out->h2 = gnutls_alpn_get_selected_protocol (session, &selected) == 0 &&
            selected.size == 2 && memcmp (selected.data, "h2", 2) == 0;
}

void
hsviz_capture_resume_data_clear (HsvizResumeData *data)
{
  gnutls_free (data->data.data);
  data->data = (gnutls_datum_t) { NULL, 0 };
}

gboolean
hsviz_capture_early_data_wanted (HsvizCaptureJob       *job,
                                 const HsvizResumeData *resume)
{
  g_autofree char *request = NULL;

  if (!job->early_data || resume == NULL || resume->max_early_data == 0 || resume->h2 ||
      job->no_request || !g_str_equal (job->app_protocol, "http"))
    return FALSE;
  request = hsviz_capture_http_request (job, TRUE);
  return strlen (request) <= resume->max_early_data;
}

char *
hsviz_capture_early_data_queue (gnutls_session_t  session,
                                HsvizCaptureJob  *job,
                                int              *ret)
{
  g_autofree char *request = hsviz_capture_http_request (job, TRUE);
  gsize len = strlen (request);
  /* GnuTLS 3.7.9 buffers it whole (the ticket's limit was checked) and returns 0, not the
   * number of bytes its documentation promises */
  ssize_t n = gnutls_record_send_early_data (session, request, len);

  *ret = n < 0 ? (int) n : 0;
  if (n < 0)
    return NULL;
  return g_steal_pointer (&request);
}
