/* test-faults.c — the capture engine against a hostile TLS peer (tests/hsviz-fault-server.c)
 *
 * For each fault: the right HSVIZ_ERROR, the partial session with the failure point (which
 * message, who sent what), a saved session that reopens equal, and no hang past the timeout.
 * What is expected comes from the protocol (RFC 5246 / RFC 8446 message order, the alert the
 * server was told to send), not from our own output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hsviz-fault-server.h"
#include "hsviz-test-utils.h"

#define TLS12 "NORMAL:-VERS-ALL:+VERS-TLS1.2"
#define TLS13 "NORMAL:-VERS-ALL:+VERS-TLS1.3"
#define C HSVIZ_DIRECTION_CLIENT
#define S HSVIZ_DIRECTION_SERVER

typedef struct
{
  HsvizConnection *session;
  GError       *error;
  gint64        elapsed_us;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->session);
  g_clear_error (&run->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_capture (HsvizFaultServer *server,
             const char       *priority,
             guint             timeout_ms,
             Run              *run)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  gint64 t0;

  options.url = hsviz_fault_server_dup_url (server);
  options.priority = g_strdup (priority);
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.timeout_ms = timeout_ms;
  cap = hsviz_capture_new (&options, &run->error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (run->error);
  t0 = g_get_monotonic_time ();
  run->session = hsviz_test_capture_connection (cap, NULL, &run->error);
  run->elapsed_us = g_get_monotonic_time () - t0;
  /* never past the timeout (plus the time to wind down) */
  g_assert_cmpint (run->elapsed_us, <, (gint64) (timeout_ms + 2000) * 1000);
}

/* Saved and reopened, the session is the same session. */
static void
assert_save_load (HsvizConnection *session)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-faults-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsvizSession) whole = hsviz_test_session_of (session);
  g_autoptr(HsvizSession) reopened = NULL;
  HsvizConnection *loaded;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "partial.handshake", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (hsviz_session_save (whole, file, TRUE, NULL, &error));
  g_assert_no_error (error);
  reopened = hsviz_session_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  loaded = hsviz_session_get_connection (reopened, 0);
  a = hsviz_session_to_data (whole, TRUE, NULL);
  b = hsviz_session_to_data (reopened, TRUE, NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (hsviz_connection_get_n_messages (loaded), ==, hsviz_connection_get_n_messages (session));
  g_assert_cmpuint (hsviz_connection_get_records (loaded)->len, ==, hsviz_connection_get_records (session)->len);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static guint
count_records (HsvizConnection   *session,
               HsvizDirection  dir,
               int             content_type)
{
  GPtrArray *records = hsviz_connection_get_records (session);
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      if (r->direction == dir && (content_type < 0 || r->content_type == content_type))
        n++;
    }
  return n;
}

/* The failed run: its code, the messages seen in order (type, direction), failed_at naming the
 * last one, saved and reopened equal. */
static void
assert_failed (Run          *run,
               HsvizError    code,
               const guint8 *types,
               const guint8 *dirs,
               guint         n)
{
  const HsvizOutcome *o;
  g_autofree char *number = NULL;

  if (run->error == NULL || run->error->domain != HSVIZ_ERROR || run->error->code != (int) code)
    g_error ("expected HSVIZ_ERROR %d, got %s %d: %s", code,
             run->error ? g_quark_to_string (run->error->domain) : "no error",
             run->error ? run->error->code : 0, run->error ? run->error->message : "");
  g_assert_nonnull (run->session);
  o = hsviz_connection_get_outcome (run->session);
  g_assert_false (o->completed);
  g_assert_cmpint (o->error_code, ==, code);
  g_assert_cmpstr (o->error, ==, run->error->message);
  g_assert_nonnull (o->failed_at);
  if (n != G_MAXUINT)
    {
      if (hsviz_connection_get_n_messages (run->session) != n)
        g_error ("expected %u messages, got %u (failed at: %s)", n,
                 hsviz_connection_get_n_messages (run->session), o->failed_at);
      for (guint i = 0; i < n; i++)
        {
          HsvizMessage *m = hsviz_connection_get_message (run->session, i);

          g_assert_cmpuint (hsviz_message_get_type_code (m), ==, types[i]);
          g_assert_cmpuint (hsviz_message_get_direction (m), ==, dirs[i]);
        }
      number = g_strdup_printf ("(message %u)", n);
      if (n > 0)
        g_assert_nonnull (strstr (o->failed_at, number));
    }
  /* our ClientHello went out as a record */
  g_assert_cmpuint (count_records (run->session, C, HSVIZ_CONTENT_HANDSHAKE), >=, 1);
  assert_save_load (run->session);
}

/* A run that failed after both Finished messages: the handshake completed, the failure is
 * reported as what it was. */
static void
assert_failed_after_handshake (Run        *run,
                               HsvizError  code)
{
  const HsvizOutcome *o;

  g_assert_error (run->error, HSVIZ_ERROR, (int) code);
  g_assert_nonnull (run->session);
  o = hsviz_connection_get_outcome (run->session);
  g_assert_true (o->completed);
  g_assert_cmpint (o->error_code, ==, code);
  g_assert_cmpstr (o->error, ==, run->error->message);
  g_assert_nonnull (o->failed_at);
  assert_save_load (run->session);
}

/* ---- cut at a point: CLOSE, ALERT, RESET ---- */

typedef struct
{
  HsvizFault      fault;
  HsvizFaultPoint point;
  gboolean        tls13;
  guint8          alert;
} PointCase;

/* The messages a client has seen when the server stops at @point (RFC 5246 §7.3 / RFC 8446 §2;
 * our test server: RSA certificate, ECDHE, no tickets, no certificate request). */
static guint
expected_messages (const PointCase *pc,
                   guint8          *types,
                   guint8          *dirs)
{
  static const guint8 t12[] = { 1, 2, 11, 12, 14, 16, 20 };
  static const guint8 d12[] = { C, S, S, S, S, C, C };
  static const guint8 t13[] = { 1, 2, 8, 11, 15 };
  static const guint8 d13[] = { C, S, S, S, S };
  guint n;

  switch (pc->point)
    {
    case HSVIZ_FAULT_AT_CLIENT_HELLO:
      n = 1;
      break;
    case HSVIZ_FAULT_AT_SERVER_HELLO:
      n = 2;
      break;
    case HSVIZ_FAULT_AT_CERTIFICATE_MIDDLE:
      n = pc->tls13 ? 3 : 2;   /* TLS 1.3: EncryptedExtensions came first */
      break;
    case HSVIZ_FAULT_AT_FINISHED:
    default:
      n = pc->tls13 ? 5 : 7;   /* TLS 1.2: the client's second flight went out */
      break;
    }
  memcpy (types, pc->tls13 ? t13 : t12, n);
  memcpy (dirs, pc->tls13 ? d13 : d12, n);
  return n;
}

static void
test_point (gconstpointer data)
{
  const PointCase *pc = data;
  HsvizFaultConfig cfg = { .fault = pc->fault, .point = pc->point, .alert = pc->alert };
  g_autoptr(HsvizFaultServer) server = NULL;
  g_auto(Run) run = { 0 };
  guint8 types[8], dirs[8];
  guint n = expected_messages (pc, types, dirs);
  const HsvizOutcome *o;

  server = hsviz_fault_server_new (&cfg);
  run_capture (server, pc->tls13 ? TLS13 : TLS12, 5000, &run);
  g_test_message ("error: %s", run.error ? run.error->message : "none");

  switch (pc->fault)
    {
    case HSVIZ_FAULT_ALERT:
      assert_failed (&run, HSVIZ_ERROR_ALERT, types, dirs, n);
      o = hsviz_connection_get_outcome (run.session);
      g_assert_true (o->has_alert);
      g_assert_cmpuint (o->alert_level, ==, 2);
      g_assert_cmpuint (o->alert_description, ==, pc->alert);
      g_assert_cmpuint (o->alert_sender, ==, S);
      g_assert_nonnull (strstr (run.error->message, hsviz_alert_name (pc->alert)));
      /* the alert is on the wire from the server: plain (21) or, under TLS 1.3 keys, 23 */
      g_assert_cmpuint (count_records (run.session, S, HSVIZ_CONTENT_ALERT) +
                        count_records (run.session, S, HSVIZ_CONTENT_APPLICATION_DATA), >=, 1);
      break;
    case HSVIZ_FAULT_RESET:
      /* on a reset the kernel drops what the client had not read yet: a prefix arrived */
      assert_failed (&run, HSVIZ_ERROR_CLOSED, NULL, NULL, G_MAXUINT);
      g_assert_cmpuint (hsviz_connection_get_n_messages (run.session), >=, 1);
      g_assert_cmpuint (hsviz_connection_get_n_messages (run.session), <=, n);
      for (guint i = 0; i < hsviz_connection_get_n_messages (run.session); i++)
        g_assert_cmpuint (hsviz_message_get_type_code (hsviz_connection_get_message (run.session, i)),
                          ==, types[i]);
      break;
    case HSVIZ_FAULT_CLOSE:
      assert_failed (&run, HSVIZ_ERROR_CLOSED, types, dirs, n);
      g_assert_false (hsviz_connection_get_outcome (run.session)->has_alert &&
                      hsviz_connection_get_outcome (run.session)->alert_sender == S);
      break;
    default:
      g_assert_not_reached ();
    }

  if (pc->point == HSVIZ_FAULT_AT_CLIENT_HELLO && pc->fault != HSVIZ_FAULT_ALERT)
    g_assert_cmpuint (count_records (run.session, S, -1), ==, 0);
  if (pc->point == HSVIZ_FAULT_AT_CERTIFICATE_MIDDLE && pc->fault == HSVIZ_FAULT_CLOSE)
    {
      /* half a record arrived: kept as bytes that are not a whole record (type 0) */
      g_assert_cmpuint (count_records (run.session, S, 0), ==, 1);
    }
}

/* ---- the other faults ---- */

static void
test_garbage (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_GARBAGE };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  const guint8 types[] = { 1 }, dirs[] = { C };

  run_capture (server, NULL, 5000, &run);
  assert_failed (&run, HSVIZ_ERROR_BAD_MESSAGE, types, dirs, 1);
  g_assert_cmpuint (count_records (run.session, S, 0), >=, 1);
}

static void
test_huge_message (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_HUGE_MESSAGE };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  const guint8 types[] = { 1 }, dirs[] = { C };

  run_capture (server, NULL, 5000, &run);
  g_test_message ("error: %s", run.error ? run.error->message : "none");
  assert_failed (&run, HSVIZ_ERROR_LIMIT, types, dirs, 1);
  g_assert_nonnull (strstr (run.error->message, "a safety limit"));
  g_assert_nonnull (strstr (run.error->message, "256 KiB"));
  /* refused at the header: far less than 16 MiB was read */
  g_assert_cmpuint (count_records (run.session, S, -1), <, 64);
}

static void
test_dribble_times_out (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_DRIBBLE, .interval_ms = 1000 };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  const guint8 types[] = { 1 }, dirs[] = { C };

  run_capture (server, TLS12, 3000, &run);
  assert_failed (&run, HSVIZ_ERROR_TIMED_OUT, types, dirs, 1);
  g_assert_cmpint (run.elapsed_us, >=, 2500000);
  g_assert_cmpint (run.elapsed_us, <, 4500000);
  /* a few bytes came, not a whole record: kept as a cut record at the end */
  g_assert_cmpuint (count_records (run.session, S, 0), ==, 1);
}

/* The dribbled flight is a real one: slow enough, it completes. */
static void
test_dribble_completes (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_DRIBBLE, .interval_ms = 1 };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };

  run_capture (server, TLS12, 30000, &run);
  g_assert_no_error (run.error);
  g_assert_true (hsviz_connection_get_outcome (run.session)->completed);
  g_assert_cmpuint (hsviz_connection_get_application_data (run.session)->status, ==, 200);
}

static void
test_silent (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_SILENT };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  const guint8 types[] = { 1 }, dirs[] = { C };

  run_capture (server, NULL, 1500, &run);
  assert_failed (&run, HSVIZ_ERROR_TIMED_OUT, types, dirs, 1);
  g_assert_cmpint (run.elapsed_us, >=, 1400000);
  g_assert_cmpuint (count_records (run.session, S, -1), ==, 0);
}

static void
test_flood_bytes (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_FLOOD_BYTES, .count = 17 * 1024 * 1024 };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  GPtrArray *records;
  guint64 total = 0;

  run_capture (server, TLS13, 20000, &run);
  assert_failed_after_handshake (&run, HSVIZ_ERROR_LIMIT);
  g_assert_nonnull (strstr (run.error->message, "16 MiB"));
  g_assert_nonnull (strstr (run.error->message, "a safety limit"));
  /* the handshake itself completed; the cap struck in step 6 */
  g_assert_true (hsviz_connection_get_application_data (run.session)->present);
  records = hsviz_connection_get_records (run.session);
  for (guint i = 0; i < records->len; i++)
    total += g_bytes_get_size (((HsvizRecord *) g_ptr_array_index (records, i))->bytes);
  g_assert_cmpuint (total, <=, 16 * 1024 * 1024 + 2 * 16384 + 1024);
  g_assert_cmpuint (total, >=, 16 * 1024 * 1024 - 16384);
}

static void
test_flood_records (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_FLOOD_RECORDS, .count = 25000 };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };

  run_capture (server, TLS13, 20000, &run);
  assert_failed_after_handshake (&run, HSVIZ_ERROR_LIMIT);
  g_assert_nonnull (strstr (run.error->message, "20000 records"));
  g_assert_cmpuint (hsviz_connection_get_records (run.session)->len, ==, 20000);
}

static void
test_many_messages (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_MANY_MESSAGES, .count = 1100 };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  guint n_tickets = 0;

  run_capture (server, TLS13, 20000, &run);
  assert_failed_after_handshake (&run, HSVIZ_ERROR_LIMIT);
  g_assert_nonnull (strstr (run.error->message, "1000 handshake messages"));
  g_assert_cmpuint (hsviz_connection_get_n_messages (run.session), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    if (hsviz_message_get_type_code (hsviz_connection_get_message (run.session, i)) ==
        HSVIZ_HS_NEW_SESSION_TICKET)
      n_tickets++;
  /* CH SH EE Cert CV Fin(S) Fin(C), then tickets */
  g_assert_cmpuint (n_tickets, ==, 1000 - 7);
}

/* Step 6 sends one GET without cookies or credentials and follows no redirect. */
static void
test_redirect (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_REDIRECT };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_auto(Run) run = { 0 };
  const HsvizApplicationData *app;
  g_autofree char *request = NULL;
  g_autofree char *lower = NULL;
  gboolean saw_cookie = FALSE;

  run_capture (server, NULL, 5000, &run);
  g_assert_no_error (run.error);
  app = hsviz_connection_get_application_data (run.session);
  g_assert_cmpuint (app->status, ==, 302);
  for (guint i = 0; i < app->headers->len; i++)
    {
      const HsvizHeader *h = g_ptr_array_index (app->headers, i);

      if (g_ascii_strcasecmp (h->name, "Set-Cookie") == 0)
        saw_cookie = TRUE;
    }
  g_assert_true (saw_cookie);
  /* give a second request every chance to happen, then check it did not */
  g_assert_true (hsviz_fault_server_wait_done (server, 1, 5000));
  g_usleep (300000);
  g_assert_cmpuint (hsviz_fault_server_get_connections (server), ==, 1);
  g_assert_cmpuint (hsviz_fault_server_get_requests (server), ==, 1);
  request = hsviz_fault_server_dup_request (server);
  g_assert_nonnull (request);
  g_assert_true (g_str_has_prefix (request, "GET / HTTP/1.1\r\n"));
  lower = g_ascii_strdown (request, -1);
  g_assert_null (strstr (lower, "\r\ncookie:"));
  g_assert_null (strstr (lower, "\r\nauthorization:"));
  g_assert_null (strstr (lower, "\r\nproxy-authorization:"));
  g_assert_cmpstr (request, ==, app->request);
}

/* ---- cancel at random moments ---- */

typedef struct
{
  GCancellable *cancellable;
  guint         delay_us;
} CancelLater;

static gpointer
cancel_later_thread (gpointer data)
{
  CancelLater *cl = data;

  g_usleep (cl->delay_us);
  g_cancellable_cancel (cl->cancellable);
  return NULL;
}

static HsvizConnection *
capture_with_cancel (const char  *url,
                     GBytes      *ca_pem,
                     const char  *cafile,
                     const char  *priority,
                     guint        delay_us,
                     GError     **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelLater cl = { cancellable, delay_us };
  HsvizConnection *s;
  GThread *thread;

  options.url = g_strdup (url);
  options.ca_pem = ca_pem ? g_bytes_ref (ca_pem) : NULL;
  options.cafile = g_strdup (cafile);
  options.priority = g_strdup (priority);
  options.servername = g_strdup ("localhost");
  options.timeout_ms = 10000;
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  g_assert_nonnull (cap);
  if (delay_us == G_MAXUINT)
    return hsviz_test_capture_connection (cap, cancellable, error);
  thread = g_thread_new ("cancel", cancel_later_thread, &cl);
  s = hsviz_test_capture_connection (cap, cancellable, error);
  g_thread_join (thread);
  return s;
}

static void
test_cancel_random (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) demo = hsviz_demo_server_new (&error);
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_DRIBBLE, .interval_ms = 2 };
  g_autoptr(HsvizFaultServer) slow = hsviz_fault_server_new (&cfg);
  g_autofree char *demo_url = NULL;
  g_autofree char *slow_url = hsviz_fault_server_dup_url (slow);
  g_autofree char *ca = hsviz_test_cert_path ("ca.pem");
  guint n_cancelled = 0;

  g_assert_no_error (error);
  demo_url = hsviz_demo_server_dup_url (demo);
  for (guint i = 0; i < 20; i++)
    {
      gboolean use_demo = i % 2 == 0;
      /* the demo capture takes a few ms, the dribbled one seconds */
      guint delay = use_demo ? (guint) g_test_rand_int_range (0, 30000)
                             : (guint) g_test_rand_int_range (0, 800000);
      g_autoptr(HsvizConnection) s = NULL;
      gint64 t0 = g_get_monotonic_time ();

      s = capture_with_cancel (use_demo ? demo_url : slow_url,
                               use_demo ? hsviz_demo_server_get_ca_pem (demo) : NULL,
                               use_demo ? NULL : ca, TLS12, delay, &error);
      g_test_message ("%s, cancel after %u us: %s", use_demo ? "demo" : "slow", delay,
                      error ? error->message : "completed");
      if (error != NULL)
        {
          g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED);
          n_cancelled++;
          /* completed only when the cancel came after both Finished messages */
          if (s != NULL)
            {
              g_assert_cmpint (hsviz_connection_get_outcome (s)->error_code, ==, HSVIZ_ERROR_CANCELLED);
              if (hsviz_connection_get_outcome (s)->completed)
                g_assert_nonnull (hsviz_connection_find_message (s, HSVIZ_HS_FINISHED,
                                                                 HSVIZ_DIRECTION_SERVER, FALSE));
            }
        }
      else
        {
          g_assert_true (use_demo);   /* only the quick capture may beat the cancel */
          g_assert_true (hsviz_connection_get_outcome (s)->completed);
        }
      /* a cancel ends the capture at once */
      g_assert_cmpint (g_get_monotonic_time () - t0, <, (gint64) delay + 2 * G_USEC_PER_SEC);
      g_clear_error (&error);
    }
  g_assert_cmpuint (n_cancelled, >=, 10);

  /* and the next capture works */
  {
    g_autoptr(HsvizConnection) s = capture_with_cancel (demo_url, hsviz_demo_server_get_ca_pem (demo),
                                                     NULL, NULL, G_MAXUINT, &error);

    g_assert_no_error (error);
    g_assert_true (hsviz_connection_get_outcome (s)->completed);
  }
  hsviz_demo_server_stop (demo);
}

/* ---- step 6's answer on a connection the server keeps open ---- */

typedef struct
{
  const char *name;
  const char *response;     /* the answer, then @body_len bytes of body */
  gsize       body_len;
  guint       status;
  const char *version;
  guint8      warning_alert;
} AnswerCase;

static const AnswerCase answer_cases[] = {
  { "content-length-upper-case", "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 5\r\n\r\nhello", 0, 200, "HTTP/1.1" },
  { "content-length-large", "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", 100000, 200, "HTTP/1.1" },
  { "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
               "5;ext=1\r\nhello\r\n7\r\n0\r\n\r\nxy\r\n0\r\nX-Trailer: 1\r\n\r\n", 0, 200, "HTTP/1.1" },
  { "early-hints", "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                   "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 200, "HTTP/1.1" },
  { "continue-then-no-content", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 0, 204, "HTTP/1.1" },
  { "not-modified", "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", 0, 304, "HTTP/1.1" },
  { "icy", "ICY 200 OK\r\nicy-name: test\r\nContent-Length: 2\r\n\r\nok", 0, 200, "ICY" },
  { "user-canceled-warning", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, 200, "HTTP/1.1", 90 },
};

static void
test_answer_kept_open (gconstpointer data)
{
  const AnswerCase *c = data;
  g_autofree char *body = g_strnfill (c->body_len, 'b');
  g_autofree char *response = g_strconcat (c->response, body, NULL);
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_RESPONSE, .response = response,
                           .warning_alert = c->warning_alert };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  const HsvizApplicationData *app;
  g_auto(Run) run = { 0 };

  for (guint v = 0; v < 2; v++)
    {
      run_clear (&run);
      /* a capture that waited for the server to close would end in this time limit */
      run_capture (server, v ? TLS13 : TLS12, 15000, &run);
      if (c->warning_alert != 0 && v == 1)
        {
          const HsvizOutcome *o = hsviz_connection_get_outcome (run.session);

          /* a closure alert in TLS 1.3, not an error; GnuTLS reads nothing after it */
          assert_failed_after_handshake (&run, HSVIZ_ERROR_CLOSED);
          g_assert_true (o->has_alert);
          g_assert_cmpuint (o->alert_level, ==, 1);
          g_assert_cmpuint (o->alert_description, ==, c->warning_alert);
          continue;
        }
      g_assert_no_error (run.error);
      g_assert_true (hsviz_connection_get_outcome (run.session)->completed);
      g_assert_false (hsviz_connection_get_outcome (run.session)->has_alert);
      app = hsviz_connection_get_application_data (run.session);
      g_assert_cmpuint (app->status, ==, c->status);
      g_assert_cmpstr (app->http_version, ==, c->version);
      g_assert_cmpuint (app->bytes_received, >=, strlen (response));
    }
}

/* Escape sequences in the reason phrase reach the terminal escaped. */
static void
test_escapes_in_text (void)
{
  HsvizFaultConfig cfg = { .fault = HSVIZ_FAULT_RESPONSE,
                           .response = "HTTP/1.1 200 OK\033]0;pwned\007\033[2J\302\233\r\n"
                                       "Content-Length: 2\r\n\r\nok" };
  g_autoptr(HsvizFaultServer) server = hsviz_fault_server_new (&cfg);
  g_autofree char *url = hsviz_fault_server_dup_url (server);
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "capture", url, "--cafile", cafile, "--servername", "localhost",
                         "--no-ocsp", NULL };
  int status;

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strchr (out, '\007'));
  g_assert_null (strstr (out, "\302\233"));
  g_assert_nonnull (strstr (out, "OK\\x1b]0;pwned\\x07\\x1b[2J\\u009b"));
}

/* ---- long chains ---- */

/* A chain made now with openssl in @dir: ca.pem (the root, trusted by the test), leaf.pem and
 * leaf.key (for localhost) and ints.pem (the @n - 1 intermediates above it, leaf side first). */
static void
make_chain (const char *dir,
            guint       n)
{
  static const char script[] =
    "set -e; cd \"$1\"; n=$2; ec='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'\n"
    "printf 'basicConstraints=critical,CA:true\\nkeyUsage=keyCertSign\\n' > ca.ext\n"
    "printf 'subjectAltName=DNS:localhost\\n' > leaf.ext\n"
    "openssl req -x509 $ec -keyout ca.key -subj /CN=root -days 30 -out ca.pem "
    "  -addext basicConstraints=critical,CA:true -addext keyUsage=keyCertSign 2>/dev/null\n"
    "prev=ca; i=1\n"
    "while [ $i -lt $n ]; do\n"
    "  openssl req -new $ec -keyout i$i.key -subj /CN=int$i -out i$i.csr 2>/dev/null\n"
    "  openssl x509 -req -in i$i.csr -CA $prev.pem -CAkey $prev.key -set_serial $i -days 30 "
    "    -extfile ca.ext -out i$i.pem 2>/dev/null\n"
    "  prev=i$i; i=$((i + 1))\n"
    "done\n"
    "openssl req -new $ec -keyout leaf.key -subj /CN=localhost -out leaf.csr 2>/dev/null\n"
    "openssl x509 -req -in leaf.csr -CA $prev.pem -CAkey $prev.key -set_serial 999 -days 30 "
    "  -extfile leaf.ext -out leaf.pem 2>/dev/null\n"
    ": > ints.pem; i=$((n - 1)); while [ $i -ge 1 ]; do cat i$i.pem >> ints.pem; i=$((i - 1)); done\n";
  g_autofree char *count = g_strdup_printf ("%u", n);
  const char *argv[] = { "sh", "-c", script, "sh", dir, count, NULL };
  g_autofree char *out = hsviz_test_run_check (argv);
}

static void
capture_chain (guint  n,
               char **dir_out,
               Run   *run)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-chain-XXXXXX", NULL);
  g_autofree char *leaf = g_build_filename (dir, "leaf.pem", NULL);
  g_autofree char *ints = g_build_filename (dir, "ints.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "leaf.key", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autoptr(HsvizTestPeer) peer = NULL;
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;

  make_chain (dir, n);
  /* openssl sends the whole chain (GnuTLS's own server keeps 16 of it) */
  {
    const char *args[] = { "-cert", leaf, "-key", key, "-cert_chain", ints, NULL };

    peer = hsviz_test_peer_start ("openssl", args, NULL);
    g_assert_nonnull (peer);
  }
  options.url = g_strdup_printf ("https://localhost:%u/", hsviz_test_peer_get_port (peer));
  options.servername = g_strdup ("localhost");
  options.cafile = g_strdup (ca);
  options.no_ocsp = TRUE;
  options.timeout_ms = 20000;
  cap = hsviz_capture_new (&options, &run->error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (run->error);
  run->session = hsviz_test_capture_connection (cap, NULL, &run->error);
  *dir_out = g_steal_pointer (&dir);
}

/* Longer than GnuTLS verifies (16): the verdict says GnuTLS did not check it, not nothing. */
static void
test_chain_over_verify_limit (void)
{
  g_autofree char *dir = NULL;
  const HsvizVerification *v;
  g_auto(Run) run = { 0 };

  capture_chain (18, &dir, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (hsviz_connection_get_certificates (run.session)->len, ==, 18);
  v = hsviz_connection_get_verification (run.session);
  g_assert_true (v->present);
  g_assert_false (v->trusted);
  g_assert_nonnull (v->text);
  g_assert_nonnull (strstr (v->text, "did not check"));
  g_assert_cmpstr (v->status_strings[0], ==, "not-checked");
  assert_save_load (run.session);
  hsviz_test_remove_dir (dir);
}

/* What a capture accepts, the loader accepts: a chain of 70 saves and reopens. */
static void
test_chain_of_70_reopens (void)
{
  g_autofree char *dir = NULL;
  g_auto(Run) run = { 0 };

  capture_chain (70, &dir, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (hsviz_connection_get_certificates (run.session)->len, ==, 70);
  assert_save_load (run.session);
  hsviz_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; HsvizFaultPoint point; } points[] = {
    { "client-hello", HSVIZ_FAULT_AT_CLIENT_HELLO },
    { "server-hello", HSVIZ_FAULT_AT_SERVER_HELLO },
    { "certificate-middle", HSVIZ_FAULT_AT_CERTIFICATE_MIDDLE },
    { "finished", HSVIZ_FAULT_AT_FINISHED },
  };
  static const struct { const char *name; HsvizFault fault; } faults[] = {
    { "close", HSVIZ_FAULT_CLOSE },
    { "alert", HSVIZ_FAULT_ALERT },
    { "reset", HSVIZ_FAULT_RESET },
  };
  /* a different alert at each point: handshake_failure, bad_certificate, internal_error,
   * decrypt_error */
  static const guint8 alerts[] = { 40, 42, 80, 51 };
  static PointCase cases[G_N_ELEMENTS (faults) * G_N_ELEMENTS (points) * 2];
  guint n = 0;

  g_test_init (&argc, &argv, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    for (guint p = 0; p < G_N_ELEMENTS (points); p++)
      for (guint v = 0; v < 2; v++)
        {
          g_autofree char *path = g_strdup_printf ("/handshakeviz/faults/%s/%s/%s", faults[f].name,
                                                   v ? "tls13" : "tls12", points[p].name);

          cases[n] = (PointCase) { faults[f].fault, points[p].point, v == 1, alerts[p] };
          g_test_add_data_func (path, &cases[n], test_point);
          n++;
        }
  g_test_add_func ("/handshakeviz/faults/garbage", test_garbage);
  g_test_add_func ("/handshakeviz/faults/huge-message", test_huge_message);
  g_test_add_func ("/handshakeviz/faults/dribble-times-out", test_dribble_times_out);
  g_test_add_func ("/handshakeviz/faults/dribble-completes", test_dribble_completes);
  g_test_add_func ("/handshakeviz/faults/silent", test_silent);
  g_test_add_func ("/handshakeviz/faults/limit-bytes", test_flood_bytes);
  g_test_add_func ("/handshakeviz/faults/limit-records", test_flood_records);
  g_test_add_func ("/handshakeviz/faults/limit-messages", test_many_messages);
  g_test_add_func ("/handshakeviz/faults/redirect-not-followed", test_redirect);
  g_test_add_func ("/handshakeviz/faults/cancel-random", test_cancel_random);
  for (guint i = 0; i < G_N_ELEMENTS (answer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/handshakeviz/faults/answer-kept-open/%s",
                                               answer_cases[i].name);

      g_test_add_data_func (path, &answer_cases[i], test_answer_kept_open);
    }
  g_test_add_func ("/handshakeviz/faults/escapes-in-text", test_escapes_in_text);
  g_test_add_func ("/handshakeviz/faults/chain-over-verify-limit", test_chain_over_verify_limit);
  g_test_add_func ("/handshakeviz/faults/chain-of-70-reopens", test_chain_of_70_reopens);

  return g_test_run ();
}
