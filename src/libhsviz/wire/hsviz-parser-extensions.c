/* hsviz-parser-extensions.c — the extension blocks of ClientHello, ServerHello,
 * HelloRetryRequest, EncryptedExtensions, CertificateRequest, Certificate entries and
 * NewSessionTicket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hsviz-parser-private.h"
#include "hsviz-tables.h"

static gboolean
parse_key_share_entry (Parser     *p,
                       HsvizField *parent,
                       Cursor     *c)
{
  g_autofree char *label = NULL;
  HsvizField *entry;
  gint64 group = -1;

  if (c->end - c->pos >= 2)
    group = _hsviz_parser_get_be (p, c->pos, 2);
  label = g_strconcat ("Key share: ", group >= 0 ? hsviz_group_name (group) : "?", NULL);
  entry = hsviz_field_add (parent, "key_share_entry", label, NULL, c->pos,
                           _hsviz_parser_item_span (p, c, 4, 2, 2, 0, 0), group);

  return _hsviz_parser_read_uint (p, entry, c, 2, "group", "Group", SHOW_GROUP, NULL) &&
         _hsviz_parser_read_opaque (p, entry, c, 2, "key_exchange", "Key exchange", FALSE) != NULL;
}

static gboolean
parse_extension_body (Parser     *p,
                      HsvizField *ext,
                      Cursor     *c,
                      guint16     type,
                      Where       where)
{
  Cursor inner;
  HsvizField *list;

  switch (type)
    {
    case 0: /* server_name */
      if (c->pos == c->end)
        return TRUE;   /* the server's empty acknowledgement */
      list = _hsviz_parser_open_vector (p, ext, c, 2, "server_name_list", "Server names", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        {
          HsvizField *entry;
          guint32 name_type;

          if (!_hsviz_parser_need (p, list, &inner, 1, "server_name"))
            return FALSE;
          name_type = p->data[inner.pos];
          entry = hsviz_field_add (list, "server_name", "Server name", NULL, inner.pos,
                                   _hsviz_parser_item_span (p, &inner, 3, 1, 2, 0, 0), name_type);
          _hsviz_parser_read_uint (p, entry, &inner, 1, "name_type", "Name type", SHOW_NAME_TYPE,
                                   NULL);
          if (_hsviz_parser_read_opaque (p, entry, &inner, 2, name_type == 0 ? "host_name" : "name",
                                         name_type == 0 ? "Host name" : "Name", TRUE) == NULL)
            return FALSE;
        }
      return TRUE;

    case 5: /* status_request */
      if (c->pos == c->end)
        return TRUE;
      if (!_hsviz_parser_read_uint (p, ext, c, 1, "status_type", "Status type", SHOW_STATUS_TYPE,
                                    NULL))
        return FALSE;
      if (where == WHERE_CERTIFICATE_ENTRY)
        return _hsviz_parser_read_opaque (p, ext, c, 3, "ocsp_response", "OCSP response",
                                          FALSE) != NULL;
      return _hsviz_parser_read_opaque (p, ext, c, 2, "responder_id_list", "Responder ids",
                                        FALSE) != NULL &&
             _hsviz_parser_read_opaque (p, ext, c, 2, "request_extensions", "Request extensions",
                                        FALSE) != NULL;

    case 10: /* supported_groups */
      return _hsviz_parser_read_uint_list (p, ext, c, 2, 2, "named_group_list", "Groups",
                                           "group", "Group", SHOW_GROUP);

    case 11: /* ec_point_formats */
      return _hsviz_parser_read_uint_list (p, ext, c, 1, 1, "ec_point_format_list", "Point formats",
                                           "ec_point_format", "Point format", SHOW_POINT_FORMAT);

    case 13: /* signature_algorithms */
    case 50: /* signature_algorithms_cert */
      return _hsviz_parser_read_uint_list (p, ext, c, 2, 2, "supported_signature_algorithms",
                                           "Signature schemes", "signature_scheme", "Signature scheme",
                                           SHOW_SIGSCHEME);

    case 16: /* application_layer_protocol_negotiation */
      list = _hsviz_parser_open_vector (p, ext, c, 2, "protocol_name_list", "Protocols", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (_hsviz_parser_read_opaque (p, list, &inner, 1, "protocol", "Protocol", TRUE) == NULL)
          return FALSE;
      return TRUE;

    case 21: /* padding */
      return _hsviz_parser_read_fixed (p, ext, c, c->end - c->pos, "padding", "Padding") != NULL;

    case 22: /* encrypt_then_mac */
    case 23: /* extended_master_secret */
    case 49: /* post_handshake_auth */
      return TRUE;   /* empty; trailing bytes are caught by the caller */

    case 28: /* record_size_limit */
      return _hsviz_parser_read_uint (p, ext, c, 2, "record_size_limit", "Record size limit",
                                      SHOW_DEC, NULL);

    case 35: /* session_ticket */
      return _hsviz_parser_read_fixed (p, ext, c, c->end - c->pos, "session_ticket",
                                       "Ticket") != NULL;

    case 41: /* pre_shared_key */
      if (where == WHERE_SERVER_HELLO)
        return _hsviz_parser_read_uint (p, ext, c, 2, "selected_identity", "Selected identity",
                                        SHOW_DEC, NULL);
      list = _hsviz_parser_open_vector (p, ext, c, 2, "identities", "Identities", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        {
          HsvizField *id = hsviz_field_add (list, "psk_identity", "PSK identity", NULL, inner.pos,
                                            _hsviz_parser_item_span (p, &inner, 6, 0, 2, 0,
                                                                     0), -1);

          if (_hsviz_parser_read_opaque (p, id, &inner, 2, "identity", "Identity", FALSE) == NULL ||
              !_hsviz_parser_read_uint (p, id, &inner, 4, "obfuscated_ticket_age",
                                        "Obfuscated ticket age",
                                        SHOW_DEC, NULL))
            return FALSE;
        }
      list = _hsviz_parser_open_vector (p, ext, c, 2, "binders", "Binders", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (_hsviz_parser_read_opaque (p, list, &inner, 1, "psk_binder", "Binder", FALSE) == NULL)
          return FALSE;
      return TRUE;

    case 42: /* early_data */
      if (where == WHERE_NEW_SESSION_TICKET)
        return _hsviz_parser_read_uint (p, ext, c, 4, "max_early_data_size", "Max early data size",
                                        SHOW_DEC, NULL);
      return TRUE;

    case 43: /* supported_versions */
      if (where == WHERE_SERVER_HELLO || where == WHERE_HRR)
        return _hsviz_parser_read_uint (p, ext, c, 2, "selected_version", "Selected version",
                                        SHOW_VERSION, NULL);
      return _hsviz_parser_read_uint_list (p, ext, c, 1, 2, "versions", "Versions",
                                           "version", "Version", SHOW_VERSION);

    case 44: /* cookie */
      return _hsviz_parser_read_opaque (p, ext, c, 2, "cookie", "Cookie", FALSE) != NULL;

    case 45: /* psk_key_exchange_modes */
      return _hsviz_parser_read_uint_list (p, ext, c, 1, 1, "ke_modes", "Modes",
                                           "psk_key_exchange_mode", "Mode", SHOW_PSK_MODE);

    case 47: /* certificate_authorities */
      return _hsviz_parser_read_certificate_authorities (p, ext, c, "Authorities");

    case 51: /* key_share */
      if (where == WHERE_HRR)
        return _hsviz_parser_read_uint (p, ext, c, 2, "selected_group", "Selected group",
                                        SHOW_GROUP, NULL);
      if (where == WHERE_SERVER_HELLO)
        return parse_key_share_entry (p, ext, c);
      list = _hsviz_parser_open_vector (p, ext, c, 2, "client_shares", "Client key shares", &inner);
      if (list == NULL)
        return FALSE;
      while (inner.pos < inner.end)
        if (!parse_key_share_entry (p, list, &inner))
          return FALSE;
      return TRUE;

    case 65281: /* renegotiation_info */
      return _hsviz_parser_read_opaque (p, ext, c, 1, "renegotiated_connection",
                                        "Renegotiated connection",
                                        FALSE) != NULL;

    default:
      return _hsviz_parser_read_fixed (p, ext, c, c->end - c->pos, "extension_data",
                                       "Data") != NULL;
    }
}

gboolean
_hsviz_parser_parse_extensions (Parser     *p,
                                HsvizField *parent,
                                Cursor     *c,
                                Where       where)
{
  HsvizField *list;
  Cursor inner;

  list = _hsviz_parser_open_vector (p, parent, c, 2, "extensions", "Extensions", &inner);
  if (list == NULL)
    return FALSE;

  while (inner.pos < inner.end)
    {
      g_autofree char *label = NULL;
      HsvizField *ext;
      Cursor body;
      guint16 type;
      gsize start = inner.pos;
      gsize ext_len;

      if (!_hsviz_parser_need (p, list, &inner, 4, "extension"))
        return FALSE;
      type = _hsviz_parser_get_be (p, inner.pos, 2);
      ext_len = _hsviz_parser_get_be (p, inner.pos + 2, 2);
      if (ext_len > inner.end - inner.pos - 4)
        return _hsviz_parser_fail (p, list, start, inner.end - start, hsviz_extension_name (type),
                                   "extension length %" G_GSIZE_FORMAT " runs past the end", ext_len);

      label = _hsviz_parser_label_count (hsviz_extension_name (type), type, "");
      ext = hsviz_field_add (list, "extension", label, NULL, start, 4 + ext_len, type);
      _hsviz_parser_read_uint (p, ext, &inner, 2, "extension_type", "Type", SHOW_DEC, NULL);
      _hsviz_parser_read_uint (p, ext, &inner, 2, "extension_length", "Length", SHOW_DEC, NULL);
      body.pos = inner.pos;
      body.end = inner.pos + ext_len;
      inner.pos = body.end;

      if (!parse_extension_body (p, ext, &body, type, where) ||
          !_hsviz_parser_expect_end (p, ext, &body, hsviz_extension_name (type)))
        return FALSE;
    }

  return TRUE;
}
