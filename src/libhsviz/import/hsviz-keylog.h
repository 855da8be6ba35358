/* hsviz-keylog.h — an NSS key log (SSLKEYLOGFILE format), indexed by client random
 *
 * Lines "LABEL CLIENT_RANDOM_HEX SECRET_HEX" (CLIENT_RANDOM, CLIENT_HANDSHAKE_TRAFFIC_SECRET,
 * SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0,
 * EXPORTER_SECRET, CLIENT_EARLY_TRAFFIC_SECRET, …); '#' comments and blank lines are skipped;
 * a malformed line is counted and skipped (a key log is written by many programs).  At most
 * HSVIZ_KEYLOG_MAX_LINES lines are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HSVIZ_KEYLOG_MAX_LINES 1000000

typedef struct _HsvizKeylog HsvizKeylog;

typedef struct
{
  char *label;
  char *client_random;   /* lower-case hex, 64 chars */
  char *secret;          /* lower-case hex */
} HsvizKeylogLine;

HsvizKeylog *hsviz_keylog_new            (void);
/* Adds the lines of @text; returns how many were added. */
guint        hsviz_keylog_add_text       (HsvizKeylog  *keylog,
                                          const char   *text,
                                          gsize         len);
gboolean     hsviz_keylog_add_file       (HsvizKeylog  *keylog,
                                          const char   *path,
                                          GError      **error);
guint        hsviz_keylog_get_n_lines    (HsvizKeylog  *keylog);
guint        hsviz_keylog_get_n_malformed (HsvizKeylog *keylog);
/* The lines for @client_random (32 bytes), in file order (HsvizKeylogLine), or NULL. */
GPtrArray   *hsviz_keylog_lookup         (HsvizKeylog  *keylog,
                                          const guint8 *client_random);
/* The secret of @label for @client_random, or NULL. */
GBytes      *hsviz_keylog_get_secret     (HsvizKeylog  *keylog,
                                          const guint8 *client_random,
                                          const char   *label);
void         hsviz_keylog_free           (HsvizKeylog  *keylog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizKeylog, hsviz_keylog_free)

G_END_DECLS
