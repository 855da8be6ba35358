/* hsviz-test-utils.c — shared test helpers: certificates, commands, openssl's view of a
 * certificate, key logs, sessions (the real peers are in hsviz-test-peer.c)
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

#include "hsviz-test-utils.h"
#include "hsviz-util.h"

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

/* --- Temporary folders ---------------------------------------------------------------------- */

char *
hsviz_test_make_temp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
hsviz_test_remove_dir (const char *path)
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
          hsviz_test_remove_dir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

guint
hsviz_test_count_dir_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* --- Running commands ------------------------------------------------------------------------ */

void
hsviz_test_die_with_parent (gpointer user_data)
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
  g_subprocess_launcher_set_child_setup (launcher, hsviz_test_die_with_parent, NULL, NULL);

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

HsvizConnection *
hsviz_test_capture_options (HsvizCaptureOptions  *options,
                            GError              **error)
{
  g_autoptr(HsvizCapture) capture = hsviz_capture_new (options, error);

  hsviz_capture_options_clear (options);
  if (capture == NULL)
    return NULL;
  return hsviz_test_capture_connection (capture, NULL, error);
}

void
hsviz_test_capture_options_for_peer (HsvizCaptureOptions *options,
                                     HsvizTestPeer       *peer)
{
  options->url = g_strdup_printf ("https://%s/", hsviz_test_peer_get_address (peer));
  options->servername = g_strdup ("localhost");
  options->cafile = hsviz_test_cert_path ("ca.pem");
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
