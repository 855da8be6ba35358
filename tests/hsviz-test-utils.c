/* hsviz-test-utils.c — shared test helpers: certificates, real peers on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>

#include "hsviz-test-daemons.h"
#include "hsviz-test-utils.h"
#include "hsviz-util.h"

#define PEER_START_TIMEOUT_US   (60 * G_USEC_PER_SEC)   /* java compiles its source first */
#define PEER_STOP_GRACE_US      (2 * G_USEC_PER_SEC)
#define PEER_START_ATTEMPTS     5

struct _HsvizTestPeer
{
  GSubprocess *process;
  char        *kind;
  char        *tmpdir;
  char        *keylog_path;
  char        *log_path;
  char        *address;
  guint16      port;
};

/* --- Certificates ---------------------------------------------------------------------------- */

static char *
find_gen_certs_script (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = NULL;

  if (srcdir == NULL)
    srcdir = g_test_get_dir (G_TEST_DIST);
  path = g_build_filename (srcdir, "gen-certs.sh", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("hsviz-test-utils: %s not found (set G_TEST_SRCDIR to the tests/ source dir)", path);
  return g_steal_pointer (&path);
}

const char *
hsviz_test_certs_dir (void)
{
  static char *dir = NULL;
  G_LOCK_DEFINE_STATIC (certs);

  G_LOCK (certs);
  if (dir == NULL)
    {
      const char *env = g_getenv ("HSVIZ_TEST_CERTS");
      g_autofree char *script = find_gen_certs_script ();
      g_autofree char *wanted = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      if (env != NULL && *env != '\0')
        wanted = g_strdup (env);
      else
        wanted = g_strdup_printf ("%s/hsviz-test-certs-%u", g_get_tmp_dir (), (guint)getuid ());

      {
        const char *argv[] = { "sh", script, wanted, NULL };

        out = hsviz_test_run (argv, NULL, 60000, &status, &err, &error);
      }
      if (out == NULL)
        g_error ("gen-certs.sh could not run: %s", error->message);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("gen-certs.sh failed:\n%s%s", out, err);
      dir = g_steal_pointer (&wanted);
    }
  G_UNLOCK (certs);

  return dir;
}

char *
hsviz_test_cert_path (const char *name)
{
  return g_build_filename (hsviz_test_certs_dir (), name, NULL);
}

GBytes *
hsviz_test_cert_der (const char *name)
{
  g_autofree char *path = hsviz_test_cert_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  gnutls_datum_t pem;
  gnutls_datum_t der = { NULL, 0 };
  GBytes *ret;
  int r;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  if (!g_str_has_prefix (contents, "-----BEGIN"))
    return g_bytes_new (contents, len);

  pem.data = (unsigned char *)contents;
  pem.size = (unsigned int)len;
  r = gnutls_pem_base64_decode2 ("CERTIFICATE", &pem, &der);
  if (r < 0)
    g_error ("%s: no PEM certificate: %s", path, gnutls_strerror (r));
  ret = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  return ret;
}

/* --- Running commands ------------------------------------------------------------------------ */

static void
die_with_parent (gpointer user_data)
{
  /* Runs in the child between fork and exec: async-signal-safe calls only. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  gboolean done;
  GBytes  *out;
  GBytes  *err;
  GError  *error;
} RunData;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunData *data = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &data->out, &data->err,
                                   &data->error);
  data->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
bytes_to_string (GBytes *bytes)
{
  /* An empty GBytes has NULL data, and g_strndup (NULL, 0) is NULL. */
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return g_strdup ("");
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

char *
hsviz_test_run (const char * const *argv,
                const char         *input,
                guint               timeout_ms,
                int                *exit_status,
                char              **stderr_out,
                GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = NULL;
  g_autofree char *input_path = NULL;
  RunData data = { 0 };
  gboolean timed_out = FALSE;
  gboolean killed = FALSE;
  char *ret = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  /* stdin comes from a file (or /dev/null): a child that exits without reading it cannot
   * make the write fail with EPIPE, nor kill the test with SIGPIPE. */
  if (input != NULL)
    {
      int fd = g_file_open_tmp ("hsviz-test-input-XXXXXX", &input_path, error);

      if (fd < 0)
        return NULL;
      close (fd);
      if (!g_file_set_contents (input_path, input, -1, error))
        {
          g_unlink (input_path);
          return NULL;
        }
      g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (input_path != NULL)
    g_unlink (input_path);   /* the child has it open already */
  if (process == NULL)
    return NULL;

  g_main_context_push_thread_default (context);
  timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timer, timeout_cb, &timed_out, NULL);
  g_source_attach (timer, context);
  g_subprocess_communicate_async (process, NULL, NULL, communicate_cb, &data);
  while (!data.done)
    {
      g_main_context_iteration (context, TRUE);
      if (timed_out && !data.done)
        {
          /* Kill it; communicate then completes as its pipes close. */
          g_subprocess_force_exit (process);
          timed_out = FALSE;
          killed = TRUE;
        }
    }
  g_source_destroy (timer);
  g_subprocess_wait (process, NULL, NULL);
  g_main_context_pop_thread_default (context);

  if (killed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s timed out after %u ms",
                   argv[0], timeout_ms);
      g_clear_error (&data.error);
      g_clear_pointer (&data.out, g_bytes_unref);
      g_clear_pointer (&data.err, g_bytes_unref);
      return NULL;
    }
  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      g_clear_pointer (&data.out, g_bytes_unref);
      g_clear_pointer (&data.err, g_bytes_unref);
      return NULL;
    }

  if (exit_status != NULL)
    *exit_status = g_subprocess_get_status (process);
  if (stderr_out != NULL)
    *stderr_out = bytes_to_string (data.err);
  ret = bytes_to_string (data.out);
  g_clear_pointer (&data.out, g_bytes_unref);
  g_clear_pointer (&data.err, g_bytes_unref);
  return ret;
}

char *
hsviz_test_run_cli (const char * const *args,
                    int                *status,
                    char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  char *out;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HSVIZ_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  out = hsviz_test_run ((const char * const *) argv->pdata, NULL, 60000, &wait_status, err, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  return out;
}

char *
hsviz_test_run_check (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmd = g_strjoinv (" ", (char **)argv);
  char *out;
  int status = 0;

  out = hsviz_test_run (argv, NULL, 30000, &status, &err, &error);
  if (out == NULL)
    g_error ("%s: %s", cmd, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", cmd, out, err);
  return out;
}

gboolean
hsviz_test_have_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

char *
hsviz_test_normalize_hex (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

char *
hsviz_test_bytes_to_hex (const guint8 *data,
                         gsize         len)
{
  return hsviz_hex_encode (data, len);
}

/* --- openssl's view of a certificate --------------------------------------------------------- */

/* "2026-11-26 20:14:07Z" (openssl -dateopt iso_8601) → Unix time */
static char *
iso_date_to_unix (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  if (sscanf (text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6)
    g_error ("cannot parse openssl date '%s'", text);
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  g_assert_nonnull (dt);
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (dt));
}

static void
parse_key_value_lines (GHashTable *table,
                       const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq = strchr (line, '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      key = g_strstrip (g_strndup (line, eq - line));
      value = g_strstrip (g_strdup (eq + 1));

      if (g_str_equal (key, "subject") || g_str_equal (key, "issuer"))
        g_hash_table_insert (table, g_steal_pointer (&key), g_steal_pointer (&value));
      else if (g_str_equal (key, "serial"))
        g_hash_table_insert (table, g_strdup ("serial"), g_ascii_strdown (value, -1));
      else if (g_str_equal (key, "notBefore"))
        g_hash_table_insert (table, g_strdup ("not_before"), iso_date_to_unix (value));
      else if (g_str_equal (key, "notAfter"))
        g_hash_table_insert (table, g_strdup ("not_after"), iso_date_to_unix (value));
      else if (g_ascii_strcasecmp (key, "sha256 Fingerprint") == 0)
        g_hash_table_insert (table, g_strdup ("sha256"), hsviz_test_normalize_hex (value));
      else if (g_ascii_strcasecmp (key, "sha1 Fingerprint") == 0)
        g_hash_table_insert (table, g_strdup ("sha1"), hsviz_test_normalize_hex (value));
    }
}

static void
parse_text (GHashTable *table,
            const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);
      const char *next = lines[i + 1] != NULL ? lines[i + 1] : "";
      int bits = 0;

      if (sscanf (line, "Public-Key: (%d bit)", &bits) == 1)
        g_hash_table_insert (table, g_strdup ("key_bits"), g_strdup_printf ("%d", bits));
      else if (g_str_has_prefix (line, "Public Key Algorithm:"))
        g_hash_table_insert (table, g_strdup ("key_algorithm"),
                             g_strstrip (g_strdup (line + strlen ("Public Key Algorithm:"))));
      else if (g_str_has_prefix (line, "NIST CURVE:"))
        g_hash_table_insert (table, g_strdup ("curve"),
                             g_strstrip (g_strdup (line + strlen ("NIST CURVE:"))));
      else if (g_str_has_prefix (line, "Signature Algorithm:") &&
               !g_hash_table_contains (table, "signature_algorithm"))
        g_hash_table_insert (table, g_strdup ("signature_algorithm"),
                             g_strstrip (g_strdup (line + strlen ("Signature Algorithm:"))));
      else if (g_str_has_prefix (line, "X509v3 Subject Alternative Name:"))
        {
          g_autofree char *san = g_strstrip (g_strdup (next));
          g_auto(GStrv) parts = g_strsplit (san, "IP Address:", -1);

          g_hash_table_insert (table, g_strdup ("san"), g_strjoinv ("IP:", parts));
        }
      else if (g_str_has_prefix (line, "X509v3 Basic Constraints:"))
        {
          g_autofree char *bc = g_strstrip (g_strdup (next));

          g_hash_table_insert (table, g_strdup ("is_ca"),
                               g_strdup (g_str_has_prefix (bc, "CA:TRUE") ? "TRUE" : "FALSE"));
        }
      else if (g_str_has_prefix (line, "OCSP - URI:"))
        g_hash_table_insert (table, g_strdup ("ocsp"),
                             g_strstrip (g_strdup (line + strlen ("OCSP - URI:"))));
      else if (g_str_has_prefix (line, "CA Issuers - URI:"))
        g_hash_table_insert (table, g_strdup ("ca_issuers"),
                             g_strstrip (g_strdup (line + strlen ("CA Issuers - URI:"))));
    }

  if (!g_hash_table_contains (table, "is_ca"))
    g_hash_table_insert (table, g_strdup ("is_ca"), g_strdup ("FALSE"));
}

GHashTable *
hsviz_test_openssl_x509 (const char *path)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *argv_fields[] = { "openssl", "x509", "-in", path, "-noout", "-subject", "-issuer",
                                "-serial", "-dates", "-nameopt", "RFC2253",
                                "-dateopt", "iso_8601", NULL };
  const char *argv_sha256[] = { "openssl", "x509", "-in", path, "-noout", "-fingerprint",
                                "-sha256", NULL };
  const char *argv_sha1[] = { "openssl", "x509", "-in", path, "-noout", "-fingerprint",
                              "-sha1", NULL };
  const char *argv_text[] = { "openssl", "x509", "-in", path, "-noout", "-text", NULL };
  g_autofree char *fields = hsviz_test_run_check (argv_fields);
  g_autofree char *sha256 = hsviz_test_run_check (argv_sha256);
  g_autofree char *sha1 = hsviz_test_run_check (argv_sha1);
  g_autofree char *text = hsviz_test_run_check (argv_text);

  parse_key_value_lines (table, fields);
  parse_key_value_lines (table, sha256);
  parse_key_value_lines (table, sha1);
  parse_text (table, text);
  return table;
}

/* --- Key logs -------------------------------------------------------------------------------- */

static void
keylog_entry_free (gpointer data)
{
  HsvizTestKeylogEntry *entry = data;

  g_free (entry->label);
  g_free (entry->client_random);
  g_free (entry->secret);
  g_free (entry);
}

GPtrArray *
hsviz_test_read_keylog_file (const char *path)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (keylog_entry_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return entries;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      HsvizTestKeylogEntry *entry;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      parts = g_strsplit_set (lines[i], " \t", -1);
      /* "RSA" lines (openssl) carry the first 8 bytes of the encrypted pre-master secret
       * instead of a client random, and the pre-master secret as the secret. */
      if (g_strv_length (parts) != 3 ||
          strlen (parts[1]) != (g_str_equal (parts[0], "RSA") ? 16 : 64))
        continue;
      entry = g_new0 (HsvizTestKeylogEntry, 1);
      entry->label = g_strdup (parts[0]);
      entry->client_random = g_ascii_strdown (parts[1], -1);
      entry->secret = g_ascii_strdown (parts[2], -1);
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

const HsvizTestKeylogEntry *
hsviz_test_keylog_find (GPtrArray  *entries,
                        const char *label,
                        const char *client_random_hex)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const HsvizTestKeylogEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->label, label) &&
          g_ascii_strcasecmp (entry->client_random, client_random_hex) == 0)
        return entry;
    }
  return NULL;
}

/* --- Real peers ------------------------------------------------------------------------------ */

static guint16
pick_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Whether something listens on @port on 127.0.0.1 or on all addresses, from /proc/net/tcp[6].
 * Reading the table instead of connecting keeps probes out of the server's accept count. */
static gboolean
port_is_listening (guint16 port)
{
  const char *files[] = { "/proc/net/tcp", "/proc/net/tcp6" };

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (files[f], &contents, NULL, NULL))
        continue;
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          char local[64];
          char remote[64];
          char state[8];
          char *colon;

          if (sscanf (lines[i], " %*s %63s %63s %7s", local, remote, state) != 3)
            continue;
          if (strcmp (state, "0A") != 0)   /* TCP_LISTEN */
            continue;
          colon = strchr (local, ':');
          if (colon == NULL || g_ascii_strtoull (colon + 1, NULL, 16) != port)
            continue;
          *colon = '\0';
          if (strcmp (local, "0100007F") == 0 || strcmp (local, "00000000") == 0 ||
              strcmp (local, "00000000000000000000000000000000") == 0 ||
              strcmp (local, "0000000000000000FFFF00000100007F") == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
args_contain (const char * const *args,
              const char         *option)
{
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    if (g_str_equal (args[i], option))
      return TRUE;
  return FALSE;
}

/* Daemons leave folders (runtime, state, databases): remove the whole tree. */
static void
remove_tmpdir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          /* Go's module cache is read-only */
          g_chmod (child, 0700);
          remove_tmpdir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Builds tests/peers/go-tls-server.go into the peer's temp dir, with the Go caches there and no
 * network (the standard library only). */
static gboolean
build_go_peer (HsvizTestPeer  *peer,
               GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) go = NULL;
  g_autofree char *source = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR")
                                                                         : g_test_get_dir (G_TEST_DIST),
                                              "peers", "go-tls-server.go", NULL);
  g_autofree char *binary = g_build_filename (peer->tmpdir, "go-tls-server", NULL);
  g_autofree char *cache = g_build_filename (peer->tmpdir, "gocache", NULL);
  g_autofree char *gopath = g_build_filename (peer->tmpdir, "gopath", NULL);
  g_autofree char *output = NULL;

  g_subprocess_launcher_set_cwd (launcher, peer->tmpdir);
  g_subprocess_launcher_setenv (launcher, "GOCACHE", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "GOPATH", gopath, TRUE);
  g_subprocess_launcher_setenv (launcher, "GOFLAGS", "-mod=mod", TRUE);
  g_subprocess_launcher_setenv (launcher, "GOPROXY", "off", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", peer->tmpdir, TRUE);
  go = g_subprocess_launcher_spawn (launcher, error, "go", "build", "-o", binary, source, NULL);
  if (go == NULL || !g_subprocess_communicate_utf8 (go, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (go))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "go build failed:\n%s", output);
      return FALSE;
    }
  return TRUE;
}

static GSubprocess *
spawn_peer (HsvizTestPeer      *peer,
            const char * const *extra_args,
            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_cwd (launcher, hsviz_test_certs_dir ());
  g_subprocess_launcher_set_stdout_file_path (launcher, peer->log_path);

  if (g_str_equal (peer->kind, "openssl"))
    {
      g_ptr_array_add (argv, g_strdup ("openssl"));
      g_ptr_array_add (argv, g_strdup ("s_server"));
      g_ptr_array_add (argv, g_strdup ("-accept"));
      g_ptr_array_add (argv, g_strdup (peer->address));
      g_ptr_array_add (argv, g_strdup ("-keylogfile"));
      g_ptr_array_add (argv, g_strdup (peer->keylog_path));
      g_ptr_array_add (argv, g_strdup ("-www"));
      if (!args_contain (extra_args, "-cert"))
        {
          g_ptr_array_add (argv, g_strdup ("-cert"));
          g_ptr_array_add (argv, g_strdup ("rsa.pem"));
          g_ptr_array_add (argv, g_strdup ("-key"));
          g_ptr_array_add (argv, g_strdup ("rsa.key"));
        }
    }
  else if (g_str_equal (peer->kind, "gnutls"))
    {
      g_ptr_array_add (argv, g_strdup ("gnutls-serv"));
      g_ptr_array_add (argv, g_strdup ("--http"));
      if (!args_contain (extra_args, "--require-client-cert"))
        g_ptr_array_add (argv, g_strdup ("-a"));
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", peer->port));
      if (!args_contain (extra_args, "--x509certfile"))
        {
          g_ptr_array_add (argv, g_strdup ("--x509certfile"));
          g_ptr_array_add (argv, g_strdup ("rsa.pem"));
          g_ptr_array_add (argv, g_strdup ("--x509keyfile"));
          g_ptr_array_add (argv, g_strdup ("rsa.key"));
        }
      g_subprocess_launcher_setenv (launcher, "SSLKEYLOGFILE", peer->keylog_path, TRUE);
    }
  else if (g_str_equal (peer->kind, "nginx"))
    {
      g_autofree char *conf = g_build_filename (peer->tmpdir, "nginx.conf", NULL);
      g_autofree char *errlog = g_build_filename (peer->tmpdir, "error.log", NULL);
      g_autoptr(GString) text = g_string_new (NULL);
      const char *certs = hsviz_test_certs_dir ();

      /* one process (no master, no daemon), everything it writes in the peer's temp dir */
      g_string_append_printf (text,
                              "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                              "pid %s/nginx.pid;\nerror_log %s info;\n"
                              "events { worker_connections 64; }\n"
                              "http {\n  access_log off;\n",
                              peer->tmpdir, errlog);
      for (guint i = 0; i < 5; i++)
        g_string_append_printf (text, "  %s_temp_path %s;\n",
                                (const char *[]) { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }[i],
                                peer->tmpdir);
      g_string_append_printf (text,
                              "  server {\n    listen %s ssl http2;\n"
                              "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                              "    ssl_certificate %s/rsa.pem;\n    ssl_certificate_key %s/rsa.key;\n",
                              peer->address, certs, certs);
      for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
        g_string_append_printf (text, "    %s\n", extra_args[i]);
      g_string_append (text, "    location / { return 200 \"hello from nginx\\n\"; }\n  }\n}\n");
      if (!g_file_set_contents (conf, text->str, -1, error))
        return NULL;
      extra_args = NULL;   /* they went into the configuration */

      g_ptr_array_add (argv, g_strdup ("nginx"));
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup (peer->tmpdir));
      g_ptr_array_add (argv, g_strdup ("-e"));
      g_ptr_array_add (argv, g_strdup (errlog));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup (conf));
    }
  else if (g_str_equal (peer->kind, "jsse"))
    {
      const char *srcdir = g_getenv ("G_TEST_SRCDIR");

      g_ptr_array_add (argv, g_strdup ("java"));
      g_ptr_array_add (argv, g_build_filename (srcdir ? srcdir : g_test_get_dir (G_TEST_DIST),
                                               "peers", "JsseServer.java", NULL));
      g_ptr_array_add (argv, g_strdup_printf ("%u", peer->port));
      g_ptr_array_add (argv, g_strdup ("rsa.p12"));
      g_ptr_array_add (argv, g_strdup ("rsa.p12.pass"));
    }
  else if (g_str_equal (peer->kind, "go"))
    {
      gboolean own = extra_args != NULL && extra_args[0] != NULL && extra_args[1] != NULL;

      g_ptr_array_add (argv, g_build_filename (peer->tmpdir, "go-tls-server", NULL));
      g_ptr_array_add (argv, g_strdup_printf ("%u", peer->port));
      g_ptr_array_add (argv, g_strdup (own ? extra_args[0] : "rsa.pem"));
      g_ptr_array_add (argv, g_strdup (own ? extra_args[1] : "rsa.key"));
      g_ptr_array_add (argv, g_strdup (peer->keylog_path));
      extra_args = NULL;   /* they are the certificate and key */
    }
  else
    {
      int handled = hsviz_test_daemon_prepare (peer->kind, peer->tmpdir, peer->port, extra_args,
                                               argv, launcher, error);

      if (handled < 0)
        return NULL;
      if (handled == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "unknown peer kind '%s' (openssl, gnutls, nginx, jsse, go, dovecot, exim, "
                       "slapd, postgres, prosody, vsftpd)", peer->kind);
          return NULL;
        }
      extra_args = NULL;   /* they went into the configuration */
    }

  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  return g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, error);
}

HsvizTestPeer *
hsviz_test_peer_start (const char         *kind,
                       const char * const *extra_args,
                       GError            **error)
{
  g_autoptr(HsvizTestPeer) peer = g_new0 (HsvizTestPeer, 1);
  g_autofree char *last_log = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  peer->kind = g_strdup (kind);
  peer->tmpdir = g_dir_make_tmp ("hsviz-peer-XXXXXX", error);
  if (peer->tmpdir == NULL)
    return NULL;
  peer->keylog_path = g_build_filename (peer->tmpdir, "keys.txt", NULL);
  peer->log_path = g_build_filename (peer->tmpdir, "server.log", NULL);
  if (g_str_equal (kind, "go") && !build_go_peer (peer, error))
    return NULL;

  for (guint attempt = 0; attempt < PEER_START_ATTEMPTS; attempt++)
    {
      gint64 deadline;

      g_clear_pointer (&peer->address, g_free);
      peer->port = pick_free_port ();
      peer->address = g_strdup_printf ("127.0.0.1:%u", peer->port);
      peer->process = spawn_peer (peer, extra_args, error);
      if (peer->process == NULL)
        return NULL;

      deadline = g_get_monotonic_time () + PEER_START_TIMEOUT_US;
      while (g_get_monotonic_time () < deadline && hsviz_test_peer_is_running (peer))
        {
          if (port_is_listening (peer->port))
            return g_steal_pointer (&peer);
          g_usleep (10000);
        }

      /* It exited (port taken by someone else, bad option, ...) or never listened. */
      g_subprocess_force_exit (peer->process);
      g_subprocess_wait (peer->process, NULL, NULL);
      g_clear_object (&peer->process);
      g_free (last_log);
      last_log = hsviz_test_peer_read_log (peer);
      if (strstr (last_log, "in use") == NULL)
        break;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "%s server did not start listening:\n%s", kind, last_log != NULL ? last_log : "");
  return NULL;
}

guint16
hsviz_test_peer_get_port (HsvizTestPeer *peer)
{
  return peer->port;
}

const char *
hsviz_test_peer_get_address (HsvizTestPeer *peer)
{
  return peer->address;
}

const char *
hsviz_test_peer_get_keylog_path (HsvizTestPeer *peer)
{
  return peer->keylog_path;
}

char *
hsviz_test_peer_read_log (HsvizTestPeer *peer)
{
  char *contents = NULL;

  if (!g_file_get_contents (peer->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

gboolean
hsviz_test_peer_is_running (HsvizTestPeer *peer)
{
  /* GSubprocess reaps the child in GLib's worker thread and then drops the identifier. */
  return peer->process != NULL && g_subprocess_get_identifier (peer->process) != NULL;
}

GPtrArray *
hsviz_test_peer_read_keylog (HsvizTestPeer *peer)
{
  return hsviz_test_read_keylog_file (peer->keylog_path);
}

void
hsviz_test_peer_stop (HsvizTestPeer *peer)
{
  if (peer == NULL)
    return;

  if (peer->process != NULL)
    {
      gint64 deadline = g_get_monotonic_time () + PEER_STOP_GRACE_US;

      if (hsviz_test_peer_is_running (peer))
        g_subprocess_send_signal (peer->process, SIGTERM);
      while (hsviz_test_peer_is_running (peer) && g_get_monotonic_time () < deadline)
        g_usleep (5000);
      if (hsviz_test_peer_is_running (peer))
        g_subprocess_force_exit (peer->process);
      g_subprocess_wait (peer->process, NULL, NULL);
      g_clear_object (&peer->process);
    }

  if (peer->tmpdir != NULL)
    remove_tmpdir (peer->tmpdir);
  g_free (peer->kind);
  g_free (peer->tmpdir);
  g_free (peer->keylog_path);
  g_free (peer->log_path);
  g_free (peer->address);
  g_free (peer);
}

/* --- Sessions ------------------------------------------------------------------------------- */

HsvizSession *
hsviz_test_load_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsvizSession *session = hsviz_session_load (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

HsvizConnection *
hsviz_test_first_connection (HsvizSession *session)
{
  HsvizConnection *connection;

  if (session == NULL)
    return NULL;
  g_assert_cmpuint (hsviz_session_get_n_connections (session), >=, 1);
  connection = g_object_ref (hsviz_session_get_connection (session, 0));
  g_object_unref (session);
  return connection;
}

HsvizConnection *
hsviz_test_capture_connection (HsvizCapture  *capture,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return hsviz_test_first_connection (hsviz_capture_run_sync (capture, cancellable, error));
}

HsvizSession *
hsviz_test_session_of (HsvizConnection *connection)
{
  HsvizSession *session;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (hsviz_connection_get_session (connection) != NULL)
    return g_object_ref (hsviz_connection_get_session (connection));
  session = hsviz_session_new ();
  hsviz_session_set_captured_at (session, now);
  hsviz_session_add_connection (session, connection);
  return session;
}

HsvizConnection *
hsviz_test_reload (HsvizConnection  *connection,
                   gboolean          with_secrets,
                   GError          **error)
{
  g_autoptr(HsvizSession) session = hsviz_test_session_of (connection);
  gsize length = 0;
  g_autofree char *data = hsviz_session_to_data (session, with_secrets, &length);
  g_autoptr(HsvizSession) loaded = hsviz_session_new_from_data (data, length, error);

  if (loaded == NULL)
    return NULL;
  g_assert_cmpuint (hsviz_session_get_n_connections (loaded), ==,
                    hsviz_session_get_n_connections (session));
  return g_object_ref (hsviz_session_get_connection (loaded, hsviz_connection_get_index (connection)));
}

JsonNode *
hsviz_test_connection_to_json (HsvizConnection *connection,
                               gboolean         with_secrets)
{
  g_autoptr(HsvizSession) session = hsviz_test_session_of (connection);

  g_autoptr(JsonNode) root = hsviz_session_to_json (session, with_secrets);
  JsonArray *list = json_object_get_array_member (json_node_get_object (root), "connections");

  return json_node_copy (json_array_get_element (list, hsviz_connection_get_index (connection)));
}

JsonObject *
hsviz_test_json_first_connection (JsonObject *root)
{
  JsonArray *list;

  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, HSVIZ_SESSION_FORMAT_VERSION);
  list = json_object_get_array_member (root, "connections");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  return json_object_ref (json_array_get_object_element (list, 0));
}
