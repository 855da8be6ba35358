/* hsviz-key-graph.c — the key schedule as a graph: inputs → secrets → keys → records
 *
 * The nodes and edges of each protocol are the tables below (RFC 5246 §8.1 and §6.3,
 * RFC 7627, RFC 8446 §7.1 and §7.3, resumption: RFC 5246 §7.3, RFC 8446 §4.2.11 and §4.6.1, psk_ke
 * §4.2.9); values and ✓ come from the key schedule entries of the
 * same name, and an input's place in the bytes from the message's field tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-key-graph.h"
#include "hsviz-tables.h"
#include "hsviz-field.h"
#include "hsviz-message.h"

struct _HsvizKeyGraph
{
  GPtrArray *nodes;   /* of HsvizKeyNode */
  guint      max_depth;
};

/* When a table row applies */
enum
{
  ALWAYS   = 0,
  RSA      = 1 << 0,  /* TLS 1.2 RSA key transport */
  DH       = 1 << 1,  /* TLS 1.2 (EC)DHE */
  EMS      = 1 << 2,  /* extended master secret */
  NO_EMS   = 1 << 3,
  CBC      = 1 << 4,  /* a suite with a record MAC */
  HRR      = 1 << 5,  /* TLS 1.3 after a HelloRetryRequest */
  FULL     = 1 << 6,  /* a full handshake */
  RESUMED  = 1 << 7,  /* a resumed connection (hsviz_connection_is_resumed) */
  SHARES   = 1 << 8,  /* TLS 1.3 with (EC)DHE: the server sent a key share */
  PSK_KE   = 1 << 9,  /* TLS 1.3 psk_ke: no key share, zeros in place of the shared secret */
};

typedef struct
{
  const char      *id;
  HsvizKeyNodeKind kind;
  guint            when;
  const char      *label;
  const char      *formula;
  const char      *inputs;   /* space-separated ids */
  /* for inputs in a message: who sent it, its type, the field key */
  int              dir;
  int              type;
  const char      *field;
} NodeSpec;

#define IN(id, when, label, formula, inputs, dir, type, field) \
  { id, HSVIZ_KEY_NODE_INPUT, when, label, formula, inputs, dir, type, field }
#define N(kind, id, when, formula, inputs) \
  { id, HSVIZ_KEY_NODE_##kind, when, NULL, formula, inputs, -1, -1, NULL }

static const NodeSpec tls12_nodes[] = {
  IN ("client_random", ALWAYS, "ClientHello.random", "32 bytes chosen by the client", NULL,
      HSVIZ_DIRECTION_CLIENT, 1, "random"),
  IN ("server_random", ALWAYS, "ServerHello.random", "32 bytes chosen by the server", NULL,
      HSVIZ_DIRECTION_SERVER, 2, "random"),
  IN ("encrypted_pre_master_secret", RSA | FULL, "ClientKeyExchange: encrypted pre-master",
      "the pre-master secret encrypted with the server certificate's RSA key", NULL,
      HSVIZ_DIRECTION_CLIENT, 16, "encrypted_pre_master_secret"),
  IN ("server_public_key", DH | FULL, "ServerKeyExchange public key",
      "the server's ephemeral (EC)DH public value", NULL, HSVIZ_DIRECTION_SERVER, 12, "public_key"),
  IN ("client_public_key", DH | FULL, "ClientKeyExchange public key",
      "the client's ephemeral (EC)DH public value", NULL, HSVIZ_DIRECTION_CLIENT, 16, "public_key"),
  IN ("session_hash", EMS | FULL, "session_hash", "Hash(ClientHello … ClientKeyExchange) (RFC 7627 §3)", NULL,
      -1, -1, NULL),
  IN ("finished_transcript", ALWAYS, "Hash(handshake messages)",
      "Hash of the handshake messages before each Finished", NULL, -1, -1, NULL),
  N (SECRET, "pre_master_secret", RSA | FULL, "RSA-decrypt(server private key, ClientKeyExchange)",
     "encrypted_pre_master_secret"),
  N (SECRET, "pre_master_secret", DH | FULL, "the (EC)DHE shared secret", "server_public_key client_public_key"),
  N (SECRET, "master_secret", RESUMED,
     "the master secret of the connection resumed, reused: an abbreviated handshake has no key exchange", NULL),
  N (SECRET, "master_secret", NO_EMS | FULL,
     "PRF(pre_master_secret, \"master secret\", client_random ‖ server_random)[0..47]",
     "pre_master_secret client_random server_random"),
  N (SECRET, "master_secret", EMS | FULL, "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]",
     "pre_master_secret session_hash"),
  N (SECRET, "key_block", ALWAYS, "PRF(master_secret, \"key expansion\", server_random ‖ client_random)",
     "master_secret server_random client_random"),
  N (KEY, "client_write_mac_key", CBC, "key_block, 1st part", "key_block"),
  N (KEY, "server_write_mac_key", CBC, "key_block, 2nd part", "key_block"),
  N (KEY, "client_write_key", ALWAYS, "key_block, after the MAC keys", "key_block"),
  N (KEY, "server_write_key", ALWAYS, "key_block, after client_write_key", "key_block"),
  N (KEY, "client_write_iv", ALWAYS, "key_block, after the keys", "key_block"),
  N (KEY, "server_write_iv", ALWAYS, "key_block, after client_write_iv", "key_block"),
  N (RECORD, "client_finished", ALWAYS,
     "PRF(master_secret, \"client finished\", Hash(handshake messages))[0..11]",
     "master_secret finished_transcript"),
  N (RECORD, "server_finished", ALWAYS,
     "PRF(master_secret, \"server finished\", Hash(handshake messages))[0..11]",
     "master_secret finished_transcript"),
  N (RECORD, "client_first_record", ALWAYS, "the client's first application record, decrypted",
     "client_write_key client_write_iv client_write_mac_key"),
  N (RECORD, "server_first_record", ALWAYS, "the server's first application record, decrypted",
     "server_write_key server_write_iv server_write_mac_key"),
};

static const NodeSpec tls13_nodes[] = {
  IN ("client_key_share", SHARES, "ClientHello key_share", "the client's ephemeral public value", NULL,
      HSVIZ_DIRECTION_CLIENT, 1, "key_share"),
  IN ("server_key_share", SHARES, "ServerHello key_share", "the server's ephemeral public value", NULL,
      HSVIZ_DIRECTION_SERVER, 2, "key_share"),
  IN ("zeros", PSK_KE, "0…0 (no (EC)DHE: psk_ke)",
      "Hash.length bytes of zeros in place of the (EC)DHE shared secret: psk_ke, the server sent no key share "
      "(RFC 8446 §7.1)", NULL, -1, -1, NULL),
  IN ("message_hash", HRR, "message_hash",
      "FE 00 00 Hash.length ‖ Hash(ClientHello1), replacing ClientHello1 in the transcript (RFC 8446 §4.4.1)",
      NULL, -1, -1, NULL),
  IN ("psk_identity", RESUMED, "ClientHello pre_shared_key identity",
      "the ticket of the resumed connection's NewSessionTicket, sent back as the PSK identity", NULL,
      HSVIZ_DIRECTION_CLIENT, 1, "identity"),
  IN ("ticket_nonce", RESUMED, "NewSessionTicket.ticket_nonce",
      "the nonce the server sent with that ticket, in the connection resumed", NULL, -1, -1, NULL),
  IN ("binder_transcript", RESUMED, "Hash(ClientHello up to its binders)",
      "the transcript hash of the ClientHello truncated before the binders list (RFC 8446 §4.2.11.2)",
      "message_hash", -1, -1, NULL),
  IN ("hello_transcript", ALWAYS, "Hash(ClientHello … ServerHello)", "the transcript hash up to the ServerHello",
      "message_hash", -1, -1, NULL),
  IN ("server_finished_transcript", ALWAYS, "Hash(ClientHello … server Finished)",
      "the transcript hash up to the server's Finished", "hello_transcript", -1, -1, NULL),
  N (SECRET, "resumption_master_secret", RESUMED,
     "Derive-Secret(master_secret, \"res master\", ClientHello … client Finished) of the connection resumed", NULL),
  N (SECRET, "psk", RESUMED, "HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce, Hash.length)",
     "resumption_master_secret ticket_nonce psk_identity"),
  N (SECRET, "early_secret", FULL, "HKDF-Extract(0, 0) (no PSK)", NULL),
  N (SECRET, "early_secret", RESUMED, "HKDF-Extract(0, PSK)", "psk"),
  N (SECRET, "binder_key", RESUMED, "Derive-Secret(early_secret, \"res binder\", \"\")", "early_secret"),
  N (SECRET, "shared_secret", SHARES, "the (EC)DHE shared secret", "client_key_share server_key_share"),
  N (SECRET, "handshake_secret", SHARES,
     "HKDF-Extract(Derive-Secret(early_secret, \"derived\", \"\"), shared_secret)",
     "early_secret shared_secret"),
  N (SECRET, "handshake_secret", PSK_KE,
     "HKDF-Extract(Derive-Secret(early_secret, \"derived\", \"\"), zeros)",
     "early_secret zeros"),
  N (SECRET, "client_handshake_traffic_secret", ALWAYS,
     "Derive-Secret(handshake_secret, \"c hs traffic\", ClientHello … ServerHello)",
     "handshake_secret hello_transcript"),
  N (SECRET, "server_handshake_traffic_secret", ALWAYS,
     "Derive-Secret(handshake_secret, \"s hs traffic\", ClientHello … ServerHello)",
     "handshake_secret hello_transcript"),
  N (SECRET, "master_secret", ALWAYS, "HKDF-Extract(Derive-Secret(handshake_secret, \"derived\", \"\"), 0)",
     "handshake_secret"),
  N (SECRET, "client_application_traffic_secret_0", ALWAYS,
     "Derive-Secret(master_secret, \"c ap traffic\", ClientHello … server Finished)",
     "master_secret server_finished_transcript"),
  N (SECRET, "server_application_traffic_secret_0", ALWAYS,
     "Derive-Secret(master_secret, \"s ap traffic\", ClientHello … server Finished)",
     "master_secret server_finished_transcript"),
  N (KEY, "binder_finished_key", RESUMED, "HKDF-Expand-Label(binder_key, \"finished\", \"\", Hash.length)",
     "binder_key"),
  N (KEY, "client_handshake_key", ALWAYS, "HKDF-Expand-Label(client_handshake_traffic_secret, \"key\", \"\", key_length)",
     "client_handshake_traffic_secret"),
  N (KEY, "client_handshake_iv", ALWAYS, "HKDF-Expand-Label(client_handshake_traffic_secret, \"iv\", \"\", 12)",
     "client_handshake_traffic_secret"),
  N (KEY, "client_finished_key", ALWAYS, "HKDF-Expand-Label(client_handshake_traffic_secret, \"finished\", \"\", Hash.length)",
     "client_handshake_traffic_secret"),
  N (KEY, "server_handshake_key", ALWAYS, "HKDF-Expand-Label(server_handshake_traffic_secret, \"key\", \"\", key_length)",
     "server_handshake_traffic_secret"),
  N (KEY, "server_handshake_iv", ALWAYS, "HKDF-Expand-Label(server_handshake_traffic_secret, \"iv\", \"\", 12)",
     "server_handshake_traffic_secret"),
  N (KEY, "server_finished_key", ALWAYS, "HKDF-Expand-Label(server_handshake_traffic_secret, \"finished\", \"\", Hash.length)",
     "server_handshake_traffic_secret"),
  N (KEY, "client_write_key", ALWAYS, "HKDF-Expand-Label(client_application_traffic_secret_0, \"key\", \"\", key_length)",
     "client_application_traffic_secret_0"),
  N (KEY, "client_write_iv", ALWAYS, "HKDF-Expand-Label(client_application_traffic_secret_0, \"iv\", \"\", 12)",
     "client_application_traffic_secret_0"),
  N (KEY, "server_write_key", ALWAYS, "HKDF-Expand-Label(server_application_traffic_secret_0, \"key\", \"\", key_length)",
     "server_application_traffic_secret_0"),
  N (KEY, "server_write_iv", ALWAYS, "HKDF-Expand-Label(server_application_traffic_secret_0, \"iv\", \"\", 12)",
     "server_application_traffic_secret_0"),
  N (RECORD, "psk_binder", RESUMED, "HMAC(binder_finished_key, Hash(ClientHello up to its binders))",
     "binder_finished_key binder_transcript"),
  N (RECORD, "server_finished", ALWAYS, "HMAC(server_finished_key, Hash(ClientHello … CertificateVerify))",
     "server_finished_key"),
  N (RECORD, "client_finished", ALWAYS, "HMAC(client_finished_key, Hash(ClientHello … server Finished))",
     "client_finished_key server_finished_transcript"),
  N (RECORD, "client_first_record", ALWAYS, "the client's first application record, decrypted",
     "client_write_key client_write_iv"),
  N (RECORD, "server_first_record", ALWAYS, "the server's first application record, decrypted",
     "server_write_key server_write_iv"),
};

static void
key_node_free (gpointer data)
{
  HsvizKeyNode *node = data;

  g_free (node->id);
  g_free (node->label);
  g_free (node->formula);
  g_free (node->value);
  g_free (node->note);
  g_strfreev (node->inputs);
  g_free (node);
}

/* The last message of @type sent by @dir that is not a HelloRetryRequest (after a
 * HelloRetryRequest the second ClientHello is the one whose key share counts), or -1. */
static int
find_message (HsvizConnection *connection,
              int              dir,
              int              type)
{
  int found = -1;

  for (guint i = 0; i < hsviz_connection_get_n_messages (connection); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (connection, i);

      if ((int) hsviz_message_get_direction (m) == dir && hsviz_message_get_type_code (m) == type &&
          g_strcmp0 (hsviz_message_get_type_name (m), "HelloRetryRequest") != 0)
        found = (int) i;
    }
  return found;
}

/* The field of @spec in @root: a plain field, or for "key_share" the key_exchange of the
 * share of the group the server chose. */
static HsvizField *
find_field (HsvizConnection *connection,
            HsvizField      *root,
            const char      *key)
{
  g_autoptr(GPtrArray) entries = NULL;
  HsvizField *ext;

  if (g_strcmp0 (key, "key_share") != 0)
    return hsviz_field_find (root, key);

  ext = hsviz_field_find_extension (root, HSVIZ_EXT_KEY_SHARE);
  entries = hsviz_field_collect (ext, "key_share_entry");
  for (guint i = 0; i < entries->len; i++)
    {
      HsvizField *entry = g_ptr_array_index (entries, i);

      if (hsviz_field_get_number (entry) == hsviz_connection_get_group (connection))
        return hsviz_field_find (entry, "key_exchange");
    }
  return NULL;
}

static void
place_input (HsvizConnection *connection,
             HsvizKeyNode    *node,
             const NodeSpec  *spec)
{
  HsvizField *field;
  int i;

  node->message = -1;
  if (spec->field == NULL)
    return;
  i = find_message (connection, spec->dir, spec->type);
  if (i < 0)
    return;
  field = find_field (connection, hsviz_message_get_fields (hsviz_connection_get_message (connection, i)),
                      spec->field);
  if (field == NULL)
    return;
  node->message = i;
  node->offset = hsviz_field_get_offset (field);
  node->length = hsviz_field_get_length (field);
}

static const HsvizKeyScheduleEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->name, name) == 0)
        return e;
    }
  return NULL;
}

/* Each node's depth (hsviz-key-graph.h); inputs come before their node, so one pass does.
 * Then every key moves to the deepest key's depth and every record past it: one column of
 * keys, one of records. */
static void
set_depths (HsvizKeyGraph *self)
{
  guint key_depth = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      HsvizKeyNode *node = g_ptr_array_index (self->nodes, i);

      node->depth = node->kind == HSVIZ_KEY_NODE_INPUT ? 0 : 1;
      for (guint j = 0; node->inputs[j] != NULL; j++)
        node->depth = MAX (node->depth, hsviz_key_graph_find (self, node->inputs[j])->depth + 1);
      if (node->kind == HSVIZ_KEY_NODE_KEY)
        key_depth = MAX (key_depth, node->depth);
      self->max_depth = MAX (self->max_depth, node->depth);
    }
  if (key_depth > 0)
    self->max_depth = MAX (self->max_depth, key_depth + 1);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      HsvizKeyNode *node = g_ptr_array_index (self->nodes, i);

      if (node->kind == HSVIZ_KEY_NODE_KEY)
        node->depth = key_depth;
      else if (node->kind == HSVIZ_KEY_NODE_RECORD)
        node->depth = self->max_depth;
    }
}

HsvizKeyGraph *
hsviz_key_graph_new (HsvizConnection *connection)
{
  HsvizKeyGraph *self = g_new0 (HsvizKeyGraph, 1);
  GPtrArray *entries = hsviz_connection_get_key_schedule (connection);
  guint16 version = hsviz_connection_get_version (connection);
  const HsvizCipherSuite *cs = hsviz_cipher_suite_lookup (hsviz_connection_get_cipher_suite (connection));
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (connection);
  const NodeSpec *specs = NULL;
  guint n_specs = 0, flags = 0;

  self->nodes = g_ptr_array_new_with_free_func (key_node_free);
  flags |= hsviz_connection_is_resumed (connection) ? RESUMED : FULL;

  if (version == 0x0303 && cs != NULL && (kx == HSVIZ_KX_RSA || kx == HSVIZ_KX_DHE || kx == HSVIZ_KX_ECDHE))
    {
      specs = tls12_nodes;
      n_specs = G_N_ELEMENTS (tls12_nodes);
      flags |= kx == HSVIZ_KX_RSA ? RSA : DH;
      flags |= hsviz_connection_uses_extended_master_secret (connection) ? EMS : NO_EMS;
      if (g_strcmp0 (cs->mac, "AEAD") != 0)
        flags |= CBC;
    }
  else if (version == 0x0304 && cs != NULL)
    {
      specs = tls13_nodes;
      n_specs = G_N_ELEMENTS (tls13_nodes);
      if (hsviz_connection_had_hello_retry (connection))
        flags |= HRR;
      flags |= kx == HSVIZ_KX_PSK ? PSK_KE : SHARES;
    }

  for (guint i = 0; i < n_specs; i++)
    {
      const NodeSpec *spec = &specs[i];
      const HsvizKeyScheduleEntry *entry;
      HsvizKeyNode *node;
      g_auto(GStrv) inputs = NULL;
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

      if (spec->when != ALWAYS && (spec->when & flags) != spec->when)
        continue;

      node = g_new0 (HsvizKeyNode, 1);
      node->id = g_strdup (spec->id);
      node->kind = spec->kind;
      node->label = g_strdup (spec->label != NULL ? spec->label : spec->id);
      entry = find_entry (entries, spec->id);
      node->formula = g_strdup (entry != NULL && entry->formula != NULL && entry->formula[0] != '\0'
                                ? entry->formula : spec->formula);
      if (entry != NULL)
        {
          node->value = entry->value != NULL && entry->value[0] != '\0' ? g_strdup (entry->value) : NULL;
          node->verified = entry->verified;
          node->note = g_strdup (entry->note);
        }
      /* Edges only to nodes that exist in this graph (a MAC key only with a MAC, ...) */
      inputs = spec->inputs != NULL ? g_strsplit (spec->inputs, " ", -1) : NULL;
      for (guint j = 0; inputs != NULL && inputs[j] != NULL; j++)
        if (hsviz_key_graph_find (self, inputs[j]) != NULL)
          g_strv_builder_add (kept, inputs[j]);
      node->inputs = g_strv_builder_end (kept);
      node->message = -1;
      if (spec->kind == HSVIZ_KEY_NODE_INPUT)
        place_input (connection, node, spec);
      g_ptr_array_add (self->nodes, node);
    }
  set_depths (self);
  return self;
}

void
hsviz_key_graph_free (HsvizKeyGraph *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->nodes);
  g_free (self);
}

guint
hsviz_key_graph_get_n_nodes (HsvizKeyGraph *self)
{
  return self->nodes->len;
}

const HsvizKeyNode *
hsviz_key_graph_get_node (HsvizKeyGraph *self,
                          guint          i)
{
  g_return_val_if_fail (i < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, i);
}

guint
hsviz_key_graph_get_max_depth (HsvizKeyGraph *self)
{
  return self->max_depth;
}

const HsvizKeyNode *
hsviz_key_graph_find (HsvizKeyGraph *self,
                      const char    *id)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const HsvizKeyNode *node = g_ptr_array_index (self->nodes, i);

      if (g_strcmp0 (node->id, id) == 0)
        return node;
    }
  return NULL;
}

const HsvizKeyNode *
hsviz_key_graph_find_bytes (HsvizKeyGraph *self,
                            const char    *id)
{
  const HsvizKeyNode *node = hsviz_key_graph_find (self, id);

  if (node == NULL)
    return NULL;
  if (node->message >= 0)
    return node;
  /* Inputs come before their node in the list, so this ends */
  for (guint j = 0; node->inputs[j] != NULL; j++)
    {
      const HsvizKeyNode *found = hsviz_key_graph_find_bytes (self, node->inputs[j]);

      if (found != NULL)
        return found;
    }
  return NULL;
}
