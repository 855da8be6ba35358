/* hsviz-import.h — every TLS connection in a pcap or pcapng capture
 *
 * The capture is read one frame at a time (hsviz-pcap-reader.c); each TCP connection's two
 * directions are put back in order (hsviz-tcp-stream.c); a connection whose client starts with
 * a TLS ClientHello — at once, or after a plain-text STARTTLS exchange — becomes an
 * HsvizConnection (hsviz-import-connection.c); any other connection is dropped after its first
 * 64 KiB, so only TLS streams are kept.  Connections are finished on worker threads
 * (HsvizImportOptions) and handed over in order.  The key log comes from the file's Decryption Secrets
 * Blocks (hsviz-pcapng-secrets.c) and/or a key-log file.  A connection is built as soon as its
 * TCP connection closes, so memory stays bounded by the connections open at one time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-session.h"
#include "hsviz-pcap-reader.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray      *connections;    /* of HsvizConnection, in ClientHello order (empty when each
                                     connection was handed to a HsvizImportConnectionFunc) */
  guint           threads;        /* threads that finished connections (1: the importing one) */
  guint           tls_connections;
  guint           keylog_lines;   /* usable key log lines, from both sources */
  gboolean        keylog_in_file; /* the capture carried a TLS key log (DSB) */
  gboolean        keylog_given;   /* a key-log file was given */
  HsvizPcapStats  stats;
  guint           tcp_connections;
  guint           other_connections; /* TCP connections that were not TLS */
  gint64          first_us;       /* capture time of the first TLS connection (µs since the epoch) */
  char           *damaged;        /* why the capture ended before its end (cut short), or NULL */
  HsvizSession   *session;        /* made by hsviz_import_result_get_session(), or NULL */
} HsvizImportResult;

/* @done and @total are bytes of the capture file (@total 0 when unknown). */
typedef void (*HsvizImportProgressFunc) (gint64   done,
                                         gint64   total,
                                         gpointer user_data);

/* Runs on a worker thread once @connection (transfer none) is complete, with its key schedule
 * computed; no other thread touches @connection meanwhile.  Returns what the caller wants made
 * there (e.g. the connection's text), handed to the HsvizImportConnectionFunc with it; it must
 * read nothing else that another thread changes. */
typedef gpointer (*HsvizImportPrepareFunc) (HsvizConnection *connection,
                                            gpointer         user_data);

/* Takes @connection and @prepared (transfer full; @prepared NULL without a prepare function):
 * called on the importing thread, in ClientHello order, each as soon as it and every earlier
 * one is complete, so a caller that writes and drops them imports a capture of any number of
 * connections in the memory of those open (or in the workers) at one time. */
typedef void (*HsvizImportConnectionFunc) (HsvizConnection *connection,
                                           gpointer         prepared,
                                           gpointer         user_data);

/* How an import runs; every member may be 0 / NULL.  Finishing each connection (decrypting
 * what is left, its key schedule, its checks) and @prepare run on a pool of @threads worker
 * threads; the capture is read, its TCP streams put back in order and the connections handed
 * over on the importing thread.  @threads 0: the environment's HSVIZ_IMPORT_THREADS (a number,
 * or "auto": the number of processors), else 1; at most HSVIZ_IMPORT_MAX_THREADS; 1: no workers,
 * everything on the importing thread (the default: see hsviz_import_get_n_threads()).
 * Without @each the connections are kept in the result.  @prepared_free frees what @prepare made
 * for a connection that is not handed over (cancelled, an error).  @drop_prepared: each
 * connection is dropped on its worker once prepared (freed where it was last used) and @each
 * gets NULL instead of it. */
#define HSVIZ_IMPORT_MAX_THREADS 8

typedef struct
{
  HsvizImportProgressFunc   progress;
  HsvizImportPrepareFunc    prepare;
  GDestroyNotify            prepared_free;
  HsvizImportConnectionFunc each;
  gpointer                  user_data;
  guint                     threads;
  gboolean                  drop_prepared;
} HsvizImportOptions;

/* Reads @path; @keylog_path (nullable) adds an NSS key log; @options nullable.  Fails
 * (HSVIZ_ERROR_IO, HSVIZ_ERROR_FILE_INVALID) when the file cannot be read, is not a capture, or
 * holds no TLS handshake; HSVIZ_ERROR_CANCELLED when @cancellable fired.  Returns only once
 * every worker is done with the import. */
HsvizImportResult *hsviz_import_file         (const char               *path,
                                              const char               *keylog_path,
                                              const HsvizImportOptions *options,
                                              GCancellable             *cancellable,
                                              GError                  **error);
/* The same from an open @file (taken; for in-memory input and the fuzzer). */
HsvizImportResult *hsviz_import_stream       (FILE                     *file,
                                              gint64                    size,
                                              const char               *keylog_text,
                                              const HsvizImportOptions *options,
                                              GCancellable             *cancellable,
                                              GError                  **error);
/* The number of worker threads an import with @requested threads (HsvizImportOptions) uses. */
guint              hsviz_import_get_n_threads (guint                   requested);
/* "Imported from a capture: N TLS connections of M TCP connections, …; key log: …": the note
 * of the session the import makes (at the end of a document written with HsvizSessionWriter as
 * the connections came, since it is known only then). */
char              *hsviz_import_result_dup_note (HsvizImportResult     *result);
/* TRUE when @file starts like a pcap or pcapng capture (its magic number). */
gboolean           hsviz_import_is_capture      (GFile                 *file);
/* For a list to pick from: "127.0.0.1:40000 → 127.0.0.1:443" (the connection's
 * addresses; the target's otherwise) and "example.org · TLS 1.3 · TLS_AES_128_GCM_SHA256 ·
 * X25519 · completed" (or the error), with " · resumed 3" when it resumed connection 3. */
char              *hsviz_import_dup_connection_title       (HsvizConnection *connection);
char              *hsviz_import_dup_connection_description (HsvizConnection *connection);
/* The imported connections as one session (made on the first call; transfer none): the
 * import's note, captured when the first TLS connection started. */
HsvizSession      *hsviz_import_result_get_session (HsvizImportResult  *result);
void               hsviz_import_result_free  (HsvizImportResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizImportResult, hsviz_import_result_free)

G_END_DECLS
