/* hsviz-fault-server.c — a TLS peer on 127.0.0.1 that misbehaves on command (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "hsviz-fault-server.h"
#include "hsviz-gio-transport.h"
#include "hsviz-test-utils.h"

#define FAULT_IO_TIMEOUT_S   30
#define FAULT_ERROR          GNUTLS_E_APPLICATION_ERROR_MIN

struct _HsvizFaultServer
{
  HsvizFaultConfig                  config;
  char                             *priority;
  GSocket                          *listener;
  guint16                           port;
  GCancellable                     *cancellable;
  GThread                          *thread;
  gnutls_certificate_credentials_t  creds;
  gnutls_datum_t                    ticket_key;

  GMutex                            lock;       /* protects the four below */
  GCond                             cond;
  guint                             n_connections;
  guint                             n_done;
  guint                             n_requests;
  char                             *last_request;
};

/* One accepted connection. */
typedef struct
{
  HsvizFaultServer  *server;
  GSocket           *socket;
  GSocketConnection *connection;     /* the transport's streams on @socket */
  HsvizGioTransport *transport;
  gnutls_session_t   session;
  GArray            *out_types;      /* guint8: the server's handshake messages, as queued */
  guint              n_hs_records;   /* handshake records pushed (sent or swallowed) */
  gboolean           saw_ccs;        /* TLS 1.2: later records are encrypted */
  gboolean           handshake_done;
  gboolean           cut;            /* the fault struck: swallow the rest, fail reads */
  guint              n_swallowed_encrypted;
  guint              n_sent_encrypted;   /* TLS 1.3 handshake records that went out */
  GBytes            *server_hs_secret;   /* SERVER_HANDSHAKE_TRAFFIC_SECRET */
} FaultConnection;

/* ---- raw socket helpers ---- */

static gboolean
send_raw (FaultConnection *c,
          const guint8    *data,
          gsize            len)
{
  while (len > 0)
    {
      gssize n = g_socket_send (c->socket, (const char *) data, len, c->server->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Sleeps @ms, waking early when the server stops.  FALSE when stopped. */
static gboolean
pause_ms (FaultConnection *c,
          guint            ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (c->server->cancellable))
        return FALSE;
      g_usleep (MIN (10000, (gulong) (end - g_get_monotonic_time ()) + 1));
    }
  return !g_cancellable_is_cancelled (c->server->cancellable);
}

/* Reads whatever the client sent first (its ClientHello), up to 64 KiB; FALSE on EOF. */
static gboolean
read_client_hello (FaultConnection *c)
{
  char buf[65536];
  gssize n = g_socket_receive (c->socket, buf, sizeof buf, c->server->cancellable, NULL);

  return n > 0;
}

static void
reset_connection (FaultConnection *c)
{
  struct linger l = { 1, 0 };

  setsockopt (g_socket_get_fd (c->socket), SOL_SOCKET, SO_LINGER, &l, sizeof l);
  g_socket_close (c->socket, NULL);
}

/* ---- the server session's transport: where faults strike ---- */

/* Is the record starting at @p (handshake record number @index) where the fault strikes?
 * Returns how many of its bytes still go out (-1: all of it, no strike). */
static gssize
strike_at (FaultConnection *c,
           const guint8    *p,
           gsize            len,
           guint            index)
{
  const HsvizFaultConfig *cfg = &c->server->config;
  guint8 type = index < c->out_types->len ? g_array_index (c->out_types, guint8, index) : 0;

  if (cfg->fault != HSVIZ_FAULT_CLOSE && cfg->fault != HSVIZ_FAULT_ALERT &&
      cfg->fault != HSVIZ_FAULT_RESET)
    return -1;
  if (p[0] != 22 && p[0] != 23)
    return -1;
  switch (cfg->point)
    {
    case HSVIZ_FAULT_AT_CLIENT_HELLO:
      return 0;
    case HSVIZ_FAULT_AT_SERVER_HELLO:
      return index >= 1 ? 0 : -1;
    case HSVIZ_FAULT_AT_CERTIFICATE_MIDDLE:
      if (type != 11)
        return -1;
      return cfg->fault == HSVIZ_FAULT_ALERT ? 0 : (gssize) (len / 2);
    case HSVIZ_FAULT_AT_FINISHED:
      return type == 20 ? 0 : -1;
    default:
      return -1;
    }
}

/* Sends what GnuTLS pushes, whole records, unless the fault strikes in them. */
static gboolean
fault_write (gpointer      user_data,
             const guint8 *data,
             gsize         len)
{
  FaultConnection *c = user_data;
  const HsvizFaultConfig *cfg = &c->server->config;
  gsize pos = 0;

  if (cfg->fault == HSVIZ_FAULT_DRIBBLE && !c->handshake_done)
    {
      for (gsize i = 0; i < len; i++)
        if (!send_raw (c, data + i, 1) || !pause_ms (c, cfg->interval_ms))
          return FALSE;
      return TRUE;
    }

  while (pos < len)
    {
      const guint8 *p = data + pos;
      gsize rec_len = len - pos >= 5 ? 5 + (gsize) ((p[3] << 8) | p[4]) : len - pos;
      gssize keep = -1;

      rec_len = MIN (rec_len, len - pos);
      if (!c->cut && !c->handshake_done)
        {
          keep = strike_at (c, p, rec_len, c->n_hs_records);
          if (p[0] == 22 || p[0] == 23)
            c->n_hs_records++;
          if (p[0] == 20)
            c->saw_ccs = TRUE;
        }
      if (c->cut || keep >= 0)
        {
          if (!c->cut && keep > 0 && !send_raw (c, p, (gsize) keep))
            return FALSE;
          c->cut = TRUE;
          if (p[0] == 23 || c->saw_ccs)
            c->n_swallowed_encrypted++;
          /* CLOSE and RESET end here (the caller does the rest); ALERT swallows the record,
           * the alert replaces it */
          if (cfg->fault != HSVIZ_FAULT_ALERT)
            return FALSE;
        }
      else if (!send_raw (c, p, rec_len))
        return FALSE;
      else if (p[0] == 23 && !c->handshake_done)
        c->n_sent_encrypted++;
      pos += rec_len;
    }
  return TRUE;
}

/* Once the fault struck, the server's reads fail: its handshake stops there. */
static int
fault_before_read (gpointer user_data)
{
  FaultConnection *c = user_data;

  return c->cut ? ECONNRESET : 0;
}

static const HsvizGioTransportFuncs fault_transport = {
  .before_read = fault_before_read,
  .write = fault_write,
};

static int
fault_hook (gnutls_session_t      session,
            unsigned int          htype,
            unsigned              when,
            unsigned int          incoming,
            const gnutls_datum_t *msg)
{
  FaultConnection *c = gnutls_session_get_ptr (session);
  const HsvizFaultConfig *cfg = &c->server->config;

  if (when != GNUTLS_HOOK_PRE)
    return 0;
  if (incoming && htype == GNUTLS_HANDSHAKE_CLIENT_HELLO &&
      cfg->point == HSVIZ_FAULT_AT_CLIENT_HELLO &&
      (cfg->fault == HSVIZ_FAULT_CLOSE || cfg->fault == HSVIZ_FAULT_ALERT ||
       cfg->fault == HSVIZ_FAULT_RESET))
    {
      c->cut = TRUE;           /* nothing queued yet: the alert goes out in plain text */
      return FAULT_ERROR;
    }
  if (!incoming)
    {
      guint8 type = htype == GNUTLS_HANDSHAKE_HELLO_RETRY_REQUEST ? 2 : (guint8) htype;

      g_array_append_val (c->out_types, type);
    }
  return 0;
}

/* ---- one connection ---- */

static gboolean
record_send_all (FaultConnection *c,
                 const void      *data,
                 gsize            len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = gnutls_record_send (c->session, p, len);

      if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static char *
read_request (FaultConnection *c)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buf[4096];

  while (request->len < 65536 && strstr (request->str, "\r\n\r\n") == NULL)
    {
      ssize_t n = gnutls_record_recv (c->session, buf, sizeof buf);

      if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (request, buf, n);
    }
  if (request->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&request), FALSE);
}

static int
fault_keylog (gnutls_session_t      session,
              const char           *label,
              const gnutls_datum_t *secret)
{
  FaultConnection *c = gnutls_session_get_ptr (session);

  if (g_str_equal (label, "SERVER_HANDSHAKE_TRAFFIC_SECRET"))
    {
      g_clear_pointer (&c->server_hs_secret, g_bytes_unref);
      c->server_hs_secret = g_bytes_new (secret->data, secret->size);
    }
  return 0;
}

/* HKDF-Expand-Label (RFC 8446 §7.1) with an empty context. */
static gboolean
expand_label (gnutls_mac_algorithm_t  mac,
              GBytes                 *secret,
              const char             *label,
              guint8                 *out,
              gsize                   len)
{
  guint8 info[64];
  gsize ll = strlen (label) + 6;
  gnutls_datum_t key = { (unsigned char *) g_bytes_get_data (secret, NULL),
                         (unsigned int) g_bytes_get_size (secret) };
  gnutls_datum_t inf = { info, (unsigned int) (4 + ll) };

  info[0] = (guint8) (len >> 8);
  info[1] = (guint8) len;
  info[2] = (guint8) ll;
  memcpy (info + 3, "tls13 ", 6);
  memcpy (info + 9, label, ll - 6);
  info[3 + ll] = 0;
  return gnutls_hkdf_expand (mac, &key, &inf, out, len) == 0;
}

/* TLS 1.3: the client still reads with the server's handshake keys (the server itself has
 * moved on to its application keys), so the alert is sealed here with those keys and the
 * sequence number of the next record the client expects (RFC 8446 §5.2, §5.3). */
static gboolean
send_tls13_handshake_alert (FaultConnection *c)
{
  gnutls_cipher_algorithm_t cipher = gnutls_cipher_get (c->session);
  gnutls_mac_algorithm_t mac = (gnutls_mac_algorithm_t) gnutls_prf_hash_get (c->session);
  gsize key_len = gnutls_cipher_get_key_size (cipher);
  guint8 key[32], iv[12], nonce[12], record[5 + 19];
  guint8 inner[3] = { GNUTLS_AL_FATAL, c->server->config.alert, 21 };
  gnutls_datum_t key_d = { key, (unsigned int) key_len };
  gnutls_aead_cipher_hd_t aead = NULL;
  size_t out_len = 19;
  gboolean ok;

  if (c->server_hs_secret == NULL || key_len == 0 || key_len > sizeof key ||
      !expand_label (mac, c->server_hs_secret, "key", key, key_len) ||
      !expand_label (mac, c->server_hs_secret, "iv", iv, sizeof iv))
    return FALSE;
  memcpy (nonce, iv, sizeof iv);
  for (guint i = 0; i < 8; i++)
    nonce[11 - i] ^= (guint8) ((guint64) c->n_sent_encrypted >> (8 * i));
  record[0] = 23;
  record[1] = 3;
  record[2] = 3;
  record[3] = 0;
  record[4] = 19;
  if (gnutls_aead_cipher_init (&aead, cipher, &key_d) < 0)
    return FALSE;
  ok = gnutls_aead_cipher_encrypt (aead, nonce, sizeof nonce, record, 5, 16, inner, sizeof inner,
                                   record + 5, &out_len) == 0 && out_len == 19;
  gnutls_aead_cipher_deinit (aead);
  return ok && send_raw (c, record, sizeof record);
}

/* The alert replaces what was swallowed: rewind the write sequence number by the encrypted
 * records that never went out, so the client can decrypt it. */
static void
send_alert (FaultConnection *c)
{
  unsigned char seq[8];
  guint64 n = 0;

  if (c->n_swallowed_encrypted > 0 && gnutls_protocol_get_version (c->session) == GNUTLS_TLS1_3)
    {
      send_tls13_handshake_alert (c);
      return;
    }
  if (c->n_swallowed_encrypted > 0 &&
      gnutls_record_get_state (c->session, 0, NULL, NULL, NULL, seq) == 0)
    {
      for (guint i = 0; i < 8; i++)
        n = (n << 8) | seq[i];
      n -= MIN (n, c->n_swallowed_encrypted);
      for (guint i = 0; i < 8; i++)
        seq[7 - i] = (unsigned char) (n >> (8 * i));
      gnutls_record_set_state (c->session, 0, seq);
    }
  c->cut = FALSE;
  gnutls_alert_send (c->session, GNUTLS_AL_FATAL, c->server->config.alert);
}

static void
serve_http (FaultConnection *c)
{
  HsvizFaultServer *self = c->server;
  const HsvizFaultConfig *cfg = &self->config;
  g_autofree char *request = read_request (c);
  g_autofree char *head = NULL;

  if (request == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->n_requests++;
  g_free (self->last_request);
  self->last_request = g_strdup (request);
  g_mutex_unlock (&self->lock);

  switch (cfg->fault)
    {
    case HSVIZ_FAULT_REDIRECT:
      head = g_strdup_printf ("HTTP/1.1 302 Found\r\n"
                              "Location: https://127.0.0.1:%u/elsewhere\r\n"
                              "Set-Cookie: hsviz-test=secret; Path=/\r\n"
                              "Content-Length: 0\r\n"
                              "Connection: close\r\n\r\n", self->port);
      record_send_all (c, head, strlen (head));
      break;

    case HSVIZ_FAULT_FLOOD_BYTES:
      {
        g_autofree guint8 *chunk = g_malloc0 (16384);
        guint64 left = cfg->count;

        head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n\r\n",
                                cfg->count);
        if (!record_send_all (c, head, strlen (head)))
          return;
        while (left > 0 && !g_cancellable_is_cancelled (self->cancellable))
          {
            gsize n = MIN (left, 16384);

            if (!record_send_all (c, chunk, n))
              return;
            left -= n;
          }
      }
      break;

    case HSVIZ_FAULT_FLOOD_RECORDS:
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n\r\n",
                              cfg->count);
      if (!record_send_all (c, head, strlen (head)))
        return;
      for (guint64 i = 0; i < cfg->count && !g_cancellable_is_cancelled (self->cancellable); i++)
        if (!record_send_all (c, "x", 1))
          return;
      break;

    case HSVIZ_FAULT_RESPONSE:
      {
        char buf[4096];

        if (cfg->warning_alert != 0 &&
            gnutls_alert_send (c->session, GNUTLS_AL_WARNING, cfg->warning_alert) < 0)
          return;
        if (!record_send_all (c, cfg->response, strlen (cfg->response)))
          return;
        /* the answer is complete: keep the connection open until the client closes it */
        while (!g_cancellable_is_cancelled (self->cancellable))
          {
            ssize_t n = gnutls_record_recv (c->session, buf, sizeof buf);

            if (n < 0 && (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED))
              continue;
            if (n <= 0)
              break;
          }
      }
      return;

    default:
      head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");
      record_send_all (c, head, strlen (head));
      break;
    }
  gnutls_bye (c->session, GNUTLS_SHUT_WR);
}

static void
serve_tls (FaultConnection *c)
{
  HsvizFaultServer *self = c->server;
  const HsvizFaultConfig *cfg = &self->config;
  int ret;

  if (gnutls_init (&c->session, GNUTLS_SERVER) < 0)
    return;
  gnutls_session_set_ptr (c->session, c);
  if (gnutls_priority_set_direct (c->session, self->priority, NULL) < 0 ||
      gnutls_credentials_set (c->session, GNUTLS_CRD_CERTIFICATE, self->creds) < 0)
    return;
  if (cfg->fault == HSVIZ_FAULT_MANY_MESSAGES)
    gnutls_session_ticket_enable_server (c->session, &self->ticket_key);
  gnutls_certificate_server_set_request (c->session, GNUTLS_CERT_IGNORE);
  c->connection = g_socket_connection_factory_create_connection (c->socket);
  c->transport = hsviz_gio_transport_new (c->session, G_IO_STREAM (c->connection), c->socket,
                                          self->cancellable, &fault_transport, c);
  gnutls_handshake_set_timeout (c->session, FAULT_IO_TIMEOUT_S * 1000);
  gnutls_handshake_set_hook_function (c->session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_PRE, fault_hook);
  gnutls_session_set_keylog_function (c->session, fault_keylog);

  do
    ret = gnutls_handshake (c->session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && !g_cancellable_is_cancelled (self->cancellable));

  if (c->cut || (cfg->fault == HSVIZ_FAULT_ALERT && cfg->point == HSVIZ_FAULT_AT_FINISHED))
    {
      /* the fault struck (TLS 1.2 servers finish their handshake with the Finished) */
      if (cfg->fault == HSVIZ_FAULT_ALERT)
        send_alert (c);
      else if (cfg->fault == HSVIZ_FAULT_RESET)
        reset_connection (c);
      return;
    }
  if (ret < 0)
    return;
  c->handshake_done = TRUE;

  if (cfg->fault == HSVIZ_FAULT_MANY_MESSAGES)
    {
      /* each ticket is one post-handshake message; the client's hook counts them */
      for (guint64 i = 0; i < cfg->count && !g_cancellable_is_cancelled (self->cancellable); i += 8)
        if (gnutls_session_ticket_send (c->session, (unsigned) MIN (8, cfg->count - i), 0) < 0)
          return;
    }
  serve_http (c);
}

static void
serve_huge_message (FaultConnection *c)
{
  /* a ServerHello whose header announces 0xffffff bytes (16 MiB - 1), then more and more */
  g_autofree guint8 *record = g_malloc0 (5 + 16384);
  guint64 sent = 0;

  record[0] = 22;
  record[1] = 3;
  record[2] = 3;
  record[3] = 0x40;
  record[4] = 0x00;
  record[5] = 2;
  record[6] = record[7] = record[8] = 0xff;
  if (!read_client_hello (c) || !send_raw (c, record, 5 + 16384))
    return;
  memset (record + 5, 0, 4);
  while (sent < 17 * 1024 * 1024 && send_raw (c, record, 5 + 16384))
    sent += 16384;
}

static void
serve_garbage (FaultConnection *c)
{
  guint8 junk[4096];
  guint32 x = 0x12345678;

  /* bytes that are no TLS record: the first one is no content type */
  for (guint i = 0; i < sizeof junk; i++)
    {
      x = x * 1103515245u + 12345u;
      junk[i] = (guint8) (x >> 16);
    }
  junk[0] = 0xee;
  if (read_client_hello (c))
    send_raw (c, junk, sizeof junk);
  pause_ms (c, 200);
}

static void
serve (FaultConnection *c)
{
  HsvizFaultServer *self = c->server;

  switch (self->config.fault)
    {
    case HSVIZ_FAULT_GARBAGE:
      serve_garbage (c);
      break;
    case HSVIZ_FAULT_HUGE_MESSAGE:
      serve_huge_message (c);
      break;
    case HSVIZ_FAULT_SILENT:
      if (read_client_hello (c))
        {
          char buf[16];

          /* until the client gives up (EOF) or the server stops */
          while (g_socket_receive (c->socket, buf, sizeof buf, self->cancellable, NULL) > 0)
            ;
        }
      break;
    case HSVIZ_FAULT_RESET:
      if (self->config.point == HSVIZ_FAULT_AT_CLIENT_HELLO)
        {
          if (read_client_hello (c))
            reset_connection (c);
          break;
        }
      serve_tls (c);
      break;
    default:
      serve_tls (c);
      break;
    }
}

static gpointer
accept_thread (gpointer data)
{
  HsvizFaultServer *self = data;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      FaultConnection c = { 0 };

      c.socket = g_socket_accept (self->listener, self->cancellable, NULL);
      if (c.socket == NULL)
        break;
      c.server = self;
      c.out_types = g_array_new (FALSE, FALSE, 1);
      g_socket_set_timeout (c.socket, FAULT_IO_TIMEOUT_S);
      g_socket_set_option (c.socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_mutex_lock (&self->lock);
      self->n_connections++;
      g_mutex_unlock (&self->lock);

      serve (&c);

      if (c.session != NULL)
        gnutls_deinit (c.session);
      g_clear_pointer (&c.transport, hsviz_gio_transport_free);
      g_clear_object (&c.connection);
      g_socket_close (c.socket, NULL);
      g_object_unref (c.socket);
      g_array_unref (c.out_types);
      g_clear_pointer (&c.server_hs_secret, g_bytes_unref);
      g_mutex_lock (&self->lock);
      self->n_done++;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

/* ---- API ---- */

HsvizFaultServer *
hsviz_fault_server_new (const HsvizFaultConfig *config)
{
  HsvizFaultServer *self = g_new0 (HsvizFaultServer, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = hsviz_test_cert_path ("rsa.pem");
  g_autofree char *key = hsviz_test_cert_path ("rsa.key");

  self->config = *config;
  self->priority = g_strdup (config->priority ? config->priority : "NORMAL");
  self->config.priority = self->priority;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->cancellable = g_cancellable_new ();

  g_assert_cmpint (gnutls_certificate_allocate_credentials (&self->creds), ==, 0);
  g_assert_cmpint (gnutls_certificate_set_x509_key_file (self->creds, cert, key,
                                                         GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_session_ticket_key_generate (&self->ticket_key), ==, 0);

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, addr, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->thread = g_thread_new ("fault-server", accept_thread, self);
  return self;
}

guint16
hsviz_fault_server_get_port (HsvizFaultServer *self)
{
  return self->port;
}

char *
hsviz_fault_server_dup_url (HsvizFaultServer *self)
{
  return g_strdup_printf ("https://127.0.0.1:%u/", self->port);
}

guint
hsviz_fault_server_get_connections (HsvizFaultServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_connections;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
hsviz_fault_server_get_requests (HsvizFaultServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
hsviz_fault_server_dup_request (HsvizFaultServer *self)
{
  char *r;

  g_mutex_lock (&self->lock);
  r = g_strdup (self->last_request);
  g_mutex_unlock (&self->lock);
  return r;
}

gboolean
hsviz_fault_server_wait_done (HsvizFaultServer *self,
                              guint             n,
                              guint             timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  while (self->n_done < n && ok)
    ok = g_cond_wait_until (&self->cond, &self->lock, end);
  ok = self->n_done >= n;
  g_mutex_unlock (&self->lock);
  return ok;
}

void
hsviz_fault_server_stop (HsvizFaultServer *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  gnutls_certificate_free_credentials (self->creds);
  gnutls_free (self->ticket_key.data);
  g_free (self->priority);
  g_free (self->last_request);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
