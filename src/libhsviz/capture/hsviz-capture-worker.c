/* hsviz-capture-worker.c — one capture on the worker thread: connect, handshake, step 6
 *
 * A blocking GnuTLS client on the GIO streams (hsviz-gio-transport.c), whose reads and writes
 * feed the record taps; one handshake hook (GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_PRE) for every
 * message; the key-log callback. Step 6 is hsviz-capture-http.c (https) or
 * hsviz-capture-starttls.c; what --reconnect adds, hsviz-capture-resume.c.
 * Everything the worker sees is posted as an event; the session is built on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "hsviz-capture-private.h"
#include "hsviz-demo-server.h"
#include "hsviz-error.h"
#include "hsviz-gio-transport.h"
#include "hsviz-record-tap.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

typedef struct
{
  HsvizCaptureJob   *job;
  const HsvizResumeData *resume;      /* the first connection's session, or NULL */
  char              *early_request;   /* --early-data: the request queued as 0-RTT, or NULL */
  gboolean           keylog_master;   /* the key-log callback wrote CLIENT_RANDOM */
  gnutls_session_t   session;
  gint64             t0;
  GSocketConnection *connection;
  GSocket           *socket;          /* NULL for a pre-connected stream (job->stream) */
  GIOStream         *stream;
  HsvizGioTransport *transport;
  HsvizRecordTap    *tap_in;
  HsvizRecordTap    *tap_out;
  guint              n_messages;
  guint              n_records;
  guint64            n_bytes;
  gboolean           limit_hit;
  char              *limit_text;
  HsvizDirection     last_dir;
  guint8             last_type;
  gboolean           last_hrr;
  /* the server's plain handshake records, scanned for announced message lengths */
  gboolean           server_encrypting;
  guint8             hs_header[4];
  guint              hs_header_len;
  guint32            hs_left;
} Worker;

void
hsviz_capture_event_free (HsvizCaptureEvent *event)
{
  g_clear_pointer (&event->bytes, g_bytes_unref);
  g_free (event->label);
  g_free (event->client_random);
  g_free (event->secret);
  g_clear_pointer (&event->result, hsviz_capture_result_free);
  g_free (event);
}

void
hsviz_capture_result_free (HsvizCaptureResult *r)
{
  g_free (r->address);
  g_free (r->client_address);
  g_free (r->server_address);
  hsviz_verification_clear (&r->verification);
  hsviz_chain_path_clear (&r->chain_path);
  hsviz_application_data_clear (&r->app);
  hsviz_outcome_clear (&r->outcome);
  g_clear_pointer (&r->master_secret, g_bytes_unref);
  g_clear_pointer (&r->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&r->resumption_master_secret, g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (r->keys); i++)
    g_clear_pointer (&r->keys[i], g_bytes_unref);
  g_clear_error (&r->error);
  g_free (r);
}

static gint64
now_us (Worker *w)
{
  return g_get_monotonic_time () - w->t0;
}

static void
post (Worker            *w,
      HsvizCaptureEvent *event)
{
  w->job->post (event, w->job->post_data);
}

static void
set_limit (Worker     *w,
           const char *text)
{
  if (!w->limit_hit)
    {
      w->limit_hit = TRUE;
      w->limit_text = g_strdup (text);
    }
}

/* ---- record tap ---- */

/* GnuTLS buffers a handshake message whole before it checks its size, so a header announcing
 * 16 MiB would be read to the end.  While the server's handshake records are plain (until its
 * ChangeCipherSpec or first encrypted record), check each announced length as it arrives. */
static void
check_plain_handshake (Worker       *w,
                       const guint8 *record,
                       gsize         len)
{
  const guint8 *p = record + 5;
  gsize n = len - 5;

  if (record[0] == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC || record[0] == HSVIZ_CONTENT_APPLICATION_DATA)
    w->server_encrypting = TRUE;
  if (w->server_encrypting || record[0] != HSVIZ_CONTENT_HANDSHAKE)
    return;

  while (n > 0)
    {
      guint32 length;

      if (w->hs_left > 0)
        {
          gsize skip = MIN (n, (gsize) w->hs_left);

          w->hs_left -= (guint32) skip;
          p += skip;
          n -= skip;
          continue;
        }
      while (w->hs_header_len < 4 && n > 0)
        {
          w->hs_header[w->hs_header_len++] = *p++;
          n--;
        }
      if (w->hs_header_len < 4)
        break;
      w->hs_header_len = 0;
      length = ((guint32) w->hs_header[1] << 16) | ((guint32) w->hs_header[2] << 8) | w->hs_header[3];
      if (length > HSVIZ_MAX_MESSAGE_SIZE)
        {
          set_limit (w, _("a handshake message larger than 256 KiB"));
          return;
        }
      w->hs_left = length;
    }
}

static void
tap_record_cb (HsvizDirection direction,
               GBytes        *record,
               gboolean       is_tls,
               gpointer       user_data)
{
  Worker *w = user_data;
  HsvizCaptureEvent *ev;

  if (w->n_records >= HSVIZ_MAX_RECORDS)
    {
      set_limit (w, _("more than 20000 records"));
      return;
    }
  w->n_records++;
  if (is_tls && direction == HSVIZ_DIRECTION_SERVER)
    check_plain_handshake (w, g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  ev = g_new0 (HsvizCaptureEvent, 1);
  ev->kind = HSVIZ_EVENT_RECORD;
  ev->direction = direction;
  ev->time_us = now_us (w);
  if (is_tls)
    ev->bytes = g_bytes_ref (record);
  else
    {
      /* Not TLS: keep the bytes (capped), marked with content type 0. */
      gsize len = MIN (g_bytes_get_size (record), 4096);
      guint8 *buf = g_malloc (len + 5);

      buf[0] = 0;
      buf[1] = buf[2] = 0;
      buf[3] = (guint8) (len >> 8);
      buf[4] = (guint8) len;
      memcpy (buf + 5, g_bytes_get_data (record, NULL), len);
      ev->bytes = g_bytes_new_take (buf, len + 5);
    }
  post (w, ev);
}

/* ---- transport: every byte goes through the record taps ---- */

static int
before_read_cb (gpointer user_data)
{
  Worker *w = user_data;

  if (w->n_bytes >= HSVIZ_MAX_BYTES)
    set_limit (w, _("more than 16 MiB in one capture"));
  /* a cap was hit (bytes here, records in the tap): read no more */
  return w->limit_hit ? EMSGSIZE : 0;
}

static void
moved_cb (gpointer      user_data,
          gboolean      sent,
          const guint8 *data,
          gsize         len)
{
  Worker *w = user_data;

  hsviz_record_tap_feed (sent ? w->tap_out : w->tap_in, data, len);
  w->n_bytes += len;
}

static const HsvizGioTransportFuncs transport_funcs = {
  .before_read = before_read_cb,
  .moved = moved_cb,
};

/* The server answered with something that is not TLS: GnuTLS read only a record header's
 * worth.  Keep a little more (up to 512 bytes, waiting at most half a second) so the
 * diagnosis can tell plain HTTP or a mail greeting from noise. */
static void
keep_first_bytes (Worker *w)
{
  guint8 buf[512];
  gsize have = 5;

  if (w->socket == NULL || !hsviz_record_tap_is_broken (w->tap_in))
    return;
  while (have < sizeof buf &&
         g_socket_condition_timed_wait (w->socket, G_IO_IN, 500000, w->job->cancellable, NULL))
    {
      gssize n = g_socket_receive (w->socket, (char *) buf, sizeof buf - have, w->job->cancellable, NULL);

      if (n <= 0)
        break;
      hsviz_record_tap_feed (w->tap_in, buf, (gsize) n);
      have += (gsize) n;
    }
}

/* ---- hooks ---- */

/* Registered for GNUTLS_HOOK_PRE only: an incoming message's bytes are whole before GnuTLS
 * processes it (at POST, HelloRetryRequest and TLS 1.3 NewSessionTicket are consumed buffers);
 * an outgoing one's as it is queued. */
static int
handshake_hook_cb (gnutls_session_t     session,
                   unsigned int         htype,
                   unsigned             when,
                   unsigned int         incoming,
                   const gnutls_datum_t *msg)
{
  Worker *w = gnutls_session_get_ptr (session);
  HsvizCaptureEvent *ev;
  guint8 *buf;
  guint8 type;

  if (when != GNUTLS_HOOK_PRE)
    return 0;
  if (htype == GNUTLS_HANDSHAKE_CHANGE_CIPHER_SPEC)
    return 0;

  if (w->n_messages >= HSVIZ_MAX_MESSAGES)
    {
      set_limit (w, _("more than 1000 handshake messages"));
      return GNUTLS_E_HANDSHAKE_TOO_LARGE;
    }
  if (msg->size > HSVIZ_MAX_MESSAGE_SIZE)
    {
      set_limit (w, _("a handshake message larger than 256 KiB"));
      return GNUTLS_E_HANDSHAKE_TOO_LARGE;
    }

  /* GnuTLS reports HelloRetryRequest as 1025; on the wire it is a ServerHello (2). */
  type = htype == GNUTLS_HANDSHAKE_HELLO_RETRY_REQUEST ? HSVIZ_HS_SERVER_HELLO : (guint8) htype;

  buf = g_malloc (msg->size + 4);
  buf[0] = type;
  buf[1] = (guint8) (msg->size >> 16);
  buf[2] = (guint8) (msg->size >> 8);
  buf[3] = (guint8) msg->size;
  if (msg->size > 0)
    memcpy (buf + 4, msg->data, msg->size);

  w->n_messages++;
  w->last_dir = incoming ? HSVIZ_DIRECTION_SERVER : HSVIZ_DIRECTION_CLIENT;
  w->last_type = type;
  w->last_hrr = htype == GNUTLS_HANDSHAKE_HELLO_RETRY_REQUEST;

  ev = g_new0 (HsvizCaptureEvent, 1);
  ev->kind = HSVIZ_EVENT_MESSAGE;
  ev->direction = w->last_dir;
  ev->time_us = now_us (w);
  ev->bytes = g_bytes_new_take (buf, msg->size + 4);
  post (w, ev);
  return 0;
}

static int
keylog_cb (gnutls_session_t      session,
           const char           *label,
           const gnutls_datum_t *secret)
{
  Worker *w = gnutls_session_get_ptr (session);
  gnutls_datum_t client_random = { NULL, 0 };
  HsvizCaptureEvent *ev;

  gnutls_session_get_random (session, &client_random, NULL);
  if (g_str_equal (label, "CLIENT_RANDOM"))
    w->keylog_master = TRUE;

  ev = g_new0 (HsvizCaptureEvent, 1);
  ev->kind = HSVIZ_EVENT_SECRET;
  ev->time_us = now_us (w);
  ev->label = g_strdup (label);
  ev->client_random = hsviz_hex_encode (client_random.data, client_random.size);
  ev->secret = hsviz_hex_encode (secret->data, secret->size);
  post (w, ev);
  return 0;
}

/* ---- connect ---- */

static gboolean
worker_connect (Worker              *w,
                HsvizCaptureResult  *result,
                GError             **error)
{
  HsvizCaptureJob *job = w->job;
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local_error = NULL;
  g_autolist(GInetAddress) addresses = NULL;
  gint64 t;

  if (job->stream != NULL)
    {
      w->stream = job->stream;
      hsviz_capture_result_read_addresses (result, w->stream);
      return TRUE;
    }

  t = g_get_monotonic_time ();
  addresses = g_resolver_lookup_by_name (resolver, job->target.host, job->cancellable, &local_error);
  result->timings.dns_us = g_get_monotonic_time () - t;
  if (addresses == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Looking up “%s”"), job->target.host);

      hsviz_error_take_gio (error, g_steal_pointer (&local_error), what);
      return FALSE;
    }

  g_socket_client_set_protocol (client, G_SOCKET_PROTOCOL_TCP);
  /* We connect to exactly the host the user named; a proxy would change what is captured,
   * and asking for one costs tens of milliseconds. */
  g_socket_client_set_enable_proxy (client, FALSE);
  t = g_get_monotonic_time ();
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (l->data, job->target.port);

      g_clear_error (&local_error);
      w->connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address),
                                               job->cancellable, &local_error);
      if (w->connection != NULL)
        {
          result->address = g_inet_address_to_string (l->data);
          break;
        }
      if (g_cancellable_is_cancelled (job->cancellable))
        break;
    }
  result->timings.connect_us = g_get_monotonic_time () - t;

  if (w->connection == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Connecting to %s port %u"),
                                               job->target.host, job->target.port);

      hsviz_error_take_gio (error, g_steal_pointer (&local_error), what);
      return FALSE;
    }

  w->socket = g_socket_connection_get_socket (w->connection);
  g_socket_set_option (w->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  w->stream = G_IO_STREAM (w->connection);
  hsviz_capture_result_read_addresses (result, w->stream);
  return TRUE;
}

/* ---- session set-up ---- */

static gboolean
worker_setup_tls (Worker                           *w,
                  gnutls_certificate_credentials_t *creds,
                  GError                          **error)
{
  HsvizCaptureJob *job = w->job;
  gboolean early = hsviz_capture_early_data_wanted (job, w->resume);
  int ret;

  /* GNUTLS_FORCE_CLIENT_CERT: send the configured certificate even when the server's list of
   * acceptable issuers does not name its issuer (the user asked for this one; the server says
   * what it thinks of it) */
  if ((ret = gnutls_init (&w->session, GNUTLS_CLIENT |
                          (job->client_cert != NULL ? GNUTLS_FORCE_CLIENT_CERT : 0) |
                          (early ? GNUTLS_ENABLE_EARLY_DATA : 0))) < 0)
    return hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), error);

  /* hsviz_capture_new checked the priority string and says what is wrong with it */
  if (job->priority != NULL)
    ret = gnutls_priority_set_direct (w->session, job->priority, NULL);
  else
    ret = gnutls_set_default_priority (w->session);
  if (ret < 0)
    return hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), error);

  gnutls_credentials_set (w->session, GNUTLS_CRD_CERTIFICATE, *creds);
  /* --reconnect: offer the first connection's session (TLS 1.3 PSK from its ticket, TLS 1.2
   * session ticket or id); the server decides whether to resume */
  if (w->resume != NULL &&
      (ret = gnutls_session_set_data (w->session, w->resume->data.data, w->resume->data.size)) < 0)
    return hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), error);
  /* --early-data: the request goes right after the ClientHello, under the early traffic key */
  if (early && (w->early_request = hsviz_capture_early_data_queue (w->session, job, &ret)) == NULL)
    return hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), error);
  /* GnuTLS refuses a larger handshake message itself, before buffering it */
  gnutls_handshake_set_max_packet_length (w->session, HSVIZ_MAX_MESSAGE_SIZE);
  if (job->target.servername != NULL && !g_hostname_is_ip_address (job->target.servername))
    gnutls_server_name_set (w->session, GNUTLS_NAME_DNS, job->target.servername,
                            strlen (job->target.servername));

  if (job->alpn != NULL && job->alpn[0] != NULL)
    {
      guint n = g_strv_length (job->alpn);
      g_autofree gnutls_datum_t *protocols = g_new0 (gnutls_datum_t, n);

      for (guint i = 0; i < n; i++)
        {
          protocols[i].data = (unsigned char *) job->alpn[i];
          protocols[i].size = (unsigned int) strlen (job->alpn[i]);
        }
      if ((ret = gnutls_alpn_set_protocols (w->session, protocols, n, 0)) < 0)
        return hsviz_error_from_gnutls (ret, NULL, _("Setting up TLS"), error);
    }

  gnutls_session_set_ptr (w->session, w);
  gnutls_handshake_set_hook_function (w->session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_PRE,
                                      handshake_hook_cb);
  gnutls_session_set_keylog_function (w->session, keylog_cb);
  w->transport = hsviz_gio_transport_new (w->session, w->stream, w->socket, job->cancellable,
                                          &transport_funcs, w);
  return TRUE;
}

static guint
remaining_ms (Worker *w)
{
  gint64 left = (gint64) w->job->timeout_ms * 1000 - now_us (w);

  return left > 1000 ? (guint) (left / 1000) : 1;
}

static gboolean
recv_limit_hit (gpointer data)
{
  Worker *w = data;

  if (w->n_bytes >= HSVIZ_MAX_BYTES)
    set_limit (w, _("more than 16 MiB in one capture"));
  return w->limit_hit;
}

static void
recv_rehandshake (gpointer data)
{
  Worker *w = data;

  hsviz_capture_decline_renegotiation (w->session, now_us (w), w->job);
}

/* ---- failure ---- */

/* TLS 1.3 (RFC 8446 §6.1): user_canceled is a closure alert, not an error, whatever its level
 * field says; GnuTLS 3.7 returns it as a fatal alert and ends the session. (In TLS 1.2 a
 * warning-level user_canceled is a warning: hsviz_capture_recv reads on past it.) */
static gboolean
is_tls13_closure_alert (Worker *w,
                        int     ret)
{
  return ret == GNUTLS_E_FATAL_ALERT_RECEIVED && w->session != NULL &&
         gnutls_protocol_get_version (w->session) == GNUTLS_TLS1_3 &&
         gnutls_alert_get (w->session) == GNUTLS_A_USER_CANCELED;
}

static void
describe_failure (Worker             *w,
                  HsvizCaptureResult *result,
                  int                 ret,
                  const char         *what)
{
  HsvizOutcome *o = &result->outcome;
  HsvizCaptureJob *job = w->job;
  g_autoptr(GError) error = NULL;
  GError *io_error;

  /* o->completed stays as the handshake left it: a failure after both Finished messages (a
   * reset, an alert, a limit during step 6) is reported as what it was, the handshake completed */
  if (ret == GNUTLS_E_HANDSHAKE_TOO_LARGE)
    set_limit (w, _("a handshake message larger than 256 KiB"));

  if (g_atomic_int_get (&job->user_cancelled))
    g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED, _("The capture was cancelled"));
  else if (g_atomic_int_get (&job->timed_out))
    g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_TIMED_OUT,
                 _("%s failed: no answer within %u seconds"), what, (job->timeout_ms + 999) / 1000);
  else if (w->limit_hit)
    g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_LIMIT,
                 _("%s stopped: the server sent %s (a safety limit)"), what, w->limit_text);
  else if ((ret == GNUTLS_E_PULL_ERROR || ret == GNUTLS_E_PUSH_ERROR) &&
           (io_error = hsviz_gio_transport_take_error (w->transport)) != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("%s failed"), what);

      hsviz_error_take_gio (&error, io_error, msg);
      if (error->code == HSVIZ_ERROR_IO || error->code == HSVIZ_ERROR_FAILED)
        error->code = HSVIZ_ERROR_CLOSED;
    }
  else if (is_tls13_closure_alert (w, ret))
    g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_CLOSED,
                 _("%s ended: the server sent user_canceled (90), a closure alert; in TLS 1.3 "
                   "GnuTLS reads nothing after an alert"), what);
  else
    hsviz_error_from_gnutls (ret, w->session, what, &error);

  if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED || ret == GNUTLS_E_WARNING_ALERT_RECEIVED)
    {
      o->has_alert = TRUE;
      /* TLS 1.2 says the level; in TLS 1.3 it is implicit in the alert (RFC 8446 §6) and GnuTLS
       * reports every alert as fatal */
      o->alert_level = ret == GNUTLS_E_FATAL_ALERT_RECEIVED && !is_tls13_closure_alert (w, ret)
                         ? GNUTLS_AL_FATAL : GNUTLS_AL_WARNING;
      o->alert_description = (guint8) gnutls_alert_get (w->session);
      o->alert_sender = HSVIZ_DIRECTION_SERVER;
    }
  else if (ret < 0 && w->session != NULL && !g_atomic_int_get (&job->user_cancelled) &&
           !g_atomic_int_get (&job->timed_out) && ret != GNUTLS_E_PULL_ERROR &&
           ret != GNUTLS_E_PUSH_ERROR && ret != GNUTLS_E_PREMATURE_TERMINATION)
    {
      int alert = gnutls_error_to_alert (ret, NULL);

      /* Tell the server why we stop, as a TLS client should; the record tap shows it. */
      if (alert >= 0 && gnutls_alert_send_appropriate (w->session, ret) == 0)
        {
          o->has_alert = TRUE;
          o->alert_level = 2;
          o->alert_description = (guint8) alert;
          o->alert_sender = HSVIZ_DIRECTION_CLIENT;
        }
    }

  if (w->n_messages == 0)
    o->failed_at = g_strdup (_("before any handshake message"));
  else
    o->failed_at = g_strdup_printf (_("after %s from the %s (message %u)"),
                                    hsviz_handshake_type_name (w->last_type, w->last_hrr),
                                    w->last_dir == HSVIZ_DIRECTION_SERVER ? _("server") : _("client"),
                                    w->n_messages);
  o->error = g_strdup (error->message);
  o->error_code = error->code;
  result->error = g_steal_pointer (&error);
}

/* ---- the whole capture ---- */

/* One connection: connect, handshake, step 6; posts HSVIZ_EVENT_RESULT.  With @resume_out,
 * what resumes it is stored there (when the handshake completed). */
static gboolean
run_connection (HsvizCaptureJob      *job,
                guint                 index,
                const HsvizResumeData *resume,
                HsvizResumeData      *resume_out)
{
  Worker w = { 0 };
  gboolean completed = FALSE;
  HsvizCaptureResult *result = g_new0 (HsvizCaptureResult, 1);
  gnutls_certificate_credentials_t creds = NULL;
  HsvizCredentialsLoad load = { 0 };
  GThread *loader;
  gboolean connected;
  HsvizCaptureEvent *done;
  GError *error = NULL;
  gint64 t;
  int ret;

  w.job = job;
  job->current = index;
  w.resume = resume;
  w.t0 = g_get_monotonic_time ();
  result->started_at = g_get_real_time ();
  w.tap_in = hsviz_record_tap_new (HSVIZ_DIRECTION_SERVER, tap_record_cb, &w);
  w.tap_out = hsviz_record_tap_new (HSVIZ_DIRECTION_CLIENT, tap_record_cb, &w);
  result->outcome.error_code = -1;
  result->timings.dns_us = result->timings.connect_us = -1;
  result->timings.handshake_us = -1;

  load.job = job;
  loader = g_thread_try_new ("hsviz-trust", hsviz_capture_load_credentials, &load, NULL);
  if (loader == NULL)
    hsviz_capture_load_credentials (&load);
  connected = worker_connect (&w, result, &error);
  if (loader != NULL)
    g_thread_join (loader);
  creds = g_steal_pointer (&load.creds);
  if (!connected)
    {
      g_clear_error (&load.error);
      if (g_atomic_int_get (&job->timed_out) && error->code == HSVIZ_ERROR_CANCELLED)
        {
          g_clear_error (&error);
          g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_TIMED_OUT,
                       _("Connecting to %s port %u failed: no answer within %u seconds"),
                       job->target.host, job->target.port, (job->timeout_ms + 999) / 1000);
        }
      result->error = error;
      result->outcome.error = g_strdup (error->message);
      result->outcome.error_code = error->code;
      result->outcome.failed_at = g_strdup (_("before TLS started"));
      goto done;
    }

  {
    HsvizCaptureEvent *ev = g_new0 (HsvizCaptureEvent, 1);

    ev->kind = HSVIZ_EVENT_CONNECTED;
    ev->time_us = now_us (&w);
    ev->label = g_strdup (result->address);
    post (&w, ev);
  }

  if (job->starttls != NULL && !hsviz_capture_starttls_before (job, w.stream, w.t0, &error))
    {
      if (g_atomic_int_get (&job->timed_out) || g_atomic_int_get (&job->user_cancelled))
        {
          g_clear_error (&error);
          if (g_atomic_int_get (&job->user_cancelled))
            g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED, _("The capture was cancelled"));
          else
            g_set_error (&error, HSVIZ_ERROR, HSVIZ_ERROR_TIMED_OUT,
                         _("STARTTLS failed: no answer within %u seconds"), (job->timeout_ms + 999) / 1000);
        }
      result->error = error;
      result->outcome.error = g_strdup (error->message);
      result->outcome.error_code = error->code;
      result->outcome.failed_at = g_strdup (_("in clear, before TLS (STARTTLS)"));
      goto done;
    }

  if (load.error != NULL)
    g_propagate_error (&error, g_steal_pointer (&load.error));
  if (error != NULL || !worker_setup_tls (&w, &creds, &error))
    {
      result->error = error;
      result->outcome.error = g_strdup (error->message);
      result->outcome.error_code = error->code;
      result->outcome.failed_at = g_strdup (_("before TLS started"));
      goto done;
    }
  result->tls_started = TRUE;
  if (w.early_request != NULL)
    result->early_bytes = strlen (w.early_request);

  gnutls_handshake_set_timeout (w.session, remaining_ms (&w));
  t = g_get_monotonic_time ();
  do
    ret = gnutls_handshake (w.session);
  while (ret < 0 && gnutls_error_is_fatal (ret) == 0 && !g_cancellable_is_cancelled (job->cancellable));
  result->timings.handshake_us = g_get_monotonic_time () - t;

  if (ret < 0)
    {
      if (ret != GNUTLS_E_PULL_ERROR && ret != GNUTLS_E_PUSH_ERROR)
        hsviz_capture_verify (w.session, job, now_us (&w), result);
      describe_failure (&w, result, ret, _("The TLS handshake"));
      keep_first_bytes (&w);
      goto done;
    }

  hsviz_capture_verify (w.session, job, now_us (&w), result);
  hsviz_capture_record_keys (w.session, job, result);
  result->outcome.completed = TRUE;
  result->resumed = gnutls_session_is_resumed (w.session) != 0;
  if (result->resumed && !w.keylog_master)
    hsviz_capture_add_resumed_master_secret (w.session, job, now_us (&w));

  if (!job->no_request)
    {
      HsvizRecvHooks hooks = { recv_limit_hit, recv_rehandshake, &w };

      if (g_str_equal (job->app_protocol, "http"))
        /* the server accepted the 0-RTT request (its EncryptedExtensions said early_data),
         * or it is sent again now, as real clients do */
        ret = hsviz_capture_http_get (w.session, job, &result->app, w.early_request,
                                      (gnutls_session_get_flags (w.session) & GNUTLS_SFLAGS_EARLY_DATA) != 0,
                                      &hooks);
      else
        ret = hsviz_capture_starttls_after (job, w.session, &result->app, &hooks);
      if (ret < 0 && ret != GNUTLS_E_PREMATURE_TERMINATION)
        {
          /* e.g. TLS 1.3: the server checks our (absent) certificate after our Finished and
           * rejects the handshake with an alert that arrives here. */
          describe_failure (&w, result, ret, _("The TLS session"));
          goto done;
        }
    }
  if (resume_out != NULL)
    {
      hsviz_capture_resume_data_take (w.session, job, resume_out);
      result->resumption_master_secret = hsviz_capture_resumption_master_secret (w.session,
                                                                                 &resume_out->data);
    }
  gnutls_bye (w.session, GNUTLS_SHUT_WR);

done:
  g_clear_error (&load.error);
  hsviz_record_tap_flush (w.tap_in);
  hsviz_record_tap_flush (w.tap_out);
  result->timings.total_us = now_us (&w);

  if (w.session != NULL)
    gnutls_deinit (w.session);
  g_clear_pointer (&w.transport, hsviz_gio_transport_free);
  if (creds != NULL)
    gnutls_certificate_free_credentials (creds);
  if (w.connection != NULL)
    g_io_stream_close (G_IO_STREAM (w.connection), NULL, NULL);
  g_clear_object (&w.connection);
  g_clear_pointer (&w.tap_in, hsviz_record_tap_free);
  g_clear_pointer (&w.tap_out, hsviz_record_tap_free);
  g_free (w.limit_text);
  g_free (w.early_request);

  completed = result->outcome.completed;
  done = g_new0 (HsvizCaptureEvent, 1);
  done->kind = HSVIZ_EVENT_RESULT;
  done->result = result;
  job->post (done, job->post_data);
  return completed;
}

void
hsviz_capture_worker_run (HsvizCaptureJob *job)
{
  HsvizResumeData resume = { { NULL, 0 }, 0, FALSE };
  HsvizCaptureEvent *done;

  if (run_connection (job, 0, NULL, job->reconnect ? &resume : NULL) && job->reconnect &&
      !g_cancellable_is_cancelled (job->cancellable))
    run_connection (job, 1, resume.data.size > 0 ? &resume : NULL, NULL);
  hsviz_capture_resume_data_clear (&resume);

  done = g_new0 (HsvizCaptureEvent, 1);
  done->kind = HSVIZ_EVENT_DONE;
  job->post (done, job->post_data);
}
