/* hsviz-field.h — one parsed field of a handshake message, with its place in the bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_FIELD (hsviz_field_get_type ())

/* A node of the field tree the parser builds: a plain struct, not a GObject (a message has
 * about a hundred fields and the import makes and frees millions).  The nodes of one tree are
 * owned by its root and live as long as the tree: hsviz_field_ref() and hsviz_field_unref() on
 * any node count references to the whole tree.  A view lists a node's children as a
 * GListModel of HsvizFieldItem (hsviz_field_list_children), made only when it asks.
 *
 * key:     stable machine name ("random", "cipher_suites", "cipher_suite", "extension", ...)
 *          used by the core to look facts up; never translated.
 * label:   what a person reads ("Random", "Cipher suites (29)", "key_share (51)").
 * value:   the value as a person reads it ("0x1302 TLS_AES_256_GCM_SHA384"), or NULL.
 * offset, length: where the field sits in the whole message (4-byte header included).
 *          A length-prefixed (opaque or vector) field covers its length prefix too.
 * number:  the field's integer value when it has one (type, version, suite id, group,
 *          extension type, ...); for a length-prefixed field the length of its value without
 *          the prefix (so the value is the last @number bytes the field covers); else -1.
 * children: the nodes below, in order (hsviz_field_get_n_children, hsviz_field_get_child). */
typedef struct _HsvizField HsvizField;

GType       hsviz_field_get_type     (void) G_GNUC_CONST;
/* A new tree of one node, its root (one reference). */
HsvizField *hsviz_field_new          (const char *key,
                                      const char *label,
                                      const char *value,
                                      gsize       offset,
                                      gsize       length,
                                      gint64      number);
/* A new node at the end of @parent's children, owned by @parent's tree (transfer none). */
HsvizField *hsviz_field_add          (HsvizField *parent,
                                      const char *key,
                                      const char *label,
                                      const char *value,
                                      gsize       offset,
                                      gsize       length,
                                      gint64      number);
HsvizField *hsviz_field_ref          (HsvizField *self);
void        hsviz_field_unref        (HsvizField *self);
const char *hsviz_field_get_key      (HsvizField *self);
const char *hsviz_field_get_label    (HsvizField *self);
const char *hsviz_field_get_value    (HsvizField *self);
gsize       hsviz_field_get_offset   (HsvizField *self);
gsize       hsviz_field_get_length   (HsvizField *self);
gint64      hsviz_field_get_number   (HsvizField *self);
/* A GListModel of HsvizFieldItem, one for each child (each keeps the tree alive), or NULL for
 * a leaf (transfer full). */
GListModel *hsviz_field_list_children (HsvizField *self);
guint       hsviz_field_get_n_children (HsvizField *self);
HsvizField *hsviz_field_get_child    (HsvizField *self,
                                      guint       position);

/* First descendant (depth-first, self excluded) whose key is @key, or NULL. */
HsvizField *hsviz_field_find         (HsvizField *self,
                                      const char *key);

/* The "extension" child of @root's "extensions" whose number is @type, or NULL. */
HsvizField *hsviz_field_find_extension (HsvizField *root,
                                        guint16     type);
/* Every descendant of @root (NULL allowed) with key @key, in order; a match's own
 * descendants are not searched (transfer container). */
GPtrArray  *hsviz_field_collect        (HsvizField *root,
                                        const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizField, hsviz_field_unref)

G_END_DECLS
