/* hsviz-trust-text.c — the trust verdict in words, for every view (CLI, app, diagram)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "hsviz-trust-text.h"
#include "hsviz-diagnosis.h"
#include "hsviz-session.h"

void
hsviz_check_line_free (gpointer data)
{
  HsvizCheckLine *l = data;

  if (l == NULL)
    return;
  g_free (l->text);
  g_free (l);
}

static void
add_line (GPtrArray  *lines,
          HsvizTri    ok,
          char       *text)
{
  HsvizCheckLine *l = g_new0 (HsvizCheckLine, 1);

  l->ok = ok;
  l->text = text;
  g_ptr_array_add (lines, l);
}

static char *
date_text (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
}

GPtrArray *
hsviz_cert_check_lines (const HsvizCertCheck   *c,
                        const HsvizCertificate *cert)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (hsviz_check_line_free);
  g_autofree char *from = date_text (cert->not_before);
  g_autofree char *to = date_text (cert->not_after);

  if (c->expired)
    add_line (lines, 0, g_strdup_printf (_("dates: expired on %s (before the capture)"), to));
  else if (c->not_yet_valid)
    add_line (lines, 0, g_strdup_printf (_("dates: not valid before %s (after the capture)"), from));
  else if (c->expired_now)
    add_line (lines, 0, g_strdup_printf (_("dates: valid at the capture, expired since, on %s"), to));
  else if (c->not_yet_valid_now)
    add_line (lines, 0, g_strdup_printf (_("dates: not valid now, before %s"), from));
  else
    add_line (lines, 1, g_strdup_printf (_("dates: valid from %s to %s"), from, to));

  if (c->issued_by_next == 1 && c->signed_by_next == 1)
    add_line (lines, 1, g_strdup (_("issuer: signed by the next certificate sent")));
  else if (c->issued_by_next == 1)
    add_line (lines, 0, g_strdup (_("issuer: the next certificate sent names it, but its key does not "
                                    "verify the signature")));
  else if (c->issued_by_next == 0)
    add_line (lines, 0, g_strdup_printf (_("issuer: the next certificate sent is not its issuer "
                                           "(“%s”)"), cert->issuer));
  else if (c->self_signed)
    add_line (lines, -1, g_strdup (_("issuer: itself (self-signed)")));
  else
    add_line (lines, -1, g_strdup_printf (_("issuer: “%s”, not sent"), cert->issuer));

  if (c->is_ca)
    {
      g_autofree char *limit = c->path_len >= 0 ? g_strdup_printf ("%d", c->path_len) : g_strdup (_("none"));

      add_line (lines, c->ca_ok == 0 ? 0 : c->ca_ok, g_strdup_printf (_("CA: yes, path length limit %s"), limit));
    }
  else if (c->ca_ok == 0)
    add_line (lines, 0, g_strdup (_("CA: no, yet it signs the certificate before it")));

  if (c->weak_key)
    add_line (lines, 0, g_strdup_printf (_("key: %s %u bits, weak (browsers want 2048 or more)"),
                                         cert->public_key_algorithm, cert->public_key_bits));
  else
    add_line (lines, 1, g_strdup_printf (_("key: %s %u bits"), cert->public_key_algorithm,
                                         cert->public_key_bits));
  if (c->weak_signature)
    add_line (lines, c->self_signed ? -1 : 0,
              g_strdup_printf (_("signature: %s, weak (SHA-1 and MD5 are broken)"), cert->signature_algorithm));
  else
    add_line (lines, 1, g_strdup_printf (_("signature: %s"), cert->signature_algorithm));

  if (c->name_ok == 1)
    add_line (lines, 1, g_strdup_printf (_("name: matches %s"), c->name_matched));
  else if (c->name_ok == 0 && c->name_closest != NULL)
    add_line (lines, 0, g_strdup_printf (_("name: does not match; closest %s"), c->name_closest));
  else if (c->name_ok == 0)
    add_line (lines, 0, g_strdup (_("name: does not match; no name in the certificate")));
  if (c->key_usage_ok >= 0)
    add_line (lines, c->key_usage_ok, g_strdup (c->key_usage_ok ? _("key usage: allows a TLS server")
                                                                : _("key usage: neither digitalSignature nor keyEncipherment")));
  if (c->eku_ok >= 0)
    add_line (lines, c->eku_ok, g_strdup (c->eku_ok ? _("extended key usage: TLS server authentication")
                                                    : _("extended key usage: no TLS server authentication")));
  if (c->scts->len > 0)
    add_line (lines, -1, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u embedded SCT (Certificate Transparency), not verified against the log's key",
                                                       "%u embedded SCTs (Certificate Transparency), not verified against the logs' keys",
                                                       c->scts->len), c->scts->len));
  return lines;
}

char *
hsviz_sct_describe (const HsvizSct *sct)
{
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (sct->time);

  when = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
  return g_strdup_printf (_("log %s · %s · %s"), sct->log_id, when, sct->signature_algorithm);
}

/* Problems a browser rejects (the others it tolerates). */
static gboolean
problem_is_fatal (const HsvizChainProblem *p)
{
  return g_str_equal (p->code, "missing-intermediate") || g_str_equal (p->code, "expired-intermediate") ||
         g_str_equal (p->code, "self-signed") || g_str_equal (p->code, "not-ca");
}

static const HsvizChainProblem *
find_problem (HsvizConnection *c,
              const char      *code)
{
  GPtrArray *problems = hsviz_connection_get_chain_problems (c);

  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((HsvizChainProblem *) g_ptr_array_index (problems, i))->code, code))
      return g_ptr_array_index (problems, i);
  return NULL;
}

typedef struct
{
  GPtrArray *texts;    /* sentences */
  GPtrArray *shorts;   /* the same, a few words each (the diagram's action box) */
  gboolean   issuer_unknown;  /* self-signed, or no path to an anchor of the trust store */
} Failures;

static void
failures_clear (Failures *f)
{
  g_clear_pointer (&f->texts, g_ptr_array_unref);
  g_clear_pointer (&f->shorts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Failures, failures_clear)

static void
fail (Failures   *f,
      const char *short_text,
      char       *text)
{
  g_ptr_array_add (f->shorts, g_strdup (short_text));
  g_ptr_array_add (f->texts, text);
}

/* Every reason, most important first (what a browser names first). */
static void
failures (HsvizConnection *c,
          Failures        *out)
{
  const HsvizVerification *v = hsviz_connection_get_verification (c);
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  GPtrArray *checks = hsviz_connection_get_cert_checks (c);
  const HsvizChainProblem *p;
  const HsvizCertCheck *leaf = checks->len > 0 ? g_ptr_array_index (checks, 0) : NULL;
  const HsvizCertificate *leaf_cert = certs->len > 0 ? g_ptr_array_index (certs, 0) : NULL;
  gboolean weak_sig = FALSE;
  guint weak_bits = 0;

  out->texts = g_ptr_array_new_with_free_func (g_free);
  out->shorts = g_ptr_array_new_with_free_func (g_free);
  if (!v->present)
    return;
  if (!v->hostname_ok)
    fail (out, _("wrong name"), g_strdup_printf (_("the certificate is not for “%s”"),
                                           v->checked_name ? v->checked_name : "?"));
  if (leaf != NULL && (leaf->expired || leaf->expired_now))
    {
      g_autofree char *to = date_text (leaf_cert->not_after);

      fail (out, _("expired"), g_strdup_printf (_("the certificate expired on %s"), to));
    }
  if (leaf != NULL && (leaf->not_yet_valid || leaf->not_yet_valid_now))
    {
      g_autofree char *from = date_text (leaf_cert->not_before);

      fail (out, _("not yet valid"), g_strdup_printf (_("the certificate is not valid before %s"), from));
    }
  if ((p = find_problem (c, "expired-intermediate")) != NULL)
    fail (out, _("intermediate expired"), g_strdup_printf (_("the intermediate “%s” is outside its dates"), p->subject));
  out->issuer_unknown = TRUE;
  if (find_problem (c, "self-signed") != NULL)
    fail (out, _("self-signed"), g_strdup (_("the certificate is self-signed and not trusted here")));
  else if ((p = find_problem (c, "missing-intermediate")) != NULL)
    fail (out, _("issuer unknown"),
          g_strdup_printf (_("the issuer is unknown (“%s” was not sent and is not in the trust store: "
                             "an intermediate is missing, or the root is not trusted)"), p->subject));
  else if (v->status & GNUTLS_CERT_SIGNER_NOT_FOUND)
    fail (out, _("issuer unknown"), g_strdup (_("the issuer is unknown")));
  else
    out->issuer_unknown = FALSE;
  if ((p = find_problem (c, "not-ca")) != NULL)
    fail (out, _("signer not a CA"), g_strdup_printf (_("“%s” signs a certificate without being a CA"), p->subject));
  for (guint i = 0; i < checks->len; i++)
    {
      const HsvizCertCheck *k = g_ptr_array_index (checks, i);
      const HsvizCertificate *cert = g_ptr_array_index (certs, i);

      weak_sig |= k->weak_signature && !k->self_signed;
      if (k->weak_key && !k->self_signed && (weak_bits == 0 || cert->public_key_bits < weak_bits))
        weak_bits = cert->public_key_bits;
    }
  if (weak_sig)
    fail (out, _("weak signature"), g_strdup (_("a certificate is signed with SHA-1 or MD5")));
  if (weak_bits > 0)
    fail (out, _("weak key"), g_strdup_printf (_("a key has only %u bits"), weak_bits));
  if (v->status & GNUTLS_CERT_REVOKED)
    fail (out, _("revoked"), g_strdup (_("the certificate is revoked")));
  if (out->texts->len == 0 && !v->trusted)
    fail (out, _("not trusted"), g_strdup (v->text ? v->text : _("GnuTLS does not trust it")));
}

gboolean
hsviz_connection_trust_ok (HsvizConnection *c)
{
  g_auto(Failures) f = { NULL, NULL, FALSE };
  GPtrArray *problems;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), FALSE);
  if (!hsviz_connection_get_verification (c)->present)
    return FALSE;
  problems = hsviz_connection_get_chain_problems (c);
  for (guint i = 0; i < problems->len; i++)
    if (problem_is_fatal (g_ptr_array_index (problems, i)))
      return FALSE;
  failures (c, &f);
  return f.texts->len == 0;
}

char *
hsviz_connection_dup_trust_failure (HsvizConnection *c)
{
  g_auto(Failures) f = { NULL, NULL, FALSE };

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), NULL);
  failures (c, &f);
  return f.shorts->len > 0 ? g_strdup (g_ptr_array_index (f.shorts, 0)) : NULL;
}

char *
hsviz_connection_dup_browser_verdict (HsvizConnection *c)
{
  g_auto(Failures) f = { NULL, NULL, FALSE };
  g_autofree char *all = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), NULL);
  failures (c, &f);
  if (f.texts->len == 0)
    return NULL;
  g_ptr_array_add (f.texts, NULL);
  all = g_strjoinv ("; ", (char **) f.texts->pdata);
  return g_strdup_printf (_("A browser would stop here: %s."), all);
}

GPtrArray *
hsviz_connection_dup_trust_suggestions (HsvizConnection *c)
{
  g_auto(Failures) f = { NULL, NULL, FALSE };
  GPtrArray *suggestions = g_ptr_array_new_with_free_func (hsviz_suggestion_free);

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), suggestions);
  failures (c, &f);
  if (f.issuer_unknown)
    g_ptr_array_add (suggestions, hsviz_suggestion_new (HSVIZ_SUGGESTION_CAFILE,
                                                        _("Rerun trusting a CA file"), NULL));
  return suggestions;
}

char *
hsviz_connection_dup_step_note (HsvizConnection *c,
                                HsvizStep        step)
{
  const HsvizDiagnosis *d;
  g_autofree char *browser = NULL;
  GString *note = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), NULL);
  if (step == HSVIZ_STEP_AUTHENTICATION && (browser = hsviz_connection_dup_browser_verdict (c)) != NULL)
    g_string_append_printf (note, _("On this connection the check failed. %s"), browser);
  /* what a resumed connection skipped here, and why */
  {
    g_autofree char *resumed = hsviz_connection_dup_resumption_step_note (c, step);

    if (resumed != NULL)
      g_string_append_printf (note, "%s%s", note->len ? "\n" : "", resumed);
  }
  /* the step of the last message is where a failed handshake stopped */
  d = hsviz_connection_get_diagnosis (c);
  n = hsviz_connection_get_n_messages (c);
  if (d != NULL && n > 0 &&
      hsviz_message_get_step (hsviz_connection_get_message (c, n - 1)) == step)
    g_string_append_printf (note, "%s%s", note->len ? "\n" : "", d->summary);
  /* TLS 1.3 0-RTT: step 6's data that went in the first flight, or why none did */
  if (step == HSVIZ_STEP_ENCRYPTION)
    {
      g_autofree char *text = hsviz_connection_dup_early_data_text (c);

      if (text != NULL)
        g_string_append_printf (note, "%s%s", note->len ? "\n" : "", text);
    }
  return g_string_free (note, note->len == 0);
}
