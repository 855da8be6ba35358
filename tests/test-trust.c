/* test-trust.c — our certificate checks, the chain as sent against the path built, embedded
 * SCTs, and the diagnosis of failed handshakes, against openssl s_server, gnutls-serv and a Go
 * crypto/tls server (tests/peers/go-tls-server.go)
 *
 * The certificates come from tests/gen-trust-certs.sh (certs dir, trust/).  Truth: openssl
 * x509 (dates, names, key size, signature algorithm, SCT log ids), openssl verify -show_chain
 * (the path, whether it reaches an anchor; -partial_chain for "signed by the next one"), and
 * for the diagnosis the servers' own settings; each suggestion of a failed handshake is rerun
 * and must complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hsviz-test-utils.h"

typedef struct
{
  const char *kind;      /* "openssl" | "gnutls" | "go" */
  const char *chain;     /* X of trust/chain-X.pem */
  const char *key;       /* trust/KEY */
  const char *cafile;    /* trust/CAFILE */
  const char *problems;  /* the problem codes, comma-separated, in order */
  gboolean    trusted;
  gboolean    time_ok;
  const char *extra[3];  /* more server arguments */
} TrustCase;

static char *
trust_path (const char *name)
{
  g_autofree char *rel = g_build_filename ("trust", name, NULL);

  return hsviz_test_cert_path (rel);
}

/* With @request, step 6's GET too (a TLS 1.3 server rejects a missing client certificate
 * after the client's Finished: the client learns it when it reads). */
static HsvizConnection *
capture_full (guint16     port,
              const char *cafile,
              const char *preset,
              const char *priority,
              gboolean    request)
{
  HsvizCaptureOptions options = { 0 };
  g_autoptr(HsvizCapture) cap = NULL;
  g_autoptr(GError) error = NULL;
  HsvizConnection *c;

  options.url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  options.servername = g_strdup ("localhost");
  options.cafile = cafile != NULL ? trust_path (cafile) : NULL;
  options.preset = g_strdup (preset);
  options.priority = g_strdup (priority);
  options.no_ocsp = TRUE;
  options.no_request = !request;
  options.timeout_ms = 20000;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  c = hsviz_test_capture_connection (cap, NULL, NULL);
  if (c == NULL)
    c = g_object_ref (hsviz_session_get_connection (hsviz_capture_get_session (cap), 0));
  return c;
}

static HsvizConnection *
capture (guint16     port,
         const char *cafile,
         const char *preset,
         const char *priority)
{
  return capture_full (port, cafile, preset, priority, FALSE);
}

static char *
problem_codes (GPtrArray *problems)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const HsvizChainProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (s, "%s%s", s->len ? "," : "", p->code);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Writes @cert as PEM into @dir, returns the path. */
static char *
write_pem (const char             *dir,
           const HsvizCertificate *cert,
           guint                   index)
{
  g_autofree char *name = g_strdup_printf ("sent-%u.pem", index);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *pem = hsviz_certificate_to_pem (cert);

  g_assert_true (g_file_set_contents (path, pem, -1, NULL));
  return path;
}

static int
run_status (const char * const *argv,
            char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  char *text = hsviz_test_run (argv, NULL, 30000, &status, NULL, &error);

  g_assert_no_error (error);
  if (out != NULL)
    *out = text;
  else
    g_free (text);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* Every check of every certificate sent against openssl's view of it. */
static void
assert_checks_match_openssl (HsvizConnection *c,
                             const char      *dir)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  GPtrArray *checks = hsviz_connection_get_cert_checks (c);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpuint (checks->len, ==, certs->len);
  for (guint i = 0; i < certs->len; i++)
    {
      const HsvizCertCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *pem = write_pem (dir, g_ptr_array_index (certs, i), i);
      g_autoptr(GHashTable) x = hsviz_test_openssl_x509 (pem);
      gint64 nb = g_ascii_strtoll (g_hash_table_lookup (x, "not_before"), NULL, 10);
      const char *argv_end[] = { "openssl", "x509", "-checkend", "0", "-noout", "-in", pem, NULL };
      gboolean expired = run_status (argv_end, NULL) != 0;

      g_assert_cmpint (check->expired_now, ==, expired);
      g_assert_cmpint (check->not_yet_valid_now, ==, now < nb);
      g_assert_cmpint (check->weak_signature, ==,
                       strstr (g_hash_table_lookup (x, "signature_algorithm"), "sha1") != NULL);
      g_assert_cmpint (check->weak_key, ==,
                       g_ascii_strtoll (g_hash_table_lookup (x, "key_bits"), NULL, 10) < 2048);
      g_assert_cmpint (check->is_ca, ==, g_str_equal (g_hash_table_lookup (x, "is_ca"), "TRUE"));
      if (i == 0)
        {
          const char *argv_host[] = { "openssl", "x509", "-checkhost", "localhost", "-noout", "-in", pem, NULL };
          g_autofree char *out = NULL;

          run_status (argv_host, &out);
          g_assert_cmpint (check->name_ok, ==, strstr (out, "does match") != NULL);
        }
      if (i + 1 < certs->len &&
          g_str_equal (((HsvizCertificate *) g_ptr_array_index (certs, i))->sha256,
                       ((HsvizCertificate *) g_ptr_array_index (certs, i + 1))->sha256))
        {
          /* openssl trusts a certificate that is its own anchor; X.509 does not call it
           * signed by itself unless it is self-signed */
          g_assert_cmpint (check->signed_by_next, ==, 0);
        }
      else if (i + 1 < certs->len)
        {
          /* openssl: the next one as the only anchor; dates and purpose left aside */
          g_autofree char *next = write_pem (dir, g_ptr_array_index (certs, i + 1), i + 1);
          const char *argv_sig[] = { "openssl", "verify", "-partial_chain", "-no_check_time",
                                     "-auth_level", "0", "-CAfile", next, pem, NULL };

          g_assert_cmpint (check->signed_by_next, ==, run_status (argv_sig, NULL) == 0);
        }
      else
        g_assert_cmpint (check->signed_by_next, ==, -1);
    }
}

/* The path against openssl verify -show_chain with the same anchors and the certificates sent. */
static void
assert_path_matches_openssl (HsvizConnection *c,
                             const char      *dir,
                             const char      *cafile)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  const HsvizChainPath *path = hsviz_connection_get_chain_path (c);
  g_autofree char *ca = trust_path (cafile);
  g_autofree char *leaf = write_pem (dir, g_ptr_array_index (certs, 0), 0);
  g_autofree char *untrusted = g_build_filename (dir, "untrusted.pem", NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint depth = 0;
  int status;

  for (guint i = 1; i < certs->len; i++)
    {
      g_autofree char *pem = hsviz_certificate_to_pem (g_ptr_array_index (certs, i));

      g_string_append (rest, pem);
    }
  g_assert_true (g_file_set_contents (untrusted, rest->str, -1, NULL));
  {
    const char *argv[] = { "openssl", "verify", "-show_chain", "-no_check_time", "-auth_level", "0",
                           "-nameopt", "RFC2253", "-CAfile", ca,
                           certs->len > 1 ? "-untrusted" : leaf, certs->len > 1 ? untrusted : NULL,
                           leaf, NULL };

    status = run_status (argv, &out);
  }
  g_assert_true (path->present);
  g_assert_cmpint (path->anchored, ==, status == 0);
  if (status != 0)
    return;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const HsvizCertificate *on_path;
      char *colon;

      if (!g_str_has_prefix (lines[i], "depth="))
        continue;
      on_path = hsviz_chain_path_certificate (path, certs, depth, NULL);
      g_assert_nonnull (on_path);
      colon = strchr (lines[i], ':');
      g_assert_nonnull (colon);
      g_assert_true (g_str_has_prefix (colon + 2, on_path->subject));
      depth++;
    }
  g_assert_cmpuint (depth, ==, path->path->len);
}

/* The certificates sent are the chain file's, in its order (openssl s_server and Go send the
 * file as it is): the SHA-256 of each PEM block's DER. */
static void
assert_sent_as_file (HsvizConnection *c,
                     const char      *chain)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  g_autofree char *path = hsviz_test_cert_path (chain);
  g_autofree char *text = NULL;
  g_auto(GStrv) blocks = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  blocks = g_strsplit (text, "-----BEGIN CERTIFICATE-----", -1);
  for (guint i = 1; blocks[i] != NULL; i++)
    {
      char *end = strstr (blocks[i], "-----END CERTIFICATE-----");
      gsize len = 0;
      g_autofree guchar *der = NULL;
      g_autofree char *sha256 = NULL;

      g_assert_nonnull (end);
      *end = '\0';
      der = g_base64_decode (blocks[i], &len);
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, len);
      g_assert_cmpuint (n, <, certs->len);
      g_assert_cmpstr (((HsvizCertificate *) g_ptr_array_index (certs, n))->sha256, ==, sha256);
      n++;
    }
  g_assert_cmpuint (n, ==, certs->len);
}

/* The trust facts survive the session file. */
static void
assert_round_trip (HsvizConnection *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) back = hsviz_test_reload (c, FALSE, &error);
  g_autofree char *a = NULL, *b = NULL;
  const HsvizChainPath *pa, *pb;

  g_assert_no_error (error);
  a = problem_codes (hsviz_connection_get_chain_problems (c));
  b = problem_codes (hsviz_connection_get_chain_problems (back));
  g_assert_cmpstr (a, ==, b);
  pa = hsviz_connection_get_chain_path (c);
  pb = hsviz_connection_get_chain_path (back);
  g_assert_cmpint (pa->present, ==, pb->present);
  g_assert_cmpint (pa->anchored, ==, pb->anchored);
  g_assert_cmpuint (pa->path->len, ==, pb->path->len);
  for (guint i = 0; i < pa->path->len; i++)
    g_assert_cmpstr (g_ptr_array_index (pa->path, i), ==, g_ptr_array_index (pb->path, i));
  g_assert_cmpuint (hsviz_connection_get_cert_checks (back)->len, ==,
                    hsviz_connection_get_cert_checks (c)->len);
  g_assert_cmpint (hsviz_connection_get_verification (back)->time_ok, ==,
                   hsviz_connection_get_verification (c)->time_ok);
}

static void
test_case (gconstpointer data)
{
  const TrustCase *tc = data;
  g_autofree char *chain = g_strdup_printf ("trust/chain-%s.pem", tc->chain);
  g_autofree char *rest = g_strdup_printf ("trust/rest-%s.pem", tc->chain);
  g_autofree char *rest_path = hsviz_test_cert_path (rest);
  g_autofree char *key = g_strdup_printf ("trust/%s", tc->key);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = NULL;
  g_autoptr(HsvizConnection) c = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hsviz-trust-XXXXXX", NULL);
  g_autofree char *codes = NULL;
  gsize rest_len = 0;
  g_autofree char *rest_text = NULL;
  const HsvizVerification *v;

  g_file_get_contents (rest_path, &rest_text, &rest_len, NULL);
  if (g_str_equal (tc->kind, "openssl"))
    {
      g_ptr_array_add (args, "-cert");
      g_ptr_array_add (args, chain);
      if (rest_len > 0)
        {
          g_ptr_array_add (args, "-cert_chain");
          g_ptr_array_add (args, rest);
        }
      g_ptr_array_add (args, "-key");
    }
  else if (g_str_equal (tc->kind, "gnutls"))
    {
      g_ptr_array_add (args, "--x509certfile");
      g_ptr_array_add (args, chain);
      g_ptr_array_add (args, "--x509keyfile");
    }
  else
    g_ptr_array_add (args, chain);   /* go: CERT KEY */
  g_ptr_array_add (args, key);
  for (guint i = 0; tc->extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) tc->extra[i]);
  g_ptr_array_add (args, NULL);

  peer = hsviz_test_peer_start (tc->kind, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  c = capture (hsviz_test_peer_get_port (peer), tc->cafile, NULL, NULL);
  g_assert_true (hsviz_connection_get_outcome (c)->completed);
  g_assert_null (hsviz_connection_get_diagnosis (c));

  v = hsviz_connection_get_verification (c);
  g_assert_true (v->present);
  g_test_message ("%s %s: %s", tc->kind, tc->chain, v->text);
  codes = problem_codes (hsviz_connection_get_chain_problems (c));
  g_assert_cmpstr (codes, ==, tc->problems);
  g_assert_cmpint (v->trusted, ==, tc->trusted);
  /* never a ✓ for dates while a certificate sent is outside them */
  g_assert_cmpint (v->time_ok, ==, tc->time_ok);
  /* the issuer unknown or self-signed: a rerun trusting a CA file is suggested */
  {
    g_autoptr(GPtrArray) reruns = hsviz_connection_dup_trust_suggestions (c);
    gboolean unknown = strstr (tc->problems, "missing-intermediate") != NULL ||
                       strstr (tc->problems, "self-signed") != NULL;

    g_assert_cmpuint (reruns->len, ==, unknown ? 1 : 0);
    if (unknown)
      g_assert_cmpstr (((HsvizSuggestion *) g_ptr_array_index (reruns, 0))->option, ==, "--cafile");
  }
  assert_checks_match_openssl (c, dir);
  assert_path_matches_openssl (c, dir, tc->cafile);
  if (!g_str_equal (tc->kind, "gnutls"))
    assert_sent_as_file (c, chain);
  assert_round_trip (c);
  hsviz_test_remove_dir (dir);
}

static const TrustCase cases[] = {
  { "openssl", "good", "leaf.key", "root.pem", "", TRUE, TRUE, { NULL } },
  { "openssl", "missing", "leaf.key", "root.pem", "missing-intermediate", FALSE, TRUE, { NULL } },
  { "openssl", "extra-root", "leaf.key", "root.pem", "extra-root", TRUE, TRUE, { NULL } },
  { "openssl", "wrong-order", "leaf2.key", "root.pem", "wrong-order,wrong-order", TRUE, TRUE, { NULL } },
  { "openssl", "unrelated", "leaf.key", "root.pem", "unrelated", TRUE, TRUE, { NULL } },
  { "openssl", "duplicate", "leaf.key", "root.pem", "duplicate", TRUE, TRUE, { NULL } },
  { "openssl", "expired-inter", "leaf-ei.key", "root.pem", "expired-intermediate", FALSE, FALSE, { NULL } },
  { "openssl", "expired", "leaf-expired.key", "root.pem", "", FALSE, FALSE, { NULL } },
  /* the issuer unknown: GnuTLS stops at signer-not-found, the dates are still ours to check */
  { "openssl", "expired", "leaf-expired.key", "other.pem", "missing-intermediate", FALSE, FALSE, { NULL } },
  { "openssl", "future", "leaf-future.key", "root.pem", "", FALSE, FALSE, { NULL } },
  { "openssl", "wrong", "leaf-wrong.key", "root.pem", "", FALSE, TRUE, { NULL } },
  { "openssl", "self", "self.key", "root.pem", "self-signed", FALSE, TRUE, { NULL } },
  { "openssl", "sha1", "leaf-sha1.key", "root.pem", "", FALSE, TRUE, { "-cipher", "DEFAULT@SECLEVEL=0", NULL } },
  { "openssl", "1024", "leaf-1024.key", "root.pem", "", TRUE, TRUE, { "-cipher", "DEFAULT@SECLEVEL=0", NULL } },
  { "gnutls", "good", "leaf.key", "root.pem", "", TRUE, TRUE, { NULL } },
  { "gnutls", "missing", "leaf.key", "root.pem", "missing-intermediate", FALSE, TRUE, { NULL } },
  { "gnutls", "extra-root", "leaf.key", "root.pem", "extra-root", TRUE, TRUE, { NULL } },
  /* gnutls-serv sorts the chain it loads and drops the unrelated certificate: nothing to report */
  { "gnutls", "unrelated", "leaf.key", "root.pem", "", TRUE, TRUE, { NULL } },
  { "gnutls", "expired-inter", "leaf-ei.key", "root.pem", "expired-intermediate", FALSE, FALSE, { NULL } },
  { "gnutls", "expired", "leaf-expired.key", "other.pem", "missing-intermediate", FALSE, FALSE, { NULL } },
  { "gnutls", "self", "self.key", "root.pem", "self-signed", FALSE, TRUE, { NULL } },
  { "gnutls", "wrong", "leaf-wrong.key", "root.pem", "", FALSE, TRUE, { NULL } },
  /* Go sends the chain file as it is: the same problems as openssl s_server */
  { "go", "wrong-order", "leaf2.key", "root.pem", "wrong-order,wrong-order", TRUE, TRUE, { NULL } },
  { "go", "unrelated", "leaf.key", "root.pem", "unrelated", TRUE, TRUE, { NULL } },
};

/* The leaf's embedded SCTs: the two made-up ones of gen-trust-certs.sh, as openssl reads them. */
static void
test_scts (void)
{
  const char *args[] = { "-cert", "trust/chain-sct.pem", "-cert_chain", "trust/rest-sct.pem",
                         "-key", "trust/leaf-sct.key", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("openssl", args, &error);
  g_autoptr(HsvizConnection) c = NULL;
  g_autofree char *pem = trust_path ("leaf-sct.pem");
  const char *argv[] = { "openssl", "x509", "-noout", "-text", "-in", pem, NULL };
  g_autofree char *text = hsviz_test_run_check (argv);
  g_autofree char *flat = NULL;
  const HsvizCertCheck *leaf;
  const char *names[] = { "HandshakeViz test log 1", "HandshakeViz test log 2" };
  const gint64 times[] = { 1700000000, 1700000001 };

  g_assert_no_error (error);
  c = capture (hsviz_test_peer_get_port (peer), "root.pem", NULL, NULL);
  leaf = g_ptr_array_index (hsviz_connection_get_cert_checks (c), 0);
  g_assert_cmpuint (leaf->scts->len, ==, 2);
  /* openssl prints the log ids as "30:19:9D:...:" over two lines: compare without separators */
  {
    g_autoptr(GString) s = g_string_new (NULL);

    for (const char *p = text; *p; p++)
      if (g_ascii_isxdigit (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
    flat = g_string_free (g_steal_pointer (&s), FALSE);
  }
  for (guint i = 0; i < 2; i++)
    {
      const HsvizSct *sct = g_ptr_array_index (leaf->scts, i);
      g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, names[i], -1);

      g_assert_cmpstr (sct->log_id, ==, id);
      g_assert_nonnull (strstr (flat, id));
      g_assert_cmpint (sct->time, ==, times[i]);
      g_assert_cmpstr (sct->signature_algorithm, ==, "ECDSA-SHA256");
    }
  g_assert_nonnull (strstr (text, "Timestamp : Nov 14 22:13:20.000 2023 GMT"));
  assert_round_trip (c);
}

/* ---- failed handshakes ---- */

static const HsvizSuggestion *
find_suggestion (const HsvizDiagnosis *d,
                 const char           *preset,
                 const char           *priority_part,
                 const char           *option)
{
  for (guint i = 0; i < d->suggestions->len; i++)
    {
      const HsvizSuggestion *s = g_ptr_array_index (d->suggestions, i);

      if ((preset != NULL && g_strcmp0 (s->preset, preset) == 0) ||
          (priority_part != NULL && s->priority != NULL && strstr (s->priority, priority_part)) ||
          (option != NULL && g_strcmp0 (s->option, option) == 0))
        return s;
    }
  return NULL;
}

static gboolean
has_cause (const HsvizDiagnosis *d,
           const char           *part)
{
  for (guint i = 0; i < d->causes->len; i++)
    if (strstr (g_ptr_array_index (d->causes, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static const HsvizDiagnosis *
assert_failed (HsvizConnection *c,
               const char      *summary_part)
{
  const HsvizDiagnosis *d = hsviz_connection_get_diagnosis (c);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hsviz_test_connection_to_json (c, FALSE);
  g_autofree char *data = json_to_string (node, FALSE);
  g_autoptr(HsvizConnection) back = NULL;

  /* failed, in the handshake or (TLS 1.3, a client certificate refused) after both Finished */
  g_assert_nonnull (hsviz_connection_get_outcome (c)->error);
  g_assert_nonnull (d);
  g_test_message ("%s", d->summary);
  for (guint i = 0; i < d->causes->len; i++)
    g_test_message ("  cause: %s", (char *) g_ptr_array_index (d->causes, i));
  g_assert_nonnull (strstr (d->summary, summary_part));
  g_assert_cmpuint (d->causes->len, >, 0);
  /* saved and read back: the same diagnosis */
  g_assert_nonnull (strstr (data, "\"diagnosis\""));
  back = hsviz_test_reload (c, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hsviz_connection_get_diagnosis (back)->summary, ==, d->summary);
  return d;
}

/* Runs the suggestion's one change against the same server: it must complete. */
static void
assert_rerun_completes (HsvizTestPeer         *peer,
                        const HsvizSuggestion *s)
{
  g_autoptr(HsvizConnection) again = NULL;

  g_assert_nonnull (s);
  g_test_message ("rerun: %s", s->label);
  again = capture (hsviz_test_peer_get_port (peer), "root.pem", s->preset, s->priority);
  g_assert_true (hsviz_connection_get_outcome (again)->completed);
  g_assert_null (hsviz_connection_get_diagnosis (again));
}

static HsvizTestPeer *
start_good (const char         *kind,
            const char * const *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  HsvizTestPeer *peer;

  if (g_str_equal (kind, "openssl"))
    {
      const char *base[] = { "-cert", "trust/leaf.pem", "-cert_chain", "trust/inter.pem",
                             "-key", "trust/leaf.key" };

      for (guint i = 0; i < G_N_ELEMENTS (base); i++)
        g_ptr_array_add (args, (gpointer) base[i]);
    }
  else
    {
      g_ptr_array_add (args, "--x509certfile");
      g_ptr_array_add (args, "trust/chain-good.pem");
      g_ptr_array_add (args, "--x509keyfile");
      g_ptr_array_add (args, "trust/leaf.key");
    }
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  peer = hsviz_test_peer_start (kind, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  return peer;
}

static void
test_no_shared_cipher (void)
{
  const char *extra[] = { "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", "-no_tls1_3", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good ("openssl", extra);
  g_autoptr(HsvizConnection) c = capture (hsviz_test_peer_get_port (peer), "root.pem", "tls12-rsa", NULL);
  const HsvizDiagnosis *d = assert_failed (c, "handshake_failure (40)");

  g_assert_true (has_cause (d, "no shared cipher suite"));
  assert_rerun_completes (peer, find_suggestion (d, "default", NULL, NULL));
}

static void
test_no_shared_cipher_gnutls (void)
{
  const char *extra[] = { "--priority", "NORMAL:-VERS-TLS1.3:-KX-ALL:+ECDHE-RSA", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good ("gnutls", extra);
  g_autoptr(HsvizConnection) c = capture (hsviz_test_peer_get_port (peer), "root.pem", "tls12-rsa", NULL);
  const HsvizDiagnosis *d = assert_failed (c, "The server gave up");

  g_assert_true (has_cause (d, "no shared cipher suite"));
  assert_rerun_completes (peer, find_suggestion (d, "default", NULL, NULL));
}

static void
test_no_shared_group (void)
{
  const char *extra[] = { "-groups", "P-521", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good ("openssl", extra);
  g_autoptr(HsvizConnection) c = capture (hsviz_test_peer_get_port (peer), "root.pem", NULL,
                                          "NORMAL:-GROUP-ALL:+GROUP-X25519");
  const HsvizDiagnosis *d = assert_failed (c, "handshake_failure (40)");

  g_assert_true (has_cause (d, "Groups offered: x25519"));
  assert_rerun_completes (peer, find_suggestion (d, NULL, "+GROUP-ALL", NULL));
}

static void
test_no_shared_version (void)
{
  const char *extra[] = { "-tls1_3", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good ("openssl", extra);
  g_autoptr(HsvizConnection) c = capture (hsviz_test_peer_get_port (peer), "root.pem", "tls12", NULL);
  const HsvizDiagnosis *d = assert_failed (c, "protocol_version (70)");

  g_assert_true (has_cause (d, "No shared version"));
  assert_rerun_completes (peer, find_suggestion (d, "tls13", NULL, NULL));
}

static void
test_no_shared_version_gnutls (void)
{
  const char *extra[] = { "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good ("gnutls", extra);
  g_autoptr(HsvizConnection) c = capture (hsviz_test_peer_get_port (peer), "root.pem", "tls12", NULL);
  const HsvizDiagnosis *d = assert_failed (c, "The server gave up");

  assert_rerun_completes (peer, find_suggestion (d, "tls13", NULL, NULL));
}

static void
test_client_certificate (gconstpointer data)
{
  const char *kind = data;
  const char *openssl[] = { "-Verify", "1", NULL };
  const char *gnutls[] = { "--require-client-cert", "--verify-client-cert", NULL };
  g_autoptr(HsvizTestPeer) peer = start_good (kind, g_str_equal (kind, "openssl") ? openssl : gnutls);
  g_autoptr(HsvizConnection) c = capture_full (hsviz_test_peer_get_port (peer), "root.pem", NULL, NULL, TRUE);
  /* the server's alert, or (gnutls-serv, when it closes before we read it) the close */
  const HsvizDiagnosis *d = assert_failed (c, "The server");

  g_assert_true (has_cause (d, "CertificateRequest"));
  g_assert_nonnull (find_suggestion (d, NULL, NULL, "--cert"));
}

/* Starts @argv (a plain service on 127.0.0.1:@port) and waits until it accepts. */
static GSubprocess *
start_plain (const char * const *argv,
             guint16             port)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                            G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;

      g_socket_client_set_enable_proxy (client, FALSE);
      conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (conn != NULL)
        return p;
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static void
stop_plain (GSubprocess *p)
{
  g_subprocess_force_exit (p);
  g_subprocess_wait (p, NULL, NULL);
  g_object_unref (p);
}

static void
test_plain_http (void)
{
  guint16 port = hsviz_test_free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { "python3", "-m", "http.server", "--bind", "127.0.0.1", port_text, NULL };
  GSubprocess *server = start_plain (argv, port);
  g_autoptr(HsvizConnection) c = capture (port, "root.pem", NULL, NULL);
  const HsvizDiagnosis *d = assert_failed (c, "did not answer in TLS");

  g_assert_true (has_cause (d, "plain HTTP"));
  stop_plain (server);
}

/* The first line @port on 127.0.0.1 says when connected to, without its line end. */
static char *
read_greeting (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  char *line;

  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  g_data_input_stream_set_newline_type (G_DATA_INPUT_STREAM (in), G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* A real non-TLS service: Python's SMTP debugging server greets with "220 HOSTNAME Python SMTP
 * proxy version 0.3"; the cause quotes that line whole (up to 120 characters and "…"), as a
 * client of our own reads it. */
static void
test_non_tls_service (void)
{
  guint16 port = hsviz_test_free_port ();
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", port);
  const char *argv[] = { "python3", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", where, NULL };
  GSubprocess *server = start_plain (argv, port);
  g_autofree char *greeting = read_greeting (port);
  g_autoptr(HsvizConnection) c = capture (port, "root.pem", NULL, NULL);
  const HsvizDiagnosis *d = assert_failed (c, "did not answer in TLS");
  gboolean cut = strlen (greeting) > 120;
  g_autofree char *quoted = NULL;

  g_test_message ("greeting: %s", greeting);
  if (cut)
    greeting[120] = '\0';
  quoted = g_strdup_printf ("“%s%s”", greeting, cut ? "…" : "");
  g_assert_true (has_cause (d, "SMTP"));
  g_assert_true (has_cause (d, quoted));
  g_assert_nonnull (find_suggestion (d, NULL, NULL, "--starttls=smtp"));
  stop_plain (server);
}

/* vsftpd (explicit FTPS) tried as https: its "220 (vsFTPd ...)" greeting is recognised as FTP,
 * and the suggested rerun (ftp://, AUTH TLS) completes. */
static void
test_ftp_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("vsftpd", NULL, &error);
  g_autoptr(HsvizConnection) c = NULL;
  g_autoptr(HsvizConnection) again = NULL;
  g_autoptr(HsvizCapture) cap = NULL;
  HsvizCaptureOptions options = { 0 };
  const HsvizDiagnosis *d;
  const HsvizSuggestion *s;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  c = capture (hsviz_test_peer_get_port (peer), "root.pem", NULL, NULL);
  d = assert_failed (c, "did not answer in TLS");
  g_assert_true (has_cause (d, "vsFTPd"));
  s = find_suggestion (d, NULL, NULL, "--starttls=ftp");
  g_assert_nonnull (s);
  g_assert_cmpint (s->kind, ==, HSVIZ_SUGGESTION_STARTTLS);
  url = hsviz_suggestion_dup_url (s, c);
  expected = g_strdup_printf ("ftp://%s/", hsviz_test_peer_get_address (peer));
  g_assert_cmpstr (url, ==, expected);

  options.url = g_strdup (url);
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.no_ocsp = TRUE;
  options.timeout_ms = 30000;
  cap = hsviz_capture_new (&options, &error);
  hsviz_capture_options_clear (&options);
  g_assert_no_error (error);
  again = hsviz_test_capture_connection (cap, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hsviz_connection_get_outcome (again)->completed);
  g_assert_cmpstr (hsviz_connection_get_starttls (again), ==, "ftp");
  g_assert_null (hsviz_connection_get_diagnosis (again));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/handshakeviz/trust/%s/%s-%s", cases[i].kind,
                                               cases[i].chain, cases[i].cafile);

      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/handshakeviz/trust/scts", test_scts);
  g_test_add_func ("/handshakeviz/diagnosis/openssl/no-shared-cipher", test_no_shared_cipher);
  g_test_add_func ("/handshakeviz/diagnosis/gnutls/no-shared-cipher", test_no_shared_cipher_gnutls);
  g_test_add_func ("/handshakeviz/diagnosis/openssl/no-shared-group", test_no_shared_group);
  g_test_add_func ("/handshakeviz/diagnosis/openssl/no-shared-version", test_no_shared_version);
  g_test_add_func ("/handshakeviz/diagnosis/gnutls/no-shared-version", test_no_shared_version_gnutls);
  g_test_add_data_func ("/handshakeviz/diagnosis/openssl/client-certificate", "openssl", test_client_certificate);
  g_test_add_data_func ("/handshakeviz/diagnosis/gnutls/client-certificate", "gnutls", test_client_certificate);
  g_test_add_func ("/handshakeviz/diagnosis/plain-http", test_plain_http);
  g_test_add_func ("/handshakeviz/diagnosis/non-tls-service", test_non_tls_service);
  g_test_add_func ("/handshakeviz/diagnosis/ftp-service", test_ftp_service);
  return g_test_run ();
}
