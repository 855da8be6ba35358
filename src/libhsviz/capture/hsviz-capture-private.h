/* hsviz-capture-private.h — the worker side of a capture (hsviz-capture-worker.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gnutls/gnutls.h>

#include "hsviz-capture.h"
#include "hsviz-connection.h"
#include "hsviz-http-framing.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_EVENT_MESSAGE,
  HSVIZ_EVENT_RECORD,
  HSVIZ_EVENT_SECRET,
  HSVIZ_EVENT_CONNECTED,
  HSVIZ_EVENT_CLEARTEXT,      /* said in clear before TLS: direction, label = the text */
  HSVIZ_EVENT_RESULT,         /* one connection is over: result */
  HSVIZ_EVENT_DONE,           /* the capture is over (every connection) */
} HsvizEventKind;

/* What the worker learned after the handshake; applied to the session on the main thread. */
typedef struct
{
  char                 *address;
  char                 *client_address;  /* the socket's local and peer address, "ip:port" */
  char                 *server_address;
  HsvizVerification     verification;
  HsvizChainPath        chain_path;   /* built from the leaf to an anchor of the store in use */
  HsvizTimings          timings;
  gint64                started_at;   /* µs since the epoch at the worker's time 0 */
  HsvizApplicationData  app;
  HsvizOutcome          outcome;
  GBytes               *master_secret;
  GBytes               *pre_master_secret;
  GBytes               *resumption_master_secret; /* TLS 1.3, from the session data (--reconnect) */
  GBytes               *keys[6];   /* client key, server key, client iv, server iv, client mac, server mac */
  GError               *error;
  gboolean              tls_started;
  gboolean              resumed;      /* gnutls_session_is_resumed () after the handshake */
  guint64               early_bytes;  /* --early-data: the request's bytes sent as 0-RTT, or 0 */
} HsvizCaptureResult;

typedef struct
{
  HsvizEventKind  kind;
  HsvizDirection  direction;
  gint64          time_us;
  GBytes         *bytes;
  char           *label;
  char           *client_random;
  char           *secret;
  guint           connection;   /* index in the session: 1 is the resumed (--reconnect) one */
  HsvizCaptureResult *result;
} HsvizCaptureEvent;

typedef void (*HsvizEventFunc) (HsvizCaptureEvent *event, gpointer user_data);

typedef struct
{
  /* inputs (owned by the caller, read-only for the worker) */
  HsvizTarget          target;
  char                *priority;
  GBytes              *ca_pem;
  char                *cafile;
  guint                timeout_ms;
  gboolean             no_request;
  gboolean             reconnect;     /* a second connection that resumes the first */
  gboolean             early_data;    /* with reconnect: the request as 0-RTT where allowed */
  guint                current;       /* worker thread: the connection being captured; every
                                       * event posted is for it */
  char               **alpn;          /* protocols offered in ALPN, NULL or empty: none */
  char                *starttls;      /* "smtp", "imap", ... said in clear first, or NULL */
  char                *app_protocol;  /* after the handshake: "http", "smtp", "imap", ... */
  char                *client_cert;   /* PEM chain or PKCS#12, or NULL */
  char                *client_key;    /* PEM key (NULL: in client_cert) */
  char                *client_password; /* PKCS#12 / encrypted key password; wiped when freed */
  HsvizDemoServer     *demo;
  GIOStream           *stream;        /* NULL in the app; set (fuzz/fuzz-flight.c): an already
                                       * connected peer, no lookup, no connect, and without a
                                       * GSocket the pull-timeout wait is left to the read */
  GCancellable        *cancellable;   /* cancelled on user cancel and on timeout */
  gint                 timed_out;     /* atomic */
  gint                 user_cancelled;/* atomic */
  /* where events go */
  HsvizEventFunc       post;
  gpointer             post_data;
} HsvizCaptureJob;

void hsviz_capture_event_free  (HsvizCaptureEvent  *event);
void hsviz_capture_result_free (HsvizCaptureResult *result);
/* hsviz-capture-result.c: the client and server address of @stream when it is a socket */
void hsviz_capture_result_read_addresses (HsvizCaptureResult *result,
                                          GIOStream          *stream);
/* Runs the whole capture on the calling (worker) thread: each connection ends with
 * HSVIZ_EVENT_RESULT, the capture with HSVIZ_EVENT_DONE. */
void hsviz_capture_worker_run  (HsvizCaptureJob    *job);

/* hsviz-http2.c: "h2,http/1.1" → { "h2", "http/1.1" }; "" → NULL; a name that is empty or
 * longer than 255 bytes is HSVIZ_ERROR_INVALID_ARGUMENT. */
gboolean hsviz_capture_parse_alpn           (const char           *list,
                                             char               ***protocols,
                                             GError              **error);
/* hsviz-capture-starttls.c: the clear-text dialogue before TLS on @stream (posted as
 * HSVIZ_EVENT_CLEARTEXT); HSVIZ_ERROR_STARTTLS when the server refuses or does not offer it. */
gboolean hsviz_capture_starttls_before      (HsvizCaptureJob      *job,
                                             GIOStream            *stream,
                                             gint64                t0,
                                             GError              **error);

/* hsviz-capture-credentials.c: the trust store (the system's takes tens of milliseconds to read)
 * and the client certificate, loaded by hsviz_capture_load_credentials (a GThreadFunc taking
 * the struct) on a thread of their own while DNS and connect run. */
typedef struct
{
  HsvizCaptureJob                  *job;
  gnutls_certificate_credentials_t  creds;   /* the result, or NULL */
  GError                           *error;
} HsvizCredentialsLoad;
gpointer hsviz_capture_load_credentials     (gpointer              data);

/* hsviz-client-cert.c: load --cert/--key (PEM) or --cert FILE.p12 with its password */
gboolean hsviz_client_cert_load             (gnutls_certificate_credentials_t creds,
                                             const char           *cert,
                                             const char           *key,
                                             const char           *password,
                                             GError              **error);
/* Loads them once to check them; returns the leaf certificate's DER */
GBytes  *hsviz_client_cert_check            (const char           *cert,
                                             const char           *key,
                                             const char           *password,
                                             GError              **error);
/* The password in @path: its first line, without the newline */
char    *hsviz_client_cert_read_password    (const char           *path,
                                             GError              **error);

/* What the worker does for step 6's reads whatever the protocol above TLS. */
typedef struct
{
  gboolean (*limit_hit)   (gpointer data);   /* a safety cap was hit: read no more */
  void     (*rehandshake) (gpointer data);   /* GNUTLS_E_REHANDSHAKE came (a HelloRequest) */
  gpointer   data;
} HsvizRecvHooks;
/* gnutls_record_recv for step 6: retries what is no end (AGAIN, INTERRUPTED, a warning alert),
 * hands a HelloRequest to @hooks; returns the bytes read (> 0), 0 at the end of the stream (the
 * peer's close_notify or close), or the GnuTLS error (< 0). */
ssize_t  hsviz_capture_recv                 (gnutls_session_t      session,
                                             void                 *buf,
                                             size_t                len,
                                             const HsvizRecvHooks *hooks);
/* Step 6 over HTTP/2 (ALPN "h2"): one GET with libnghttp2 on the TLS session; fills @app
 * (status and headers decoded); returns the GnuTLS error that ended the exchange, or 0. */
int      hsviz_capture_http2_get            (gnutls_session_t      session,
                                             const char           *authority,
                                             const char           *path,
                                             HsvizApplicationData *app,
                                             const HsvizRecvHooks *hooks);

/* hsviz-capture-http.c: step 6 of https, one GET (HTTP/2 when ALPN selected "h2", else
 * HTTP/1.1) into @app; @early: the request sent as 0-RTT (sent again unless @early_accepted),
 * or NULL.  Returns the GnuTLS error that ended the exchange, or 0. */
int      hsviz_capture_http_get             (gnutls_session_t      session,
                                             HsvizCaptureJob      *job,
                                             HsvizApplicationData *app,
                                             const char           *early,
                                             gboolean              early_accepted,
                                             const HsvizRecvHooks *hooks);
/* The HTTP/1.1 GET of @job's target, as sent; @early: as 0-RTT (no "Connection: close") */
char    *hsviz_capture_http_request         (HsvizCaptureJob      *job,
                                             gboolean              early);

/* hsviz-capture-resume.c: GnuTLS's key-log callback writes no CLIENT_RANDOM line for a resumed
 * TLS 1.2 session: post it from the master secret, so the key log holds every connection's
 * secrets (call it when the callback wrote none). */
void     hsviz_capture_add_resumed_master_secret (gnutls_session_t  session,
                                                  HsvizCaptureJob  *job,
                                                  gint64            time_us);
/* TLS 1.3: the resumption_master_secret GnuTLS keeps with the ticket in @data, the session
 * data it gave for resuming (gnutls_session_get_data2; GnuTLS 3.x layout, checked), or NULL. */
GBytes  *hsviz_capture_resumption_master_secret (gnutls_session_t      session,
                                                 const gnutls_datum_t *data);

/* What the first connection leaves for the second (--reconnect) to resume it with. */
typedef struct
{
  gnutls_datum_t data;             /* gnutls_session_get_data2 (), { NULL, 0 }: nothing */
  gsize          max_early_data;   /* the bytes of 0-RTT its TLS 1.3 ticket allows, 0: none */
  gboolean       h2;               /* ALPN selected "h2" on it */
} HsvizResumeData;

/* After the first connection's step 6 (or, with --no-request, after reading its TLS 1.3
 * NewSessionTicket for up to a second): what to resume it with. */
void     hsviz_capture_resume_data_take     (gnutls_session_t      session,
                                             HsvizCaptureJob      *job,
                                             HsvizResumeData      *out);
void     hsviz_capture_resume_data_clear    (HsvizResumeData      *data);
/* --early-data: whether the resumed connection sends its request as 0-RTT (the ticket allows
 * early data, the request fits and is HTTP/1.1); then gnutls_init needs
 * GNUTLS_ENABLE_EARLY_DATA, and hsviz_capture_early_data_queue the session. */
gboolean hsviz_capture_early_data_wanted    (HsvizCaptureJob      *job,
                                             const HsvizResumeData *resume);
/* Queues the request with gnutls_record_send_early_data (sent right after the ClientHello);
 * returns it (transfer full), or NULL with GnuTLS's error in @ret. */
char    *hsviz_capture_early_data_queue     (gnutls_session_t      session,
                                             HsvizCaptureJob      *job,
                                             int                  *ret);

/* After the handshake of a non-HTTP protocol: its greeting into @app (request: what we said,
 * response: what came back) and its polite ending; returns the GnuTLS error that ended it, or 0. */
int      hsviz_capture_starttls_after       (HsvizCaptureJob      *job,
                                             gnutls_session_t      session,
                                             HsvizApplicationData *app,
                                             const HsvizRecvHooks *hooks);

/* hsviz-capture-result.c: what the worker learns after the handshake. */
void     hsviz_capture_verify               (gnutls_session_t      session,
                                             HsvizCaptureJob      *job,
                                             gint64                time_us,
                                             HsvizCaptureResult   *result);
void     hsviz_capture_record_keys          (gnutls_session_t      session,
                                             HsvizCaptureJob      *job,
                                             HsvizCaptureResult   *result);
/* The server's HelloRequest (GNUTLS_E_REHANDSHAKE): posted as a message, then declined. */
void     hsviz_capture_decline_renegotiation (gnutls_session_t     session,
                                              gint64               time_us,
                                              HsvizCaptureJob     *job);
/* The final answer's status line and headers, from @buf (the first bytes of the stream) where
 * @framing found them. */
void     hsviz_capture_parse_response       (HsvizApplicationData *app,
                                             const GByteArray     *buf,
                                             HsvizHttpFraming     *framing);

/* Caps that keep a hostile peer from exhausting memory. */
#define HSVIZ_MAX_MESSAGES        1000
#define HSVIZ_MAX_RECORDS         20000
#define HSVIZ_MAX_BYTES           (16 * 1024 * 1024)
#define HSVIZ_MAX_MESSAGE_SIZE    (256 * 1024)
#define HSVIZ_MAX_RESPONSE_KEEP   (64 * 1024)

G_END_DECLS
