/* hsviz-starttls.c — what a client says in clear before TLS (STARTTLS), and the protocol's
 * greeting and polite ending after it, for SMTP, IMAP, POP3, FTP, XMPP, LDAP and PostgreSQL
 *
 * Each dialect is one function over an HsvizDialogue: bytes in and out through the connection
 * (plain GIO streams before TLS, the GnuTLS session after), every line or message said reported
 * as text (binary protocols: a short description and the hex of the bytes).  The dialects follow
 * RFC 3207 (SMTP), RFC 2595 (IMAP, POP3), RFC 4217 (FTP), RFC 6120 (XMPP), RFC 4511 §4.14 (LDAP)
 * and PostgreSQL's SSLRequest (protocol 3, "SSL Session Encryption").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-starttls.h"
#include "hsviz-target.h"
#include "hsviz-util.h"

#define MAX_ANSWER (64 * 1024)
#define EHLO_NAME  "handshakeviz.invalid"

/* ---- the dialogue: bytes in and out, each thing said reported ---- */

static gboolean
say (HsvizDialogue *d,
     const char    *text,
     GError       **error)
{
  if (!d->write (d->io, (const guint8 *) text, strlen (text), error))
    return FALSE;
  d->said (d->said_data, HSVIZ_DIRECTION_CLIENT, text);
  return TRUE;
}

static gboolean
say_binary (HsvizDialogue *d,
            const guint8  *bytes,
            gsize          len,
            const char    *description,
            GError       **error)
{
  g_autofree char *hex = NULL;
  g_autofree char *text = NULL;

  if (!d->write (d->io, bytes, len, error))
    return FALSE;
  hex = hsviz_hex_encode (bytes, len);
  text = g_strdup_printf ("%s: %s", description, hex);
  d->said (d->said_data, HSVIZ_DIRECTION_CLIENT, text);
  return TRUE;
}

/* Reads until @complete says the answer in d->in is whole; returns its length (the bytes stay
 * in d->in for the caller to take), or 0 with @error set. */
typedef gsize (*CompleteFunc) (const guint8 *data, gsize len, gconstpointer arg);

static gsize
read_answer (HsvizDialogue *d,
             CompleteFunc   complete,
             gconstpointer  arg,
             GError       **error)
{
  for (;;)
    {
      guint8 chunk[4096];
      gssize n;
      gsize whole = complete (d->in->data, d->in->len, arg);

      if (whole > 0)
        return whole;
      if (d->in->len > MAX_ANSWER)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_LIMIT,
                       _("The server's answer is longer than 64 KiB"));
          return 0;
        }
      n = d->read (d->io, chunk, sizeof chunk, error);
      if (n < 0)
        return 0;
      if (n == 0)
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_CLOSED,
                       _("The server closed the connection"));
          return 0;
        }
      g_byte_array_append (d->in, chunk, (guint) n);
    }
}

/* Takes the first @len bytes of d->in as text, reports them as the server's, returns them. */
static char *
take_text (HsvizDialogue *d,
           gsize          len)
{
  char *text = g_utf8_make_valid ((const char *) d->in->data, (gssize) len);

  g_byte_array_remove_range (d->in, 0, (guint) len);
  d->said (d->said_data, HSVIZ_DIRECTION_SERVER, text);
  return text;
}

static char *
read_text (HsvizDialogue *d,
           CompleteFunc   complete,
           gconstpointer  arg,
           GError       **error)
{
  gsize len = read_answer (d, complete, arg, error);

  return len > 0 ? take_text (d, len) : NULL;
}

/* The end of the line that starts at @start, just past its "\n", or 0. */
static gsize
line_end (const guint8 *data,
          gsize         len,
          gsize         start)
{
  const guint8 *nl = start < len ? memchr (data + start, '\n', len - start) : NULL;

  return nl != NULL ? (gsize) (nl - data) + 1 : 0;
}

/* SMTP and FTP: "250-…" lines go on, "250 …" ends the reply. */
static gsize
reply_complete (const guint8  *data,
                gsize          len,
                gconstpointer  arg)
{
  for (gsize start = 0, end; (end = line_end (data, len, start)) != 0; start = end)
    if (end - start >= 4 && data[start + 3] != '-')
      return end;
  return 0;
}

/* One line. */
static gsize
line_complete (const guint8  *data,
               gsize          len,
               gconstpointer  arg)
{
  return line_end (data, len, 0);
}

/* IMAP: every line up to the one that starts with the tag @arg. */
static gsize
tagged_complete (const guint8  *data,
                 gsize          len,
                 gconstpointer  arg)
{
  const char *tag = arg;
  gsize tag_len = strlen (tag);

  for (gsize start = 0, end; (end = line_end (data, len, start)) != 0; start = end)
    if (end - start > tag_len && memcmp (data + start, tag, tag_len) == 0 && data[start + tag_len] == ' ')
      return end;
  return 0;
}

/* POP3 CAPA: "-ERR" alone, or "+OK" and lines up to ".". */
static gsize
multiline_complete (const guint8  *data,
                    gsize          len,
                    gconstpointer  arg)
{
  gsize first = line_end (data, len, 0);

  if (first == 0)
    return 0;
  if (data[0] == '-')
    return first;
  for (gsize start = first, end; (end = line_end (data, len, start)) != 0; start = end)
    if ((end - start == 3 && memcmp (data + start, ".\r\n", 3) == 0) ||
        (end - start == 2 && memcmp (data + start, ".\n", 2) == 0))
      return end;
  return 0;
}

/* XMPP: up to the end of any of the elements in @arg (NULL-terminated). */
static gsize
xml_complete (const guint8  *data,
              gsize          len,
              gconstpointer  arg)
{
  const char * const *ends = arg;

  if (len == 0)
    return 0;
  for (guint i = 0; ends[i] != NULL; i++)
    {
      const char *p = g_strstr_len ((const char *) data, (gssize) len, ends[i]);

      if (p != NULL)
        {
          const char *gt = memchr (p, '>', len - (gsize) (p - (const char *) data));

          if (gt != NULL)
            return (gsize) (gt - (const char *) data) + 1;
        }
    }
  return 0;
}

/* BER (LDAP): one whole element, tag and definite length. */
static gsize
ber_complete (const guint8  *data,
              gsize          len,
              gconstpointer  arg)
{
  gsize n, header;
  gsize length = 0;

  if (len < 2)
    return 0;
  if (data[1] < 0x80)
    {
      header = 2;
      length = data[1];
    }
  else
    {
      n = data[1] & 0x7f;
      if (n == 0 || n > 4)
        return len;   /* not a length we read: hand it over whole, the caller refuses it */
      if (len < 2 + n)
        return 0;
      for (gsize i = 0; i < n; i++)
        length = (length << 8) | data[2 + i];
      header = 2 + n;
    }
  return len >= header + length ? header + length : 0;
}

/* One byte (PostgreSQL's answer to SSLRequest). */
static gsize
byte_complete (const guint8  *data,
               gsize          len,
               gconstpointer  arg)
{
  return len >= 1 ? 1 : 0;
}

/* Lines of @text that start with @code and the separator, case-insensitive, name @keyword. */
static gboolean
offers (const char *text,
        const char *keyword)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (lines[i], -1);
      g_auto(GStrv) words = g_strsplit_set (upper, " -\r\t", -1);

      for (guint j = 0; words[j] != NULL; j++)
        if (g_strcmp0 (words[j], keyword) == 0)
          return TRUE;
    }
  return FALSE;
}

static gboolean
not_offered (const char *protocol,
             const char *what,
             GError    **error)
{
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS,
               _("The %s server does not offer %s: it did not list it among its capabilities"),
               protocol, what);
  return FALSE;
}

static gboolean
refused (const char *protocol,
         const char *answer,
         GError    **error)
{
  g_autofree char *first = g_strndup (answer, strcspn (answer, "\r\n"));

  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS,
               _("The %s server refused to start TLS: it answered “%s”"), protocol, first);
  return FALSE;
}

/* The line-based dialects: a greeting, a question for the capabilities (none for FTP), then the
 * command that asks for TLS; each answer is judged by the start of its last line. */
typedef struct
{
  const char   *name;
  CompleteFunc  greeting;
  const char   *greeting_ok;
  const char   *caps;           /* the question, NULL: none */
  CompleteFunc  caps_complete;
  gconstpointer caps_arg;
  const char   *keyword;        /* what the capabilities must list */
  const char   *command;
  CompleteFunc  command_complete;
  gconstpointer command_arg;
  const char   *command_ok;
} TextDialect;

static const TextDialect text_dialects[] = {
  { "smtp", reply_complete, "220", "EHLO " EHLO_NAME "\r\n", reply_complete, NULL, "STARTTLS",
    "STARTTLS\r\n", reply_complete, NULL, "220" },
  { "imap", line_complete, "* OK", "a1 CAPABILITY\r\n", tagged_complete, "a1", "STARTTLS",
    "a2 STARTTLS\r\n", tagged_complete, "a2", "a2 OK" },
  { "pop3", line_complete, "+OK", "CAPA\r\n", multiline_complete, NULL, "STLS",
    "STLS\r\n", line_complete, NULL, "+OK" },
  { "ftp", reply_complete, "220", NULL, NULL, NULL, NULL,
    "AUTH TLS\r\n", reply_complete, NULL, "234" },
};

/* The last line of @answer starts with @ok */
static gboolean
last_line_is (const char *answer,
              const char *ok)
{
  g_autofree char *copy = g_strdup (answer);
  char *last;

  g_strchomp (copy);
  last = strrchr (copy, '\n');
  return g_str_has_prefix (last != NULL ? last + 1 : copy, ok);
}

static gboolean
text_starttls (const TextDialect *t,
               HsvizDialogue     *d,
               GError           **error)
{
  g_autofree char *name = g_ascii_strup (t->name, -1);
  g_autofree char *greeting = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *answer = NULL;

  if (!(greeting = read_text (d, t->greeting, NULL, error)))
    return FALSE;
  if (!last_line_is (greeting, t->greeting_ok))
    return refused (name, greeting, error);
  if (t->caps != NULL)
    {
      if (!say (d, t->caps, error) ||
          !(caps = read_text (d, t->caps_complete, t->caps_arg, error)))
        return FALSE;
      if (!offers (caps, t->keyword))
        return not_offered (name, t->keyword, error);
    }
  if (!say (d, t->command, error) ||
      !(answer = read_text (d, t->command_complete, t->command_arg, error)))
    return FALSE;
  return last_line_is (answer, t->command_ok) || refused (name, answer, error);
}

static char *
xmpp_stream_header (HsvizDialogue *d)
{
  return g_strdup_printf ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                          "xmlns:stream='http://etherx.jabber.org/streams' to='%s' "
                          "version='1.0'>", d->host);
}

static gboolean
xmpp_starttls (HsvizDialogue *d,
               GError       **error)
{
  static const char * const features_end[] = { "</stream:features>", "</stream:stream>", NULL };
  static const char * const proceed_end[] = { "<proceed", "<failure", "</stream:stream>", NULL };
  g_autofree char *header = xmpp_stream_header (d);
  g_autofree char *features = NULL;
  g_autofree char *answer = NULL;

  if (!say (d, header, error) ||
      !(features = read_text (d, xml_complete, features_end, error)))
    return FALSE;
  if (strstr (features, "<starttls") == NULL)
    return not_offered ("XMPP", "STARTTLS", error);
  if (!say (d, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", error) ||
      !(answer = read_text (d, xml_complete, proceed_end, error)))
    return FALSE;
  return strstr (answer, "<proceed") != NULL || refused ("XMPP", answer, error);
}

/* LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] "1.3.6.1.4.1.1466.20037" } } */
static const guint8 ldap_starttls_request[] = {
  0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16,
  '1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.', '1', '4', '6', '6', '.',
  '2', '0', '0', '3', '7',
};

/* The resultCode of an LDAP ExtendedResponse (or any LDAPResult) message, or -1. */
static int
ldap_result_code (const guint8 *data,
                  gsize         len)
{
  gsize pos = 0;

  /* SEQUENCE header, messageID INTEGER, then the protocolOp's header, then ENUMERATED */
  for (guint step = 0; step < 3; step++)
    {
      gsize n = 0;

      if (pos + 2 > len)
        return -1;
      if (step == 1 && data[pos] != 0x02)
        return -1;
      pos++;
      if (data[pos] < 0x80)
        n = data[pos++];
      else
        {
          gsize bytes = data[pos++] & 0x7f;

          if (bytes == 0 || bytes > 4 || pos + bytes > len)
            return -1;
          for (gsize i = 0; i < bytes; i++)
            n = (n << 8) | data[pos++];
        }
      if (step == 1)
        pos += n;   /* skip the messageID's value; the others are constructed: go inside */
    }
  if (pos + 3 > len || data[pos] != 0x0a || data[pos + 1] != 1)
    return -1;
  return data[pos + 2];
}

static gboolean
take_binary (HsvizDialogue *d,
             gsize          len,
             const char    *description)
{
  g_autofree char *hex = hsviz_hex_encode (d->in->data, len);
  g_autofree char *text = g_strdup_printf ("%s: %s", description, hex);

  d->said (d->said_data, HSVIZ_DIRECTION_SERVER, text);
  g_byte_array_remove_range (d->in, 0, (guint) len);
  return TRUE;
}

static gboolean
ldap_starttls (HsvizDialogue *d,
               GError       **error)
{
  g_autofree char *description = NULL;
  gsize len;
  int code;

  if (!say_binary (d, ldap_starttls_request, sizeof ldap_starttls_request,
                   "ExtendedRequest StartTLS (1.3.6.1.4.1.1466.20037), messageID 1", error) ||
      (len = read_answer (d, ber_complete, NULL, error)) == 0)
    return FALSE;
  code = ldap_result_code (d->in->data, len);
  description = g_strdup_printf ("ExtendedResponse, resultCode %d%s", code,
                                 code == 0 ? " (success)" : code == 2 ? " (protocolError)" : "");
  take_binary (d, len, description);
  if (code == 0)
    return TRUE;
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS,
               _("The LDAP server refused StartTLS: resultCode %d"), code);
  return FALSE;
}

static gboolean
postgres_starttls (HsvizDialogue *d,
                   GError       **error)
{
  /* length 8, the SSLRequest code 1234.5679 */
  static const guint8 ssl_request[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
  gboolean yes;

  if (!say_binary (d, ssl_request, sizeof ssl_request, "SSLRequest (code 80877103)", error) ||
      read_answer (d, byte_complete, NULL, error) == 0)
    return FALSE;
  yes = d->in->data[0] == 'S';
  take_binary (d, 1, yes ? "'S': go ahead with TLS" : d->in->data[0] == 'N' ? "'N': no TLS here"
                                                                           : "not an answer to SSLRequest");
  if (yes)
    return TRUE;
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS,
               _("The PostgreSQL server refused TLS (it answered the SSLRequest with no "
                 "“S”; is ssl = on in its configuration?)"));
  return FALSE;
}

gboolean
hsviz_starttls_negotiate (const char    *protocol,
                          HsvizDialogue *d,
                          GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_dialects); i++)
    if (g_strcmp0 (protocol, text_dialects[i].name) == 0)
      return text_starttls (&text_dialects[i], d, error);
  if (g_strcmp0 (protocol, "xmpp") == 0)
    return xmpp_starttls (d, error);
  if (g_strcmp0 (protocol, "ldap") == 0)
    return ldap_starttls (d, error);
  if (g_strcmp0 (protocol, "postgres") == 0)
    return postgres_starttls (d, error);
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
               _("Unknown STARTTLS protocol “%s” (known: %s)"), protocol, hsviz_target_starttls_protocols ());
  return FALSE;
}

/* ---- after TLS: the greeting (step 6) and the polite ending ---- */

gboolean
hsviz_starttls_after_tls (const char    *protocol,
                          gboolean       implicit,
                          HsvizDialogue *d,
                          GError       **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  if (g_strcmp0 (protocol, "smtp") == 0)
    {
      /* RFC 3207 §4.2: the client starts over with EHLO; with implicit TLS the banner comes first */
      if (implicit && !(a = read_text (d, reply_complete, NULL, error)))
        return FALSE;
      return say (d, "EHLO " EHLO_NAME "\r\n", error) &&
             (b = read_text (d, reply_complete, NULL, error)) != NULL &&
             say (d, "QUIT\r\n", error) &&
             (c = read_text (d, reply_complete, NULL, error)) != NULL;
    }
  if (g_strcmp0 (protocol, "imap") == 0)
    {
      if (implicit && !(a = read_text (d, line_complete, NULL, error)))
        return FALSE;
      return say (d, "a3 CAPABILITY\r\n", error) &&
             (b = read_text (d, tagged_complete, "a3", error)) != NULL &&
             say (d, "a4 LOGOUT\r\n", error) &&
             (c = read_text (d, tagged_complete, "a4", error)) != NULL;
    }
  if (g_strcmp0 (protocol, "pop3") == 0)
    {
      if (implicit && !(a = read_text (d, line_complete, NULL, error)))
        return FALSE;
      return say (d, "CAPA\r\n", error) &&
             (b = read_text (d, multiline_complete, NULL, error)) != NULL &&
             say (d, "QUIT\r\n", error) &&
             (c = read_text (d, line_complete, NULL, error)) != NULL;
    }
  if (g_strcmp0 (protocol, "ftp") == 0)
    {
      if (implicit && !(a = read_text (d, reply_complete, NULL, error)))
        return FALSE;
      return say (d, "QUIT\r\n", error) &&
             (c = read_text (d, reply_complete, NULL, error)) != NULL;
    }
  if (g_strcmp0 (protocol, "xmpp") == 0)
    {
      static const char * const features_end[] = { "</stream:features>", "</stream:stream>", NULL };
      g_autofree char *header = xmpp_stream_header (d);

      /* RFC 6120 §5.4.3.3: a new stream over TLS; its features are the greeting */
      return say (d, header, error) &&
             (b = read_text (d, xml_complete, features_end, error)) != NULL &&
             say (d, "</stream:stream>", error);
    }
  if (g_strcmp0 (protocol, "ldap") == 0)
    {
      /* UnbindRequest, messageID 2: LDAP's way to say goodbye (no answer) */
      static const guint8 unbind[] = { 0x30, 0x05, 0x02, 0x01, 0x02, 0x42, 0x00 };

      return say_binary (d, unbind, sizeof unbind, "UnbindRequest, messageID 2", error);
    }
  /* postgres: nothing more without a user to log in as; TLS's close_notify ends it */
  return TRUE;
}
