/* test-revocation.c — OCSP: stapled responses and the live query, against openssl on 127.0.0.1
 *
 * Truth comes from outside our code: the test CA's database (openssl ca -revoke), answered by
 * `openssl ocsp` as a responder on a free local port (and cross-checked with `openssl ocsp` as
 * a client), and the staples openssl made (tests/gen-certs.sh ocsp-rsa.der / ocsp-revoked.der)
 * sent by `openssl s_server -status_file`.  The leaf certificates for the live query are made
 * here, signed by the test CA, with an OCSP URL on 127.0.0.1: nothing else is ever asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "hsviz-revocation.h"
#include "hsviz-test-utils.h"

typedef struct
{
  char         *dir;          /* temp dir: CA database, leaf certificates */
  guint16       port;         /* the responder's */
  guint16       closed_port;  /* nothing listens there */
  GSocket      *silent;       /* listens, never accepts: connections hang in the backlog */
  GSubprocess  *responder;
} Fixture;

static Fixture fx;

static GSocket *
bind_loopback (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (sock);
  g_socket_bind (sock, any, FALSE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sock);
}

static guint16
socket_port (GSocket *sock)
{
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (sock, NULL);

  g_assert_nonnull (bound);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
in_dir (const char *name)
{
  return g_build_filename (fx.dir, name, NULL);
}

/* Runs openssl in the temp dir; asserts it succeeded; returns stdout. */
static char *
openssl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_cwd (launcher, fx.dir);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("openssl %s failed: %s", args[0], err);
  return out;
}

/* A leaf for localhost signed by the test CA (database in the temp dir), naming @ocsp_url. */
static void
make_leaf (const char *name,
           const char *ocsp_url)
{
  g_autofree char *cnf = g_strdup_printf ("%s.cnf", name);
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *csr = g_strdup_printf ("%s.csr", name);
  g_autofree char *pem = g_strdup_printf ("%s.pem", name);
  g_autofree char *cnf_path = in_dir (cnf);
  g_autofree char *ca_pem = hsviz_test_cert_path ("ca.pem");
  g_autofree char *ca_key = hsviz_test_cert_path ("ca.key");
  g_autofree char *text = g_strdup_printf (
    "[ ca ]\ndefault_ca = test_ca\n"
    "[ test_ca ]\ndir = .\ndatabase = ./index.txt\nnew_certs_dir = .\nserial = ./serial\n"
    "certificate = %s\nprivate_key = %s\ndefault_md = sha256\ndefault_days = 30\n"
    "policy = policy_any\nunique_subject = no\n"
    "[ policy_any ]\ncommonName = supplied\n"
    "[ req ]\ndistinguished_name = req_dn\nprompt = no\n[ req_dn ]\nCN = unused\n"
    "[ leaf ]\nbasicConstraints = critical,CA:FALSE\n"
    "keyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost,IP:127.0.0.1\nauthorityInfoAccess = OCSP;URI:%s\n",
    ca_pem, ca_key, ocsp_url);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (cnf_path, text, -1, &error);
  g_assert_no_error (error);
  g_free (openssl ((const char *[]) { "genpkey", "-algorithm", "EC", "-pkeyopt",
                                      "ec_paramgen_curve:P-256", "-out", key, NULL }));
  g_free (openssl ((const char *[]) { "req", "-config", cnf, "-new", "-key", key,
                                      "-subj", "/O=Test Lab/CN=localhost", "-out", csr, NULL }));
  g_free (openssl ((const char *[]) { "ca", "-config", cnf, "-batch", "-notext", "-preserveDN",
                                      "-in", csr, "-out", pem, "-extensions", "leaf", NULL }));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_responder (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *port = g_strdup_printf ("%u", fx.port);
  g_autofree char *ca_pem = hsviz_test_cert_path ("ca.pem");
  g_autofree char *ca_key = hsviz_test_cert_path ("ca.key");
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_cwd (launcher, fx.dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fx.responder = g_subprocess_launcher_spawn (launcher, &error, "openssl", "ocsp",
                                              "-index", "index.txt", "-port", port,
                                              "-CA", ca_pem, "-rsigner", ca_pem, "-rkey", ca_key,
                                              "-nmin", "10", "-ignore_err", NULL);
  g_assert_no_error (error);

  /* It prints "ACCEPT [::]:PORT PID=..." once it listens.  (Do not probe it with a connection
   * closed at once: openssl 3.0's responder then spins on the dead socket.) */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fx.responder));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "ACCEPT "))
    g_error ("openssl ocsp did not start listening on port %u: %s", fx.port, line ? line : "(exited)");
}

static void
fixture_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *closed_url = NULL;
  g_autofree char *index = NULL;
  g_autofree char *serial = NULL;

  fx.dir = g_dir_make_tmp ("hsviz-ocsp-XXXXXX", &error);
  g_assert_no_error (error);
  index = in_dir ("index.txt");
  serial = in_dir ("serial");
  g_file_set_contents (index, "", 0, &error);
  g_assert_no_error (error);
  g_file_set_contents (serial, "2000\n", -1, &error);
  g_assert_no_error (error);

  fx.port = hsviz_test_free_port ();
  do
    fx.closed_port = hsviz_test_free_port ();
  while (fx.closed_port == fx.port);
  url = g_strdup_printf ("http://127.0.0.1:%u/ocsp", fx.port);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/ocsp", fx.closed_port);

  make_leaf ("good", url);
  make_leaf ("revoked", url);
  make_leaf ("closed", closed_url);
  fx.silent = bind_loopback ();
  g_socket_listen (fx.silent, &error);
  g_assert_no_error (error);
  {
    g_autofree char *silent_url = g_strdup_printf ("http://127.0.0.1:%u/ocsp",
                                                   socket_port (fx.silent));

    make_leaf ("silent", silent_url);
  }
  g_free (openssl ((const char *[]) { "ca", "-config", "revoked.cnf", "-revoke", "revoked.pem",
                                      "-crl_reason", "keyCompromise", NULL }));
  start_responder ();
}

static void
fixture_teardown (void)
{
  if (fx.responder != NULL)
    {
      g_subprocess_send_signal (fx.responder, SIGTERM);
      g_subprocess_wait (fx.responder, NULL, NULL);
      g_clear_object (&fx.responder);
    }
  g_clear_object (&fx.silent);
  if (fx.dir != NULL)
    {
      hsviz_test_remove_dir (fx.dir);
      g_clear_pointer (&fx.dir, g_free);
    }
}

/* openssl ocsp as a client: what the responder says about @name ("good", "revoked"). */
static char *
openssl_says (const char *name)
{
  g_autofree char *pem = g_strdup_printf ("%s.pem", name);
  g_autofree char *ca_pem = hsviz_test_cert_path ("ca.pem");
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/ocsp", fx.port);
  g_autofree char *out = openssl ((const char *[]) { "ocsp", "-issuer", ca_pem, "-cert", pem,
                                                     "-url", url, "-CAfile", ca_pem, NULL });
  g_autofree char *prefix = g_strdup_printf ("%s: ", pem);
  const char *line = strstr (out, prefix);
  const char *end;

  g_assert_nonnull (line);
  line += strlen (prefix);
  end = strchr (line, '\n');
  return g_strndup (line, end ? (gsize) (end - line) : strlen (line));
}

/* Captures from an openssl s_server serving @cert/@key (+ the CA when @send_ca). */
static HsvizConnection *
capture_server_full (const char *cert,
                     const char *key,
                     gboolean    send_ca,
                     const char *status_file,
                     const char *preset,
                     gboolean    no_ocsp,
                     guint       timeout_ms)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  HsvizCaptureOptions options = { 0 };
  HsvizConnection *session;

  g_ptr_array_add (args, g_strdup ("-cert"));
  g_ptr_array_add (args, g_path_is_absolute (cert) ? g_strdup (cert) : in_dir (cert));
  g_ptr_array_add (args, g_strdup ("-key"));
  g_ptr_array_add (args, g_path_is_absolute (key) ? g_strdup (key) : in_dir (key));
  if (send_ca)
    {
      g_ptr_array_add (args, g_strdup ("-cert_chain"));
      g_ptr_array_add (args, hsviz_test_cert_path ("ca.pem"));
    }
  if (status_file != NULL)
    {
      g_ptr_array_add (args, g_strdup ("-status_file"));
      g_ptr_array_add (args, hsviz_test_cert_path (status_file));
    }
  g_ptr_array_add (args, NULL);
  peer = hsviz_test_peer_start ("openssl", (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  options.url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  options.preset = g_strdup (preset);
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.timeout_ms = timeout_ms;
  options.no_ocsp = no_ocsp;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  session = hsviz_test_capture_connection (cap, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (hsviz_connection_get_outcome (session)->completed);
  return session;
}

static HsvizConnection *
capture_server (const char *cert,
                const char *key,
                gboolean    send_ca,
                const char *status_file,
                const char *preset,
                gboolean    no_ocsp)
{
  return capture_server_full (cert, key, send_ca, status_file, preset, no_ocsp, 20000);
}

/* The revocation survives a session file round trip unchanged. */
static void
assert_round_trip (HsvizConnection *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) loaded = hsviz_test_reload (session, FALSE, &error);
  const HsvizRevocation *a = hsviz_connection_get_revocation (session);
  const HsvizRevocation *b;

  g_assert_no_error (error);
  b = hsviz_connection_get_revocation (loaded);
  g_assert_cmpstr (a->stapled, ==, b->stapled);
  g_assert_cmpstr (a->ocsp, ==, b->ocsp);
  g_assert_cmpstr (a->responder, ==, b->responder);
  g_assert_cmpstr (a->detail, ==, b->detail);
}

static void
test_live_good (void)
{
  g_autofree char *theirs = openssl_says ("good");
  g_autoptr(HsvizConnection) s = capture_server ("good.pem", "good.key", TRUE, NULL, NULL, FALSE);
  const HsvizRevocation *r = hsviz_connection_get_revocation (s);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/ocsp", fx.port);

  g_test_message ("%s", r->detail);
  g_assert_cmpstr (theirs, ==, "good");
  g_assert_cmpstr (r->ocsp, ==, "good");
  g_assert_cmpstr (r->stapled, ==, "none");
  g_assert_cmpstr (r->responder, ==, url);
  g_assert_nonnull (strstr (r->detail, "checked against the issuer"));
  g_assert_nonnull (strstr (r->detail, "HandshakeViz Test CA"));
  assert_round_trip (s);
}

static void
test_live_revoked (void)
{
  g_autofree char *theirs = openssl_says ("revoked");
  g_autoptr(HsvizConnection) s12 = capture_server ("revoked.pem", "revoked.key", TRUE, NULL, "tls12", FALSE);
  g_autoptr(HsvizConnection) s13 = capture_server ("revoked.pem", "revoked.key", TRUE, NULL, "tls13", FALSE);

  g_test_message ("%s", hsviz_connection_get_revocation (s13)->detail);
  g_assert_cmpstr (theirs, ==, "revoked");
  g_assert_cmpstr (hsviz_connection_get_revocation (s12)->ocsp, ==, "revoked");
  g_assert_cmpstr (hsviz_connection_get_revocation (s13)->ocsp, ==, "revoked");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (s13)->detail, "keyCompromise"));
  assert_round_trip (s13);
}

static void
test_live_unreachable (void)
{
  g_autoptr(HsvizConnection) s = capture_server ("closed.pem", "closed.key", TRUE, NULL, NULL, FALSE);
  const HsvizRevocation *r = hsviz_connection_get_revocation (s);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/ocsp", fx.closed_port);

  g_test_message ("%s", r->detail);
  g_assert_cmpstr (r->ocsp, ==, "unreachable");
  g_assert_cmpstr (r->responder, ==, url);
  g_assert_nonnull (strstr (r->detail, "could not be reached"));
  /* the rest of the capture is whole */
  g_assert_true (hsviz_connection_get_application_data (s)->present);
  g_assert_cmpuint (hsviz_connection_get_application_data (s)->status, ==, 200);
}

/* A responder that never answers: the query gives up after HSVIZ_REVOCATION_TIMEOUT_MS, or
 * earlier when the whole capture's time runs out; the capture completes either way. */
static void
test_live_silent (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(HsvizConnection) s = capture_server ("silent.pem", "silent.key", TRUE, NULL, NULL, FALSE);
  gint64 took = g_get_monotonic_time () - start;
  g_autoptr(HsvizConnection) t = NULL;

  g_test_message ("%s", hsviz_connection_get_revocation (s)->detail);
  g_assert_cmpstr (hsviz_connection_get_revocation (s)->ocsp, ==, "unreachable");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (s)->detail, "no answer in time"));
  g_assert_cmpint (took, >=, HSVIZ_REVOCATION_TIMEOUT_MS * 1000);
  g_assert_cmpint (took, <, (HSVIZ_REVOCATION_TIMEOUT_MS + 5000) * 1000);

  start = g_get_monotonic_time ();
  t = capture_server_full ("silent.pem", "silent.key", TRUE, NULL, NULL, FALSE, 2000);
  took = g_get_monotonic_time () - start;
  g_test_message ("%s", hsviz_connection_get_revocation (t)->detail);
  g_assert_cmpstr (hsviz_connection_get_revocation (t)->ocsp, ==, "unreachable");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (t)->detail, "ran out of time"));
  g_assert_cmpint (took, <, 4 * G_USEC_PER_SEC);
  g_assert_true (hsviz_connection_get_application_data (t)->present);
}

static void
cancel_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Cancelling while the live query waits: the capture still returns its whole session. */
static void
test_live_cancelled (void)
{
  const char *args[] = { "-cert", NULL, "-key", NULL, "-cert_chain", NULL, NULL };
  g_autofree char *cert = in_dir ("silent.pem");
  g_autofree char *key = in_dir ("silent.key");
  g_autofree char *ca = hsviz_test_cert_path ("ca.pem");
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(HsvizConnection) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HsvizCaptureOptions options = { 0 };
  gint64 cancelled_at;

  args[1] = cert;
  args[3] = key;
  args[5] = ca;
  peer = hsviz_test_peer_start ("openssl", args, &error);
  g_assert_no_error (error);
  options.url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  options.servername = g_strdup ("localhost");
  options.cafile = g_strdup (ca);
  options.timeout_ms = 20000;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);

  hsviz_capture_run_async (cap, cancellable, cancel_done_cb, &result);
  /* the outcome is set when the worker is done, before the live query starts */
  while (!hsviz_connection_get_outcome (hsviz_session_get_connection (hsviz_capture_get_session (cap), 0))->completed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC);

  session = hsviz_test_first_connection (hsviz_capture_run_finish (cap, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_test_message ("%s", hsviz_connection_get_revocation (session)->detail);
  g_assert_cmpstr (hsviz_connection_get_revocation (session)->ocsp, ==, "unreachable");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (session)->detail, "cancelled"));
  g_assert_true (hsviz_connection_get_application_data (session)->present);
}

static void
test_live_skipped (void)
{
  /* --no-ocsp: no query, not even to the closed port */
  g_autoptr(HsvizConnection) s = capture_server ("closed.pem", "closed.key", TRUE, NULL, NULL, TRUE);
  /* no issuer in the chain: no query can be built */
  g_autoptr(HsvizConnection) t = capture_server ("good.pem", "good.key", FALSE, NULL, NULL, FALSE);

  g_assert_cmpstr (hsviz_connection_get_revocation (s)->ocsp, ==, "none");
  g_assert_cmpstr (hsviz_connection_get_revocation (t)->ocsp, ==, "none");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (t)->detail, "did not send the issuer"));
}

static guint
count_type (HsvizConnection *session,
            guint8        type)
{
  guint n = 0;

  for (guint i = 0; i < hsviz_connection_get_n_messages (session); i++)
    if (hsviz_message_get_type_code (hsviz_connection_get_message (session, i)) == type)
      n++;
  return n;
}

/* A staple openssl made for rsa.pem (gen-certs.sh), sent by s_server. */
static void
test_staple (gconstpointer data)
{
  const char *preset = data;
  g_autofree char *cert = hsviz_test_cert_path ("rsa.pem");
  g_autofree char *key = hsviz_test_cert_path ("rsa.key");
  g_autoptr(HsvizConnection) s = capture_server (cert, key, TRUE, "ocsp-rsa.der", preset, TRUE);
  g_autoptr(HsvizConnection) n = capture_server (cert, key, FALSE, "ocsp-rsa.der", preset, TRUE);
  g_autoptr(HsvizConnection) none = capture_server (cert, key, TRUE, NULL, preset, TRUE);
  const HsvizRevocation *r = hsviz_connection_get_revocation (s);

  g_test_message ("%s", r->detail);
  /* TLS 1.2 staples in a CertificateStatus message, TLS 1.3 inside the Certificate */
  g_assert_cmpuint (hsviz_connection_get_version (s), ==,
                    g_str_equal (preset, "tls13") ? HSVIZ_VERSION_TLS13 : HSVIZ_VERSION_TLS12);
  g_assert_cmpuint (count_type (s, HSVIZ_HS_CERTIFICATE_STATUS), ==,
                    g_str_equal (preset, "tls13") ? 0 : 1);
  g_assert_cmpstr (r->stapled, ==, "good");
  g_assert_cmpstr (r->ocsp, ==, "none");
  g_assert_nonnull (strstr (r->responder, "CN=HandshakeViz Test CA"));
  g_assert_nonnull (strstr (r->detail, "checked against the issuer"));
  assert_round_trip (s);
  /* without the issuer the status is read, the signature not checked */
  g_assert_cmpstr (hsviz_connection_get_revocation (n)->stapled, ==, "good");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (n)->detail, "could not be checked"));
  g_assert_cmpstr (hsviz_connection_get_revocation (none)->stapled, ==, "none");
}

static void
test_staple_revoked (void)
{
  g_autofree char *cert = hsviz_test_cert_path ("revoked.pem");
  g_autofree char *key = hsviz_test_cert_path ("revoked.key");
  g_autofree char *rsa = hsviz_test_cert_path ("rsa.pem");
  g_autofree char *rsa_key = hsviz_test_cert_path ("rsa.key");
  g_autoptr(HsvizConnection) s = capture_server (cert, key, TRUE, "ocsp-revoked.der", "tls13", TRUE);
  /* a staple about another certificate is not believed */
  g_autoptr(HsvizConnection) w = capture_server (rsa, rsa_key, TRUE, "ocsp-revoked.der", "tls12", TRUE);

  g_test_message ("%s", hsviz_connection_get_revocation (s)->detail);
  g_test_message ("%s", hsviz_connection_get_revocation (w)->detail);
  g_assert_cmpstr (hsviz_connection_get_revocation (s)->stapled, ==, "revoked");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (s)->detail, "keyCompromise"));
  g_assert_cmpstr (hsviz_connection_get_revocation (w)->stapled, ==, "unknown");
  g_assert_nonnull (strstr (hsviz_connection_get_revocation (w)->detail, "another certificate"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* the live query must go straight to 127.0.0.1, never through a proxy */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/revocation/live-good", test_live_good);
  g_test_add_func ("/handshakeviz/revocation/live-revoked", test_live_revoked);
  g_test_add_func ("/handshakeviz/revocation/live-unreachable", test_live_unreachable);
  g_test_add_func ("/handshakeviz/revocation/live-silent", test_live_silent);
  g_test_add_func ("/handshakeviz/revocation/live-cancelled", test_live_cancelled);
  g_test_add_func ("/handshakeviz/revocation/live-skipped", test_live_skipped);
  g_test_add_data_func ("/handshakeviz/revocation/staple-tls12", "tls12", test_staple);
  g_test_add_data_func ("/handshakeviz/revocation/staple-tls13", "tls13", test_staple);
  g_test_add_func ("/handshakeviz/revocation/staple-revoked", test_staple_revoked);

  fixture_setup ();
  ret = g_test_run ();
  fixture_teardown ();
  return ret;
}
