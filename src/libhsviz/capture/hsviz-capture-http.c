/* hsviz-capture-http.c — step 6 of an https capture: one GET and its answer
 *
 * HTTP/1.1 here (the answer's framing in hsviz-http-framing.c); HTTP/2 when ALPN selected "h2"
 * (hsviz-http2.c). No cookies, no credentials, no redirects followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gnutls/gnutls.h>

#include "hsviz-capture-private.h"

/* Host (HTTP/1.1) or :authority (HTTP/2): the name, with the port when not 443. */
static char *
dup_authority (HsvizCaptureJob *job)
{
  const char *host = job->target.servername ? job->target.servername : job->target.host;

  if (strchr (host, ':') != NULL)
    return job->target.port == 443 ? g_strdup_printf ("[%s]", host)
                                   : g_strdup_printf ("[%s]:%u", host, job->target.port);
  return job->target.port == 443 ? g_strdup (host)
                                 : g_strdup_printf ("%s:%u", host, job->target.port);
}

char *
hsviz_capture_http_request (HsvizCaptureJob *job,
                            gboolean         early)
{
  g_autofree char *host_header = dup_authority (job);

  /* A 0-RTT request does not ask the server to close: a server that answers it before the
   * handshake completes (nginx) would close before our Finished arrived.  The answer's own
   * framing ends the exchange either way. */
  return g_strdup_printf ("GET %s HTTP/1.1\r\n"
                          "Host: %s\r\n"
                          "User-Agent: HandshakeViz/" PACKAGE_VERSION "\r\n"
                          "Accept: */*\r\n"
                          "%s"
                          "\r\n",
                          job->target.path ? job->target.path : "/", host_header,
                          early ? "" : "Connection: close\r\n");
}

int
hsviz_capture_http_get (gnutls_session_t      session,
                        HsvizCaptureJob      *job,
                        HsvizApplicationData *app,
                        const char           *early,
                        gboolean              early_accepted,
                        const HsvizRecvHooks *hooks)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(HsvizHttpFraming) framing = hsviz_http_framing_new ();
  gsize sent = 0;
  gsize len;
  int ret = 0;
  gnutls_datum_t selected = { NULL, 0 };

  if (gnutls_alpn_get_selected_protocol (session, &selected) == 0 &&
      selected.size == 2 && memcmp (selected.data, "h2", 2) == 0)
    {
      g_autofree char *authority = dup_authority (job);

      return hsviz_capture_http2_get (session, authority,
                                      job->target.path ? job->target.path : "/", app, hooks);
    }

  app->present = TRUE;
  app->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_header_free);
  app->request = early != NULL ? g_strdup (early) : hsviz_capture_http_request (job, FALSE);
  len = strlen (app->request);
  /* a request the server accepted as 0-RTT went with the ClientHello; a rejected one is sent
   * again as it was */
  if (early != NULL && early_accepted)
    sent = len;
  while (sent < len)
    {
      ret = (int) gnutls_record_send (session, app->request + sent, len - sent);
      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
        continue;
      if (ret < 0)
        return ret;
      sent += (gsize) ret;
    }
  app->bytes_sent = sent;

  for (;;)
    {
      guint8 chunk[16384];
      ssize_t n = hsviz_capture_recv (session, chunk, sizeof chunk, hooks);

      if (n == 0)
        break;
      if (n < 0)
        {
          ret = (int) n;
          break;
        }
      app->bytes_received += (guint64) n;
      if (buf->len < HSVIZ_MAX_RESPONSE_KEEP)
        g_byte_array_append (buf, chunk, (guint) MIN ((gsize) n, HSVIZ_MAX_RESPONSE_KEEP - buf->len));
      /* the answer's own framing says where it ends, also on a connection kept open */
      if (hsviz_http_framing_feed (framing, chunk, (gsize) n))
        break;
      if (hooks->limit_hit (hooks->data))
        {
          ret = GNUTLS_E_PULL_ERROR;
          break;
        }
    }

  hsviz_capture_parse_response (app, buf, framing);
  return ret;
}
