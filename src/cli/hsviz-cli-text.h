/* hsviz-cli-text.h — a session as text for people, walking the six steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz.h"

G_BEGIN_DECLS

/* Control characters and bytes that are not UTF-8 are written escaped (\xNN, \uNNNN). */
void hsviz_cli_print_session    (HsvizSession    *session,
                                 FILE            *out);
/* One connection alone (an import prints each as it is complete), with its own note. */
void hsviz_cli_print_connection (HsvizConnection *connection,
                                 FILE            *out);

/* @text in lines of at most 96 columns, each starting with @indent. */
void hsviz_cli_print_wrapped (FILE            *out,
                              const char      *indent,
                              const char      *text);

/* hsviz-cli-waterfall.c: DNS, connect, each flight and each step as bars on one time axis. */
void hsviz_cli_print_waterfall (HsvizConnection *session,
                                FILE            *out);

/* hsviz-cli-diff.c: one side of `diff`: "FILE", or "FILE#N" for connection N (from 1; a file
 * that exists is taken whole).  Returns the path; @number is 1 when none is given. */
char            *hsviz_cli_diff_parse_side (const char   *arg,
                                            guint        *number);
/* Connection @number (from 1) of @session, and @name for it ("FILE#N" when the file holds
 * more than one); NULL with a message when there is none. */
HsvizConnection *hsviz_cli_diff_pick       (HsvizSession *session,
                                            const char   *path,
                                            guint         number,
                                            char        **name);
/* hsviz-cli-diff.c: two connections side by side, what differs first. */
void hsviz_cli_print_diff    (HsvizDiff       *diff,
                              const char      *name_a,
                              const char      *name_b,
                              FILE            *out);

G_END_DECLS
