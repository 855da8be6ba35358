/* test-negotiation.c — what the client offered and the server chose, against tshark
 *
 * Real handshakes: the browsers' captures in data-browser/ (Chromium with GREASE and
 * X25519MLKEM768, Firefox with TLS 1.3 and 1.2, resumptions), imported; the samples (GnuTLS
 * against gnutls-serv and openssl s_server on 127.0.0.1: TLS 1.3, a HelloRetryRequest, TLS 1.2
 * ECDHE and RSA, a failed handshake) and tests/files (a Go server, a psk_ke resumption),
 * written as pcapng with their secrets.  Truth from outside our code: tshark's dissection of
 * the same ClientHello, ServerHello, EncryptedExtensions, ServerKeyExchange and
 * CertificateVerify, decrypted with the key log.  The hellos' session ids are checked here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"
#include "hsviz-util.h"

/* What tshark read of one TCP stream: its last ClientHello, its last ServerHello (not a
 * HelloRetryRequest), and the server's EncryptedExtensions, ServerKeyExchange, CertificateVerify. */
typedef struct
{
  JsonObject *client_hello;
  JsonObject *first_client_hello;
  JsonObject *server_hello;
  JsonObject *hello_retry;
  GPtrArray  *server_messages;   /* JsonObject, in order */
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_ptr_array_unref (stream->server_messages);
  g_free (stream);
}

/* Adds every string (or string in an array) under @key below @node to @out: with @ext_type -1
 * those outside any extension, else those inside the extensions of type @ext_type. */
static void
collect (JsonNode   *node,
         const char *key,
         gint        ext_type,
         GPtrArray  *out)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect (json_array_get_element (array, i), key, ext_type, out);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "tls.handshake.extension.type") && ext_type != -2)
        {
          if (ext_type < 0 ||
              atoi (json_object_get_string_member (object, "tls.handshake.extension.type")) != ext_type)
            return;
          ext_type = -2;   /* inside the one wanted: everything */
        }
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          /* -1: outside the extensions; -2: inside the one wanted */
          if (g_str_equal (l->data, key) && (ext_type == -1 || ext_type == -2))
            {
              if (JSON_NODE_HOLDS_VALUE (member))
                g_ptr_array_add (out, (gpointer) json_node_get_string (member));
              else if (JSON_NODE_HOLDS_ARRAY (member))
                for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
                  g_ptr_array_add (out, (gpointer) json_array_get_string_element (json_node_get_array (member), i));
            }
          else
            collect (member, key, ext_type, out);
        }
    }
}

/* The values under @key in extension @ext_type of @message (-1: outside the extensions). */
static GPtrArray *
values (JsonObject *message,
        const char *key,
        gint        ext_type)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;

  if (message == NULL)
    return out;
  node = json_node_init_object (json_node_alloc (), message);
  collect (node, key, ext_type, out);
  return out;
}

/* Every object that is one handshake message (has tls.handshake.type) below @node. */
static void
find_messages (JsonNode  *node,
               GPtrArray *out)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        find_messages (json_array_get_element (array, i), out);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      if (json_object_has_member (object, "tls.handshake.type") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "tls.handshake.type")))
        {
          g_ptr_array_add (out, object);
          return;
        }
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        find_messages (json_object_get_member (object, l->data), out);
    }
}

static const char *
member (JsonObject *object,
        const char *key)
{
  return object != NULL && json_object_has_member (object, key) ? json_object_get_string_member (object, key) : NULL;
}

/* The client random's hex, without tshark's colons. */
static char *
plain_hex (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p++)
    if (*p != ':')
      g_string_append_c (hex, g_ascii_tolower (*p));
  return g_string_free (hex, FALSE);
}

/* tshark on @pcap: the streams by their client random (hex), owned by *@by_stream_out. */
static GHashTable *
read_streams (const char  *pcap,
              const char  *keylog,
              JsonParser  *parser,
              GHashTable **by_stream_out)
{
  const char *extra[] = { "-T", "json", "-J", "tls tcp", "--no-duplicate-keys", NULL };
  g_autofree char *out = hsviz_test_tshark_read (pcap, keylog, "tls.handshake", extra);
  g_autoptr(GError) error = NULL;
  GHashTable *by_stream = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stream_free);
  GHashTable *by_random = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) server_port = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *frames;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  frames = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (frames); i++)
    {
      JsonObject *layers = json_object_get_object_member (json_object_get_object_member (
                             json_array_get_object_element (frames, i), "_source"), "layers");
      JsonObject *tcp = json_object_get_object_member (layers, "tcp");
      const char *id = member (tcp, "tcp.stream");
      const char *port = member (tcp, "tcp.srcport");
      g_autoptr(GPtrArray) messages = g_ptr_array_new ();
      Stream *stream = g_hash_table_lookup (by_stream, id);

      if (stream == NULL)
        {
          stream = g_new0 (Stream, 1);
          stream->server_messages = g_ptr_array_new ();
          g_hash_table_insert (by_stream, g_strdup (id), stream);
        }
      find_messages (json_object_get_member (layers, "tls"), messages);
      for (guint j = 0; j < messages->len; j++)
        {
          JsonObject *message = g_ptr_array_index (messages, j);
          int type = atoi (member (message, "tls.handshake.type"));

          if (type == 1)
            {
              stream->client_hello = message;
              if (stream->first_client_hello == NULL)
                stream->first_client_hello = message;
              g_hash_table_replace (by_random, plain_hex (member (message, "tls.handshake.random")), stream);
            }
          else if (type == 2)
            {
              g_autofree char *random = plain_hex (member (message, "tls.handshake.random"));
              /* RFC 8446 §4.1.3: SHA-256 of "HelloRetryRequest" */
              if (g_str_has_prefix (random, "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"))
                stream->hello_retry = message;
              else
                stream->server_hello = message;
              g_hash_table_insert (server_port, g_strdup (id), g_strdup (port));
            }
          else if (g_strcmp0 (g_hash_table_lookup (server_port, id), port) == 0)
            g_ptr_array_add (stream->server_messages, message);
        }
    }
  *by_stream_out = by_stream;
  return by_random;
}

static gint64
number (const char *text)
{
  return (gint64) g_ascii_strtoull (text, NULL, 0);
}

/* The offers of @item are @expected (tshark's numbers, hex or decimal), in order. */
static void
assert_offers (const HsvizNegotiated *item,
               GPtrArray             *expected)
{
  g_autofree char *ours = hsviz_negotiated_dup_offered_text (item);

  g_test_message ("%s: %s", item->title, ours ? ours : "(none)");
  g_assert_cmpuint (item->offered->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const HsvizOffer *offer = g_ptr_array_index (item->offered, i);

      g_assert_cmpint (offer->number, ==, number (g_ptr_array_index (expected, i)));
      g_assert_cmpint (offer->kind == HSVIZ_OFFER_GREASE, ==, hsviz_is_grease ((guint16) offer->number));
      /* GREASE and unknown values keep their number in their name */
      if (offer->kind == HSVIZ_OFFER_GREASE || offer->kind == HSVIZ_OFFER_UNKNOWN)
        {
          g_autofree char *hex = g_strdup_printf ("0x%04x", (guint) offer->number);

          g_assert_nonnull (strstr (offer->name, hex));
        }
    }
}

/* The chosen value of @item is the one number in @chosen (or none), and it is marked in the
 * offers when offered. */
static void
assert_chosen (const HsvizNegotiated *item,
               GPtrArray             *chosen)
{
  guint marked = 0;

  g_test_message ("%s chosen: %s", item->title, item->chosen ? item->chosen : "(none)");
  g_assert_cmpuint (chosen->len, <=, 1);
  if (chosen->len == 0)
    {
      g_assert_cmpint (item->chosen_number, ==, -1);
      return;
    }
  g_assert_cmpint (item->chosen_number, ==, number (g_ptr_array_index (chosen, 0)));
  g_assert_nonnull (item->chosen);
  for (guint i = 0; i < item->offered->len; i++)
    {
      const HsvizOffer *offer = g_ptr_array_index (item->offered, i);

      marked += offer->chosen;
      if (offer->chosen)
        g_assert_cmpint (offer->number, ==, item->chosen_number);
    }
  g_assert_cmpuint (marked, <=, 1);
}

static void
check_connection (HsvizConnection *connection,
                  Stream          *stream)
{
  g_autoptr(GPtrArray) negotiation = hsviz_connection_dup_negotiation (connection);
  JsonObject *ch = stream->client_hello;
  JsonObject *sh = stream->server_hello;
  const HsvizNegotiated *item;
  g_autoptr(GPtrArray) sig_chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) alpn_chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) curve = g_ptr_array_new ();

  g_assert_nonnull (ch);
  for (guint i = 0; i < stream->server_messages->len; i++)
    {
      JsonObject *m = g_ptr_array_index (stream->server_messages, i);
      int type = atoi (member (m, "tls.handshake.type"));

      if (type == 15 || type == 12)
        {
          g_autoptr(GPtrArray) v = values (m, "tls.handshake.sig_hash_alg", -1);

          g_ptr_array_extend (sig_chosen, v, NULL, NULL);
        }
      if (type == 12)
        {
          g_autoptr(GPtrArray) v = values (m, "tls.handshake.server_named_curve", -1);

          g_ptr_array_extend (curve, v, NULL, NULL);
        }
      if (type == 8)
        {
          g_autoptr(GPtrArray) v = values (m, "tls.handshake.extensions_alpn_str", 16);

          g_ptr_array_extend (alpn_chosen, v, NULL, NULL);
        }
    }

  /* the hellos' session ids (not a negotiated item, but read from the same hellos) */
  for (HsvizDirection side = HSVIZ_DIRECTION_CLIENT; side <= HSVIZ_DIRECTION_SERVER; side++)
    {
      JsonObject *hello = side == HSVIZ_DIRECTION_CLIENT ? ch : sh;
      g_autofree char *ours = hsviz_connection_dup_session_id_hex (connection, side);
      g_autofree char *theirs = plain_hex (member (hello, "tls.handshake.session_id"));

      if (hello == NULL)
        g_assert_null (ours);
      else
        g_assert_cmpstr (ours, ==, theirs);
    }

  /* version */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_VERSION);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.extensions.supported_version", 43);
    g_autoptr(GPtrArray) chosen = values (sh, "tls.handshake.extensions.supported_version", 43);

    if (offered->len == 0)
      g_ptr_array_add (offered, (gpointer) member (ch, "tls.handshake.version"));
    if (chosen->len == 0 && sh != NULL)
      g_ptr_array_add (chosen, (gpointer) member (sh, "tls.handshake.version"));
    assert_offers (item, offered);
    assert_chosen (item, chosen);
  }
  /* cipher suite */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_CIPHER_SUITE);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.ciphersuite", -1);
    g_autoptr(GPtrArray) chosen = values (sh, "tls.handshake.ciphersuite", -1);

    assert_offers (item, offered);
    assert_chosen (item, chosen);
  }
  /* group: the ServerHello's key share (TLS 1.3) or the ServerKeyExchange's curve (TLS 1.2) */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_GROUP);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.extensions_supported_group", 10);
    g_autoptr(GPtrArray) share = values (sh, "tls.handshake.extensions_key_share_group", 51);

    assert_offers (item, offered);
    if (hsviz_connection_get_key_exchange (connection) != HSVIZ_KX_DHE)
      assert_chosen (item, share->len > 0 ? share : curve);
  }
  /* key shares */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_KEY_SHARE);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.extensions_key_share_group", 51);
    g_autoptr(GPtrArray) chosen = values (sh, "tls.handshake.extensions_key_share_group", 51);

    if (offered->len == 0 && chosen->len == 0)
      g_assert_null (item);
    else
      {
        g_assert_nonnull (item);
        assert_offers (item, offered);
        assert_chosen (item, chosen);
      }
    if (stream->hello_retry != NULL)
      {
        g_autoptr(GPtrArray) asked = values (stream->hello_retry, "tls.handshake.extensions_key_share_selected_group", 51);
        g_autoptr(GPtrArray) first = values (stream->first_client_hello, "tls.handshake.extensions_key_share_group", 51);

        g_assert_cmpuint (asked->len, ==, 1);
        g_assert_nonnull (item->note);
        g_test_message ("%s", item->note);
        g_assert_nonnull (strstr (item->note, hsviz_group_name ((guint16) number (g_ptr_array_index (asked, 0)))));
        for (guint i = 0; i < first->len; i++)
          g_assert_nonnull (strstr (item->note, hsviz_group_name ((guint16) number (g_ptr_array_index (first, i)))));
      }
    else if (item != NULL && item->chosen == NULL && offered->len > 0 && sh != NULL)
      {
        /* TLS 1.2 chosen, or a psk_ke resumption: the offered shares go unanswered, and the
         * note says why */
        g_assert_nonnull (item->note);
        g_test_message ("%s", item->note);
        if (hsviz_connection_get_version (connection) == HSVIZ_VERSION_TLS13)
          {
            g_assert_cmpint (hsviz_connection_get_key_exchange (connection), ==, HSVIZ_KX_PSK);
            g_assert_nonnull (strstr (item->note, "psk_ke"));
          }
        else
          g_assert_nonnull (strstr (item->note, hsviz_version_display_name (hsviz_connection_get_version (connection))));
      }
    else if (item != NULL)
      g_assert_null (item->note);
  }
  /* signature scheme: the server's CertificateVerify (TLS 1.3) or ServerKeyExchange (TLS 1.2) */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_SIGNATURE_SCHEME);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.sig_hash_alg", 13);

    assert_offers (item, offered);
    assert_chosen (item, sig_chosen);
  }
  /* ALPN: the ServerHello's (TLS 1.2) or the EncryptedExtensions' (TLS 1.3) */
  item = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_ALPN);
  {
    g_autoptr(GPtrArray) offered = values (ch, "tls.handshake.extensions_alpn_str", 16);
    g_autoptr(GPtrArray) chosen = values (sh, "tls.handshake.extensions_alpn_str", 16);

    g_ptr_array_extend (chosen, alpn_chosen, NULL, NULL);
    g_assert_cmpuint (item->offered->len, ==, offered->len);
    for (guint i = 0; i < offered->len; i++)
      {
        const HsvizOffer *offer = g_ptr_array_index (item->offered, i);

        g_assert_cmpstr (offer->name, ==, g_ptr_array_index (offered, i));
        g_assert_cmpint (offer->number, ==, -1);
        g_assert_cmpint (offer->chosen, ==, chosen->len == 1 && g_str_equal (offer->name, g_ptr_array_index (chosen, 0)));
      }
    g_assert_cmpuint (chosen->len, <=, 1);
    g_assert_cmpstr (item->chosen, ==, chosen->len == 1 ? g_ptr_array_index (chosen, 0) : NULL);
  }
}

/* Each connection of @session against the stream of tshark's reading of @pcap with its
 * client random; returns how many were checked. */
static guint
check_session (HsvizSession *session,
               const char   *pcap,
               const char   *keylog)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) by_stream = NULL;
  g_autoptr(GHashTable) streams = read_streams (pcap, keylog, parser, &by_stream);
  guint n = hsviz_session_get_n_connections (session);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      HsvizConnection *connection = hsviz_session_get_connection (session, i);
      g_autofree char *random = hsviz_hex_encode (hsviz_connection_get_client_random (connection), 32);
      Stream *stream = g_hash_table_lookup (streams, random);

      g_test_message ("connection %u: %s", i + 1, random);
      g_assert_nonnull (stream);
      check_connection (connection, stream);
    }
  return n;
}

/* A browser's capture, imported with its key log. */
static void
test_browser (gconstpointer data)
{
  const char *name = data;
  g_autofree char *pcap_name = g_strconcat (name, ".pcap", NULL);
  g_autofree char *keys_name = g_strconcat (name, ".keys", NULL);
  g_autofree char *pcap = g_test_build_filename (G_TEST_DIST, "data-browser", pcap_name, NULL);
  g_autofree char *keys = g_test_build_filename (G_TEST_DIST, "data-browser", keys_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) result = hsviz_import_file (pcap, keys, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (check_session (hsviz_import_result_get_session (result), pcap, keys), ==, 5);
}

/* A session file (path from the source tree), written as pcapng with its secrets. */
static void
test_file (gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", data, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizSession) session = hsviz_session_load (file, NULL, &error);
  g_autofree char *dir = g_dir_make_tmp ("hsviz-negotiation-XXXXXX", NULL);
  g_autofree char *pcap = g_build_filename (dir, "capture.pcapng", NULL);
  g_autoptr(GBytes) bytes = NULL;
  gboolean with_secrets = FALSE;

  g_assert_no_error (error);
  bytes = hsviz_pcapng_export_bytes (session, &with_secrets, &error);
  g_assert_no_error (error);
  g_file_set_contents (pcap, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  check_session (session, pcap, NULL);
  hsviz_test_remove_dir (dir);
}

/* No ClientHello yet: nothing negotiated. */
static void
test_empty (void)
{
  g_autoptr(HsvizConnection) connection = hsviz_connection_new ();
  g_autoptr(GPtrArray) negotiation = hsviz_connection_dup_negotiation (connection);

  g_assert_cmpuint (negotiation->len, ==, 0);
  g_assert_null (hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_ALPN));
}

int
main (int   argc,
      char *argv[])
{
  static const char *files[] = {
    "data/samples/tls13-demo.handshake", "data/samples/tls13-hello-retry.handshake",
    "data/samples/tls12-ecdhe.handshake", "data/samples/tls12-rsa.handshake",
    "data/samples/tls12-rsa-classic.handshake", "data/samples/failed-alert.handshake",
    "tests/files/go-ticket-before-finished.handshake", "tests/files/psk-ke-resumption.handshake",
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/negotiation/empty", test_empty);
  g_test_add_data_func ("/handshakeviz/negotiation/chromium", "chromium", test_browser);
  g_test_add_data_func ("/handshakeviz/negotiation/firefox", "firefox", test_browser);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *base = g_path_get_basename (files[i]);
      g_autofree char *name = g_strdup_printf ("/handshakeviz/negotiation/%.*s",
                                               (int) (strlen (base) - strlen (".handshake")), base);

      g_test_add_data_func (name, files[i], test_file);
    }
  return g_test_run ();
}
