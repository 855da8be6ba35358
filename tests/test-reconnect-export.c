/* test-reconnect-export.c — the two connections of a `capture --reconnect` (TLS 1.3 and TLS 1.2,
 * against openssl s_server, started once for the file) exported with `export --pcapng`, and
 * their labels
 *
 * Truth from outside our code: tshark reading the exported file with no key log and no settings
 * (the secrets are in the file's Decryption Secrets Block): one TCP stream per connection, each
 * between the connection's own addresses, each with its handshake messages dissected (the
 * encrypted ones decrypted) and its HTTP request decrypted, and the second one resumed as tshark
 * sees it (no Certificate; TLS 1.3: pre_shared_key in the ServerHello; TLS 1.2: the ServerHello
 * echoes the ClientHello's session id).  A capture without server_name, exported and imported:
 * the CLI's header names the server once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

static char *tmpdir;
static char *server_address;   /* the peer's "127.0.0.1:PORT" */

static char *
session_path (const char *version)
{
  return g_strdup_printf ("%s/reconnect-%s.handshake", tmpdir, version);
}

static char *
pcapng_path (const char *version)
{
  return g_strdup_printf ("%s/reconnect-%s.pcapng", tmpdir, version);
}

static HsvizSession *
load_session (const char *version)
{
  g_autofree char *path = session_path (version);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsvizSession *session = hsviz_session_load (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hsviz_session_get_n_connections (session), ==, 2);
  return session;
}

/* tshark's fields @fields (one line per packet) for @filter, as rows of columns. */
static GPtrArray *
tshark_rows (const char *pcap,
             const char *filter,
             const char *fields)
{
  g_auto(GStrv) names = g_strsplit (fields, " ", -1);
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_ptr_array_add (extra, "-T");
  g_ptr_array_add (extra, "fields");
  g_ptr_array_add (extra, "-E");
  g_ptr_array_add (extra, "occurrence=a");
  g_ptr_array_add (extra, "-E");
  g_ptr_array_add (extra, "aggregator=,");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_ptr_array_add (extra, "-e");
      g_ptr_array_add (extra, names[i]);
    }
  g_ptr_array_add (extra, NULL);
  out = hsviz_test_tshark_read (pcap, NULL, filter, (const char * const *) extra->pdata);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Connection @c's handshake message types, sorted, as "1,11,15,2,20,20,4,8" (tshark's order of
 * a TLS 1.3 NewSessionTicket that came with the server's flight differs from the hooks'). */
static char *
sorted_types (GPtrArray *types)
{
  g_ptr_array_sort (types, compare_strings);
  g_ptr_array_add (types, NULL);
  return g_strjoinv (",", (char **) types->pdata);
}

static void
test_export (gconstpointer data)
{
  const char *version = data;
  g_autoptr(HsvizSession) session = load_session (version);
  g_autofree char *pcap = pcapng_path (version);
  g_autoptr(GPtrArray) messages = tshark_rows (pcap, "tls.handshake", "tcp.stream tls.handshake.type");
  g_autoptr(GPtrArray) requests = tshark_rows (pcap, NULL, "tcp.stream http.request.method");
  g_autoptr(GPtrArray) hellos = tshark_rows (pcap, "tls.handshake.type == 1 || tls.handshake.type == 2",
                                             "tcp.stream tls.handshake.type tls.handshake.session_id "
                                             "tls.handshake.extension.type ip.src tcp.srcport ip.dst tcp.dstport");
  g_autofree char *gets = NULL;

  for (guint c = 0; c < 2; c++)
    {
      HsvizConnection *connection = hsviz_session_get_connection (session, c);
      g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *ours_text = NULL;
      g_autofree char *theirs_text = NULL;
      const char *client_session_id = NULL, *server_session_id = NULL, *server_extensions = NULL;

      for (guint i = 0; i < hsviz_connection_get_n_messages (connection); i++)
        g_ptr_array_add (ours, g_strdup_printf ("%u", hsviz_message_get_type_code (hsviz_connection_get_message (connection, i))));
      for (guint r = 0; r < messages->len; r++)
        {
          char **row = g_ptr_array_index (messages, r);
          g_auto(GStrv) types = NULL;

          if (g_strv_length (row) < 2 || (guint) g_ascii_strtoull (row[0], NULL, 10) != c)
            continue;
          types = g_strsplit (row[1], ",", -1);
          for (guint t = 0; types[t] != NULL; t++)
            g_ptr_array_add (theirs, g_strdup (types[t]));
        }
      ours_text = sorted_types (ours);
      theirs_text = sorted_types (theirs);
      /* every handshake message of the connection, encrypted ones included, in its own stream */
      g_assert_cmpstr (theirs_text, ==, ours_text);

      for (guint r = 0; r < hellos->len; r++)
        {
          char **row = g_ptr_array_index (hellos, r);
          g_autofree char *client = NULL;
          g_autofree char *server = NULL;

          g_assert_cmpuint (g_strv_length (row), ==, 8);
          if ((guint) g_ascii_strtoull (row[0], NULL, 10) != c)
            continue;
          if (g_str_equal (row[1], "1"))
            {
              client_session_id = row[2];
              /* the stream is between the connection's own sockets */
              client = g_strdup_printf ("%s:%s", row[4], row[5]);
              server = g_strdup_printf ("%s:%s", row[6], row[7]);
              g_assert_cmpstr (client, ==, hsviz_connection_get_client_address (connection));
              g_assert_cmpstr (server, ==, hsviz_connection_get_server_address (connection));
            }
          else
            {
              server_session_id = row[2];
              server_extensions = row[3];
            }
        }
      g_assert_nonnull (client_session_id);
      g_assert_nonnull (server_session_id);

      /* the second connection resumed the first, as tshark sees it */
      g_assert_true (hsviz_connection_is_resumed (connection) == (c == 1));
      g_assert_true ((strstr (theirs_text, "11") != NULL) == (c == 0));
      if (g_str_equal (version, "tls13"))
        {
          g_auto(GStrv) extensions = g_strsplit (server_extensions, ",", -1);

          g_assert_true (g_strv_contains ((const char * const *) extensions, "41") == (c == 1));
        }
      else if (c == 1)
        {
          g_assert_cmpstr (client_session_id, !=, "");
          g_assert_cmpstr (server_session_id, ==, client_session_id);
        }
      else
        g_assert_false (client_session_id[0] != '\0' && g_str_equal (server_session_id, client_session_id));
    }

  /* both HTTP requests decrypted, each in its stream */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint r = 0; r < requests->len; r++)
      {
        char **row = g_ptr_array_index (requests, r);

        if (g_strv_length (row) == 2 && row[1][0] != '\0')
          g_string_append_printf (text, "%s %s;", row[0], row[1]);
      }
    gets = g_string_free (g_steal_pointer (&text), FALSE);
  }
  g_assert_cmpstr (gets, ==, "0 GET;1 GET;");

  /* each stream starts when its connection did (started_at, the capture's clock), its SYN after
   * the name lookup: the resumed connection after the first, not laid out at a made-up time */
  {
    g_autoptr(GPtrArray) frames = tshark_rows (pcap, NULL, "tcp.stream frame.time_epoch");
    gint64 first_frame[2] = { -1, -1 };

    for (guint r = 0; r < frames->len; r++)
      {
        char **row = g_ptr_array_index (frames, r);
        guint stream = (guint) g_ascii_strtoull (row[0], NULL, 10);
        char *dot = strchr (row[1], '.');

        g_assert_nonnull (dot);
        dot[7] = '\0';   /* microseconds */
        if (stream < 2 && first_frame[stream] < 0)
          first_frame[stream] = g_ascii_strtoll (row[1], NULL, 10) * G_USEC_PER_SEC + g_ascii_strtoll (dot + 1, NULL, 10);
      }
    for (guint c = 0; c < 2; c++)
      {
        HsvizConnection *connection = hsviz_session_get_connection (session, c);
        const HsvizRecord *record = g_ptr_array_index (hsviz_connection_get_records (connection), 0);
        gint64 dns = MAX (hsviz_connection_get_timings (connection)->dns_us, 0);

        g_assert_cmpint (hsviz_connection_get_started_at (connection), >, 0);
        g_assert_cmpint (first_frame[c], ==, hsviz_connection_get_started_at (connection) + MIN (dns, record->time_us - 2));
      }
    g_assert_cmpint (hsviz_connection_get_started_at (hsviz_session_get_connection (session, 1)), >,
                     hsviz_connection_get_started_at (hsviz_session_get_connection (session, 0)));
  }
}

/* The switcher's names for the two connections, and what its tooltip adds, from the core */
static void
test_labels (void)
{
  const char *versions[] = { "tls13", "tls12" };
  const char *names[] = { "TLS 1.3", "TLS 1.2" };

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autoptr(HsvizSession) session = load_session (versions[v]);
      g_autofree char *first = hsviz_connection_dup_label (hsviz_session_get_connection (session, 0));
      g_autofree char *second = hsviz_connection_dup_label (hsviz_session_get_connection (session, 1));
      g_autofree char *want_first = g_strdup_printf ("1 · %s · full handshake", names[v]);
      g_autofree char *want_second = g_strdup_printf ("2 · %s · resumed 1", names[v]);

      g_assert_cmpstr (first, ==, want_first);
      g_assert_cmpstr (second, ==, want_second);
      /* what the label leaves out, for its tooltip: a capture's addresses */
      for (guint i = 0; i < 2; i++)
        {
          HsvizConnection *c = hsviz_session_get_connection (session, i);
          g_autofree char *details = hsviz_connection_dup_label_details (c);
          g_autofree char *addresses = hsviz_connection_dup_addresses_text (c);

          g_assert_cmpstr (details, ==, addresses);
        }
    }
}

/* An import without server_name is named by its sockets, the server's once:
 * "HandshakeViz — 127.0.0.1:CLIENT → 127.0.0.1:SERVER" */
static void
test_import_header_no_sni (void)
{
  g_autofree char *pcap = g_build_filename (tmpdir, "no-sni.pcapng", NULL);
  const char *args[] = { "import", pcap, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tail = g_strdup_printf (" → %s", server_address);
  g_auto(GStrv) lines = NULL;
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_test_message ("%s", lines[1]);
  /* (line 0 is "── Connection 1 ──") */
  g_assert_true (g_str_has_prefix (lines[1], "HandshakeViz — 127.0.0.1:"));
  g_assert_true (g_str_has_suffix (lines[1], tail));
  g_assert_true (strstr (lines[1], server_address) == g_strrstr (lines[1], server_address));
}

int
main (int   argc,
      char *argv[])
{
  const char *versions[] = { "tls13", "tls12" };
  g_autoptr(GError) error = NULL;
  HsvizTestPeer *peer;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("hsviz-reconnect-export-XXXXXX", NULL);

  /* a full and a resumed handshake against openssl s_server, each version, exported */
  peer = hsviz_test_peer_start ("openssl", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *session = session_path (versions[i]);
      g_autofree char *pcap = pcapng_path (versions[i]);
      const char *export[] = { "export", session, "--pcapng", pcap, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = -1;

      hsviz_test_peer_capture_reconnect (peer, versions[i], session);
      out = hsviz_test_run_cli (export, &status, &err);
      if (status != 0)
        g_error ("export --pcapng: status %d, %s", status, err);
    }
  /* one connection to the address, so no server_name */
  {
    g_autofree char *url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
    g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
    g_autofree char *session = g_build_filename (tmpdir, "no-sni.handshake", NULL);
    g_autofree char *pcap = g_build_filename (tmpdir, "no-sni.pcapng", NULL);
    const char *capture[] = { "capture", url, "--cafile", cafile, "--output", session, NULL };
    const char *export[] = { "export", session, "--pcapng", pcap, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    server_address = g_strdup (hsviz_test_peer_get_address (peer));
    out = hsviz_test_run_cli (capture, &status, &err);
    g_assert_true (g_file_test (session, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = hsviz_test_run_cli (export, &status, &err);
    if (status != 0)
      g_error ("export --pcapng: status %d, %s", status, err);
  }
  hsviz_test_peer_stop (peer);

  g_test_add_data_func ("/handshakeviz/cli/export/pcapng-reconnect-tls13", "tls13", test_export);
  g_test_add_data_func ("/handshakeviz/cli/export/pcapng-reconnect-tls12", "tls12", test_export);
  g_test_add_func ("/handshakeviz/cli/export/connection-labels", test_labels);
  g_test_add_func ("/handshakeviz/cli/import/header-no-sni", test_import_header_no_sni);
  ret = g_test_run ();

  hsviz_test_remove_dir (tmpdir);
  g_free (tmpdir);
  g_free (server_address);
  return ret;
}
