/* hsviz-session-file-private.h — the checked JSON readers shared by the session-file loader
 *
 * Every reader names the key path in its GError ("messages[2].bytes: not valid base64").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hsviz-session.h"

G_BEGIN_DECLS

#define MAX_FILE_SIZE     (64 * 1024 * 1024)
#define MAX_DEPTH         32
#define MAX_CONNECTIONS   10000
#define MAX_MESSAGES      1000
#define MAX_RECORDS       100000
#define MAX_KEYLOG        64
#define MAX_MESSAGE_BYTES (16 * 1024 * 1024)

typedef enum
{
  KIND_STRING,
  KIND_BOOL,
  KIND_INT,
  KIND_OBJECT,
  KIND_ARRAY,
} Kind;

typedef struct
{
  const char *key;
  Kind        kind;
} KeyKind;

gboolean hsviz_sf_fail (GError **error,
                        const char *path,
                        const char *format,
                        ...) G_GNUC_PRINTF (3, 4);
char *hsviz_sf_key_path (const char *where,
                         const char *key);
gboolean hsviz_sf_read_string (JsonObject *o,
                               const char *key,
                               const char *where,
                               gboolean optional,
                               const char **out,
                               GError **error);
gboolean hsviz_sf_read_int (JsonObject *o,
                            const char *key,
                            const char *where,
                            gboolean optional,
                            gint64 min,
                            gint64 max,
                            gint64 *out,
                            GError **error);
gboolean hsviz_sf_read_bool (JsonObject *o,
                             const char *key,
                             const char *where,
                             gboolean optional,
                             gboolean *out,
                             GError **error);
gboolean hsviz_sf_read_object (JsonObject *o,
                               const char *key,
                               const char *where,
                               gboolean optional,
                               JsonObject **out,
                               GError **error);
gboolean hsviz_sf_read_array (JsonObject *o,
                              const char *key,
                              const char *where,
                              gboolean optional,
                              guint max_len,
                              JsonArray **out,
                              GError **error);
GBytes *hsviz_sf_read_base64 (JsonObject *o,
                              const char *key,
                              const char *where,
                              gsize max,
                              GError **error);
GBytes *hsviz_sf_read_hex (JsonObject *o,
                           const char *key,
                           const char *where,
                           gboolean *ok,
                           GError **error);
gboolean hsviz_sf_read_direction (JsonObject *o,
                                  const char *where,
                                  HsvizDirection *out,
                                  GError **error);
gboolean hsviz_sf_check_depth (const char *data,
                               gsize length,
                               GError **error);
gboolean hsviz_sf_check_kinds (JsonObject *o,
                               const char *where,
                               const KeyKind *keys,
                               guint n_keys,
                               GError **error);
gboolean hsviz_sf_check_random (JsonObject *root,
                                const char *key,
                                const guint8 *actual,
                                GError **error);
gboolean hsviz_sf_check_same (JsonObject *o,
                              const char *key,
                              const char *where,
                              gint64 actual,
                              const char *what,
                              GError **error);

/* hsviz-session-file-records.c: the plaintext handshake records carry the messages' bytes. */
gboolean hsviz_sf_check_plaintext_records (HsvizConnection  *c,
                                           GError          **error);

/* hsviz-session-file-trust.c: the trust keys inside "verification" and "outcome". */
void     hsviz_sf_write_trust     (JsonBuilder     *b,
                                   HsvizConnection *self);
void     hsviz_sf_write_diagnosis (JsonBuilder     *b,
                                   HsvizConnection *self);
gboolean hsviz_sf_read_trust      (JsonObject      *verification,
                                   HsvizConnection *session,
                                   GError         **error);

/* hsviz-session-file-read.c: one connection's keys (the top level of a version-1 file, an
 * element of "connections" in version 2), added to @session first (its facts are derived in the
 * session: the capture time).  NULL on any problem, the session then unusable. */
HsvizConnection *hsviz_sf_load_connection (HsvizSession *session,
                                           JsonObject   *root,
                                           guint         index,
                                           GError      **error);

G_END_DECLS
