/* hsviz-diff.h — two connections side by side: what differs, for the compare view and
 * `handshakeviz-cli diff`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hsviz-connection.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_DIFF_VALUE,   /* one value each side: version, suite, group, ... */
  HSVIZ_DIFF_SET,     /* a list each side: messages, extensions, certificates */
  HSVIZ_DIFF_TIME,    /* a time each side (never "different": times always are) */
} HsvizDiffKind;

typedef struct
{
  HsvizDiffKind  kind;
  const char    *key;       /* stable, for JSON: "version", "messages", "step_3_time", ... */
  char          *title;     /* for people, translated: "Version", "Handshake messages" */
  char          *a;         /* the value or the list (", "-joined) of each side; "" for none */
  char          *b;
  gboolean       differs;
  char         **only_a;    /* SET: what only one side has (NULL-terminated, maybe empty) */
  char         **only_b;
  gint64         a_us;      /* TIME: microseconds after the connection started, -1 none */
  gint64         b_us;
} HsvizDiffRow;

typedef struct _HsvizDiff HsvizDiff;

/* Compares @a with @b (both complete or not). */
HsvizDiff          *hsviz_diff_new             (HsvizConnection *a,
                                                HsvizConnection *b);
void                hsviz_diff_free            (HsvizDiff       *diff);
guint               hsviz_diff_get_n_rows      (HsvizDiff       *diff);
const HsvizDiffRow *hsviz_diff_get_row         (HsvizDiff       *diff,
                                                guint            i);
/* How many rows differ. */
guint               hsviz_diff_get_n_differences (HsvizDiff     *diff);
/* {"a": title, "b": title, "rows": [{key, title, kind, a, b, differs, only_a, only_b,
 * a_us, b_us}]} */
void                hsviz_diff_to_json         (HsvizDiff       *diff,
                                                JsonBuilder     *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizDiff, hsviz_diff_free)

G_END_DECLS
