/* test-resume.c — --reconnect: a second connection of the same session that resumes the first
 *
 * Peers (one of each, started once for the file): openssl s_server with tickets (TLS 1.3 and
 * TLS 1.2), openssl s_server -no_ticket (TLS 1.2 session-id resumption), openssl s_server
 * -no_cache -no_ticket (declines), gnutls-serv.  Truth from outside our code: the servers' key
 * logs, and tshark reading the loopback traffic (the pre_shared_key extension in the second
 * ClientHello and the identity the server selected; the Certificate messages on the wire).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

enum { PEER_TICKETS, PEER_SESSION_ID, PEER_DECLINES, PEER_GNUTLS, N_PEERS };
static HsvizTestPeer *peers[N_PEERS];

typedef struct
{
  const char *name;
  guint       peer;
  const char *preset;
  gboolean    resumed;
} ResumeCase;

static HsvizSession *
capture (HsvizTestPeer *peer,
         const char    *preset,
         GError       **error)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  HsvizSession *session;

  options.url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.preset = g_strdup (preset);
  options.alpn = g_strdup ("http/1.1");
  options.timeout_ms = 60000;
  options.no_ocsp = TRUE;
  options.reconnect = TRUE;
  cap = hsviz_capture_new (&options, error);
  hsviz_capture_options_clear (&options);
  if (cap == NULL)
    return NULL;
  session = hsviz_capture_run_sync (cap, NULL, error);
  return session;
}

static char *
random_hex (HsvizConnection *connection)
{
  const guint8 *random = hsviz_connection_get_client_random (connection);

  g_assert_nonnull (random);
  return hsviz_test_bytes_to_hex (random, 32);
}

static gboolean
has_message (HsvizConnection *connection,
             const char      *name)
{
  for (guint i = 0; i < hsviz_connection_get_n_messages (connection); i++)
    if (g_str_equal (hsviz_message_get_type_name (hsviz_connection_get_message (connection, i)), name))
      return TRUE;
  return FALSE;
}

static guint
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n++;
  return n;
}

/* Every secret the server logged for @connection's client random is in our key log, equal. */
static void
assert_keys_match_server (HsvizTestPeer *peer,
                          const char    *ours,
                          char          *client_random_owned,
                          const char    *must_have)
{
  g_autofree char *client_random = client_random_owned;
  g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);
  gboolean seen_must = FALSE;
  guint matched = 0;

  for (guint i = 0; i < theirs->len; i++)
    {
      HsvizTestKeylogEntry *e = g_ptr_array_index (theirs, i);
      g_autofree char *line = NULL;

      if (g_strcmp0 (e->client_random, client_random) != 0)
        continue;
      line = g_strdup_printf ("%s %s %s\n", e->label, e->client_random, e->secret);
      g_assert_nonnull (strstr (ours, line));
      matched++;
      if (g_str_equal (e->label, must_have))
        seen_must = TRUE;
    }
  g_assert_cmpuint (matched, >, 0);
  g_assert_true (seen_must);
}

static void
test_resume (gconstpointer data)
{
  const ResumeCase *c = data;
  HsvizTestPeer *peer = peers[c->peer];
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (peer));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = capture (peer, c->preset, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-resume-XXXXXX", NULL);
  g_autofree char *keylog = g_build_filename (dir, "keys.txt", NULL);
  g_autofree char *keys = NULL;
  g_autofree char *text = NULL;
  HsvizConnection *first, *second;
  gboolean tls13;
  const char *pcap;

  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  first = hsviz_session_get_connection (session, 0);
  second = hsviz_session_get_connection (session, 1);
  tls13 = hsviz_connection_get_version (second) == HSVIZ_VERSION_TLS13;
  g_assert_true (hsviz_connection_get_outcome (first)->completed);
  g_assert_true (hsviz_connection_get_outcome (second)->completed);
  g_assert_false (hsviz_connection_is_resumed (first));
  g_assert_cmpint (hsviz_connection_get_resumed_from (first), ==, -1);
  g_assert_cmpint (hsviz_connection_is_resumed (second), ==, c->resumed);
  g_assert_cmpint (hsviz_connection_get_resumed_from (second), ==, c->resumed ? 0 : -1);
  g_assert_cmpuint (hsviz_connection_get_application_data (second)->status, ==, 200);

  /* what was skipped: the certificate (ours, and on the wire) */
  g_assert_true (has_message (first, "Certificate"));
  g_assert_cmpint (has_message (second, "Certificate"), ==, !c->resumed);
  g_assert_cmpint (has_message (second, "CertificateVerify") || has_message (second, "ServerKeyExchange") ||
                   has_message (second, "ClientKeyExchange"), ==, !c->resumed);
  text = hsviz_session_dup_resumption_text (session, 1);
  g_assert_nonnull (text);
  g_assert_null (hsviz_session_dup_resumption_text (session, 0));

  /* the key log: every secret the server logged for either connection, the resumed TLS 1.2
   * one's CLIENT_RANDOM included (GnuTLS's callback writes none for it) */
  keys = hsviz_session_dup_nss_keylog (session);
  g_assert_nonnull (keys);
  assert_keys_match_server (peer, keys, random_hex (first),
                            tls13 ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_RANDOM");
  if (c->peer == PEER_GNUTLS && !tls13)
    {
      /* gnutls-serv logs no CLIENT_RANDOM for a resumed TLS 1.2 session either; the master
       * secret is the first connection's, so ours says that secret with the new random */
      g_autoptr(GPtrArray) theirs = hsviz_test_peer_read_keylog (peer);
      g_autofree char *first_random = random_hex (first);
      g_autofree char *second_random = random_hex (second);
      g_autofree char *line = NULL;

      for (guint i = 0; i < theirs->len && line == NULL; i++)
        {
          HsvizTestKeylogEntry *e = g_ptr_array_index (theirs, i);

          if (g_str_equal (e->label, "CLIENT_RANDOM") && g_str_equal (e->client_random, first_random))
            line = g_strdup_printf ("CLIENT_RANDOM %s %s\n", second_random, e->secret);
        }
      g_assert_nonnull (line);
      g_assert_nonnull (strstr (keys, line));
    }
  else
    assert_keys_match_server (peer, keys, random_hex (second),
                              tls13 ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_RANDOM");
  g_assert_true (g_file_set_contents (keylog, keys, -1, NULL));

  /* tshark: Certificate messages on the wire (decrypted with our key log in TLS 1.3) */
  {
    g_autofree char *certs = hsviz_test_tshark_read (pcap, keylog, "tls.handshake.type == 11", NULL);

    g_assert_cmpuint (count_lines (certs), ==, c->resumed ? 1 : 2);
  }
  if (tls13)
    {
      /* the second ClientHello offers a PSK; a resuming server selects identity 0 */
      const char *fields[] = { "-T", "fields", "-e", "tls.handshake.extensions.psk.identity.selected", NULL };
      g_autofree char *offers = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1 && tls.handshake.extension.type == 41", NULL);
      g_autofree char *selected = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 2 && tls.handshake.extension.type == 41", fields);

      g_assert_cmpuint (count_lines (offers), ==, 1);
      if (c->resumed)
        g_assert_cmpstr (g_strstrip (selected), ==, "0");
      else
        g_assert_cmpuint (count_lines (selected), ==, 0);
    }

  g_unlink (keylog);
  g_rmdir (dir);
}

static const ResumeCase cases[] = {
  { "/handshakeviz/resume/openssl-tls13-psk", PEER_TICKETS, "tls13", TRUE },
  { "/handshakeviz/resume/openssl-tls12-ticket", PEER_TICKETS, "tls12", TRUE },
  { "/handshakeviz/resume/openssl-tls12-session-id", PEER_SESSION_ID, "tls12", TRUE },
  { "/handshakeviz/resume/openssl-declines-tls13", PEER_DECLINES, "tls13", FALSE },
  { "/handshakeviz/resume/openssl-declines-tls12", PEER_DECLINES, "tls12", FALSE },
  { "/handshakeviz/resume/gnutls-tls13-psk", PEER_GNUTLS, "tls13", TRUE },
  { "/handshakeviz/resume/gnutls-tls12", PEER_GNUTLS, "tls12", TRUE },
};

int
main (int   argc,
      char *argv[])
{
  const char *no_ticket[] = { "-no_ticket", NULL };
  const char *declines[] = { "-no_cache", "-no_ticket", NULL };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  peers[PEER_TICKETS] = hsviz_test_peer_start ("openssl", NULL, &error);
  g_assert_no_error (error);
  peers[PEER_SESSION_ID] = hsviz_test_peer_start ("openssl", no_ticket, &error);
  g_assert_no_error (error);
  peers[PEER_DECLINES] = hsviz_test_peer_start ("openssl", declines, &error);
  g_assert_no_error (error);
  peers[PEER_GNUTLS] = hsviz_test_peer_start ("gnutls", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].name, &cases[i], test_resume);

  ret = g_test_run ();
  for (guint i = 0; i < N_PEERS; i++)
    hsviz_test_peer_stop (peers[i]);
  return ret;
}
