/* hsviz-connection-private.h — the connection's fields, for the files of the model that fill
 * and derive them (hsviz-connection*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection-builder.h"
#include "hsviz-timeline-private.h"
#include "hsviz-chain-check.h"
#include "hsviz-diagnosis.h"

G_BEGIN_DECLS

typedef struct _HsvizTls12KeyBlock HsvizTls12KeyBlock;   /* hsviz-connection-keys.c */

struct _HsvizConnection
{
  GObject               parent_instance;

  GPtrArray            *messages;      /* HsvizMessage */
  GPtrArray            *records;       /* HsvizRecord */
  GPtrArray            *key_schedule;  /* HsvizKeyScheduleEntry */

  HsvizTarget           target;
  char                 *priority;
  char                 *preset;
  char                 *cafile;
  HsvizSession         *session;       /* not owned: the session holding it, or NULL */
  char                 *note;
  gboolean              imported;      /* source "import" (else "capture") */
  gboolean              resumed;
  int                   resumed_from;  /* index in the session, or -1 */
  guint64               early_data_bytes; /* sent as 0-RTT (hsviz-connection-early-data.c) */
  guint                 index;         /* its place in that session */
  HsvizOutcome          outcome;
  HsvizVerification     verification;
  HsvizTimings          timings;
  HsvizApplicationData  app;
  HsvizSecrets          secrets;
  HsvizRevocation       revocation;
  gboolean              secrets_stripped;

  /* derived from the bytes */
  guint16               version;
  guint16               cipher_suite;
  guint16               group;
  guint                 dh_prime_bits;     /* TLS 1.2 DHE with a prime no RFC names, else 0 */
  guint16               signature_scheme;
  HsvizKeyExchange      kx;
  gboolean              hello_retry;
  gboolean              client_ems;
  gboolean              server_ems;
  guint16               client_max_version; /* highest version the ClientHello offered */
  gboolean              has_client_random;
  gboolean              has_server_random;
  guint8                client_random[32];
  guint8                server_random[32];
  GArray               *offered;       /* guint16 */
  char                 *alpn;
  char                 *starttls;      /* STARTTLS protocol, or NULL */
  char                 *client_address; /* "ip:port" / "[ip]:port", or NULL */
  gint64                started_at;     /* µs since the epoch, 0: not known */
  char                 *server_address;
  GPtrArray            *cleartext;     /* HsvizClearText, NULL until the first */
  HsvizCertificate     *client_cert;   /* the one configured (--cert), or NULL */
  GPtrArray            *certificates;  /* HsvizCertificate */
  gsize                 certificates_from; /* message index the chain came from + 1 */
  GHashTable           *certificate_cache; /* shared by one import's connections, or NULL */
  gsize                 cert_msg;          /* index + 1 of the server's first Certificate */
  HsvizTimeline        *timeline;          /* rebuilt on demand when dirty */
  gboolean              timeline_dirty;
  GArray               *record_steps;      /* HsvizStep per record, set with the timeline */
  GArray               *traffic_keys;      /* key and IV per traffic secret (hsviz-connection-keys.c) */
  HsvizTls12KeyBlock   *tls12_key_block;   /* the last TLS 1.2 key block derived (the same file) */
  GArray               *plains;            /* what kept records decrypted to (hsviz-connection-plain.c) */

  /* trust (hsviz-connection-trust.c) */
  HsvizChainPath        chain_path;        /* built at capture, saved */
  GPtrArray            *cert_checks;       /* HsvizCertCheck, derived */
  GPtrArray            *chain_problems;    /* HsvizChainProblem, derived */
  HsvizDiagnosis       *diagnosis;         /* derived, NULL when completed */
};

/* hsviz-connection.c: called by the session that takes the connection (not owned) */
void _hsviz_connection_set_session (HsvizConnection *self,
                                    HsvizSession    *session,
                                    guint            index);

/* hsviz-connection-derive.c */
HsvizParseContext _hsviz_connection_current_context (HsvizConnection *self);
/* @full: recompute everything (records included); else only what the last added message
 * changes (and the steps of all messages, which are cheap). */
void              _hsviz_connection_update_derived  (HsvizConnection *self,
                                                  gboolean      full);

/* Any change to the stored facts: the timeline is rebuilt when next asked for. */
void              _hsviz_connection_invalidate_timeline (HsvizConnection *self);
/* hsviz-connection-trust.c: the checks, the chain's problems and the diagnosis, from the
 * certificates, the saved path and the outcome; also fixes verification.time_ok */
void              _hsviz_connection_derive_trust    (HsvizConnection *self);
void              _hsviz_connection_clear_trust     (HsvizConnection *self);

/* hsviz-connection-data.c */
void _hsviz_record_free              (gpointer      data);
void _hsviz_keylog_entry_free        (gpointer      data);
void _hsviz_key_schedule_entry_free  (gpointer      data);
void _hsviz_secrets_clear_keys       (HsvizSecrets *secrets);

/* hsviz-connection.c: what the properties showed when they were last notified; the builder
 * takes it before a change and hands it to _hsviz_connection_emit_updated() after it, which
 * notifies the properties that changed and emits "updated". */
typedef struct
{
  guint16  version;
  guint16  cipher_suite;
  guint16  group;
  HsvizKeyExchange kx;
  gboolean completed;
  gboolean failed;
  guint    n_messages;
  guint    n_records;
  gboolean has_secrets;
} HsvizConnectionShown;

void _hsviz_connection_shown_take   (HsvizConnection            *self,
                                     HsvizConnectionShown       *shown);
void _hsviz_connection_notify_changed (HsvizConnection         *self,
                                       const HsvizConnectionShown *before);
void _hsviz_connection_emit_updated (HsvizConnection            *self,
                                     const HsvizConnectionShown *before);

G_END_DECLS
