/* test-early-data.c — capture --reconnect --early-data: the resumed TLS 1.3 connection sends its
 * request as 0-RTT where the server's ticket allows it
 *
 * Peers (one of each, started once for the file):
 *   openssl s_server -early_data: reads the early data and prints it ("Early data received"),
 *     then answers what the test writes to its stdin (it is no HTTP server in that mode);
 *   openssl s_server -www -max_early_data 16384: its tickets allow early data but -www never
 *     reads it, so it rejects it and the request must be sent again;
 *   nginx with ssl_early_data on, a real HTTP server that takes 0-RTT requests;
 *   gnutls-serv --earlydata, a second TLS stack (its --http mode reads the early data and then
 *     drops it, so the request gets no answer: only the handshake is checked);
 *   openssl s_server -www -tls1_2: no early data in TLS 1.2, and the CLI says why none went.
 * Truth from outside our code: s_server's output and the servers' key logs
 * (CLIENT_EARLY_TRAFFIC_SECRET);
 * tshark reading the loopback traffic with our key log (the GET before the ServerHello,
 * early_data in the EncryptedExtensions, EndOfEarlyData).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

#define RESPONSE "HTTP/1.0 200 ok\r\nContent-Length: 3\r\n\r\nok\n"

/* openssl s_server -early_data, fed its answers on stdin */
typedef struct
{
  GSubprocess   *process;
  GOutputStream *stdin_pipe;
  char          *dir;
  char          *log_path;
  char          *keylog_path;
  char          *address;
} EarlyServer;

static EarlyServer accepting;
static HsvizTestPeer *rejecting;
static HsvizTestPeer *nginx;
static HsvizTestPeer *gnutls_serv;
static HsvizTestPeer *tls12;

static void
accepting_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *cert = hsviz_test_cert_path ("rsa.pem");
  g_autofree char *key = hsviz_test_cert_path ("rsa.key");
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  accepting.dir = g_dir_make_tmp ("hsviz-early-XXXXXX", NULL);
  accepting.log_path = g_build_filename (accepting.dir, "server.log", NULL);
  accepting.keylog_path = g_build_filename (accepting.dir, "server.keys", NULL);
  accepting.address = g_strdup_printf ("127.0.0.1:%u", hsviz_test_free_port ());
  g_subprocess_launcher_set_stdout_file_path (launcher, accepting.log_path);
  accepting.process = g_subprocess_launcher_spawn (launcher, &error, "openssl", "s_server",
                                                   "-accept", accepting.address, "-cert", cert,
                                                   "-key", key, "-tls1_3", "-early_data",
                                                   "-keylogfile", accepting.keylog_path, NULL);
  g_assert_no_error (error);
  accepting.stdin_pipe = g_subprocess_get_stdin_pipe (accepting.process);
  for (;;)
    {
      g_autofree char *log = NULL;

      if (g_file_get_contents (accepting.log_path, &log, NULL, NULL) && strstr (log, "ACCEPT") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

static void
accepting_stop (void)
{
  g_subprocess_force_exit (accepting.process);
  g_subprocess_wait (accepting.process, NULL, NULL);
  g_clear_object (&accepting.process);
  g_unlink (accepting.log_path);
  g_unlink (accepting.keylog_path);
  g_rmdir (accepting.dir);
  g_free (accepting.dir);
  g_free (accepting.log_path);
  g_free (accepting.keylog_path);
  g_free (accepting.address);
}

/* s_server answers on each connection what is on its stdin: one answer before each of them */
static void
answer_next (void)
{
  g_assert_true (g_output_stream_write_all (accepting.stdin_pipe, RESPONSE, strlen (RESPONSE),
                                            NULL, NULL, NULL));
  g_output_stream_flush (accepting.stdin_pipe, NULL, NULL);
}

/* The second answer goes once the server has answered the second connection's ClientHello:
 * s_server is then past the first connection (it reads its stdin during one connection) */
static void
messages_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  gboolean *answered = user_data;

  for (guint i = position; i < position + added && !*answered; i++)
    {
      g_autoptr(HsvizMessage) m = g_list_model_get_item (model, i);

      if (hsviz_message_get_direction (m) == HSVIZ_DIRECTION_SERVER)
        {
          *answered = TRUE;
          answer_next ();
        }
    }
}

static void
connections_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  if (added > 0 && position == 1)
    {
      g_autoptr(HsvizConnection) second = g_list_model_get_item (model, 1);

      g_signal_connect (second, "items-changed", G_CALLBACK (messages_changed_cb), user_data);
    }
}

static HsvizCaptureOptions *
options_for (const char *address)
{
  HsvizCaptureOptions *options = g_new0 (HsvizCaptureOptions, 1);

  options->url = g_strdup_printf ("https://%s/", address);
  options->servername = g_strdup ("localhost");
  options->cafile = hsviz_test_cert_path ("ca.pem");
  options->alpn = g_strdup ("http/1.1");
  options->timeout_ms = 60000;
  options->no_ocsp = TRUE;
  options->reconnect = TRUE;
  options->early_data = TRUE;
  return options;
}

static HsvizSession *
capture (const char *address,
         gboolean    feed_answers)
{
  HsvizCaptureOptions *options = options_for (address);
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  HsvizSession *session;
  gboolean answered = FALSE;

  cap = hsviz_capture_new (options, &error);
  hsviz_capture_options_clear (options);
  g_free (options);
  g_assert_no_error (error);
  if (feed_answers)
    {
      answer_next ();
      g_signal_connect (hsviz_capture_get_session (cap), "items-changed",
                        G_CALLBACK (connections_changed_cb), &answered);
    }
  session = hsviz_capture_run_sync (cap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  return session;
}

static guint
count (const char *text,
       const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

static gboolean
has_message (HsvizConnection *connection,
             guint8           type)
{
  return hsviz_connection_find_message (connection, type, HSVIZ_DIRECTION_CLIENT, FALSE) != NULL;
}

static const HsvizKeyScheduleEntry *
ks_entry (HsvizConnection *connection,
          const char      *name)
{
  GPtrArray *ks = hsviz_connection_get_key_schedule (connection);

  for (guint i = 0; ks != NULL && i < ks->len; i++)
    if (g_str_equal (((const HsvizKeyScheduleEntry *) g_ptr_array_index (ks, i))->name, name))
      return g_ptr_array_index (ks, i);
  return NULL;
}

/* The first flight carries the 0-RTT record: the timeline puts it in step 6, before the
 * server's first message; the early key decrypts it and the client handshake key its
 * handshake records. */
static void
assert_first_flight (HsvizConnection *c)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (c);
  gboolean early_seen = FALSE, server_hello_seen = FALSE;
  const char *names[] = { "client_early_traffic_secret", "client_early_key", "client_early_iv",
                          "client_handshake_key", "client_finished" };

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

      if (hsviz_timeline_item_get_kind (item) == HSVIZ_TIMELINE_MESSAGE &&
          hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_SERVER)
        server_hello_seen = TRUE;
      if (hsviz_timeline_item_get_record_kind (item) == HSVIZ_TIMELINE_RECORD_APPLICATION_DATA &&
          hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_CLIENT && !server_hello_seen)
        {
          early_seen = TRUE;
          g_assert_cmpuint (hsviz_timeline_item_get_step (item), ==, HSVIZ_STEP_ENCRYPTION);
          g_assert_cmpint (hsviz_timeline_item_get_verified (item), ==, HSVIZ_TIMELINE_VERIFIED);
        }
    }
  g_assert_true (early_seen);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const HsvizKeyScheduleEntry *e = ks_entry (c, names[i]);

      g_assert_nonnull (e);
      if (!e->verified)
        g_error ("%s not verified: %s", names[i], e->note);
    }
}

/* The server's key log (@theirs) has a CLIENT_EARLY_TRAFFIC_SECRET for @random, and ours
 * (@ours, NSS format) has the same line. */
static void
assert_same_early_secret (GPtrArray  *theirs,
                          const char *ours,
                          const char *random)
{
  const HsvizTestKeylogEntry *e = hsviz_test_keylog_find (theirs, "CLIENT_EARLY_TRAFFIC_SECRET", random);
  g_autofree char *line = NULL;

  g_assert_nonnull (e);
  line = g_strdup_printf ("CLIENT_EARLY_TRAFFIC_SECRET %s %s\n", random, e->secret);
  g_assert_nonnull (strstr (ours, line));
}

static void
test_accepted (void)
{
  g_autoptr(HsvizSession) session = capture (accepting.address, TRUE);
  HsvizConnection *first = hsviz_session_get_connection (session, 0);
  HsvizConnection *second = hsviz_session_get_connection (session, 1);
  g_autoptr(GPtrArray) theirs = hsviz_test_read_keylog_file (accepting.keylog_path);
  g_autofree char *ours = hsviz_session_dup_nss_keylog (session);
  g_autofree char *random = hsviz_test_bytes_to_hex (hsviz_connection_get_client_random (second), 32);
  g_autofree char *log = NULL;
  g_autofree char *text = hsviz_connection_dup_early_data_text (second);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (second);
  HsvizEarlyData early;

  hsviz_connection_get_early_data (first, &early);
  g_assert_false (early.offered);
  g_assert_true (hsviz_connection_is_resumed (second));
  hsviz_connection_get_early_data (second, &early);
  g_assert_true (early.offered);
  g_assert_true (early.accepted);
  g_assert_cmpuint (early.bytes, ==, strlen (app->request));
  g_assert_true (has_message (second, HSVIZ_HS_END_OF_EARLY_DATA));
  g_assert_cmpuint (app->status, ==, 200);
  g_assert_true (g_str_has_prefix (text, "0-RTT: offered, accepted, "));

  /* the server read the request as early data */
  g_assert_true (g_file_get_contents (accepting.log_path, &log, NULL, NULL));
  /* (s_server prints the header only when it read early data; the data itself goes to stdout
   * unbuffered, so it comes out before the header: the log has the two requests) */
  g_assert_nonnull (strstr (log, "Early data received:"));
  g_assert_cmpuint (count (log, "GET / HTTP/1.1"), ==, 2);
  /* and derived the same early traffic secret */
  assert_same_early_secret (theirs, ours, random);
  assert_first_flight (second);
}

static void
test_rejected (void)
{
  g_autoptr(HsvizSession) session = capture (hsviz_test_peer_get_address (rejecting), FALSE);
  HsvizConnection *second = hsviz_session_get_connection (session, 1);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (second);
  g_autofree char *text = hsviz_connection_dup_early_data_text (second);
  g_autofree char *json = NULL;
  g_autoptr(HsvizSession) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  HsvizEarlyData early, again;
  gsize len;

  g_assert_true (hsviz_connection_is_resumed (second));
  hsviz_connection_get_early_data (second, &early);
  g_assert_true (early.offered);
  g_assert_false (early.accepted);
  g_assert_cmpuint (early.bytes, ==, strlen (app->request));
  g_assert_false (has_message (second, HSVIZ_HS_END_OF_EARLY_DATA));
  /* sent again after the handshake, and answered */
  g_assert_cmpuint (app->status, ==, 200);
  g_assert_true (g_str_has_prefix (text, "0-RTT: offered, rejected"));
  assert_first_flight (second);

  /* the session file keeps it */
  json = hsviz_session_to_data (session, TRUE, &len);
  reloaded = hsviz_session_new_from_data (json, len, &error);
  g_assert_no_error (error);
  hsviz_connection_get_early_data (hsviz_session_get_connection (reloaded, 1), &again);
  g_assert_true (again.offered == early.offered && again.accepted == early.accepted &&
                 again.bytes == early.bytes);
}

/* The CLI's JSON, and tshark's view of the wire decrypted with the CLI's key log: nginx's
 * EncryptedExtensions accept early_data, and the second GET (decrypted with the early traffic
 * secret) travels before the client's EndOfEarlyData.  (On loopback the server's first flight
 * may cross it: it answers the ClientHello at once.) */
static void
test_nginx_cli (void)
{
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (nginx));
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (nginx));
  g_autofree char *ca = hsviz_test_cert_path ("ca.pem");
  g_autofree char *dir = g_dir_make_tmp ("hsviz-early-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.txt", NULL);
  const char *args[] = { "capture", "--reconnect", "--early-data", "--alpn", "http/1.1", "--no-ocsp",
                         "--servername", "localhost", "--cafile", ca, "--keylog", keylog, "--json", url, NULL };
  const char *fields[] = { "-T", "fields", "-e", "frame.number", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *gets = NULL, *accepts = NULL, *eoed = NULL;
  g_auto(GStrv) get_frames = NULL;
  JsonArray *connections;
  JsonObject *second, *early;
  const char *pcap;
  int status;

  out = hsviz_test_run_cli (args, &status, NULL);
  pcap = hsviz_test_tshark_stop (tshark);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  connections = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "connections");
  early = json_object_get_object_member (json_array_get_object_element (connections, 0), "early_data");
  g_assert_false (json_object_get_boolean_member (early, "offered"));
  second = json_array_get_object_element (connections, 1);
  early = json_object_get_object_member (second, "early_data");
  g_assert_true (json_object_get_boolean_member (early, "offered"));
  g_assert_true (json_object_get_boolean_member (early, "accepted"));
  g_assert_cmpint (json_object_get_int_member (early, "bytes"), ==,
                   strlen (json_object_get_string_member (json_object_get_object_member (second, "application_data"),
                                                          "request")));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second, "application_data"),
                                               "status"), ==, 200);

  gets = hsviz_test_tshark_read (pcap, keylog, "http.request", fields);
  accepts = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 8 && tls.handshake.extension.type == 42", fields);
  eoed = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 5", fields);
  get_frames = g_strsplit (g_strstrip (gets), "\n", -1);
  g_assert_cmpuint (g_strv_length (get_frames), ==, 2);
  g_assert_cmpuint (count (accepts, "\n"), ==, 1);
  g_assert_cmpuint (count (eoed, "\n"), ==, 1);
  g_assert_cmpint (atoi (get_frames[1]), <, atoi (eoed));

  /* the same wire imported: early data read from the messages, EndOfEarlyData decrypted with
   * the early key, and the key schedule checked as for the capture */
  {
    const char *import_args[] = { "import", pcap, "--keylog", keylog, "--json", NULL };
    g_autoptr(JsonParser) imported = json_parser_new ();
    g_autofree char *json = hsviz_test_run_cli (import_args, &status, NULL);
    JsonArray *messages, *ks;
    gboolean eoed_seen = FALSE, early_key_ok = FALSE;

    g_assert_cmpint (status, ==, 0);
    g_assert_true (json_parser_load_from_data (imported, json, -1, &error));
    connections = json_object_get_array_member (json_node_get_object (json_parser_get_root (imported)), "connections");
    g_assert_cmpuint (json_array_get_length (connections), ==, 2);
    second = json_array_get_object_element (connections, 1);
    early = json_object_get_object_member (second, "early_data");
    g_assert_true (json_object_get_boolean_member (early, "offered"));
    g_assert_true (json_object_get_boolean_member (early, "accepted"));
    messages = json_object_get_array_member (second, "messages");
    for (guint i = 0; i < json_array_get_length (messages); i++)
      eoed_seen |= g_str_equal (json_object_get_string_member (json_array_get_object_element (messages, i), "type"),
                                "EndOfEarlyData");
    ks = json_object_get_array_member (second, "key_schedule");
    for (guint i = 0; i < json_array_get_length (ks); i++)
      {
        JsonObject *e = json_array_get_object_element (ks, i);

        if (g_str_equal (json_object_get_string_member (e, "name"), "client_early_key"))
          early_key_ok = json_object_get_boolean_member (e, "verified");
      }
    g_assert_true (eoed_seen);
    g_assert_true (early_key_ok);
    /* the request it read from the 0-RTT record, and nginx's answer */
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second, "application_data"),
                                                 "status"), ==, 200);
  }
  g_unlink (keylog);
  g_rmdir (dir);
}

/* gnutls-serv accepts the early data and derives the same early traffic secret; it never
 * answers the request (see the top), so the capture ends at its timeout after the handshake. */
static void
test_gnutls_accepted (void)
{
  HsvizCaptureOptions *options = options_for (hsviz_test_peer_get_address (gnutls_serv));
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *random = NULL;
  HsvizConnection *second;
  HsvizEarlyData early;

  options->timeout_ms = 5000;
  cap = hsviz_capture_new (options, &error);
  hsviz_capture_options_clear (options);
  g_free (options);
  g_assert_no_error (error);
  session = hsviz_capture_run_sync (cap, NULL, &error);
  g_assert_nonnull (session);
  g_clear_error (&error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  second = hsviz_session_get_connection (session, 1);
  g_assert_true (hsviz_connection_get_outcome (second)->completed);
  g_assert_true (hsviz_connection_is_resumed (second));
  hsviz_connection_get_early_data (second, &early);
  g_assert_true (early.offered);
  g_assert_true (early.accepted);
  g_assert_true (has_message (second, HSVIZ_HS_END_OF_EARLY_DATA));

  theirs = hsviz_test_peer_read_keylog (gnutls_serv);
  ours = hsviz_session_dup_nss_keylog (session);
  random = hsviz_test_bytes_to_hex (hsviz_connection_get_client_random (second), 32);
  assert_same_early_secret (theirs, ours, random);
  assert_first_flight (second);
}

/* A TLS 1.2 server: the resumed connection offers no early data, and the CLI says on stderr
 * why (the core's note of the second connection, also in its step 6) */
static void
test_tls12_says_why (void)
{
  g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (tls12));
  g_autofree char *ca = hsviz_test_cert_path ("ca.pem");
  const char *args[] = { "capture", "--reconnect", "--early-data", "--alpn", "http/1.1", "--no-ocsp",
                         "--servername", "localhost", "--cafile", ca, "--json", url, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;
  HsvizConnection *second;
  g_autofree char *text = NULL;
  g_autofree char *note = NULL;
  HsvizEarlyData early;
  int status;

  out = hsviz_test_run_cli (args, &status, &err);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  session = hsviz_session_new_from_data (out, strlen (out), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  second = hsviz_session_get_connection (session, 1);
  g_assert_cmpuint (hsviz_connection_get_version (hsviz_session_get_connection (session, 0)), ==,
                    HSVIZ_VERSION_TLS12);
  g_assert_true (hsviz_connection_is_resumed (second));
  hsviz_connection_get_early_data (second, &early);
  g_assert_false (early.offered);
  text = hsviz_connection_dup_early_data_text (second);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "0-RTT: not possible: the connection before was TLS 1.2"));
  g_assert_nonnull (strstr (err, text));
  note = hsviz_connection_dup_step_note (second, HSVIZ_STEP_ENCRYPTION);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, text));
}

static void
test_needs_reconnect (void)
{
  HsvizCaptureOptions *options = options_for ("127.0.0.1:1");
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "capture", "--early-data", "https://127.0.0.1:1/", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  options->reconnect = FALSE;
  cap = hsviz_capture_new (options, &error);
  hsviz_capture_options_clear (options);
  g_free (options);
  g_assert_null (cap);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--reconnect"));
}

int
main (int   argc,
      char *argv[])
{
  const char *rejects[] = { "-tls1_3", "-max_early_data", "16384", NULL };
  const char *nginx_args[] = { "ssl_early_data on;", NULL };
  const char *gnutls_args[] = { "--earlydata", NULL };
  const char *tls12_args[] = { "-tls1_2", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  accepting_start ();
  rejecting = hsviz_test_peer_start ("openssl", rejects, &error);
  g_assert_no_error (error);
  nginx = hsviz_test_peer_start ("nginx", nginx_args, &error);
  g_assert_no_error (error);
  gnutls_serv = hsviz_test_peer_start ("gnutls", gnutls_args, &error);
  g_assert_no_error (error);
  tls12 = hsviz_test_peer_start ("openssl", tls12_args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/handshakeviz/early-data/openssl-accepted", test_accepted);
  g_test_add_func ("/handshakeviz/early-data/openssl-rejected-resent", test_rejected);
  g_test_add_func ("/handshakeviz/early-data/nginx-cli-json", test_nginx_cli);
  g_test_add_func ("/handshakeviz/early-data/gnutls-serv-accepted", test_gnutls_accepted);
  g_test_add_func ("/handshakeviz/early-data/tls12-says-why", test_tls12_says_why);
  g_test_add_func ("/handshakeviz/early-data/needs-reconnect", test_needs_reconnect);
  ret = g_test_run ();

  accepting_stop ();
  hsviz_test_peer_stop (rejecting);
  hsviz_test_peer_stop (nginx);
  hsviz_test_peer_stop (gnutls_serv);
  hsviz_test_peer_stop (tls12);
  return ret;
}
