/* test-certificate.c — HsvizCertificate against openssl's view of the same files
 *
 * The certificates come from tests/gen-certs.sh; every expected value is what `openssl x509`
 * prints for the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz-test-utils.h"

/* openssl and GnuTLS name the same algorithms differently: this is the only translation. */
static const struct
{
  const char *openssl;
  const char *gnutls;
} algorithm_names[] = {
  { "sha256WithRSAEncryption", "RSA-SHA256" },
  { "sha384WithRSAEncryption", "RSA-SHA384" },
  { "ecdsa-with-SHA256", "ECDSA-SHA256" },
  { "ecdsa-with-SHA384", "ECDSA-SHA384" },
  { "rsaEncryption", "RSA" },
  { "id-ecPublicKey", "EC/ECDSA" },
  { "ED25519", "Ed25519" },
  { "P-256", "SECP256R1" },
  { "P-384", "SECP384R1" },
};

static const char *
gnutls_name_for (const char *openssl_name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (algorithm_names); i++)
    if (g_str_equal (algorithm_names[i].openssl, openssl_name))
      return algorithm_names[i].gnutls;
  g_error ("no GnuTLS name known for openssl's '%s'", openssl_name);
  return NULL;
}

typedef struct
{
  char    *name;      /* openssl's, without "X509v3 " */
  gboolean critical;
  char    *value;     /* the first value line */
} OpensslExtension;

static void
openssl_extension_free (gpointer data)
{
  OpensslExtension *ext = data;

  g_free (ext->name);
  g_free (ext->value);
  g_free (ext);
}

/* The extension headers of `openssl x509 -text`, in order. */
static GPtrArray *
openssl_extensions (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-text", NULL };
  g_autofree char *text = hsviz_test_run_check (argv);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *exts = g_ptr_array_new_with_free_func (openssl_extension_free);
  gboolean in_extensions = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize indent = strspn (line, " ");

      if (strstr (line, "X509v3 extensions:") != NULL)
        {
          in_extensions = TRUE;
          continue;
        }
      if (!in_extensions)
        continue;
      if (indent < 12)
        break;
      if (indent == 12)
        {
          OpensslExtension *ext = g_new0 (OpensslExtension, 1);
          g_autofree char *header = g_strstrip (g_strdup (line));
          char *colon = strrchr (header, ':');

          g_assert_nonnull (colon);
          ext->critical = strstr (colon, "critical") != NULL;
          *colon = '\0';
          ext->name = g_strdup (g_str_has_prefix (header, "X509v3 ") ? header + 7 : header);
          if (lines[i + 1] != NULL)
            ext->value = g_strstrip (g_strdup (lines[i + 1]));
          g_ptr_array_add (exts, ext);
        }
    }
  return exts;
}

static HsvizCertificate *
load (const char *name)
{
  g_autoptr(GBytes) der = hsviz_test_cert_der (name);
  g_autoptr(GError) error = NULL;
  HsvizCertificate *cert;

  cert = hsviz_certificate_new_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);
  return cert;
}

static void
check_against_openssl (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = hsviz_test_cert_path (name);
  g_autoptr(HsvizCertificate) cert = load (name);
  g_autoptr(GHashTable) ossl = hsviz_test_openssl_x509 (path);
  g_autoptr(GPtrArray) exts = openssl_extensions (path);
  const char *san = g_hash_table_lookup (ossl, "san");
  g_autofree char *our_san = g_strjoinv (", ", cert->san);

  g_test_message ("%s: %s", name, cert->subject);

  g_assert_cmpint (cert->version, ==, 3);
  g_assert_cmpstr (cert->subject, ==, g_hash_table_lookup (ossl, "subject"));
  g_assert_cmpstr (cert->issuer, ==, g_hash_table_lookup (ossl, "issuer"));
  g_assert_cmpstr (cert->serial, ==, g_hash_table_lookup (ossl, "serial"));
  g_assert_cmpint (cert->not_before, ==,
                   g_ascii_strtoll (g_hash_table_lookup (ossl, "not_before"), NULL, 10));
  g_assert_cmpint (cert->not_after, ==,
                   g_ascii_strtoll (g_hash_table_lookup (ossl, "not_after"), NULL, 10));
  g_assert_cmpstr (our_san, ==, san != NULL ? san : "");
  g_assert_cmpstr (cert->sha256, ==, g_hash_table_lookup (ossl, "sha256"));
  g_assert_cmpstr (cert->sha1, ==, g_hash_table_lookup (ossl, "sha1"));
  g_assert_cmpuint (strlen (cert->sha256), ==, 64);
  g_assert_cmpuint (strlen (cert->sha1), ==, 40);

  g_assert_cmpstr (cert->public_key_algorithm, ==,
                   gnutls_name_for (g_hash_table_lookup (ossl, "key_algorithm")));
  if (g_hash_table_contains (ossl, "key_bits"))
    g_assert_cmpuint (cert->public_key_bits, ==,
                      g_ascii_strtoull (g_hash_table_lookup (ossl, "key_bits"), NULL, 10));
  else
    {
      /* openssl prints no size for Ed25519 keys: RFC 8032 fixes it at 256 bits. */
      g_assert_cmpstr (g_hash_table_lookup (ossl, "key_algorithm"), ==, "ED25519");
      g_assert_cmpuint (cert->public_key_bits, ==, 256);
    }
  if (g_hash_table_contains (ossl, "curve"))
    g_assert_cmpstr (cert->public_key_curve, ==,
                     gnutls_name_for (g_hash_table_lookup (ossl, "curve")));
  else
    g_assert_null (cert->public_key_curve);
  g_assert_cmpstr (cert->signature_algorithm, ==,
                   gnutls_name_for (g_hash_table_lookup (ossl, "signature_algorithm")));

  g_assert_cmpint (cert->is_ca, ==, g_str_equal (g_hash_table_lookup (ossl, "is_ca"), "TRUE"));
  /* All generated certificates carry valid signatures, so self-signed == subject is issuer. */
  g_assert_cmpint (cert->self_signed, ==,
                   g_str_equal (g_hash_table_lookup (ossl, "subject"),
                                g_hash_table_lookup (ossl, "issuer")));

  if (g_hash_table_contains (ossl, "ocsp"))
    {
      g_assert_cmpuint (g_strv_length (cert->ocsp_urls), ==, 1);
      g_assert_cmpstr (cert->ocsp_urls[0], ==, g_hash_table_lookup (ossl, "ocsp"));
    }
  else
    g_assert_cmpuint (g_strv_length (cert->ocsp_urls), ==, 0);
  if (g_hash_table_contains (ossl, "ca_issuers"))
    {
      g_assert_cmpuint (g_strv_length (cert->ca_issuer_urls), ==, 1);
      g_assert_cmpstr (cert->ca_issuer_urls[0], ==, g_hash_table_lookup (ossl, "ca_issuers"));
    }
  else
    g_assert_cmpuint (g_strv_length (cert->ca_issuer_urls), ==, 0);

  /* Extensions: same order, names, critical flags; values where both print them alike. */
  g_assert_cmpuint (cert->extensions->len, ==, exts->len);
  for (guint i = 0; i < exts->len; i++)
    {
      const OpensslExtension *theirs = g_ptr_array_index (exts, i);
      const HsvizCertExtension *ours = g_ptr_array_index (cert->extensions, i);

      g_test_message ("extension %s (%s) critical=%d value=%s", ours->name, ours->oid,
                      ours->critical, ours->value);
      g_assert_cmpstr (ours->name, ==, theirs->name);
      g_assert_cmpint (ours->critical, ==, theirs->critical);
      g_assert_true (g_str_has_prefix (ours->oid, "1.") || g_str_has_prefix (ours->oid, "2."));

      if (g_str_equal (ours->name, "Key Usage") ||
          g_str_equal (ours->name, "Extended Key Usage") ||
          g_str_equal (ours->name, "Basic Constraints"))
        g_assert_cmpstr (ours->value, ==, theirs->value);
      else if (g_str_equal (ours->name, "Subject Key Identifier") ||
               g_str_equal (ours->name, "Authority Key Identifier"))
        {
          const char *v = theirs->value;
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;

          if (g_str_has_prefix (v, "keyid:"))
            v += strlen ("keyid:");
          a = hsviz_test_normalize_hex (ours->value);
          b = hsviz_test_normalize_hex (v);
          g_assert_cmpstr (a, ==, b);
        }
      else if (g_str_equal (ours->name, "Subject Alternative Name"))
        g_assert_cmpstr (ours->value, ==, san);
    }
}

static void
test_known_values (void)
{
  g_autoptr(HsvizCertificate) rsa = load ("rsa.pem");
  g_autoptr(HsvizCertificate) ec = load ("ec.pem");
  g_autoptr(HsvizCertificate) ca = load ("ca.pem");

  /* What tests/gen-certs.sh asked openssl to write. */
  g_assert_cmpstr (rsa->subject, ==, "CN=localhost,O=Test Lab,C=DE");
  g_assert_cmpstr (rsa->issuer, ==, "CN=HandshakeViz Test CA,O=HandshakeViz Test,C=DE");
  g_assert_cmpstr (rsa->serial, ==, "1000");
  g_assert_cmpstr (ec->serial, ==, "1001");
  g_assert_cmpstr (rsa->san[0], ==, "DNS:localhost");
  g_assert_cmpstr (rsa->san[1], ==, "IP:127.0.0.1");
  g_assert_null (rsa->san[2]);
  g_assert_cmpstr (rsa->public_key_algorithm, ==, "RSA");
  g_assert_cmpuint (rsa->public_key_bits, ==, 2048);
  g_assert_cmpstr (ec->public_key_curve, ==, "SECP256R1");
  g_assert_cmpuint (ec->public_key_bits, ==, 256);
  g_assert_cmpstr (rsa->ocsp_urls[0], ==, "http://127.0.0.1:8888/ocsp");
  g_assert_cmpstr (rsa->ca_issuer_urls[0], ==, "http://127.0.0.1:8888/ca.der");
  g_assert_false (rsa->is_ca);
  g_assert_false (rsa->self_signed);
  g_assert_true (ca->is_ca);
  g_assert_true (ca->self_signed);
}

static void
test_pem (void)
{
  const char *names[] = { "rsa.pem", "ec.pem", "ca.pem" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(HsvizCertificate) cert = load (names[i]);
      g_autofree char *path = hsviz_test_cert_path (names[i]);
      g_autofree char *file = NULL;
      g_autofree char *pem = hsviz_certificate_to_pem (cert);

      g_assert_true (g_file_get_contents (path, &file, NULL, NULL));
      /* openssl writes the same 64-column PEM. */
      g_assert_cmpstr (pem, ==, file);
    }
}

static void
test_validity (void)
{
  g_autoptr(HsvizCertificate) rsa = load ("rsa.pem");
  g_autoptr(HsvizCertificate) expired = load ("expired.pem");
  g_autoptr(HsvizCertificate) future = load ("future.pem");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (hsviz_certificate_validity_at (rsa, now), ==, "valid");
  g_assert_cmpstr (hsviz_certificate_validity_at (expired, now), ==, "expired");
  g_assert_cmpstr (hsviz_certificate_validity_at (future, now), ==, "not yet valid");

  /* 2020-01-01 00:00:00Z .. 2021-01-01 00:00:00Z, as gen-certs.sh set them. */
  g_assert_cmpint (expired->not_before, ==, 1577836800);
  g_assert_cmpint (expired->not_after, ==, 1609459200);
  g_assert_cmpstr (hsviz_certificate_validity_at (expired, 1577836799), ==, "not yet valid");
  g_assert_cmpstr (hsviz_certificate_validity_at (expired, 1577836800), ==, "valid");
  g_assert_cmpstr (hsviz_certificate_validity_at (expired, 1609459200), ==, "valid");
  g_assert_cmpstr (hsviz_certificate_validity_at (expired, 1609459201), ==, "expired");
}

static void
test_bad_signature_not_self_signed (void)
{
  g_autoptr(GBytes) der = hsviz_test_cert_der ("ca.der");
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(HsvizCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  guint8 *data = g_memdup2 (g_bytes_get_data (der, &len), g_bytes_get_size (der));

  /* The last byte belongs to the signature value: the DER stays valid, the signature not. */
  data[len - 1] ^= 0x01;
  broken = g_bytes_new_take (data, len);
  cert = hsviz_certificate_new_from_der (broken, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cert->subject, ==, cert->issuer);
  g_assert_false (cert->self_signed);
}

static void
expect_bad (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  HsvizCertificate *cert = hsviz_certificate_new_from_der (bytes, &error);

  g_assert_null (cert);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_garbage (void)
{
  g_autoptr(GBytes) der = hsviz_test_cert_der ("rsa.der");
  g_autofree char *pem_path = hsviz_test_cert_path ("rsa.pem");
  g_autofree char *pem = NULL;
  gsize pem_len = 0;
  const guint8 *data = g_bytes_get_data (der, NULL);
  gsize len = g_bytes_get_size (der);
  static const guint8 junk[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = g_bytes_new_static (junk, sizeof junk - 1);
  g_autoptr(GBytes) pem_bytes = NULL;

  expect_bad (empty);
  expect_bad (text);
  g_assert_true (g_file_get_contents (pem_path, &pem, &pem_len, NULL));
  pem_bytes = g_bytes_new (pem, pem_len);
  expect_bad (pem_bytes);

  /* Every truncation is an error, never a crash. */
  for (gsize cut = 1; cut < len; cut++)
    {
      g_autoptr(GBytes) truncated = g_bytes_new (data, cut);

      expect_bad (truncated);
    }
}

static void
test_mutations (void)
{
  g_autoptr(GBytes) der = hsviz_test_cert_der ("rsa.der");
  gsize len = g_bytes_get_size (der);
  guint parsed = 0, rejected = 0;

  /* Flip every byte in turn: each result must be an error or a complete certificate. */
  for (gsize i = 0; i < len; i++)
    {
      guint8 *copy = g_memdup2 (g_bytes_get_data (der, NULL), len);
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsvizCertificate) cert = NULL;

      copy[i] ^= 0xff;
      mutated = g_bytes_new_take (copy, len);
      cert = hsviz_certificate_new_from_der (mutated, &error);
      if (cert == NULL)
        {
          g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_BAD_MESSAGE);
          rejected++;
        }
      else
        {
          g_autofree char *pem = hsviz_certificate_to_pem (cert);

          g_assert_no_error (error);
          g_assert_nonnull (cert->subject);
          g_assert_nonnull (cert->sha256);
          g_assert_nonnull (cert->san);
          g_assert_nonnull (pem);
          parsed++;
        }
    }
  g_test_message ("%u mutations parsed, %u rejected", parsed, rejected);
  g_assert_cmpuint (rejected, >, 0);
}

/* A self-signed certificate made now by certtool (GnuTLS's own tool) from @template. */
static HsvizCertificate *
certtool_certificate (const char *template)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-cert-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *tmpl = g_build_filename (dir, "cert.tmpl", NULL);
  g_autofree char *pem = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *out1 = NULL, *out2 = NULL, *data = NULL;
  gsize len = 0;
  gnutls_datum_t in, der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  HsvizCertificate *cert;

  g_assert_true (g_file_set_contents (tmpl, template, -1, NULL));
  {
    const char *argv[] = { "certtool", "--generate-privkey", "--key-type", "ecdsa", "--outfile", key, NULL };
    out1 = hsviz_test_run_check (argv);
  }
  {
    const char *argv[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
                           "--template", tmpl, "--outfile", pem, NULL };
    out2 = hsviz_test_run_check (argv);
  }
  g_assert_true (g_file_get_contents (pem, &data, &len, NULL));
  in.data = (unsigned char *) data;
  in.size = (unsigned int) len;
  g_assert_cmpint (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  cert = hsviz_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);
  hsviz_test_remove_dir (dir);
  return cert;
}

/* Dates before 1970 (GnuTLS's time_t getters give 0 or -1 there) are read from the DER. */
static void
test_dates_before_1970 (void)
{
  g_autoptr(HsvizCertificate) cert =
    certtool_certificate ("cn = \"old\"\nserial = 5\n"
                          "activation_date = \"1950-01-01 00:00:00\"\n"
                          "expiration_date = \"1969-06-30 12:00:00\"\n");
  g_autoptr(GDateTime) from = g_date_time_new_utc (1950, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) until = g_date_time_new_utc (1969, 6, 30, 12, 0, 0);

  g_assert_cmpint (cert->not_before, ==, g_date_time_to_unix (from));
  g_assert_cmpint (cert->not_after, ==, g_date_time_to_unix (until));
  g_assert_cmpstr (hsviz_certificate_validity_at (cert, 0), ==, "expired");
}

/* A leaf with 2003 alternative names: 1024 kept, and it says how many were not. */
static void
test_many_alternative_names (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hsviz-cert-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *der_path = g_build_filename (dir, "cert.der", NULL);
  g_autoptr(GString) san = g_string_new ("subjectAltName=");
  g_autoptr(HsvizCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autofree char *out = NULL;
  char *data = NULL;
  gsize len = 0;

  /* certtool's templates stop at 128 names: openssl makes this one */
  for (guint i = 0; i < 2003; i++)
    g_string_append_printf (san, "%sDNS:n%u.example.org", i ? "," : "", i);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-subj", "/CN=many",
                           "-days", "30", "-addext", san->str, "-outform", "DER", "-out", der_path, NULL };
    out = hsviz_test_run_check (argv);
  }
  g_assert_true (g_file_get_contents (der_path, &data, &len, NULL));
  der = g_bytes_new_take (data, len);
  cert = hsviz_certificate_new_from_der (der, &error);
  g_assert_no_error (error);
  hsviz_test_remove_dir (dir);
  g_assert_cmpuint (g_strv_length (cert->san), ==, 1024);
  g_assert_cmpuint (cert->san_omitted, ==, 2003 - 1024);
  g_assert_cmpstr (cert->san[1023], ==, "DNS:n1023.example.org");
}

int
main (int   argc,
      char *argv[])
{
  static const char *files[] = {
    "rsa.pem", "ec.pem", "ed25519.pem", "ca.pem", "wrong.pem", "expired.pem", "future.pem",
    "revoked.pem", "selfsigned.pem",
  };

  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/handshakeviz/certificate/openssl/%s", files[i]);

      g_test_add_data_func (path, files[i], check_against_openssl);
    }
  g_test_add_func ("/handshakeviz/certificate/known-values", test_known_values);
  g_test_add_func ("/handshakeviz/certificate/pem", test_pem);
  g_test_add_func ("/handshakeviz/certificate/validity", test_validity);
  g_test_add_func ("/handshakeviz/certificate/bad-signature", test_bad_signature_not_self_signed);
  g_test_add_func ("/handshakeviz/certificate/garbage", test_garbage);
  g_test_add_func ("/handshakeviz/certificate/mutations", test_mutations);
  g_test_add_func ("/handshakeviz/certificate/dates-before-1970", test_dates_before_1970);
  g_test_add_func ("/handshakeviz/certificate/many-alternative-names", test_many_alternative_names);

  return g_test_run ();
}
