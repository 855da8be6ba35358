/* hsviz-test-tshark.c — tshark on the loopback: the wire as Wireshark sees it (tests only)
 *
 * Capturing on "lo" needs root (CI runs as root); when tshark cannot capture, the test fails.
 * Timing: a capture counts only once tshark said "Capture started." (dumpcap listening); it is
 * stopped with SIGINT a second after the traffic, so the file is complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"

struct _HsvizTestTshark
{
  char             *dir;
  char             *pcap;
  GSubprocess      *process;
  GDataInputStream *err;
  GString          *text;    /* what tshark said on stderr */
  gboolean          done;    /* EOF or error on stderr */
};

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HsvizTestTshark *self = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object),
                                                                 result, NULL, NULL);

  if (line == NULL)
    self->done = TRUE;
  else
    g_string_append_printf (self->text, "%s\n", line);
}

/* Reads tshark's stderr lines until one holds @needle, EOF, or @timeout_ms; TRUE when found. */
static gboolean
wait_for_line (HsvizTestTshark *self,
               const char      *needle,
               guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  GMainContext *context = g_main_context_default ();

  while (strstr (self->text->str, needle) == NULL && !self->done &&
         g_get_monotonic_time () < deadline)
    {
      gsize before = self->text->len;

      g_data_input_stream_read_line_async (self->err, G_PRIORITY_DEFAULT, NULL, read_line_cb, self);
      while (self->text->len == before && !self->done && g_get_monotonic_time () < deadline)
        {
          if (!g_main_context_iteration (context, FALSE))
            g_usleep (10 * 1000);
        }
      if (self->text->len == before && !self->done)
        return FALSE;   /* timed out with a read pending: the caller kills tshark */
    }
  return strstr (self->text->str, needle) != NULL;
}

HsvizTestTshark *
hsviz_test_tshark_start (guint16 port)
{
  HsvizTestTshark *self = g_new0 (HsvizTestTshark, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = g_strdup_printf ("tcp port %u", port);

  if (!hsviz_test_have_program ("tshark"))
    g_error ("tshark is not installed (apt-get install tshark): this test cannot run without it");

  self->text = g_string_new (NULL);
  self->dir = g_dir_make_tmp ("hsviz-tshark-XXXXXX", &error);
  g_assert_no_error (error);
  self->pcap = g_build_filename (self->dir, "capture.pcapng", NULL);

  /* tshark writes the file itself (as root), stderr tells when it captures */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, "tshark", "-n", "-i", "lo",
                                               "-f", filter, "-w", self->pcap, NULL);
  g_assert_no_error (error);
  self->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->process));
  /* "Capturing on 'Loopback: lo'" comes before dumpcap has opened the device; "Capture
   * started." comes when dumpcap reports the file open, the filter set: from then on the
   * kernel keeps every packet for it. */
  if (!wait_for_line (self, "Capture started", 60000))
    {
      g_subprocess_force_exit (self->process);
      g_error ("tshark could not capture on lo (it must run as root or with dumpcap's "
               "capabilities); it said:\n%s", self->text->str);
    }
  return self;
}

const char *
hsviz_test_tshark_stop (HsvizTestTshark *self)
{
  g_autoptr(GError) error = NULL;

  /* let the last packets reach tshark, then stop it: SIGINT makes it flush and close the file */
  g_usleep (G_USEC_PER_SEC);
  g_subprocess_send_signal (self->process, SIGINT);
  if (!wait_for_line (self, "packets captured", 30000) && !self->done)
    {
      g_subprocess_force_exit (self->process);
      g_error ("tshark did not stop on SIGINT; it said:\n%s", self->text->str);
    }
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("tshark: %s", self->text->str);
  return self->pcap;
}

void
hsviz_test_tshark_free (HsvizTestTshark *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL && g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  if (self->dir != NULL)
    {
      const char *rm[] = { "rm", "-rf", self->dir, NULL };

      g_free (hsviz_test_run_check (rm));
    }
  g_clear_object (&self->err);
  g_clear_object (&self->process);
  g_string_free (self->text, TRUE);
  g_free (self->pcap);
  g_free (self->dir);
  g_free (self);
}

/* The ports of Linux's ephemeral range (32768–60999, where every test server's and client's
 * port comes from) that tshark's port table gives to another protocol (44818 is EtherNet/IP,
 * 57000 IRC, …): a connection that happened to get one is dissected as that protocol and its
 * TLS goes unseen. Reads decode them as TLS; other ports keep tshark's own choice.
 * Built once from `tshark -G decodes`. */
static const char * const *
ephemeral_ports_claimed (void)
{
  static GPtrArray *args;

  if (g_once_init_enter (&args))
    {
      const char *argv[] = { "tshark", "-G", "decodes", NULL };
      GPtrArray *a = g_ptr_array_new ();
      g_autofree char *out = hsviz_test_run_check (argv);
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], "\t", 3);
          guint64 port;

          if (g_strv_length (f) == 3 && g_str_equal (f[0], "tcp.port") &&
              g_ascii_string_to_unsigned (f[1], 10, 32768, 60999, &port, NULL))
            {
              g_ptr_array_add (a, g_strdup ("-d"));
              g_ptr_array_add (a, g_strdup_printf ("tcp.port==%" G_GUINT64_FORMAT ",tls", port));
            }
        }
      g_ptr_array_add (a, NULL);
      g_once_init_leave (&args, a);
    }
  return (const char * const *) args->pdata;
}

char *
hsviz_test_tshark_read (const char         *pcap,
                        const char         *keylog,
                        const char         *filter,
                        const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  char *out;

  g_ptr_array_add (argv, g_strdup ("tshark"));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup ("-r"));
  g_ptr_array_add (argv, g_strdup (pcap));
  if (keylog != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup_printf ("tls.keylog_file:%s", keylog));
    }
  if (filter != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-Y"));
      g_ptr_array_add (argv, g_strdup (filter));
    }
  for (const char * const *d = ephemeral_ports_claimed (); *d != NULL; d++)
    g_ptr_array_add (argv, g_strdup (*d));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  out = hsviz_test_run ((const char * const *) argv->pdata, NULL, 60000, &status, &err, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tshark -r %s failed: %s", pcap, err);
  return out;
}
