/* test-session.c — a session of connections: the list model, its properties and signals, the
 * key log of every connection, and the read-only connection's properties
 *
 * The connections come from the captured samples in data/samples/ (real handshakes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"

typedef struct
{
  guint n_changed;
  guint last_position;
  guint last_added;
  guint n_notified;
} Counts;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *counts)
{
  counts->n_changed++;
  counts->last_position = position;
  counts->last_added = added;
  g_assert_cmpuint (removed, ==, 0);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Counts     *counts)
{
  counts->n_notified++;
}

/* Two connections in one session: the list, the indices, the back-pointer, the signals. */
static void
test_connections (void)
{
  g_autoptr(HsvizSession) session = hsviz_session_new ();
  g_autoptr(HsvizConnection) first = hsviz_test_first_connection (hsviz_test_load_sample ("tls13-demo.handshake"));
  g_autoptr(HsvizConnection) second = hsviz_test_first_connection (hsviz_test_load_sample ("tls12-ecdhe.handshake"));
  g_autoptr(HsvizConnection) item = NULL;
  Counts counts = { 0 };
  guint n = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (session)) == HSVIZ_TYPE_CONNECTION);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 0);
  g_assert_null (hsviz_session_get_connection (session, 0));
  g_assert_null (hsviz_connection_get_session (first));

  g_signal_connect (session, "items-changed", G_CALLBACK (items_changed_cb), &counts);
  g_signal_connect (session, "notify::n-connections", G_CALLBACK (notify_cb), &counts);
  hsviz_session_add_connection (session, first);
  g_assert_cmpuint (counts.n_changed, ==, 1);
  g_assert_cmpuint (counts.last_position, ==, 0);
  hsviz_session_add_connection (session, second);
  g_assert_cmpuint (counts.n_changed, ==, 2);
  g_assert_cmpuint (counts.last_position, ==, 1);
  g_assert_cmpuint (counts.last_added, ==, 1);
  g_assert_cmpuint (counts.n_notified, ==, 2);

  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (session)), ==, 2);
  g_object_get (session, "n-connections", &n, NULL);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (hsviz_session_get_connection (session, 0) == first);
  g_assert_true (hsviz_session_get_connection (session, 1) == second);
  item = g_list_model_get_item (G_LIST_MODEL (session), 1);
  g_assert_true (item == second);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (session), 2));
  g_assert_cmpuint (hsviz_connection_get_index (first), ==, 0);
  g_assert_cmpuint (hsviz_connection_get_index (second), ==, 1);
  g_object_get (second, "index", &n, NULL);
  g_assert_cmpuint (n, ==, 1);
  {
    g_autofree char *source = NULL;
    gboolean resumed = TRUE;

    g_object_get (second, "source", &source, "resumed", &resumed, NULL);
    g_assert_cmpstr (source, ==, "capture");
    g_assert_false (resumed);
  }
  g_assert_true (hsviz_connection_get_session (second) == session);

  /* a connection that outlives its session no longer points at it */
  g_clear_object (&session);
  g_assert_null (hsviz_connection_get_session (second));
}

/* The key log of a session is every connection's, in order; has-secrets is any connection's. */
static void
test_keylog (void)
{
  g_autoptr(HsvizSession) session = hsviz_session_new ();
  g_autoptr(HsvizConnection) first = hsviz_test_first_connection (hsviz_test_load_sample ("tls13-demo.handshake"));
  g_autoptr(HsvizConnection) second = hsviz_test_first_connection (hsviz_test_load_sample ("tls12-rsa.handshake"));
  g_autofree char *a = hsviz_connection_dup_nss_keylog (first);
  g_autofree char *b = hsviz_connection_dup_nss_keylog (second);
  g_autofree char *both = g_strconcat (a, b, NULL);
  g_autofree char *all = NULL;
  g_autoptr(HsvizSession) empty = hsviz_session_new ();

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_null (hsviz_session_dup_nss_keylog (empty));
  g_assert_false (hsviz_session_has_secrets (empty));

  hsviz_session_add_connection (session, first);
  hsviz_session_add_connection (session, second);
  all = hsviz_session_dup_nss_keylog (session);
  g_assert_cmpstr (all, ==, both);
  g_assert_nonnull (strstr (all, "CLIENT_RANDOM "));
  g_assert_nonnull (strstr (all, "SERVER_TRAFFIC_SECRET_0 "));
  g_assert_true (hsviz_session_has_secrets (session));
}

/* Without secrets: a copy through the loader; the original keeps its secrets. */
static void
test_without_secrets (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  g_autoptr(HsvizSession) bare = NULL;
  g_autoptr(GError) error = NULL;
  HsvizConnection *a, *b;

  bare = hsviz_session_dup_without_secrets (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bare);
  a = hsviz_session_get_connection (session, 0);
  b = hsviz_session_get_connection (bare, 0);
  g_assert_true (hsviz_session_has_secrets (session));
  g_assert_false (hsviz_session_has_secrets (bare));
  g_assert_true (hsviz_connection_secrets_stripped (b));
  g_assert_null (hsviz_session_dup_nss_keylog (bare));
  g_assert_cmpuint (hsviz_connection_get_n_messages (a), ==, hsviz_connection_get_n_messages (b));
  g_assert_cmpuint (hsviz_connection_get_records (a)->len, ==, hsviz_connection_get_records (b)->len);
  g_assert_cmpstr (hsviz_session_get_note (session), ==, hsviz_session_get_note (bare));
  g_assert_cmpint (g_date_time_to_unix (hsviz_session_get_captured_at (session)), ==,
                   g_date_time_to_unix (hsviz_session_get_captured_at (bare)));
}

/* The session's own facts as properties. */
static void
test_session_properties (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls13-demo.handshake");
  g_autoptr(GDateTime) captured_at = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *note = NULL;
  Counts counts = { 0 };

  g_object_get (session, "captured-at", &captured_at, "generator", &generator, "note", &note, NULL);
  g_assert_nonnull (captured_at);
  g_assert_true (g_date_time_equal (captured_at, hsviz_session_get_captured_at (session)));
  g_assert_cmpstr (generator, ==, hsviz_session_get_generator (session));
  g_assert_true (g_str_has_prefix (generator, "HandshakeViz "));
  g_assert_cmpstr (note, ==, hsviz_session_get_note (session));
  g_assert_nonnull (strstr (note, "Real capture"));

  g_signal_connect (session, "notify::note", G_CALLBACK (notify_cb), &counts);
  hsviz_session_set_note (session, note);
  g_assert_cmpuint (counts.n_notified, ==, 0);
  hsviz_session_set_note (session, "another note");
  g_assert_cmpuint (counts.n_notified, ==, 1);
  g_assert_cmpstr (hsviz_session_get_note (session), ==, "another note");
}

typedef struct
{
  guint n_messages;
  guint version;
  guint summary;
  guint completed;
} Notified;

static void
connection_notify_cb (GObject    *object,
                      GParamSpec *pspec,
                      Notified   *n)
{
  if (g_str_equal (pspec->name, "n-messages"))
    n->n_messages++;
  else if (g_str_equal (pspec->name, "version"))
    n->version++;
  else if (g_str_equal (pspec->name, "summary"))
    n->summary++;
  else if (g_str_equal (pspec->name, "completed"))
    n->completed++;
}

/* A connection's properties equal its getters, and notify when a capture (here: a replay of a
 * sample's messages through the builder, as the capture engine does) changes them. */
static void
test_connection_properties (void)
{
  g_autoptr(HsvizSession) session = hsviz_test_load_sample ("tls12-ecdhe.handshake");
  HsvizConnection *sample = hsviz_session_get_connection (session, 0);
  g_autoptr(HsvizConnection) live = hsviz_connection_new ();
  g_autofree char *summary = NULL, *suite_name = NULL, *version_name = NULL, *host = NULL;
  guint version = 0, suite = 0, n_messages = 0;
  gboolean completed = FALSE, has_secrets = FALSE;
  HsvizOutcome outcome = { 0 };
  Notified n = { 0 };

  g_object_get (sample, "version", &version, "cipher-suite", &suite, "summary", &summary,
                "completed", &completed, "n-messages", &n_messages, "cipher-suite-name", &suite_name,
                "version-name", &version_name, "host", &host, "has-secrets", &has_secrets, NULL);
  g_assert_cmpuint (version, ==, hsviz_connection_get_version (sample));
  g_assert_cmpuint (version, ==, 0x0303);
  g_assert_cmpuint (suite, ==, hsviz_connection_get_cipher_suite (sample));
  g_assert_cmpstr (suite_name, ==, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  g_assert_cmpstr (version_name, ==, "TLS 1.2");
  g_assert_cmpstr (host, ==, hsviz_connection_get_target (sample)->host);
  {
    g_autofree char *expected = hsviz_connection_dup_summary (sample);

    g_assert_cmpstr (summary, ==, expected);
  }
  g_assert_true (completed);
  g_assert_true (has_secrets);
  g_assert_cmpuint (n_messages, ==, hsviz_connection_get_n_messages (sample));

  g_signal_connect (live, "notify", G_CALLBACK (connection_notify_cb), &n);
  for (guint i = 0; i < hsviz_connection_get_n_messages (sample); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (sample, i);

      hsviz_connection_add_message (live, hsviz_message_get_direction (m),
                                    hsviz_message_get_time_us (m), hsviz_message_get_bytes (m));
    }
  g_assert_cmpuint (n.n_messages, ==, hsviz_connection_get_n_messages (sample));
  /* the version is known from the ServerHello on, once */
  g_assert_cmpuint (n.version, ==, 1);
  g_assert_cmpuint (n.completed, ==, 0);
  outcome.completed = TRUE;
  outcome.error_code = -1;
  hsviz_connection_set_outcome (live, &outcome);
  g_assert_cmpuint (n.completed, ==, 1);
  g_assert_cmpuint (n.summary, >=, 2);
  hsviz_connection_complete (live);
  g_assert_cmpuint (n.completed, ==, 1);
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (live), ==, suite);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/session/connections", test_connections);
  g_test_add_func ("/handshakeviz/session/keylog", test_keylog);
  g_test_add_func ("/handshakeviz/session/without-secrets", test_without_secrets);
  g_test_add_func ("/handshakeviz/session/properties", test_session_properties);
  g_test_add_func ("/handshakeviz/session/connection-properties", test_connection_properties);

  return g_test_run ();
}
