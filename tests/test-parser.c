/* test-parser.c — the handshake-message parser against real bytes
 *
 * Truth comes from outside our code: the RFC 8448 trace (its values are written out below as
 * the RFC prints them), and handshakes captured from openssl s_server / s_client on 127.0.0.1
 * together with the certificate and OCSP files served and what s_client reported
 * (tests/files/vectors/README).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz.h"

typedef struct
{
  HsvizDirection direction;
  char          *name;
  GBytes        *bytes;
  HsvizField    *root;
  HsvizParseContext context;
} Message;

static void
message_free (gpointer data)
{
  Message *m = data;

  g_free (m->name);
  g_bytes_unref (m->bytes);
  g_clear_pointer (&m->root, hsviz_field_unref);
  g_free (m);
}

static GBytes *
load_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "vectors", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static GBytes *
bytes_from_hex (const char *hex)
{
  gsize n = strlen (hex) / 2;
  guint8 *buf = g_malloc (n);

  g_assert_cmpuint (strlen (hex) % 2, ==, 0);
  for (gsize i = 0; i < n; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_true (hi >= 0 && lo >= 0);
      buf[i] = (guint8)(hi << 4 | lo);
    }

  return g_bytes_new_take (buf, n);
}

/* Structural checks that hold for every tree: every field lies inside its parent and inside
 * the message, children are in order and do not overlap. */
static void
check_tree (HsvizField *field,
            gsize       message_len)
{
  gsize start = hsviz_field_get_offset (field);
  gsize end = start + hsviz_field_get_length (field);
  gsize last_end = start;

  g_assert_cmpuint (end, <=, message_len);
  g_assert_nonnull (hsviz_field_get_key (field));
  g_assert_nonnull (hsviz_field_get_label (field));

  for (guint i = 0; i < hsviz_field_get_n_children (field); i++)
    {
      HsvizField *child = hsviz_field_get_child (field, i);

      if (g_strcmp0 (hsviz_field_get_key (child), "error") != 0)
        {
          g_assert_cmpuint (hsviz_field_get_offset (child), >=, last_end);
          g_assert_cmpuint (hsviz_field_get_offset (child) + hsviz_field_get_length (child), <=, end);
          last_end = hsviz_field_get_offset (child) + hsviz_field_get_length (child);
        }
      check_tree (child, message_len);
    }
}

/* Parses a vector file in wire order, keeping the version and suite the ServerHello chose. */
static GPtrArray *
load_handshake (const char *name)
{
  g_autoptr(GBytes) file = load_file (name);
  g_autofree char *text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *messages = g_ptr_array_new_with_free_func (message_free);
  HsvizParseContext context = { 0, HSVIZ_DIRECTION_CLIENT, 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autoptr(GError) error = NULL;
      Message *m;
      const char *expected;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      parts = g_strsplit (lines[i], " ", 3);
      g_assert_cmpuint (g_strv_length (parts), ==, 3);

      m = g_new0 (Message, 1);
      m->direction = g_str_equal (parts[0], "client") ? HSVIZ_DIRECTION_CLIENT
                                                      : HSVIZ_DIRECTION_SERVER;
      m->name = g_strdup (parts[1]);
      m->bytes = bytes_from_hex (parts[2]);
      context.direction = m->direction;
      m->context = context;
      m->root = hsviz_parse_handshake_message (g_bytes_get_data (m->bytes, NULL),
                                               g_bytes_get_size (m->bytes), &context, &error);
      g_assert_no_error (error);
      g_assert_nonnull (m->root);
      g_assert_null (hsviz_field_find (m->root, "error"));
      check_tree (m->root, g_bytes_get_size (m->bytes));

      /* openssl names a HelloRetryRequest "ServerHello" */
      expected = m->name;
      if (g_str_equal (expected, "ServerHello") &&
          hsviz_message_is_hello_retry_request (g_bytes_get_data (m->bytes, NULL),
                                                g_bytes_get_size (m->bytes)))
        expected = "HelloRetryRequest";
      g_assert_cmpstr (hsviz_field_get_label (m->root), ==, expected);
      g_assert_cmpstr (hsviz_field_get_key (m->root), ==, "message");

      if (g_str_equal (expected, "ServerHello"))
        {
          HsvizField *sv = hsviz_field_find (m->root, "selected_version");
          HsvizField *lv = hsviz_field_find (m->root, "legacy_version");

          context.version = hsviz_field_get_number (sv != NULL ? sv : lv);
          context.cipher_suite = hsviz_field_get_number (hsviz_field_find (m->root, "cipher_suite"));
        }

      g_ptr_array_add (messages, m);
    }

  return messages;
}

static Message *
nth (GPtrArray *messages,
     guint      i)
{
  g_assert_cmpuint (i, <, messages->len);
  return g_ptr_array_index (messages, i);
}

static HsvizField *
find (HsvizField *field,
      const char *key)
{
  HsvizField *found = hsviz_field_find (field, key);

  if (found == NULL)
    g_error ("no field \"%s\" below \"%s\"", key, hsviz_field_get_label (field));

  return found;
}

/* The extension of type @type in the "extensions" block of @field. */
static HsvizField *
find_extension (HsvizField *field,
                guint       type)
{
  HsvizField *list = find (field, "extensions");

  for (guint i = 0; i < hsviz_field_get_n_children (list); i++)
    {
      HsvizField *ext = hsviz_field_get_child (list, i);

      if (hsviz_field_get_number (ext) == type)
        return ext;
    }

  g_error ("no extension %u", type);
  return NULL;
}

static void
assert_field (HsvizField *field,
              gsize       offset,
              gsize       length,
              gint64      number)
{
  g_assert_cmpuint (hsviz_field_get_offset (field), ==, offset);
  g_assert_cmpuint (hsviz_field_get_length (field), ==, length);
  g_assert_cmpint (hsviz_field_get_number (field), ==, number);
}

/* The bytes under @field equal @expected (given as hex, or as a file's contents). */
static void
assert_bytes (Message    *m,
              HsvizField *field,
              gsize       prefix,
              GBytes     *expected)
{
  const guint8 *data;
  gsize len;

  data = hsviz_field_peek_bytes (field, m->bytes, &len);
  g_assert_nonnull (data);
  g_assert_cmpuint (len, >=, prefix);
  g_assert_cmpmem (data + prefix, len - prefix,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
assert_hex (Message    *m,
            HsvizField *field,
            gsize       prefix,
            const char *hex)
{
  g_autoptr(GBytes) expected = bytes_from_hex (hex);

  assert_bytes (m, field, prefix, expected);
}

/* --- RFC 8448 §3 ------------------------------------------------------------------------------ */

static void
test_rfc8448_client_hello (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("rfc8448-1rtt.txt");
  Message *ch = nth (hs, 0);
  HsvizField *root = ch->root;
  HsvizField *suites, *ext, *entry;

  assert_field (find (root, "msg_type"), 0, 1, 1);
  assert_field (find (root, "msg_length"), 1, 3, 0xc0);
  assert_field (find (root, "legacy_version"), 4, 2, 0x0303);
  assert_field (find (root, "random"), 6, 32, 32);
  g_assert_cmpstr (hsviz_field_get_value (find (root, "random")), ==,
                   "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7");
  assert_field (find (root, "session_id"), 38, 1, 0);

  suites = find (root, "cipher_suites");
  assert_field (suites, 39, 8, 6);
  g_assert_cmpuint (hsviz_field_get_n_children (suites), ==, 3);
  assert_field (hsviz_field_get_child (suites, 0), 41, 2, 0x1301);
  assert_field (hsviz_field_get_child (suites, 1), 43, 2, 0x1303);
  assert_field (hsviz_field_get_child (suites, 2), 45, 2, 0x1302);
  g_assert_cmpstr (hsviz_field_get_key (hsviz_field_get_child (suites, 0)), ==, "cipher_suite");
  g_assert_cmpstr (hsviz_field_get_value (hsviz_field_get_child (suites, 0)), ==,
                   "0x1301 TLS_AES_128_GCM_SHA256");
  g_assert_cmpstr (hsviz_field_get_value (hsviz_field_get_child (suites, 2)), ==,
                   "0x1302 TLS_AES_256_GCM_SHA384");

  assert_field (find (root, "compression_methods"), 47, 2, 1);
  assert_field (find (root, "extensions"), 49, 2 + 0x91, 0x91);
  g_assert_cmpuint (hsviz_field_get_n_children (find (root, "extensions")), ==, 9);

  ext = find_extension (root, 0);
  g_assert_cmpstr (hsviz_field_get_label (ext), ==, "server_name (0)");
  assert_field (find (ext, "host_name"), 58, 8, 6);
  g_assert_cmpstr (hsviz_field_get_value (find (ext, "host_name")), ==, "server");

  ext = find_extension (root, 10);
  g_assert_cmpuint (hsviz_field_get_n_children (find (ext, "named_group_list")), ==, 9);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "group")), ==, 29);
  g_assert_cmpstr (hsviz_field_get_value (find (ext, "group")), ==, "0x001d x25519");

  ext = find_extension (root, 51);
  entry = find (ext, "key_share_entry");
  g_assert_cmpint (hsviz_field_get_number (entry), ==, 29);
  assert_field (find (entry, "group"), 105, 2, 29);
  assert_field (find (entry, "key_exchange"), 107, 34, 32);
  assert_hex (ch, find (entry, "key_exchange"), 2,
              "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");

  ext = find_extension (root, 43);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "version")), ==, 0x0304);
  g_assert_cmpstr (hsviz_field_get_value (find (ext, "version")), ==, "0x0304 TLS1.3");

  ext = find_extension (root, 13);
  g_assert_cmpuint (hsviz_field_get_n_children (find (ext, "supported_signature_algorithms")), ==, 15);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "signature_scheme")), ==, 0x0403);

  ext = find_extension (root, 45);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "psk_key_exchange_mode")), ==, 1);
  ext = find_extension (root, 28);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "record_size_limit")), ==, 0x4001);
  ext = find_extension (root, 35);
  g_assert_cmpuint (hsviz_field_get_length (ext), ==, 4);
  ext = find_extension (root, 65281);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "renegotiated_connection")), ==, 0);
}

static void
test_rfc8448_server_flight (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("rfc8448-1rtt.txt");
  Message *sh = nth (hs, 1);
  Message *m;
  HsvizField *entry, *ext;

  g_assert_false (hsviz_message_is_hello_retry_request (g_bytes_get_data (sh->bytes, NULL),
                                                        g_bytes_get_size (sh->bytes)));
  g_assert_cmpstr (hsviz_field_get_value (find (sh->root, "random")), ==,
                   "a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928");
  assert_field (find (sh->root, "cipher_suite"), 39, 2, 0x1301);
  g_assert_cmpstr (hsviz_field_get_value (find (sh->root, "cipher_suite")), ==,
                   "0x1301 TLS_AES_128_GCM_SHA256");
  entry = find (find_extension (sh->root, 51), "key_share_entry");
  g_assert_cmpint (hsviz_field_get_number (entry), ==, 29);
  assert_hex (sh, find (entry, "key_exchange"), 2,
              "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
  assert_field (find (find_extension (sh->root, 43), "selected_version"), 88, 2, 0x0304);

  /* EncryptedExtensions: supported_groups, record_size_limit, empty server_name */
  m = nth (hs, 2);
  g_assert_cmpuint (hsviz_field_get_n_children (find (m->root, "extensions")), ==, 3);
  g_assert_cmpint (hsviz_field_get_number (find (find_extension (m->root, 28), "record_size_limit")), ==, 0x4001);
  assert_field (find_extension (m->root, 0), 36, 4, 0);

  /* Certificate, TLS 1.3 form */
  m = nth (hs, 3);
  assert_field (find (m->root, "certificate_request_context"), 4, 1, 0);
  g_assert_cmpuint (hsviz_field_get_n_children (find (m->root, "certificate_list")), ==, 1);
  entry = find (m->root, "certificate_entry");
  assert_field (find (entry, "cert_data"), 8, 3 + 0x1b0, 0x1b0);
  assert_field (find (entry, "extensions"), 11 + 0x1b0, 2, 0);
  ext = find (entry, "cert_data");
  g_assert_true (g_str_has_prefix (hsviz_field_get_value (ext), "308201ac30820115a0030201020201023"));
  g_assert_true (g_str_has_suffix (hsviz_field_get_value (ext), "…"));

  /* CertificateVerify */
  m = nth (hs, 4);
  assert_field (find (m->root, "signature_scheme"), 4, 2, 0x0804);
  g_assert_cmpstr (hsviz_field_get_value (find (m->root, "signature_scheme")), ==,
                   "0x0804 rsa_pss_rsae_sha256");
  assert_field (find (m->root, "signature"), 6, 130, 128);

  /* Finished, both sides */
  m = nth (hs, 5);
  assert_field (find (m->root, "verify_data"), 4, 32, 32);
  g_assert_cmpstr (hsviz_field_get_value (find (m->root, "verify_data")), ==,
                   "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");
  m = nth (hs, 6);
  g_assert_cmpstr (hsviz_field_get_value (find (m->root, "verify_data")), ==,
                   "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61");

  /* NewSessionTicket, TLS 1.3 form */
  m = nth (hs, 7);
  assert_field (find (m->root, "ticket_lifetime"), 4, 4, 30);
  assert_field (find (m->root, "ticket_age_add"), 8, 4, 0xfad6aac5);
  assert_field (find (m->root, "ticket_nonce"), 12, 3, 2);
  assert_field (find (m->root, "ticket"), 15, 2 + 0xb2, 0xb2);
  g_assert_cmpint (hsviz_field_get_number (find (find_extension (m->root, 42), "max_early_data_size")), ==, 0x400);
}

static void
test_rfc8448_hello_retry_request (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("rfc8448-hrr.txt");
  Message *hrr = nth (hs, 1);
  HsvizField *entry;

  /* the first ClientHello offers a single x25519 share */
  entry = find (find_extension (nth (hs, 0)->root, 51), "key_share_entry");
  g_assert_cmpint (hsviz_field_get_number (entry), ==, 29);
  assert_hex (nth (hs, 0), find (entry, "key_exchange"), 2,
              "e8e8e3f3b93a25ed97a14a7dcacb8a272c6288e585c6484d05262fcad062ad1f");

  g_assert_true (hsviz_message_is_hello_retry_request (g_bytes_get_data (hrr->bytes, NULL),
                                                       g_bytes_get_size (hrr->bytes)));
  g_assert_cmpstr (hsviz_field_get_label (hrr->root), ==, "HelloRetryRequest");
  assert_field (find (hrr->root, "cipher_suite"), 39, 2, 0x1301);
  assert_field (find (hrr->root, "selected_group"), 48, 2, 23);
  g_assert_cmpstr (hsviz_field_get_value (find (hrr->root, "selected_group")), ==, "0x0017 secp256r1");
  assert_field (find (find_extension (hrr->root, 44), "cookie"), 54, 116, 114);
  assert_field (find (hrr->root, "selected_version"), 174, 2, 0x0304);

  /* the final ServerHello: a secp256r1 share, an uncompressed 65-byte point */
  entry = find (find_extension (nth (hs, 2)->root, 51), "key_share_entry");
  g_assert_cmpint (hsviz_field_get_number (entry), ==, 23);
  g_assert_cmpint (hsviz_field_get_number (find (entry, "key_exchange")), ==, 65);
  g_assert_true (g_str_has_prefix (hsviz_field_get_value (find (entry, "key_exchange")), "04583e054b7a"));
}

/* --- openssl captures --------------------------------------------------------------------------- */

static void
assert_certificate (Message    *m,
                    guint       index,
                    const char *der_file)
{
  g_autoptr(GBytes) der = load_file (der_file);
  HsvizField *list = find (m->root, "certificate_list");
  HsvizField *entry;

  g_assert_cmpuint (hsviz_field_get_n_children (list), >, index);
  entry = hsviz_field_get_child (list, index);
  g_assert_cmpstr (hsviz_field_get_key (entry), ==, "certificate_entry");
  assert_bytes (m, find (entry, "cert_data"), 3, der);
}

static void
test_openssl_tls12_ecdhe (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("openssl-t12ecdhe.txt");
  Message *m;

  g_assert_cmpuint (hs->len, ==, 9);
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 0)->root, "host_name")), ==, 9);
  g_assert_cmpstr (hsviz_field_get_value (find (nth (hs, 0)->root, "host_name")), ==, "localhost");
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 1)->root, "cipher_suite")), ==, 0xc02f);
  g_assert_cmpstr (hsviz_field_get_value (find (nth (hs, 1)->root, "cipher_suite")), ==,
                   "0xc02f TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  assert_certificate (nth (hs, 2), 0, "openssl-rsa-cert.der");

  /* "Server Temp Key: X25519", "Peer signature type: RSA-PSS", digest SHA256 */
  m = nth (hs, 3);
  assert_field (find (m->root, "curve_type"), 4, 1, 3);
  assert_field (find (m->root, "named_curve"), 5, 2, 29);
  assert_field (find (m->root, "public_key"), 7, 33, 32);
  assert_field (find (m->root, "signature_scheme"), 40, 2, 0x0804);
  assert_field (find (m->root, "signature"), 42, 258, 256);

  g_assert_cmpuint (hsviz_field_get_n_children (nth (hs, 4)->root), ==, 1);   /* header only */
  assert_field (find (nth (hs, 5)->root, "public_key"), 4, 33, 32);
  assert_field (find (nth (hs, 6)->root, "verify_data"), 4, 12, 12);
  m = nth (hs, 7);
  assert_field (find (m->root, "ticket_lifetime"), 4, 4, 7200);
  assert_field (find (m->root, "ticket"), 8, 2 + 0xb0, 0xb0);
}

static void
test_openssl_tls12_rsa (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("openssl-t12rsa.txt");

  g_assert_cmpuint (hs->len, ==, 8);
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 1)->root, "cipher_suite")), ==, 0x009c);
  g_assert_cmpstr (hsviz_field_get_value (find (nth (hs, 1)->root, "cipher_suite")), ==,
                   "0x009c TLS_RSA_WITH_AES_128_GCM_SHA256");
  assert_certificate (nth (hs, 2), 0, "openssl-rsa-cert.der");
  /* a 2048-bit RSA key encrypts the pre-master secret into 256 bytes */
  assert_field (find (nth (hs, 4)->root, "encrypted_pre_master_secret"), 4, 258, 256);
  g_assert_null (hsviz_field_find (nth (hs, 4)->root, "public_key"));
}

static void
test_openssl_tls12_dhe (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("openssl-t12dhe.txt");
  Message *m = nth (hs, 3);

  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 1)->root, "cipher_suite")), ==, 0x009e);
  /* "Server Temp Key: DH, 2048 bits" */
  assert_field (find (m->root, "dh_p"), 4, 258, 256);
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "dh_g")), ==, 1);
  g_assert_cmpstr (hsviz_field_get_value (find (m->root, "dh_g")), ==, "02");
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "dh_Ys")), ==, 256);
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "signature_scheme")), ==, 0x0804);
  assert_field (find (nth (hs, 5)->root, "public_key"), 4, 258, 256);
}

static void
test_openssl_tls13 (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("openssl-t13.txt");
  HsvizField *entry;

  g_assert_cmpuint (hs->len, ==, 9);
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 1)->root, "cipher_suite")), ==, 0x1302);
  g_assert_cmpstr (hsviz_field_get_value (find (nth (hs, 1)->root, "cipher_suite")), ==,
                   "0x1302 TLS_AES_256_GCM_SHA384");
  entry = find (find_extension (nth (hs, 1)->root, 51), "key_share_entry");
  g_assert_cmpint (hsviz_field_get_number (entry), ==, 29);
  g_assert_cmpint (hsviz_field_get_number (find (entry, "key_exchange")), ==, 32);
  assert_certificate (nth (hs, 3), 0, "openssl-rsa-cert.der");
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 4)->root, "signature_scheme")), ==, 0x0804);
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 5)->root, "verify_data")), ==, 48);
  g_assert_cmpint (hsviz_field_get_number (find (nth (hs, 7)->root, "ticket_lifetime")), ==, 7200);
  g_assert_nonnull (hsviz_field_find (nth (hs, 8)->root, "ticket_nonce"));
}

static void
test_openssl_tls13_hrr (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("openssl-t13hrr.txt");
  Message *hrr = nth (hs, 1);
  HsvizField *ext, *shares;

  g_assert_true (hsviz_message_is_hello_retry_request (g_bytes_get_data (hrr->bytes, NULL),
                                                       g_bytes_get_size (hrr->bytes)));
  assert_hex (hrr, find (hrr->root, "random"), 0,
              "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
  assert_field (find (find_extension (hrr->root, 51), "selected_group"),
                hsviz_field_get_offset (find_extension (hrr->root, 51)) + 4, 2, 24);
  g_assert_null (hsviz_field_find (hrr->root, "key_share_entry"));
  g_assert_cmpint (hsviz_field_get_number (find (hrr->root, "selected_version")), ==, 0x0304);

  /* the second ClientHello has one share, secp384r1, an uncompressed 97-byte point */
  ext = find_extension (nth (hs, 2)->root, 51);
  shares = find (ext, "client_shares");
  g_assert_cmpuint (hsviz_field_get_n_children (shares), ==, 1);
  g_assert_cmpint (hsviz_field_get_number (find (shares, "group")), ==, 24);
  g_assert_cmpint (hsviz_field_get_number (find (shares, "key_exchange")), ==, 97);
  /* "Server Temp Key: ECDH, secp384r1, 384 bits" */
  g_assert_cmpint (hsviz_field_get_number (find (find_extension (nth (hs, 3)->root, 51),
                                                 "key_share_entry")), ==, 24);
  g_assert_false (hsviz_message_is_hello_retry_request (g_bytes_get_data (nth (hs, 3)->bytes, NULL),
                                                        g_bytes_get_size (nth (hs, 3)->bytes)));
}

static void
test_openssl_certificate_request (void)
{
  g_autoptr(GPtrArray) t12 = load_handshake ("openssl-t12creq.txt");
  g_autoptr(GPtrArray) t13 = load_handshake ("openssl-t13creq.txt");
  Message *m;

  /* TLS 1.2: s_client printed 20 "Requested Signature Algorithms", the first ECDSA+SHA256 */
  m = nth (t12, 4);
  g_assert_cmpstr (m->name, ==, "CertificateRequest");
  g_assert_nonnull (hsviz_field_find (m->root, "certificate_type"));
  g_assert_cmpuint (hsviz_field_get_n_children (find (m->root, "supported_signature_algorithms")), ==, 20);
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "signature_scheme")), ==, 0x0403);
  /* the client's empty Certificate */
  m = nth (t12, 6);
  g_assert_cmpint (m->direction, ==, HSVIZ_DIRECTION_CLIENT);
  assert_field (find (m->root, "certificate_list"), 4, 3, 0);

  /* TLS 1.3: context + extensions with signature_algorithms (14 shared, 16 requested) */
  m = nth (t13, 3);
  g_assert_cmpstr (m->name, ==, "CertificateRequest");
  assert_field (find (m->root, "certificate_request_context"), 4, 1, 0);
  g_assert_cmpuint (hsviz_field_get_n_children (find (find_extension (m->root, 13),
                                                      "supported_signature_algorithms")), ==, 16);
  m = nth (t13, 7);
  assert_field (find (m->root, "certificate_request_context"), 4, 1, 0);
  assert_field (find (m->root, "certificate_list"), 5, 3, 0);
}

static void
test_openssl_ocsp (void)
{
  g_autoptr(GPtrArray) t12 = load_handshake ("openssl-t12ocsp.txt");
  g_autoptr(GPtrArray) t13 = load_handshake ("openssl-t13ocsp.txt");
  g_autoptr(GBytes) ocsp = load_file ("openssl-ocsp.der");
  Message *m;
  HsvizField *ext;

  /* the ClientHello asked for it (s_client -status) */
  ext = find_extension (nth (t12, 0)->root, 5);
  g_assert_cmpint (hsviz_field_get_number (find (ext, "status_type")), ==, 1);

  assert_certificate (nth (t12, 2), 0, "openssl-leaf-cert.der");
  m = nth (t12, 3);
  g_assert_cmpstr (m->name, ==, "CertificateStatus");
  assert_field (find (m->root, "status_type"), 4, 1, 1);
  assert_bytes (m, find (m->root, "ocsp_response"), 3, ocsp);

  m = nth (t13, 3);
  assert_certificate (m, 0, "openssl-leaf-cert.der");
  ext = find_extension (find (m->root, "certificate_entry"), 5);
  assert_bytes (m, find (ext, "ocsp_response"), 3, ocsp);
}

/* The ClientHello GnuTLS 3.7.9 sends (what our capture engine sends), and the peer's answer */
static void
test_gnutls_client (void)
{
  g_autoptr(GPtrArray) t13 = load_handshake ("gnutls-t13.txt");
  g_autoptr(GPtrArray) t12 = load_handshake ("gnutls-t12ecdhe.txt");
  g_autoptr(GPtrArray) rsa = load_handshake ("gnutls-t12rsa.txt");
  HsvizField *list;
  Message *m;

  /* GNUTLS-FACTS.md §1.3: a 382-byte ClientHello, a 151-byte ServerHello, 28-byte EE */
  g_assert_cmpuint (g_bytes_get_size (nth (t13, 0)->bytes), ==, 4 + 382);
  g_assert_cmpuint (g_bytes_get_size (nth (t13, 1)->bytes), ==, 4 + 151);
  g_assert_cmpuint (g_bytes_get_size (nth (t13, 2)->bytes), ==, 4 + 28);
  g_assert_cmpstr (hsviz_field_get_value (find (nth (t13, 0)->root, "host_name")), ==, "localhost");
  /* (TLS1.3-X.509)-(ECDHE-SECP256R1)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM) */
  g_assert_cmpint (hsviz_field_get_number (find (nth (t13, 1)->root, "cipher_suite")), ==, 0x1302);
  g_assert_cmpint (hsviz_field_get_number (find (nth (t13, 1)->root, "key_share_entry")), ==, 23);
  g_assert_cmpint (hsviz_field_get_number (find (nth (t13, 1)->root, "key_exchange")), ==, 65);
  g_assert_cmpint (hsviz_field_get_number (find (nth (t13, 4)->root, "signature_scheme")), ==, 0x0804);

  /* (TLS1.2-X.509)-(ECDHE-SECP256R1)-(RSA-SHA256)-(AES-256-GCM) */
  g_assert_cmpint (hsviz_field_get_number (find (nth (t12, 1)->root, "cipher_suite")), ==, 0xc030);
  m = nth (t12, 3);
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "named_curve")), ==, 23);
  g_assert_cmpint (hsviz_field_get_number (find (m->root, "public_key")), ==, 65);
  g_assert_cmpstr (hsviz_field_get_value (find (m->root, "signature_scheme")), ==,
                   "0x0401 rsa_pkcs1_sha256");
  g_assert_cmpint (hsviz_field_get_number (find (nth (t12, 5)->root, "public_key")), ==, 65);

  /* NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA offers 6 suites, no supported_groups,
   * key_share or supported_versions (GNUTLS-FACTS.md §1.4) */
  m = nth (rsa, 0);
  list = find (m->root, "cipher_suites");
  g_assert_cmpuint (hsviz_field_get_n_children (list), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      gint64 id = hsviz_field_get_number (hsviz_field_get_child (list, i));

      g_assert_true (id == 0x009d || id == 0xc09d || id == 0x0035 || id == 0x009c ||
                     id == 0xc09c || id == 0x002f);
    }
  g_assert_null (hsviz_field_find (m->root, "named_group_list"));
  g_assert_null (hsviz_field_find (m->root, "client_shares"));
  g_assert_null (hsviz_field_find (m->root, "versions"));
  g_assert_cmpint (hsviz_field_get_number (find (nth (rsa, 1)->root, "cipher_suite")), ==, 0x009c);
  g_assert_cmpint (hsviz_field_get_number (find (nth (rsa, 4)->root, "encrypted_pre_master_secret")), ==, 256);
}

/* --- malformed input ---------------------------------------------------------------------------- */

static const char * const all_vectors[] = {
  "rfc8448-1rtt.txt", "rfc8448-hrr.txt", "openssl-t12ecdhe.txt", "openssl-t12rsa.txt", "openssl-t12dhe.txt",
  "openssl-t13.txt", "openssl-t13hrr.txt", "openssl-t12creq.txt", "openssl-t13creq.txt",
  "openssl-t12ocsp.txt", "openssl-t13ocsp.txt", "gnutls-t13.txt", "gnutls-t12ecdhe.txt",
  "gnutls-t12rsa.txt",
};

static void
test_truncations (void)
{
  for (guint v = 0; v < G_N_ELEMENTS (all_vectors); v++)
    {
      g_autoptr(GPtrArray) hs = load_handshake (all_vectors[v]);

      for (guint i = 0; i < hs->len; i++)
        {
          Message *m = nth (hs, i);
          gsize len;
          const guint8 *data = g_bytes_get_data (m->bytes, &len);

          for (gsize cut = 0; cut < len; cut++)
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(HsvizField) root = NULL;
              /* a heap copy of exactly @cut bytes, so a read past the end is caught by tools */
              g_autofree guint8 *part = g_memdup2 (data, cut);

              root = hsviz_parse_handshake_message (part, cut, &m->context, &error);
              g_assert_nonnull (root);
              g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
              g_assert_nonnull (hsviz_field_find (root, "error"));
              check_tree (root, cut);

              /* the same cut with a header that agrees: the body checks alone, never a crash */
              if (cut >= 4)
                {
                  g_autoptr(GError) body_error = NULL;
                  g_autoptr(HsvizField) body_root = NULL;

                  part[1] = (cut - 4) >> 16;
                  part[2] = (cut - 4) >> 8;
                  part[3] = (cut - 4);
                  body_root = hsviz_parse_handshake_message (part, cut, &m->context, &body_error);
                  g_assert_nonnull (body_root);
                  check_tree (body_root, cut);
                  g_assert_true ((body_error == NULL) == (hsviz_field_find (body_root, "error") == NULL));
                }
            }
        }
    }
}

static void
test_lying_header (void)
{
  g_autoptr(GPtrArray) hs = load_handshake ("rfc8448-1rtt.txt");
  Message *ch = nth (hs, 0);
  gsize len;
  const guint8 *data = g_bytes_get_data (ch->bytes, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  const int deltas[] = { +1, -1, +0x10000, -0xc0 };

  for (guint i = 0; i < G_N_ELEMENTS (deltas); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsvizField) root = NULL;
      guint32 declared = 0xc0 + deltas[i];
      HsvizField *err;

      copy[1] = declared >> 16;
      copy[2] = declared >> 8;
      copy[3] = declared;
      root = hsviz_parse_handshake_message (copy, len, &ch->context, &error);
      g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
      g_assert_true (strstr (error->message, "msg_length") != NULL);
      err = find (root, "error");
      assert_field (err, 1, 3, -1);
      /* what the header covers is still parsed */
      if (declared >= 2)
        g_assert_nonnull (hsviz_field_find (root, "legacy_version"));
    }

  /* trailing bytes inside a vector, and a length that overruns its parent */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsvizField) root = NULL;

    memcpy (copy, data, len);
    copy[40] = 0x07;   /* cipher_suites length 6 -> 7 */
    root = hsviz_parse_handshake_message (copy, len, &ch->context, &error);
    g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
    g_assert_nonnull (hsviz_field_find (root, "random"));
    g_assert_nonnull (hsviz_field_find (root, "error"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsvizField) root = NULL;

    memcpy (copy, data, len);
    copy[56] = 0x20;   /* server_name list length past the extension */
    root = hsviz_parse_handshake_message (copy, len, &ch->context, &error);
    g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
    g_assert_nonnull (hsviz_field_find (root, "cipher_suites"));
  }
}

static void
test_unknown (void)
{
  /* an unknown message type keeps its body; an unknown extension keeps its bytes */
  static const guint8 unknown_type[] = { 0x63, 0, 0, 2, 0xab, 0xcd };
  static const guint8 ee_unknown_ext[] = { 0x08, 0, 0, 8, 0, 6, 0x12, 0x34, 0, 2, 0xbe, 0xef };
  HsvizParseContext ctx = { HSVIZ_VERSION_TLS13, HSVIZ_DIRECTION_SERVER, 0x1301 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizField) a = NULL;
  g_autoptr(HsvizField) b = NULL;
  HsvizField *ext;

  a = hsviz_parse_handshake_message (unknown_type, sizeof unknown_type, &ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hsviz_field_get_label (a), ==, "unknown (99)");
  assert_field (find (a, "body"), 4, 2, 2);

  b = hsviz_parse_handshake_message (ee_unknown_ext, sizeof ee_unknown_ext, &ctx, &error);
  g_assert_no_error (error);
  ext = find (b, "extension");
  assert_field (ext, 6, 6, 0x1234);
  g_assert_cmpstr (hsviz_field_get_label (ext), ==, "unknown (0x1234) (4660)");
  g_assert_cmpstr (hsviz_field_get_value (find (ext, "extension_data")), ==, "beef");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/parser/rfc8448/client-hello", test_rfc8448_client_hello);
  g_test_add_func ("/handshakeviz/parser/rfc8448/server-flight", test_rfc8448_server_flight);
  g_test_add_func ("/handshakeviz/parser/rfc8448/hello-retry-request", test_rfc8448_hello_retry_request);
  g_test_add_func ("/handshakeviz/parser/openssl/tls12-ecdhe", test_openssl_tls12_ecdhe);
  g_test_add_func ("/handshakeviz/parser/openssl/tls12-rsa", test_openssl_tls12_rsa);
  g_test_add_func ("/handshakeviz/parser/openssl/tls12-dhe", test_openssl_tls12_dhe);
  g_test_add_func ("/handshakeviz/parser/openssl/tls13", test_openssl_tls13);
  g_test_add_func ("/handshakeviz/parser/openssl/tls13-hrr", test_openssl_tls13_hrr);
  g_test_add_func ("/handshakeviz/parser/openssl/certificate-request", test_openssl_certificate_request);
  g_test_add_func ("/handshakeviz/parser/openssl/ocsp", test_openssl_ocsp);
  g_test_add_func ("/handshakeviz/parser/gnutls-client", test_gnutls_client);
  g_test_add_func ("/handshakeviz/parser/malformed/truncations", test_truncations);
  g_test_add_func ("/handshakeviz/parser/malformed/lying-header", test_lying_header);
  g_test_add_func ("/handshakeviz/parser/unknown", test_unknown);

  return g_test_run ();
}
