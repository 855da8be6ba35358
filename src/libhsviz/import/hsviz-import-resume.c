/* hsviz-import-resume.c — which earlier connection of a capture an imported connection resumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-import-resume.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

typedef enum
{
  KIND_TICKET = 't',
  KIND_SESSION_ID = 's',
} Kind;

typedef struct
{
  int    index;            /* the connection that received it, or -1 */
  guint8 client_random[32];/* of the connection whose master secret the session has (TLS 1.2: the
                            * one that made it, when this one resumed it) */
} Link;

struct _HsvizResumeTable
{
  GHashTable *entries;  /* GBytes (kind ‖ bytes) → Link */
  GQueue      order;    /* of the same GBytes, oldest first */
};

struct _HsvizImportResume
{
  HsvizResumeTable *table;
  guint             index;
  GArray           *psk;         /* of Link: per PSK identity of the last ClientHello */
  Link              ticket;      /* TLS 1.2: the session_ticket it offered */
  Link              session_id;  /* TLS 1.2: the session id it offered */
  Link              from;        /* what the ServerHello accepted */
  gboolean          resumed;     /* the ServerHello accepted a PSK or resumed a session */
};

HsvizResumeTable *
hsviz_resume_table_new (void)
{
  HsvizResumeTable *table = g_new0 (HsvizResumeTable, 1);

  table->entries = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, g_free);
  g_queue_init (&table->order);
  return table;
}

void
hsviz_resume_table_free (HsvizResumeTable *table)
{
  if (table == NULL)
    return;
  g_queue_clear (&table->order);
  g_hash_table_unref (table->entries);
  g_free (table);
}

static GBytes *
make_key (Kind          kind,
          const guint8 *id,
          gsize         len)
{
  guint8 *key = g_malloc (len + 1);

  key[0] = (guint8) kind;
  memcpy (key + 1, id, len);
  return g_bytes_new_take (key, len + 1);
}

/* The first holder of an id keeps it: a session id echoed again names the connection that
 * made the session. */
static void
table_add (HsvizResumeTable *table,
           Kind              kind,
           const guint8     *id,
           gsize             len,
           guint             index,
           const guint8     *client_random)
{
  GBytes *key;
  Link *link;

  if (table == NULL || id == NULL || len == 0 || client_random == NULL)
    return;
  key = make_key (kind, id, len);
  if (g_hash_table_contains (table->entries, key))
    {
      g_bytes_unref (key);
      return;
    }
  if (g_queue_get_length (&table->order) >= HSVIZ_RESUME_TABLE_MAX)
    g_hash_table_remove (table->entries, g_queue_pop_head (&table->order));
  link = g_new0 (Link, 1);
  link->index = (int) index;
  memcpy (link->client_random, client_random, 32);
  g_hash_table_insert (table->entries, key, link);
  g_queue_push_tail (&table->order, key);
}

static Link
table_lookup (HsvizResumeTable *table,
              Kind              kind,
              const guint8     *id,
              gsize             len)
{
  Link none = { -1, { 0 } };
  g_autoptr(GBytes) key = NULL;
  Link *link;

  if (table == NULL || id == NULL || len == 0)
    return none;
  key = make_key (kind, id, len);
  link = g_hash_table_lookup (table->entries, key);
  return link != NULL ? *link : none;
}

HsvizImportResume *
hsviz_import_resume_new (HsvizResumeTable *table,
                         guint             index)
{
  HsvizImportResume *self = g_new0 (HsvizImportResume, 1);

  self->table = table;
  self->index = index;
  self->psk = g_array_new (FALSE, FALSE, sizeof (Link));
  self->ticket.index = self->session_id.index = self->from.index = -1;
  return self;
}

void
hsviz_import_resume_free (HsvizImportResume *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->psk);
  g_free (self);
}

/* The value of the first field @key under @root, looked up as @kind. */
static Link
lookup_field (HsvizImportResume *self,
              HsvizMessage      *m,
              HsvizField        *root,
              const char        *key,
              Kind               kind)
{
  gsize len = 0;
  const guint8 *id = root != NULL ? hsviz_message_get_field_value (m, hsviz_field_find (root, key), &len) : NULL;

  return table_lookup (self->table, kind, id, len);
}

static void
client_hello (HsvizImportResume *self,
              HsvizMessage      *m)
{
  HsvizField *root = hsviz_message_get_fields (m);
  HsvizField *psk = hsviz_field_find_extension (root, 41 /* pre_shared_key */);
  g_autoptr(GPtrArray) identities = hsviz_field_collect (psk, "psk_identity");

  /* after a HelloRetryRequest the second ClientHello's offers count */
  g_array_set_size (self->psk, 0);
  for (guint i = 0; i < identities->len; i++)
    {
      Link link = lookup_field (self, m, g_ptr_array_index (identities, i), "identity", KIND_TICKET);

      g_array_append_val (self->psk, link);
    }
  self->ticket = lookup_field (self, m, hsviz_field_find_extension (root, 35 /* session_ticket */), "session_ticket",
                               KIND_TICKET);
  self->session_id = lookup_field (self, m, root, "session_id", KIND_SESSION_ID);
}

static void
server_hello (HsvizImportResume *self,
              HsvizConnection   *connection,
              HsvizMessage      *sh)
{
  HsvizMessage *ch = hsviz_connection_find_message (connection, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT, TRUE);
  HsvizField *root = hsviz_message_get_fields (sh);
  const guint8 *client_id, *server_id;
  gsize client_len = 0, server_len = 0;

  if (hsviz_connection_get_version (connection) == HSVIZ_VERSION_TLS13)
    {
      HsvizField *psk = hsviz_field_find_extension (root, 41 /* pre_shared_key */);
      HsvizField *selected = psk != NULL ? hsviz_field_find (psk, "selected_identity") : NULL;
      gint64 i = selected != NULL ? hsviz_field_get_number (selected) : -1;

      self->resumed = selected != NULL;
      if (i >= 0 && (guint64) i < self->psk->len)
        self->from = g_array_index (self->psk, Link, i);
      return;
    }
  /* TLS 1.2: the server resumes by echoing the client's session id (RFC 5246 §7.4.1.3; RFC
   * 5077 §3.4 for a ticket), else the session id it gives names a new session */
  server_id = hsviz_message_get_field_value (sh, hsviz_field_find (root, "session_id"), &server_len);
  client_id = ch != NULL ? hsviz_message_get_field_value (ch, hsviz_field_find (hsviz_message_get_fields (ch),
                                                                                "session_id"), &client_len)
                         : NULL;
  self->resumed = server_len > 0 && client_len == server_len && memcmp (client_id, server_id, server_len) == 0;
  if (self->resumed)
    self->from = self->ticket.index >= 0 ? self->ticket : self->session_id;
  else
    table_add (self->table, KIND_SESSION_ID, server_id, server_len, self->index,
               hsviz_connection_get_client_random (connection));
}

void
hsviz_import_resume_message (HsvizImportResume *self,
                             HsvizConnection   *connection,
                             HsvizMessage      *message)
{
  HsvizDirection dir = hsviz_message_get_direction (message);
  gsize len = 0;
  const guint8 *ticket;

  switch (hsviz_message_get_type_code (message))
    {
    case HSVIZ_HS_CLIENT_HELLO:
      if (dir == HSVIZ_DIRECTION_CLIENT)
        client_hello (self, message);
      break;
    case HSVIZ_HS_SERVER_HELLO:
      if (dir == HSVIZ_DIRECTION_SERVER && !hsviz_message_is_hello_retry (message))
        server_hello (self, connection, message);
      break;
    case HSVIZ_HS_NEW_SESSION_TICKET:
      ticket = hsviz_message_get_field_value (message, hsviz_field_find (hsviz_message_get_fields (message), "ticket"),
                                              &len);
      /* a TLS 1.2 ticket given on a resumed connection stands for the same master secret */
      if (dir == HSVIZ_DIRECTION_SERVER)
        table_add (self->table, KIND_TICKET, ticket, len, self->index,
                   self->from.index >= 0 && hsviz_connection_get_version (connection) != HSVIZ_VERSION_TLS13
                   ? self->from.client_random : hsviz_connection_get_client_random (connection));
      break;
    default:
      break;
    }
}

gboolean
hsviz_import_resume_is_resumed (HsvizImportResume *self)
{
  return self->resumed;
}

int
hsviz_import_resume_get_from (HsvizImportResume *self,
                              guint8            *client_random)
{
  if (self->from.index >= 0 && client_random != NULL)
    memcpy (client_random, self->from.client_random, 32);
  return self->from.index;
}

GBytes *
hsviz_import_resume_dup_master_secret (HsvizImportResume *self,
                                       HsvizKeylog       *keylog,
                                       HsvizConnection   *connection,
                                       gint64             time_us)
{
  g_autofree char *cr_hex = NULL;
  g_autofree char *ms_hex = NULL;
  GBytes *ms;

  if (self == NULL || keylog == NULL || !self->resumed || self->from.index < 0 ||
      (ms = hsviz_keylog_get_secret (keylog, self->from.client_random, "CLIENT_RANDOM")) == NULL)
    return NULL;
  cr_hex = hsviz_hex_encode (hsviz_connection_get_client_random (connection), 32);
  ms_hex = hsviz_hex_encode_bytes (ms);
  hsviz_connection_add_keylog (connection, "CLIENT_RANDOM", cr_hex, ms_hex, time_us);
  return ms;
}
