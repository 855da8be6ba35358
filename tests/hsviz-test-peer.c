/* hsviz-test-peer.c — real peers for the tests: openssl s_server, gnutls-serv, nginx, a Go
 * crypto/tls server, Java's JSSE and the Debian daemons of hsviz-test-daemons.c, each on a free
 * port of 127.0.0.1 with its temp dir
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hsviz-test-daemons.h"
#include "hsviz-test-peer.h"
#include "hsviz-test-utils.h"

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

guint16
hsviz_test_free_port (void)
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
  g_subprocess_launcher_set_child_setup (launcher, hsviz_test_die_with_parent, NULL, NULL);
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
      peer->port = hsviz_test_free_port ();
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

void
hsviz_test_peer_capture_reconnect (HsvizTestPeer *peer,
                                   const char    *preset,
                                   const char    *output)
{
  g_autofree char *url = g_strdup_printf ("https://%s/", peer->address);
  g_autofree char *cafile = hsviz_test_cert_path ("ca.pem");
  const char *args[] = { "capture", url, "--servername", "localhost", "--cafile", cafile,
                         "--preset", preset, "--reconnect", "--output", output, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  out = hsviz_test_run_cli (args, &status, &err);
  if (status != 0)
    g_error ("capture --reconnect: status %d, %s", status, err);
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
    hsviz_test_remove_dir (peer->tmpdir);   /* daemons leave folders (runtime, state, databases) */
  g_free (peer->kind);
  g_free (peer->tmpdir);
  g_free (peer->keylog_path);
  g_free (peer->log_path);
  g_free (peer->address);
  g_free (peer);
}
