/* hsviz-session.h — everything one capture saw: the model every view presents
 *
 * A session is built by the capture engine (live) or by the session-file loader, through the
 * same calls; both end with hsviz_session_complete(), which derives every parsed fact (protocol,
 * suite, randoms, offered suites, certificates, steps) from the stored bytes with the same code.
 * The session is a GListModel of HsvizMessage (handshake messages in wire order):
 * "items-changed" fires for each message added.  The signal "updated" (no arguments) fires
 * whenever anything else changes (a record, a key-log entry, the verdict, the outcome, and
 * after hsviz_session_complete()).  All of it happens on the thread that owns the session
 * (the main thread during a live capture).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-certificate.h"
#include "hsviz-message.h"
#include "hsviz-types.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_SESSION (hsviz_session_get_type ())
G_DECLARE_FINAL_TYPE (HsvizSession, hsviz_session, HSVIZ, SESSION, GObject)

typedef struct
{
  char   *url;          /* "https://localhost:4433/" */
  char   *host;
  guint16 port;
  char   *path;         /* "/" */
  char   *servername;   /* SNI and the name verified */
  char   *address;      /* the address connected to, "127.0.0.1", or NULL */
} HsvizTarget;

typedef struct
{
  guint          index;
  HsvizDirection direction;
  guint8         content_type;
  guint16        version;
  guint16        length;       /* of the fragment (header excluded) */
  gint64         time_us;
  GBytes        *bytes;        /* whole record, 5-byte header included */
  HsvizStep      step;
} HsvizRecord;

typedef struct
{
  char  *label;                /* "CLIENT_RANDOM", "SERVER_TRAFFIC_SECRET_0", ... */
  char  *client_random;        /* hex */
  char  *secret;               /* hex */
  gint64 time_us;
  guint  after_message;        /* number of handshake messages seen when it was derived */
} HsvizKeylogEntry;

typedef struct
{
  gboolean present;            /* FALSE: no verdict (no certificate received) */
  gboolean trusted;
  gboolean hostname_ok;
  gboolean time_ok;
  gboolean issuer_ok;
  guint    status;             /* gnutls_certificate_status_t bits */
  char   **status_strings;     /* "signer-not-found", "unexpected-owner", ... */
  char    *text;               /* gnutls_certificate_verification_status_print */
  char    *checked_name;       /* the name that was checked */
  char    *trust_store;        /* "system" or the CA file */
  gint64   time_us;            /* when it was checked */
} HsvizVerification;

typedef struct
{
  gint64 dns_us;
  gint64 connect_us;
  gint64 handshake_us;
  gint64 total_us;
} HsvizTimings;

typedef struct
{
  char    *name;
  char    *value;
} HsvizHeader;

typedef struct
{
  gboolean   present;
  char      *request;          /* the request as sent */
  guint      status;           /* 0 when no response came */
  char      *http_version;     /* "HTTP/1.1" */
  char      *reason;
  GPtrArray *headers;          /* of HsvizHeader, in order */
  guint64    bytes_sent;
  guint64    bytes_received;
} HsvizApplicationData;

typedef struct
{
  GPtrArray *keylog;           /* of HsvizKeylogEntry, in the order derived */
  GBytes    *master_secret;    /* TLS 1.2 only */
  GBytes    *pre_master_secret;/* only when known honestly (the demo server) */
  GBytes    *client_write_key;
  GBytes    *server_write_key;
  GBytes    *client_write_iv;
  GBytes    *server_write_iv;
  GBytes    *client_write_mac_key;
  GBytes    *server_write_mac_key;
} HsvizSecrets;

typedef struct
{
  char    *name;               /* "master_secret", "client_write_key", ... */
  char    *formula;            /* in words */
  char    *value;              /* hex */
  gboolean verified;
  char    *note;               /* how it was verified, or why not */
} HsvizKeyScheduleEntry;

typedef struct
{
  char *stapled;               /* "good" | "revoked" | "unknown" | "none" */
  char *ocsp;                  /* "good" | "revoked" | "unknown" | "unreachable" | "none" */
  char *responder;
  char *detail;
} HsvizRevocation;

typedef struct
{
  gboolean completed;
  char    *error;              /* the GError message, NULL when completed */
  int      error_code;         /* HsvizError, -1 when completed */
  gboolean has_alert;
  guint8   alert_level;
  guint8   alert_description;
  HsvizDirection alert_sender;
  char    *failed_at;          /* "after ServerHello (message 2)", NULL when completed */
} HsvizOutcome;

HsvizSession *hsviz_session_new (void);

/* ---- building (capture engine and loader) ---- */
void hsviz_session_set_target        (HsvizSession *self, const HsvizTarget *target);
void hsviz_session_set_settings      (HsvizSession *self, const char *priority,
                                      const char *preset, const char *cafile);
void hsviz_session_set_captured_at   (HsvizSession *self, GDateTime *when);
void hsviz_session_set_generator     (HsvizSession *self, const char *generator);
void hsviz_session_set_source_note   (HsvizSession *self, const char *note);
HsvizMessage *hsviz_session_add_message (HsvizSession *self, HsvizDirection direction,
                                         gint64 time_us, GBytes *bytes);
const HsvizRecord *hsviz_session_add_record (HsvizSession *self, HsvizDirection direction,
                                             gint64 time_us, GBytes *bytes);
void hsviz_session_add_keylog        (HsvizSession *self, const char *label,
                                      const char *client_random_hex, const char *secret_hex,
                                      gint64 time_us);
void hsviz_session_set_verification  (HsvizSession *self, const HsvizVerification *v);
void hsviz_session_set_timings       (HsvizSession *self, const HsvizTimings *t);
void hsviz_session_set_application_data (HsvizSession *self, const HsvizApplicationData *a);
/* Takes the key material the record layer really used (NULL for absent parts). */
void hsviz_session_set_record_keys   (HsvizSession *self, GBytes *master_secret,
                                      GBytes *client_write_key, GBytes *server_write_key,
                                      GBytes *client_write_iv, GBytes *server_write_iv,
                                      GBytes *client_write_mac_key, GBytes *server_write_mac_key);
void hsviz_session_set_pre_master_secret (HsvizSession *self, GBytes *pms);
void hsviz_session_add_key_schedule  (HsvizSession *self, const char *name, const char *formula,
                                      const char *value_hex, gboolean verified, const char *note);
void hsviz_session_clear_key_schedule (HsvizSession *self);
void hsviz_session_set_revocation    (HsvizSession *self, const HsvizRevocation *r);
void hsviz_session_set_outcome       (HsvizSession *self, const HsvizOutcome *o);
/* Drop every secret (keylog, master secret, keys, key schedule values). */
void hsviz_session_strip_secrets     (HsvizSession *self);
/* Derive all parsed facts from the bytes and re-assign steps.  Idempotent. */
void hsviz_session_complete          (HsvizSession *self);

/* ---- reading ---- */
const HsvizTarget          *hsviz_session_get_target           (HsvizSession *self);
const char                 *hsviz_session_get_priority         (HsvizSession *self);
const char                 *hsviz_session_get_preset           (HsvizSession *self);
const char                 *hsviz_session_get_cafile           (HsvizSession *self);
GDateTime                  *hsviz_session_get_captured_at      (HsvizSession *self);
const char                 *hsviz_session_get_generator        (HsvizSession *self);
const char                 *hsviz_session_get_source_note      (HsvizSession *self);
const HsvizOutcome         *hsviz_session_get_outcome          (HsvizSession *self);
guint16                     hsviz_session_get_version          (HsvizSession *self); /* 0 unknown */
guint16                     hsviz_session_get_cipher_suite     (HsvizSession *self); /* 0 unknown */
HsvizKeyExchange            hsviz_session_get_key_exchange     (HsvizSession *self);
guint16                     hsviz_session_get_group            (HsvizSession *self); /* 0 none */
guint16                     hsviz_session_get_signature_scheme (HsvizSession *self); /* 0 none */
gboolean                    hsviz_session_had_hello_retry      (HsvizSession *self);
gboolean                    hsviz_session_uses_extended_master_secret (HsvizSession *self);
const guint8               *hsviz_session_get_client_random    (HsvizSession *self); /* 32 B or NULL */
const guint8               *hsviz_session_get_server_random    (HsvizSession *self); /* 32 B or NULL */
/* RFC 8446 §4.1.3: a TLS 1.3 server that negotiates an older version writes "DOWNGRD" and
 * 01 (TLS 1.2) or 00 (TLS 1.1 or older) in the last 8 bytes of its random. */
typedef enum
{
  HSVIZ_DOWNGRADE_NONE,         /* no sentinel (or no ServerHello yet) */
  HSVIZ_DOWNGRADE_TLS12,        /* 44 4f 57 4e 47 52 44 01 */
  HSVIZ_DOWNGRADE_TLS11,        /* 44 4f 57 4e 47 52 44 00 */
} HsvizDowngrade;
HsvizDowngrade              hsviz_session_get_downgrade_sentinel (HsvizSession *self);
/* The suites the client offered, parsed from the (last) ClientHello bytes. */
const guint16              *hsviz_session_get_offered_suites   (HsvizSession *self, guint *n);
const char                 *hsviz_session_get_alpn             (HsvizSession *self); /* or NULL */
guint                       hsviz_session_get_n_messages       (HsvizSession *self);
HsvizMessage               *hsviz_session_get_message          (HsvizSession *self, guint i);
GPtrArray                  *hsviz_session_get_records          (HsvizSession *self); /* HsvizRecord */
/* The chain as the server sent it (leaf first), of HsvizCertificate. */
GPtrArray                  *hsviz_session_get_certificates     (HsvizSession *self);
const HsvizVerification    *hsviz_session_get_verification     (HsvizSession *self);
const HsvizTimings         *hsviz_session_get_timings          (HsvizSession *self);
const HsvizApplicationData *hsviz_session_get_application_data (HsvizSession *self);
const HsvizSecrets         *hsviz_session_get_secrets          (HsvizSession *self);
gboolean                    hsviz_session_has_secrets          (HsvizSession *self);
gboolean                    hsviz_session_secrets_stripped     (HsvizSession *self);
GPtrArray                  *hsviz_session_get_key_schedule     (HsvizSession *self); /* HsvizKeyScheduleEntry */
const HsvizRevocation      *hsviz_session_get_revocation       (HsvizSession *self);
/* The session's step of a keylog entry or a local action, from the step mapping. */
HsvizStep                   hsviz_session_step_for_action      (HsvizSession *self, HsvizAction action);
/* The NSS key log ("LABEL client_random secret\n" lines), NULL without secrets. */
char                       *hsviz_session_dup_nss_keylog       (HsvizSession *self);
/* "TLS 1.3 · TLS_AES_256_GCM_SHA384 · X25519" for titles. */
char                       *hsviz_session_dup_summary          (HsvizSession *self);

/* The first (or, with @last, the last) message of type @type_code sent by @direction,
 * HelloRetryRequests left out; NULL when there is none or @session is NULL. */
HsvizMessage               *hsviz_session_find_message         (HsvizSession *session,
                                                                guint8        type_code,
                                                                HsvizDirection direction,
                                                                gboolean      last);

void hsviz_target_clear               (HsvizTarget *target);
void hsviz_header_free                (HsvizHeader *header);
void hsviz_verification_clear         (HsvizVerification *v);
void hsviz_application_data_clear     (HsvizApplicationData *a);
void hsviz_revocation_clear           (HsvizRevocation *r);
void hsviz_outcome_clear              (HsvizOutcome *o);

G_END_DECLS
