/* hsviz-session.c — a session: its connections, when and by what it was captured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-private.h"
#include "hsviz-field.h"
#include "hsviz-session-builder.h"

struct _HsvizSession
{
  GObject    parent_instance;

  GPtrArray *connections;   /* HsvizConnection */
  GDateTime *captured_at;
  char      *generator;
  char      *note;
};

static void hsviz_session_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsvizSession, hsviz_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hsviz_session_list_model_init))

enum
{
  PROP_0,
  PROP_CAPTURED_AT,
  PROP_GENERATOR,
  PROP_NOTE,
  PROP_N_CONNECTIONS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
hsviz_session_dispose (GObject *object)
{
  HsvizSession *self = (HsvizSession *) object;

  /* a connection that outlives its session no longer points at it */
  for (guint i = 0; self->connections && i < self->connections->len; i++)
    _hsviz_connection_set_session (g_ptr_array_index (self->connections, i), NULL, i);
  g_clear_pointer (&self->connections, g_ptr_array_unref);

  G_OBJECT_CLASS (hsviz_session_parent_class)->dispose (object);
}

static void
hsviz_session_finalize (GObject *object)
{
  HsvizSession *self = (HsvizSession *) object;

  g_clear_pointer (&self->captured_at, g_date_time_unref);
  g_clear_pointer (&self->generator, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (hsviz_session_parent_class)->finalize (object);
}

static void
hsviz_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HsvizSession *self = HSVIZ_SESSION (object);

  switch (prop_id)
    {
    case PROP_CAPTURED_AT:
      g_value_set_boxed (value, self->captured_at);
      break;
    case PROP_GENERATOR:
      g_value_set_string (value, self->generator);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, hsviz_session_get_n_connections (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_session_class_init (HsvizSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hsviz_session_dispose;
  object_class->finalize = hsviz_session_finalize;
  object_class->get_property = hsviz_session_get_property;

  properties[PROP_CAPTURED_AT] = g_param_spec_boxed ("captured-at", NULL, NULL,
                                                     G_TYPE_DATE_TIME, flags);
  properties[PROP_GENERATOR] = g_param_spec_string ("generator", NULL, NULL, NULL, flags);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  properties[PROP_N_CONNECTIONS] = g_param_spec_uint ("n-connections", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hsviz_session_init (HsvizSession *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->generator = g_strdup (PACKAGE_NAME " " PACKAGE_VERSION);
}

/* ---- GListModel ---- */

static GType
hsviz_session_get_item_type (GListModel *model)
{
  return HSVIZ_TYPE_CONNECTION;
}

static guint
hsviz_session_get_n_items (GListModel *model)
{
  return hsviz_session_get_n_connections (HSVIZ_SESSION (model));
}

static gpointer
hsviz_session_get_item (GListModel *model,
                        guint       position)
{
  HsvizConnection *connection = hsviz_session_get_connection (HSVIZ_SESSION (model), position);

  return connection ? g_object_ref (connection) : NULL;
}

static void
hsviz_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hsviz_session_get_item_type;
  iface->get_n_items = hsviz_session_get_n_items;
  iface->get_item = hsviz_session_get_item;
}

/* ---- building ---- */

HsvizSession *
hsviz_session_new (void)
{
  return g_object_new (HSVIZ_TYPE_SESSION, NULL);
}

void
hsviz_session_add_connection (HsvizSession    *self,
                              HsvizConnection *connection)
{
  guint position;

  g_return_if_fail (HSVIZ_IS_SESSION (self));
  g_return_if_fail (HSVIZ_IS_CONNECTION (connection));
  g_return_if_fail (hsviz_connection_get_session (connection) == NULL);

  position = self->connections->len;
  g_ptr_array_add (self->connections, g_object_ref (connection));
  _hsviz_connection_set_session (connection, self, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
}

void
hsviz_session_set_captured_at (HsvizSession *self,
                               GDateTime    *when)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  if (self->captured_at == when)
    return;
  g_clear_pointer (&self->captured_at, g_date_time_unref);
  if (when != NULL)
    self->captured_at = g_date_time_ref (when);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURED_AT]);
}

void
hsviz_session_set_generator (HsvizSession *self,
                             const char   *generator)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  if (g_strcmp0 (self->generator, generator) == 0)
    return;
  g_free (self->generator);
  self->generator = g_strdup (generator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATOR]);
}

void
hsviz_session_set_note (HsvizSession *self,
                        const char   *note)
{
  g_return_if_fail (HSVIZ_IS_SESSION (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/* ---- reading ---- */

guint
hsviz_session_get_n_connections (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), 0);
  return self->connections ? self->connections->len : 0;
}

HsvizConnection *
hsviz_session_get_connection (HsvizSession *self,
                              guint         i)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  if (self->connections == NULL || i >= self->connections->len)
    return NULL;
  return g_ptr_array_index (self->connections, i);
}

GDateTime *
hsviz_session_get_captured_at (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->captured_at;
}

const char *
hsviz_session_get_generator (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->generator;
}

const char *
hsviz_session_get_note (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);
  return self->note;
}

gboolean
hsviz_session_has_secrets (HsvizSession *self)
{
  g_return_val_if_fail (HSVIZ_IS_SESSION (self), FALSE);

  for (guint i = 0; i < hsviz_session_get_n_connections (self); i++)
    if (hsviz_connection_has_secrets (hsviz_session_get_connection (self, i)))
      return TRUE;
  return FALSE;
}

char *
hsviz_session_dup_nss_keylog (HsvizSession *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  for (guint i = 0; i < hsviz_session_get_n_connections (self); i++)
    {
      g_autofree char *one = hsviz_connection_dup_nss_keylog (hsviz_session_get_connection (self, i));

      if (one != NULL)
        g_string_append (s, one);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

HsvizSession *
hsviz_connection_get_session (HsvizConnection *connection)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), NULL);
  return connection->session;
}

char *
hsviz_connection_dup_resumption_text (HsvizConnection *connection)
{
  int from;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), NULL);

  from = hsviz_connection_get_resumed_from (connection);
  if (!hsviz_connection_is_resumed (connection))
    return NULL;
  if (hsviz_connection_get_version (connection) == HSVIZ_VERSION_TLS13)
    return from >= 0
      ? g_strdup_printf (_("Resumed connection %d with a pre-shared key from its "
                           "NewSessionTicket: no Certificate and no CertificateVerify (the "
                           "server proved its identity in connection %d; the PSK, derived from "
                           "that connection's resumption_master_secret, stands for it and its "
                           "binder proves the client holds it)"),
                         from + 1, from + 1)
      : g_strdup (_("Resumed with a pre-shared key from a NewSessionTicket of a connection that is "
                    "not in this session: no Certificate and no CertificateVerify (the server "
                    "proved its identity then)"));
  return from >= 0
    ? g_strdup_printf (_("Resumed connection %d (TLS 1.2 abbreviated handshake, by session "
                         "ticket or session id): no Certificate, no key exchange, no "
                         "ServerHelloDone; the master secret is connection %d's and only the "
                         "keys are new, from it and the new randoms; the server sends its "
                         "Finished first"),
                       from + 1, from + 1)
    : g_strdup (_("Resumed a session of a connection that is not in this session (TLS 1.2 "
                  "abbreviated handshake, by session ticket or session id): no Certificate, no "
                  "key exchange, no ServerHelloDone; the master secret is that connection's and "
                  "only the keys are new; the server sends its Finished first"));
}

char *
hsviz_session_dup_resumption_text (HsvizSession *self,
                                   guint         i)
{
  HsvizConnection *connection;

  g_return_val_if_fail (HSVIZ_IS_SESSION (self), NULL);

  connection = hsviz_session_get_connection (self, i);
  if (connection == NULL)
    return NULL;
  if (hsviz_connection_is_resumed (connection))
    return hsviz_connection_dup_resumption_text (connection);
  return i > 0 && g_strcmp0 (hsviz_connection_get_source (connection), "capture") == 0
    ? g_strdup_printf (_("Not resumed: this connection offered to resume connection %u and the "
                         "server declined, so it made a full handshake (certificate, key "
                         "exchange, new master secret)"), i)
    : NULL;
}

/* The verdict of the key schedule entry @name: 1 verified, 0 not, -1 absent. */
static int
entry_verdict (HsvizConnection *c,
               const char      *name)
{
  const HsvizKeyScheduleEntry *e = hsviz_connection_find_key_schedule (c, name);

  return e == NULL ? -1 : e->verified ? 1 : 0;
}

char *
hsviz_connection_dup_resumption_step_note (HsvizConnection *c,
                                           HsvizStep        step)
{
  guint from;
  int verdict;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), NULL);

  if (!c->resumed)
    return NULL;
  from = (guint) (c->resumed_from + 1);
  if (c->version == HSVIZ_VERSION_TLS13)
    switch (step)
      {
      case HSVIZ_STEP_CLIENT_HELLO:
        verdict = entry_verdict (c, "psk_binder");
        return g_strdup_printf ("%s %s",
                                _("Resumed: this ClientHello's pre_shared_key carries a ticket from an earlier "
                                  "connection's NewSessionTicket and a binder, an HMAC over the ClientHello keyed "
                                  "from the PSK that ticket stands for."),
                                verdict == 1 ? _("The binder recomputed from the resumption_master_secret ✓ equals "
                                                 "the one sent, and the server accepted it.")
                                : verdict == 0 ? _("The binder could not be recomputed and checked (see the key schedule).")
                                : _("The binder was not checked (no secrets)."));
      case HSVIZ_STEP_AUTHENTICATION:
        return from > 0
          ? g_strdup_printf (_("Skipped on this resumed connection: no Certificate and no CertificateVerify, and "
                               "nothing for the client to verify. The server proved its identity in connection %u; "
                               "only a client that took part in it holds the PSK."), from)
          : g_strdup (_("Skipped on this resumed connection: no Certificate and no CertificateVerify. The server "
                        "proved its identity in an earlier connection."));
      case HSVIZ_STEP_MASTER_SECRET:
        if (c->kx != HSVIZ_KX_PSK)
          return g_strdup (_("The key schedule starts from the PSK instead of zeros (early secret = "
                             "HKDF-Extract(0, PSK)); the (EC)DHE shared secret of the new key shares is "
                             "still mixed in (psk_dhe_ke), so the new keys have forward secrecy."));
        verdict = entry_verdict (c, "handshake_secret");
        return g_strdup_printf ("%s %s",
                                _("The key schedule starts from the PSK instead of zeros (early secret = "
                                  "HKDF-Extract(0, PSK)); the server sent no key share (psk_ke): every key "
                                  "comes from the PSK, without forward secrecy."),
                                verdict == 1 ? _("Zeros take the place of the (EC)DHE shared secret: the handshake "
                                                 "secret recomputed from the early secret and zeros ✓ gives the "
                                                 "handshake traffic secrets of the key log.")
                                : _("Zeros take the place of the (EC)DHE shared secret in the handshake secret."));
      default:
        return NULL;
      }
  if (c->version != HSVIZ_VERSION_TLS12)
    return NULL;
  switch (step)
    {
    case HSVIZ_STEP_AUTHENTICATION:
      return g_strdup (_("Skipped on this resumed connection: no Certificate, no ServerKeyExchange, no "
                         "ServerHelloDone and no ClientKeyExchange. The server proved its identity when the "
                         "master secret was made; the session id or ticket names that secret."));
    case HSVIZ_STEP_MASTER_SECRET:
      verdict = entry_verdict (c, "master_secret");
      return g_strdup_printf ("%s %s",
                              _("No pre-master secret and no new master secret: the one of the session resumed is "
                                "reused, and only the keys are new (from it and the new randoms)."),
                              verdict == 1 && from > 0 ? _("Checked ✓: it equals that connection's, and the keys "
                                                           "derived from it are the ones used.")
                              : verdict == 1 ? _("Checked ✓: the keys derived from it are the ones used (the "
                                                 "connection it came from is not in this session).")
                              : verdict == 0 ? _("It could not be confirmed (see the key schedule).")
                              : _("It was not checked (no secrets)."));
    default:
      return NULL;
    }
}
