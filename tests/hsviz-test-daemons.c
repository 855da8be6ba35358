/* hsviz-test-daemons.c — mail, directory and database daemons from Debian as test peers
 *
 * Each runs in the foreground as a child of the test (it dies with it), with everything it
 * writes in the peer's temp dir, and listens on 127.0.0.1 only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-daemons.h"
#include "hsviz-test-utils.h"

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, text, -1, error);
}

static int
dovecot (const char         *tmpdir,
         guint16             port,
         const char * const *extra_args,
         GPtrArray          *argv,
         GError            **error)
{
  const char *listener = extra_args != NULL && extra_args[0] != NULL ? extra_args[0] : "imap";
  const char *certs = hsviz_test_certs_dir ();
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autofree char *path = g_build_filename (tmpdir, "dovecot.conf", NULL);
  const char *names[] = { "imap", "imaps", "pop3", "pop3s" };

  g_string_append_printf (conf,
                          "base_dir = %s/run\nstate_dir = %s/state\nlog_path = %s/dovecot.log\n"
                          "instance_name = hsviz-%u\nprotocols = imap pop3\nlisten = 127.0.0.1\n"
                          "ssl = yes\nssl_cert = <%s/rsa.pem\nssl_key = <%s/rsa.key\n"
                          "passdb {\n  driver = static\n  args = nopassword=y\n}\n"
                          "userdb {\n  driver = static\n  args = uid=65534 gid=65534 home=%s/home\n}\n"
                          "service anvil {\n  chroot =\n}\nservice stats {\n  chroot =\n}\n",
                          tmpdir, tmpdir, tmpdir, port, certs, certs, tmpdir);
  for (guint s = 0; s < 2; s++)
    {
      g_string_append_printf (conf, "service %s-login {\n", s == 0 ? "imap" : "pop3");
      for (guint i = 2 * s; i < 2 * s + 2; i++)
        g_string_append_printf (conf, "  inet_listener %s {\n    port = %u\n  }\n", names[i],
                                g_str_equal (names[i], listener) ? port : 0);
      g_string_append (conf, "}\n");
    }
  if (!g_file_set_contents (path, conf->str, -1, error))
    return -1;
  g_ptr_array_add (argv, g_strdup ("dovecot"));
  g_ptr_array_add (argv, g_strdup ("-F"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_steal_pointer (&path));
  return 1;
}

static const char *
first_arg (const char * const *extra_args)
{
  return extra_args != NULL ? extra_args[0] : NULL;
}

/* Exim as root with its own configuration; "smtps": TLS on connect; "notls": STARTTLS not
 * offered (no tls_advertise_hosts). */
static int
exim (const char         *tmpdir,
      guint16             port,
      const char * const *extra_args,
      GPtrArray          *argv,
      GError            **error)
{
  const char *variant = first_arg (extra_args);
  const char *certs = hsviz_test_certs_dir ();
  g_autofree char *spool = g_build_filename (tmpdir, "spool", NULL);
  g_autofree char *on_connect = g_strcmp0 (variant, "smtps") == 0
                                  ? g_strdup_printf ("tls_on_connect_ports = %u\n", port) : g_strdup ("");
  g_autofree char *conf = NULL;

  g_mkdir_with_parents (spool, 0700);
  conf = g_strdup_printf ("primary_hostname = localhost\ndaemon_smtp_ports = %u\n"
                          "local_interfaces = 127.0.0.1\nspool_directory = %s\n"
                          "log_file_path = %s/%%slog\nkeep_environment =\n"
                          "tls_advertise_hosts = %s\n%s"
                          "tls_certificate = %s/rsa.pem\ntls_privatekey = %s/rsa.key\n"
                          "exim_user = root\nexim_group = root\nnever_users =\n"
                          "acl_smtp_rcpt = check_rcpt\nbegin acl\ncheck_rcpt:\n  deny\n",
                          port, spool, tmpdir, g_strcmp0 (variant, "notls") == 0 ? "" : "*",
                          on_connect, certs, certs);
  if (!write_file (tmpdir, "exim.conf", conf, error))
    return -1;
  g_ptr_array_add (argv, g_strdup ("exim"));
  g_ptr_array_add (argv, g_strdup ("-C"));
  g_ptr_array_add (argv, g_build_filename (tmpdir, "exim.conf", NULL));
  g_ptr_array_add (argv, g_strdup ("-bdf"));
  g_ptr_array_add (argv, g_strdup ("-oX"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  return 1;
}

/* slapd with an empty mdb database; "ldaps": TLS on connect */
static int
slapd (const char         *tmpdir,
       guint16             port,
       const char * const *extra_args,
       GPtrArray          *argv,
       GError            **error)
{
  const char *certs = hsviz_test_certs_dir ();
  g_autofree char *db = g_build_filename (tmpdir, "db", NULL);
  g_autofree char *conf = NULL;

  g_mkdir_with_parents (db, 0700);
  conf = g_strdup_printf ("include /etc/ldap/schema/core.schema\n"
                          "pidfile %s/slapd.pid\nargsfile %s/slapd.args\n"
                          "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                          "TLSCertificateFile %s/rsa.pem\nTLSCertificateKeyFile %s/rsa.key\n"
                          "database mdb\nsuffix \"dc=test\"\ndirectory %s\n",
                          tmpdir, tmpdir, certs, certs, db);
  if (!write_file (tmpdir, "slapd.conf", conf, error))
    return -1;
  g_ptr_array_add (argv, g_strdup ("slapd"));
  g_ptr_array_add (argv, g_strdup ("-d"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("-h"));
  g_ptr_array_add (argv, g_strdup_printf ("%s://127.0.0.1:%u/",
                                          g_strcmp0 (first_arg (extra_args), "ldaps") == 0 ? "ldaps" : "ldap",
                                          port));
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, g_build_filename (tmpdir, "slapd.conf", NULL));
  return 1;
}

/* PostgreSQL refuses to run as root: initdb and the server run as the "postgres" user (setpriv
 * execs, so the server is the child the test kills); the key is a copy it owns. */
static int
postgres (const char  *tmpdir,
          guint16      port,
          GPtrArray   *argv,
          GError     **error)
{
  const char *bindir = "/usr/lib/postgresql/15/bin";
  const char *certs = hsviz_test_certs_dir ();
  g_autofree char *data = g_build_filename (tmpdir, "data", NULL);
  g_autofree char *initdb = g_build_filename (bindir, "initdb", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  script = g_strdup_printf ("set -e; chmod 711 '%s'; mkdir '%s'; chown postgres: '%s'; "
                            "setpriv --reuid=postgres --regid=postgres --init-groups -- "
                            "'%s' -D '%s' -A trust --no-sync -U postgres; "
                            "cp '%s/rsa.pem' '%s/rsa.key' '%s/'; chown postgres: '%s/rsa.pem' '%s/rsa.key'; "
                            "chmod 600 '%s/rsa.key'",
                            tmpdir, data, data, initdb, data, certs, certs, data, data, data, data);
  {
    const char *sh[] = { "sh", "-c", script, NULL };

    out = hsviz_test_run (sh, NULL, 120000, &status, &err, error);
  }
  if (out == NULL)
    return -1;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "initdb failed:\n%s%s", out, err);
      return -1;
    }
  g_ptr_array_add (argv, g_strdup ("setpriv"));
  g_ptr_array_add (argv, g_strdup ("--reuid=postgres"));
  g_ptr_array_add (argv, g_strdup ("--regid=postgres"));
  g_ptr_array_add (argv, g_strdup ("--init-groups"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_build_filename (bindir, "postgres", NULL));
  g_ptr_array_add (argv, g_strdup ("-D"));
  g_ptr_array_add (argv, g_strdup (data));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("listen_addresses=127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup_printf ("port=%u", port));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("ssl=on"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup_printf ("ssl_cert_file=%s/rsa.pem", data));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup_printf ("ssl_key_file=%s/rsa.key", data));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup_printf ("unix_socket_directories=%s", data));
  return 1;
}

static int
prosody (const char  *tmpdir,
         guint16      port,
         GPtrArray   *argv,
         GError     **error)
{
  const char *certs = hsviz_test_certs_dir ();
  g_autofree char *data = g_build_filename (tmpdir, "data", NULL);
  g_autofree char *conf = NULL;

  g_mkdir_with_parents (data, 0700);
  conf = g_strdup_printf ("data_path = \"%s\"\ndaemonize = false\nrun_as_root = true\n"
                          "interfaces = { \"127.0.0.1\" }\nc2s_ports = { %u }\ns2s_ports = { }\n"
                          "c2s_direct_tls_ports = { }\nhttp_ports = { }\nhttps_ports = { }\n"
                          "log = { info = \"%s/prosody.log\" }\n"
                          "modules_enabled = { \"tls\", \"saslauth\", \"disco\" }\n"
                          "modules_disabled = { \"s2s\", \"posix\" }\n"
                          "c2s_require_encryption = false\ncertificates = \"%s/none\"\n"
                          "VirtualHost \"localhost\"\n"
                          "  ssl = { certificate = \"%s/rsa.pem\", key = \"%s/rsa.key\" }\n",
                          data, port, tmpdir, tmpdir, certs, certs);
  if (!write_file (tmpdir, "prosody.cfg.lua", conf, error))
    return -1;
  g_ptr_array_add (argv, g_strdup ("prosody"));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_build_filename (tmpdir, "prosody.cfg.lua", NULL));
  g_ptr_array_add (argv, g_strdup ("-F"));
  return 1;
}

static int
vsftpd (const char  *tmpdir,
        guint16      port,
        GPtrArray   *argv,
        GError     **error)
{
  const char *certs = hsviz_test_certs_dir ();
  g_autofree char *anon = g_build_filename (tmpdir, "anon", NULL);
  g_autofree char *conf = NULL;

  g_mkdir_with_parents (anon, 0755);
  conf = g_strdup_printf ("listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=%u\n"
                          "background=NO\nanonymous_enable=YES\nanon_root=%s\nftp_username=nobody\n"
                          "allow_anon_ssl=YES\nlocal_enable=NO\nssl_enable=YES\n"
                          "rsa_cert_file=%s/rsa.pem\nrsa_private_key_file=%s/rsa.key\n"
                          "secure_chroot_dir=%s\nxferlog_enable=NO\nvsftpd_log_file=%s/vsftpd.log\n",
                          port, anon, certs, certs, tmpdir, tmpdir);
  if (!write_file (tmpdir, "vsftpd.conf", conf, error))
    return -1;
  g_ptr_array_add (argv, g_strdup ("vsftpd"));
  g_ptr_array_add (argv, g_build_filename (tmpdir, "vsftpd.conf", NULL));
  return 1;
}

int
hsviz_test_daemon_prepare (const char          *kind,
                           const char          *tmpdir,
                           guint16              port,
                           const char * const  *extra_args,
                           GPtrArray           *argv,
                           GSubprocessLauncher *launcher,
                           GError             **error)
{
  if (g_str_equal (kind, "dovecot"))
    return dovecot (tmpdir, port, extra_args, argv, error);
  if (g_str_equal (kind, "exim"))
    return exim (tmpdir, port, extra_args, argv, error);
  if (g_str_equal (kind, "slapd"))
    return slapd (tmpdir, port, extra_args, argv, error);
  if (g_str_equal (kind, "postgres"))
    return postgres (tmpdir, port, argv, error);
  if (g_str_equal (kind, "prosody"))
    return prosody (tmpdir, port, argv, error);
  if (g_str_equal (kind, "vsftpd"))
    return vsftpd (tmpdir, port, argv, error);
  return 0;
}
