/* hsviz-target.c — what a capture connects to: parsed and validated from what the user typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-target.h"

static gboolean
hostname_is_valid (const char *ascii)
{
  gsize len = strlen (ascii);
  const char *label = ascii;

  if (len == 0 || len > 253)
    return FALSE;
  while (*label != '\0')
    {
      const char *end = strchr (label, '.');
      gsize llen = end ? (gsize) (end - label) : strlen (label);

      if (llen == 0 || llen > 63)
        return end == NULL && llen == 0 && label != ascii; /* one trailing dot is fine */
      if (label[0] == '-' || label[llen - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < llen; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-' && label[i] != '_')
          return FALSE;
      if (end == NULL)
        break;
      label = end + 1;
    }
  return TRUE;
}

static const struct
{
  const char *scheme;
  guint16     port;
  const char *protocol;   /* the protocol spoken (after TLS, or with STARTTLS before it) */
  gboolean    implicit;   /* TLS from the first byte */
} schemes[] = {
  { "https", 443, "http", TRUE },
  { "smtp", 25, "smtp", FALSE },
  { "imap", 143, "imap", FALSE },
  { "pop3", 110, "pop3", FALSE },
  { "ftp", 21, "ftp", FALSE },
  { "xmpp", 5222, "xmpp", FALSE },
  { "ldap", 389, "ldap", FALSE },
  { "postgres", 5432, "postgres", FALSE },
  { "postgresql", 5432, "postgres", FALSE },
  { "smtps", 465, "smtp", TRUE },
  { "imaps", 993, "imap", TRUE },
  { "pop3s", 995, "pop3", TRUE },
  { "ldaps", 636, "ldap", TRUE },
};

gboolean
hsviz_target_scheme_lookup (const char  *scheme,
                              guint16     *port,
                              const char **protocol,
                              gboolean    *implicit)
{
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strcasecmp (scheme, schemes[i].scheme) == 0)
      {
        if (port != NULL)
          *port = schemes[i].port;
        if (protocol != NULL)
          *protocol = schemes[i].protocol;
        if (implicit != NULL)
          *implicit = schemes[i].implicit;
        return TRUE;
      }
  return FALSE;
}

gboolean
hsviz_target_starttls_is_known (const char *protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (!schemes[i].implicit && g_strcmp0 (protocol, schemes[i].protocol) == 0)
      return TRUE;
  return FALSE;
}

const char *
hsviz_target_starttls_protocols (void)
{
  return "smtp, imap, pop3, ftp, xmpp, ldap, postgres";
}

gboolean
hsviz_target_parse (const char   *text,
                    HsvizTarget  *target,
                    GError      **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *uri_text = NULL;
  g_autofree char *ascii = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  const char *query;
  guint16 default_port = 443;
  int port;

  g_return_val_if_fail (target != NULL, FALSE);

  memset (target, 0, sizeof *target);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("No target given: type a URL such as https://example.org/ or host:port"));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (text));
  for (const char *p = trimmed; *p; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ')
      {
        g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a valid target: it contains spaces or control characters"),
                     trimmed);
        return FALSE;
      }

  if (strstr (trimmed, "://") != NULL)
    uri_text = g_strdup (trimmed);
  else
    uri_text = g_strconcat ("https://", trimmed, NULL);

  uri = g_uri_parse (uri_text, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid target: %s"), trimmed, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (!hsviz_target_scheme_lookup (scheme, &default_port, NULL, NULL))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("%s:// targets are not supported (https, smtp, imap, pop3, ftp, xmpp, ldap, "
                     "postgres, smtps, imaps, pop3s, ldaps are)"), scheme);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The target must not contain a user name or password"));
      return FALSE;
    }
  if (g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The target must not contain a #fragment"));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no host name"), trimmed);
      return FALSE;
    }

  if (g_hostname_is_ip_address (host))
    ascii = g_strdup (host);
  else
    {
      g_autofree char *unescaped = g_uri_unescape_string (host, NULL);

      ascii = unescaped ? g_hostname_to_ascii (unescaped) : NULL;
      if (ascii == NULL || !hostname_is_valid (ascii))
        {
          g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid host name"), host);
          return FALSE;
        }
      {
        char *lower = g_ascii_strdown (ascii, -1);

        g_free (ascii);
        ascii = lower;
      }
    }

  port = g_uri_get_port (uri);
  if (port == -1)
    port = default_port;
  if (port < 1 || port > 65535)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT,
                   _("The port must be between 1 and 65535"));
      return FALSE;
    }

  path = g_uri_get_path (uri);
  query = g_uri_get_query (uri);
  if (path == NULL || *path == '\0')
    path = "/";

  target->host = g_steal_pointer (&ascii);
  target->port = (guint16) port;
  target->path = query ? g_strconcat (path, "?", query, NULL) : g_strdup (path);
  target->scheme = g_ascii_strdown (scheme, -1);
  target->url = hsviz_target_dup_url_with_scheme (target, target->scheme);
  target->servername = g_strdup (target->host);
  return TRUE;
}

void
hsviz_target_clear (HsvizTarget *target)
{
  g_clear_pointer (&target->url, g_free);
  g_clear_pointer (&target->host, g_free);
  g_clear_pointer (&target->path, g_free);
  g_clear_pointer (&target->servername, g_free);
  g_clear_pointer (&target->scheme, g_free);
  g_clear_pointer (&target->address, g_free);
  target->port = 0;
}

char *
hsviz_target_dup_url_with_scheme (const HsvizTarget *target,
                                  const char        *scheme)
{
  g_return_val_if_fail (target != NULL && target->host != NULL && scheme != NULL, NULL);

  return strchr (target->host, ':') != NULL
    ? g_strdup_printf ("%s://[%s]:%u%s", scheme, target->host, target->port, target->path ? target->path : "")
    : g_strdup_printf ("%s://%s:%u%s", scheme, target->host, target->port, target->path ? target->path : "");
}
