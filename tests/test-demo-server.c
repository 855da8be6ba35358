/* test-demo-server.c — the built-in demo server against real clients
 *
 * gnutls-cli and openssl s_client connect to it on 127.0.0.1 with TLS 1.3, TLS 1.2 ECDHE and
 * TLS 1.2 RSA key transport, verify its chain against its CA and read its HTTP answer.  The
 * pre-master secret it records is checked against openssl's key log ("RSA" line), and the
 * extended master secret is recomputed from it (RFC 7627, with GLib's HMAC and the transcript
 * printed by `openssl s_client -msg`) and compared with openssl's CLIENT_RANDOM line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hsviz-test-utils.h"

#define CLIENT_TIMEOUT_MS 30000

static const char http_request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

/* One server for the connection tests; the start/stop tests make their own. */
static HsvizDemoServer *shared_server;
static char *shared_ca_path;

static void
write_ca_file (HsvizDemoServer  *server,
               char            **path_out)
{
  g_autoptr(GError) error = NULL;
  GBytes *pem = hsviz_demo_server_get_ca_pem (server);
  int fd;

  fd = g_file_open_tmp ("hsviz-demo-ca-XXXXXX.pem", path_out, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (*path_out, g_bytes_get_data (pem, NULL), g_bytes_get_size (pem), &error);
  g_assert_no_error (error);
}

/* --- A TLS 1.2 PRF and the extended master secret, from RFC 5246 §5 and RFC 7627 §4 ----------- */

static void
prf_sha256 (const guint8 *secret,
            gsize         secret_len,
            const char   *label,
            const guint8 *seed,
            gsize         seed_len,
            guint8       *out,
            gsize         out_len)
{
  g_autoptr(GByteArray) label_seed = g_byte_array_new ();
  guint8 a[32];
  gsize a_len = sizeof a;
  gsize done = 0;

  g_byte_array_append (label_seed, (const guint8 *)label, strlen (label));
  g_byte_array_append (label_seed, seed, seed_len);

  {
    g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);

    g_hmac_update (h, label_seed->data, label_seed->len);      /* A(1) */
    g_hmac_get_digest (h, a, &a_len);
  }
  while (done < out_len)
    {
      g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);
      g_autoptr(GHmac) next = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);
      guint8 block[32];
      gsize block_len = sizeof block;

      g_hmac_update (h, a, sizeof a);
      g_hmac_update (h, label_seed->data, label_seed->len);
      g_hmac_get_digest (h, block, &block_len);
      memcpy (out + done, block, MIN (block_len, out_len - done));
      done += MIN (block_len, out_len - done);

      g_hmac_update (next, a, sizeof a);                          /* A(i+1) */
      a_len = sizeof a;
      g_hmac_get_digest (next, a, &a_len);
    }
}

static GBytes *
hex_to_bytes (const char *hex)
{
  gsize len = strlen (hex) / 2;
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new_take (data, len);
}

/* The handshake messages that `openssl s_client -msg` printed, in order: name → bytes
 * (with the 4-byte header). */
typedef struct
{
  char       *name;
  GByteArray *bytes;
} MsgEntry;

static void
msg_entry_free (gpointer data)
{
  MsgEntry *entry = data;

  g_free (entry->name);
  g_byte_array_unref (entry->bytes);
  g_free (entry);
}

static GPtrArray *
parse_openssl_msg (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  GPtrArray *messages = g_ptr_array_new_with_free_func (msg_entry_free);
  MsgEntry *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *handshake = strstr (line, ", Handshake [length ");

      if ((g_str_has_prefix (line, ">>> ") || g_str_has_prefix (line, "<<< ")) &&
          handshake != NULL)
        {
          const char *name = strstr (handshake, "], ");

          current = g_new0 (MsgEntry, 1);
          current->name = g_strstrip (g_strdup (name != NULL ? name + 3 : "?"));
          current->bytes = g_byte_array_new ();
          g_ptr_array_add (messages, current);
          continue;
        }
      if (current != NULL && g_str_has_prefix (line, "    "))
        {
          g_autofree char *stripped = g_strstrip (g_strdup (line));
          g_auto(GStrv) words = g_strsplit_set (stripped, " ", -1);
          gboolean all_hex = TRUE;

          for (guint w = 0; words[w] != NULL && all_hex; w++)
            all_hex = strlen (words[w]) == 2 && g_ascii_isxdigit (words[w][0]) &&
                      g_ascii_isxdigit (words[w][1]);
          if (all_hex)
            for (guint w = 0; words[w] != NULL; w++)
              {
                guint8 b = (g_ascii_xdigit_value (words[w][0]) << 4) |
                           g_ascii_xdigit_value (words[w][1]);

                g_byte_array_append (current->bytes, &b, 1);
              }
          else
            current = NULL;
          continue;
        }
      current = NULL;
    }
  return messages;
}

/* --- Running the clients --------------------------------------------------------------------- */

static char *
run_client (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmd = g_strjoinv (" ", (char **)argv);
  char *out;
  int status = 0;

  g_test_message ("%s", cmd);
  out = hsviz_test_run (argv, http_request, CLIENT_TIMEOUT_MS, &status, &err, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s\n%s", cmd, out, err);
  return out;
}

static void
assert_http_answer (const char *out)
{
  g_assert_nonnull (strstr (out, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (out, "Content-Type: text/plain"));
  g_assert_nonnull (strstr (out, "Connection: close"));
  g_assert_nonnull (strstr (out, "This is the HandshakeViz demo server."));
  g_assert_nonnull (strstr (out, "Your request: GET / HTTP/1.1"));
}

typedef struct
{
  const char *name;
  const char *gnutls_priority;
  const char *openssl_args[4];
  const char *gnutls_description;  /* prefix of gnutls-cli's "- Description:" */
  const char *openssl_cipher;      /* openssl's "Cipher is ..." */
  gboolean    rsa_kx;
} Variant;

static const Variant variants[] = {
  { "tls13", "NORMAL:-VERS-ALL:+VERS-TLS1.3", { "-tls1_3", NULL },
    "(TLS1.3-X.509)-(ECDHE-", "TLS_AES_", FALSE },
  { "tls12-ecdhe", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA",
    { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL },
    "(TLS1.2-X.509)-(ECDHE-", "ECDHE-RSA-AES128-GCM-SHA256", FALSE },
  { "tls12-rsa", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA",
    { "-tls1_2", "-cipher", "AES128-GCM-SHA256", NULL },
    "(TLS1.2-X.509)-(RSA)-", "AES128-GCM-SHA256", TRUE },
};

static void
check_pre_master_for (GPtrArray  *keylog,
                      const char *client_random_label,
                      gboolean    expect_pms,
                      GBytes    **pms_out)
{
  const HsvizTestKeylogEntry *entry = NULL;
  g_autoptr(GBytes) random = NULL;
  g_autoptr(GBytes) pms = NULL;

  for (guint i = 0; i < keylog->len && entry == NULL; i++)
    {
      const HsvizTestKeylogEntry *e = g_ptr_array_index (keylog, i);

      if (g_str_equal (e->label, client_random_label))
        entry = e;
    }
  g_assert_nonnull (entry);

  random = hex_to_bytes (entry->client_random);
  g_assert_cmpuint (g_bytes_get_size (random), ==, 32);
  pms = hsviz_demo_server_lookup_pre_master (shared_server, g_bytes_get_data (random, NULL));
  if (!expect_pms)
    {
      g_assert_null (pms);
      return;
    }
  g_assert_nonnull (pms);
  g_assert_cmpuint (g_bytes_get_size (pms), ==, 48);
  /* RFC 5246 §7.4.7.1: client_version (TLS 1.2 = 03 03) then 46 random bytes. */
  g_assert_cmpint (((const guint8 *)g_bytes_get_data (pms, NULL))[0], ==, 3);
  g_assert_cmpint (((const guint8 *)g_bytes_get_data (pms, NULL))[1], ==, 3);
  if (pms_out != NULL)
    *pms_out = g_steal_pointer (&pms);
}

static void
test_gnutls_cli (gconstpointer data)
{
  const Variant *v = data;
  g_autofree char *port = g_strdup_printf ("%u", hsviz_demo_server_get_port (shared_server));
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-demo-XXXXXX", NULL);
  g_autofree char *keylog_path = g_build_filename (tmpdir, "keys.txt", NULL);
  g_autofree char *keylog_env = g_strdup_printf ("SSLKEYLOGFILE=%s", keylog_path);
  g_autofree char *priority = g_strdup_printf ("--priority=%s", v->gnutls_priority);
  g_autofree char *cafile = g_strdup_printf ("--x509cafile=%s", shared_ca_path);
  const char *argv[] = { "env", keylog_env, "gnutls-cli", priority, cafile,
                         "--verify-hostname=localhost", "-p", port, "127.0.0.1", NULL };
  g_autofree char *out = run_client (argv);
  g_autofree char *description = g_strdup_printf ("- Description: %s", v->gnutls_description);
  g_autoptr(GPtrArray) keylog = hsviz_test_read_keylog_file (keylog_path);

  g_assert_nonnull (strstr (out, "- Status: The certificate is trusted."));
  g_assert_nonnull (strstr (out, "Got a certificate list of 2 certificates."));
  g_assert_nonnull (strstr (out, description));
  assert_http_answer (out);

  if (v->rsa_kx)
    {
      g_autoptr(GBytes) pms = NULL;

      check_pre_master_for (keylog, "CLIENT_RANDOM", TRUE, &pms);
    }
  else
    check_pre_master_for (keylog, strstr (v->name, "13") != NULL
                                  ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "CLIENT_RANDOM",
                          FALSE, NULL);

  g_unlink (keylog_path);
  g_rmdir (tmpdir);
}

/* The leaf as openssl sees it: names, key, usage and the validity window the server promised. */
static void
check_leaf_with_openssl (const char *s_client_output)
{
  const char *begin = strstr (s_client_output, "-----BEGIN CERTIFICATE-----");
  const char *end = begin != NULL ? strstr (begin, "-----END CERTIFICATE-----") : NULL;
  g_autofree char *pem = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) leaf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 not_before, not_after;
  int fd;

  g_assert_nonnull (end);
  pem = g_strndup (begin, end - begin + strlen ("-----END CERTIFICATE-----"));
  fd = g_file_open_tmp ("hsviz-demo-leaf-XXXXXX.pem", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, pem, -1, &error);
  g_assert_no_error (error);

  leaf = hsviz_test_openssl_x509 (path);
  {
    const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-ext", "extendedKeyUsage",
                           NULL };
    g_autofree char *eku = hsviz_test_run_check (argv);

    g_assert_nonnull (strstr (eku, "TLS Web Server Authentication"));
  }
  g_unlink (path);

  g_assert_true (g_str_has_prefix (g_hash_table_lookup (leaf, "subject"), "CN=localhost,"));
  g_assert_nonnull (strstr (g_hash_table_lookup (leaf, "issuer"), "CN=HandshakeViz Demo CA"));
  g_assert_cmpstr (g_hash_table_lookup (leaf, "san"), ==, "DNS:localhost, IP:127.0.0.1");
  g_assert_cmpstr (g_hash_table_lookup (leaf, "key_algorithm"), ==, "rsaEncryption");
  g_assert_cmpstr (g_hash_table_lookup (leaf, "key_bits"), ==, "2048");
  g_assert_cmpstr (g_hash_table_lookup (leaf, "is_ca"), ==, "FALSE");
  not_before = g_ascii_strtoll (g_hash_table_lookup (leaf, "not_before"), NULL, 10);
  not_after = g_ascii_strtoll (g_hash_table_lookup (leaf, "not_after"), NULL, 10);
  /* now - 1 h .. now + 30 days, made when the shared server started (this run). */
  g_assert_cmpint (not_before, <=, now - 3600 + 5);
  g_assert_cmpint (not_before, >=, now - 3600 - 600);
  g_assert_cmpint (not_after - not_before, ==, 30 * 24 * 3600 + 3600);
}

/* RFC 7627: master_secret = PRF(pre_master_secret, "extended master secret",
 * Hash(handshake_messages up to and including ClientKeyExchange)). */
static void
check_extended_master_secret (const char *s_client_output,
                              GBytes     *pms,
                              const char *master_hex)
{
  g_autoptr(GPtrArray) messages = parse_openssl_msg (s_client_output);
  g_autoptr(GChecksum) transcript = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 session_hash[32];
  gsize hash_len = sizeof session_hash;
  guint8 master[48];
  g_autofree char *ours = NULL;
  gboolean saw_cke = FALSE;
  gboolean ems = FALSE;

  for (guint i = 0; i < messages->len && !saw_cke; i++)
    {
      const MsgEntry *m = g_ptr_array_index (messages, i);

      g_test_message ("transcript: %s (%u bytes)", m->name, m->bytes->len);
      g_assert_cmpuint (m->bytes->len, >=, 4);
      g_checksum_update (transcript, m->bytes->data, m->bytes->len);
      saw_cke = g_str_equal (m->name, "ClientKeyExchange");
      if (g_str_equal (m->name, "ServerHello"))
        {
          /* Is extended_master_secret (0x0017) among the ServerHello extensions? */
          const guint8 *b = m->bytes->data + 4;
          gsize len = m->bytes->len - 4;
          gsize off = 2 + 32;
          gsize ext_end;

          g_assert_cmpuint (len, >, off);
          off += 1 + b[off] + 2 + 1;                 /* session id, suite, compression */
          g_assert_cmpuint (len, >=, off + 2);
          ext_end = off + 2 + ((b[off] << 8) | b[off + 1]);
          for (off += 2; off + 4 <= ext_end && off + 4 <= len;
               off += 4 + ((b[off + 2] << 8) | b[off + 3]))
            if (b[off] == 0x00 && b[off + 1] == 0x17)
              ems = TRUE;
        }
    }
  g_assert_true (saw_cke);
  g_assert_true (ems);   /* both GnuTLS and OpenSSL negotiate EMS by default */

  g_checksum_get_digest (transcript, session_hash, &hash_len);
  prf_sha256 (g_bytes_get_data (pms, NULL), g_bytes_get_size (pms), "extended master secret",
              session_hash, sizeof session_hash, master, sizeof master);
  ours = hsviz_test_bytes_to_hex (master, sizeof master);
  g_assert_cmpstr (ours, ==, master_hex);
}

static void
test_openssl (gconstpointer data)
{
  const Variant *v = data;
  g_autofree char *connect = g_strdup_printf ("127.0.0.1:%u",
                                              hsviz_demo_server_get_port (shared_server));
  g_autofree char *tmpdir = g_dir_make_tmp ("hsviz-demo-XXXXXX", NULL);
  g_autofree char *keylog_path = g_build_filename (tmpdir, "keys.txt", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) keylog = NULL;
  g_autofree char *cipher = g_strdup_printf ("Cipher is %s", v->openssl_cipher);
  const char *begin;
  guint n_certs = 0;

  g_ptr_array_add (argv, (gpointer)"openssl");
  g_ptr_array_add (argv, (gpointer)"s_client");
  g_ptr_array_add (argv, (gpointer)"-connect");
  g_ptr_array_add (argv, connect);
  g_ptr_array_add (argv, (gpointer)"-servername");
  g_ptr_array_add (argv, (gpointer)"localhost");
  g_ptr_array_add (argv, (gpointer)"-verify_hostname");
  g_ptr_array_add (argv, (gpointer)"localhost");
  g_ptr_array_add (argv, (gpointer)"-verify_return_error");
  g_ptr_array_add (argv, (gpointer)"-CAfile");
  g_ptr_array_add (argv, shared_ca_path);
  g_ptr_array_add (argv, (gpointer)"-showcerts");
  g_ptr_array_add (argv, (gpointer)"-msg");
  g_ptr_array_add (argv, (gpointer)"-ign_eof");
  g_ptr_array_add (argv, (gpointer)"-keylogfile");
  g_ptr_array_add (argv, keylog_path);
  for (guint i = 0; v->openssl_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)v->openssl_args[i]);
  g_ptr_array_add (argv, NULL);

  out = run_client ((const char * const *)argv->pdata);
  keylog = hsviz_test_read_keylog_file (keylog_path);

  g_assert_nonnull (strstr (out, "Verify return code: 0 (ok)"));
  g_assert_nonnull (strstr (out, cipher));
  assert_http_answer (out);
  for (begin = strstr (out, "-----BEGIN CERTIFICATE-----"); begin != NULL;
       begin = strstr (begin + 1, "-----BEGIN CERTIFICATE-----"))
    n_certs++;
  g_assert_cmpuint (n_certs, ==, 2);   /* leaf + CA */
  check_leaf_with_openssl (out);

  if (v->rsa_kx)
    {
      const HsvizTestKeylogEntry *rsa = NULL;
      const HsvizTestKeylogEntry *master = NULL;
      g_autoptr(GBytes) pms = NULL;
      g_autofree char *pms_hex = NULL;

      check_pre_master_for (keylog, "CLIENT_RANDOM", TRUE, &pms);
      for (guint i = 0; i < keylog->len; i++)
        {
          const HsvizTestKeylogEntry *e = g_ptr_array_index (keylog, i);

          if (g_str_equal (e->label, "RSA"))
            rsa = e;
          if (g_str_equal (e->label, "CLIENT_RANDOM"))
            master = e;
        }
      /* openssl logs the pre-master secret it encrypted: the server decrypted the same. */
      g_assert_nonnull (rsa);
      pms_hex = hsviz_test_bytes_to_hex (g_bytes_get_data (pms, NULL), g_bytes_get_size (pms));
      g_assert_cmpstr (pms_hex, ==, rsa->secret);
      g_assert_nonnull (master);
      check_extended_master_secret (out, pms, master->secret);
    }
  else
    check_pre_master_for (keylog, strstr (v->name, "13") != NULL
                                  ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "CLIENT_RANDOM",
                          FALSE, NULL);

  g_unlink (keylog_path);
  g_rmdir (tmpdir);
}

/* --- Misbehaving clients --------------------------------------------------------------------- */

static GSocketConnection *
connect_raw (HsvizDemoServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                          hsviz_demo_server_get_port (server), NULL, &error);
  g_assert_no_error (error);
  return conn;
}

static void
good_handshake_works (void)
{
  test_gnutls_cli (&variants[0]);
}

/* Reads until the server closes (or 10 s pass); returns what came. */
static GByteArray *
read_until_close (GSocketConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GByteArray *data = g_byte_array_new ();
  guint8 buf[1024];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      if (n <= 0)
        break;
      g_byte_array_append (data, buf, n);
    }
  return data;
}

static void
test_garbage_client (void)
{
  g_autoptr(GSocketConnection) conn = connect_raw (shared_server);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_set_timeout (g_socket_connection_get_socket (conn), 10);
  g_output_stream_write_all (out, http_request, strlen (http_request), NULL, NULL, &error);
  g_assert_no_error (error);
  answer = read_until_close (conn);
  /* Plain HTTP is not TLS: the server answers with at most an alert record (type 21). */
  g_test_message ("server answered %u bytes to plain HTTP", answer->len);
  if (answer->len > 0)
    g_assert_cmpint (answer->data[0], ==, 21);
  g_assert_cmpuint (answer->len, <=, 7);

  good_handshake_works ();
}

static void
test_random_bytes_client (void)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GSocketConnection) conn = connect_raw (shared_server);
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
      g_autoptr(GByteArray) answer = NULL;
      guint8 junk[600];

      /* A handshake record header that promises a ClientHello, then noise. */
      junk[0] = 22;
      junk[1] = 3;
      junk[2] = 1;
      junk[3] = 0x02;
      junk[4] = 0x00;
      junk[5] = 1;
      for (gsize i = 6; i < sizeof junk; i++)
        junk[i] = g_test_rand_int_range (0, 256);
      g_socket_set_timeout (g_socket_connection_get_socket (conn), 10);
      g_output_stream_write_all (out, junk, sizeof junk, NULL, NULL, NULL);
      answer = read_until_close (conn);
      g_test_message ("round %u: server answered %u bytes", round, answer->len);
    }

  good_handshake_works ();
}

static void
test_early_disconnect (void)
{
  /* Connect and close at once. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GSocketConnection) conn = connect_raw (shared_server);

      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }

  /* Half a ClientHello, then close. */
  {
    g_autoptr(GSocketConnection) conn = connect_raw (shared_server);
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
    static const guint8 partial[] = { 22, 3, 1, 0x01, 0x00, 1, 0x00, 0x00, 0xfc, 3, 3, 0xab };

    g_output_stream_write_all (out, partial, sizeof partial, NULL, NULL, NULL);
    g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  }

  good_handshake_works ();
}

static void
test_idle_client_does_not_block (void)
{
  /* A client that connects and says nothing holds one worker; others are still served. */
  g_autoptr(GSocketConnection) idle = connect_raw (shared_server);
  g_autoptr(GByteArray) answer = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 closed_after;

  good_handshake_works ();
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* The handshake timeout (10 s) frees the worker: the server closes the idle connection. */
  g_socket_set_timeout (g_socket_connection_get_socket (idle), 20);
  answer = read_until_close (idle);
  closed_after = g_get_monotonic_time () - start;
  g_test_message ("idle connection closed by the server after %.1f s",
                  closed_after / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (answer->len, ==, 0);
  g_assert_cmpint (closed_after, >=, 9 * G_USEC_PER_SEC);
  g_assert_cmpint (closed_after, <, 16 * G_USEC_PER_SEC);
}

static void
test_ipv6_loopback (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) probe = NULL;
  g_autofree char *port = g_strdup_printf ("%u", hsviz_demo_server_get_port (shared_server));
  g_autofree char *cafile = g_strdup_printf ("--x509cafile=%s", shared_ca_path);
  const char *argv[] = { "gnutls-cli", cafile, "--verify-hostname=localhost", "-p", port, "::1",
                         NULL };
  g_autofree char *out = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  probe = g_socket_client_connect_to_host (client, "[::1]", hsviz_demo_server_get_port (shared_server),
                                           NULL, NULL);
  if (probe == NULL)
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }
  g_io_stream_close (G_IO_STREAM (probe), NULL, NULL);

  /* "localhost" may resolve to ::1 first: the server answers there as well. */
  out = run_client (argv);
  g_assert_nonnull (strstr (out, "- Status: The certificate is trusted."));
  assert_http_answer (out);
}

/* --- Lifecycle ------------------------------------------------------------------------------- */

static void
test_start_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizDemoServer) server = hsviz_demo_server_new (&error);
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ca_path = NULL;
  g_autoptr(GHashTable) ca = NULL;
  GBytes *pem;
  guint8 random[32] = { 0 };
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_cmpuint (hsviz_demo_server_get_port (server), >, 0);
  url = hsviz_demo_server_dup_url (server);
  expected = g_strdup_printf ("https://localhost:%u/", hsviz_demo_server_get_port (server));
  g_assert_cmpstr (url, ==, expected);
  g_assert_null (hsviz_demo_server_lookup_pre_master (server, random));

  pem = hsviz_demo_server_get_ca_pem (server);
  g_assert_nonnull (pem);
  write_ca_file (server, &ca_path);
  ca = hsviz_test_openssl_x509 (ca_path);
  g_unlink (ca_path);
  g_assert_cmpstr (g_hash_table_lookup (ca, "subject"), ==, "CN=HandshakeViz Demo CA,O=HandshakeViz");
  g_assert_cmpstr (g_hash_table_lookup (ca, "subject"), ==, g_hash_table_lookup (ca, "issuer"));
  g_assert_cmpstr (g_hash_table_lookup (ca, "is_ca"), ==, "TRUE");
  g_assert_cmpstr (g_hash_table_lookup (ca, "key_algorithm"), ==, "id-ecPublicKey");
  g_assert_cmpstr (g_hash_table_lookup (ca, "curve"), ==, "P-256");

  start = g_get_monotonic_time ();
  hsviz_demo_server_stop (server);
  hsviz_demo_server_stop (server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* The port is closed after stop. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) conn = NULL;
    g_autoptr(GError) connect_error = NULL;

    conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                            hsviz_demo_server_get_port (server), NULL,
                                            &connect_error);
    g_assert_error (connect_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }

  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_stop_with_open_connections (void)
{
  g_autoptr(GError) error = NULL;
  HsvizDemoServer *server = hsviz_demo_server_new (&error);
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) partial = NULL;
  static const guint8 half[] = { 22, 3, 1, 0x01, 0x00, 1 };
  gint64 start;

  g_assert_no_error (error);
  idle = connect_raw (server);
  partial = connect_raw (server);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (partial)), half,
                             sizeof half, NULL, NULL, NULL);
  g_usleep (100 * 1000);   /* let the workers pick them up */

  /* Finalizing stops it: the workers blocked in reads are cancelled, not waited out. */
  start = g_get_monotonic_time ();
  g_assert_finalize_object (server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  shared_server = hsviz_demo_server_new (&error);
  g_assert_no_error (error);
  write_ca_file (shared_server, &shared_ca_path);

  g_test_add_func ("/handshakeviz/demo-server/start-stop", test_start_stop);
  g_test_add_func ("/handshakeviz/demo-server/stop-with-open-connections",
                   test_stop_with_open_connections);
  for (gsize i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *gnutls_path = g_strdup_printf ("/handshakeviz/demo-server/gnutls-cli/%s",
                                                      variants[i].name);
      g_autofree char *openssl_path = g_strdup_printf ("/handshakeviz/demo-server/openssl/%s",
                                                       variants[i].name);

      g_test_add_data_func (gnutls_path, &variants[i], test_gnutls_cli);
      g_test_add_data_func (openssl_path, &variants[i], test_openssl);
    }
  g_test_add_func ("/handshakeviz/demo-server/garbage-client", test_garbage_client);
  g_test_add_func ("/handshakeviz/demo-server/random-bytes-client", test_random_bytes_client);
  g_test_add_func ("/handshakeviz/demo-server/early-disconnect", test_early_disconnect);
  g_test_add_func ("/handshakeviz/demo-server/idle-client", test_idle_client_does_not_block);
  g_test_add_func ("/handshakeviz/demo-server/ipv6-loopback", test_ipv6_loopback);

  ret = g_test_run ();

  g_unlink (shared_ca_path);
  g_free (shared_ca_path);
  g_assert_finalize_object (shared_server);
  return ret;
}
