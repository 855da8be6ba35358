/* hsviz-parser.c — the handshake-message field parser (pure, bounds-checked, no I/O)
 *
 * The bounds-checked reads live in hsviz-parser-reader.c, the extensions in
 * hsviz-parser-extensions.c: no input can make the parser read past @len.  On the first
 * malformed field the parser appends a field of key "error" where it stopped, sets
 * HSVIZ_ERROR_BAD_MESSAGE and returns the tree built so far.
 *
 * Keys produced besides those documented in hsviz-parser.h:
 *  "header" (the 4-byte header: "msg_type", "msg_length"), "body" (unparsed body of an
 *  unknown message type), "extension_type", "extension_length", "extension_data" (raw bytes
 *  of an extension we do not parse), "server_name_list" / "server_name" (entries, number =
 *  name_type), "named_group_list", "supported_signature_algorithms", "versions",
 *  "ec_point_format_list" / "ec_point_format", "protocol_name_list", "client_shares",
 *  "ke_modes" / "psk_key_exchange_mode", "renegotiated_connection", "record_size_limit",
 *  "session_ticket" (ticket bytes inside the extension), "cookie", "padding",
 *  "status_type" / "responder_id_list" / "request_extensions" (status_request),
 *  "identities" / "psk_identity" / "identity" / "obfuscated_ticket_age" / "binders" /
 *  "psk_binder" / "selected_identity" (pre_shared_key), "max_early_data_size",
 *  "certificate_authorities" / "distinguished_name", "certificate_request_context",
 *  "certificate_types" / "certificate_type", "ticket_age_add", "ticket_nonce",
 *  "request_update", "psk_identity_hint", "srp_N", "srp_g", "srp_s", "srp_B", "srp_A",
 *  "exchange_keys" (ClientKeyExchange of an unknown key exchange), "error".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz-parser-private.h"
#include "hsviz-tables.h"

const guint8 hsviz_hello_retry_request_random[32] = {
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

static gboolean
parse_hello (Parser     *p,
             HsvizField *root,
             Cursor     *c)
{
  gboolean client = p->type == HSVIZ_HS_CLIENT_HELLO;

  if (!_hsviz_parser_read_uint (p, root, c, 2, "legacy_version", "Version", SHOW_VERSION, NULL) ||
      _hsviz_parser_read_fixed (p, root, c, 32, "random", "Random") == NULL ||
      _hsviz_parser_read_opaque (p, root, c, 1, "session_id", "Session id", FALSE) == NULL)
    return FALSE;

  if (client)
    {
      if (!_hsviz_parser_read_uint_list (p, root, c, 2, 2, "cipher_suites", "Cipher suites",
                                         "cipher_suite", "Cipher suite", SHOW_SUITE) ||
          !_hsviz_parser_read_uint_list (p, root, c, 1, 1, "compression_methods",
                                         "Compression methods",
                                         "compression_method", "Compression method", SHOW_COMPRESSION))
        return FALSE;
    }
  else
    {
      if (!_hsviz_parser_read_uint (p, root, c, 2, "cipher_suite", "Cipher suite", SHOW_SUITE,
                                    NULL) ||
          !_hsviz_parser_read_uint (p, root, c, 1, "compression_method", "Compression method",
                                    SHOW_COMPRESSION, NULL))
        return FALSE;
    }

  if (c->pos == c->end)
    return TRUE;   /* extensions are optional before TLS 1.3 */

  if (client)
    return _hsviz_parser_parse_extensions (p, root, c, WHERE_CLIENT_HELLO);

  return _hsviz_parser_parse_extensions (p, root, c, p->hrr ? WHERE_HRR : WHERE_SERVER_HELLO);
}

static gboolean
parse_certificate (Parser     *p,
                   HsvizField *root,
                   Cursor     *c)
{
  gboolean tls13 = p->ctx->version == HSVIZ_VERSION_TLS13;
  HsvizField *list;
  Cursor inner;
  guint n = 0;

  if (tls13 && _hsviz_parser_read_opaque (p, root, c, 1, "certificate_request_context",
                                          "Request context", FALSE) == NULL)
    return FALSE;

  list = _hsviz_parser_open_vector (p, root, c, 3, "certificate_list", "Certificates", &inner);
  if (list == NULL)
    return FALSE;

  while (inner.pos < inner.end)
    {
      g_autofree char *label = g_strdup_printf ("Certificate %u", ++n);
      HsvizField *entry;
      gsize span;

      /* TLS 1.3 entries: cert_data<3> + extensions<2>; TLS 1.2: cert_data<3> */
      if (tls13)
        span = _hsviz_parser_item_span (p, &inner, 5, 0, 3, 3, 2);
      else
        span = _hsviz_parser_item_span (p, &inner, 3, 0, 3, 0, 0);
      entry = hsviz_field_add (list, "certificate_entry", label, NULL, inner.pos, span, n - 1);

      if (_hsviz_parser_read_opaque (p, entry, &inner, 3, "cert_data", "Certificate (DER)",
                                     FALSE) == NULL)
        return FALSE;
      if (tls13 && !_hsviz_parser_parse_extensions (p, entry, &inner, WHERE_CERTIFICATE_ENTRY))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_signature (Parser     *p,
                HsvizField *root,
                Cursor     *c)
{
  /* TLS 1.0/1.1 signatures have no scheme; an unknown version is taken as TLS 1.2 */
  if ((p->ctx->version == 0 || p->ctx->version >= HSVIZ_VERSION_TLS12) &&
      !_hsviz_parser_read_uint (p, root, c, 2, "signature_scheme", "Signature scheme",
                                SHOW_SIGSCHEME, NULL))
    return FALSE;

  return _hsviz_parser_read_opaque (p, root, c, 2, "signature", "Signature", FALSE) != NULL;
}

static const HsvizCipherSuite *
current_suite (Parser *p)
{
  return hsviz_cipher_suite_lookup (p->ctx->cipher_suite);
}

/* TLS 1.2 DHE names no group: the prime is sent whole.  Name it when it is an RFC 7919 one. */
static void
add_dh_group (Parser     *p,
              HsvizField *dh_p)
{
  const guint8 *prime = p->data + hsviz_field_get_offset (dh_p) + 2;
  gsize len = hsviz_field_get_length (dh_p) - 2;
  guint16 group = hsviz_ffdhe_group_for_prime (prime, len);
  g_autofree char *value = NULL;

  if (group != 0)
    value = g_strdup_printf ("%s (RFC 7919)", hsviz_group_name (group));
  else
    value = g_strdup_printf ("custom %u-bit group", hsviz_bignum_bits (prime, len));
  hsviz_field_add (dh_p, "dh_group", "Group", value, hsviz_field_get_offset (dh_p),
                   hsviz_field_get_length (dh_p), group);
}

static gboolean
parse_server_key_exchange (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  const HsvizCipherSuite *suite = current_suite (p);
  HsvizKeyExchange kx = suite != NULL ? suite->kx : HSVIZ_KX_UNKNOWN;
  gboolean signed_params = suite == NULL || (g_strcmp0 (suite->auth, "anon") != 0 &&
                                             g_strcmp0 (suite->auth, "PSK") != 0 &&
                                             g_strcmp0 (suite->auth, "SRP") != 0);
  guint32 curve_type;
  HsvizField *dh_p;

  if (kx == HSVIZ_KX_UNKNOWN && c->pos < c->end)
    kx = p->data[c->pos] == 3 ? HSVIZ_KX_ECDHE : HSVIZ_KX_DHE;   /* a guess by the first byte */

  if (kx == HSVIZ_KX_PSK || kx == HSVIZ_KX_DHE_PSK || kx == HSVIZ_KX_ECDHE_PSK ||
      kx == HSVIZ_KX_RSA_PSK)
    {
      if (_hsviz_parser_read_opaque (p, root, c, 2, "psk_identity_hint", "PSK identity hint",
                                     FALSE) == NULL)
        return FALSE;
    }

  switch (kx)
    {
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_ECDHE_PSK:
      if (!_hsviz_parser_read_uint (p, root, c, 1, "curve_type", "Curve type", SHOW_CURVE_TYPE,
                                    &curve_type))
        return FALSE;
      if (curve_type != 3)
        return _hsviz_parser_fail (p, root, c->pos - 1, 1, "curve_type",
                                   "only named curves are supported");
      if (!_hsviz_parser_read_uint (p, root, c, 2, "named_curve", "Named curve", SHOW_GROUP,
                                    NULL) ||
          _hsviz_parser_read_opaque (p, root, c, 1, "public_key", "Public key", FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_DHE:
    case HSVIZ_KX_DHE_PSK:
      if ((dh_p = _hsviz_parser_read_opaque (p, root, c, 2, "dh_p", "DH prime p", FALSE)) == NULL)
        return FALSE;
      add_dh_group (p, dh_p);
      if (_hsviz_parser_read_opaque (p, root, c, 2, "dh_g", "DH generator g", FALSE) == NULL ||
          _hsviz_parser_read_opaque (p, root, c, 2, "dh_Ys", "Server DH public value Ys",
                                     FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_SRP:
      if (_hsviz_parser_read_opaque (p, root, c, 2, "srp_N", "SRP N", FALSE) == NULL ||
          _hsviz_parser_read_opaque (p, root, c, 2, "srp_g", "SRP g", FALSE) == NULL ||
          _hsviz_parser_read_opaque (p, root, c, 1, "srp_s", "SRP salt", FALSE) == NULL ||
          _hsviz_parser_read_opaque (p, root, c, 2, "srp_B", "SRP B", FALSE) == NULL)
        return FALSE;
      break;

    case HSVIZ_KX_PSK:
    case HSVIZ_KX_RSA_PSK:
      return TRUE;

    case HSVIZ_KX_RSA:
    case HSVIZ_KX_TLS13:
    case HSVIZ_KX_UNKNOWN:
    default:
      return _hsviz_parser_fail (p, root, c->pos, c->end - c->pos, "ServerKeyExchange",
                                 "not expected with key exchange %s", hsviz_key_exchange_name (kx));
    }

  if (!signed_params)
    return TRUE;

  return read_signature (p, root, c);
}

static gboolean
parse_client_key_exchange (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  const HsvizCipherSuite *suite = current_suite (p);
  HsvizKeyExchange kx = suite != NULL ? suite->kx : HSVIZ_KX_UNKNOWN;

  if (kx == HSVIZ_KX_PSK || kx == HSVIZ_KX_DHE_PSK || kx == HSVIZ_KX_ECDHE_PSK ||
      kx == HSVIZ_KX_RSA_PSK)
    {
      if (_hsviz_parser_read_opaque (p, root, c, 2, "psk_identity", "PSK identity", TRUE) == NULL)
        return FALSE;
    }

  switch (kx)
    {
    case HSVIZ_KX_RSA:
    case HSVIZ_KX_RSA_PSK:
      return _hsviz_parser_read_opaque (p, root, c, 2, "encrypted_pre_master_secret",
                                        "Encrypted pre-master secret", FALSE) != NULL;
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_ECDHE_PSK:
      return _hsviz_parser_read_opaque (p, root, c, 1, "public_key", "Client ECDH public key",
                                        FALSE) != NULL;
    case HSVIZ_KX_DHE:
    case HSVIZ_KX_DHE_PSK:
      return _hsviz_parser_read_opaque (p, root, c, 2, "public_key", "Client DH public value Yc",
                                        FALSE) != NULL;
    case HSVIZ_KX_SRP:
      return _hsviz_parser_read_opaque (p, root, c, 2, "srp_A", "SRP A", FALSE) != NULL;
    case HSVIZ_KX_PSK:
      return TRUE;
    default:
      return _hsviz_parser_read_fixed (p, root, c, c->end - c->pos, "exchange_keys",
                                       "Exchange keys") != NULL;
    }
}

/* certificate_authorities: DistinguishedName authorities<3..2^16-1>, each opaque<1..2^16-1>
 * (DER), in a TLS 1.2 CertificateRequest and in the TLS 1.3 extension of that name. */
gboolean
_hsviz_parser_read_certificate_authorities (Parser     *p,
                                            HsvizField *parent,
                                            Cursor     *c,
                                            const char *label)
{
  HsvizField *list;
  Cursor inner;

  list = _hsviz_parser_open_vector (p, parent, c, 2, "certificate_authorities", label, &inner);
  if (list == NULL)
    return FALSE;
  while (inner.pos < inner.end)
    if (_hsviz_parser_read_opaque (p, list, &inner, 2, "distinguished_name", "Name (DER)",
                                   FALSE) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
parse_certificate_request (Parser     *p,
                           HsvizField *root,
                           Cursor     *c)
{
  if (p->ctx->version == HSVIZ_VERSION_TLS13)
    return _hsviz_parser_read_opaque (p, root, c, 1, "certificate_request_context",
                                      "Request context",
                                      FALSE) != NULL &&
           _hsviz_parser_parse_extensions (p, root, c, WHERE_CERTIFICATE_REQUEST);

  if (!_hsviz_parser_read_uint_list (p, root, c, 1, 1, "certificate_types", "Certificate types",
                                     "certificate_type", "Certificate type", SHOW_CERT_TYPE))
    return FALSE;
  if ((p->ctx->version == 0 || p->ctx->version >= HSVIZ_VERSION_TLS12) &&
      !_hsviz_parser_read_uint_list (p, root, c, 2, 2, "supported_signature_algorithms",
                                     "Signature schemes",
                                     "signature_scheme", "Signature scheme", SHOW_SIGSCHEME))
    return FALSE;

  return _hsviz_parser_read_certificate_authorities (p, root, c, "Certificate authorities");
}

static gboolean
parse_new_session_ticket (Parser     *p,
                          HsvizField *root,
                          Cursor     *c)
{
  if (p->ctx->version != HSVIZ_VERSION_TLS13)
    return _hsviz_parser_read_uint (p, root, c, 4, "ticket_lifetime", "Ticket lifetime hint (s)",
                                    SHOW_DEC, NULL) &&
           _hsviz_parser_read_opaque (p, root, c, 2, "ticket", "Ticket", FALSE) != NULL;

  return _hsviz_parser_read_uint (p, root, c, 4, "ticket_lifetime", "Ticket lifetime (s)", SHOW_DEC,
                                  NULL) &&
         _hsviz_parser_read_uint (p, root, c, 4, "ticket_age_add", "Ticket age add", SHOW_DEC,
                                  NULL) &&
         _hsviz_parser_read_opaque (p, root, c, 1, "ticket_nonce", "Ticket nonce", FALSE) != NULL &&
         _hsviz_parser_read_opaque (p, root, c, 2, "ticket", "Ticket", FALSE) != NULL &&
         _hsviz_parser_parse_extensions (p, root, c, WHERE_NEW_SESSION_TICKET);
}

static gboolean
parse_body (Parser     *p,
            HsvizField *root,
            Cursor     *c)
{
  switch (p->type)
    {
    case HSVIZ_HS_CLIENT_HELLO:
    case HSVIZ_HS_SERVER_HELLO:
      return parse_hello (p, root, c);
    case HSVIZ_HS_CERTIFICATE:
      return parse_certificate (p, root, c);
    case HSVIZ_HS_CERTIFICATE_STATUS:
      return _hsviz_parser_read_uint (p, root, c, 1, "status_type", "Status type", SHOW_STATUS_TYPE,
                                      NULL) &&
             _hsviz_parser_read_opaque (p, root, c, 3, "ocsp_response", "OCSP response",
                                        FALSE) != NULL;
    case HSVIZ_HS_SERVER_KEY_EXCHANGE:
      return parse_server_key_exchange (p, root, c);
    case HSVIZ_HS_CERTIFICATE_REQUEST:
      return parse_certificate_request (p, root, c);
    case HSVIZ_HS_HELLO_REQUEST:
    case HSVIZ_HS_SERVER_HELLO_DONE:
    case HSVIZ_HS_END_OF_EARLY_DATA:
      return TRUE;
    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
      return parse_client_key_exchange (p, root, c);
    case HSVIZ_HS_CERTIFICATE_VERIFY:
      return read_signature (p, root, c);
    case HSVIZ_HS_ENCRYPTED_EXTENSIONS:
      return _hsviz_parser_parse_extensions (p, root, c, WHERE_ENCRYPTED_EXTENSIONS);
    case HSVIZ_HS_NEW_SESSION_TICKET:
      return parse_new_session_ticket (p, root, c);
    case HSVIZ_HS_FINISHED:
      if (c->pos == c->end)
        return _hsviz_parser_fail (p, root, c->pos, 0, "verify_data", "is empty");
      return _hsviz_parser_read_fixed (p, root, c, c->end - c->pos, "verify_data",
                                       "Verify data") != NULL;
    case HSVIZ_HS_KEY_UPDATE:
      return _hsviz_parser_read_uint (p, root, c, 1, "request_update", "Request update",
                                      SHOW_KEY_UPDATE, NULL);
    default:
      return _hsviz_parser_read_fixed (p, root, c, c->end - c->pos, "body", "Body") != NULL;
    }
}

/* The message types whose parse_body() path reads p->ctx. */
gboolean
hsviz_parse_needs_context (guint8 type)
{
  switch (type)
    {
    case HSVIZ_HS_CERTIFICATE:
    case HSVIZ_HS_SERVER_KEY_EXCHANGE:
    case HSVIZ_HS_CERTIFICATE_REQUEST:
    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
    case HSVIZ_HS_CERTIFICATE_VERIFY:
    case HSVIZ_HS_NEW_SESSION_TICKET:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * hsviz_parse_handshake_message:
 * @data: (array length=len): a whole handshake message, 4-byte header included
 * @len: its length
 * @context: what the message cannot tell by itself
 * @error: set to HSVIZ_ERROR_BAD_MESSAGE when the bytes are malformed
 *
 * Returns: (transfer full): the root field; never %NULL, partial when @error is set
 */
HsvizField *
hsviz_parse_handshake_message (const guint8             *data,
                               gsize                     len,
                               const HsvizParseContext  *context,
                               GError                  **error)
{
  static const HsvizParseContext no_context = { 0, HSVIZ_DIRECTION_CLIENT, 0 };
  Parser p = { 0, };
  g_autoptr(HsvizField) root = NULL;
  HsvizField *header;
  Cursor c;
  gsize declared;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  p.data = data;
  p.len = len;
  p.ctx = context != NULL ? context : &no_context;
  p.type = len > 0 ? data[0] : 0;
  p.hrr = hsviz_message_is_hello_retry_request (data, len);
  p.msg_name = len > 0 ? hsviz_handshake_type_name (p.type, p.hrr) : "handshake message";

  root = hsviz_field_new ("message", p.msg_name, NULL, 0, len, len > 0 ? p.type : -1);

  c.pos = 0;
  c.end = len;
  if (len < 4)
    {
      _hsviz_parser_fail (&p, root, 0, len, "header",
                          "a handshake header is 4 bytes, only %" G_GSIZE_FORMAT
                          " present", len);
      goto out;
    }

  header = hsviz_field_add (root, "header", "Header", NULL, 0, 4, -1);
  _hsviz_parser_read_uint (&p, header, &c, 1, "msg_type", "Message type", SHOW_HS_TYPE, NULL);
  _hsviz_parser_read_uint (&p, header, &c, 3, "msg_length", "Length", SHOW_DEC, NULL);
  declared = _hsviz_parser_get_be (&p, 1, 3);

  if (declared != len - 4)
    _hsviz_parser_fail (&p, root, 1, 3, "msg_length", "the header says %" G_GSIZE_FORMAT
                        " bytes, %" G_GSIZE_FORMAT " are present", declared, len - 4);

  /* parse what is really there, within what the header declares */
  c.end = 4 + MIN (declared, len - 4);
  if (parse_body (&p, root, &c))
    _hsviz_parser_expect_end (&p, root, &c, p.msg_name);

out:
  if (p.error != NULL)
    g_propagate_error (error, p.error);

  return g_steal_pointer (&root);
}

/**
 * hsviz_message_is_hello_retry_request:
 * @data: (array length=len): a whole handshake message with its header
 * @len: its length
 *
 * Returns: %TRUE if @data is a ServerHello carrying the HelloRetryRequest magic random
 */
gboolean
hsviz_message_is_hello_retry_request (const guint8 *data,
                                      gsize         len)
{
  if (data == NULL || len < 4 + 2 + 32 || data[0] != HSVIZ_HS_SERVER_HELLO)
    return FALSE;

  return memcmp (data + 6, hsviz_hello_retry_request_random, 32) == 0;
}

/**
 * hsviz_field_peek_bytes:
 * @field: a field parsed from @message
 * @message: the whole message
 * @len: (out): the number of bytes the field covers
 *
 * Returns: (transfer none) (nullable): the bytes @field covers inside @message, or %NULL
 *   if the field does not fit in @message
 */
const guint8 *
hsviz_field_peek_bytes (HsvizField *field,
                        GBytes     *message,
                        gsize      *len)
{
  const guint8 *data;
  gsize size;
  gsize offset;
  gsize length;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  *len = 0;
  data = g_bytes_get_data (message, &size);
  offset = hsviz_field_get_offset (field);
  length = hsviz_field_get_length (field);
  if (offset > size || length > size - offset)
    return NULL;

  *len = length;
  return data + offset;
}
