/* hsviz-capture.c — run one capture: the main-thread side
 *
 * The worker thread (hsviz-capture-worker.c) posts events to the caller's main context; here
 * they are applied to the connection through the builder, so the session grows live and is only
 * ever touched by the thread that owns it.  The last event completes the connection and returns
 * the task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "hsviz-capture-private.h"
#include "hsviz-demo-server.h"
#include "hsviz-error.h"
#include "hsviz-key-schedule.h"
#include "hsviz-revocation.h"
#include "hsviz-session-builder.h"
#include "hsviz-target.h"

struct _HsvizCapture
{
  GObject          parent_instance;
  HsvizSession    *session;
  HsvizConnection *connection;     /* the first one captured, held by the session */
  char            *preset_name;    /* the settings every connection of the capture records */
  GBytes          *client_leaf;    /* the client certificate's leaf, or NULL */
  HsvizCaptureJob  job;
  GMainContext    *context;
  GTask           *task;
  GSource         *timeout_source;
  gulong           cancel_id;
  GCancellable    *user_cancellable;
  gboolean         running;
  gboolean         no_ocsp;
  gboolean         tls_started;
  GError          *worker_error;   /* held while the live OCSP query runs */
};

G_DEFINE_FINAL_TYPE (HsvizCapture, hsviz_capture, G_TYPE_OBJECT)

enum { MESSAGE_ADDED, RECORD_ADDED, SECRET_ADDED, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const HsvizPreset presets[] = {
  { "default", NULL, N_("GnuTLS defaults"),
    N_("GnuTLS defaults (NORMAL): TLS 1.3 or 1.2, whatever the server prefers") },
  { "tls13", "NORMAL:-VERS-ALL:+VERS-TLS1.3", N_("TLS 1.3 only"),
    N_("TLS 1.3 only") },
  { "tls12", "NORMAL:-VERS-ALL:+VERS-TLS1.2", N_("TLS 1.2 only"),
    N_("TLS 1.2 only (usually ECDHE key exchange)") },
  { "tls12-rsa", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA", N_("TLS 1.2 RSA"),
    N_("TLS 1.2 with classic RSA key transport: the client encrypts the pre-master secret") },
  { "tls12-rsa-classic", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA:%NO_SESSION_HASH", N_("TLS 1.2 RSA, no EMS"),
    N_("TLS 1.2 RSA key transport without extended master secret (the textbook formula)") },
  { NULL, NULL, NULL, NULL }
};

const HsvizPreset *
hsviz_capture_get_presets (void)
{
  return presets;
}

const HsvizPreset *
hsviz_capture_find_preset (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; presets[i].name != NULL; i++)
    if (g_str_equal (presets[i].name, name))
      return &presets[i];
  return NULL;
}

void
hsviz_capture_options_clear (HsvizCaptureOptions *options)
{
  g_clear_pointer (&options->url, g_free);
  g_clear_pointer (&options->priority, g_free);
  g_clear_pointer (&options->preset, g_free);
  g_clear_pointer (&options->cafile, g_free);
  g_clear_pointer (&options->ca_pem, g_bytes_unref);
  g_clear_pointer (&options->servername, g_free);
  g_clear_pointer (&options->alpn, g_free);
  g_clear_pointer (&options->starttls, g_free);
  g_clear_pointer (&options->cert, g_free);
  g_clear_pointer (&options->key, g_free);
  g_clear_pointer (&options->password_file, g_free);
  if (options->password != NULL)
    memset (options->password, 0, strlen (options->password));
  g_clear_pointer (&options->password, g_free);
  g_clear_object (&options->demo);
}

void
hsviz_capture_options_set_demo (HsvizCaptureOptions *options,
                                HsvizDemoServer     *demo)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (HSVIZ_IS_DEMO_SERVER (demo));

  g_free (options->url);
  options->url = hsviz_demo_server_dup_url (demo);
  g_clear_pointer (&options->ca_pem, g_bytes_unref);
  if (options->cafile == NULL)
    options->ca_pem = g_bytes_ref (hsviz_demo_server_get_ca_pem (demo));
  g_set_object (&options->demo, demo);
}

static void
hsviz_capture_dispose (GObject *object)
{
  HsvizCapture *self = (HsvizCapture *) object;

  /* A running capture holds a reference on self through its task: nothing runs here. */
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->user_cancellable != NULL && self->cancel_id != 0)
    g_cancellable_disconnect (self->user_cancellable, self->cancel_id);
  self->cancel_id = 0;
  g_clear_object (&self->user_cancellable);

  G_OBJECT_CLASS (hsviz_capture_parent_class)->dispose (object);
}

static void
hsviz_capture_finalize (GObject *object)
{
  HsvizCapture *self = (HsvizCapture *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->preset_name, g_free);
  g_clear_pointer (&self->client_leaf, g_bytes_unref);
  hsviz_target_clear (&self->job.target);
  g_clear_pointer (&self->job.priority, g_free);
  g_clear_pointer (&self->job.cafile, g_free);
  g_clear_pointer (&self->job.alpn, g_strfreev);
  g_clear_pointer (&self->job.starttls, g_free);
  g_clear_pointer (&self->job.app_protocol, g_free);
  g_clear_pointer (&self->job.client_cert, g_free);
  g_clear_pointer (&self->job.client_key, g_free);
  if (self->job.client_password != NULL)
    memset (self->job.client_password, 0, strlen (self->job.client_password));
  g_clear_pointer (&self->job.client_password, g_free);
  g_clear_pointer (&self->job.ca_pem, g_bytes_unref);
  g_clear_object (&self->job.demo);
  g_clear_object (&self->job.cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hsviz_capture_parent_class)->finalize (object);
}

static void
hsviz_capture_class_init (HsvizCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hsviz_capture_dispose;
  object_class->finalize = hsviz_capture_finalize;

  signals[MESSAGE_ADDED] = g_signal_new ("message-added", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, HSVIZ_TYPE_MESSAGE);
  signals[RECORD_ADDED] = g_signal_new ("record-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SECRET_ADDED] = g_signal_new ("secret-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hsviz_capture_init (HsvizCapture *self)
{
  self->session = hsviz_session_new ();
  self->connection = hsviz_connection_new ();
  hsviz_session_add_connection (self->session, self->connection);
  g_object_unref (self->connection);
  self->job.cancellable = g_cancellable_new ();
}

HsvizCapture *
hsviz_capture_new (const HsvizCaptureOptions  *options,
                   GError                    **error)
{
  g_autoptr(HsvizCapture) self = NULL;
  const HsvizPreset *preset = NULL;
  const char *priority;
  gnutls_priority_t prio = NULL;
  const char *err_pos = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (HSVIZ_TYPE_CAPTURE, NULL);

  if (!hsviz_target_parse (options->url, &self->job.target, error))
    return NULL;
  if (options->servername != NULL && *options->servername != '\0')
    {
      g_free (self->job.target.servername);
      self->job.target.servername = g_strdup (options->servername);
    }

  if (options->preset != NULL && (preset = hsviz_capture_find_preset (options->preset)) == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; presets[i].name != NULL; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", presets[i].name);
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("Unknown preset “%s” (known: %s)"), options->preset, names->str);
      return NULL;
    }
  priority = options->priority ? options->priority : preset ? preset->priority : NULL;
  if (priority != NULL)
    {
      int ret = gnutls_priority_init (&prio, priority, &err_pos);

      if (ret < 0)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                       _("The GnuTLS priority string “%s” is not valid near “%s”"),
                       priority, err_pos ? err_pos : "");
          return NULL;
        }
      gnutls_priority_deinit (prio);
    }

  if (options->cafile != NULL && !g_file_test (options->cafile, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The CA file “%s” does not exist or is not a file"), options->cafile);
      return NULL;
    }

  {
    const char *protocol = "http";
    gboolean implicit = TRUE;

    hsviz_target_scheme_lookup (self->job.target.scheme, NULL, &protocol, &implicit);
    if (options->starttls != NULL)
      {
        if (!hsviz_target_starttls_is_known (options->starttls))
          {
            g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                         _("Unknown STARTTLS protocol “%s” (known: %s)"), options->starttls,
                         hsviz_target_starttls_protocols ());
            return NULL;
          }
        protocol = options->starttls;
        implicit = FALSE;
        /* the session says what was spoken: imap://host:port/, not https:// */
        g_free (self->job.target.scheme);
        self->job.target.scheme = g_strdup (protocol);
        g_free (self->job.target.url);
        self->job.target.url = hsviz_target_dup_url_with_scheme (&self->job.target, protocol);
      }
    self->job.app_protocol = g_strdup (protocol);
    self->job.starttls = implicit ? NULL : g_strdup (protocol);
  }
  if (!hsviz_capture_parse_alpn (options->alpn ? options->alpn
                                 : g_str_equal (self->job.app_protocol, "http") ? HSVIZ_DEFAULT_ALPN : NULL,
                                 &self->job.alpn, error))
    return NULL;

  self->job.priority = g_strdup (priority);
  /* absolute, so that the session file names it wherever it is reopened (and rerun) */
  self->job.cafile = options->cafile != NULL ? g_canonicalize_filename (options->cafile, NULL) : NULL;
  self->job.ca_pem = options->ca_pem ? g_bytes_ref (options->ca_pem) : NULL;
  self->job.timeout_ms = options->timeout_ms ? options->timeout_ms : 10000;
  self->job.no_request = options->no_request;
  self->job.reconnect = options->reconnect;
  self->job.early_data = options->early_data;
  if (options->early_data && (!options->reconnect || options->no_request ||
                              !g_str_equal (self->job.app_protocol, "http")))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT, "%s",
                   !options->reconnect
                   ? _("Early data (0-RTT) is sent on a resumed connection: use it with --reconnect")
                   : options->no_request
                   ? _("Early data (0-RTT) sends the HTTP request: it cannot go with --no-request")
                   : _("Early data (0-RTT) sends the HTTP request: STARTTLS protocols have none"));
      return NULL;
    }
  self->no_ocsp = options->no_ocsp;
  self->job.demo = options->demo ? g_object_ref (options->demo) : NULL;

  hsviz_connection_set_target (self->connection, &self->job.target);
  hsviz_connection_set_starttls (self->connection, self->job.starttls);
  if (options->cert != NULL)
    {
      g_autoptr(GBytes) leaf = NULL;

      if (options->password_file != NULL &&
          !(self->job.client_password = hsviz_client_cert_read_password (options->password_file, error)))
        return NULL;
      if (options->password_file == NULL && options->password != NULL)
        self->job.client_password = g_strdup (options->password);
      if (!(leaf = hsviz_client_cert_check (options->cert, options->key, self->job.client_password, error)))
        return NULL;
      self->job.client_cert = g_strdup (options->cert);
      self->job.client_key = g_strdup (options->key);
      hsviz_connection_set_client_certificate (self->connection, leaf);
      self->client_leaf = g_steal_pointer (&leaf);
    }
  else if (options->key != NULL || options->password_file != NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("--key and --password-file go with --cert"));
      return NULL;
    }
  self->preset_name = g_strdup (preset ? preset->name : (options->priority ? "custom" : "default"));
  hsviz_connection_set_settings (self->connection, priority, self->preset_name, self->job.cafile);
  if (options->demo != NULL)
    hsviz_session_set_note (self->session,
                            _("Live capture against the built-in HandshakeViz demo server on this machine (loopback)"));

  return g_steal_pointer (&self);
}

HsvizSession *
hsviz_capture_get_session (HsvizCapture *self)
{
  g_return_val_if_fail (HSVIZ_IS_CAPTURE (self), NULL);
  return self->session;
}

/* ---- events, on the caller's main context ---- */

typedef struct
{
  HsvizCapture      *self;   /* strong */
  HsvizCaptureEvent *event;
} Dispatch;

/* The connection @index of the session; the second (--reconnect) one is added when its first
 * event arrives, with the settings of the first. */
static HsvizConnection *
connection_for (HsvizCapture *self,
                guint         index)
{
  g_autoptr(HsvizConnection) connection = NULL;

  if (index < hsviz_session_get_n_connections (self->session))
    return hsviz_session_get_connection (self->session, index);
  connection = hsviz_connection_new ();
  hsviz_connection_set_target (connection, &self->job.target);
  hsviz_connection_set_starttls (connection, self->job.starttls);
  if (self->client_leaf != NULL)
    hsviz_connection_set_client_certificate (connection, self->client_leaf);
  hsviz_connection_set_settings (connection, self->job.priority, self->preset_name, self->job.cafile);
  hsviz_session_add_connection (self->session, connection);
  return connection;
}

static void
apply_result (HsvizCapture       *self,
              HsvizConnection    *s,
              guint               index,
              HsvizCaptureResult *r)
{

  if (r->address != NULL)
    {
      HsvizTarget t = self->job.target;   /* owned by the job, not by the session */

      t.address = r->address;
      hsviz_connection_set_target (s, &t);
    }
  if (r->client_address != NULL && r->server_address != NULL)
    hsviz_connection_set_addresses (s, r->client_address, r->server_address);
  if (r->verification.present)
    hsviz_connection_set_verification (s, &r->verification);
  if (r->chain_path.present)
    hsviz_connection_set_chain_path (s, &r->chain_path);
  hsviz_connection_set_timings (s, &r->timings);
  hsviz_connection_set_started_at (s, r->started_at);
  if (r->app.present)
    hsviz_connection_set_application_data (s, &r->app);
  hsviz_connection_set_record_keys (s, r->master_secret, r->keys[0], r->keys[1], r->keys[2],
                                 r->keys[3], r->keys[4], r->keys[5]);
  if (r->pre_master_secret != NULL)
    hsviz_connection_set_pre_master_secret (s, r->pre_master_secret);
  if (r->resumption_master_secret != NULL)
    hsviz_connection_set_resumption_master_secret (s, r->resumption_master_secret);
  /* the second connection offered the first's session: resumed when the server accepted it */
  if (index > 0)
    hsviz_connection_set_provenance (s, "capture", r->resumed, r->resumed ? 0 : -1);
  hsviz_connection_set_early_data_bytes (s, r->early_bytes);
  hsviz_connection_set_outcome (s, &r->outcome);
  hsviz_connection_complete (s);
  hsviz_key_schedule_compute (s);
  hsviz_revocation_from_staple (s);
}

/* The last step: the session is complete, return the task. */
static void
finish_capture (HsvizCapture *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GError *error = g_steal_pointer (&self->worker_error);

  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  self->running = FALSE;
  g_signal_emit (self, signals[FINISHED], 0);

  /* nothing captured (no TLS, nothing said in clear): the error is the result */
  if (error != NULL && !self->tls_started &&
      hsviz_connection_get_cleartext (self->connection)->len == 0)
    g_task_return_error (task, error);
  else if (error != NULL)
    {
      /* the partial session is the result; the error says where it stopped */
      g_task_set_task_data (task, error, (GDestroyNotify) g_error_free);
      g_task_return_pointer (task, g_object_ref (self->session), g_object_unref);
    }
  else
    g_task_return_pointer (task, g_object_ref (self->session), g_object_unref);
}

static void
revocation_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HsvizCapture) self = user_data;

  hsviz_revocation_check_finish (HSVIZ_CONNECTION (object), result);
  finish_capture (self);
}

static gboolean
dispatch_cb (gpointer data)
{
  Dispatch *d = data;
  HsvizCapture *self = d->self;
  HsvizCaptureEvent *ev = d->event;
  HsvizConnection *connection = ev->kind == HSVIZ_EVENT_DONE ? self->connection
                                                             : connection_for (self, ev->connection);

  switch (ev->kind)
    {
    case HSVIZ_EVENT_MESSAGE:
      {
        HsvizMessage *msg = hsviz_connection_add_message (connection, ev->direction,
                                                       ev->time_us, ev->bytes);

        g_signal_emit (self, signals[MESSAGE_ADDED], 0, msg);
      }
      break;

    case HSVIZ_EVENT_RECORD:
      {
        const HsvizRecord *r = hsviz_connection_add_record (connection, ev->direction,
                                                         ev->time_us, ev->bytes);

        g_signal_emit (self, signals[RECORD_ADDED], 0, r->index);
      }
      break;

    case HSVIZ_EVENT_SECRET:
      hsviz_connection_add_keylog (connection, ev->label, ev->client_random, ev->secret,
                                ev->time_us);
      g_signal_emit (self, signals[SECRET_ADDED], 0, ev->label);
      break;

    case HSVIZ_EVENT_CONNECTED:
      break;

    case HSVIZ_EVENT_CLEARTEXT:
      hsviz_connection_add_cleartext (connection, ev->direction, ev->time_us, ev->label);
      break;

    case HSVIZ_EVENT_RESULT:
      {
        HsvizCaptureResult *r = ev->result;

        apply_result (self, connection, ev->connection, r);
        if (ev->connection == 0)
          self->tls_started = r->tls_started;
        /* the first error is the capture's (a second connection follows only a completed one) */
        if (self->worker_error == NULL)
          self->worker_error = g_steal_pointer (&r->error);
      }
      break;

    case HSVIZ_EVENT_DONE:
      {
        /* The live OCSP query runs here, on this main context, within the capture's time
         * limit (the timeout source still runs and cancels job.cancellable). */
        if (!self->no_ocsp && hsviz_connection_get_outcome (self->connection)->completed)
          hsviz_revocation_check_async (self->connection, HSVIZ_REVOCATION_TIMEOUT_MS,
                                        self->job.cancellable, revocation_cb,
                                        g_object_ref (self));
        else
          finish_capture (self);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
dispatch_free (gpointer data)
{
  Dispatch *d = data;

  hsviz_capture_event_free (d->event);
  g_object_unref (d->self);
  g_free (d);
}

/* Worker thread: hand an event to the owner's main context, in order. Always through a source
 * attached to that context, never g_main_context_invoke(): when the owner's context is the
 * global default and its thread is between two iterations, invoke() acquires it and runs the
 * callback here, on the worker thread (the session's signals then reach GTK from this thread). */
static void
post_event (HsvizCaptureEvent *event,
            gpointer           user_data)
{
  HsvizCapture *self = user_data;
  Dispatch *d = g_new0 (Dispatch, 1);
  GSource *source = g_idle_source_new ();

  event->connection = self->job.current;   /* set by the worker thread, which posts this */
  d->self = g_object_ref (self);
  d->event = event;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, dispatch_cb, d, dispatch_free);
  g_source_set_static_name (source, "[hsviz] capture event");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gpointer
worker_thread (gpointer data)
{
  HsvizCapture *self = data;

  hsviz_capture_worker_run (&self->job);
  g_object_unref (self);
  return NULL;
}

static gboolean
timeout_cb (gpointer data)
{
  HsvizCapture *self = data;

  g_atomic_int_set (&self->job.timed_out, 1);
  g_cancellable_cancel (self->job.cancellable);
  g_clear_pointer (&self->timeout_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
user_cancelled_cb (GCancellable *cancellable,
                   gpointer      data)
{
  HsvizCapture *self = data;

  g_atomic_int_set (&self->job.user_cancelled, 1);
  g_cancellable_cancel (self->job.cancellable);
}

void
hsviz_capture_run_async (HsvizCapture        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GThread *thread;

  g_return_if_fail (HSVIZ_IS_CAPTURE (self));
  g_return_if_fail (!self->running && self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, hsviz_capture_run_async);
  g_task_set_check_cancellable (self->task, FALSE);
  self->running = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->job.post = post_event;
  self->job.post_data = self;
  hsviz_session_set_captured_at (self->session, now);

  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                               self, NULL);
    }

  self->timeout_source = g_timeout_source_new (self->job.timeout_ms);
  g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
  g_source_set_name (self->timeout_source, "[hsviz] capture timeout");
  g_source_attach (self->timeout_source, self->context);

  thread = g_thread_new ("hsviz-capture", worker_thread, g_object_ref (self));
  g_thread_unref (thread);
}

HsvizSession *
hsviz_capture_run_finish (HsvizCapture  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  HsvizSession *session;
  GError *partial;

  g_return_val_if_fail (HSVIZ_IS_CAPTURE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  session = g_task_propagate_pointer (G_TASK (result), error);
  partial = g_task_get_task_data (G_TASK (result));
  if (session != NULL && partial != NULL && error != NULL)
    *error = g_error_copy (partial);
  return session;
}

static void
run_sync_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

HsvizSession *
hsviz_capture_run_sync (HsvizCapture  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  HsvizSession *session;

  g_return_val_if_fail (HSVIZ_IS_CAPTURE (self), NULL);

  g_main_context_push_thread_default (context);
  hsviz_capture_run_async (self, cancellable, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  session = hsviz_capture_run_finish (self, result, error);
  /* let the last dispatch free its references */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return session;
}
