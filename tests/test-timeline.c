/* test-timeline.c — the timeline of every sample and of live captures against real servers on
 * 127.0.0.1, compared with the expected timelines in tests/files/timelines/ (readable text,
 * reviewed by hand against tshark's view of the wire)
 *
 * HSVIZ_UPDATE_TIMELINES=1 rewrites the expected files in the source tree instead of comparing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hsviz.h"
#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

static HsvizTestPeer *openssl_peer;
static HsvizTestPeer *gnutls_peer;
static HsvizTestPeer *go_peer;
static HsvizTestPeer *small_records_peer;
static HsvizDemoServer *demo;

static void
append_item (GString           *out,
             HsvizTimelineItem *item,
             gboolean           with_step,
             gboolean           with_record)
{
  HsvizTimelineKind kind = hsviz_timeline_item_get_kind (item);
  HsvizTimelineSides sides = hsviz_timeline_item_get_sides (item);
  const char *who;

  if (kind == HSVIZ_TIMELINE_ACTION)
    who = sides == HSVIZ_TIMELINE_SIDE_BOTH ? "both" : sides == HSVIZ_TIMELINE_SIDE_SERVER ? "server" : "client";
  else if (kind == HSVIZ_TIMELINE_FAILURE || kind == HSVIZ_TIMELINE_NOTE)
    who = "-";
  else
    who = hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_CLIENT ? "client→server" : "server→client";

  if (with_step)
    g_string_append_printf (out, "%-7s %u  %-13s  %s", hsviz_timeline_kind_to_string (kind),
                            (guint) hsviz_timeline_item_get_step (item), who,
                            hsviz_timeline_item_get_label (item));
  else
    g_string_append_printf (out, "%-7s -  %-13s  %s", hsviz_timeline_kind_to_string (kind), who,
                            hsviz_timeline_item_get_label (item));
  if (hsviz_timeline_item_get_message_index (item) >= 0)
    g_string_append_printf (out, "  [message %d]", hsviz_timeline_item_get_message_index (item));
  if (hsviz_timeline_item_get_record_index (item) >= 0 && with_record)
    g_string_append_printf (out, "  [record %d]", hsviz_timeline_item_get_record_index (item));
}

/* One line per item, in the timeline's order: kind, step, who, label, and the message and
 * record it stands for. */
static char *
dump_timeline (HsvizConnection *connection)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      append_item (out, hsviz_timeline_peek_item (timeline, i), TRUE, TRUE);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* A live capture: how the two directions interleave on the loopback (and so the step of a
 * TLS 1.3 ChangeCipherSpec, which follows what came before it) changes from run to run, and so
 * does what follows the answer.  Each direction's items are listed in order, then the local
 * actions, each with the message it follows; application data, the alerts after the handshake,
 * record indexes and record steps are left out. */
static char *
dump_live_timeline (HsvizConnection *connection)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  GString *out = g_string_new (NULL);

  for (guint part = 0; part < 3; part++)
    {
      int after = -1;

      g_string_append (out, part == 0 ? "# client → server\n" : part == 1 ? "# server → client\n" : "# local actions\n");
      for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
        {
          HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
          HsvizTimelineKind kind = hsviz_timeline_item_get_kind (item);

          if (kind == HSVIZ_TIMELINE_MESSAGE)
            after = hsviz_timeline_item_get_message_index (item);
          if (hsviz_timeline_item_get_record_kind (item) == HSVIZ_TIMELINE_RECORD_APPLICATION_DATA ||
              (kind == HSVIZ_TIMELINE_ALERT && hsviz_timeline_item_get_step (item) == HSVIZ_STEP_ENCRYPTION))
            continue;
          if (part == 2 ? kind != HSVIZ_TIMELINE_ACTION
                        : kind == HSVIZ_TIMELINE_ACTION || hsviz_timeline_item_get_direction (item) != part)
            continue;
          append_item (out, item, kind != HSVIZ_TIMELINE_RECORD, FALSE);
          if (part == 2)
            g_string_append_printf (out, "  (after message %d)", after);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static void
compare_with_expected (HsvizConnection *connection,
                       const char      *name,
                       gboolean         live)
{
  g_autofree char *got = live ? dump_live_timeline (connection) : dump_timeline (connection);
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "timelines", file, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("HSVIZ_UPDATE_TIMELINES") != NULL)
    {
      g_file_set_contents (path, got, -1, &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (got, expected) != 0)
    g_test_message ("timeline of %s:\n%s", name, got);
  g_assert_cmpstr (got, ==, expected);
}

static HsvizConnection *
load_sample (const char *name)
{
  return hsviz_test_first_connection (hsviz_test_load_sample (name));
}

static const char *samples[] = {
  "failed-alert",
  "tls12-ecdhe",
  "tls12-rsa-classic",
  "tls12-rsa",
  "tls13-demo",
  "tls13-hello-retry",
};

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *file = g_strconcat (samples[i], ".handshake", NULL);
      g_autoptr(HsvizConnection) connection = load_sample (file);

      g_test_message ("%s", samples[i]);
      compare_with_expected (connection, samples[i], FALSE);
    }
}

/* A capture of Go's crypto/tls (tests/peers/go-tls-server.go) kept as a file: its TLS 1.3
 * NewSessionTicket stands before the client's Finished, as on the wire. */
static void
test_go_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "go-ticket-before-finished.handshake", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) connection = hsviz_test_first_connection (hsviz_session_load (file, NULL, &error));

  g_assert_no_error (error);
  compare_with_expected (connection, "go-ticket-before-finished", FALSE);
}

/* The one ALERT item of @connection's timeline; its "failure" property says what
 * hsviz_timeline_item_is_failure() says. */
static HsvizTimelineItem *
only_alert (HsvizConnection *connection)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  HsvizTimelineItem *alert = NULL;
  gboolean property;

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

      if (hsviz_timeline_item_get_kind (item) != HSVIZ_TIMELINE_ALERT)
        continue;
      g_assert_null (alert);
      alert = item;
    }
  g_assert_nonnull (alert);
  g_object_get (alert, "failure", &property, NULL);
  g_assert_cmpint (property, ==, hsviz_timeline_item_is_failure (alert));
  return alert;
}

/* Whether an alert reports a failure, from the core: the close_notify the server sends at the end
 * of connection 2 of Firefox's capture (tshark, with the capture's own key log, reads it:
 * warning level, description 0) is not one; the handshake_failure of the failed-alert sample (openssl
 * s_server refusing the client's only cipher) is. */
static void
test_alert_failure (void)
{
  g_autofree char *pcap = g_test_build_filename (G_TEST_DIST, "data-browser", "firefox-secrets.pcapng", NULL);
  g_autoptr(HsvizImportResult) result = hsviz_import_file (pcap, NULL, NULL, NULL, NULL);
  const char *fields[] = { "-T", "fields", "-e", "tcp.srcport", "-e", "tls.alert_message.level",
                           "-e", "tls.alert_message.desc", NULL };
  g_autofree char *wire = hsviz_test_tshark_read (pcap, NULL, "tcp.stream == 1 && tls.alert_message", fields);
  g_auto(GStrv) columns = g_strsplit (g_strstrip (wire), "\t", -1);
  g_autoptr(HsvizConnection) failed = load_sample ("failed-alert.handshake");
  g_autofree char *port = NULL;
  HsvizConnection *closed;
  HsvizTimelineItem *alert;

  g_assert_nonnull (result);
  g_assert_cmpuint (result->connections->len, >, 1);
  g_assert_cmpuint (g_strv_length (columns), ==, 3);
  g_assert_cmpstr (columns[1], ==, "1");
  g_assert_cmpstr (columns[2], ==, "0");
  closed = g_ptr_array_index (result->connections, 1);
  port = g_strconcat (":", columns[0], NULL);
  g_assert_true (g_str_has_suffix (hsviz_connection_get_server_address (closed), port));
  alert = only_alert (closed);
  g_assert_cmpint (hsviz_timeline_item_get_direction (alert), ==, HSVIZ_DIRECTION_SERVER);
  g_assert_cmpstr (hsviz_timeline_item_get_label (alert), ==, "close_notify (warning)");
  g_assert_false (hsviz_timeline_item_is_failure (alert));

  alert = only_alert (failed);
  g_assert_cmpstr (hsviz_timeline_item_get_label (alert), ==, "handshake_failure (fatal)");
  g_assert_true (hsviz_timeline_item_is_failure (alert));

  /* RFC 8446 §6: in TLS 1.3 every alert but these two is fatal whatever its level byte;
   * before it, a fatal close_notify still ends the connection in error */
  g_assert_false (hsviz_alert_is_failure (HSVIZ_VERSION_TLS13, 1, 90));
  g_assert_false (hsviz_alert_is_failure (HSVIZ_VERSION_TLS13, 2, 0));
  g_assert_true (hsviz_alert_is_failure (HSVIZ_VERSION_TLS13, 1, 40));
  g_assert_true (hsviz_alert_is_failure (0x0303, 2, 0));
  g_assert_true (hsviz_alert_is_failure (0x0303, 1, 100));
  g_assert_false (hsviz_alert_is_failure (0x0303, 1, 0));
}

/* The steps that have at least one item. */
static guint
steps_shown (HsvizConnection *connection)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  guint steps = 0;

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    steps |= 1u << hsviz_timeline_item_get_step (hsviz_timeline_peek_item (timeline, i));
  return steps & ~1u;
}

/* A session saved without secrets has the same local actions: all six steps are there (the
 * TLS 1.3 alerts, which only the keys tell from application data, are application data). */
static void
test_no_secrets (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *file = g_strconcat (samples[i], ".handshake", NULL);
      g_autofree char *name = g_strconcat (samples[i], "-no-secrets", NULL);
      g_autoptr(HsvizConnection) connection = load_sample (file);
      g_autoptr(HsvizConnection) stripped = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", samples[i]);
      stripped = hsviz_test_reload (connection, FALSE, &error);
      g_assert_no_error (error);
      g_assert_false (hsviz_connection_has_secrets (stripped));
      compare_with_expected (stripped, name, FALSE);
      if (hsviz_connection_get_outcome (connection)->completed)
        g_assert_cmphex (steps_shown (stripped), ==, 0x7e);
      g_assert_cmphex (steps_shown (stripped), ==, steps_shown (connection));
    }
}

static HsvizConnection *
capture_url (const char      *url,
             const char      *preset,
             HsvizDemoServer *demo_server)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  HsvizConnection *connection;

  options.url = g_strdup (url);
  options.preset = g_strdup (preset);
  options.servername = g_strdup ("localhost");
  options.no_ocsp = TRUE;
  options.timeout_ms = 20000;
  if (demo_server != NULL)
    {
      options.ca_pem = g_bytes_ref (hsviz_demo_server_get_ca_pem (demo_server));
      options.demo = g_object_ref (demo_server);
    }
  else
    options.cafile = hsviz_test_cert_path ("ca.pem");
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  connection = hsviz_test_capture_connection (cap, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hsviz_connection_get_outcome (connection)->completed);
  return connection;
}

typedef struct
{
  const char *peer;      /* "openssl", "gnutls", "demo" */
  const char *preset;
} Live;

static const Live lives[] = {
  { "openssl", "tls13" }, { "openssl", "tls12" }, { "openssl", "tls12-rsa" },
  { "gnutls", "tls13" }, { "gnutls", "tls12" }, { "gnutls", "tls12-rsa" },
  { "demo", "tls13" }, { "demo", "tls12" }, { "demo", "tls12-rsa" },
};

/* A live capture: the same timeline as the one reviewed, and the same again from its file. */
static void
test_live (gconstpointer data)
{
  const Live *live = data;
  g_autofree char *name = g_strdup_printf ("live-%s-%s", live->peer, live->preset);
  g_autofree char *url = NULL;
  g_autoptr(HsvizConnection) connection = NULL;
  g_autoptr(HsvizConnection) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  HsvizTimeline *timeline;
  guint app[2] = { 0, 0 };

  if (g_str_equal (live->peer, "demo"))
    {
      url = hsviz_demo_server_dup_url (demo);
      connection = capture_url (url, live->preset, demo);
    }
  else
    {
      HsvizTestPeer *peer = g_str_equal (live->peer, "openssl") ? openssl_peer : gnutls_peer;

      url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
      connection = capture_url (url, live->preset, NULL);
    }
  compare_with_expected (connection, name, TRUE);

  /* The request and its answer are application data, after both Finished. */
  timeline = hsviz_connection_get_timeline (connection);
  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

      if (hsviz_timeline_item_get_record_kind (item) == HSVIZ_TIMELINE_RECORD_APPLICATION_DATA)
        app[hsviz_timeline_item_get_direction (item)]++;
    }
  g_assert_cmpuint (app[HSVIZ_DIRECTION_CLIENT], >=, 1);
  g_assert_cmpuint (app[HSVIZ_DIRECTION_SERVER], >=, 1);

  /* A reopened file gives the same timeline. */
  reopened = hsviz_test_reload (connection, TRUE, &error);
  g_assert_no_error (error);
  first = dump_timeline (connection);
  second = dump_timeline (reopened);
  g_assert_cmpstr (first, ==, second);
}

/* Issue 16: a TLS 1.3 server that sends its flight in 512-byte records.  The encrypted
 * handshake records are handshake, not application data, with the keys and without them: no
 * application data before both Finished, and every message at a record. */
static void
test_small_records (void)
{
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (small_records_peer));
  g_autoptr(HsvizConnection) connection = capture_url (url, "tls13", NULL);
  g_autoptr(HsvizConnection) stripped = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records = hsviz_connection_get_records (connection);
  guint small = 0;

  g_assert_cmpuint (hsviz_connection_get_version (connection), ==, HSVIZ_VERSION_TLS13);
  /* the server really cut its flight: several records of at most 512 bytes of plaintext */
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      if (r->direction == HSVIZ_DIRECTION_SERVER && r->length >= 512 && r->length <= 512 + 17 + 256)
        small++;
    }
  g_assert_cmpuint (small, >=, 2);

  stripped = hsviz_test_reload (connection, FALSE, &error);
  g_assert_no_error (error);

  for (guint k = 0; k < 2; k++)
    {
      HsvizConnection *c = k == 0 ? connection : stripped;
      HsvizTimeline *timeline = hsviz_connection_get_timeline (c);
      guint finished = 0, messages = 0, app = 0;

      for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
        {
          HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

          if (hsviz_timeline_item_get_kind (item) == HSVIZ_TIMELINE_MESSAGE)
            {
              HsvizMessage *m = hsviz_connection_get_message (c, hsviz_timeline_item_get_message_index (item));

              messages++;
              g_assert_cmpint (hsviz_timeline_item_get_record_index (item), >=, 0);
              finished += hsviz_message_get_type_code (m) == HSVIZ_HS_FINISHED;
            }
          else if (hsviz_timeline_item_get_record_kind (item) == HSVIZ_TIMELINE_RECORD_APPLICATION_DATA)
            {
              g_assert_cmpuint (finished, ==, 2);
              app++;
            }
        }
      g_assert_cmpuint (messages, ==, hsviz_connection_get_n_messages (c));
      g_assert_cmpuint (app, >=, 2);
    }
  compare_with_expected (connection, "live-openssl-tls13-512", TRUE);
}

/* Go's crypto/tls sends the TLS 1.3 NewSessionTicket right after its Finished, before the
 * client's Finished is read: on the wire (and in the timeline) the ticket comes first, while
 * GnuTLS hooks it later, when the client reads after sending its Finished. */
static void
test_go_ticket_before_finished (void)
{
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (go_peer));
  g_autoptr(HsvizConnection) connection = capture_url (url, "tls13", NULL);
  HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);
  HsvizMessage *client_finished = hsviz_connection_find_message (connection, HSVIZ_HS_FINISHED,
                                                                 HSVIZ_DIRECTION_CLIENT, FALSE);
  HsvizMessage *ticket = hsviz_connection_find_message (connection, HSVIZ_HS_NEW_SESSION_TICKET,
                                                        HSVIZ_DIRECTION_SERVER, FALSE);
  GPtrArray *records = hsviz_connection_get_records (connection);
  int finished_at, ticket_at;
  HsvizTimelineItem *finished_item, *ticket_item;
  const HsvizRecord *finished_record, *ticket_record;

  g_assert_cmpuint (hsviz_connection_get_version (connection), ==, HSVIZ_VERSION_TLS13);
  g_assert_nonnull (client_finished);
  g_assert_nonnull (ticket);
  /* GnuTLS saw them in the other order */
  g_assert_cmpuint (hsviz_message_get_index (client_finished), <, hsviz_message_get_index (ticket));

  finished_at = hsviz_timeline_find_message (timeline, hsviz_message_get_index (client_finished));
  ticket_at = hsviz_timeline_find_message (timeline, hsviz_message_get_index (ticket));
  g_assert_cmpint (finished_at, >=, 0);
  g_assert_cmpint (ticket_at, >=, 0);
  finished_item = hsviz_timeline_peek_item (timeline, finished_at);
  ticket_item = hsviz_timeline_peek_item (timeline, ticket_at);
  g_assert_cmpint (hsviz_timeline_item_get_record_index (finished_item), >=, 0);
  g_assert_cmpint (hsviz_timeline_item_get_record_index (ticket_item), >=, 0);
  finished_record = g_ptr_array_index (records, hsviz_timeline_item_get_record_index (finished_item));
  ticket_record = g_ptr_array_index (records, hsviz_timeline_item_get_record_index (ticket_item));

  /* the wire's order: the ticket's record was read before the client's Finished was sent */
  g_assert_cmpint (ticket_record->index, <, finished_record->index);
  g_assert_cmpint (ticket_record->time_us, <=, finished_record->time_us);
  g_assert_cmpint (ticket_at, <, finished_at);
  /* each message's time is its record's */
  g_assert_cmpint (hsviz_timeline_item_get_time_us (ticket_item), ==, ticket_record->time_us);
  g_assert_cmpint (hsviz_timeline_item_get_time_us (finished_item), ==, finished_record->time_us);
  compare_with_expected (connection, "live-go-tls13", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* One server of each kind for the whole file. */
  openssl_peer = hsviz_test_peer_start ("openssl", NULL, &error);
  g_assert_no_error (error);
  gnutls_peer = hsviz_test_peer_start ("gnutls", NULL, &error);
  g_assert_no_error (error);
  if (!hsviz_test_have_program ("go"))
    g_error ("go is not installed (apt-get install golang-go)");
  go_peer = hsviz_test_peer_start ("go", NULL, &error);
  g_assert_no_error (error);
  {
    const char *args[] = { "-max_send_frag", "512", NULL };

    small_records_peer = hsviz_test_peer_start ("openssl", args, &error);
    g_assert_no_error (error);
  }
  demo = hsviz_demo_server_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/handshakeviz/timeline/samples", test_samples);
  g_test_add_func ("/handshakeviz/timeline/no-secrets", test_no_secrets);
  g_test_add_func ("/handshakeviz/timeline/go-file", test_go_file);
  g_test_add_func ("/handshakeviz/timeline/alert-failure", test_alert_failure);
  for (guint i = 0; i < G_N_ELEMENTS (lives); i++)
    {
      g_autofree char *path = g_strdup_printf ("/handshakeviz/timeline/live/%s-%s", lives[i].peer, lives[i].preset);

      g_test_add_data_func (path, &lives[i], test_live);
    }
  g_test_add_func ("/handshakeviz/timeline/go-ticket-before-finished", test_go_ticket_before_finished);
  g_test_add_func ("/handshakeviz/timeline/small-records", test_small_records);

  ret = g_test_run ();
  hsviz_test_peer_stop (openssl_peer);
  hsviz_test_peer_stop (gnutls_peer);
  hsviz_test_peer_stop (go_peer);
  hsviz_test_peer_stop (small_records_peer);
  hsviz_demo_server_stop (demo);
  g_object_unref (demo);
  return ret;
}
