/* hsviz-capture-result.c — what the capture worker learns after the handshake
 *
 * The socket's addresses, the certificate verdict, the record-layer keys (and the demo server's pre-master secret),
 * and the parsed answer to step 6's request; called from hsviz-capture-worker.c on the
 * worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <libsoup/soup.h>

#include "hsviz-capture-private.h"
#include "hsviz-demo-server.h"
#include "hsviz-util.h"

/* ---- the socket ---- */

/* The socket's own address and its peer's, as text ("ip:port"), when @stream is a socket. */
void
hsviz_capture_result_read_addresses (HsvizCaptureResult *result,
                                     GIOStream          *stream)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  if (!G_IS_SOCKET_CONNECTION (stream))
    return;
  local = g_socket_connection_get_local_address (G_SOCKET_CONNECTION (stream), NULL);
  remote = g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (stream), NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    return;
  result->client_address = hsviz_socket_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)),
    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  result->server_address = hsviz_socket_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)),
    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)));
}

/* ---- a renegotiation request ---- */

/* GnuTLS returns GNUTLS_E_REHANDSHAKE to a TLS 1.2 client from gnutls_record_recv when the
 * server's record held a HelloRequest (type 0); the handshake hook does not see it, since no
 * handshake runs.  A HelloRequest's body is empty (RFC 5246 §7.4.1.1), so the message is the
 * four bytes 00 000000: post it as the server's message, then decline as RFC 5246 §7.2.2 allows,
 * with a no_renegotiation warning alert (the record tap shows it). */
void
hsviz_capture_decline_renegotiation (gnutls_session_t  session,
                                     gint64            time_us,
                                     HsvizCaptureJob  *job)
{
  static const guint8 hello_request[4] = { HSVIZ_HS_HELLO_REQUEST, 0, 0, 0 };
  HsvizCaptureEvent *ev = g_new0 (HsvizCaptureEvent, 1);

  ev->kind = HSVIZ_EVENT_MESSAGE;
  ev->direction = HSVIZ_DIRECTION_SERVER;
  ev->time_us = time_us;
  ev->bytes = g_bytes_new_static (hello_request, sizeof hello_request);
  job->post (ev, job->post_data);

  gnutls_alert_send (session, GNUTLS_AL_WARNING, GNUTLS_A_NO_RENEGOTIATION);
}

ssize_t
hsviz_capture_recv (gnutls_session_t      session,
                    void                 *buf,
                    size_t                len,
                    const HsvizRecvHooks *hooks)
{
  for (;;)
    {
      ssize_t n = gnutls_record_recv (session, buf, len);

      if (n == GNUTLS_E_REHANDSHAKE)
        hooks->rehandshake (hooks->data);
      else if (n == GNUTLS_E_PREMATURE_TERMINATION)
        return 0;
      else if (n != GNUTLS_E_AGAIN && n != GNUTLS_E_INTERRUPTED && n != GNUTLS_E_WARNING_ALERT_RECEIVED)
        return n;
    }
}

/* ---- the verdict ---- */

/* The path from the leaf sent to an anchor of the credentials' trust store. */
static void
build_path (gnutls_session_t    session,
            const gnutls_datum_t *peers,
            unsigned int        n_peers,
            HsvizChainPath     *path)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  gnutls_certificate_credentials_t creds = NULL;
  gnutls_x509_trust_list_t store = NULL;

  if (gnutls_credentials_get (session, GNUTLS_CRD_CERTIFICATE, (void **) &creds) < 0 || creds == NULL)
    return;
  gnutls_certificate_get_trust_list (creds, &store);
  for (unsigned int i = 0; i < n_peers; i++)
    {
      g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);
      HsvizCertificate *cert = hsviz_certificate_new_from_der (der, NULL);

      if (cert == NULL)
        break;
      g_ptr_array_add (certs, cert);
    }
  hsviz_chain_build_path (certs, store, path);
}

void
hsviz_capture_verify (gnutls_session_t    session,
                      HsvizCaptureJob    *job,
                      gint64              time_us,
                      HsvizCaptureResult *result)
{
  HsvizVerification *v = &result->verification;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  gnutls_datum_t out = { NULL, 0 };
  const gnutls_datum_t *peers;
  unsigned int n_peers = 0;
  unsigned int status = 0;
  int ret;
  static const struct { unsigned int bit; const char *name; } bits[] = {
    { GNUTLS_CERT_REVOKED, "revoked" },
    { GNUTLS_CERT_SIGNER_NOT_FOUND, "signer-not-found" },
    { GNUTLS_CERT_SIGNER_NOT_CA, "signer-not-ca" },
    { GNUTLS_CERT_INSECURE_ALGORITHM, "insecure-algorithm" },
    { GNUTLS_CERT_NOT_ACTIVATED, "not-activated" },
    { GNUTLS_CERT_EXPIRED, "expired" },
    { GNUTLS_CERT_SIGNATURE_FAILURE, "signature-failure" },
    { GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "revocation-data-superseded" },
    { GNUTLS_CERT_UNEXPECTED_OWNER, "unexpected-owner" },
    { GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "revocation-data-issued-in-future" },
    { GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "signer-constraints-failure" },
    { GNUTLS_CERT_MISMATCH, "mismatch" },
    { GNUTLS_CERT_PURPOSE_MISMATCH, "purpose-mismatch" },
    { GNUTLS_CERT_MISSING_OCSP_STATUS, "missing-ocsp-status" },
    { GNUTLS_CERT_INVALID_OCSP_STATUS, "invalid-ocsp-status" },
    { GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown-critical-extensions" },
  };

  if ((peers = gnutls_certificate_get_peers (session, &n_peers)) == NULL || n_peers == 0)
    return;
  build_path (session, peers, n_peers, &result->chain_path);
  v->checked_name = g_strdup (job->target.servername);
  v->trust_store = g_strdup (job->ca_pem ? "demo server CA" : job->cafile ? job->cafile : "system");
  v->time_us = time_us;
  if ((ret = gnutls_certificate_verify_peers3 (session, job->target.servername, &status)) < 0)
    {
      /* GnuTLS refused to check at all (a chain longer than its limit of 16, say): that is a
       * verdict too, not trusted, with GnuTLS's reason */
      v->present = TRUE;
      v->status_strings = g_new0 (char *, 2);
      v->status_strings[0] = g_strdup ("not-checked");
      v->text = g_strdup_printf (_("GnuTLS did not check the chain of %u certificates: %s"),
                                 n_peers, gnutls_strerror (ret));
      return;
    }

  v->present = TRUE;
  v->status = status;
  v->trusted = status == 0;
  v->hostname_ok = (status & GNUTLS_CERT_UNEXPECTED_OWNER) == 0;
  v->time_ok = (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED)) == 0;
  v->issuer_ok = (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA |
                            GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_INSECURE_ALGORITHM |
                            GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_REVOKED)) == 0;
  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    if (status & bits[i].bit)
      g_ptr_array_add (strings, g_strdup (bits[i].name));
  g_ptr_array_add (strings, NULL);
  v->status_strings = (char **) g_ptr_array_steal (strings, NULL);
  if (gnutls_certificate_verification_status_print (status, GNUTLS_CRT_X509, &out, 0) == 0)
    {
      v->text = g_strndup ((const char *) out.data, out.size);
      gnutls_free (out.data);
    }
}

static GBytes *
datum_bytes (const gnutls_datum_t *d)
{
  return d->size > 0 ? g_bytes_new (d->data, d->size) : NULL;
}

void
hsviz_capture_record_keys (gnutls_session_t    session,
                           HsvizCaptureJob    *job,
                           HsvizCaptureResult *result)
{
  gnutls_datum_t mac, iv, key;
  unsigned char seq[8];

  if (gnutls_record_get_state (session, 0, &mac, &iv, &key, seq) == 0)
    {
      result->keys[0] = datum_bytes (&key);
      result->keys[2] = datum_bytes (&iv);
      result->keys[4] = datum_bytes (&mac);
    }
  if (gnutls_record_get_state (session, 1, &mac, &iv, &key, seq) == 0)
    {
      result->keys[1] = datum_bytes (&key);
      result->keys[3] = datum_bytes (&iv);
      result->keys[5] = datum_bytes (&mac);
    }
  if (gnutls_protocol_get_version (session) != GNUTLS_TLS1_3)
    {
      gnutls_datum_t ms = { NULL, 0 };

      gnutls_session_get_master_secret (session, &ms);
      result->master_secret = datum_bytes (&ms);
    }
  if (job->demo != NULL)
    {
      gnutls_datum_t cr = { NULL, 0 };

      gnutls_session_get_random (session, &cr, NULL);
      if (cr.size == 32)
        result->pre_master_secret = hsviz_demo_server_lookup_pre_master (job->demo, cr.data);
    }
}

/* ---- step 6: the answer to the one HTTP request ---- */

/* Parses the header block that @framing found to be the final answer (a 103 Early Hints before
 * it is not the answer), when it lies within @buf, the first bytes of the stream. The version is
 * the status line's own ("ICY" stays ICY, which libsoup reads as HTTP/1.0). */
void
hsviz_capture_parse_response (HsvizApplicationData *app,
                              const GByteArray     *buf,
                              HsvizHttpFraming     *framing)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  SoupMessageHeadersIter iter;
  const char *name, *value, *head, *space;
  guint64 offset = 0;
  gsize length = 0;
  guint status = 0;
  char *reason = NULL;

  if (!hsviz_http_framing_get_head (framing, &offset, &length) || offset + length > buf->len)
    return;
  head = (const char *) buf->data + offset;
  if (!soup_headers_parse_response (head, (int) length, headers, NULL, &status, &reason))
    return;
  app->status = status;
  /* a server may send any bytes: keep what we show and save valid UTF-8 */
  app->reason = reason != NULL ? g_utf8_make_valid (reason, -1) : NULL;
  g_free (reason);
  space = memchr (head, ' ', length);
  app->http_version = g_utf8_make_valid (head, space != NULL ? space - head : 0);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      HsvizHeader *h = g_new0 (HsvizHeader, 1);

      h->name = g_utf8_make_valid (name, -1);
      h->value = g_utf8_make_valid (value, -1);
      g_ptr_array_add (app->headers, h);
    }
}
