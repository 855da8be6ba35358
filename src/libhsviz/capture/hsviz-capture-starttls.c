/* hsviz-capture-starttls.c — the capture worker's side of STARTTLS: the clear-text dialogue on
 * the connection's streams before TLS (each thing said posted as an event), and the protocol's
 * greeting and goodbye over the TLS session after it (kept as step 6's application data)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-capture-private.h"
#include "hsviz-error.h"
#include "hsviz-starttls.h"

/* ---- before TLS: GIO streams ---- */

typedef struct
{
  HsvizCaptureJob *job;
  GIOStream       *stream;
  gint64           t0;
} Plain;

static gssize
plain_read (gpointer  io,
            guint8   *buf,
            gsize     len,
            GError  **error)
{
  Plain *p = io;

  return g_input_stream_read (g_io_stream_get_input_stream (p->stream), buf, len,
                              p->job->cancellable, error);
}

static gboolean
plain_write (gpointer      io,
             const guint8 *buf,
             gsize         len,
             GError      **error)
{
  Plain *p = io;

  return g_output_stream_write_all (g_io_stream_get_output_stream (p->stream), buf, len, NULL,
                                    p->job->cancellable, error);
}

static void
plain_said (gpointer        data,
            HsvizDirection  direction,
            const char     *text)
{
  Plain *p = data;
  HsvizCaptureEvent *ev = g_new0 (HsvizCaptureEvent, 1);

  ev->kind = HSVIZ_EVENT_CLEARTEXT;
  ev->direction = direction;
  ev->time_us = g_get_monotonic_time () - p->t0;
  ev->label = g_strdup (text);
  p->job->post (ev, p->job->post_data);
}

gboolean
hsviz_capture_starttls_before (HsvizCaptureJob  *job,
                               GIOStream        *stream,
                               gint64            t0,
                               GError          **error)
{
  Plain plain = { job, stream, t0 };
  g_autoptr(GByteArray) in = g_byte_array_new ();
  const char *host = job->target.servername ? job->target.servername : job->target.host;
  HsvizDialogue d = { plain_read, plain_write, &plain, plain_said, &plain, host, in };
  gboolean ok = hsviz_starttls_negotiate (job->starttls, &d, error);

  if (ok && in->len > 0)
    {
      /* RFC 3207 §5 and its kin: nothing may follow the go-ahead before TLS */
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS,
                   _("The server sent more after agreeing to start TLS (%u bytes in clear); "
                     "HandshakeViz stops here, as RFC 3207 asks a client to"), in->len);
      return FALSE;
    }
  return ok;
}

/* ---- after TLS: the GnuTLS session ---- */

typedef struct
{
  gnutls_session_t      session;
  const HsvizRecvHooks *hooks;
  HsvizApplicationData *app;
  GString              *sent;
  GString              *received;
  int                   tls_error;
} Secure;

static gssize
secure_read (gpointer  io,
             guint8   *buf,
             gsize     len,
             GError  **error)
{
  Secure *s = io;
  ssize_t n = hsviz_capture_recv (s->session, buf, len, s->hooks);

  if (n < 0)
    {
      s->tls_error = (int) n;
      hsviz_error_from_gnutls ((int) n, s->session, _("Reading over TLS"), error);
      return -1;
    }
  s->app->bytes_received += (guint64) n;
  if (s->hooks->limit_hit (s->hooks->data))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_LIMIT, _("The server sent too much"));
      return -1;
    }
  return n;
}

static gboolean
secure_write (gpointer      io,
              const guint8 *buf,
              gsize         len,
              GError      **error)
{
  Secure *s = io;
  gsize sent = 0;

  while (sent < len)
    {
      ssize_t n = gnutls_record_send (s->session, buf + sent, len - sent);

      if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
        continue;
      if (n < 0)
        {
          s->tls_error = (int) n;
          return hsviz_error_from_gnutls ((int) n, s->session, _("Writing over TLS"), error);
        }
      sent += (gsize) n;
    }
  s->app->bytes_sent += len;
  return TRUE;
}

static void
secure_said (gpointer        data,
             HsvizDirection  direction,
             const char     *text)
{
  Secure *s = data;

  g_string_append (direction == HSVIZ_DIRECTION_CLIENT ? s->sent : s->received, text);
  if (direction == HSVIZ_DIRECTION_CLIENT && !g_str_has_suffix (text, "\n"))
    g_string_append_c (s->sent, '\n');
  if (direction == HSVIZ_DIRECTION_SERVER && !g_str_has_suffix (text, "\n"))
    g_string_append_c (s->received, '\n');
}

int
hsviz_capture_starttls_after (HsvizCaptureJob      *job,
                              gnutls_session_t      session,
                              HsvizApplicationData *app,
                              const HsvizRecvHooks *hooks)
{
  Secure secure = { session, hooks, app, g_string_new (NULL), g_string_new (NULL), 0 };
  g_autoptr(GByteArray) in = g_byte_array_new ();
  const char *host = job->target.servername ? job->target.servername : job->target.host;
  HsvizDialogue d = { secure_read, secure_write, &secure, secure_said, &secure, host, in };
  g_autoptr(GError) error = NULL;

  if (!hsviz_starttls_after_tls (job->app_protocol, job->starttls == NULL, &d, &error))
    g_string_append_printf (secure.received, "(%s)\n", error->message);
  /* PostgreSQL says nothing more without a user to log in as */
  app->present = secure.sent->len > 0 || secure.received->len > 0;
  app->request = g_string_free (secure.sent, FALSE);
  app->response = g_string_free (secure.received, FALSE);
  return secure.tls_error;
}
