/* test-tables.c — the name tables against the IANA registry and against GnuTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gnutls/gnutls.h>

#include "hsviz.h"

static void
test_known_suites (void)
{
  /* IANA "TLS Cipher Suites" registry names (RFC 8446, 5246, 5289, 7905, 6655, 8442) */
  static const struct { guint16 id; const char *name; } known[] = {
    { 0x1301, "TLS_AES_128_GCM_SHA256" },
    { 0x1302, "TLS_AES_256_GCM_SHA384" },
    { 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
    { 0x1304, "TLS_AES_128_CCM_SHA256" },
    { 0x1305, "TLS_AES_128_CCM_8_SHA256" },
    { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
    { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
    { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
    { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
    { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
    { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
    { 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
    { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" },
    { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
    { 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256" },
    { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
    { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
    { 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" },
    { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
    { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
    { 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256" },
    { 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA" },
    { 0x0005, "TLS_RSA_WITH_RC4_128_SHA" },
    { 0x0004, "TLS_RSA_WITH_RC4_128_MD5" },
    { 0x0001, "TLS_RSA_WITH_NULL_MD5" },
    { 0xc09c, "TLS_RSA_WITH_AES_128_CCM" },
    { 0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8" },
    { 0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8" },
    { 0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256" },
    { 0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA" },
    { 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA" },
    { 0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA" },
    { 0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA" },
    { 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      const HsvizCipherSuite *suite = hsviz_cipher_suite_lookup (known[i].id);

      g_assert_nonnull (suite);
      g_assert_cmpuint (suite->id, ==, known[i].id);
      g_assert_cmpstr (suite->name, ==, known[i].name);
      g_assert_cmpstr (hsviz_cipher_suite_name (known[i].id), ==, known[i].name);
    }

  g_assert_cmpint (hsviz_cipher_suite_lookup (0xc02f)->kx, ==, HSVIZ_KX_ECDHE);
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0xc02f)->auth, ==, "RSA");
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0xc02f)->cipher, ==, "AES-128-GCM");
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0xc02f)->mac, ==, "AEAD");
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0xc030)->prf, ==, "SHA384");
  g_assert_cmpint (hsviz_cipher_suite_lookup (0x009c)->kx, ==, HSVIZ_KX_RSA);
  g_assert_cmpint (hsviz_cipher_suite_lookup (0x1302)->kx, ==, HSVIZ_KX_TLS13);
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0x1302)->prf, ==, "SHA384");
  g_assert_cmpuint (hsviz_cipher_suite_lookup (0x1302)->min_version, ==, HSVIZ_VERSION_TLS13);
  g_assert_cmpstr (hsviz_cipher_suite_lookup (0x0035)->mac, ==, "SHA1");

  /* signalling values, GREASE and unknown ids have names but no suite */
  g_assert_null (hsviz_cipher_suite_lookup (0x00ff));
  g_assert_cmpstr (hsviz_cipher_suite_name (0x00ff), ==, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  g_assert_cmpstr (hsviz_cipher_suite_name (0x5600), ==, "TLS_FALLBACK_SCSV");
  g_assert_cmpstr (hsviz_cipher_suite_name (0x0a0a), ==, "GREASE (0x0a0a)");
  g_assert_cmpstr (hsviz_cipher_suite_name (0xfafa), ==, "GREASE (0xfafa)");
  g_assert_cmpstr (hsviz_cipher_suite_name (0x1234), ==, "unknown (0x1234)");
  /* interned: the same pointer each time */
  g_assert_true (hsviz_cipher_suite_name (0x1234) == hsviz_cipher_suite_name (0x1234));
}

static HsvizKeyExchange
kx_from_gnutls (gnutls_kx_algorithm_t kx)
{
  switch (kx)
    {
    case GNUTLS_KX_RSA:
      return HSVIZ_KX_RSA;
    case GNUTLS_KX_DHE_DSS:
    case GNUTLS_KX_DHE_RSA:
    case GNUTLS_KX_ANON_DH:
      return HSVIZ_KX_DHE;
    case GNUTLS_KX_ECDHE_RSA:
    case GNUTLS_KX_ECDHE_ECDSA:
    case GNUTLS_KX_ANON_ECDH:
      return HSVIZ_KX_ECDHE;
    case GNUTLS_KX_PSK:
      return HSVIZ_KX_PSK;
    case GNUTLS_KX_DHE_PSK:
      return HSVIZ_KX_DHE_PSK;
    case GNUTLS_KX_ECDHE_PSK:
      return HSVIZ_KX_ECDHE_PSK;
    case GNUTLS_KX_RSA_PSK:
      return HSVIZ_KX_RSA_PSK;
    case GNUTLS_KX_SRP:
    case GNUTLS_KX_SRP_RSA:
    case GNUTLS_KX_SRP_DSS:
      return HSVIZ_KX_SRP;
    case GNUTLS_KX_UNKNOWN:
      return HSVIZ_KX_TLS13;   /* TLS 1.3 suites have no kx */
    default:
      return HSVIZ_KX_UNKNOWN; /* GOST (VKO) */
    }
}

/* "AES-128-GCM" -> "AES_128_GCM": how the cipher appears inside an IANA name */
static char *
iana_cipher_token (const char *gnutls_cipher)
{
  g_autofree char *s = g_strdup (gnutls_cipher);
  g_autoptr(GString) token = NULL;

  g_strdelimit (s, "-", '_');
  token = g_string_new (s);
  g_string_replace (token, "ARCFOUR_128", "RC4_128", 0);
  g_string_replace (token, "3DES_CBC", "3DES_EDE_CBC", 0);

  return g_string_free (g_steal_pointer (&token), FALSE);
}

static void
test_every_gnutls_suite (void)
{
  unsigned char id[2];
  gnutls_kx_algorithm_t kx;
  gnutls_cipher_algorithm_t cipher;
  gnutls_mac_algorithm_t mac;
  gnutls_protocol_t min_version;
  const char *gnutls_name;
  guint n = 0;

  for (size_t i = 0;
       (gnutls_name = gnutls_cipher_suite_info (i, id, &kx, &cipher, &mac, &min_version)) != NULL;
       i++)
    {
      guint16 code = id[0] << 8 | id[1];
      const HsvizCipherSuite *suite = hsviz_cipher_suite_lookup (code);
      g_autofree char *token = NULL;

      if (suite == NULL)
        g_error ("GnuTLS suite 0x%04x %s is missing from the table", code, gnutls_name);

      /* same key exchange, cipher and MAC as GnuTLS says */
      g_assert_cmpint (suite->kx, ==, kx_from_gnutls (kx));
      token = iana_cipher_token (gnutls_cipher_get_name (cipher));
      if (code != 0xc102 && strstr (suite->name, token) == NULL)
        g_error ("0x%04x %s: the name does not contain the cipher %s", code, suite->name, token);
      if (mac != GNUTLS_MAC_AEAD)
        g_assert_cmpstr (suite->mac, ==, gnutls_mac_get_name (mac));
      else
        g_assert_cmpstr (suite->mac, ==, "AEAD");

      /* the IANA form: TLS_<kx>_WITH_<cipher>_<mac>, or TLS_<cipher>_<hash> for TLS 1.3 */
      g_assert_true (g_str_has_prefix (suite->name, "TLS_"));
      if (min_version == GNUTLS_TLS1_3)
        g_assert_null (strstr (suite->name, "_WITH_"));
      else
        g_assert_nonnull (strstr (suite->name, "_WITH_"));
      g_assert_null (strstr (suite->name, "SHA1"));   /* IANA says _SHA, GnuTLS _SHA1 */
      g_assert_null (strstr (suite->name, "ARCFOUR"));
      g_assert_cmpuint (suite->min_version, ==,
                        min_version == GNUTLS_TLS1_3 ? 0x0304 :
                        min_version == GNUTLS_TLS1_2 ? 0x0303 : 0x0301);
      g_assert_nonnull (suite->kx_name);
      g_assert_nonnull (suite->auth);
      g_assert_nonnull (suite->prf);
      n++;
    }

  g_assert_cmpuint (n, ==, 188);   /* GnuTLS 3.7.9 */
}

static void
test_other_names (void)
{
  g_assert_cmpstr (hsviz_group_name (23), ==, "secp256r1");
  g_assert_cmpstr (hsviz_group_name (24), ==, "secp384r1");
  g_assert_cmpstr (hsviz_group_name (25), ==, "secp521r1");
  g_assert_cmpstr (hsviz_group_name (29), ==, "x25519");
  g_assert_cmpstr (hsviz_group_name (30), ==, "x448");
  g_assert_cmpstr (hsviz_group_name (256), ==, "ffdhe2048");
  g_assert_cmpstr (hsviz_group_name (260), ==, "ffdhe8192");
  g_assert_cmpstr (hsviz_group_name (0x11ec), ==, "X25519MLKEM768");
  g_assert_cmpstr (hsviz_group_name (0x2a2a), ==, "GREASE (0x2a2a)");
  g_assert_cmpstr (hsviz_group_short_name (29), ==, "X25519");
  g_assert_cmpstr (hsviz_group_short_name (23), ==, "SECP256R1");
  /* the short names are GnuTLS's group names */
  g_assert_cmpstr (hsviz_group_short_name (23), ==, gnutls_group_get_name (GNUTLS_GROUP_SECP256R1));
  g_assert_cmpstr (hsviz_group_short_name (29), ==, gnutls_group_get_name (GNUTLS_GROUP_X25519));
  g_assert_cmpstr (hsviz_group_short_name (256), ==, gnutls_group_get_name (GNUTLS_GROUP_FFDHE2048));

  g_assert_cmpstr (hsviz_signature_scheme_name (0x0201), ==, "rsa_pkcs1_sha1");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0203), ==, "ecdsa_sha1");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0401), ==, "rsa_pkcs1_sha256");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0403), ==, "ecdsa_secp256r1_sha256");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0804), ==, "rsa_pss_rsae_sha256");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0806), ==, "rsa_pss_rsae_sha512");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0807), ==, "ed25519");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0808), ==, "ed448");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x0809), ==, "rsa_pss_pss_sha256");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x081a), ==, "ecdsa_brainpoolP256r1tls13_sha256");
  g_assert_cmpstr (hsviz_signature_scheme_name (0x9999), ==, "unknown (0x9999)");

  g_assert_cmpstr (hsviz_extension_name (0), ==, "server_name");
  g_assert_cmpstr (hsviz_extension_name (16), ==, "application_layer_protocol_negotiation");
  g_assert_cmpstr (hsviz_extension_name (43), ==, "supported_versions");
  g_assert_cmpstr (hsviz_extension_name (51), ==, "key_share");
  g_assert_cmpstr (hsviz_extension_name (65281), ==, "renegotiation_info");
  g_assert_cmpstr (hsviz_extension_name (0xdada), ==, "GREASE (0xdada)");
  /* what Chromium and Firefox send today (issue 13): named here even where tshark 4.0 is not */
  g_assert_cmpstr (hsviz_extension_name (0xfe0d), ==, "encrypted_client_hello");
  g_assert_cmpstr (hsviz_extension_name (0x44cd), ==, "application_settings (ALPS)");
  g_assert_cmpstr (hsviz_extension_name (27), ==, "compress_certificate");
  g_assert_cmpstr (hsviz_extension_name (34), ==, "delegated_credential");
  g_assert_cmpstr (hsviz_extension_name (28), ==, "record_size_limit");
  g_assert_cmpstr (hsviz_group_name (0x11ec), ==, "X25519MLKEM768");
  g_assert_cmpstr (hsviz_group_name (0x3a3a), ==, "GREASE (0x3a3a)");
  g_assert_cmpstr (hsviz_extension_name (0x7777), ==, "unknown (0x7777)");

  g_assert_cmpstr (hsviz_alert_name (0), ==, "close_notify");
  g_assert_cmpstr (hsviz_alert_name (40), ==, "handshake_failure");
  g_assert_cmpstr (hsviz_alert_name (42), ==, "bad_certificate");
  g_assert_cmpstr (hsviz_alert_name (70), ==, "protocol_version");
  g_assert_cmpstr (hsviz_alert_name (116), ==, "certificate_required");
  g_assert_cmpstr (hsviz_alert_name (120), ==, "no_application_protocol");
  g_assert_cmpstr (hsviz_alert_name (200), ==, "unknown (200)");
  g_assert_cmpstr (hsviz_alert_level_name (1), ==, "warning");
  g_assert_cmpstr (hsviz_alert_level_name (2), ==, "fatal");

  g_assert_cmpstr (hsviz_handshake_type_name (1, FALSE), ==, "ClientHello");
  g_assert_cmpstr (hsviz_handshake_type_name (2, FALSE), ==, "ServerHello");
  g_assert_cmpstr (hsviz_handshake_type_name (2, TRUE), ==, "HelloRetryRequest");
  g_assert_cmpstr (hsviz_handshake_type_name (22, FALSE), ==, "CertificateStatus");
  g_assert_cmpstr (hsviz_handshake_type_name (24, FALSE), ==, "KeyUpdate");
  g_assert_cmpstr (hsviz_content_type_name (20), ==, "change_cipher_spec");
  g_assert_cmpstr (hsviz_content_type_name (23), ==, "application_data");

  g_assert_cmpstr (hsviz_version_name (0x0304), ==, "TLS1.3");
  g_assert_cmpstr (hsviz_version_name (0x0303), ==, "TLS1.2");
  g_assert_cmpstr (hsviz_version_name (0x0301), ==, "TLS1.0");
  g_assert_cmpstr (hsviz_version_name (0x0300), ==, "SSL3.0");
  g_assert_cmpstr (hsviz_version_name (0x7a7a), ==, "GREASE (0x7a7a)");
  /* the file's protocol names are GnuTLS's */
  g_assert_cmpstr (hsviz_version_name (0x0304), ==, gnutls_protocol_get_name (GNUTLS_TLS1_3));
  g_assert_cmpstr (hsviz_version_name (0x0303), ==, gnutls_protocol_get_name (GNUTLS_TLS1_2));

  g_assert_cmpstr (hsviz_key_exchange_name (HSVIZ_KX_ECDHE), ==, "ECDHE");
  g_assert_cmpstr (hsviz_key_exchange_name (HSVIZ_KX_RSA), ==, "RSA");
  g_assert_cmpstr (hsviz_key_exchange_name (HSVIZ_KX_DHE), ==, "DHE");

  g_assert_true (hsviz_is_grease (0x0a0a));
  g_assert_true (hsviz_is_grease (0xeaea));
  g_assert_false (hsviz_is_grease (0x0a1a));
  g_assert_false (hsviz_is_grease (0x1301));
}

static void
test_version_names (void)
{
  g_assert_cmpstr (hsviz_version_name (0x0304), ==, "TLS1.3");
  g_assert_cmpstr (hsviz_version_display_name (0x0304), ==, "TLS 1.3");
  g_assert_cmpstr (hsviz_version_display_name (0x0303), ==, "TLS 1.2");
  g_assert_cmpstr (hsviz_version_display_name (0x0300), ==, "SSL 3.0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/tables/known-suites", test_known_suites);
  g_test_add_func ("/handshakeviz/tables/every-gnutls-suite", test_every_gnutls_suite);
  g_test_add_func ("/handshakeviz/tables/other-names", test_other_names);
  g_test_add_func ("/handshakeviz/tables/version-names", test_version_names);

  return g_test_run ();
}
