/* hsviz-negotiation.c — what the client offered and the server chose, item by item
 *
 * The offers are read from the client's (last) ClientHello, the choices from the connection's
 * derived facts (ServerHello, EncryptedExtensions, ServerKeyExchange, CertificateVerify).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-field.h"
#include "hsviz-message.h"
#include "hsviz-negotiation.h"
#include "hsviz-tables.h"

typedef const char *(*NameFunc) (guint16 id);

static void
offer_free (gpointer data)
{
  HsvizOffer *offer = data;

  g_free (offer->name);
  g_free (offer);
}

static void
negotiated_free (gpointer data)
{
  HsvizNegotiated *item = data;

  g_ptr_array_unref (item->offered);
  g_free (item->chosen);
  g_free (item->note);
  g_free (item);
}

static HsvizNegotiated *
negotiated_new (GPtrArray           *negotiation,
                HsvizNegotiatedKind  kind,
                const char          *title)
{
  HsvizNegotiated *item = g_new0 (HsvizNegotiated, 1);

  item->kind = kind;
  item->title = title;
  item->offered = g_ptr_array_new_with_free_func (offer_free);
  item->chosen_number = -1;
  g_ptr_array_add (negotiation, item);
  return item;
}

static void
add_offer (HsvizNegotiated *item,
           const char      *name,
           gint32           number,
           HsvizOfferKind   kind)
{
  HsvizOffer *offer = g_new0 (HsvizOffer, 1);

  offer->name = g_strdup (name);
  offer->number = number;
  offer->kind = kind;
  g_ptr_array_add (item->offered, offer);
}

/* The tables name what they do not know "unknown (0x…)" (hsviz-tables.c). */
static HsvizOfferKind
kind_of (guint16     id,
         const char *name)
{
  if (hsviz_is_grease (id))
    return HSVIZ_OFFER_GREASE;
  if (g_str_has_prefix (name, "unknown ("))
    return HSVIZ_OFFER_UNKNOWN;
  return HSVIZ_OFFER_KNOWN;
}

/* One offer for every @key field below extension @type of @message, named by @name_func. */
static void
add_numbers (HsvizNegotiated *item,
             HsvizMessage    *message,
             guint16          type,
             const char      *key,
             NameFunc         name_func)
{
  HsvizField *ext = message != NULL ? hsviz_field_find_extension (hsviz_message_get_fields (message), type) : NULL;
  g_autoptr(GPtrArray) fields = hsviz_field_collect (ext, key);

  for (guint i = 0; i < fields->len; i++)
    {
      gint64 number = hsviz_field_get_number (g_ptr_array_index (fields, i));
      const char *name;

      if (number < 0 || number > G_MAXUINT16)
        continue;
      name = name_func ((guint16) number);
      add_offer (item, name, (gint32) number, kind_of ((guint16) number, name));
    }
}

/* Marks the offers whose number (or, for @number -1, name) is the chosen one. */
static void
mark_chosen (HsvizNegotiated *item)
{
  for (guint i = 0; i < item->offered->len; i++)
    {
      HsvizOffer *offer = g_ptr_array_index (item->offered, i);

      if (item->chosen_number >= 0)
        offer->chosen = offer->number == item->chosen_number;
      else
        offer->chosen = offer->number < 0 && g_strcmp0 (offer->name, item->chosen) == 0;
    }
}

static void
set_chosen (HsvizNegotiated *item,
            guint16          number,
            const char      *name)
{
  if (number == 0)
    return;
  item->chosen_number = number;
  item->chosen = g_strdup (name);
}

static const char *
version_name (guint16 id)
{
  return hsviz_version_display_name (id);
}

static void
add_version (GPtrArray       *negotiation,
             HsvizConnection *connection,
             HsvizMessage    *client_hello)
{
  HsvizNegotiated *item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_VERSION, _("Protocol version"));
  guint16 version = hsviz_connection_get_version (connection);

  add_numbers (item, client_hello, HSVIZ_EXT_SUPPORTED_VERSIONS, "version", version_name);
  if (item->offered->len == 0)
    {
      /* No supported_versions: the legacy_version field is the offer. */
      HsvizField *legacy = hsviz_field_find (hsviz_message_get_fields (client_hello), "legacy_version");
      gint64 number = legacy != NULL ? hsviz_field_get_number (legacy) : -1;

      if (number >= 0 && number <= G_MAXUINT16)
        add_offer (item, version_name ((guint16) number), (gint32) number,
                   kind_of ((guint16) number, hsviz_version_name ((guint16) number)));
    }
  set_chosen (item, version, version_name (version));
}

static void
add_cipher_suite (GPtrArray       *negotiation,
                  HsvizConnection *connection)
{
  HsvizNegotiated *item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_CIPHER_SUITE, _("Cipher suite"));
  guint n = 0;
  const guint16 *offered = hsviz_connection_get_offered_suites (connection, &n);
  guint16 chosen = hsviz_connection_get_cipher_suite (connection);

  for (guint i = 0; i < n; i++)
    {
      const char *name = hsviz_cipher_suite_name (offered[i]);
      HsvizOfferKind kind = kind_of (offered[i], name);

      if (kind == HSVIZ_OFFER_KNOWN && hsviz_cipher_suite_lookup (offered[i]) == NULL)
        kind = HSVIZ_OFFER_SIGNAL;   /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV … */
      add_offer (item, name, offered[i], kind);
    }
  set_chosen (item, chosen, hsviz_cipher_suite_name (chosen));
}

static void
add_group (GPtrArray       *negotiation,
           HsvizConnection *connection,
           HsvizMessage    *client_hello)
{
  HsvizNegotiated *item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_GROUP, _("Groups (key exchange curves)"));
  guint16 group = hsviz_connection_get_group (connection);

  add_numbers (item, client_hello, HSVIZ_EXT_SUPPORTED_GROUPS, "group", hsviz_group_name);
  /* a TLS 1.2 DHE prime no RFC names has no number: its size, in words */
  item->chosen = hsviz_connection_dup_group_name (connection);
  item->chosen_number = group != 0 ? group : -1;
}

/* The HelloRetryRequest of @connection, or NULL. */
static HsvizMessage *
find_hello_retry (HsvizConnection *connection)
{
  guint n = hsviz_connection_get_n_messages (connection);

  for (guint i = 0; i < n; i++)
    if (hsviz_message_is_hello_retry (hsviz_connection_get_message (connection, i)))
      return hsviz_connection_get_message (connection, i);
  return NULL;
}

static void
add_key_share (GPtrArray       *negotiation,
               HsvizConnection *connection,
               HsvizMessage    *client_hello)
{
  HsvizMessage *server_hello = hsviz_connection_get_server_hello (connection);
  HsvizMessage *first_hello = hsviz_connection_find_message (connection, HSVIZ_HS_CLIENT_HELLO,
                                                             HSVIZ_DIRECTION_CLIENT, FALSE);
  HsvizMessage *retry = find_hello_retry (connection);
  HsvizField *client_ext = hsviz_field_find_extension (hsviz_message_get_fields (client_hello), HSVIZ_EXT_KEY_SHARE);
  HsvizField *server_ext = server_hello != NULL
                           ? hsviz_field_find_extension (hsviz_message_get_fields (server_hello), HSVIZ_EXT_KEY_SHARE)
                           : NULL;
  HsvizField *entry = server_ext != NULL ? hsviz_field_find (server_ext, "key_share_entry") : NULL;
  HsvizNegotiated *item;

  if (client_ext == NULL && server_ext == NULL)
    return;
  item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_KEY_SHARE, _("Key shares"));
  add_numbers (item, client_hello, HSVIZ_EXT_KEY_SHARE, "key_share_entry", hsviz_group_name);
  if (entry != NULL && hsviz_field_get_number (entry) >= 0 && hsviz_field_get_number (entry) <= G_MAXUINT16)
    set_chosen (item, (guint16) hsviz_field_get_number (entry),
                hsviz_group_name ((guint16) hsviz_field_get_number (entry)));

  if (item->chosen == NULL && item->offered->len > 0 && server_hello != NULL)
    {
      if (hsviz_connection_get_version (connection) != HSVIZ_VERSION_TLS13)
        /* Translators: "… the server chose TLS 1.2, which has none." */
        item->note = g_strdup_printf (_("Key shares are TLS 1.3’s: the server chose %s, which has none."),
                                      hsviz_version_display_name (hsviz_connection_get_version (connection)));
      else if (hsviz_connection_get_key_exchange (connection) == HSVIZ_KX_PSK)
        item->note = g_strdup (_("The server resumed with the pre-shared key alone (psk_ke): it took no "
                                 "key share, so there is no (EC)DHE."));
    }
  if (retry != NULL && first_hello != NULL && first_hello != client_hello)
    {
      HsvizField *asked = hsviz_field_find (hsviz_message_get_fields (retry), "selected_group");
      HsvizNegotiated first = { .offered = g_ptr_array_new_with_free_func (offer_free) };
      g_autofree char *first_text = NULL;

      add_numbers (&first, first_hello, HSVIZ_EXT_KEY_SHARE, "key_share_entry", hsviz_group_name);
      first_text = hsviz_negotiated_dup_offered_text (&first);
      g_ptr_array_unref (first.offered);
      if (asked != NULL && hsviz_field_get_number (asked) >= 0 && hsviz_field_get_number (asked) <= G_MAXUINT16)
        /* Translators: "The first ClientHello offered x25519; the server's HelloRetryRequest asked for secp384r1." */
        item->note = g_strdup_printf (_("The first ClientHello offered %s; the server’s HelloRetryRequest asked for %s."),
                                      first_text != NULL ? first_text : _("no key share"),
                                      hsviz_group_name ((guint16) hsviz_field_get_number (asked)));
    }
}

static void
add_signature_scheme (GPtrArray       *negotiation,
                      HsvizConnection *connection,
                      HsvizMessage    *client_hello)
{
  HsvizNegotiated *item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_SIGNATURE_SCHEME, _("Signature algorithms"));
  guint16 scheme = hsviz_connection_get_signature_scheme (connection);

  add_numbers (item, client_hello, HSVIZ_EXT_SIGNATURE_ALGORITHMS, "signature_scheme", hsviz_signature_scheme_name);
  set_chosen (item, scheme, hsviz_signature_scheme_name (scheme));
}

static void
add_alpn (GPtrArray       *negotiation,
          HsvizConnection *connection)
{
  HsvizNegotiated *item = negotiated_new (negotiation, HSVIZ_NEGOTIATED_ALPN, _("Application protocol (ALPN)"));
  g_auto(GStrv) protocols = hsviz_connection_dup_alpn_offered (connection);

  for (guint i = 0; protocols[i] != NULL; i++)
    add_offer (item, protocols[i], -1, HSVIZ_OFFER_KNOWN);
  item->chosen = g_strdup (hsviz_connection_get_alpn (connection));
}

GPtrArray *
hsviz_connection_dup_negotiation (HsvizConnection *connection)
{
  GPtrArray *negotiation = g_ptr_array_new_with_free_func (negotiated_free);
  HsvizMessage *client_hello;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), negotiation);

  client_hello = hsviz_connection_get_client_hello (connection);
  if (client_hello == NULL)
    return negotiation;

  add_version (negotiation, connection, client_hello);
  add_cipher_suite (negotiation, connection);
  add_group (negotiation, connection, client_hello);
  add_key_share (negotiation, connection, client_hello);
  add_signature_scheme (negotiation, connection, client_hello);
  add_alpn (negotiation, connection);
  for (guint i = 0; i < negotiation->len; i++)
    mark_chosen (g_ptr_array_index (negotiation, i));
  return negotiation;
}

const HsvizNegotiated *
hsviz_negotiation_find (GPtrArray           *negotiation,
                        HsvizNegotiatedKind  kind)
{
  g_return_val_if_fail (negotiation != NULL, NULL);

  for (guint i = 0; i < negotiation->len; i++)
    {
      const HsvizNegotiated *item = g_ptr_array_index (negotiation, i);

      if (item->kind == kind)
        return item;
    }
  return NULL;
}

char *
hsviz_negotiated_dup_offered_text (const HsvizNegotiated *item)
{
  GString *text;

  g_return_val_if_fail (item != NULL, NULL);

  if (item->offered->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < item->offered->len; i++)
    {
      const HsvizOffer *offer = g_ptr_array_index (item->offered, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", offer->name);
    }
  return g_string_free (text, FALSE);
}
