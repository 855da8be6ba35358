/* fuzz-starttls.c — libFuzzer harness for the STARTTLS dialects (what a server says in clear
 * before TLS, and its greeting after it)
 *
 * The first input byte picks the protocol (bits 0-2: smtp imap pop3 ftp xmpp ldap postgres),
 * the phase (bit 3: after TLS; bit 4: implicit TLS) and how the rest is served (bits 5-7: the
 * largest read, 1 to 8 bytes a read, or all at once); the rest is everything the server says.
 * What we say is thrown away.  Every dialogue must end (the server's bytes run out: an error),
 * and everything reported as said must be valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hsviz-starttls.h"

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gsize         chunk;
} Server;

static gssize
fuzz_read (gpointer  io,
           guint8   *buf,
           gsize     len,
           GError  **error)
{
  Server *s = io;
  gsize n = MIN (MIN (len, s->len - s->pos), s->chunk);

  memcpy (buf, s->data + s->pos, n);
  s->pos += n;
  return (gssize) n;   /* 0 at the end: the server closed */
}

static gboolean
fuzz_write (gpointer      io,
            const guint8 *buf,
            gsize         len,
            GError      **error)
{
  return TRUE;
}

static void
fuzz_said (gpointer        data,
           HsvizDirection  direction,
           const char     *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    abort ();
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *protocols[] = { "smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres", "smtp" };
  Server server;
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  HsvizDialogue d = { fuzz_read, fuzz_write, &server, fuzz_said, NULL, "localhost", in };
  guint8 how;

  if (size < 1)
    return 0;
  how = data[0];
  server.data = data + 1;
  server.len = size - 1;
  server.pos = 0;
  server.chunk = (how >> 5) == 0 ? G_MAXSIZE : (gsize) (how >> 5);
  if (how & 0x08)
    hsviz_starttls_after_tls (protocols[how & 7], (how & 0x10) != 0, &d, &error);
  else
    hsviz_starttls_negotiate (protocols[how & 7], &d, &error);
  return 0;
}
