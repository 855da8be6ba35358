/* hsviz-capture.h — run one capture: connect, handshake, one GET, in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-session.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_CAPTURE (hsviz_capture_get_type ())
G_DECLARE_FINAL_TYPE (HsvizCapture, hsviz_capture, HSVIZ, CAPTURE, GObject)

typedef struct
{
  char    *url;            /* what the user typed */
  char    *priority;       /* GnuTLS priority string, NULL: the preset's or NORMAL */
  char    *preset;         /* one of hsviz_capture_get_presets (): "tls13" ..., or NULL */
  char    *cafile;         /* PEM bundle instead of the system store, or NULL */
  GBytes  *ca_pem;         /* in-memory PEM trust (the demo server), or NULL */
  char    *servername;     /* SNI + verified name, NULL: the URL's host */
  guint    timeout_ms;     /* whole capture, 0: 10 s */
  gboolean no_request;     /* skip step 6's GET */
  HsvizDemoServer *demo;   /* when capturing against the in-process demo server (for the PMS) */
  gboolean no_ocsp;        /* skip the live OCSP query (the stapled response is still read) */
  char    *alpn;           /* ALPN protocols to offer, comma-separated; NULL: "h2,http/1.1"
                            * for https, none for the others; "": offer none */
  char    *cert;           /* client certificate: PEM chain (with key) or PKCS#12, or NULL */
  char    *key;            /* its PEM private key (NULL: in cert) */
  char    *password_file;  /* the PKCS#12 (or encrypted key) password, first line */
  char    *password;       /* or the password itself (the GUI asks for it; never saved) */
  char    *starttls;       /* "smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres": speak it
                            * in clear first (host:port targets); NULL: as the URL's scheme says */
  gboolean reconnect;      /* after the first connection, a second one that resumes it (TLS 1.3
                            * PSK, TLS 1.2 session ticket or id): connection 1 of the session */
  gboolean early_data;     /* with reconnect: the resumed connection sends its HTTP request as
                            * TLS 1.3 early data (0-RTT) when the first's ticket allows it */
} HsvizCaptureOptions;

/* What a capture offers in ALPN unless told otherwise. */
#define HSVIZ_DEFAULT_ALPN "h2,http/1.1"

/* TRUE when @path is a PKCS#12 file (binary), FALSE for PEM or an unreadable file: a PKCS#12
 * client certificate needs its password */
gboolean hsviz_capture_client_cert_is_pkcs12 (const char *path);

/* Presets: name, GnuTLS priority, a short title and a description (both untranslated:
 * pass them through _()). NULL-terminated by name. */
typedef struct
{
  const char *name;
  const char *priority;
  const char *title;
  const char *description;
} HsvizPreset;

const HsvizPreset *hsviz_capture_get_presets (void);
const HsvizPreset *hsviz_capture_find_preset (const char *name);

void          hsviz_capture_options_clear (HsvizCaptureOptions *options);
/* Points @options at the built-in demo server: its URL, its CA as the trust store (unless
 * @options->cafile is set), and the server itself, which hands over the RSA pre-master
 * secrets.  The capture's session then says it was made against the demo server. */
void          hsviz_capture_options_set_demo (HsvizCaptureOptions *options,
                                              HsvizDemoServer     *demo);

/* Validates the options (URL, preset, priority string) at once. */
HsvizCapture *hsviz_capture_new           (const HsvizCaptureOptions *options,
                                           GError                   **error);

/* The session as it grows; the same object is the final result.  It holds the connection
 * being captured from the start (hsviz_session_get_connection (session, 0)); messages, records
 * and keylog entries are added to it on the thread-default main context of the caller of
 * run_async while the capture runs (the connection's "items-changed" fires for each message,
 * "updated" for the rest; the session's "items-changed" for each connection added). */
HsvizSession *hsviz_capture_get_session      (HsvizCapture *self);

void          hsviz_capture_run_async     (HsvizCapture        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns the session (also when the handshake failed: then with @error set and the
 * connection's outcome.completed FALSE; the partial session is still whole as far as it went).
 * Returns NULL only when nothing was captured (error before TLS, e.g. a refused port),
 * in which case hsviz_capture_get_session() still holds the target. */
HsvizSession *hsviz_capture_run_finish       (HsvizCapture  *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Blocking convenience for tests and the CLI (runs its own main context). */
HsvizSession *hsviz_capture_run_sync         (HsvizCapture  *self,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* Signals (emitted on the caller's main context):
 *   "message-added"  (HsvizMessage *message)
 *   "record-added"   (guint index)
 *   "secret-added"   (const char *label)
 *   "finished"       (void)        -- session complete (whatever the outcome)
 */

G_END_DECLS
