/* hsviz-revocation.c — OCSP: the stapled response from the captured bytes, and a live query
 *
 * Both answers are read by one function (read_response): the response must be "successful",
 * name the leaf certificate (gnutls_ocsp_resp_check_crt), carry a valid signature of the issuer
 * or of a responder the issuer delegated to (gnutls_ocsp_resp_verify_direct; only possible when
 * the server sent the issuer), be current (this/next update) and, for the live query, echo our
 * nonce when it carries one.  A response that fails any of these is reported "unknown", with
 * the reason in the detail text; a responder that cannot be reached is "unreachable".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-revocation.h"
#include "hsviz-chain-check.h"
#include "hsviz-util.h"

/* An OCSP response is a few KiB; more than this is not read. */
#define MAX_RESPONSE_SIZE (256 * 1024)
/* Tolerated clock difference for this/next update, in seconds. */
#define CLOCK_SKEW        300

/* ---- the chain as the server sent it ---- */

typedef struct
{
  gnutls_x509_crt_t leaf;
  gnutls_x509_crt_t issuer;   /* NULL when the server did not send it */
} Chain;

static void
chain_clear (Chain *chain)
{
  g_clear_pointer (&chain->leaf, gnutls_x509_crt_deinit);
  g_clear_pointer (&chain->issuer, gnutls_x509_crt_deinit);
}

/* FALSE when there is no (readable) leaf.  The issuer is the first certificate after the leaf
 * that issued it (names and key identifiers match). */
static gboolean
chain_load (HsvizConnection *session,
            Chain        *chain)
{
  GPtrArray *certs = hsviz_connection_get_certificates (session);

  chain->leaf = chain->issuer = NULL;
  if (certs == NULL || certs->len == 0)
    return FALSE;
  chain->leaf = hsviz_x509_import_der (((HsvizCertificate *) g_ptr_array_index (certs, 0))->der);
  if (chain->leaf == NULL)
    return FALSE;
  for (guint i = 1; i < certs->len && chain->issuer == NULL; i++)
    {
      gnutls_x509_crt_t crt = hsviz_x509_import_der (((HsvizCertificate *) g_ptr_array_index (certs, i))->der);

      if (crt != NULL && gnutls_x509_crt_check_issuer (chain->leaf, crt))
        chain->issuer = crt;
      else if (crt != NULL)
        gnutls_x509_crt_deinit (crt);
    }
  return TRUE;
}

/* ---- reading a response ---- */

static char *
format_time (time_t t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

static const char *
reason_name (unsigned int reason)
{
  /* RFC 5280 §5.3.1 CRLReason */
  static const char * const names[] = {
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
    "aACompromise",
  };

  return reason < G_N_ELEMENTS (names) && names[reason] ? names[reason] : "unspecified";
}

static char *
responder_name (gnutls_ocsp_resp_t resp)
{
  gnutls_datum_t d = { NULL, 0 };
  char *name = NULL;

  if (gnutls_ocsp_resp_get_responder2 (resp, &d, 0) == 0 && d.size > 0)
    name = g_strndup ((const char *) d.data, d.size);
  else if (gnutls_ocsp_resp_get_responder_raw_id (resp, GNUTLS_OCSP_RESP_ID_KEY, &d) == 0)
    {
      g_autofree char *hex = hsviz_hex_encode (d.data, d.size);

      name = g_strdup_printf (_("key id %s"), hex);
    }
  gnutls_free (d.data);
  return name;
}

static char *
verify_problems (unsigned int verify)
{
  static const struct { unsigned int bit; const char *text; } bits[] = {
    { GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND, N_("the signer is neither the issuer nor a responder it certified") },
    { GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR, N_("the signer may not sign OCSP responses") },
    { GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER, N_("the signer is not trusted") },
    { GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM, N_("the signature algorithm is insecure") },
    { GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE, N_("the signature does not match") },
    { GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED, N_("the signer’s certificate is not yet valid") },
    { GNUTLS_OCSP_VERIFY_CERT_EXPIRED, N_("the signer’s certificate has expired") },
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    if (verify & bits[i].bit)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", _(bits[i].text));
  if (s->len == 0)
    g_string_append_printf (s, "0x%x", verify);
  return g_string_free (s, FALSE);
}

/* Reads one DER OCSP response about @chain's leaf.  Returns "good", "revoked" or "unknown"
 * and appends a sentence to @detail; sets *@responder to the responder's name when known.
 * @nonce: the nonce we sent, or NULL (a staple has none). */
static const char *
read_response (const guint8  *der,
               gsize          len,
               const Chain   *chain,
               GBytes        *nonce,
               char         **responder,
               GString       *detail)
{
  gnutls_ocsp_resp_t resp = NULL;
  gnutls_datum_t d = { (unsigned char *) der, len };
  unsigned int cert_status = 0, reason = 0, verify = 0;
  time_t this_update = -1, next_update = -1, revoked_at = -1;
  time_t now = time (NULL);
  const char *status = "unknown";
  g_autofree char *this_text = NULL;
  g_autofree char *next_text = NULL;
  int ret;

  if (gnutls_ocsp_resp_init (&resp) < 0)
    {
      g_string_append (detail, _("GnuTLS could not allocate an OCSP response."));
      return status;
    }
  if ((ret = gnutls_ocsp_resp_import (resp, &d)) < 0)
    {
      g_string_append_printf (detail, _("The response is not a readable OCSP response (%s)."),
                              gnutls_strerror (ret));
      goto out;
    }
  *responder = responder_name (resp);
  if ((ret = gnutls_ocsp_resp_get_status (resp)) != GNUTLS_OCSP_RESP_SUCCESSFUL)
    {
      g_string_append_printf (detail, _("The responder did not answer the question (OCSP response status %d)."),
                              ret);
      goto out;
    }
  if (gnutls_ocsp_resp_check_crt (resp, 0, chain->leaf) != 0)
    {
      g_string_append (detail, _("The response is about another certificate, not this one."));
      goto out;
    }
  if ((ret = gnutls_ocsp_resp_get_single (resp, 0, NULL, NULL, NULL, NULL, &cert_status,
                                          &this_update, &next_update, &revoked_at, &reason)) < 0)
    {
      g_string_append_printf (detail, _("The response holds no readable certificate status (%s)."),
                              gnutls_strerror (ret));
      goto out;
    }

  if (chain->issuer != NULL)
    {
      if ((ret = gnutls_ocsp_resp_verify_direct (resp, chain->issuer, &verify, 0)) < 0 ||
          verify != 0)
        {
          g_autofree char *why = ret < 0 ? g_strdup (gnutls_strerror (ret)) : verify_problems (verify);

          g_string_append_printf (detail, _("The response’s signature does not verify against the issuer (%s)."),
                                  why);
          goto out;
        }
    }
  if (nonce != NULL)
    {
      gnutls_datum_t got = { NULL, 0 };

      if (gnutls_ocsp_resp_get_nonce (resp, NULL, &got) == 0)
        {
          gsize nlen;
          const guint8 *ndata = g_bytes_get_data (nonce, &nlen);
          gboolean same = got.size == nlen && memcmp (got.data, ndata, nlen) == 0;

          gnutls_free (got.data);
          if (!same)
            {
              g_string_append (detail, _("The response answers another request (its nonce is not ours)."));
              goto out;
            }
        }
    }
  if (this_update > now + CLOCK_SKEW)
    {
      g_autofree char *t = format_time (this_update);

      g_string_append_printf (detail, _("The response is dated in the future (%s)."), t);
      goto out;
    }
  if (next_update != (time_t) -1 && next_update < now - CLOCK_SKEW)
    {
      g_autofree char *t = format_time (next_update);

      g_string_append_printf (detail, _("The response is out of date (next update was due %s)."), t);
      goto out;
    }

  this_text = format_time (this_update);
  next_text = next_update != (time_t) -1 ? format_time (next_update) : g_strdup (_("not given"));
  switch (cert_status)
    {
    case GNUTLS_OCSP_CERT_GOOD:
      status = "good";
      g_string_append_printf (detail, _("The certificate is good (this update %s, next update %s)."),
                              this_text, next_text);
      break;
    case GNUTLS_OCSP_CERT_REVOKED:
      {
        g_autofree char *when = format_time (revoked_at);

        status = "revoked";
        g_string_append_printf (detail, _("The certificate was REVOKED on %s, reason %s (this update %s)."),
                                when, reason_name (reason), this_text);
      }
      break;
    default:
      g_string_append_printf (detail, _("The responder does not know the certificate (this update %s)."),
                              this_text);
      break;
    }
  if (chain->issuer != NULL)
    g_string_append (detail, _(" The signature was checked against the issuer."));
  else
    g_string_append (detail, _(" The server did not send the issuer, so the signature could not be checked."));

out:
  gnutls_ocsp_resp_deinit (resp);
  return status;
}

/* ---- the stapled response ---- */

/* The DER inside an "ocsp_response" field (its length prefix excluded), or NULL. */
static GBytes *
field_payload (HsvizMessage *msg,
               HsvizField   *field)
{
  GBytes *bytes = hsviz_message_get_bytes (msg);
  gsize offset = hsviz_field_get_offset (field);
  gsize length = hsviz_field_get_length (field);
  gint64 body = hsviz_field_get_number (field);

  if (body < 0 || (guint64) body > length || offset + length > g_bytes_get_size (bytes))
    return NULL;
  return g_bytes_new_from_bytes (bytes, offset + length - body, body);
}

static GBytes *
find_staple (HsvizConnection *session)
{
  for (guint i = 0; i < hsviz_connection_get_n_messages (session); i++)
    {
      HsvizMessage *msg = hsviz_connection_get_message (session, i);
      HsvizField *where = NULL, *field;

      if (hsviz_message_get_direction (msg) != HSVIZ_DIRECTION_SERVER)
        continue;
      /* TLS 1.2: CertificateStatus; TLS 1.3: the first CertificateEntry's status_request */
      if (hsviz_message_get_type_code (msg) == HSVIZ_HS_CERTIFICATE_STATUS)
        where = hsviz_message_get_fields (msg);
      else if (hsviz_message_get_type_code (msg) == HSVIZ_HS_CERTIFICATE)
        where = hsviz_field_find (hsviz_message_get_fields (msg), "certificate_entry");
      if (where != NULL && (field = hsviz_field_find (where, "ocsp_response")) != NULL)
        return field_payload (msg, field);
    }
  return NULL;
}

void
hsviz_revocation_from_staple (HsvizConnection *session)
{
  g_autoptr(GBytes) staple = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *responder = NULL;
  HsvizRevocation r = { (char *) "none", (char *) "none", NULL, NULL };
  Chain chain = { NULL, NULL };

  g_return_if_fail (HSVIZ_IS_CONNECTION (session));

  staple = find_staple (session);
  if (staple == NULL)
    g_string_append (detail, _("The server stapled no OCSP response."));
  else if (!chain_load (session, &chain))
    {
      r.stapled = (char *) "unknown";
      g_string_append (detail, _("The server stapled an OCSP response but sent no readable certificate."));
    }
  else
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (staple, &len);

      g_string_append (detail, _("Stapled OCSP response: "));
      r.stapled = (char *) read_response (data, len, &chain, NULL, &responder, detail);
      if (responder != NULL)
        g_string_append_printf (detail, _(" Responder: %s."), responder);
    }
  chain_clear (&chain);

  r.responder = responder;
  r.detail = detail->str;
  hsviz_connection_set_revocation (session, &r);
}

/* ---- the live query ---- */

typedef struct
{
  HsvizConnection *session;
  Chain         chain;
  char         *url;
  GBytes       *nonce;
  SoupSession  *soup;
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;    /* ours: cancelled by the caller's and by the deadline */
  GCancellable *caller_cancellable;
  gulong        cancel_id;
  GSource      *deadline;
} Check;

static void
check_free (Check *c)
{
  if (c->deadline != NULL)
    {
      g_source_destroy (c->deadline);
      g_source_unref (c->deadline);
    }
  if (c->caller_cancellable != NULL)
    g_cancellable_disconnect (c->caller_cancellable, c->cancel_id);
  g_clear_object (&c->caller_cancellable);
  chain_clear (&c->chain);
  g_clear_object (&c->session);
  g_free (c->url);
  g_clear_pointer (&c->nonce, g_bytes_unref);
  g_clear_object (&c->stream);
  g_clear_object (&c->msg);
  g_clear_object (&c->soup);
  g_clear_pointer (&c->body, g_byte_array_unref);
  g_clear_object (&c->cancellable);
  g_free (c);
}

/* Stores the answer in the session (the stapled part kept) and returns the task. */
static void
check_return (GTask      *task,
              const char *status,
              const char *responder,
              const char *text)
{
  Check *c = g_task_get_task_data (task);
  const HsvizRevocation *old = hsviz_connection_get_revocation (c->session);
  /* copies: setting the revocation frees the old strings */
  g_autofree char *stapled = g_strdup (old->stapled ? old->stapled : "none");
  g_autofree char *old_responder = g_strdup (old->responder);
  g_autofree char *detail = NULL;
  HsvizRevocation r;

  if (old->detail != NULL && *old->detail != '\0')
    detail = g_strconcat (old->detail, "\n", text, NULL);
  else
    detail = g_strdup (text);
  r.stapled = stapled;
  r.ocsp = (char *) status;
  r.responder = (char *) (responder ? responder : old_responder);
  r.detail = detail;
  hsviz_connection_set_revocation (c->session, &r);

  g_task_return_pointer (task, (gpointer) status, NULL);
  g_object_unref (task);
}

static void
check_unreachable (GTask      *task,
                   const char *why)
{
  Check *c = g_task_get_task_data (task);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Live OCSP query: could not check, the responder %s could not be reached (%s)."),
                          c->url, why);
  check_return (task, "unreachable", c->url, text);
}

static void
check_fail_error (GTask  *task,
                  GError *error)
{
  Check *c = g_task_get_task_data (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    check_unreachable (task, error->message);
  else if (c->caller_cancellable != NULL && g_cancellable_is_cancelled (c->caller_cancellable))
    check_unreachable (task, _("the capture was cancelled or ran out of time"));
  else
    check_unreachable (task, _("no answer in time"));
}

static void
check_parse (GTask *task)
{
  Check *c = g_task_get_task_data (task);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;
  const char *status;

  g_string_append_printf (text, _("Live OCSP query to %s: "), c->url);
  status = read_response (c->body->data, c->body->len, &c->chain, c->nonce, &name, text);
  if (name != NULL)
    g_string_append_printf (text, _(" Responder: %s."), name);
  check_return (task, status, c->url, text->str);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Check *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      check_fail_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      check_parse (task);
      return;
    }
  if (c->body->len + g_bytes_get_size (chunk) > MAX_RESPONSE_SIZE)
    {
      g_autofree char *text = g_strdup_printf (_("Live OCSP query to %s: the answer is larger than %u KiB, not an OCSP response."),
                                               c->url, MAX_RESPONSE_SIZE / 1024);

      check_return (task, "unknown", c->url, text);
      return;
    }
  g_byte_array_append (c->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (c->stream, 16 * 1024, G_PRIORITY_DEFAULT, c->cancellable,
                                   read_cb, task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Check *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  c->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (c->stream == NULL)
    {
      check_fail_error (task, error);
      return;
    }
  status = soup_message_get_status (c->msg);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *why = g_strdup_printf (_("it answered HTTP %u %s"), status,
                                              soup_message_get_reason_phrase (c->msg));

      check_unreachable (task, why);
      return;
    }
  c->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (c->stream, 16 * 1024, G_PRIORITY_DEFAULT, c->cancellable,
                                   read_cb, task);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
deadline_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* The request's DER, with a fresh nonce stored in @c; NULL and a sentence in @why on failure. */
static GBytes *
build_request (Check  *c,
               char  **why)
{
  gnutls_ocsp_req_t req = NULL;
  gnutls_datum_t der = { NULL, 0 }, nonce = { NULL, 0 };
  GBytes *out = NULL;
  int ret;

  if ((ret = gnutls_ocsp_req_init (&req)) < 0 ||
      (ret = gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, c->chain.issuer, c->chain.leaf)) < 0 ||
      (ret = gnutls_ocsp_req_randomize_nonce (req)) < 0 ||
      (ret = gnutls_ocsp_req_get_nonce (req, NULL, &nonce)) < 0 ||
      (ret = gnutls_ocsp_req_export (req, &der)) < 0)
    *why = g_strdup_printf (_("the OCSP request could not be built (%s)"), gnutls_strerror (ret));
  else
    {
      c->nonce = g_bytes_new (nonce.data, nonce.size);
      out = g_bytes_new (der.data, der.size);
    }
  gnutls_free (nonce.data);
  gnutls_free (der.data);
  if (req != NULL)
    gnutls_ocsp_req_deinit (req);
  return out;
}

void
hsviz_revocation_check_async (HsvizConnection        *session,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Check *c;
  GPtrArray *certs;
  HsvizCertificate *leaf;
  g_autoptr(GBytes) request = NULL;
  g_autofree char *why = NULL;

  g_return_if_fail (HSVIZ_IS_CONNECTION (session));

  if (timeout_ms == 0)
    timeout_ms = HSVIZ_REVOCATION_TIMEOUT_MS;

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, hsviz_revocation_check_async);
  g_task_set_check_cancellable (task, FALSE);
  c = g_new0 (Check, 1);
  c->session = g_object_ref (session);
  g_task_set_task_data (task, c, (GDestroyNotify) check_free);

  certs = hsviz_connection_get_certificates (session);
  if (certs == NULL || certs->len == 0 || !chain_load (session, &c->chain))
    {
      check_return (task, "none", NULL, _("Live OCSP query: not made, the server sent no certificate."));
      return;
    }
  leaf = g_ptr_array_index (certs, 0);
  if (leaf->ocsp_urls == NULL || leaf->ocsp_urls[0] == NULL)
    {
      check_return (task, "none", NULL, _("Live OCSP query: not made, the certificate names no OCSP responder."));
      return;
    }
  c->url = g_strdup (leaf->ocsp_urls[0]);
  if (c->chain.issuer == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Live OCSP query to %s: could not check, the server did not send the issuer (an OCSP request names the issuer’s key)."),
                                               c->url);

      check_return (task, "none", c->url, text);
      return;
    }
  request = build_request (c, &why);
  if (request == NULL)
    {
      check_unreachable (task, why);
      return;
    }
  c->msg = soup_message_new (SOUP_METHOD_POST, c->url);
  if (c->msg == NULL)
    {
      check_unreachable (task, _("not an HTTP URL"));
      return;
    }
  soup_message_set_request_body_from_bytes (c->msg, "application/ocsp-request", request);
  soup_message_headers_replace (soup_message_get_request_headers (c->msg), "Accept",
                                "application/ocsp-response");

  c->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      c->caller_cancellable = g_object_ref (cancellable);
      c->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                            g_object_ref (c->cancellable), g_object_unref);
    }
  c->deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (c->deadline, deadline_cb, g_object_ref (c->cancellable), g_object_unref);
  g_source_set_name (c->deadline, "[hsviz] OCSP deadline");
  g_source_attach (c->deadline, g_task_get_context (task));

  c->soup = soup_session_new_with_options ("timeout", (timeout_ms + 999) / 1000,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                           NULL);
  soup_session_send_async (c->soup, c->msg, G_PRIORITY_DEFAULT, c->cancellable, send_cb, task);
}

const char *
hsviz_revocation_check_finish (HsvizConnection *session,
                               GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
