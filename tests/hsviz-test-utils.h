/* hsviz-test-utils.h — shared test helpers: certificates, commands, openssl's view of a
 * certificate, key logs, sessions; the real peers on 127.0.0.1 in hsviz-test-peer.h (included)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz.h"
#include "hsviz-session-builder.h"
#include "hsviz-test-peer.h"

G_BEGIN_DECLS

/* --- Certificates (tests/gen-certs.sh) ------------------------------------------------------ */

/* The directory with the test certificates, generated on first use by tests/gen-certs.sh into
 * $HSVIZ_TEST_CERTS (set by tests/meson.build), or a per-user temp dir when that is unset.
 * Files (see the top of gen-certs.sh): ca.pem/key, rsa.pem/key (serial 1000), ec.pem/key (1001),
 * wrong.pem/key (1002, CN=wrong.example), expired.pem/key (1003), future.pem/key (1004),
 * revoked.pem/key (1005, revoked), ed25519.pem/key (1006), selfsigned.pem/key, rsa-chain.pem,
 * ec-chain.pem, ca.der, rsa.der, ec.der, index.txt, ocsp-rsa.der (good), ocsp-revoked.der
 * (revoked).  Leaves are for localhost + 127.0.0.1 with AIA http://127.0.0.1:8888/ocsp.
 * Aborts the test on failure. */
const char *hsviz_test_certs_dir      (void);
/* certs_dir/@name (transfer full). */
char       *hsviz_test_cert_path      (const char *name);
/* The DER bytes of the first certificate in the PEM (or DER) file @name in the certs dir. */
GBytes     *hsviz_test_cert_der       (const char *name);

/* --- Sessions ------------------------------------------------------------------------------- */

/* data/samples/@name, loaded (asserts it loads). */
HsvizSession    *hsviz_test_load_sample     (const char      *name);
/* The first connection of @session (a new reference), releasing @session (transfer full,
 * nullable: NULL gives NULL).  The connection keeps every fact of its own. */
HsvizConnection *hsviz_test_first_connection (HsvizSession  *session);
/* hsviz_capture_run_sync(), then its first connection (NULL when nothing was captured). */
HsvizConnection *hsviz_test_capture_connection (HsvizCapture  *capture,
                                                GCancellable  *cancellable,
                                                GError       **error);
/* hsviz_capture_new (@options), which clears @options, then hsviz_test_capture_connection ():
 * NULL with @error set when the options are refused or nothing was captured. */
HsvizConnection *hsviz_test_capture_options (HsvizCaptureOptions  *options,
                                             GError              **error);
/* Sets what every capture of a test peer shares: the url "https://127.0.0.1:PORT/", the
 * servername "localhost" and the test CA (ca.pem) as cafile. */
void             hsviz_test_capture_options_for_peer (HsvizCaptureOptions *options,
                                                      HsvizTestPeer       *peer);
/* The session holding @connection (a new reference), or, for a connection a test built or
 * took out of its session, a new session holding it alone (captured now). */
HsvizSession    *hsviz_test_session_of      (HsvizConnection *connection);
/* @connection's session written as a session file and read back: the same connection, reloaded
 * (a new reference), or NULL with @error set. */
HsvizConnection *hsviz_test_reload          (HsvizConnection *connection,
                                             gboolean         with_secrets,
                                             GError         **error);
/* connections[0] of a session document of format version 2 (a new reference). */
JsonObject      *hsviz_test_json_first_connection (JsonObject *root);
/* The JSON object of @connection as its session file holds it (a new node). */
JsonNode        *hsviz_test_connection_to_json (HsvizConnection *connection,
                                                gboolean         with_secrets);

/* --- Temporary folders ---------------------------------------------------------------------- */

/* A new folder from g_dir_make_tmp (@tmpl, "hsviz-…-XXXXXX"); asserts it was made. (transfer full) */
char       *hsviz_test_make_temp_dir     (const char *tmpl);
/* Removes @path and everything below it (read-only folders too). */
void        hsviz_test_remove_dir        (const char *path);
/* How many entries @dir holds (0 when it cannot be read). */
guint       hsviz_test_count_dir_entries (const char *dir);

/* --- Running commands ------------------------------------------------------------------------ */

/* Runs @argv (argv[0] looked up in PATH) with @input on its stdin (from a file, so a child that
 * does not read it is fine; NULL: /dev/null), waits at most
 * @timeout_ms (then kills it and fails with G_IO_ERROR_TIMED_OUT).  Returns its stdout (never NULL
 * on success), stores its stderr in @stderr_out and its wait status in @exit_status when given.
 * A non-zero exit is not an error: check @exit_status. */
char       *hsviz_test_run            (const char * const *argv,
                                       const char         *input,
                                       guint               timeout_ms,
                                       int                *exit_status,
                                       char              **stderr_out,
                                       GError            **error);
/* Runs $HSVIZ_CLI with @args (NULL-terminated), asserts it exited within 60 s; returns stdout,
 * stores the exit status and (when @err is given) stderr. */
char       *hsviz_test_run_cli        (const char * const *args,
                                       int                *status,
                                       char              **err);
/* Shortcut: runs @argv, asserts it exited 0 within 30 s, returns stdout. */
char       *hsviz_test_run_check      (const char * const *argv);
/* A GSubprocessLauncher child setup: the child gets SIGKILL when the test process dies. */
void        hsviz_test_die_with_parent (gpointer user_data);
/* TRUE when @program is in PATH. */
gboolean    hsviz_test_have_program   (const char *program);
/* Lower-case hex without separators, from "AB:CD:..." or "abcd". (transfer full) */
char       *hsviz_test_normalize_hex  (const char *text);
char       *hsviz_test_bytes_to_hex   (const guint8 *data,
                                       gsize         len);

/* --- openssl's view of a certificate --------------------------------------------------------- */

/* Runs `openssl x509 -in @path -noout ... -nameopt RFC2253` and returns a table (string → string)
 * with the keys:
 *   "subject", "issuer"         RFC 2253 text ("CN=localhost,O=Test Lab,C=DE")
 *   "serial"                    lower-case hex, no leading zeros beyond one byte
 *   "not_before", "not_after"   Unix time as a decimal string
 *   "sha256", "sha1"            lower-case hex fingerprints, no colons
 *   "san"                       "DNS:localhost, IP:127.0.0.1" (openssl's "IP Address:" shortened
 *                               to "IP:"); absent when the certificate has no SAN
 *   "key_bits"                  "2048", "256"
 *   "key_algorithm"             "rsaEncryption", "id-ecPublicKey"
 *   "curve"                     "P-256" (NIST name) for EC keys
 *   "signature_algorithm"       "sha256WithRSAEncryption", "ecdsa-with-SHA256"
 *   "ocsp", "ca_issuers"        AIA URLs, when present
 *   "is_ca"                     "TRUE" / "FALSE" (basicConstraints; "FALSE" when absent)
 * Aborts the test when openssl fails. */
GHashTable *hsviz_test_openssl_x509   (const char *path);

/* --- Key logs -------------------------------------------------------------------------------- */

typedef struct
{
  char *label;          /* "CLIENT_RANDOM", "SERVER_HANDSHAKE_TRAFFIC_SECRET", ... */
  char *client_random;  /* lower-case hex (64 digits); for openssl's "RSA" lines the first
                         * 8 bytes of the encrypted pre-master secret (16 digits) */
  char *secret;         /* lower-case hex; for "RSA" lines the pre-master secret */
} HsvizTestKeylogEntry;

/* Parses an NSS key log file ("LABEL <client_random hex> <secret hex>" lines; comments and
 * malformed lines are skipped).  A missing file gives an empty array. (transfer full) */
GPtrArray     *hsviz_test_read_keylog_file    (const char *path);
/* The entry with @label and @client_random_hex (any case), or NULL. (transfer none) */
const HsvizTestKeylogEntry *
               hsviz_test_keylog_find         (GPtrArray  *entries,
                                               const char *label,
                                               const char *client_random_hex);

G_END_DECLS
