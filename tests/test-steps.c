/* test-steps.c — the step mapping against the step table (docs/architecture.md), column by column
 *
 * The message sequences are those observed with GnuTLS 3.7.9 against openssl s_server
 * (GNUTLS-FACTS.md §1.3); the expected steps are the step table of docs/architecture.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hsviz.h"

#define C HSVIZ_DIRECTION_CLIENT
#define S HSVIZ_DIRECTION_SERVER

typedef struct
{
  guint8         type;
  HsvizDirection direction;
  gboolean       hello_retry;
  gboolean       after_handshake;
  HsvizStep      expected;
} Row;

static void
check_sequence (guint16          version,
                HsvizKeyExchange kx,
                const Row       *rows,
                gsize            n_rows)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      HsvizStepQuery q = {
        .version = version,
        .kx = kx,
        .type_code = rows[i].type,
        .hello_retry = rows[i].hello_retry,
        .direction = rows[i].direction,
        .position = i,
        .after_handshake = rows[i].after_handshake,
      };
      HsvizStep step = hsviz_step_for_message (&q);

      if (step != rows[i].expected)
        g_error ("message %" G_GSIZE_FORMAT " (%s from the %s): step %d, expected %d", i,
                 hsviz_handshake_type_name (rows[i].type, rows[i].hello_retry),
                 rows[i].direction == C ? "client" : "server", step, rows[i].expected);
    }
}

/* TLS 1.2, RSA key transport: CH, SH, Certificate, SHD, CKE, Finished, NST, Finished */
static void
test_tls12_rsa (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_HELLO_DONE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CLIENT_KEY_EXCHANGE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_NEW_SESSION_TICKET, S, FALSE, FALSE, 6 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.2, DHE-RSA with a server that asks to renegotiate after the handshake (Java JSSE) */
static void
test_tls12_hello_request (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_KEY_EXCHANGE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_HELLO_DONE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CLIENT_KEY_EXCHANGE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 6 },
    { HSVIZ_HS_HELLO_REQUEST, S, FALSE, TRUE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS12, HSVIZ_KX_DHE, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.2, ECDHE-RSA: the same plus ServerKeyExchange after Certificate */
static void
test_tls12_ecdhe (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_KEY_EXCHANGE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_HELLO_DONE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CLIENT_KEY_EXCHANGE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_NEW_SESSION_TICKET, S, FALSE, FALSE, 6 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, rows, G_N_ELEMENTS (rows));
  check_sequence (HSVIZ_VERSION_TLS12, HSVIZ_KX_DHE, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.2 with an OCSP staple (CertificateStatus between Certificate and SKE) and a
 * client-certificate request (CertificateRequest before SHD, empty client Certificate) */
static void
test_tls12_ocsp_and_client_certificate (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_STATUS, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_KEY_EXCHANGE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_REQUEST, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_HELLO_DONE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_CLIENT_KEY_EXCHANGE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_CERTIFICATE_VERIFY, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.3: CH, SH, EE, Certificate, CertificateVerify, Finished (server), Finished (client),
 * then NewSessionTicket ×2 after the handshake */
static void
test_tls13 (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_ENCRYPTED_EXTENSIONS, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_VERIFY, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_NEW_SESSION_TICKET, S, FALSE, TRUE, 6 },
    { HSVIZ_HS_NEW_SESSION_TICKET, S, FALSE, TRUE, 6 },
    { HSVIZ_HS_KEY_UPDATE, C, FALSE, TRUE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, rows, G_N_ELEMENTS (rows));
  /* the version alone decides, whatever kx the caller passes */
  check_sequence (HSVIZ_VERSION_TLS13, HSVIZ_KX_ECDHE, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.3 with a HelloRetryRequest: the second ClientHello is step 1 again */
static void
test_tls13_hello_retry (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, TRUE, FALSE, 2 },
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_ENCRYPTED_EXTENSIONS, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_VERIFY, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
    { HSVIZ_HS_NEW_SESSION_TICKET, S, FALSE, TRUE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, rows, G_N_ELEMENTS (rows));
}

/* TLS 1.3 with CertificateRequest after EE and the client's Certificate before its Finished */
static void
test_tls13_client_certificate (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_ENCRYPTED_EXTENSIONS, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_REQUEST, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE_VERIFY, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_FINISHED, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_CERTIFICATE, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_CERTIFICATE_VERIFY, C, FALSE, FALSE, 3 },
    { HSVIZ_HS_FINISHED, C, FALSE, FALSE, 6 },
  };

  check_sequence (HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, rows, G_N_ELEMENTS (rows));
}

/* Before the ServerHello the version is unknown: ClientHello 1, ServerHello 2 */
static void
test_unknown_version (void)
{
  static const Row rows[] = {
    { HSVIZ_HS_CLIENT_HELLO, C, FALSE, FALSE, 1 },
    { HSVIZ_HS_SERVER_HELLO, S, FALSE, FALSE, 2 },
    { HSVIZ_HS_SERVER_HELLO, S, TRUE, FALSE, 2 },
    { 99, S, FALSE, FALSE, HSVIZ_STEP_NONE },
  };

  check_sequence (0, HSVIZ_KX_UNKNOWN, rows, G_N_ELEMENTS (rows));
}

/* The captured openssl handshakes in tests/files/vectors give the real order and directions;
 * the steps they must map to are the step table's. */
static void
test_captured_sequences (void)
{
  static const struct
  {
    const char      *file;
    guint16          version;
    HsvizKeyExchange kx;
    const char      *steps;   /* one digit per message in wire order */
  } cases[] = {
    { "openssl-t12rsa.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA, "12223666" },
    { "openssl-t12ecdhe.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, "122223666" },
    { "openssl-t12dhe.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_DHE, "122223666" },
    { "openssl-t12ocsp.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, "1222223666" },
    { "openssl-t12creq.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, "12222233666" },
    { "openssl-t13.txt", HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, "122222666" },
    { "openssl-t13hrr.txt", HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, "12122222666" },
    { "openssl-t13creq.txt", HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, "12222223666" },
    { "gnutls-t13.txt", HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13, "122222666" },
    { "gnutls-t12ecdhe.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE, "122223666" },
    { "gnutls-t12rsa.txt", HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA, "12223666" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "vectors",
                                                     cases[c].file, NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) error = NULL;
      gboolean finished[2] = { FALSE, FALSE };
      guint n = 0;

      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) parts = NULL;
          HsvizStepQuery q = { 0, };
          guint8 bytes[38 + 32] = { 0, };
          gsize hex_len;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          parts = g_strsplit (lines[i], " ", 3);
          hex_len = strlen (parts[2]);
          for (gsize k = 0; k < sizeof bytes && 2 * k + 1 < hex_len; k++)
            bytes[k] = g_ascii_xdigit_value (parts[2][2 * k]) << 4 |
                       g_ascii_xdigit_value (parts[2][2 * k + 1]);

          q.version = cases[c].version;
          q.kx = cases[c].kx;
          q.type_code = bytes[0];
          q.direction = g_str_equal (parts[0], "client") ? C : S;
          q.hello_retry = hsviz_message_is_hello_retry_request (bytes, MIN (sizeof bytes, hex_len / 2));
          q.position = n;
          q.after_handshake = finished[C] && finished[S];
          if (q.type_code == HSVIZ_HS_FINISHED)
            finished[q.direction] = TRUE;

          g_assert_cmpuint (n, <, strlen (cases[c].steps));
          if (hsviz_step_for_message (&q) != (HsvizStep)(cases[c].steps[n] - '0'))
            g_error ("%s message %u (%s): step %d, expected %c", cases[c].file, n, parts[1],
                     hsviz_step_for_message (&q), cases[c].steps[n]);
          n++;
        }
      g_assert_cmpuint (n, ==, strlen (cases[c].steps));
    }
}

static void
test_records (void)
{
  /* TLS 1.2: ChangeCipherSpec starts step 6 */
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS12, HSVIZ_CONTENT_CHANGE_CIPHER_SPEC,
                                          FALSE, HSVIZ_STEP_AUTHENTICATION), ==, HSVIZ_STEP_ENCRYPTION);
  /* TLS 1.3: the middlebox-compatibility CCS belongs where it falls */
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS13, HSVIZ_CONTENT_CHANGE_CIPHER_SPEC,
                                          FALSE, HSVIZ_STEP_SERVER_HELLO), ==, HSVIZ_STEP_SERVER_HELLO);
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS13, HSVIZ_CONTENT_CHANGE_CIPHER_SPEC,
                                          FALSE, HSVIZ_STEP_CLIENT_HELLO), ==, HSVIZ_STEP_CLIENT_HELLO);
  /* TLS 1.3 encrypted handshake records carry the step so far; application data is 6 */
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS13, HSVIZ_CONTENT_APPLICATION_DATA,
                                          FALSE, HSVIZ_STEP_SERVER_HELLO), ==, HSVIZ_STEP_SERVER_HELLO);
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS13, HSVIZ_CONTENT_APPLICATION_DATA,
                                          TRUE, HSVIZ_STEP_ENCRYPTION), ==, HSVIZ_STEP_ENCRYPTION);
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS12, HSVIZ_CONTENT_APPLICATION_DATA,
                                          TRUE, HSVIZ_STEP_ENCRYPTION), ==, HSVIZ_STEP_ENCRYPTION);
  /* alerts: the step so far, in any protocol */
  g_assert_cmpint (hsviz_step_for_record (HSVIZ_VERSION_TLS12, HSVIZ_CONTENT_ALERT,
                                          FALSE, HSVIZ_STEP_SERVER_HELLO), ==, HSVIZ_STEP_SERVER_HELLO);
  g_assert_cmpint (hsviz_step_for_record (0, HSVIZ_CONTENT_ALERT,
                                          FALSE, HSVIZ_STEP_CLIENT_HELLO), ==, HSVIZ_STEP_CLIENT_HELLO);
}

static void
test_actions (void)
{
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS12, HSVIZ_ACTION_VERIFY_CERTIFICATE), ==, 3);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS12, HSVIZ_ACTION_PRE_MASTER), ==, 3);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS12, HSVIZ_ACTION_MASTER_SECRET), ==, 4);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS12, HSVIZ_ACTION_SESSION_KEYS), ==, 5);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS13, HSVIZ_ACTION_VERIFY_CERTIFICATE), ==, 3);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS13, HSVIZ_ACTION_PRE_MASTER), ==, 4);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS13, HSVIZ_ACTION_MASTER_SECRET), ==, 4);
  g_assert_cmpint (hsviz_step_for_action (HSVIZ_VERSION_TLS13, HSVIZ_ACTION_SESSION_KEYS), ==, 5);
}

static void
test_texts (void)
{
  /* one title per step, and an explanation saying what the step is on each protocol */
  for (HsvizStep step = HSVIZ_STEP_CLIENT_HELLO; step <= HSVIZ_STEP_ENCRYPTION; step++)
    {
      const char *rsa = hsviz_step_explain (step, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA);
      const char *tls13 = hsviz_step_explain (step, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13);

      g_assert_true (hsviz_step_title (step) != NULL && *hsviz_step_title (step) != '\0');
      g_assert_true (rsa != NULL && strlen (rsa) > 80);
      g_assert_true (tls13 != NULL && strlen (tls13) > 80);
      g_assert_cmpstr (rsa, !=, tls13);
      g_assert_nonnull (hsviz_step_explain (step, 0, HSVIZ_KX_UNKNOWN));
      g_assert_nonnull (hsviz_step_explain (step, HSVIZ_VERSION_TLS12, HSVIZ_KX_PSK));
    }
  g_assert_cmpstr (hsviz_step_title (HSVIZ_STEP_AUTHENTICATION), ==,
                   "Authentication and pre-master secret");
  g_assert_nonnull (hsviz_step_title (HSVIZ_STEP_NONE));
  g_assert_nonnull (hsviz_step_explain (HSVIZ_STEP_NONE, 0, HSVIZ_KX_UNKNOWN));

  /* the facts each column must state */
  g_assert_nonnull (strstr (hsviz_step_explain (3, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13),
                            "no pre-master secret is sent"));
  g_assert_nonnull (strstr (hsviz_step_explain (3, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13), "key_share"));
  g_assert_nonnull (strstr (hsviz_step_explain (3, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA), "encrypts"));
  g_assert_nonnull (strstr (hsviz_step_explain (3, HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE),
                            "no secret is encrypted"));
  g_assert_nonnull (strstr (hsviz_step_explain (2, HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE),
                            "ServerKeyExchange"));
  g_assert_nonnull (strstr (hsviz_step_explain (2, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13),
                            "HelloRetryRequest"));
  g_assert_nonnull (strstr (hsviz_step_explain (4, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13), "HKDF"));
  g_assert_nonnull (strstr (hsviz_step_explain (4, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA), "decrypts"));
  g_assert_nonnull (strstr (hsviz_step_explain (5, HSVIZ_VERSION_TLS12, HSVIZ_KX_ECDHE), "key expansion"));
  g_assert_nonnull (strstr (hsviz_step_explain (5, HSVIZ_VERSION_TLS13, HSVIZ_KX_TLS13),
                            "HKDF-Expand-Label"));
  g_assert_nonnull (strstr (hsviz_step_explain (6, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA),
                            "ChangeCipherSpec"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/steps/tls12-rsa", test_tls12_rsa);
  g_test_add_func ("/handshakeviz/steps/tls12-hello-request", test_tls12_hello_request);
  g_test_add_func ("/handshakeviz/steps/tls12-ecdhe", test_tls12_ecdhe);
  g_test_add_func ("/handshakeviz/steps/tls12-ocsp-client-certificate", test_tls12_ocsp_and_client_certificate);
  g_test_add_func ("/handshakeviz/steps/tls13", test_tls13);
  g_test_add_func ("/handshakeviz/steps/tls13-hello-retry", test_tls13_hello_retry);
  g_test_add_func ("/handshakeviz/steps/tls13-client-certificate", test_tls13_client_certificate);
  g_test_add_func ("/handshakeviz/steps/unknown-version", test_unknown_version);
  g_test_add_func ("/handshakeviz/steps/captured", test_captured_sequences);
  g_test_add_func ("/handshakeviz/steps/records", test_records);
  g_test_add_func ("/handshakeviz/steps/actions", test_actions);
  g_test_add_func ("/handshakeviz/steps/texts", test_texts);

  return g_test_run ();
}
