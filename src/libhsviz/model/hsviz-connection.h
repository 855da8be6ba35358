/* hsviz-connection.h — everything one TLS connection of a session showed: read-only
 *
 * A connection is filled by the capture engine (live) or by the session-file loader, through
 * the private builder (hsviz-connection-builder.h); both end with hsviz_connection_complete(),
 * which derives every parsed fact (protocol, suite, randoms, offered suites, certificates,
 * steps) from the stored bytes with the same code.  Views only read it: the getters below, the
 * structs they hand out (const, owned by the connection) and the GObject properties (index,
 * url, host, version, version-name, cipher-suite, cipher-suite-name, key-exchange, group,
 * summary, completed, error, n-messages, n-records, has-secrets, source, resumed), which notify
 * when they change.
 *
 * Live progress: the connection is a GListModel of HsvizMessage (handshake messages in wire
 * order) whose "items-changed" fires for each message added, and the signal "updated" (no
 * arguments) fires whenever anything else changes (a record, a key-log entry, the verdict, the
 * outcome, and after completion).  All of it happens on the thread that owns the session (the
 * main thread during a live capture).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-certificate.h"
#include "hsviz-chain-check.h"
#include "hsviz-message.h"
#include "hsviz-timeline.h"
#include "hsviz-types.h"
#include "hsviz-target.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_CONNECTION (hsviz_connection_get_type ())
G_DECLARE_FINAL_TYPE (HsvizConnection, hsviz_connection, HSVIZ, CONNECTION, GObject)

typedef struct
{
  guint          index;
  HsvizDirection direction;
  guint8         content_type;
  guint16        version;
  guint16        length;       /* of the fragment (header excluded) */
  gint64         time_us;
  GBytes        *bytes;        /* whole record, 5-byte header included */
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
  char      *response;         /* not HTTP (SMTP, IMAP, ...): the server's answer as text */
} HsvizApplicationData;

/* One thing said in clear before TLS (STARTTLS): text protocols as sent, binary ones as a short
 * description and the hex of the bytes. */
typedef struct
{
  HsvizDirection direction;
  gint64         time_us;
  char          *text;
} HsvizClearText;

typedef struct
{
  GPtrArray *keylog;           /* of HsvizKeylogEntry, in the order derived */
  GBytes    *master_secret;    /* TLS 1.2 only */
  GBytes    *pre_master_secret;/* only when known honestly (the demo server) */
  GBytes    *resumption_master_secret; /* TLS 1.3, for resuming this connection: from GnuTLS's
                                        * session data (no key-log label exists for it) */
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
  gboolean completed;          /* both Finished messages were exchanged */
  char    *error;              /* the GError message, NULL when nothing failed (also set when
                                * something failed after a completed handshake) */
  int      error_code;         /* HsvizError, -1 when nothing failed */
  gboolean has_alert;
  guint8   alert_level;
  guint8   alert_description;
  HsvizDirection alert_sender;
  char    *failed_at;          /* "after ServerHello (message 2)", NULL when nothing failed */
} HsvizOutcome;

/* Its place in its session (0 for the first connection). */
guint                       hsviz_connection_get_index            (HsvizConnection *self);
const HsvizTarget          *hsviz_connection_get_target           (HsvizConnection *self);
/* "capture" (the default) or "import": where the connection came from. */
const char                 *hsviz_connection_get_source           (HsvizConnection *self);
/* Whether it resumed an earlier session (ticket, session id or PSK). */
gboolean                    hsviz_connection_is_resumed           (HsvizConnection *self);
/* The index of the connection it resumed in the same session, or -1 (not resumed, or that
 * connection is not in the session). */
int                         hsviz_connection_get_resumed_from     (HsvizConnection *self);
/* The client's and the server's socket address, "127.0.0.1:50112" or "[::1]:443" (the
 * capture's sockets, the imported packets'); NULL when not known (older files). */
const char                 *hsviz_connection_get_client_address   (HsvizConnection *self);
const char                 *hsviz_connection_get_server_address   (HsvizConnection *self);
/* "client → server" from those, or NULL when they are not known (transfer full). */
char                       *hsviz_connection_dup_addresses_text   (HsvizConnection *self);
/* When the connection started, in µs since the epoch (an import: its first segment's capture
 * time; a capture: when it began, before the name lookup); its times (messages, records) count
 * from there.  0 when not known (older files). */
gint64                      hsviz_connection_get_started_at       (HsvizConnection *self);
/* What the source said about this connection alone (an import's notes), or NULL; the
 * session's note is hsviz_session_get_note(). */
const char                 *hsviz_connection_get_note             (HsvizConnection *self);
const char                 *hsviz_connection_get_priority         (HsvizConnection *self);
const char                 *hsviz_connection_get_preset           (HsvizConnection *self);
const char                 *hsviz_connection_get_cafile           (HsvizConnection *self);
const HsvizOutcome         *hsviz_connection_get_outcome          (HsvizConnection *self);
guint16                     hsviz_connection_get_version          (HsvizConnection *self); /* 0 unknown */
guint16                     hsviz_connection_get_cipher_suite     (HsvizConnection *self); /* 0 unknown */
HsvizKeyExchange            hsviz_connection_get_key_exchange     (HsvizConnection *self);
guint16                     hsviz_connection_get_group            (HsvizConnection *self); /* 0 none */
/* TLS 1.2 DHE with a prime that no RFC names: its size in bits (else 0; get_group is then 0) */
guint                       hsviz_connection_get_dh_prime_bits    (HsvizConnection *self);
/* The group for people: "x25519", "ffdhe2048", "custom 2048-bit group"; NULL when none */
char                       *hsviz_connection_dup_group_name       (HsvizConnection *self);
guint16                     hsviz_connection_get_signature_scheme (HsvizConnection *self); /* 0 none */
gboolean                    hsviz_connection_had_hello_retry      (HsvizConnection *self);
gboolean                    hsviz_connection_uses_extended_master_secret (HsvizConnection *self);
const guint8               *hsviz_connection_get_client_random    (HsvizConnection *self); /* 32 B or NULL */
const guint8               *hsviz_connection_get_server_random    (HsvizConnection *self); /* 32 B or NULL */
/* RFC 8446 §4.1.3: a TLS 1.3 server that negotiates an older version writes "DOWNGRD" and
 * 01 (TLS 1.2) or 00 (TLS 1.1 or older) in the last 8 bytes of its random. */
typedef enum
{
  HSVIZ_DOWNGRADE_NONE,         /* no sentinel (or no ServerHello yet) */
  HSVIZ_DOWNGRADE_TLS12,        /* 44 4f 57 4e 47 52 44 01 */
  HSVIZ_DOWNGRADE_TLS11,        /* 44 4f 57 4e 47 52 44 00 */
} HsvizDowngrade;
HsvizDowngrade              hsviz_connection_get_downgrade_sentinel (HsvizConnection *self);
/* The highest version the client offered (supported_versions without GREASE, else
 * legacy_version); 0 before a ClientHello. */
guint16                     hsviz_connection_get_client_max_version (HsvizConnection *self);
/* The sentinel is there and the client offered a newer version than the one it marks: the
 * client must abort (RFC 8446 §4.1.3).  FALSE when it offered no more than what was chosen. */
gboolean                    hsviz_connection_downgrade_detected     (HsvizConnection *self);
/* What the sentinel in the last 8 bytes of the server random says on this connection, with
 * those bytes in hex, for people; NULL before a ServerHello. */
char                       *hsviz_connection_dup_downgrade_text     (HsvizConnection *self);
/* The suites the client offered, parsed from the (last) ClientHello bytes. */
const guint16              *hsviz_connection_get_offered_suites   (HsvizConnection *self, guint *n);
const char                 *hsviz_connection_get_alpn             (HsvizConnection *self); /* selected, or NULL */
/* The protocols the ClientHello offered in ALPN, in order (empty when none) (transfer full) */
GStrv                       hsviz_connection_dup_alpn_offered     (HsvizConnection *self);
/* TLS 1.3 early data (0-RTT): offered (the ClientHello's early_data extension), accepted (the
 * EncryptedExtensions' one), read from the messages; bytes: the application data sent as 0-RTT
 * (a capture's request), 0 when not known. */
typedef struct
{
  gboolean offered;
  gboolean accepted;
  guint64  bytes;
} HsvizEarlyData;
void                        hsviz_connection_get_early_data       (HsvizConnection *self,
                                                                   HsvizEarlyData  *out);
/* What 0-RTT did on this connection, for people ("0-RTT: offered, accepted, 105 bytes: …", or
 * rejected and sent again; for a later connection of a session that did not offer it, what the
 * previous connection's ticket allowed); NULL when there is nothing to say (transfer full) */
char                       *hsviz_connection_dup_early_data_text  (HsvizConnection *self);
/* The STARTTLS protocol ("smtp", "imap", ...) or NULL; what was said in clear before TLS, in
 * order (of HsvizClearText; empty without STARTTLS) */
const char                 *hsviz_connection_get_starttls         (HsvizConnection *self);
GPtrArray                  *hsviz_connection_get_cleartext        (HsvizConnection *self);
/* Client authentication: the certificate configured (or NULL), whether the client's Certificate
 * message carried one (from its bytes), and what the exchange meant, for people (NULL when the
 * server asked for nothing) */
const HsvizCertificate     *hsviz_connection_get_client_certificate (HsvizConnection *self);
gboolean                    hsviz_connection_client_certificate_sent (HsvizConnection *self);
char                       *hsviz_connection_dup_client_auth_note   (HsvizConnection *self);
/* A TLS 1.2 server's HelloRequest after the handshake (it asked to renegotiate): what it means
 * and what the capture did, for people; NULL when none was received */
const char                 *hsviz_connection_get_renegotiation_note (HsvizConnection *self);
guint                       hsviz_connection_get_n_messages       (HsvizConnection *self);
HsvizMessage               *hsviz_connection_get_message          (HsvizConnection *self, guint i);
GPtrArray                  *hsviz_connection_get_records          (HsvizConnection *self); /* HsvizRecord */
/* A record's step, from the timeline (wire order). */
HsvizStep                   hsviz_connection_get_record_step      (HsvizConnection *self, guint index);
/* The chain as the server sent it (leaf first), of HsvizCertificate. */
GPtrArray                  *hsviz_connection_get_certificates     (HsvizConnection *self);
/* The index of the server's Certificate message that chain was read from, or -1. */
gint                        hsviz_connection_get_certificates_message (HsvizConnection *self);
const HsvizVerification    *hsviz_connection_get_verification     (HsvizConnection *self);
const HsvizTimings         *hsviz_connection_get_timings          (HsvizConnection *self);
const HsvizApplicationData *hsviz_connection_get_application_data (HsvizConnection *self);
const HsvizSecrets         *hsviz_connection_get_secrets          (HsvizConnection *self);
gboolean                    hsviz_connection_has_secrets          (HsvizConnection *self);
gboolean                    hsviz_connection_secrets_stripped     (HsvizConnection *self);
GPtrArray                  *hsviz_connection_get_key_schedule     (HsvizConnection *self); /* HsvizKeyScheduleEntry */
/* The key schedule entry named @name ("psk_binder", "master_secret", ...), or NULL. */
const HsvizKeyScheduleEntry *hsviz_connection_find_key_schedule   (HsvizConnection *self,
                                                                   const char      *name);
const HsvizRevocation      *hsviz_connection_get_revocation       (HsvizConnection *self);
/* Our checks of every certificate sent (HsvizCertCheck, one per certificate, in order). */
GPtrArray                  *hsviz_connection_get_cert_checks      (HsvizConnection *self);
/* The path built at capture (present FALSE when none was). */
const HsvizChainPath       *hsviz_connection_get_chain_path       (HsvizConnection *self);
/* The chain's problems (HsvizChainProblem). */
GPtrArray                  *hsviz_connection_get_chain_problems   (HsvizConnection *self);

/* The session's step of a keylog entry or a local action, from the step mapping. */
HsvizStep                   hsviz_connection_step_for_action      (HsvizConnection *self, HsvizAction action);
/* The connection's timeline in wire order: messages, records, local actions, alerts, the
 * point of failure (hsviz-timeline.h).  Rebuilt when asked for after a change. */
HsvizTimeline              *hsviz_connection_get_timeline         (HsvizConnection *self);
/* The NSS key log ("LABEL client_random secret\n" lines), NULL without secrets. */
char                       *hsviz_connection_dup_nss_keylog       (HsvizConnection *self);
/* Its short name among its session's connections, for a switcher: "1 · TLS 1.3 · full
 * handshake", "2 · TLS 1.3 · resumed 1", "3 · TLS 1.2 · failed"; an import's "4 ·
 * 127.0.0.1:50112 → 127.0.0.1:443" (its number and its client → server addresses). */
char                       *hsviz_connection_dup_label            (HsvizConnection *self);
/* What its label leaves out, for a tooltip beside it: a capture's client → server addresses
 * (NULL when not known), an import's version and outcome ("TLS 1.3 · full handshake"); so the
 * two together say each thing once (transfer full). */
char                       *hsviz_connection_dup_label_details    (HsvizConnection *self);
/* "TLS 1.3 · TLS_AES_256_GCM_SHA384 · X25519" for titles. */
char                       *hsviz_connection_dup_summary          (HsvizConnection *self);
/* "TLS 1.2, RSA key transport, without extended master secret", "A failed handshake: the
 * handshake_failure alert": what the connection shows, in words (sample lists, compare). */
char                       *hsviz_connection_dup_title            (HsvizConnection *self);
/* Round trips the handshake took: the server's flights up to its Finished (TLS 1.3: 1, with a
 * HelloRetryRequest 2; TLS 1.2 full handshake: 2, resumed: 1).  Partial for a failed one. */
guint                       hsviz_connection_count_round_trips    (HsvizConnection *self);

/* The client's (last) ClientHello and the server's ServerHello (not a HelloRetryRequest), or
 * NULL: what the panes present the hellos from. */
HsvizMessage               *hsviz_connection_get_client_hello     (HsvizConnection *self);
HsvizMessage               *hsviz_connection_get_server_hello     (HsvizConnection *self);
/* The session id of the (last) ClientHello (@sender CLIENT) or of the ServerHello (SERVER) in
 * hex: "" when it is empty, NULL when there is no such hello or it has no session id field. */
char                       *hsviz_connection_dup_session_id_hex   (HsvizConnection *self,
                                                                   HsvizDirection   sender);

/* The first (or, with @last, the last) message of type @type_code sent by @direction,
 * HelloRetryRequests left out; NULL when there is none or @session is NULL. */
HsvizMessage               *hsviz_connection_find_message         (HsvizConnection *session,
                                                                guint8        type_code,
                                                                HsvizDirection direction,
                                                                gboolean      last);

void hsviz_header_free                (HsvizHeader *header);
void hsviz_verification_clear         (HsvizVerification *v);
/* "The certificate is trusted." or why not, in the user's language. */
char *hsviz_verification_dup_text     (const HsvizVerification *v);
void hsviz_application_data_clear     (HsvizApplicationData *a);
void hsviz_revocation_clear           (HsvizRevocation *r);
void hsviz_outcome_clear              (HsvizOutcome *o);

G_END_DECLS
