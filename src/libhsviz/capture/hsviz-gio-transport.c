/* hsviz-gio-transport.c — a GnuTLS session's push/pull functions on GIO streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "hsviz-gio-transport.h"
#include "hsviz-record-tap.h"

struct _HsvizGioTransport
{
  gnutls_session_t        session;
  GInputStream           *input;
  GOutputStream          *output;
  GSocket                *socket;
  GCancellable           *cancellable;
  HsvizGioTransportFuncs  funcs;
  gpointer                user_data;
  GError                 *error;       /* the first one */
  guint8                 *ahead;       /* read from the socket, not yet pulled by GnuTLS */
  gsize                   ahead_start;
  gsize                   ahead_end;
};

/* What one socket read takes at most: whatever has arrived, up to one record of the largest
 * size, so that the record tap sees each record when it reached us, not when GnuTLS got round to
 * it (a TLS 1.3 NewSessionTicket sent with the server's Finished is on the wire before the
 * client's Finished, although GnuTLS reads it only later), while a byte cap checked before each
 * read is overshot by one record at most. */
#define READ_AHEAD_SIZE HSVIZ_RECORD_MAX

static void
remember_error (HsvizGioTransport *self,
                GError            *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
}

static ssize_t
push_cb (gnutls_transport_ptr_t  ptr,
         const giovec_t         *iov,
         int                     iovcnt)
{
  HsvizGioTransport *self = ptr;
  gsize written = 0;
  GError *error = NULL;

  if (self->funcs.write != NULL)
    {
      g_autoptr(GByteArray) buf = g_byte_array_new ();

      /* GnuTLS hands whole records, possibly several, in the vector: give them as one run */
      for (int i = 0; i < iovcnt; i++)
        g_byte_array_append (buf, iov[i].iov_base, (guint) iov[i].iov_len);
      if (!self->funcs.write (self->user_data, buf->data, buf->len))
        {
          gnutls_transport_set_errno (self->session, EIO);
          return -1;
        }
      written = buf->len;
    }
  else
    {
      g_autofree GOutputVector *vectors = g_new (GOutputVector, iovcnt > 0 ? iovcnt : 1);

      for (int i = 0; i < iovcnt; i++)
        {
          vectors[i].buffer = iov[i].iov_base;
          vectors[i].size = iov[i].iov_len;
        }
      if (!g_output_stream_writev_all (self->output, vectors, iovcnt, &written,
                                       self->cancellable, &error))
        {
          remember_error (self, error);
          gnutls_transport_set_errno (self->session, EIO);
          return -1;
        }
    }

  if (self->funcs.moved != NULL)
    for (int i = 0; i < iovcnt; i++)
      self->funcs.moved (self->user_data, TRUE, iov[i].iov_base, iov[i].iov_len);
  return (ssize_t) written;
}

static ssize_t
pull_cb (gnutls_transport_ptr_t  ptr,
         void                   *data,
         size_t                  len)
{
  HsvizGioTransport *self = ptr;
  GError *error = NULL;
  int refused;
  gssize n;
  gsize take;

  if (self->ahead_start == self->ahead_end)
    {
      if (self->funcs.before_read != NULL && (refused = self->funcs.before_read (self->user_data)) != 0)
        {
          gnutls_transport_set_errno (self->session, refused);
          return -1;
        }

      if (self->ahead == NULL)
        self->ahead = g_malloc (READ_AHEAD_SIZE);
      n = g_input_stream_read (self->input, self->ahead, READ_AHEAD_SIZE, self->cancellable, &error);
      if (n < 0)
        {
          /* never EINTR/EAGAIN: GnuTLS would retry, and a cancel must end the session */
          remember_error (self, error);
          gnutls_transport_set_errno (self->session, ECONNRESET);
          return -1;
        }
      if (n == 0)
        return 0;
      self->ahead_start = 0;
      self->ahead_end = (gsize) n;
      if (self->funcs.moved != NULL)
        self->funcs.moved (self->user_data, FALSE, self->ahead, (gsize) n);
    }

  take = MIN (len, self->ahead_end - self->ahead_start);
  memcpy (data, self->ahead + self->ahead_start, take);
  self->ahead_start += take;
  return (ssize_t) take;
}

/* 1: readable (or a read would fail at once), 0: timed out, -1: error. */
static int
pull_timeout_cb (gnutls_transport_ptr_t ptr,
                 unsigned int           ms)
{
  HsvizGioTransport *self = ptr;
  GError *error = NULL;
  gint64 timeout_us = ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (gint64) ms * 1000;

  if (self->ahead_start < self->ahead_end)
    return 1;   /* read ahead already */
  if (self->socket == NULL)
    return 1;   /* no socket to wait on (a pre-connected stream): the blocking read waits */
  if (self->funcs.before_read != NULL && self->funcs.before_read (self->user_data) != 0)
    return 1;   /* pull_cb fails at once */
  if (g_socket_condition_timed_wait (self->socket, G_IO_IN, timeout_us, self->cancellable, &error))
    return 1;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_error_free (error);
      return 0;
    }
  remember_error (self, error);
  gnutls_transport_set_errno (self->session, ECONNRESET);
  return -1;
}

HsvizGioTransport *
hsviz_gio_transport_new (gnutls_session_t              session,
                         GIOStream                    *stream,
                         GSocket                      *socket,
                         GCancellable                 *cancellable,
                         const HsvizGioTransportFuncs *funcs,
                         gpointer                      user_data)
{
  HsvizGioTransport *self;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (socket == NULL || G_IS_SOCKET (socket), NULL);

  self = g_new0 (HsvizGioTransport, 1);
  self->session = session;
  self->input = g_object_ref (g_io_stream_get_input_stream (stream));
  self->output = g_object_ref (g_io_stream_get_output_stream (stream));
  self->socket = socket != NULL ? g_object_ref (socket) : NULL;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  if (funcs != NULL)
    self->funcs = *funcs;
  self->user_data = user_data;

  gnutls_transport_set_ptr (session, self);
  gnutls_transport_set_vec_push_function (session, push_cb);
  gnutls_transport_set_pull_function (session, pull_cb);
  gnutls_transport_set_pull_timeout_function (session, pull_timeout_cb);
  return self;
}

void
hsviz_gio_transport_free (HsvizGioTransport *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->socket);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->ahead);
  g_free (self);
}

GError *
hsviz_gio_transport_take_error (HsvizGioTransport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_steal_pointer (&self->error);
}
