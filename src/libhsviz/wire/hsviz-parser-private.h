/* hsviz-parser-private.h — the bounds-checked reader shared by the parser's files
 *
 * Every read goes through a Cursor (a [pos, end) window on the message) and is checked
 * against the window first.  A failed check appends a field of key "error" where the parser
 * stopped, keeps the first error in Parser.error and returns FALSE (or NULL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-field.h"
#include "hsviz-parser.h"

G_BEGIN_DECLS

#define HEX_SHOWN 32   /* bytes shown in a value before "…" */

typedef struct
{
  gsize pos;
  gsize end;   /* exclusive; pos <= end <= message length always */
} Cursor;

typedef struct
{
  const guint8            *data;
  gsize                    len;
  const HsvizParseContext *ctx;
  const char              *msg_name;
  guint8                   type;
  gboolean                 hrr;
  GError                  *error;
} Parser;

/* How an integer is shown. */
typedef enum
{
  SHOW_DEC,
  SHOW_SUITE,
  SHOW_GROUP,
  SHOW_SIGSCHEME,
  SHOW_VERSION,
  SHOW_HS_TYPE,
  SHOW_COMPRESSION,
  SHOW_POINT_FORMAT,
  SHOW_PSK_MODE,
  SHOW_CERT_TYPE,
  SHOW_STATUS_TYPE,
  SHOW_CURVE_TYPE,
  SHOW_KEY_UPDATE,
  SHOW_NAME_TYPE,
} Show;

/* Where an extension block sits (decides the form of supported_versions, key_share, ...). */
typedef enum
{
  WHERE_CLIENT_HELLO,
  WHERE_SERVER_HELLO,
  WHERE_HRR,
  WHERE_ENCRYPTED_EXTENSIONS,
  WHERE_CERTIFICATE_ENTRY,
  WHERE_CERTIFICATE_REQUEST,
  WHERE_NEW_SESSION_TICKET,
} Where;
gboolean    _hsviz_parser_fail             (Parser     *p,
                                            HsvizField *parent,
                                            gsize       offset,
                                            gsize       length,
                                            const char *what,
                                            const char *format,
                                            ...) G_GNUC_PRINTF (6, 7);
gboolean    _hsviz_parser_need             (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       n,
                                            const char *what);
gboolean    _hsviz_parser_expect_end       (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            const char *what);
guint32     _hsviz_parser_get_be           (Parser     *p,
                                            gsize       pos,
                                            gsize       n);
gboolean    _hsviz_parser_read_uint        (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       n,
                                            const char *key,
                                            const char *label,
                                            Show        show,
                                            guint32    *out);
HsvizField *_hsviz_parser_read_fixed       (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       n,
                                            const char *key,
                                            const char *label);
HsvizField *_hsviz_parser_open_vector      (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       lensize,
                                            const char *key,
                                            const char *label,
                                            Cursor     *inner);
/* "@label (@n@unit)", as g_strdup_printf ("%s (%" G_GUINT64_FORMAT "%s)", …) writes it, without
 * printf (a label of many fields: "Cipher suites (29)", "key_share (51)", "Random (32 bytes)"). */
char       *_hsviz_parser_label_count      (const char *label,
                                            guint64     n,
                                            const char *unit);
HsvizField *_hsviz_parser_read_opaque      (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       lensize,
                                            const char *key,
                                            const char *label,
                                            gboolean    as_text);
/* DistinguishedName authorities<3..2^16-1> as the field "certificate_authorities" (hsviz-parser.c). */
gboolean    _hsviz_parser_read_certificate_authorities (Parser     *p,
                                                        HsvizField *parent,
                                                        Cursor     *c,
                                                        const char *label);
gboolean    _hsviz_parser_read_uint_list   (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            gsize       lensize,
                                            gsize       elemsize,
                                            const char *list_key,
                                            const char *list_label,
                                            const char *item_key,
                                            const char *item_label,
                                            Show        show);
gsize       _hsviz_parser_item_span        (Parser     *p,
                                            Cursor     *c,
                                            gsize       fixed,
                                            gsize       prefix1_at,
                                            gsize       prefix1_size,
                                            gsize       prefix2_at,
                                            gsize       prefix2_size);

/* hsviz-parser-extensions.c */
gboolean    _hsviz_parser_parse_extensions (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            Where       where);

G_END_DECLS
