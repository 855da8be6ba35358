/* test-target.c — what the user types as a target: validated before anything is sent
 *
 * The expectations are those of RFC 3986 (URI syntax), RFC 1035/1123 (host names), RFC 3492 /
 * RFC 5891 (IDNA: "bücher" is "xn--bcher-kva", the RFC 3492 §7.1 style example used by every
 * IDN tutorial) and the TCP port range.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"
#include "hsviz-target.h"

typedef struct
{
  const char *text;
  const char *host;
  guint16     port;
  const char *path;
  const char *url;
} Good;

static void
test_accepted (void)
{
  static const Good good[] = {
    { "https://example.org/", "example.org", 443, "/", "https://example.org:443/" },
    { "example.org", "example.org", 443, "/", "https://example.org:443/" },
    { "  example.org  ", "example.org", 443, "/", "https://example.org:443/" },
    { "example.org:8443", "example.org", 8443, "/", "https://example.org:8443/" },
    { "HTTPS://Example.ORG/", "example.org", 443, "/", "https://example.org:443/" },
    { "https://example.org:1/", "example.org", 1, "/", "https://example.org:1/" },
    { "https://example.org:65535/", "example.org", 65535, "/", "https://example.org:65535/" },
    { "https://example.org:443", "example.org", 443, "/", "https://example.org:443/" },
    { "https://example.org/a/b?c=d&e=%20f", "example.org", 443, "/a/b?c=d&e=%20f",
      "https://example.org:443/a/b?c=d&e=%20f" },
    { "https://bücher.example/", "xn--bcher-kva.example", 443, "/",
      "https://xn--bcher-kva.example:443/" },
    { "https://B\xc3\x9c" "CHER.example/", "xn--bcher-kva.example", 443, "/",
      "https://xn--bcher-kva.example:443/" },
    { "https://[::1]:8443/", "::1", 8443, "/", "https://[::1]:8443/" },
    { "[::1]:8443", "::1", 8443, "/", "https://[::1]:8443/" },
    { "127.0.0.1:4433", "127.0.0.1", 4433, "/", "https://127.0.0.1:4433/" },
    { "localhost", "localhost", 443, "/", "https://localhost:443/" },
    { "https://example.org./", "example.org.", 443, "/", "https://example.org.:443/" },
    { "https://a-b.c_d.example/", "a-b.c_d.example", 443, "/", "https://a-b.c_d.example:443/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      HsvizTarget t = { 0 };
      g_autoptr(GError) error = NULL;

      if (!hsviz_target_parse (good[i].text, &t, &error))
        g_error ("“%s” refused: %s", good[i].text, error->message);
      g_assert_cmpstr (t.host, ==, good[i].host);
      g_assert_cmpuint (t.port, ==, good[i].port);
      g_assert_cmpstr (t.path, ==, good[i].path);
      g_assert_cmpstr (t.url, ==, good[i].url);
      g_assert_cmpstr (t.servername, ==, good[i].host);
      g_assert_null (t.address);
      hsviz_target_clear (&t);
    }
}

/* The mail, chat, directory and database schemes and their default ports (README.md, "The command line") */
static void
test_schemes (void)
{
  static const struct { const char *url; guint16 port; const char *protocol; gboolean implicit; } rows[] = {
    { "smtp://mail.example.org", 25, "smtp", FALSE }, { "imap://mail.example.org", 143, "imap", FALSE },
    { "pop3://mail.example.org", 110, "pop3", FALSE }, { "ftp://ftp.example.org", 21, "ftp", FALSE },
    { "xmpp://chat.example.org", 5222, "xmpp", FALSE }, { "ldap://dir.example.org", 389, "ldap", FALSE },
    { "postgres://db.example.org", 5432, "postgres", FALSE }, { "smtps://mail.example.org", 465, "smtp", TRUE },
    { "imaps://mail.example.org", 993, "imap", TRUE }, { "pop3s://mail.example.org", 995, "pop3", TRUE },
    { "ldaps://dir.example.org", 636, "ldap", TRUE }, { "SMTP://mail.example.org:587", 587, "smtp", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      HsvizTarget t;
      g_autoptr(GError) error = NULL;
      const char *protocol = NULL;
      gboolean implicit = FALSE;

      g_assert_true (hsviz_target_parse (rows[i].url, &t, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (t.port, ==, rows[i].port);
      g_assert_true (hsviz_target_scheme_lookup (t.scheme, NULL, &protocol, &implicit));
      g_assert_cmpstr (protocol, ==, rows[i].protocol);
      g_assert_cmpint (implicit, ==, rows[i].implicit);
      g_assert_true (g_str_has_prefix (t.url, t.scheme));
      hsviz_target_clear (&t);
    }
}

static void
test_refused (void)
{
  static const char * const bad[] = {
    NULL, "", "   ",
    /* schemes */
    "http://example.org/", "gopher://example.org/", "file:///etc/passwd", "javascript:alert(1)",
    "wss://example.org/",
    /* ports */
    "https://example.org:0/", "https://example.org:65536/", "https://example.org:abc/",
    "example.org:-1", "example.org:99999999999",
    /* host syntax */
    "https:///path", "https://:443/", "https://-bad.example/", "https://bad-.example/",
    "https://a..b.example/", "https://exa$mple.org/", "https://exa%00mple.org/",
    "https://exa%2fmple.org/",
    "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/", /* 64 */
    "https://[::1/", "https://[::g]:443/",
    /* user info and fragments */
    "https://user:secret@example.org/", "https://user@example.org/", "https://example.org/#top",
    "https://example.org/path#",
    /* control characters, spaces, CRLF injection into the request */
    "https://exa mple.org/", "https://example.org/a b", "https://example.org/\tx",
    "https://example.org/\r\nX-Injected: 1", "https://example.org/\nHost: evil.example",
    "https://example.org\r\n/", "https://example.org/\x01", "https://example.org/\x7f",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HsvizTarget t = { 0 };
      g_autoptr(GError) error = NULL;

      if (hsviz_target_parse (bad[i], &t, &error))
        g_error ("“%s” accepted as host “%s” port %u path “%s”", bad[i], t.host, t.port, t.path);
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
      g_assert_null (t.host);
      g_assert_null (t.url);
    }

  /* a 254-character name is too long (RFC 1035 §2.3.4: 253 without the final dot) */
  {
    g_autoptr(GString) name = g_string_new (NULL);
    HsvizTarget t = { 0 };
    g_autoptr(GError) error = NULL;

    while (name->len < 254)
      g_string_append (name, "abcdefghi.");
    g_string_truncate (name, 254);
    g_assert_false (hsviz_target_parse (name->str, &t, &error));
    g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
  }
}

/* What is percent-encoded stays encoded: a %0d%0a in the path cannot end the request line. */
static void
test_encoded_crlf_stays_encoded (void)
{
  HsvizTarget t = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (hsviz_target_parse ("https://example.org/%0d%0aX-Injected:%201", &t, &error));
  g_assert_no_error (error);
  g_assert_null (strpbrk (t.path, "\r\n "));
  /* RFC 3986 §6.2.2.1: percent-encodings are case-insensitive (GUri writes them upper-case) */
  g_assert_cmpint (g_ascii_strcasecmp (t.path, "/%0d%0aX-Injected:%201"), ==, 0);
  hsviz_target_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/target/accepted", test_accepted);
  g_test_add_func ("/handshakeviz/target/refused", test_refused);
  g_test_add_func ("/handshakeviz/target/schemes", test_schemes);
  g_test_add_func ("/handshakeviz/target/encoded-crlf", test_encoded_crlf_stays_encoded);

  return g_test_run ();
}
