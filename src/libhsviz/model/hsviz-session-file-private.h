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

/* hsviz-session-file-writer.c: JSON text appended to @out as it is written, laid out as
 * json-glib's pretty generator (indent 2) lays out the same tree.  A member is its name
 * (hsviz_json_writer_member) followed by its value; strings that are not UTF-8 are written with
 * U+FFFD for the bad bytes; a NULL string is written as null. */
typedef struct
{
  GString    *out;
  guint       level;    /* containers open */
  guint64     started;  /* bit N: the container at level N holds a value already */
  const char *key;      /* the name of the member whose value comes next */
} HsvizJsonWriter;

void hsviz_json_writer_init           (HsvizJsonWriter *w,
                                       GString         *out);
void hsviz_json_writer_member         (HsvizJsonWriter *w,
                                       const char      *key);
void hsviz_json_writer_begin_object   (HsvizJsonWriter *w);
void hsviz_json_writer_end_object     (HsvizJsonWriter *w);
void hsviz_json_writer_begin_array    (HsvizJsonWriter *w);
void hsviz_json_writer_end_array      (HsvizJsonWriter *w);
void hsviz_json_writer_null           (HsvizJsonWriter *w);
void hsviz_json_writer_string         (HsvizJsonWriter *w,
                                       const char      *value);
void hsviz_json_writer_int            (HsvizJsonWriter *w,
                                       gint64           value);
void hsviz_json_writer_bool           (HsvizJsonWriter *w,
                                       gboolean         value);
void hsviz_json_writer_base64         (HsvizJsonWriter *w,
                                       const guint8    *data,
                                       gsize            length);
void hsviz_json_writer_base64_bytes   (HsvizJsonWriter *w,
                                       GBytes          *bytes);
void hsviz_json_writer_string_member  (HsvizJsonWriter *w,
                                       const char      *key,
                                       const char      *value);
void hsviz_json_writer_int_member     (HsvizJsonWriter *w,
                                       const char      *key,
                                       gint64           value);
void hsviz_json_writer_bool_member    (HsvizJsonWriter *w,
                                       const char      *key,
                                       gboolean         value);

/* hsviz-session-file.c: one connection as a JSON object (an element of "connections"). */
void     hsviz_sf_write_connection_object (HsvizJsonWriter *w,
                                           HsvizConnection *self,
                                           gboolean         with_secrets);

/* hsviz-session-file-trust.c: the trust keys inside "verification" and "outcome". */
void     hsviz_sf_write_trust     (HsvizJsonWriter *w,
                                   HsvizConnection *self);
void     hsviz_sf_write_diagnosis (HsvizJsonWriter *w,
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
