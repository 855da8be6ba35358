/* hsviz-key-schedule-private.h — shared by hsviz-key-schedule.c and hsviz-key-schedule-tls13.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-key-schedule.h"
#include "hsviz-tables.h"

G_BEGIN_DECLS

#define HSVIZ_KS_MAX_HASH 64

typedef struct
{
  char    *name;
  char    *formula;
  char    *value;
  gboolean verified;
  char    *note;
} HsvizKsEntry;

typedef struct
{
  HsvizConnection              *session;
  const HsvizSecrets        *secrets;
  guint16                    version;
  guint16                    suite;
  const HsvizCipherSuite    *cs;
  gnutls_mac_algorithm_t     mac;      /* PRF / HKDF hash */
  gsize                      hlen;
  GPtrArray                 *entries;  /* of HsvizKsEntry, flushed to the session at the end */
  int                        hrr;      /* index of the HelloRetryRequest, or -1 */
  HsvizConnection           *original; /* a resumed connection: the one it resumed, or NULL */
  guint8                     early_secret[HSVIZ_KS_MAX_HASH];   /* TLS 1.3 resumption, when */
  gboolean                   has_early_secret;                  /* computed from the PSK */
  /* the transcript hash so far (hsviz_ks_transcript_hash): messages [0, running_end), and
   * whether ClientHello1 was replaced by message_hash (running_mh) in it */
  gnutls_hash_hd_t           running;
  guint                      running_end;
  gboolean                   running_hrr;
  guint8                     running_mh[4 + HSVIZ_KS_MAX_HASH];
} HsvizKsCtx;

/* Adds an entry (taking @note) to the list flushed to the session at the end; @value NULL: "". */
HsvizKsEntry *hsviz_ks_entry_add            (HsvizKsCtx     *ctx,
                                             const char     *name,
                                             const char     *formula,
                                             const guint8   *value,
                                             gsize           value_len,
                                             gboolean        verified,
                                             char           *note);
GBytes       *hsviz_ks_message_bytes        (HsvizKsCtx     *ctx,
                                             guint           index);
/* The first message of @type from @dir at or after @from (never the HRR), or -1. */
int           hsviz_ks_find_message         (HsvizKsCtx     *ctx,
                                             HsvizDirection  dir,
                                             guint8          type,
                                             guint           from);
gboolean      hsviz_ks_bytes_equal          (const guint8   *data,
                                             gsize           len,
                                             GBytes         *bytes);
/* hsviz-key-schedule-early.c: TLS 1.3 0-RTT: client_early_traffic_secret, client_early_key
 * and client_early_iv, checked by decrypting the records they protected; returns which records
 * those are (one per record, g_free it), for the handshake-key check to skip. */
gboolean     *hsviz_ks_compute_tls13_early  (HsvizKsCtx     *ctx,
                                             gsize           key_len);
/* The secret of the key log line @label for the session's client_random, or NULL. */
GBytes       *hsviz_ks_keylog_secret        (HsvizKsCtx     *ctx,
                                             const char     *label);
/* Transcript-Hash of messages [0, @end), with the TLS 1.3 HelloRetryRequest rule; the
 * message_hash (4 + hlen bytes) is stored in @message_hash when given and used.  One running
 * hash per computation: each message is hashed once while @end grows from call to call. */
gboolean      hsviz_ks_transcript_hash      (HsvizKsCtx     *ctx,
                                             guint           end,
                                             guint8         *out,
                                             guint8         *message_hash);
/* Frees the running transcript hash. */
void          hsviz_ks_transcript_clear     (gnutls_hash_hd_t running);
char         *hsviz_ks_describe_transcript  (HsvizKsCtx     *ctx,
                                             guint           end);
/* Decrypts record @index with @key/@iv at @seq (CBC when @mac_key is given) and adds
 * "client/server_first_record". */
void          hsviz_ks_add_first_record     (HsvizKsCtx     *ctx,
                                             HsvizDirection  dir,
                                             int             index,
                                             guint64         seq,
                                             const guint8   *mac_key,
                                             gsize           mac_key_len,
                                             const guint8   *key,
                                             gsize           key_len,
                                             const guint8   *iv,
                                             gsize           iv_len,
                                             int             after_message);
/* Adds a key entry, verified when equal to @used (the record layer's), or, when the session did
 * not store it, when an independent check (@check_ok, described by @check_note) passed; clears
 * @all_ok if not verified. */
void          hsviz_ks_add_key_entry        (HsvizKsCtx     *ctx,
                                             const char     *name,
                                             const char     *formula,
                                             const guint8   *value,
                                             gsize           len,
                                             GBytes         *used,
                                             gboolean        check_ok,
                                             const char     *check_note,
                                             gboolean       *all_ok);
void          hsviz_ks_compute_tls13        (HsvizKsCtx     *ctx);
/* hsviz-key-schedule-resume.c: a resumed TLS 1.3 connection's PSK chain (psk_identity,
 * resumption_master_secret, psk, early_secret, binder_key, binder_finished_key, psk_binder). */
void          hsviz_ks_compute_resumption_tls13 (HsvizKsCtx *ctx);
/* hsviz-key-schedule-psk-ke.c: a TLS 1.3 resumption with psk_ke (no key share): zeros in place
 * of the (EC)DHE shared secret, the handshake secret and the master secret from the early
 * secret, checked against the key log's traffic secrets. */
void          hsviz_ks_compute_psk_ke        (HsvizKsCtx    *ctx);
/* A resumed TLS 1.2 connection: the master secret of the connection it resumed, or NULL. */
GBytes       *hsviz_ks_resumed_master_secret (HsvizKsCtx    *ctx);

G_END_DECLS
