/* hsviz-cli-diff.c — `handshakeviz-cli diff A[#N] B[#N]` and `diff FILE`: two connections side
 * by side
 *
 * The core compares (hsviz-diff.c); this file picks the connections the arguments name and
 * arranges the rows: the differences marked "≠" with each side's value, what only one side
 * has, the rest marked "=", then the times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hsviz-cli-text.h"

char *
hsviz_cli_diff_parse_side (const char *arg,
                           guint      *number)
{
  const char *hash = strrchr (arg, '#');
  guint64 n = 0;

  *number = 1;
  /* A file that exists is taken whole, '#' or not. */
  if (hash == NULL || hash == arg || g_file_test (arg, G_FILE_TEST_EXISTS) ||
      !g_ascii_string_to_unsigned (hash + 1, 10, 1, G_MAXUINT, &n, NULL))
    return g_strdup (arg);
  *number = (guint) n;
  return g_strndup (arg, hash - arg);
}

HsvizConnection *
hsviz_cli_diff_pick (HsvizSession *session,
                     const char   *path,
                     guint         number,
                     char        **name)
{
  guint n = hsviz_session_get_n_connections (session);

  if (number < 1 || number > n)
    {
      /* Translators: "s.handshake holds 1 connection: there is no connection 2" */
      g_autofree char *message = g_strdup_printf (ngettext ("%s holds %u connection: there is no connection %u",
                                                            "%s holds %u connections: there is no connection %u", n),
                                                  path, n, number);

      g_printerr ("handshakeviz-cli: %s\n", message);
      return NULL;
    }
  *name = n > 1 ? g_strdup_printf ("%s#%u", path, number) : g_strdup (path);
  return hsviz_session_get_connection (session, number - 1);
}

static void
print_side (FILE       *out,
            const char *label,
            const char *value)
{
  g_autofree char *line = g_strdup_printf ("%s %s", label, value[0] != '\0' ? value : _("(none)"));

  hsviz_cli_print_wrapped (out, "      ", line);
}

static void
print_only (FILE         *out,
            const char   *label,
            char * const *only)
{
  g_autofree char *list = NULL;
  g_autofree char *line = NULL;

  if (only == NULL || only[0] == NULL)
    return;
  list = g_strjoinv (", ", (char **) only);
  line = g_strdup_printf ("%s %s", label, list);
  hsviz_cli_print_wrapped (out, "      ", line);
}

void
hsviz_cli_print_diff (HsvizDiff  *diff,
                      const char *name_a,
                      const char *name_b,
                      FILE       *out)
{
  guint n = hsviz_diff_get_n_rows (diff);
  guint n_differences = hsviz_diff_get_n_differences (diff);

  fprintf (out, "A  %s\nB  %s\n\n", name_a, name_b);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const HsvizDiffRow *row = hsviz_diff_get_row (diff, i);

        if (row->kind == HSVIZ_DIFF_TIME || row->differs != (pass == 0))
          continue;
        if (!row->differs)
          {
            g_autofree char *line = g_strdup_printf ("= %s: %s", row->title, row->a[0] != '\0' ? row->a : _("(none)"));

            hsviz_cli_print_wrapped (out, "  ", line);
            continue;
          }
        fprintf (out, "  ≠ %s\n", row->title);
        if (row->kind == HSVIZ_DIFF_SET)
          {
            /* Translators: followed by a list, "only in A: ServerKeyExchange, ..." */
            print_only (out, _("only in A:"), row->only_a);
            print_only (out, _("only in B:"), row->only_b);
          }
        else
          {
            print_side (out, "A:", row->a);
            print_side (out, "B:", row->b);
          }
      }

  fprintf (out, "\n  %s\n", _("Time after the connection started"));
  fprintf (out, "    %10s  %10s\n", "A", "B");
  for (guint i = 0; i < n; i++)
    {
      const HsvizDiffRow *row = hsviz_diff_get_row (diff, i);

      if (row->kind == HSVIZ_DIFF_TIME)
        fprintf (out, "    %10s  %10s  %s\n", row->a[0] != '\0' ? row->a : "-",
                 row->b[0] != '\0' ? row->b : "-", row->title);
    }

  fputc ('\n', out);
  if (n_differences == 0)
    fprintf (out, "%s\n", _("No differences."));
  else
    fprintf (out, ngettext ("%u difference.\n", "%u differences.\n", n_differences), n_differences);
}
