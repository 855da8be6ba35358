/* hsviz-util.h — small helpers shared by the core (hex, socket addresses as text)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Lower-case hex, no separators. */
char    *hsviz_hex_encode       (const guint8 *data,
                                 gsize         len);
char    *hsviz_hex_encode_bytes (GBytes       *bytes);
/* Strict: even length, [0-9a-fA-F] only; NULL (and @error set) otherwise. */
GBytes  *hsviz_hex_decode       (const char   *hex,
                                 GError      **error);

/* A socket address as text: "192.0.2.1:443", IPv6 in brackets "[::1]:443". */
char    *hsviz_socket_address_to_string (GInetAddress *address,
                                         guint16       port);
/* The reverse, strict: an IP address (no host name), a port 1–65535; NULL otherwise. */
GInetAddress *hsviz_socket_address_parse (const char *text,
                                          guint16    *port);

/* ThreadSanitizer does not see what GLib's own synchronisation orders (GMutex, GCond, g_once and
 * GThreadPool live in the uninstrumented libglib): in a -Db_sanitize=thread build these tell it,
 * elsewhere they are the plain GLib calls.  HSVIZ_TSAN_RELEASE (p) before handing something to
 * another thread, HSVIZ_TSAN_ACQUIRE (p) where that thread takes it. */
#if defined(__SANITIZE_THREAD__)
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
#define HSVIZ_TSAN_ACQUIRE(p) __tsan_acquire ((void *) (p))
#define HSVIZ_TSAN_RELEASE(p) __tsan_release ((void *) (p))
#else
#define HSVIZ_TSAN_ACQUIRE(p) ((void) 0)
#define HSVIZ_TSAN_RELEASE(p) ((void) 0)
#endif

static inline void
hsviz_mutex_lock (GMutex *mutex)
{
  g_mutex_lock (mutex);
  HSVIZ_TSAN_ACQUIRE (mutex);
}

static inline void
hsviz_mutex_unlock (GMutex *mutex)
{
  HSVIZ_TSAN_RELEASE (mutex);
  g_mutex_unlock (mutex);
}

static inline void
hsviz_cond_wait (GCond  *cond,
                 GMutex *mutex)
{
  HSVIZ_TSAN_RELEASE (mutex);
  g_cond_wait (cond, mutex);
  HSVIZ_TSAN_ACQUIRE (mutex);
}

G_END_DECLS
