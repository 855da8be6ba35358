/* hsviz-connection-builder.h — how a connection is filled: the capture engine, the session-file
 * loader and the tests' own fixtures
 *
 * PRIVATE to the core and its tests: views (src/gui, src/cli) read a connection through
 * hsviz-connection.h and never change it.  Every door into a session (a live capture, a
 * reopened file) stores the raw facts with these calls and ends with
 * hsviz_connection_complete(), which derives every parsed fact from the stored bytes.
 * Each call that changes what views show emits "updated" (add_message: "items-changed").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (HSVIZ_COMPILATION) && !defined (HSVIZ_BUILDER_ACCESS)
#error "This header is private to the core, its tests, fuzzers and benchmarks: views read hsviz-session.h and hsviz-connection.h"
#endif

#include <gnutls/gnutls.h>

#include "hsviz-connection.h"
#include "hsviz-tls-crypto.h"

G_BEGIN_DECLS

HsvizConnection   *hsviz_connection_new                   (void);

void               hsviz_connection_set_target            (HsvizConnection            *self,
                                                           const HsvizTarget          *target);
/* The bytes of application data sent as TLS 1.3 early data (0-RTT) */
void               hsviz_connection_set_early_data_bytes  (HsvizConnection            *self,
                                                           guint64                     bytes);
/* Where it came from ("capture" or "import") and whether it resumed an earlier connection of the
 * session (@resumed_from: its index, or -1 when that connection is not in the session). */
void               hsviz_connection_set_provenance        (HsvizConnection            *self,
                                                           const char                 *source,
                                                           gboolean                    resumed,
                                                           int                         resumed_from);
/* The client's and the server's socket address ("ip:port", "[ip]:port"); both or none. */
void               hsviz_connection_set_addresses         (HsvizConnection            *self,
                                                           const char                 *client,
                                                           const char                 *server);
/* When it started, µs since the epoch (hsviz_connection_get_started_at); 0: not known. */
void               hsviz_connection_set_started_at        (HsvizConnection            *self,
                                                           gint64                      started_at_us);
/* What the source says about this connection alone (an import's decoding notes), or NULL. */
void               hsviz_connection_set_note              (HsvizConnection            *self,
                                                           const char                 *note);
/* Certificates are read through @cache (hsviz_certificate_cache_new(); nullable), shared by
 * the connections of one import. */
void               hsviz_connection_set_certificate_cache (HsvizConnection            *self,
                                                           GHashTable                 *cache);
/* A TLS 1.3 traffic secret's key (@key_len bytes) and 12-byte IV (RFC 8446 §7.3), derived once
 * per connection and secret (hsviz-connection-keys.c): the importer, the key schedule and the
 * timeline ask for the same ones.  FALSE when HKDF fails. */
gboolean           _hsviz_connection_traffic_keys         (HsvizConnection            *self,
                                                           gnutls_mac_algorithm_t      mac,
                                                           const guint8               *secret,
                                                           gsize                       secret_len,
                                                           guint8                     *key,
                                                           gsize                       key_len,
                                                           guint8                      iv[12]);
/* A TLS 1.2 key_block of @len bytes (RFC 5246 §6.3: PRF (master secret, "key expansion",
 * server_random + client_random)), derived once per connection (hsviz-connection-keys.c): the
 * importer (each direction) and the key schedule ask for the same one.  FALSE when the PRF fails. */
gboolean           _hsviz_connection_tls12_key_block      (HsvizConnection            *self,
                                                           gnutls_mac_algorithm_t      mac,
                                                           const guint8               *master_secret,
                                                           gsize                       master_secret_len,
                                                           const guint8               *client_random,
                                                           const guint8               *server_random,
                                                           guint8                     *key_block,
                                                           gsize                       len);
/* Forgets (and wipes) what the two functions above kept. */
void               _hsviz_connection_clear_traffic_keys   (HsvizConnection            *self);
/* With what a record is decrypted: protocol version, cipher suite, keys (@mac_key only for
 * CBC suites) and sequence number. */
typedef struct
{
  guint16       version;
  guint16       suite;
  const guint8 *mac_key;
  gsize         mac_key_len;
  const guint8 *key;
  gsize         key_len;
  const guint8 *iv;
  gsize         iv_len;
  guint64       seq;
} HsvizRecordKeys;
/* What a decrypted record's plaintext is, as the timeline reads it. */
typedef struct
{
  guint8 content_type;   /* TLS 1.3: the inner content type */
  gsize  length;         /* of the plaintext */
  guint8 alert[2];       /* the plaintext, when it is two bytes long (an alert) */
} HsvizRecordPlain;
/* The importer tells what the kept record @index (its bytes @record) decrypted to with @keys;
 * the timeline recalls it when it would decrypt that record with the same @keys (FALSE: not
 * known, decrypt it).  hsviz-connection-plain.c. */
void               _hsviz_connection_remember_plain       (HsvizConnection            *self,
                                                           guint                       index,
                                                           GBytes                     *record,
                                                           const HsvizRecordKeys      *keys,
                                                           const HsvizDecryptedRecord *dec);
gboolean           _hsviz_connection_recall_plain         (HsvizConnection            *self,
                                                           guint                       index,
                                                           const HsvizRecordKeys      *keys,
                                                           HsvizRecordPlain           *plain);
/* Forgets (and wipes) what was remembered. */
void               _hsviz_connection_clear_plains         (HsvizConnection            *self);
void               hsviz_connection_set_settings          (HsvizConnection            *self,
                                                           const char                 *priority,
                                                           const char                 *preset,
                                                           const char                 *cafile);
HsvizMessage      *hsviz_connection_add_message           (HsvizConnection            *self,
                                                           HsvizDirection              direction,
                                                           gint64                      time_us,
                                                           GBytes                     *bytes);
const HsvizRecord *hsviz_connection_add_record            (HsvizConnection            *self,
                                                           HsvizDirection              direction,
                                                           gint64                      time_us,
                                                           GBytes                     *bytes);
void               hsviz_connection_add_keylog            (HsvizConnection            *self,
                                                           const char                 *label,
                                                           const char                 *client_random_hex,
                                                           const char                 *secret_hex,
                                                           gint64                      time_us);
/* The last key-log entry's place among the messages, as saved. */
void               hsviz_connection_set_last_keylog_position (HsvizConnection         *self,
                                                              guint                    after_message);
void               hsviz_connection_set_verification      (HsvizConnection            *self,
                                                           const HsvizVerification    *v);
void               hsviz_connection_set_timings           (HsvizConnection            *self,
                                                           const HsvizTimings         *t);
void               hsviz_connection_set_application_data  (HsvizConnection            *self,
                                                           const HsvizApplicationData *a);
/* Takes the key material the record layer really used (NULL for absent parts). */
void               hsviz_connection_set_record_keys       (HsvizConnection            *self,
                                                           GBytes                     *master_secret,
                                                           GBytes                     *client_write_key,
                                                           GBytes                     *server_write_key,
                                                           GBytes                     *client_write_iv,
                                                           GBytes                     *server_write_iv,
                                                           GBytes                     *client_write_mac_key,
                                                           GBytes                     *server_write_mac_key);
void               hsviz_connection_set_pre_master_secret (HsvizConnection            *self,
                                                           GBytes                     *pms);
/* TLS 1.3: the secret a later connection resumes this one with (hsviz-key-schedule.h). */
void               hsviz_connection_set_resumption_master_secret (HsvizConnection     *self,
                                                                  GBytes              *secret);
void               hsviz_connection_add_key_schedule      (HsvizConnection            *self,
                                                           const char                 *name,
                                                           const char                 *formula,
                                                           const char                 *value_hex,
                                                           gboolean                    verified,
                                                           const char                 *note);
/* The same, taking the strings (the key schedule hands over the ones it made). */
void               _hsviz_connection_take_key_schedule    (HsvizConnection            *self,
                                                           char                       *name,
                                                           char                       *formula,
                                                           char                       *value_hex,
                                                           gboolean                    verified,
                                                           char                       *note);
void               hsviz_connection_clear_key_schedule    (HsvizConnection            *self);
void               hsviz_connection_set_revocation        (HsvizConnection            *self,
                                                           const HsvizRevocation      *r);
/* The path from the leaf to a trust anchor, built at capture where the store is. */
void               hsviz_connection_set_chain_path        (HsvizConnection            *self,
                                                           const HsvizChainPath       *path);
void               hsviz_connection_set_outcome           (HsvizConnection            *self,
                                                           const HsvizOutcome         *o);
/* STARTTLS: the protocol ("smtp", "imap", ...; NULL: none) and what was said in clear */
void               hsviz_connection_set_starttls          (HsvizConnection            *self,
                                                           const char                 *protocol);
void               hsviz_connection_add_cleartext         (HsvizConnection            *self,
                                                           HsvizDirection              direction,
                                                           gint64                      time_us,
                                                           const char                 *text);
/* The client certificate configured for the capture (its DER; never the key), NULL: none */
void               hsviz_connection_set_client_certificate (HsvizConnection           *self,
                                                            GBytes                    *der);
/* Drop every secret (keylog, master secret, keys, key schedule values). */
void               hsviz_connection_strip_secrets         (HsvizConnection            *self);
/* A file saved without secrets says so. */
void               hsviz_connection_mark_secrets_stripped (HsvizConnection            *self);
/* Derive all parsed facts from the bytes and re-assign steps.  Idempotent. */
void               hsviz_connection_complete              (HsvizConnection            *self);

G_END_DECLS
