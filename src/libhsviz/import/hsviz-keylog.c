/* hsviz-keylog.c — an NSS key log (SSLKEYLOGFILE format), indexed by client random
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-keylog.h"
#include "hsviz-util.h"

struct _HsvizKeylog
{
  GHashTable *by_random;   /* hex client random → GPtrArray of HsvizKeylogLine */
  guint       n_lines;
  guint       n_malformed;
};

static void
line_free (gpointer data)
{
  HsvizKeylogLine *line = data;

  g_free (line->label);
  g_free (line->client_random);
  g_free (line->secret);
  g_free (line);
}

HsvizKeylog *
hsviz_keylog_new (void)
{
  HsvizKeylog *keylog = g_new0 (HsvizKeylog, 1);

  keylog->by_random = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  return keylog;
}

void
hsviz_keylog_free (HsvizKeylog *keylog)
{
  if (keylog == NULL)
    return;
  g_hash_table_unref (keylog->by_random);
  g_free (keylog);
}

static gboolean
is_hex (const char *s,
        gsize       len)
{
  if (len == 0 || len % 2 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_label (const char *s,
          gsize       len)
{
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (s[i]) && !g_ascii_isdigit (s[i]) && s[i] != '_')
      return FALSE;
  return TRUE;
}

static void
add_line (HsvizKeylog *keylog,
          const char  *line,
          gsize        len)
{
  const char *fields[3];
  gsize lens[3];
  gsize i = 0, n = 0;
  HsvizKeylogLine *entry;
  GPtrArray *list;

  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  if (i == len || line[i] == '#')
    return;
  while (i < len && n < 3)
    {
      gsize start = i;

      while (i < len && line[i] != ' ' && line[i] != '\t')
        i++;
      fields[n] = line + start;
      lens[n++] = i - start;
      while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    }
  if (n != 3 || i != len || !is_label (fields[0], lens[0]) || lens[1] != 64 ||
      !is_hex (fields[1], lens[1]) || !is_hex (fields[2], lens[2]) || lens[2] > 2 * 64 ||
      keylog->n_lines >= HSVIZ_KEYLOG_MAX_LINES)
    {
      keylog->n_malformed++;
      return;
    }
  entry = g_new0 (HsvizKeylogLine, 1);
  entry->label = g_strndup (fields[0], lens[0]);
  entry->client_random = g_ascii_strdown (fields[1], (gssize) lens[1]);
  entry->secret = g_ascii_strdown (fields[2], (gssize) lens[2]);
  list = g_hash_table_lookup (keylog->by_random, entry->client_random);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (line_free);
      g_hash_table_insert (keylog->by_random, g_strdup (entry->client_random), list);
    }
  /* a line repeated (the same key log given twice, a DSB and --keylog) is kept once */
  for (guint k = 0; k < list->len; k++)
    {
      HsvizKeylogLine *old = g_ptr_array_index (list, k);

      if (strcmp (old->label, entry->label) == 0 && strcmp (old->secret, entry->secret) == 0)
        {
          line_free (entry);
          return;
        }
    }
  g_ptr_array_add (list, entry);
  keylog->n_lines++;
}

guint
hsviz_keylog_add_text (HsvizKeylog *keylog,
                       const char  *text,
                       gsize        len)
{
  guint before = keylog->n_lines;
  const char *end = text + len;

  for (;;)
    {
      const char *nl = memchr (text, '\n', end - text);

      if (nl == NULL)
        {
          add_line (keylog, text, end - text);
          break;
        }
      add_line (keylog, text, nl - text);
      text = nl + 1;
    }
  return keylog->n_lines - before;
}

gboolean
hsviz_keylog_add_file (HsvizKeylog  *keylog,
                       const char   *path,
                       GError      **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not read the key log: %s"), local->message);
      return FALSE;
    }
  hsviz_keylog_add_text (keylog, text, len);
  return TRUE;
}

guint
hsviz_keylog_get_n_lines (HsvizKeylog *keylog)
{
  return keylog->n_lines;
}

guint
hsviz_keylog_get_n_malformed (HsvizKeylog *keylog)
{
  return keylog->n_malformed;
}

GPtrArray *
hsviz_keylog_lookup (HsvizKeylog  *keylog,
                     const guint8 *client_random)
{
  g_autofree char *hex = NULL;

  if (keylog == NULL || client_random == NULL)
    return NULL;
  hex = hsviz_hex_encode (client_random, 32);
  return g_hash_table_lookup (keylog->by_random, hex);
}

GBytes *
hsviz_keylog_get_secret (HsvizKeylog  *keylog,
                         const guint8 *client_random,
                         const char   *label)
{
  GPtrArray *list = hsviz_keylog_lookup (keylog, client_random);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      HsvizKeylogLine *line = g_ptr_array_index (list, i);

      if (strcmp (line->label, label) == 0)
        return hsviz_hex_decode (line->secret, NULL);
    }
  return NULL;
}
