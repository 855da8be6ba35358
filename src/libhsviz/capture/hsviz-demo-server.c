/* hsviz-demo-server.c — the built-in loopback TLS server (works with no network at all)
 *
 * At start it makes a CA (ECDSA P-256) and an RSA-2048 leaf for localhost/127.0.0.1 signed by
 * it, listens on 127.0.0.1 port 0, and serves each connection in a worker thread: a GnuTLS
 * server session (TLS 1.3, TLS 1.2 ECDHE and TLS 1.2 RSA key transport), one HTTP request, one
 * small answer, close_notify.  Because it owns the RSA key, it decrypts the ClientKeyExchange of
 * RSA key exchanges and keeps the pre-master secret, keyed by the client random, so the app can
 * show step 3 and recompute step 4 for real.
 *
 * It listens on 127.0.0.1 (and on [::1] with the same port when the system allows it).
 *
 * Transport: hsviz-gio-transport.c (blocking GIO reads and writes with a pull timeout, so that
 * handshake and record timeouts work), with a GCancellable that stop() cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "hsviz-demo-server.h"
#include "hsviz-error.h"
#include "hsviz-gio-transport.h"

#define DEMO_PRIORITY            "NORMAL:+RSA"
#define HANDSHAKE_TIMEOUT_MS     10000
#define RECORD_TIMEOUT_MS        10000
#define SOCKET_TIMEOUT_S         15
#define MAX_REQUEST_BYTES        16384
#define MAX_WORKERS              8
#define MAX_QUEUED_CONNECTIONS   32
#define MAX_PRE_MASTER_ENTRIES   1024
#define CLIENT_RANDOM_SIZE       32
#define RSA_PRE_MASTER_SIZE      48
#define CERT_LIFETIME_S          (30 * 24 * 3600)
#define CERT_BACKDATE_S          3600

struct _HsvizDemoServer
{
  GObject                           parent_instance;

  GPtrArray                        *listeners;     /* GSocket: 127.0.0.1, and [::1] if it can */
  guint16                           port;
  GCancellable                     *cancellable;
  GPtrArray                        *accept_threads;/* GThread, one per listening socket */
  GThreadPool                      *workers;

  gnutls_certificate_credentials_t  credentials;
  gnutls_priority_t                 priority;
  gnutls_privkey_t                  server_key;    /* the leaf's RSA key, to decrypt the PMS */
  gnutls_datum_t                    ticket_key;
  GBytes                           *ca_pem;

  GMutex                            lock;          /* protects the two below */
  GHashTable                       *pre_master;    /* GBytes client random → GBytes PMS */
  GQueue                            pre_master_order;
};

static void hsviz_demo_server_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsvizDemoServer, hsviz_demo_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      hsviz_demo_server_initable_iface_init))

/* One accepted connection, owned by the worker that serves it. */
typedef struct
{
  HsvizDemoServer   *server;
  GSocketConnection *connection;
  GSocket           *socket;
  HsvizGioTransport *transport;
  gnutls_session_t   session;
} DemoConnection;

/* --- Keys and certificates ------------------------------------------------------------------- */

static gboolean
check_gnutls (int          ret,
              const char  *what,
              GError     **error)
{
  return hsviz_error_from_gnutls (ret, NULL, what, error);
}

static gboolean
set_common_fields (gnutls_x509_crt_t    crt,
                   gnutls_x509_privkey_t key,
                   const char          *dn,
                   GError             **error)
{
  guint8 serial[16];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);
  const char *err_pos = NULL;
  int ret;

  if (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
    return check_gnutls (GNUTLS_E_RANDOM_FAILED, "Making a certificate serial", error);
  serial[0] = (serial[0] & 0x7f) | 0x40;   /* positive, 16 significant bytes */

  if ((ret = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (ret = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (ret = gnutls_x509_crt_set_dn (crt, dn, &err_pos)) < 0 ||
      (ret = gnutls_x509_crt_set_activation_time (crt, now - CERT_BACKDATE_S)) < 0 ||
      (ret = gnutls_x509_crt_set_expiration_time (crt, now + CERT_LIFETIME_S)) < 0 ||
      (ret = gnutls_x509_crt_set_key (crt, key)) < 0 ||
      (ret = gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (ret = gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size)) < 0)
    return check_gnutls (ret, "Filling in the demo certificate", error);
  return TRUE;
}

static gboolean
generate_certificates (HsvizDemoServer *self,
                       GError         **error)
{
  gnutls_x509_privkey_t ca_key = NULL;
  gnutls_x509_privkey_t leaf_key = NULL;
  gnutls_x509_crt_t ca = NULL;
  gnutls_x509_crt_t leaf = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  guint8 ca_key_id[64];
  size_t ca_key_id_size = sizeof ca_key_id;
  static const guint8 loopback[4] = { 127, 0, 0, 1 };
  gboolean ok = FALSE;
  int ret;

  if ((ret = gnutls_x509_privkey_init (&ca_key)) < 0 ||
      (ret = gnutls_x509_privkey_init (&leaf_key)) < 0 ||
      (ret = gnutls_x509_crt_init (&ca)) < 0 ||
      (ret = gnutls_x509_crt_init (&leaf)) < 0)
    {
      check_gnutls (ret, "Preparing the demo certificates", error);
      goto out;
    }

  /* The CA: ECDSA P-256, self-signed. */
  ret = gnutls_x509_privkey_generate (ca_key, GNUTLS_PK_ECDSA,
                                      GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0);
  if (!check_gnutls (ret, "Generating the demo CA key", error) ||
      !set_common_fields (ca, ca_key, "CN=HandshakeViz Demo CA,O=HandshakeViz", error))
    goto out;
  if ((ret = gnutls_x509_crt_set_basic_constraints (ca, 1, 0)) < 0 ||
      (ret = gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
                                                GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
      (ret = gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (ret = gnutls_x509_crt_get_subject_key_id (ca, ca_key_id, &ca_key_id_size, NULL)) < 0)
    {
      check_gnutls (ret, "Signing the demo CA", error);
      goto out;
    }

  /* The leaf: RSA 2048 (so that RSA key transport works), localhost + 127.0.0.1, serverAuth. */
  ret = gnutls_x509_privkey_generate (leaf_key, GNUTLS_PK_RSA, 2048, 0);
  if (!check_gnutls (ret, "Generating the demo server key", error) ||
      !set_common_fields (leaf, leaf_key, "CN=localhost,O=HandshakeViz demo server", error))
    goto out;
  if ((ret = gnutls_x509_crt_set_basic_constraints (leaf, 0, -1)) < 0 ||
      (ret = gnutls_x509_crt_set_key_usage (leaf, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                  GNUTLS_KEY_KEY_ENCIPHERMENT)) < 0 ||
      (ret = gnutls_x509_crt_set_key_purpose_oid (leaf, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
      (ret = gnutls_x509_crt_set_subject_alt_name (leaf, GNUTLS_SAN_DNSNAME, "localhost",
                                                   strlen ("localhost"), GNUTLS_FSAN_APPEND)) < 0 ||
      (ret = gnutls_x509_crt_set_subject_alt_name (leaf, GNUTLS_SAN_IPADDRESS, loopback,
                                                   sizeof loopback, GNUTLS_FSAN_APPEND)) < 0 ||
      (ret = gnutls_x509_crt_set_authority_key_id (leaf, ca_key_id, ca_key_id_size)) < 0 ||
      (ret = gnutls_x509_crt_sign2 (leaf, ca, ca_key, GNUTLS_DIG_SHA256, 0)) < 0)
    {
      check_gnutls (ret, "Signing the demo server certificate", error);
      goto out;
    }

  /* Credentials: leaf + CA as the chain.  They copy what they are given. */
  {
    gnutls_x509_crt_t chain[2] = { leaf, ca };

    if ((ret = gnutls_certificate_allocate_credentials (&self->credentials)) < 0 ||
        (ret = gnutls_certificate_set_x509_key (self->credentials, chain, 2, leaf_key)) < 0)
      {
        check_gnutls (ret, "Loading the demo certificate", error);
        goto out;
      }
  }

  /* Our own handle on the leaf key, for decrypting ClientKeyExchange messages. */
  if ((ret = gnutls_privkey_init (&self->server_key)) < 0 ||
      (ret = gnutls_privkey_import_x509 (self->server_key, leaf_key,
                                         GNUTLS_PRIVKEY_IMPORT_COPY)) < 0)
    {
      check_gnutls (ret, "Loading the demo server key", error);
      goto out;
    }

  if ((ret = gnutls_x509_crt_export2 (ca, GNUTLS_X509_FMT_PEM, &pem)) < 0)
    {
      check_gnutls (ret, "Exporting the demo CA", error);
      goto out;
    }
  self->ca_pem = g_bytes_new (pem.data, pem.size);
  gnutls_free (pem.data);
  ok = TRUE;

out:
  g_clear_pointer (&leaf, gnutls_x509_crt_deinit);
  g_clear_pointer (&ca, gnutls_x509_crt_deinit);
  g_clear_pointer (&leaf_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&ca_key, gnutls_x509_privkey_deinit);
  return ok;
}

/* --- The pre-master secret table ------------------------------------------------------------- */

static void
remember_pre_master (HsvizDemoServer *self,
                     const guint8    *client_random,
                     const guint8    *pms,
                     gsize            pms_len)
{
  GBytes *key = g_bytes_new (client_random, CLIENT_RANDOM_SIZE);

  g_mutex_lock (&self->lock);
  if (!g_hash_table_contains (self->pre_master, key))
    {
      g_queue_push_tail (&self->pre_master_order, g_bytes_ref (key));
      while (g_queue_get_length (&self->pre_master_order) > MAX_PRE_MASTER_ENTRIES)
        {
          GBytes *oldest = g_queue_pop_head (&self->pre_master_order);

          g_hash_table_remove (self->pre_master, oldest);
          g_bytes_unref (oldest);
        }
    }
  g_hash_table_replace (self->pre_master, key, g_bytes_new (pms, pms_len));
  g_mutex_unlock (&self->lock);
}

/* Incoming ClientKeyExchange, before GnuTLS processes it: under RSA key transport the body is
 * a 2-byte length and the PKCS #1 v1.5 encrypted pre-master secret.  We never change the
 * handshake's course (always return 0): a message we cannot decrypt is GnuTLS's to reject. */
static int
client_key_exchange_hook (gnutls_session_t      session,
                          unsigned int          htype,
                          unsigned int          when,
                          unsigned int          incoming,
                          const gnutls_datum_t *msg)
{
  DemoConnection *conn = gnutls_session_get_ptr (session);
  gnutls_datum_t ciphertext;
  gnutls_datum_t plaintext = { NULL, 0 };
  gnutls_datum_t client_random = { NULL, 0 };
  gnutls_datum_t server_random = { NULL, 0 };
  gsize len;

  if (htype != GNUTLS_HANDSHAKE_CLIENT_KEY_EXCHANGE || when != GNUTLS_HOOK_PRE || !incoming)
    return 0;
  if (gnutls_kx_get (session) != GNUTLS_KX_RSA || msg == NULL || msg->size < 2)
    return 0;

  len = ((gsize)msg->data[0] << 8) | msg->data[1];
  if (len != msg->size - 2)
    return 0;
  ciphertext.data = msg->data + 2;
  ciphertext.size = (unsigned int)len;

  if (gnutls_privkey_decrypt_data (conn->server->server_key, 0, &ciphertext, &plaintext) < 0)
    return 0;

  gnutls_session_get_random (session, &client_random, &server_random);
  if (plaintext.size == RSA_PRE_MASTER_SIZE && client_random.size == CLIENT_RANDOM_SIZE)
    remember_pre_master (conn->server, client_random.data, plaintext.data, plaintext.size);

  gnutls_memset (plaintext.data, 0, plaintext.size);
  gnutls_free (plaintext.data);
  return 0;
}

/* --- One connection -------------------------------------------------------------------------- */

static gboolean
is_retryable (int ret)
{
  return ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED;
}

static char *
read_request (DemoConnection *conn)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buf[2048];

  while (request->len < MAX_REQUEST_BYTES && strstr (request->str, "\r\n\r\n") == NULL &&
         strstr (request->str, "\n\n") == NULL)
    {
      ssize_t n = gnutls_record_recv (conn->session, buf, sizeof buf);

      if (n > 0)
        g_string_append_len (request, buf, n);
      else if (n == 0)
        break;                                  /* close_notify */
      else if (is_retryable ((int)n) || n == GNUTLS_E_REHANDSHAKE)
        continue;
      else
        return NULL;
    }
  if (request->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&request), FALSE);
}

static gboolean
send_all (gnutls_session_t  session,
          const char       *data,
          gsize             len)
{
  while (len > 0)
    {
      ssize_t n = gnutls_record_send (session, data, len);

      if (n < 0 && is_retryable ((int)n))
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
answer (DemoConnection *conn,
        const char     *request)
{
  char *desc = gnutls_session_get_desc (conn->session);
  g_autofree char *first_line = g_strndup (request, MIN (strcspn (request, "\r\n"), 200));
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;

  /* Echo only printable ASCII of what the client sent. */
  for (char *p = first_line; *p != '\0'; p++)
    if (!g_ascii_isprint (*p))
      *p = '?';

  body = g_strdup_printf ("This is the HandshakeViz demo server.\n"
                          "It runs inside HandshakeViz on 127.0.0.1 with a certificate made at "
                          "start and signed by its own demo CA.\n"
                          "Connection: %s\n"
                          "Your request: %s\n",
                          desc != NULL ? desc : "(unknown)", first_line);
  response = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Connection: close\r\n"
                              "Server: HandshakeViz-demo/" PACKAGE_VERSION "\r\n"
                              "\r\n"
                              "%s",
                              strlen (body), body);
  gnutls_free (desc);
  send_all (conn->session, response, strlen (response));
}

static void
serve (DemoConnection *conn)
{
  HsvizDemoServer *self = conn->server;
  g_autofree char *request = NULL;
  int ret;

  if (gnutls_init (&conn->session, GNUTLS_SERVER) < 0)
    return;
  gnutls_session_set_ptr (conn->session, conn);
  if (gnutls_priority_set (conn->session, self->priority) < 0 ||
      gnutls_credentials_set (conn->session, GNUTLS_CRD_CERTIFICATE, self->credentials) < 0 ||
      gnutls_session_ticket_enable_server (conn->session, &self->ticket_key) < 0)
    return;
  gnutls_certificate_server_set_request (conn->session, GNUTLS_CERT_IGNORE);
  conn->transport = hsviz_gio_transport_new (conn->session, G_IO_STREAM (conn->connection),
                                             conn->socket, self->cancellable, NULL, NULL);
  gnutls_handshake_set_timeout (conn->session, HANDSHAKE_TIMEOUT_MS);
  gnutls_record_set_timeout (conn->session, RECORD_TIMEOUT_MS);
  gnutls_handshake_set_hook_function (conn->session, GNUTLS_HANDSHAKE_CLIENT_KEY_EXCHANGE,
                                      GNUTLS_HOOK_PRE, client_key_exchange_hook);

  do
    ret = gnutls_handshake (conn->session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && !g_cancellable_is_cancelled (self->cancellable));

  if (ret < 0)
    {
      g_debug ("demo server: handshake failed: %s", gnutls_strerror (ret));
      if (ret != GNUTLS_E_PREMATURE_TERMINATION && ret != GNUTLS_E_PUSH_ERROR &&
          ret != GNUTLS_E_PULL_ERROR && ret != GNUTLS_E_TIMEDOUT &&
          !g_cancellable_is_cancelled (self->cancellable))
        gnutls_alert_send_appropriate (conn->session, ret);
      return;
    }

  request = read_request (conn);
  if (request == NULL)
    return;
  answer (conn, request);
  gnutls_bye (conn->session, GNUTLS_SHUT_WR);
}

static void
demo_connection_free (DemoConnection *conn)
{
  g_clear_pointer (&conn->session, gnutls_deinit);
  g_clear_pointer (&conn->transport, hsviz_gio_transport_free);
  if (conn->connection != NULL)
    g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_clear_object (&conn->connection);
  g_free (conn);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  DemoConnection *conn = data;

  if (!g_cancellable_is_cancelled (conn->server->cancellable))
    serve (conn);
  demo_connection_free (conn);
}

/* --- Accepting ------------------------------------------------------------------------------- */

typedef struct
{
  HsvizDemoServer *server;
  GSocket         *listener;
} AcceptData;

/* One thread per listening socket: a blocking g_socket_accept wakes on the cancellable by
 * polling its fd.  (GSocketListener with two sockets uses GSources instead, and GLib 2.74
 * leaks the cancellable source when stop() cancels it from another thread.) */
static gpointer
accept_thread_func (gpointer data)
{
  AcceptData *accept = data;
  HsvizDemoServer *self = accept->server;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket;
      DemoConnection *conn;

      socket = g_socket_accept (accept->listener, self->cancellable, &error);
      if (socket == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
            break;
          /* EMFILE and friends: do not spin. */
          g_debug ("demo server: accept failed: %s", error->message);
          g_usleep (G_USEC_PER_SEC / 20);
          continue;
        }

      if (g_thread_pool_unprocessed (self->workers) >= MAX_QUEUED_CONNECTIONS)
        {
          g_socket_close (socket, NULL);
          g_object_unref (socket);
          continue;
        }

      g_socket_set_timeout (socket, SOCKET_TIMEOUT_S);
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

      conn = g_new0 (DemoConnection, 1);
      conn->server = self;
      conn->socket = socket;
      conn->connection = g_socket_connection_factory_create_connection (socket);
      g_object_unref (socket);   /* the connection holds it */

      if (!g_thread_pool_push (self->workers, conn, &error))
        demo_connection_free (conn);
    }

  g_free (accept);
  return NULL;
}

static GSocket *
listen_on (GInetAddress  *address,
           guint16        port,
           GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL ||
      !g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static gboolean
start_listening (HsvizDemoServer *self,
                 GError         **error)
{
  g_autoptr(GInetAddress) loopback4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) loopback6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) bound = NULL;
  GError *local_error = NULL;
  GSocket *socket;

  socket = listen_on (loopback4, 0, &local_error);
  if (socket == NULL)
    {
      hsviz_error_take_gio (error, local_error, "Starting the demo server");
      return FALSE;
    }
  g_ptr_array_add (self->listeners, socket);
  bound = g_socket_get_local_address (socket, &local_error);
  if (bound == NULL)
    {
      hsviz_error_take_gio (error, local_error, "Starting the demo server");
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* "localhost" may resolve to ::1 first: listen there too on the same port when the system
   * has IPv6 loopback and the port is free; without it, clients fall back to 127.0.0.1. */
  socket = listen_on (loopback6, self->port, NULL);
  if (socket != NULL)
    g_ptr_array_add (self->listeners, socket);
  return TRUE;
}

/* --- GObject --------------------------------------------------------------------------------- */

static gboolean
hsviz_demo_server_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  HsvizDemoServer *self = HSVIZ_DEMO_SERVER (initable);
  GError *local_error = NULL;
  int ret;

  if (!generate_certificates (self, error))
    return FALSE;

  ret = gnutls_priority_init2 (&self->priority, DEMO_PRIORITY, NULL, 0);
  if (!check_gnutls (ret, "Setting the demo server's priority", error))
    return FALSE;
  ret = gnutls_session_ticket_key_generate (&self->ticket_key);
  if (!check_gnutls (ret, "Making the session ticket key", error))
    return FALSE;

  if (!start_listening (self, error))
    return FALSE;

  self->workers = g_thread_pool_new (worker_func, self, MAX_WORKERS, FALSE, &local_error);
  if (self->workers == NULL)
    {
      hsviz_error_take_gio (error, local_error, "Starting the demo server");
      return FALSE;
    }
  for (guint i = 0; i < self->listeners->len; i++)
    {
      AcceptData *accept = g_new0 (AcceptData, 1);
      GThread *thread;

      accept->server = self;
      accept->listener = g_ptr_array_index (self->listeners, i);
      thread = g_thread_try_new ("hsviz-demo-accept", accept_thread_func, accept, &local_error);
      if (thread == NULL)
        {
          g_free (accept);
          hsviz_error_take_gio (error, local_error, "Starting the demo server");
          return FALSE;
        }
      g_ptr_array_add (self->accept_threads, thread);
    }
  return TRUE;
}

static void
hsviz_demo_server_initable_iface_init (GInitableIface *iface)
{
  iface->init = hsviz_demo_server_initable_init;
}

static void
hsviz_demo_server_dispose (GObject *object)
{
  hsviz_demo_server_stop (HSVIZ_DEMO_SERVER (object));

  G_OBJECT_CLASS (hsviz_demo_server_parent_class)->dispose (object);
}

static void
hsviz_demo_server_finalize (GObject *object)
{
  HsvizDemoServer *self = HSVIZ_DEMO_SERVER (object);

  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_clear_pointer (&self->accept_threads, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->credentials, gnutls_certificate_free_credentials);
  g_clear_pointer (&self->priority, gnutls_priority_deinit);
  g_clear_pointer (&self->server_key, gnutls_privkey_deinit);
  if (self->ticket_key.data != NULL)
    {
      gnutls_memset (self->ticket_key.data, 0, self->ticket_key.size);
      gnutls_free (self->ticket_key.data);
    }
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_clear_pointer (&self->pre_master, g_hash_table_unref);
  g_queue_clear_full (&self->pre_master_order, (GDestroyNotify)g_bytes_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hsviz_demo_server_parent_class)->finalize (object);
}

static void
hsviz_demo_server_class_init (HsvizDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hsviz_demo_server_dispose;
  object_class->finalize = hsviz_demo_server_finalize;
}

static void
hsviz_demo_server_init (HsvizDemoServer *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->listeners = g_ptr_array_new_with_free_func (g_object_unref);
  self->accept_threads = g_ptr_array_new ();
  self->pre_master = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                            (GDestroyNotify)g_bytes_unref,
                                            (GDestroyNotify)g_bytes_unref);
  g_queue_init (&self->pre_master_order);
}

/**
 * hsviz_demo_server_new:
 * @error: return location for a #GError
 *
 * Generates the demo CA and server certificate and starts serving on 127.0.0.1.
 *
 * Returns: (transfer full) (nullable): the running server
 */
HsvizDemoServer *
hsviz_demo_server_new (GError **error)
{
  return g_initable_new (HSVIZ_TYPE_DEMO_SERVER, NULL, error, NULL);
}

guint16
hsviz_demo_server_get_port (HsvizDemoServer *self)
{
  g_return_val_if_fail (HSVIZ_IS_DEMO_SERVER (self), 0);

  return self->port;
}

/**
 * hsviz_demo_server_dup_url:
 * @self: a #HsvizDemoServer
 *
 * Returns: (transfer full): "https://localhost:PORT/"
 */
char *
hsviz_demo_server_dup_url (HsvizDemoServer *self)
{
  g_return_val_if_fail (HSVIZ_IS_DEMO_SERVER (self), NULL);

  return g_strdup_printf ("https://localhost:%u/", self->port);
}

/**
 * hsviz_demo_server_get_ca_pem:
 * @self: a #HsvizDemoServer
 *
 * Returns: (transfer none): the PEM of the CA that signed the server's certificate
 */
GBytes *
hsviz_demo_server_get_ca_pem (HsvizDemoServer *self)
{
  g_return_val_if_fail (HSVIZ_IS_DEMO_SERVER (self), NULL);

  return self->ca_pem;
}

/**
 * hsviz_demo_server_lookup_pre_master:
 * @self: a #HsvizDemoServer
 * @client_random: the 32-byte random of a ClientHello
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): the 48-byte pre-master secret the server decrypted for
 *   that connection, or %NULL when it did not use RSA key transport or was not seen
 */
GBytes *
hsviz_demo_server_lookup_pre_master (HsvizDemoServer *self,
                                     const guint8    *client_random)
{
  g_autoptr(GBytes) key = NULL;
  GBytes *pms;

  g_return_val_if_fail (HSVIZ_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (client_random != NULL, NULL);

  key = g_bytes_new_static (client_random, CLIENT_RANDOM_SIZE);
  g_mutex_lock (&self->lock);
  pms = g_hash_table_lookup (self->pre_master, key);
  if (pms != NULL)
    g_bytes_ref (pms);
  g_mutex_unlock (&self->lock);
  return pms;
}

/**
 * hsviz_demo_server_stop:
 * @self: a #HsvizDemoServer
 *
 * Stops accepting, aborts the connections in progress, waits for the threads and closes the
 * socket.  Also done on dispose; calling it twice is harmless.
 */
void
hsviz_demo_server_stop (HsvizDemoServer *self)
{
  g_return_if_fail (HSVIZ_IS_DEMO_SERVER (self));

  g_cancellable_cancel (self->cancellable);
  while (self->accept_threads->len > 0)
    g_thread_join (g_ptr_array_steal_index (self->accept_threads, self->accept_threads->len - 1));
  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, TRUE);
  for (guint i = 0; i < self->listeners->len; i++)
    g_socket_close (g_ptr_array_index (self->listeners, i), NULL);
}
