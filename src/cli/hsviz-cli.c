/* hsviz-cli.c — handshakeviz-cli: capture, show and export TLS handshakes from scripts
 *
 * Exit status (README.md, "The command line"): 0 handshake completed, 1 handshake failed (the partial session is
 * still printed and saved), 2 usage error, 3 network error before TLS started, 4 a session file
 * could not be read (or written).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "hsviz.h"
#include "hsviz-cli-text.h"
#include "hsviz-util.h"

enum { EXIT_OK = 0, EXIT_HANDSHAKE = 1, EXIT_USAGE = 2, EXIT_NETWORK = 3, EXIT_FILE = 4 };

static char    *opt_priority;
static char    *opt_preset;
static char    *opt_cafile;
static char    *opt_servername;
static int      opt_timeout = 10;
static char    *opt_output;
static char    *opt_keylog;
static char    *opt_pem;
static char    *opt_pcapng;
static gboolean opt_no_secrets;
static gboolean opt_json;
static gboolean opt_no_request;
static gboolean opt_no_ocsp;
static char    *opt_alpn;
static gboolean opt_reconnect;
static gboolean opt_early_data;
static char    *opt_starttls;
static char    *opt_cert;
static char    *opt_key;
static char    *opt_password_file;

static GOptionEntry capture_entries[] = {
  { "priority", 0, 0, G_OPTION_ARG_STRING, &opt_priority, N_("GnuTLS priority string (default: NORMAL)"), N_("STRING") },
  { "preset", 0, 0, G_OPTION_ARG_STRING, &opt_preset, N_("default | tls13 | tls12 | tls12-rsa | tls12-rsa-classic"), N_("NAME") },
  { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &opt_cafile, N_("Trust this PEM bundle instead of the system store"), N_("FILE") },
  { "servername", 0, 0, G_OPTION_ARG_STRING, &opt_servername, N_("SNI and name to verify (default: the URL's host)"), N_("NAME") },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, N_("Whole capture: connect + handshake + request (default 10)"), N_("SECONDS") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Save the session file"), N_("FILE") },
  { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &opt_keylog, N_("Write the NSS key log (what SSLKEYLOGFILE would hold)"), N_("FILE") },
  { "no-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_no_secrets, N_("Leave secrets out of the output and the file"), NULL },
  { "no-request", 0, 0, G_OPTION_ARG_NONE, &opt_no_request, N_("Stop after the handshake (no HTTP GET in step 6)"), NULL },
  { "no-ocsp", 0, 0, G_OPTION_ARG_NONE, &opt_no_ocsp, N_("Do not ask the certificate's OCSP responder whether it was revoked"), NULL },
  { "reconnect", 0, 0, G_OPTION_ARG_NONE, &opt_reconnect, N_("After the first connection, a second one that resumes it (TLS 1.3 PSK, TLS 1.2 session ticket or id)"), NULL },
  { "early-data", 0, 0, G_OPTION_ARG_NONE, &opt_early_data, N_("With --reconnect: send the request as TLS 1.3 early data (0-RTT) when the server's ticket allows it"), NULL },
  { "alpn", 0, 0, G_OPTION_ARG_STRING, &opt_alpn, N_("Protocols to offer in ALPN, comma-separated; \"\" offers none (default: h2,http/1.1)"), N_("LIST") },
  { "cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_cert, N_("Client certificate: a PEM chain (with --key) or a PKCS#12 file (with --password-file)"), N_("FILE") },
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &opt_key, N_("The client certificate's private key (PEM)"), N_("FILE") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file, N_("The PKCS#12 password, on the first line of FILE"), N_("FILE") },
  { "starttls", 0, 0, G_OPTION_ARG_STRING, &opt_starttls, N_("Speak this protocol in clear first and ask it for TLS: smtp | imap | pop3 | ftp | xmpp | ldap | postgres"), N_("PROTO") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the session as JSON (the file's schema)"), NULL },
  { NULL }
};

static GOptionEntry show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the session as JSON (the file's schema)"), NULL },
  { "no-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_no_secrets, N_("Leave secrets out of the output"), NULL },
  { NULL }
};

static GOptionEntry export_entries[] = {
  { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &opt_keylog, N_("Write the NSS key log"), N_("FILE") },
  { "pem", 0, 0, G_OPTION_ARG_FILENAME, &opt_pem, N_("Write the certificate chain as sent, PEM"), N_("FILE") },
  { "pcapng", 0, 0, G_OPTION_ARG_FILENAME, &opt_pcapng, N_("Write the records as a pcapng capture, with the key log in it"), N_("FILE") },
  { NULL }
};

static GOptionEntry diff_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the comparison as JSON"), NULL },
  { NULL }
};

static GOptionEntry import_entries[] = {
  { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &opt_keylog, N_("Read this NSS key log (SSLKEYLOGFILE) besides the capture's own"), N_("FILE") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Save the session file"), N_("FILE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the session as JSON (the file's schema)"), NULL },
  { NULL }
};

static const char *usage_text =
  N_("Commands:\n"
     "  capture [OPTIONS] URL   Connect to URL (https://host[:port][/path] or host[:port]),\n"
     "                          record the TLS handshake and explain it in six steps\n"
     "  demo [OPTIONS]          The same against the built-in demo server on this machine\n"
     "                          (works with no network at all)\n"
     "  show FILE [--json]      Print a saved session\n"
     "  diff A B [--json]       Compare two saved sessions: version, suite, group, messages,\n"
     "                          extensions, certificates, round trips and time per step;\n"
     "                          A#N picks connection N of A (from 1, default 1)\n"
     "  diff FILE [--json]      Compare the first two connections of one session (a capture\n"
     "                          with --reconnect: the full handshake and the resumed one)\n"
     "  import CAPTURE [--keylog FILE] [--output FILE] [--json]\n"
     "                          Every TLS connection in a pcap or pcapng capture, decrypted\n"
     "                          with the key log or the capture's own secrets\n"
     "  export FILE --keylog OUT | --pem OUT | --pcapng OUT\n"
     "                          Write a saved session's NSS key log, certificate chain, or\n"
     "                          records as a capture that Wireshark opens decrypted\n"
     "\n"
     "Exit status: 0 handshake completed (whatever the certificate verdict), 1 handshake\n"
     "failed (the partial session is still printed and saved), 2 usage error, 3 network\n"
     "error before TLS started, 4 a session file could not be read.\n"
     "\n"
     "Examples:\n"
     "  handshakeviz-cli demo --preset tls12-rsa\n"
     "  handshakeviz-cli capture https://localhost:4433/ --cafile ca.pem --output s.handshake\n"
     "  handshakeviz-cli show s.handshake --json\n"
     "  handshakeviz-cli diff tls12.handshake tls13.handshake\n"
     "  handshakeviz-cli diff resumed.handshake\n"
     "Run 'handshakeviz-cli COMMAND --help' for the options of a command.");

static void
usage_error (const char *message)
{
  g_printerr ("handshakeviz-cli: %s\n%s\n", message,
              _("Run 'handshakeviz-cli --help' for usage."));
}

/* An output argument: "-" is standard output (written directly, as /dev/stdout), anything else
 * a file. */
static GFile *
output_file (const char *arg)
{
  if (g_str_equal (arg, "-"))
    {
      fflush (stdout);
      return g_file_new_for_path ("/dev/stdout");
    }
  return g_file_new_for_commandline_arg (arg);
}

/* Whether an output option sends a file to standard output (then the session is not printed). */
static gboolean
stdout_is_output (void)
{
  return g_strcmp0 (opt_output, "-") == 0 || g_strcmp0 (opt_keylog, "-") == 0 ||
         g_strcmp0 (opt_pem, "-") == 0 || g_strcmp0 (opt_pcapng, "-") == 0;
}

/* Before connecting: an output that cannot be written is said now, not after the capture. */
static gboolean
check_output (const char *arg)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (arg == NULL || g_str_equal (arg, "-"))
    return TRUE;
  file = g_file_new_for_commandline_arg (arg);
  if (!hsviz_file_check_writable (file, &error))
    {
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

typedef enum { EXPORT_KEYLOG, EXPORT_PEM } ExportKind;

/* The core writes the export (the key log of every connection; the first connection's
 * certificate chain); the CLI says what failed and turns it into an exit status. */
static int
write_export (ExportKind    kind,
              HsvizSession *session,
              const char   *path)
{
  g_autoptr(GFile) file = output_file (path);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (kind == EXPORT_KEYLOG)
    ok = hsviz_export_keylog (session, file, NULL, &error);
  else
    ok = hsviz_export_pem (hsviz_session_get_connection (session, 0), file, NULL, &error);
  if (!ok)
    {
      /* I/O errors name the file; "nothing to export" does not */
      if (g_error_matches (error, HSVIZ_ERROR, HSVIZ_ERROR_IO))
        g_printerr ("handshakeviz-cli: %s\n", error->message);
      else
        g_printerr ("handshakeviz-cli: %s: %s\n", path, error->message);
      return EXIT_FILE;
    }
  return EXIT_OK;
}

static int
write_pcapng (HsvizSession *session,
              const char   *path)
{
  g_autoptr(GFile) file = output_file (path);
  g_autoptr(GError) error = NULL;
  gboolean with_secrets = FALSE;

  if (!hsviz_export_pcapng (session, file, &with_secrets, NULL, &error))
    {
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      return EXIT_FILE;
    }
  if (!with_secrets)
    g_printerr ("handshakeviz-cli: %s\n",
                _("The session holds no key log (saved without secrets, or imported without one): the "
                  "capture has no Decryption Secrets Block, so Wireshark will not decrypt it"));
  return EXIT_OK;
}

/* Standard output that could not take everything (a full disk, /dev/full, a closed pipe) is an
 * error like any other file. */
static int
check_stdout (void)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr ("handshakeviz-cli: %s: %s\n", _("Could not write to standard output"),
                  g_strerror (errno));
      return EXIT_FILE;
    }
  return EXIT_OK;
}

/* With --no-secrets, what a file saved without secrets shows. */
static int
print_session (HsvizSession *session)
{
  g_autoptr(HsvizSession) shown = NULL;
  g_autoptr(GError) error = NULL;

  if (opt_no_secrets && (shown = hsviz_session_dup_without_secrets (session, &error)) == NULL)
    {
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      return EXIT_FILE;
    }
  if (shown != NULL)
    session = shown;
  if (opt_json)
    {
      gsize len = 0;
      g_autofree char *data = hsviz_session_to_data (session, !opt_no_secrets, &len);

      fwrite (data, 1, len, stdout);
      fputc ('\n', stdout);
    }
  else
    hsviz_cli_print_session (session, stdout);
  return check_stdout ();
}

static int
finish_capture (HsvizCapture *capture,
                HsvizSession *session,
                GError       *error)
{
  int status = EXIT_OK;

  if (session == NULL)
    {
      /* nothing captured: the network failed before TLS started */
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      return error->domain == HSVIZ_ERROR && error->code == HSVIZ_ERROR_INVALID_ARGUMENT
               ? EXIT_USAGE : EXIT_NETWORK;
    }

  if (!stdout_is_output ())
    status = print_session (session);

  /* --early-data that sent none: why (the core's note on the second connection) */
  if (opt_early_data && hsviz_session_get_n_connections (session) > 1)
    {
      HsvizConnection *second = hsviz_session_get_connection (session, 1);
      g_autofree char *why = hsviz_connection_dup_early_data_text (second);
      HsvizEarlyData early;

      hsviz_connection_get_early_data (second, &early);
      if (!early.offered && why != NULL)
        g_printerr ("handshakeviz-cli: %s\n", why);
    }

  /* the capture's own status comes first; a file that fails after it is said as well. A
   * failure after a completed handshake is said, the handshake still completed. */
  if (error != NULL)
    {
      HsvizConnection *connection = hsviz_session_get_connection (session, 0);

      g_printerr ("handshakeviz-cli: %s\n", error->message);
      if (connection == NULL || !hsviz_connection_get_outcome (connection)->completed)
        status = EXIT_HANDSHAKE;
    }

  if (opt_output != NULL)
    {
      g_autoptr(GFile) file = output_file (opt_output);
      g_autoptr(GError) save_error = NULL;

      if (!hsviz_session_save (session, file, !opt_no_secrets, NULL, &save_error))
        {
          g_printerr ("handshakeviz-cli: %s\n", save_error->message);
          if (status == EXIT_OK)
            status = EXIT_FILE;
        }
    }
  if (opt_keylog != NULL && !opt_no_secrets && error != NULL && !hsviz_session_has_secrets (session))
    /* Not a second error: the failed handshake explains why there is nothing to write. */
    g_printerr ("handshakeviz-cli: %s\n",
                _("No key log was written: the handshake stopped before any secret was derived."));
  else if (opt_keylog != NULL && !opt_no_secrets)
    {
      int ks = write_export (EXPORT_KEYLOG, session, opt_keylog);

      if (ks != EXIT_OK && status == EXIT_OK)
        status = ks;
    }
  if (stdout_is_output () && check_stdout () != EXIT_OK && status == EXIT_OK)
    status = EXIT_FILE;
  return status;
}

static int
run_capture (const char      *url,
             HsvizDemoServer *demo)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) capture = NULL;
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (opt_timeout <= 0 || opt_timeout > 3600)
    {
      usage_error (_("--timeout must be between 1 and 3600 seconds"));
      return EXIT_USAGE;
    }
  if (!check_output (opt_output) || (!opt_no_secrets && !check_output (opt_keylog)))
    return EXIT_FILE;

  options.url = g_strdup (url);
  options.priority = g_strdup (opt_priority);
  options.preset = g_strdup (opt_preset);
  options.cafile = g_strdup (opt_cafile);
  options.servername = g_strdup (opt_servername);
  options.timeout_ms = (guint) opt_timeout * 1000;
  options.no_request = opt_no_request;
  options.no_ocsp = opt_no_ocsp;
  options.alpn = g_strdup (opt_alpn);
  options.reconnect = opt_reconnect;
  options.early_data = opt_early_data;
  options.starttls = g_strdup (opt_starttls);
  options.cert = g_strdup (opt_cert);
  options.key = g_strdup (opt_key);
  options.password_file = g_strdup (opt_password_file);
  if (demo != NULL)
    hsviz_capture_options_set_demo (&options, demo);

  capture = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  if (capture == NULL)
    {
      usage_error (error->message);
      return EXIT_USAGE;
    }
  session = hsviz_capture_run_sync (capture, NULL, &error);
  return finish_capture (capture, session, error);
}

static HsvizSession *
load_session (const char *path,
              int        *status)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  HsvizSession *session = hsviz_session_load (file, NULL, &error);

  if (session == NULL)
    {
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      *status = EXIT_FILE;
    }
  else
    {
      g_autofree char *warning = hsviz_session_dup_file_warning (session, file);

      if (warning != NULL)
        g_printerr ("handshakeviz-cli: %s: %s\n", _("Warning"), warning);
    }
  return session;
}

typedef struct
{
  guint               n;
  HsvizSessionWriter *writer;  /* --json or --output: the session, connection by connection */
  gboolean            text;    /* the connections printed as text */
  GError             *error;   /* the first error writing it */
  GMutex              lock;
  GPtrArray          *spare;   /* of GString: the workers' buffers to write JSON in */
} Imported;

/* What a worker made of one connection: its JSON object and/or its text. */
typedef struct
{
  char   *json;
  gsize   json_len;
  char   *text;
  size_t  text_len;
  gint64  started_at;  /* the connection's (hsviz_connection_get_started_at) */
} ImportedText;

static void
imported_text_free (gpointer data)
{
  ImportedText *t = data;

  g_free (t->json);
  free (t->text);
  g_free (t);
}

static void
imported_spare_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* The session was captured when its first connection started (@at, µs since the epoch; 0: now,
 * nothing was imported). */
static gboolean
imported_begin (Imported *im,
                gint64    at)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = at > 0 ? g_date_time_add (epoch, at % G_USEC_PER_SEC) : g_date_time_new_now_utc ();

  return hsviz_session_writer_begin (im->writer, PACKAGE_NAME " " PACKAGE_VERSION, when, NULL, NULL, &im->error);
}

/* One imported connection as text (after its "── Connection N ──" line). */
static void
print_imported (HsvizConnection *connection,
                FILE            *out)
{
  g_autofree char *resumption = hsviz_connection_dup_resumption_text (connection);

  if (resumption != NULL)
    fprintf (out, "%s\n", resumption);
  hsviz_cli_print_connection (connection, out);
}

/* On one of the import's workers: the connection's text, made while other connections are
 * read (the writer's settings are only read).  The JSON is written in a buffer kept for the
 * next connection, then copied at its size: connections wait for an earlier one to be handed
 * over, sometimes hundreds of them. */
static gpointer
imported_prepare (HsvizConnection *connection,
                  gpointer         user_data)
{
  Imported *im = user_data;
  ImportedText *t = g_new0 (ImportedText, 1);

  t->started_at = hsviz_connection_get_started_at (connection);
  if (im->writer != NULL)
    {
      GString *buffer = NULL;

      hsviz_mutex_lock (&im->lock);
      if (im->spare->len > 0)
        buffer = g_ptr_array_steal_index_fast (im->spare, im->spare->len - 1);
      hsviz_mutex_unlock (&im->lock);
      if (buffer == NULL)
        buffer = g_string_sized_new (64 * 1024);
      hsviz_session_writer_format_connection (im->writer, connection, buffer);
      t->json_len = buffer->len;
      t->json = g_memdup2 (buffer->str, buffer->len);
      g_string_truncate (buffer, 0);
      hsviz_mutex_lock (&im->lock);
      g_ptr_array_add (im->spare, buffer);
      hsviz_mutex_unlock (&im->lock);
    }
  if (im->text)
    {
      FILE *buffer = open_memstream (&t->text, &t->text_len);

      if (buffer != NULL)
        {
          print_imported (connection, buffer);
          fclose (buffer);
        }
    }
  return t;
}

/* Writes (JSON) or prints (text) one imported connection as soon as it and every earlier one
 * is complete, then drops it: with workers, the text they made (@connection was dropped there);
 * without, from @connection. */
static void
imported_cb (HsvizConnection *connection,
             gpointer         prepared,
             gpointer         user_data)
{
  Imported *im = user_data;
  ImportedText *t = prepared;

  if (im->writer != NULL && im->error == NULL)
    {
      if (im->n == 0)
        imported_begin (im, t != NULL ? t->started_at : hsviz_connection_get_started_at (connection));
      if (im->error == NULL && t != NULL)
        hsviz_session_writer_add_text (im->writer, t->json, t->json_len, NULL, &im->error);
      else if (im->error == NULL)
        hsviz_session_writer_add (im->writer, connection, NULL, &im->error);
    }
  if (im->text)
    {
      g_print (_("── Connection %u ──\n"), im->n + 1);
      if (t == NULL)
        print_imported (connection, stdout);
      else if (t->text != NULL)
        fwrite (t->text, 1, t->text_len, stdout);
    }
  im->n++;
  g_clear_pointer (&t, imported_text_free);
  g_clear_object (&connection);
}

/* Every TLS connection of a capture, one after the other (text), or as one session (JSON), each
 * as soon as it is complete: memory stays that of the connections open at one time.  With
 * --output the session's text is kept until the end, then saved at once. */
static int
run_import (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) result = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *note = NULL;
  g_autofree char *data = NULL;
  Imported im = { 0 };
  HsvizImportOptions options = { 0 };
  gsize len = 0;

  if (opt_output == NULL && opt_json)
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  if (opt_output != NULL || opt_json)
    im.writer = hsviz_session_writer_new (out, TRUE);
  im.text = !opt_json && (opt_output == NULL || !g_str_equal (opt_output, "-"));
  g_mutex_init (&im.lock);
  im.spare = g_ptr_array_new_with_free_func (imported_spare_free);
  options.each = imported_cb;
  options.user_data = &im;
  if (hsviz_import_get_n_threads (0) > 1)
    {
      /* with workers, each connection's text is made there */
      options.prepare = imported_prepare;
      options.prepared_free = imported_text_free;
      options.drop_prepared = TRUE;
    }
  result = hsviz_import_file (path, opt_keylog, &options, NULL, &error);
  /* the import's workers are done */
  g_ptr_array_unref (im.spare);
  g_mutex_clear (&im.lock);
  if (result == NULL)
    {
      fflush (stdout);
      g_printerr ("handshakeviz-cli: %s\n", error->message);
      g_clear_pointer (&im.writer, hsviz_session_writer_free);
      g_clear_error (&im.error);
      return EXIT_FILE;
    }
  note = hsviz_import_result_dup_note (result);
  /* the text ends with what the import found (how many connections, which key log) */
  if (im.writer == NULL)
    {
      if (im.text)
        g_print ("\n%s\n", note);
      if (im.text && result->keylog_lines == 0)
        g_print ("%s\n", _("Without a key log what TLS encrypts is not shown: give one with --keylog FILE "
                           "(what SSLKEYLOGFILE writes)."));
      return check_stdout ();
    }

  if (im.error == NULL && (im.n > 0 || imported_begin (&im, 0)))
    hsviz_session_writer_end (im.writer, note, NULL, &im.error);
  if (out != NULL && im.error == NULL)
    g_output_stream_write_all (out, "\n", 1, NULL, NULL, &im.error);
  if (opt_output != NULL && im.error == NULL)
    {
      g_autoptr(GFile) file = output_file (opt_output);

      data = hsviz_session_writer_steal_text (im.writer, &len);
      hsviz_file_write (file, data, len, TRUE, NULL, &im.error);
    }
  hsviz_session_writer_free (im.writer);
  if (im.error != NULL)
    {
      g_printerr ("handshakeviz-cli: %s\n", im.error->message);
      g_error_free (im.error);
      return EXIT_FILE;
    }
  if (opt_output != NULL && opt_json && !g_str_equal (opt_output, "-"))
    {
      fwrite (data, 1, len, stdout);
      fputc ('\n', stdout);
    }
  return check_stdout ();
}

static gboolean
parse_options (const char    *command,
               const char    *parameter,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("handshakeviz-cli %s", command);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (error->message);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *command;
  int status = EXIT_OK;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      g_print ("%s\n\n%s\n", _("Usage: handshakeviz-cli COMMAND [OPTIONS] [ARGUMENTS]"), _(usage_text));
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("handshakeviz-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  command = argv[1];
  argv[1] = argv[0];
  argc--;
  argv++;

  if (g_str_equal (command, "capture"))
    {
      if (!parse_options ("capture", "URL", capture_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc != 2)
        {
          usage_error (_("capture needs exactly one URL"));
          return EXIT_USAGE;
        }
      status = run_capture (argv[1], NULL);
    }
  else if (g_str_equal (command, "demo"))
    {
      g_autoptr(HsvizDemoServer) demo = NULL;
      g_autoptr(GError) error = NULL;

      if (!parse_options ("demo", "", capture_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc != 1)
        {
          usage_error (_("demo takes no URL: it starts its own server on 127.0.0.1"));
          return EXIT_USAGE;
        }
      demo = hsviz_demo_server_new (&error);
      if (demo == NULL)
        {
          g_printerr ("handshakeviz-cli: %s\n", error->message);
          return EXIT_NETWORK;
        }
      status = run_capture (NULL, demo);
      hsviz_demo_server_stop (demo);
    }
  else if (g_str_equal (command, "show"))
    {
      g_autoptr(HsvizSession) session = NULL;

      if (!parse_options ("show", "FILE", show_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc != 2)
        {
          usage_error (_("show needs exactly one session file"));
          return EXIT_USAGE;
        }
      if ((session = load_session (argv[1], &status)) == NULL)
        return status;
      status = print_session (session);
    }
  else if (g_str_equal (command, "diff"))
    {
      g_autofree char *path_a = NULL;
      g_autofree char *path_b = NULL;
      g_autofree char *name_a = NULL;
      g_autofree char *name_b = NULL;
      g_autoptr(HsvizSession) a = NULL;
      g_autoptr(HsvizSession) b = NULL;
      g_autoptr(HsvizDiff) diff = NULL;
      guint number_a = 1, number_b = 1;
      HsvizConnection *ca, *cb;

      if (!parse_options ("diff", _("A[#N] B[#N] | FILE"), diff_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc == 2)
        {
          /* one file: its first two connections (a capture with --reconnect: full vs resumed) */
          path_a = g_strdup (argv[1]);
          path_b = g_strdup (argv[1]);
          number_b = 2;
        }
      else if (argc == 3)
        {
          path_a = hsviz_cli_diff_parse_side (argv[1], &number_a);
          path_b = hsviz_cli_diff_parse_side (argv[2], &number_b);
        }
      else
        {
          usage_error (_("diff needs two session files (A B, A#N B#N) or one of two or more connections"));
          return EXIT_USAGE;
        }
      if ((a = load_session (path_a, &status)) == NULL)
        return status;
      if (g_str_equal (path_a, path_b))
        b = g_object_ref (a);
      else if ((b = load_session (path_b, &status)) == NULL)
        return status;
      if ((ca = hsviz_cli_diff_pick (a, path_a, number_a, &name_a)) == NULL ||
          (cb = hsviz_cli_diff_pick (b, path_b, number_b, &name_b)) == NULL)
        return EXIT_USAGE;

      diff = hsviz_diff_new (ca, cb);
      if (opt_json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *text = NULL;

          hsviz_diff_to_json (diff, builder);
          root = json_builder_get_root (builder);
          json_generator_set_root (generator, root);
          json_generator_set_pretty (generator, TRUE);
          text = json_generator_to_data (generator, NULL);
          g_print ("%s\n", text);
        }
      else
        hsviz_cli_print_diff (diff, name_a, name_b, stdout);
      status = check_stdout ();
    }
  else if (g_str_equal (command, "import"))
    {
      if (!parse_options ("import", "CAPTURE", import_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc != 2)
        {
          usage_error (_("import needs exactly one pcap or pcapng capture"));
          return EXIT_USAGE;
        }
      status = run_import (argv[1]);
    }
  else if (g_str_equal (command, "export"))
    {
      g_autoptr(HsvizSession) session = NULL;

      if (!parse_options ("export", "FILE", export_entries, &argc, &argv))
        return EXIT_USAGE;
      if (argc != 2 || (opt_keylog == NULL && opt_pem == NULL && opt_pcapng == NULL))
        {
          usage_error (_("export needs one session file and --keylog OUT, --pem OUT and/or --pcapng OUT"));
          return EXIT_USAGE;
        }
      if ((session = load_session (argv[1], &status)) == NULL)
        return status;
      if (opt_keylog != NULL)
        status = write_export (EXPORT_KEYLOG, session, opt_keylog);
      if (status == EXIT_OK && opt_pem != NULL)
        status = write_export (EXPORT_PEM, session, opt_pem);
      if (status == EXIT_OK && opt_pcapng != NULL)
        status = write_pcapng (session, opt_pcapng);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (_("unknown command “%s”"), command);

      usage_error (msg);
      return EXIT_USAGE;
    }

  return status;
}
