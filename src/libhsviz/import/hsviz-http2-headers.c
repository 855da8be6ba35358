/* hsviz-http2-headers.c — the first HTTP/2 request and response of a decrypted connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <nghttp2/nghttp2.h>
#include <string.h>

#include "hsviz-http2-headers.h"

#define PREFACE     "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define PREFACE_LEN 24
#define FRAME_HEADERS      0x1
#define FRAME_CONTINUATION 0x9
#define FLAG_END_HEADERS 0x4
#define FLAG_PADDED      0x8
#define FLAG_PRIORITY    0x20

typedef void (*FieldFunc) (guint32        stream,
                           const nghttp2_nv *nv,
                           gpointer       user_data);

/* Walks @data's frames, inflating every header block in order; @func sees each field. */
static void
walk_frames (const guint8 *data,
             gsize         len,
             FieldFunc     func,
             gpointer      user_data)
{
  nghttp2_hd_inflater *inflater = NULL;
  g_autoptr(GByteArray) block = g_byte_array_new ();
  guint32 block_stream = 0;
  gsize pos = 0;

  if (nghttp2_hd_inflate_new (&inflater) != 0)
    return;
  while (pos + 9 <= len)
    {
      gsize flen = ((gsize) data[pos] << 16) | ((gsize) data[pos + 1] << 8) | data[pos + 2];
      guint8 type = data[pos + 3], flags = data[pos + 4];
      guint32 stream = (((guint32) data[pos + 5] << 24) | ((guint32) data[pos + 6] << 16) |
                        ((guint32) data[pos + 7] << 8) | data[pos + 8]) & 0x7fffffffu;
      const guint8 *p = data + pos + 9;
      gsize plen = flen, skip = 0, pad = 0;

      if (flen > len - pos - 9)
        break;
      pos += 9 + flen;
      if (type != FRAME_HEADERS && type != FRAME_CONTINUATION)
        continue;
      if (type == FRAME_HEADERS)
        {
          if (flags & FLAG_PADDED)
            {
              if (plen < 1)
                break;
              pad = p[0];
              skip = 1;
            }
          if (flags & FLAG_PRIORITY)
            skip += 5;
          if (skip + pad > plen)
            break;
          g_byte_array_set_size (block, 0);
          block_stream = stream;
          g_byte_array_append (block, p + skip, (guint) (plen - skip - pad));
        }
      else if (stream == block_stream && block->len > 0)
        g_byte_array_append (block, p, (guint) plen);
      else
        break;
      if (block->len > 256 * 1024)
        break;
      if (flags & FLAG_END_HEADERS)
        {
          const guint8 *in = block->data;
          gsize in_len = block->len;

          for (;;)
            {
              nghttp2_nv nv;
              int inflate_flags = 0;
              ssize_t rv = nghttp2_hd_inflate_hd2 (inflater, &nv, &inflate_flags, in, in_len, 1);

              if (rv < 0)
                goto out;
              in += rv;
              in_len -= (gsize) rv;
              if (inflate_flags & NGHTTP2_HD_INFLATE_EMIT)
                func (block_stream, &nv, user_data);
              if (inflate_flags & NGHTTP2_HD_INFLATE_FINAL)
                {
                  nghttp2_hd_inflate_end_headers (inflater);
                  break;
                }
              if (in_len == 0 && !(inflate_flags & NGHTTP2_HD_INFLATE_EMIT))
                break;
            }
          g_byte_array_set_size (block, 0);
        }
    }
out:
  nghttp2_hd_inflate_del (inflater);
}

typedef struct
{
  guint32  stream;       /* the first request's stream, 0 until seen */
  GString *request;
  HsvizApplicationData *app;
} Reading;

static void
request_field (guint32           stream,
               const nghttp2_nv *nv,
               gpointer          user_data)
{
  Reading *r = user_data;

  if (r->stream == 0)
    r->stream = stream;
  if (stream != r->stream)
    return;
  g_string_append_printf (r->request, "%.*s: %.*s\r\n", (int) nv->namelen, nv->name, (int) nv->valuelen, nv->value);
}

static void
response_field (guint32           stream,
                const nghttp2_nv *nv,
                gpointer          user_data)
{
  Reading *r = user_data;
  HsvizApplicationData *app = r->app;
  g_autofree char *name = g_utf8_make_valid ((const char *) nv->name, (gssize) nv->namelen);
  g_autofree char *value = g_utf8_make_valid ((const char *) nv->value, (gssize) nv->valuelen);

  if (stream != r->stream)
    return;
  if (strcmp (name, ":status") == 0)
    {
      /* a 1xx interim answer is followed by the real one: the last status wins */
      app->status = (guint) g_ascii_strtoull (value, NULL, 10);
      if (app->headers != NULL)
        g_ptr_array_set_size (app->headers, 0);
      return;
    }
  if (app->headers != NULL)
    {
      HsvizHeader *h = g_new0 (HsvizHeader, 1);

      h->name = g_steal_pointer (&name);
      h->value = g_steal_pointer (&value);
      g_ptr_array_add (app->headers, h);
    }
}

gboolean
hsviz_http2_read_headers (const guint8         *client,
                          gsize                 client_len,
                          const guint8         *server,
                          gsize                 server_len,
                          HsvizApplicationData *app)
{
  Reading r = { 0 };

  if (client_len < PREFACE_LEN || memcmp (client, PREFACE, PREFACE_LEN) != 0)
    return FALSE;
  r.request = g_string_new (NULL);
  r.app = app;
  walk_frames (client + PREFACE_LEN, client_len - PREFACE_LEN, request_field, &r);
  g_string_append (r.request, "\r\n");
  g_free (app->request);
  app->request = g_utf8_make_valid (r.request->str, (gssize) r.request->len);
  g_string_free (r.request, TRUE);
  if (r.stream != 0)
    {
      walk_frames (server, server_len, response_field, &r);
      if (app->status != 0)
        {
          g_free (app->http_version);
          app->http_version = g_strdup ("HTTP/2");
        }
    }
  return TRUE;
}
