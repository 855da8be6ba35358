/* hsviz-key-graph.h — the key schedule as a graph: inputs → secrets → keys → records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_KEY_NODE_INPUT,    /* a value on the wire or a transcript hash */
  HSVIZ_KEY_NODE_SECRET,   /* pre-master, master, traffic secrets, ... */
  HSVIZ_KEY_NODE_KEY,      /* record keys, IVs, Finished keys */
  HSVIZ_KEY_NODE_RECORD,   /* what a key was checked on: a Finished message, the first record */
} HsvizKeyNodeKind;

/* One node.  The structure (nodes and edges) is a protocol fact and exists without secrets;
 * value and verified come from the connection's key schedule (hsviz-key-schedule.h).
 *
 * id:       machine name, the key schedule entry's name when there is one ("master_secret")
 * label:    what a person reads (the id, or "ClientHello.random" for an input)
 * formula:  how it is computed, in words (the key schedule's formula when it has one)
 * value:    hex, NULL when not known (no secrets, or not computed)
 * note:     how it was verified or why not, NULL when none
 * inputs:   ids of the nodes it is computed from (the graph's edges), NULL-terminated
 * message, offset, length: for an input that lies in one message's bytes, the message index
 *           and the field's place in it (4-byte header included, as HsvizField); message -1
 *           when it lies in no single message (a transcript hash).
 * depth:    its step in the derivation, for a drawing's columns: 0 for an input computed from
 *           nothing, else one more than its deepest input (at least 1 for a node that is not an
 *           input); except that every key is at the deepest key's step and every record at the
 *           graph's deepest step (one column of keys, one of records). */
typedef struct
{
  char            *id;
  HsvizKeyNodeKind kind;
  char            *label;
  char            *formula;
  char            *value;
  gboolean         verified;
  char            *note;
  GStrv            inputs;
  int              message;
  gsize            offset;
  gsize            length;
  guint            depth;
} HsvizKeyNode;

typedef struct _HsvizKeyGraph HsvizKeyGraph;

/* The graph of @connection's key schedule: TLS 1.2 (RSA, (EC)DHE) or TLS 1.3 ((EC)DHE); for a
 * resumed connection TLS 1.2's reused master secret (no key exchange) or TLS 1.3's PSK chain
 * (resumption_master_secret → psk → early_secret → binder_key → psk_binder), and with psk_ke
 * (no key share) the input "zeros" in place of the (EC)DHE shared_secret.
 * Empty (no nodes) for other versions or before a ServerHello. */
HsvizKeyGraph *hsviz_key_graph_new       (HsvizConnection *connection);
void           hsviz_key_graph_free      (HsvizKeyGraph   *self);
guint          hsviz_key_graph_get_n_nodes (HsvizKeyGraph *self);
/* Nodes are ordered inputs first, then secrets, keys, records; each node's inputs come
 * before it. */
const HsvizKeyNode *hsviz_key_graph_get_node (HsvizKeyGraph *self,
                                              guint          i);
/* The deepest node's depth (the records'), 0 for an empty graph. */
guint          hsviz_key_graph_get_max_depth (HsvizKeyGraph *self);
/* The node named @id, or NULL. */
const HsvizKeyNode *hsviz_key_graph_find     (HsvizKeyGraph *self,
                                              const char    *id);
/* The node itself when it lies in a message's bytes, else its first input (depth-first)
 * that does; NULL when none does. */
const HsvizKeyNode *hsviz_key_graph_find_bytes (HsvizKeyGraph *self,
                                                const char    *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizKeyGraph, hsviz_key_graph_free)

G_END_DECLS
