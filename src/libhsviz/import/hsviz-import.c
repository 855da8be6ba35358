/* hsviz-import.c — every TLS connection in a pcap or pcapng capture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hsviz-certificate.h"
#include "hsviz-error.h"
#include "hsviz-import.h"
#include "hsviz-import-connection.h"
#include "hsviz-key-schedule.h"
#include "hsviz-keylog.h"
#include "hsviz-session-builder.h"
#include "hsviz-session-file.h"
#include "hsviz-pcapng-secrets.h"
#include "hsviz-tcp-stream.h"
#include "hsviz-util.h"

#define MAX_PENDING      (1024 * 1024)   /* out-of-order bytes waiting, per direction */
#define WATCH_MAX        (64 * 1024)     /* plain-text bytes looked at for a STARTTLS upgrade */
#define TEXT_MAX         4096            /* of them, kept to describe the exchange */
#define SWEEP_EVERY      4096            /* frames between two looks for connections that ended */
/* Connections given to the workers and not finished yet, at most: about as many as one sweep
 * finds ended (4096 frames of short connections), so the reader goes on reading while the
 * workers finish a sweep's connections, and memory stays bounded when they are slower. */
#define MAX_IN_WORK      256

typedef enum
{
  FLOW_UNDECIDED,
  FLOW_TLS,
  FLOW_OTHER,
} FlowState;

typedef struct
{
  HsvizIpAddress addr[2];
  guint16        port[2];
} FlowKey;

typedef struct
{
  int     index;        /* the side that sent it */
  gint64  time_us;
  GBytes *bytes;
} Clear;

static void
clear_free (gpointer data)
{
  Clear *c = data;

  g_bytes_unref (c->bytes);
  g_free (c);
}

typedef struct _Flow Flow;
typedef struct _Import Import;

typedef struct
{
  Flow *flow;
  int   index;
} FlowSide;

struct _Flow
{
  FlowKey                key;          /* [0]: the side that sent the first segment seen */
  Import                *import;
  FlowSide               sides[2];
  HsvizTcpStream        *tcp[2];
  FlowState              state;
  int                    client;       /* index of the TLS client, once known */
  guint                  tls_index;    /* order of the ClientHellos among the TLS connections */
  HsvizImportConnection *conn;
  GString               *text;
  GPtrArray             *clear;        /* of Clear: the plain text before a STARTTLS upgrade */
  guint64                watched;
  gint64                 start_us;
  gboolean               fin[2];
  gboolean               rst;
  int                    closer;       /* index of the side whose FIN or RST came first, or -1 */
  gboolean               syn_from_first;
};

/* One TLS connection to finish (and prepare), on a worker or on the importing thread. */
typedef struct
{
  Import                *import;
  guint                  tls_index;
  HsvizImportConnection *conn;         /* freed once finished */
  int                    closed_by;
  GDateTime             *at;
  char                  *note;
  HsvizConnection       *connection;   /* finished; NULL when the import was cancelled first */
  gpointer               prepared;     /* what options->prepare made of it */
} Job;

struct _Import
{
  HsvizKeylog *keylog;    /* read-only while connections are fed and finished */
  GHashTable  *certificates; /* DER → HsvizCertificate, read once per import (thread-safe:
                             * hsviz_certificate_new_from_der_cached) */
  HsvizResumeTable *resume; /* tickets and session ids → the connection that received them
                            * (the reading thread's only) */
  GHashTable  *flows;     /* FlowKey (canonical) → Flow */
  HsvizImportOptions options;
  GPtrArray   *connections;
  guint        n_tls;
  guint        tcp_connections;
  guint        other_connections;
  gint64       first_us;  /* capture time of the first TLS connection's first segment */

  /* the workers (hsviz_import_stream() waits for them before it returns) */
  GThreadPool *pool;      /* NULL: connections are finished on the importing thread */
  GMutex       lock;      /* guards ready and in_work */
  GCond        done;      /* a job left the workers */
  GHashTable  *ready;     /* tls_index → Job finished, waiting for its turn */
  guint        in_work;   /* jobs given to the pool, not yet finished */
  guint        max_in_work; /* the reader waits when that many are (bounded memory) */
  gboolean     reader_waits;
  guint        next_out;  /* tls_index of the next connection to hand over */
  gint         cancelled; /* atomic: jobs not yet started only free themselves */
};

/* ---- flow keys ---- */

static int
endpoint_cmp (const HsvizIpAddress *a,
              guint16               pa,
              const HsvizIpAddress *b,
              guint16               pb)
{
  int c = a->family - b->family;

  if (c == 0)
    c = memcmp (a->bytes, b->bytes, 16);
  if (c == 0)
    c = (int) pa - (int) pb;
  return c;
}

static void
canonical_key (const HsvizTcpSegment *s,
               FlowKey               *key)
{
  memset (key, 0, sizeof *key);
  if (endpoint_cmp (&s->src, s->src_port, &s->dst, s->dst_port) <= 0)
    {
      key->addr[0] = s->src; key->port[0] = s->src_port;
      key->addr[1] = s->dst; key->port[1] = s->dst_port;
    }
  else
    {
      key->addr[0] = s->dst; key->port[0] = s->dst_port;
      key->addr[1] = s->src; key->port[1] = s->src_port;
    }
}

static guint
flow_key_hash (gconstpointer data)
{
  const FlowKey *k = data;
  guint h = k->port[0] * 31u + k->port[1];

  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 16; j++)
      h = h * 33u + k->addr[i].bytes[j];
  return h;
}

static gboolean
flow_key_equal (gconstpointer a,
                gconstpointer b)
{
  return memcmp (a, b, sizeof (FlowKey)) == 0;
}

/* ---- flows ---- */

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  hsviz_tcp_stream_free (flow->tcp[0]);
  hsviz_tcp_stream_free (flow->tcp[1]);
  hsviz_import_connection_free (flow->conn);
  if (flow->text != NULL)
    g_string_free (flow->text, TRUE);
  g_clear_pointer (&flow->clear, g_ptr_array_unref);
  g_free (flow);
}

static gboolean
is_client_hello (const guint8 *data,
                 gsize         len)
{
  return len >= 6 && data[0] == 22 && data[1] == 3 && data[2] <= 4 && data[5] == 1;
}

/* The STARTTLS protocol of a plain-text exchange (docs/session-format.md, "starttls"), by
 * what was said and the port. */
static const char *
starttls_protocol (Flow *flow)
{
  const char *t = flow->text->str;
  guint16 port = flow->key.port[1 - flow->client];

  if (strstr (t, "EHLO") != NULL || strstr (t, "ehlo") != NULL || port == 25 || port == 587)
    return "smtp";
  if (strstr (t, "STLS") != NULL || port == 110)
    return "pop3";
  if (strstr (t, "AUTH TLS") != NULL || port == 21)
    return "ftp";
  if (strstr (t, "<stream:stream") != NULL || port == 5222)
    return "xmpp";
  if (strstr (t, "STARTTLS") != NULL || strstr (t, "* OK") != NULL || port == 143)
    return "imap";
  if (port == 389)
    return "ldap";
  if (port == 5432)
    return "postgres";
  return "unknown";
}

static void
start_tls (Flow *flow,
           int   client)
{
  Import *import = flow->import;
  int server = 1 - client;
  g_autofree char *c = hsviz_ip_address_to_string (&flow->key.addr[client], flow->key.port[client]);
  g_autofree char *s = hsviz_ip_address_to_string (&flow->key.addr[server], flow->key.port[server]);

  flow->state = FLOW_TLS;
  flow->client = client;
  if (import->n_tls == 0 || flow->start_us < import->first_us)
    import->first_us = flow->start_us;
  flow->tls_index = import->n_tls++;
  flow->conn = hsviz_import_connection_new (import->keylog, c, s, &flow->key.addr[server],
                                            flow->key.port[server], flow->start_us);
  hsviz_import_connection_set_certificate_cache (flow->conn, import->certificates);
  hsviz_import_connection_set_resume_table (flow->conn, import->resume, flow->tls_index);
  if (flow->clear->len > 0)
    {
      hsviz_import_connection_set_starttls (flow->conn, starttls_protocol (flow));
      for (guint i = 0; i < flow->clear->len; i++)
        {
          Clear *said = g_ptr_array_index (flow->clear, i);
          gsize len;
          const guint8 *d = g_bytes_get_data (said->bytes, &len);

          hsviz_import_connection_add_cleartext (flow->conn, said->index == client ? HSVIZ_DIRECTION_CLIENT
                                                                                    : HSVIZ_DIRECTION_SERVER,
                                                 d, len, said->time_us);
        }
    }
  g_ptr_array_set_size (flow->clear, 0);
}

static void
tcp_data (gpointer      user_data,
          guint64       offset,
          const guint8 *data,
          gsize         len,
          gint64        time_us)
{
  FlowSide *side = user_data;
  Flow *flow = side->flow;

  if (flow->state == FLOW_UNDECIDED)
    {
      if (is_client_hello (data, len))
        start_tls (flow, side->index);
      else
        {
          flow->watched += len;
          if (flow->text->len < TEXT_MAX)
            {
              Clear *c = g_new0 (Clear, 1);
              gsize keep = MIN (len, TEXT_MAX - flow->text->len);

              c->index = side->index;
              c->time_us = time_us;
              c->bytes = g_bytes_new (data, keep);
              g_ptr_array_add (flow->clear, c);
              g_string_append_len (flow->text, (const char *) data, (gssize) keep);
            }
          if (flow->watched > WATCH_MAX)
            flow->state = FLOW_OTHER;
          return;
        }
    }
  if (flow->state == FLOW_TLS)
    hsviz_import_connection_feed (flow->conn,
                                  side->index == flow->client ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER,
                                  data, len, time_us);
}

static void
tcp_gap (gpointer user_data,
         guint64  offset,
         guint64  missing)
{
  FlowSide *side = user_data;
  Flow *flow = side->flow;

  if (flow->state == FLOW_TLS)
    hsviz_import_connection_gap (flow->conn,
                                 side->index == flow->client ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER,
                                 missing);
  else if (flow->state == FLOW_UNDECIDED)
    flow->state = FLOW_OTHER;   /* never guess where a TLS stream would start after a gap */
}

static const HsvizTcpStreamFuncs tcp_funcs = { tcp_data, tcp_gap };

static Flow *
flow_new (Import                *import,
          const HsvizTcpSegment *s)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->key.addr[0] = s->src;
  flow->key.port[0] = s->src_port;
  flow->key.addr[1] = s->dst;
  flow->key.port[1] = s->dst_port;
  flow->import = import;
  flow->start_us = s->time_us;
  flow->text = g_string_new (NULL);
  flow->closer = -1;
  flow->clear = g_ptr_array_new_with_free_func (clear_free);
  for (int i = 0; i < 2; i++)
    {
      flow->sides[i].flow = flow;
      flow->sides[i].index = i;
      flow->tcp[i] = hsviz_tcp_stream_new (&tcp_funcs, &flow->sides[i], MAX_PENDING);
    }
  import->tcp_connections++;
  return flow;
}

/* ---- finishing connections: the workers ---- */

static void
job_free (gpointer data)
{
  Job *job = data;

  hsviz_import_connection_free (job->conn);
  g_clear_pointer (&job->at, g_date_time_unref);
  g_free (job->note);
  if (job->prepared != NULL && job->import->options.prepared_free != NULL)
    job->import->options.prepared_free (job->prepared);
  g_clear_object (&job->connection);
  g_free (job);
}

/* On a worker, or on the importing thread without workers: the connection is this job's alone
 * (the key log and the certificate cache it reads are safe to share). */
static void
job_run (Job *job)
{
  Import *import = job->import;

  if (g_atomic_int_get (&import->cancelled))
    return;
  job->connection = hsviz_import_connection_finish (job->conn, job->closed_by, job->at, job->note);
  g_clear_pointer (&job->conn, hsviz_import_connection_free);
  if (import->options.prepare != NULL)
    {
      job->prepared = import->options.prepare (job->connection, import->options.user_data);
      if (import->options.drop_prepared)
        g_clear_object (&job->connection);
    }
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  Import *import = user_data;

  HSVIZ_TSAN_ACQUIRE (job);
  job_run (job);
  hsviz_mutex_lock (&import->lock);
  g_hash_table_insert (import->ready, GUINT_TO_POINTER (job->tls_index), job);
  import->in_work--;
  /* the reader goes on once half of the jobs are done, not after each one */
  if (import->reader_waits && import->in_work <= import->max_in_work / 2)
    g_cond_signal (&import->done);
  hsviz_mutex_unlock (&import->lock);
}

/* On the importing thread: the finished connections, in ClientHello order, each as soon as
 * every earlier one is. */
static void
hand_over (Import *import)
{
  Job *job;

  hsviz_mutex_lock (&import->lock);
  while ((job = g_hash_table_lookup (import->ready, GUINT_TO_POINTER (import->next_out))) != NULL)
    {
      g_hash_table_steal (import->ready, GUINT_TO_POINTER (import->next_out));
      import->next_out++;
      hsviz_mutex_unlock (&import->lock);
      if (import->options.each != NULL)
        import->options.each (g_steal_pointer (&job->connection), g_steal_pointer (&job->prepared),
                              import->options.user_data);
      else if (job->connection != NULL)
        g_ptr_array_add (import->connections, g_steal_pointer (&job->connection));
      job_free (job);
      hsviz_mutex_lock (&import->lock);
    }
  hsviz_mutex_unlock (&import->lock);
}

static void
submit (Import *import,
        Job    *job)
{
  if (import->pool == NULL)
    {
      job_run (job);
      g_hash_table_insert (import->ready, GUINT_TO_POINTER (job->tls_index), job);
      hand_over (import);
      return;
    }
  hand_over (import);
  /* back-pressure: at most max_in_work connections are being finished at one time */
  hsviz_mutex_lock (&import->lock);
  while (import->in_work >= import->max_in_work)
    {
      import->reader_waits = TRUE;
      hsviz_cond_wait (&import->done, &import->lock);
      import->reader_waits = FALSE;
    }
  import->in_work++;
  hsviz_mutex_unlock (&import->lock);
  HSVIZ_TSAN_RELEASE (job);
  g_thread_pool_push (import->pool, job, NULL);
}

/* Waits for every job given to the workers (those not started yet only free themselves once
 * the import is cancelled), then stops them. */
static void
stop_workers (Import *import)
{
  if (import->pool == NULL)
    return;
  g_thread_pool_free (g_steal_pointer (&import->pool), FALSE, TRUE);
  /* every job was put in ready under the lock: taking it once orders what the workers wrote
   * before what follows (GLib's wait does too, where ThreadSanitizer cannot see it) */
  hsviz_mutex_lock (&import->lock);
  hsviz_mutex_unlock (&import->lock);
}

/* No workers unless asked for: on the 2-processor machine the bench runs on, an import with
 * two workers took longer than one without (bench/PROFILE.md, "Fifth pass": the workers free and
 * grow what the reading thread allocated, and the two processors do not run two such
 * memory-bound threads at full speed). */
guint
hsviz_import_get_n_threads (guint requested)
{
  const char *env = g_getenv ("HSVIZ_IMPORT_THREADS");
  guint64 n = requested;

  if (n == 0 && env != NULL)
    {
      if (g_ascii_strcasecmp (env, "auto") == 0)
        n = g_get_num_processors ();
      else if (!g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT, &n, NULL))
        n = 0;
    }
  return (guint) CLAMP (n, 1, HSVIZ_IMPORT_MAX_THREADS);
}

/* Hands on what is still waiting and builds the connection, if it was TLS. */
static void
flow_finish (Import *import,
             Flow   *flow)
{
  for (int i = 0; i < 2; i++)
    hsviz_tcp_stream_finish (flow->tcp[i]);
  if (flow->state == FLOW_TLS)
    {
      Job *job = g_new0 (Job, 1);
      g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (flow->start_us / G_USEC_PER_SEC);
      const HsvizTcpStreamStats *cs = hsviz_tcp_stream_get_stats (flow->tcp[flow->client]);
      const HsvizTcpStreamStats *ss = hsviz_tcp_stream_get_stats (flow->tcp[1 - flow->client]);
      g_autoptr(GString) tcp = g_string_new (NULL);

      if (!cs->saw_syn || !ss->saw_syn)
        g_string_append (tcp, _("the capture started after the TCP handshake"));
      if (cs->retransmitted + ss->retransmitted > 0)
        g_string_append_printf (tcp, "%s%" G_GUINT64_FORMAT " %s", tcp->len > 0 ? "; " : "",
                                cs->retransmitted + ss->retransmitted, _("bytes retransmitted (first copy kept)"));
      if (cs->overlapping + ss->overlapping > 0)
        g_string_append_printf (tcp, "%s%" G_GUINT64_FORMAT " %s", tcp->len > 0 ? "; " : "",
                                cs->overlapping + ss->overlapping, _("bytes of overlapping segments (first copy kept)"));
      job->import = import;
      job->tls_index = flow->tls_index;
      job->conn = g_steal_pointer (&flow->conn);
      job->closed_by = flow->closer < 0 ? -1
                       : flow->closer == flow->client ? HSVIZ_DIRECTION_CLIENT
                       : HSVIZ_DIRECTION_SERVER;
      job->at = g_date_time_add (epoch, flow->start_us % G_USEC_PER_SEC);
      job->note = tcp->len > 0 ? g_strdup (tcp->str) : NULL;
      submit (import, job);
    }
  else
    import->other_connections++;
}

static void
add_segment (Import                *import,
             const HsvizTcpSegment *s)
{
  FlowKey key;
  Flow *flow;
  int i;

  canonical_key (s, &key);
  flow = g_hash_table_lookup (import->flows, &key);
  /* a new SYN on a closed pair of ports is a new connection */
  if (flow != NULL && (s->flags & (HSVIZ_TCP_SYN | HSVIZ_TCP_ACK)) == HSVIZ_TCP_SYN &&
      (flow->fin[0] || flow->fin[1] || flow->rst))
    {
      flow_finish (import, flow);
      g_hash_table_remove (import->flows, &key);
      flow = NULL;
    }
  if (flow == NULL)
    {
      FlowKey *stored;

      flow = flow_new (import, s);
      stored = g_memdup2 (&key, sizeof key);
      g_hash_table_insert (import->flows, stored, flow);
    }
  i = endpoint_cmp (&s->src, s->src_port, &flow->key.addr[0], flow->key.port[0]) == 0 ? 0 : 1;
  if ((s->flags & (HSVIZ_TCP_FIN | HSVIZ_TCP_RST)) && flow->closer < 0)
    flow->closer = i;
  if (s->flags & HSVIZ_TCP_FIN)
    flow->fin[i] = TRUE;
  if (s->flags & HSVIZ_TCP_RST)
    flow->rst = TRUE;
  if (flow->state != FLOW_OTHER)
    hsviz_tcp_stream_add (flow->tcp[i], s);
  if (flow->state == FLOW_OTHER && flow->tcp[0] != NULL)
    {
      /* not TLS: nothing more is kept for it */
      g_clear_pointer (&flow->tcp[0], hsviz_tcp_stream_free);
      g_clear_pointer (&flow->tcp[1], hsviz_tcp_stream_free);
      g_string_truncate (flow->text, 0);
      g_ptr_array_set_size (flow->clear, 0);
    }
}

static gboolean
finish_closed (gpointer key,
               gpointer value,
               gpointer user_data)
{
  Flow *flow = value;

  if (!((flow->fin[0] && flow->fin[1]) || flow->rst))
    return FALSE;
  if (flow->tcp[0] != NULL)
    flow_finish (user_data, flow);
  else
    ((Import *) user_data)->other_connections++;
  return TRUE;
}

static gboolean
finish_any (gpointer key,
            gpointer value,
            gpointer user_data)
{
  Flow *flow = value;

  if (flow->tcp[0] != NULL)
    flow_finish (user_data, flow);
  else
    ((Import *) user_data)->other_connections++;
  return TRUE;
}

void
hsviz_import_result_free (HsvizImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->connections, g_ptr_array_unref);
  g_clear_object (&result->session);
  g_free (result->damaged);
  g_free (result);
}

HsvizSession *
hsviz_import_result_get_session (HsvizImportResult *result)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *note = NULL;

  if (result->session != NULL)
    return result->session;
  /* captured when the capture saw its first TLS connection start */
  if (result->first_us > 0)
    {
      g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (result->first_us / G_USEC_PER_SEC);

      now = g_date_time_add (epoch, result->first_us % G_USEC_PER_SEC);
    }
  else
    now = g_date_time_new_now_utc ();
  note = hsviz_import_result_dup_note (result);
  result->session = hsviz_session_new ();
  hsviz_session_set_captured_at (result->session, now);
  hsviz_session_set_note (result->session, note);
  for (guint i = 0; i < result->connections->len; i++)
    {
      HsvizConnection *c = g_ptr_array_index (result->connections, i);

      hsviz_session_add_connection (result->session, c);
      /* a resumed connection's key schedule again, now with the one it resumed at hand */
      if (hsviz_connection_get_resumed_from (c) >= 0)
        hsviz_key_schedule_compute (c);
    }
  return result->session;
}

char *
hsviz_import_result_dup_note (HsvizImportResult *result)
{
  return g_strdup_printf (_("Imported from a capture: %u TLS connections of %u TCP connections, "
                            "%" PRIu64 " frames; key log: %s%s%s"),
                          result->tls_connections, result->tcp_connections, result->stats.frames,
                          result->keylog_in_file && result->keylog_given ? _("the capture's and the given file")
                          : result->keylog_in_file ? _("the capture's Decryption Secrets Block")
                          : result->keylog_given ? _("the given file") : _("none"),
                          result->damaged != NULL ? "; " : "", result->damaged != NULL ? result->damaged : "");
}

HsvizImportResult *
hsviz_import_stream (FILE                     *file,
                     gint64                    size,
                     const char               *keylog_text,
                     const HsvizImportOptions *options,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_autoptr(HsvizImportResult) result = g_new0 (HsvizImportResult, 1);
  g_autoptr(GString) secrets = g_string_new (NULL);
  g_autoptr(HsvizPcapReader) reader = NULL;
  g_autoptr(HsvizKeylog) keylog = hsviz_keylog_new ();
  Import import = { 0 };
  HsvizTcpSegment segment;
  g_autoptr(GError) damage = NULL;
  guint64 n = 0;
  int ret;

  if (!hsviz_pcapng_read_tls_secrets (file, secrets, error))
    {
      fclose (file);
      return NULL;
    }
  rewind (file);
  reader = hsviz_pcap_reader_open_file (file, error);
  if (reader == NULL)
    return NULL;
  result->keylog_in_file = hsviz_keylog_add_text (keylog, secrets->str, secrets->len) > 0;
  if (keylog_text != NULL)
    {
      result->keylog_given = TRUE;
      hsviz_keylog_add_text (keylog, keylog_text, strlen (keylog_text));
    }
  result->keylog_lines = hsviz_keylog_get_n_lines (keylog);

  import.keylog = result->keylog_lines > 0 ? keylog : NULL;
  import.certificates = hsviz_certificate_cache_new ();
  import.resume = hsviz_resume_table_new ();
  import.flows = g_hash_table_new_full (flow_key_hash, flow_key_equal, g_free, flow_free);
  import.ready = g_hash_table_new_full (NULL, NULL, NULL, job_free);
  if (options != NULL)
    import.options = *options;
  import.connections = result->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&import.lock);
  g_cond_init (&import.done);
  result->threads = hsviz_import_get_n_threads (import.options.threads);
  if (result->threads > 1)
    {
      /* exclusive: the threads are the import's, and end with it */
      import.pool = g_thread_pool_new (worker_cb, &import, (int) result->threads, TRUE, NULL);
      import.max_in_work = MAX_IN_WORK;
    }
  if (import.pool == NULL)
    result->threads = 1;

  while ((ret = hsviz_pcap_reader_next (reader, &segment, &damage)) == 1)
    {
      add_segment (&import, &segment);
      if (++n % SWEEP_EVERY == 0)
        {
          g_hash_table_foreach_remove (import.flows, finish_closed, &import);
          if (import.options.progress != NULL)
            import.options.progress (hsviz_pcap_reader_get_offset (reader), size, import.options.user_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ret = -1;
              break;
            }
        }
    }
  /* a capture cut short (dumpcap stopped hard, a partial copy) ends at its last whole frame */
  if (ret < 0 && damage != NULL)
    {
      result->damaged = g_strdup (damage->message);
      ret = 0;
    }
  if (ret == 0)
    g_hash_table_foreach_remove (import.flows, finish_any, &import);
  else
    g_atomic_int_set (&import.cancelled, TRUE);
  stop_workers (&import);
  if (ret == 0)
    hand_over (&import);
  g_hash_table_unref (import.flows);

  g_hash_table_unref (import.ready);
  g_hash_table_unref (import.certificates);
  g_mutex_clear (&import.lock);
  g_cond_clear (&import.done);
  hsviz_resume_table_free (import.resume);
  if (ret < 0)
    {
      if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (error);
          g_set_error_literal (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED, _("The import was cancelled"));
        }
      return NULL;
    }
  result->stats = *hsviz_pcap_reader_get_stats (reader);
  result->tcp_connections = import.tcp_connections;
  result->other_connections = import.other_connections;
  result->tls_connections = import.n_tls;
  result->first_us = import.first_us;
  if (import.n_tls == 0)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("No TLS handshake in this capture (%" PRIu64 " frames, %u TCP connections)"),
                   result->stats.frames, result->tcp_connections);
      return NULL;
    }
  if (import.options.progress != NULL)
    import.options.progress (size, size, import.options.user_data);
  return g_steal_pointer (&result);
}

HsvizImportResult *
hsviz_import_file (const char               *path,
                   const char               *keylog_path,
                   const HsvizImportOptions *options,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autofree char *keylog_text = NULL;
  FILE *file;
  gint64 size = 0;
  GStatBuf st;

  if (keylog_path != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (!g_file_get_contents (keylog_path, &keylog_text, NULL, &local))
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not read the key log: %s"), local->message);
          return NULL;
        }
    }
  file = fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (g_stat (path, &st) == 0)
    size = st.st_size;
  return hsviz_import_stream (file, size, keylog_text, options, cancellable, error);
}

gboolean
hsviz_import_is_capture (GFile *file)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 magic[4];
  gsize n = 0;
  guint32 le;

  if (in == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), magic, sizeof magic, &n, NULL, NULL) || n < 4)
    return FALSE;
  memcpy (&le, magic, 4);
  le = GUINT32_FROM_LE (le);
  /* pcapng Section Header Block; pcap in µs or ns, either byte order */
  return le == 0x0A0D0D0Au || le == 0xa1b2c3d4u || le == 0xd4c3b2a1u || le == 0xa1b23c4du ||
         le == 0x4d3cb2a1u;
}

char *
hsviz_import_dup_connection_title (HsvizConnection *connection)
{
  char *addresses = hsviz_connection_dup_addresses_text (connection);
  const HsvizTarget *t = hsviz_connection_get_target (connection);

  if (addresses != NULL)
    return addresses;
  return g_strdup_printf ("%s:%u", t->host != NULL ? t->host : "?", t->port);
}

char *
hsviz_import_dup_connection_description (HsvizConnection *connection)
{
  const HsvizTarget *t = hsviz_connection_get_target (connection);
  const HsvizOutcome *o = hsviz_connection_get_outcome (connection);
  g_autofree char *summary = hsviz_connection_dup_summary (connection);
  int from = hsviz_connection_get_resumed_from (connection);
  g_autofree char *resumed = !hsviz_connection_is_resumed (connection) ? NULL
                             : from >= 0 ? g_strdup_printf (_("resumed %u"), (guint) from + 1) : g_strdup (_("resumed"));

  return g_strdup_printf ("%s%s%s · %s%s%s", t->servername != NULL ? t->servername : "",
                          t->servername != NULL ? " · " : "", summary,
                          o->completed ? _("completed") : o->error != NULL ? o->error : _("not completed"),
                          resumed != NULL ? " · " : "", resumed != NULL ? resumed : "");
}
