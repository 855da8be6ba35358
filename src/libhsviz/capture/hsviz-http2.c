/* hsviz-http2.c — ALPN for the capture, and step 6 as one HTTP/2 GET when "h2" was selected
 *
 * libnghttp2 does the framing and HPACK; this file moves its bytes over the GnuTLS session and
 * keeps what the response said (":status" and the header fields) in HsvizApplicationData.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <nghttp2/nghttp2.h>

#include "hsviz-capture-private.h"
#include "hsviz-error.h"

gboolean
hsviz_capture_parse_alpn (const char   *list,
                          char       ***protocols,
                          GError      **error)
{
  g_auto(GStrv) names = NULL;

  *protocols = NULL;
  if (list == NULL || *list == '\0')
    return TRUE;
  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (*names[i] == '\0' || strlen (names[i]) > 255)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a list of ALPN protocol names (1 to 255 bytes each, "
                         "separated by commas, e.g. “h2,http/1.1”)"), list);
          return FALSE;
        }
    }
  *protocols = g_steal_pointer (&names);
  return TRUE;
}

/* ---- HTTP/2 ---- */

typedef struct
{
  gnutls_session_t      session;
  HsvizApplicationData *app;
  const HsvizRecvHooks *hooks;
  int32_t               stream_id;
  gboolean              stream_closed;
  int                   tls_error;
} H2;

static ssize_t
send_cb (nghttp2_session *session,
         const uint8_t   *data,
         size_t           length,
         int              flags,
         void            *user_data)
{
  H2 *h = user_data;
  ssize_t n;

  do
    n = gnutls_record_send (h->session, data, length);
  while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
  if (n < 0)
    {
      h->tls_error = (int) n;
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
  h->app->bytes_sent += (guint64) n;
  return n;
}

static int
on_header_cb (nghttp2_session     *session,
              const nghttp2_frame *frame,
              const uint8_t       *name,
              size_t               namelen,
              const uint8_t       *value,
              size_t               valuelen,
              uint8_t              flags,
              void                *user_data)
{
  H2 *h = user_data;
  HsvizHeader *header;

  if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != h->stream_id)
    return 0;
  if (namelen == 7 && memcmp (name, ":status", 7) == 0)
    {
      g_autofree char *text = g_strndup ((const char *) value, valuelen);

      /* an interim (1xx) answer is followed by the real one: keep only the last */
      h->app->status = (guint) strtoul (text, NULL, 10);
      g_ptr_array_set_size (h->app->headers, 0);
      return 0;
    }
  if (h->app->headers->len >= 256)
    return 0;
  header = g_new0 (HsvizHeader, 1);
  header->name = g_utf8_make_valid ((const char *) name, (gssize) namelen);
  header->value = g_utf8_make_valid ((const char *) value, (gssize) valuelen);
  g_ptr_array_add (h->app->headers, header);
  return 0;
}

static int
on_stream_close_cb (nghttp2_session *session,
                    int32_t          stream_id,
                    uint32_t         error_code,
                    void            *user_data)
{
  H2 *h = user_data;

  if (stream_id == h->stream_id)
    h->stream_closed = TRUE;
  return 0;
}

static void
describe_request (HsvizApplicationData *app,
                  const nghttp2_nv     *nva,
                  gsize                 n)
{
  GString *s = g_string_new (NULL);

  /* the header fields of the HEADERS frame, one a line (HPACK encodes them on the wire) */
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (s, "%.*s: %.*s\r\n", (int) nva[i].namelen, nva[i].name,
                            (int) nva[i].valuelen, nva[i].value);
  g_string_append (s, "\r\n");
  app->request = g_string_free (s, FALSE);
}

#define NV(n, v) { (uint8_t *) (n), (uint8_t *) (v), strlen (n), strlen (v), NGHTTP2_NV_FLAG_NONE }

int
hsviz_capture_http2_get (gnutls_session_t      session,
                         const char           *authority,
                         const char           *path,
                         HsvizApplicationData *app,
                         const HsvizRecvHooks *hooks)
{
  H2 h = { session, app, hooks, -1, FALSE, 0 };
  nghttp2_session_callbacks *callbacks = NULL;
  nghttp2_session *h2 = NULL;
  const nghttp2_nv nva[] = {
    NV (":method", "GET"),
    NV (":scheme", "https"),
    NV (":authority", authority),
    NV (":path", path),
    NV ("user-agent", "HandshakeViz/" PACKAGE_VERSION),
    NV ("accept", "*/*"),
  };
  int ret = 0;

  app->present = TRUE;
  app->http_version = g_strdup ("HTTP/2");
  if (app->headers == NULL)
    app->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_header_free);
  describe_request (app, nva, G_N_ELEMENTS (nva));

  nghttp2_session_callbacks_new (&callbacks);
  nghttp2_session_callbacks_set_send_callback (callbacks, send_cb);
  nghttp2_session_callbacks_set_on_header_callback (callbacks, on_header_cb);
  nghttp2_session_callbacks_set_on_stream_close_callback (callbacks, on_stream_close_cb);
  nghttp2_session_client_new (&h2, callbacks, &h);
  nghttp2_session_callbacks_del (callbacks);

  /* the client preface: our SETTINGS (defaults), then the request on stream 1 (no body) */
  nghttp2_submit_settings (h2, NGHTTP2_FLAG_NONE, NULL, 0);
  h.stream_id = nghttp2_submit_request (h2, NULL, nva, G_N_ELEMENTS (nva), NULL, &h);

  while (!h.stream_closed)
    {
      guint8 chunk[16384];
      ssize_t n;

      if (nghttp2_session_send (h2) != 0)
        {
          ret = h.tls_error != 0 ? h.tls_error : GNUTLS_E_PUSH_ERROR;
          break;
        }
      if (!nghttp2_session_want_read (h2))
        break;
      n = hsviz_capture_recv (session, chunk, sizeof chunk, hooks);
      if (n == 0)
        break;
      if (n < 0)
        {
          ret = (int) n;
          break;
        }
      app->bytes_received += (guint64) n;
      if (nghttp2_session_mem_recv (h2, chunk, (size_t) n) < 0)
        break;   /* not HTTP/2: what came is counted, the status stays 0 */
      if (hooks->limit_hit (hooks->data))
        {
          ret = GNUTLS_E_PULL_ERROR;
          break;
        }
    }

  /* say goodbye as HTTP/2 does: GOAWAY with NO_ERROR */
  if (ret == 0)
    {
      nghttp2_session_terminate_session (h2, NGHTTP2_NO_ERROR);
      nghttp2_session_send (h2);
    }
  nghttp2_session_del (h2);
  return ret;
}
