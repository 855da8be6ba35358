/* hsviz-diagnosis.c — why a handshake failed, derived from what the connection holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-diagnosis.h"
#include "hsviz-error.h"
#include "hsviz-field.h"
#include "hsviz-tables.h"
#include "hsviz-target.h"

#define EXT_SUPPORTED_GROUPS     10
#define EXT_SIGNATURE_ALGORITHMS 13
#define EXT_SUPPORTED_VERSIONS   43

/* alert descriptions (RFC 8446 §6) */
#define ALERT_HANDSHAKE_FAILURE     40
#define ALERT_BAD_CERTIFICATE       42
#define ALERT_ILLEGAL_PARAMETER     47
#define ALERT_DECODE_ERROR          50
#define ALERT_PROTOCOL_VERSION      70
#define ALERT_INSUFFICIENT_SECURITY 71
#define ALERT_CERTIFICATE_REQUIRED  116

void
hsviz_suggestion_free (gpointer data)
{
  HsvizSuggestion *s = data;

  if (s == NULL)
    return;
  g_free (s->label);
  g_free (s->preset);
  g_free (s->priority);
  g_free (s->option);
  g_free (s->starttls);
  g_free (s);
}

void
hsviz_diagnosis_free (HsvizDiagnosis *d)
{
  if (d == NULL)
    return;
  g_free (d->summary);
  g_clear_pointer (&d->causes, g_ptr_array_unref);
  g_clear_pointer (&d->suggestions, g_ptr_array_unref);
  g_free (d);
}

HsvizSuggestion *
hsviz_suggestion_new (HsvizSuggestionKind  kind,
                      const char          *label,
                      const char          *value)
{
  HsvizSuggestion *s = g_new0 (HsvizSuggestion, 1);

  s->kind = kind;
  s->label = g_strdup (label);
  switch (kind)
    {
    case HSVIZ_SUGGESTION_PRESET:
      s->preset = g_strdup (value);
      break;
    case HSVIZ_SUGGESTION_PRIORITY:
      s->priority = g_strdup (value);
      break;
    case HSVIZ_SUGGESTION_STARTTLS:
      s->starttls = g_strdup (value);
      s->option = g_strdup_printf ("--starttls=%s", value);
      break;
    case HSVIZ_SUGGESTION_CLIENT_CERT:
      s->option = g_strdup ("--cert");
      break;
    case HSVIZ_SUGGESTION_CAFILE:
      s->option = g_strdup ("--cafile");
      break;
    default:
      g_assert_not_reached ();
    }
  return s;
}

static void
suggest (HsvizDiagnosis      *d,
         HsvizSuggestionKind  kind,
         const char          *label,
         const char          *value)
{
  g_ptr_array_add (d->suggestions, hsviz_suggestion_new (kind, label, value));
}

char *
hsviz_suggestion_dup_url (const HsvizSuggestion *s,
                          HsvizConnection       *c)
{
  const HsvizTarget *t;

  g_return_val_if_fail (s != NULL && HSVIZ_IS_CONNECTION (c), NULL);

  t = hsviz_connection_get_target (c);
  if (s->kind != HSVIZ_SUGGESTION_STARTTLS || t == NULL || t->host == NULL)
    return NULL;
  return hsviz_target_dup_url_with_scheme (t, s->starttls);
}

typedef const char *(*NameFunc) (guint16 id);

/* "TLS 1.3, TLS 1.2": the names of the numbers of every @key field of extension @type. */
static char *
offered_list (HsvizMessage *hello,
              guint16       type,
              const char   *key,
              NameFunc      name,
              guint        *n_out)
{
  HsvizField *ext = hello ? hsviz_field_find_extension (hsviz_message_get_fields (hello), type) : NULL;
  g_autoptr(GPtrArray) fields = hsviz_field_collect (ext, key);
  g_autoptr(GString) str = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      gint64 number = hsviz_field_get_number (g_ptr_array_index (fields, i));

      if (number < 0 || hsviz_is_grease ((guint16) number))
        continue;
      if (str->len > 0)
        g_string_append (str, ", ");
      g_string_append (str, name ((guint16) number));
      n++;
    }
  if (n_out != NULL)
    *n_out = n;
  return n > 0 ? g_string_free (g_steal_pointer (&str), FALSE) : NULL;
}

static const char *
version_name (guint16 id)
{
  return hsviz_version_display_name (id);
}

/* The first bytes (up to 512) the server sent that were not TLS, or NULL. */
static GBytes *
non_tls_answer (HsvizConnection *c)
{
  GPtrArray *records = hsviz_connection_get_records (c);
  g_autoptr(GByteArray) answer = g_byte_array_new ();

  for (guint i = 0; records != NULL && i < records->len && answer->len < 512; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      gsize len = 0;
      const guint8 *p = g_bytes_get_data (r->bytes, &len);

      if (r->direction == HSVIZ_DIRECTION_SERVER && r->content_type == 0 && len > 5)
        g_byte_array_append (answer, p + 5, (guint) MIN (len - 5, 512 - answer->len));
    }
  return answer->len > 0 ? g_byte_array_free_to_bytes (g_steal_pointer (&answer)) : NULL;
}

static gboolean
starts_with (const guint8 *p,
             gsize         len,
             const char   *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (p, prefix, n) == 0;
}

/* "220 " or "554-": a three-digit reply code, as SMTP and FTP servers answer */
static gboolean
is_reply_line (const guint8 *p,
               gsize         len)
{
  return len >= 4 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
         (p[3] == ' ' || p[3] == '-');
}

/* The most of a non-TLS answer's first line a cause quotes */
#define QUOTED_MAX 120

/* What a non-TLS answer is, from its first bytes; adds a cause and maybe a suggestion. */
static void
explain_non_tls (HsvizDiagnosis *d,
                 GBytes         *answer)
{
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (answer, &len);
  g_autoptr(GString) shown = g_string_new (NULL);
  const char *starttls = NULL;

  /* the first line whole, or its first QUOTED_MAX characters and "…"; a byte that is not
   * printable ASCII is shown as "." */
  for (gsize i = 0; i < len && p[i] != '\r' && p[i] != '\n'; i++)
    {
      if (i == QUOTED_MAX)
        {
          g_string_append (shown, "…");
          break;
        }
      g_string_append_c (shown, g_ascii_isprint (p[i]) ? (char) p[i] : '.');
    }

  if (starts_with (p, len, "HTTP/") || starts_with (p, len, "<!DOC") || starts_with (p, len, "<html") ||
      starts_with (p, len, "<HTML"))
    g_ptr_array_add (d->causes, g_strdup_printf (_("The server answered in plain HTTP (“%s”): "
                                                   "this port serves HTTP without TLS"), shown->str));
  else if (starts_with (p, len, "SSH-"))
    g_ptr_array_add (d->causes, g_strdup_printf (_("The server is an SSH server (“%s”), not TLS"),
                                                 shown->str));
  else if (is_reply_line (p, len))
    {
      g_autofree char *lower = g_ascii_strdown (shown->str, -1);

      /* "220 (vsFTPd 3.0.3)", "220 ProFTPD Server"; an SMTP server may answer an early
       * talker with "554 SMTP synchronization error" instead of its greeting */
      g_ptr_array_add (d->causes, g_strdup_printf (_("The server greets like SMTP or FTP (“%s”): "
                                                     "TLS starts there only after STARTTLS"), shown->str));
      starttls = strstr (lower, "ftp") != NULL ? "ftp" : "smtp";
    }
  else if (starts_with (p, len, "* OK"))
    {
      g_ptr_array_add (d->causes, g_strdup_printf (_("The server greets like IMAP (“%s”): TLS starts "
                                                     "there only after STARTTLS"), shown->str));
      starttls = "imap";
    }
  else if (starts_with (p, len, "+OK"))
    {
      g_ptr_array_add (d->causes, g_strdup_printf (_("The server greets like POP3 (“%s”): TLS starts "
                                                     "there only after STLS"), shown->str));
      starttls = "pop3";
    }
  else
    g_ptr_array_add (d->causes, g_strdup_printf (_("The server's answer is not TLS: it starts with "
                                                   "“%s”"), shown->str));
  if (starttls != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Rerun with STARTTLS (%s)"), starttls);

      suggest (d, HSVIZ_SUGGESTION_STARTTLS, label, starttls);
    }
}

/* Reruns that offer other versions than the ClientHello did. */
static void
suggest_versions (HsvizDiagnosis  *d,
                  HsvizConnection *c,
                  const char      *offered_versions)
{
  const char *preset = hsviz_connection_get_preset (c);
  gboolean had13 = offered_versions == NULL || strstr (offered_versions, "TLS 1.3") != NULL;
  gboolean had12 = offered_versions == NULL || strstr (offered_versions, "TLS 1.2") != NULL;
  gboolean had10 = offered_versions != NULL && strstr (offered_versions, "TLS 1.0") != NULL;

  if (preset != NULL && !g_str_equal (preset, "default"))
    suggest (d, HSVIZ_SUGGESTION_PRESET, _("Rerun with the GnuTLS defaults"), "default");
  if (!had12 && g_strcmp0 (preset, "tls12") != 0)
    suggest (d, HSVIZ_SUGGESTION_PRESET, _("Rerun with TLS 1.2 only"), "tls12");
  if (!had13 && g_strcmp0 (preset, "tls13") != 0)
    suggest (d, HSVIZ_SUGGESTION_PRESET, _("Rerun with TLS 1.3 only"), "tls13");
  if (!had10)
    suggest (d, HSVIZ_SUGGESTION_PRIORITY, _("Rerun offering TLS 1.0 to 1.3"),
             "NORMAL:+VERS-TLS1.1:+VERS-TLS1.0");
}

static void
explain_offer (HsvizDiagnosis  *d,
               HsvizConnection *c,
               HsvizMessage    *hello,
               guint8           alert)
{
  guint n_suites = 0;
  g_autofree char *versions = offered_list (hello, EXT_SUPPORTED_VERSIONS, "version", version_name, NULL);
  g_autofree char *groups = offered_list (hello, EXT_SUPPORTED_GROUPS, "group", hsviz_group_name, NULL);
  g_autofree char *sigalgs = offered_list (hello, EXT_SIGNATURE_ALGORITHMS, "signature_scheme",
                                           hsviz_signature_scheme_name, NULL);
  const char *legacy = NULL;

  hsviz_connection_get_offered_suites (c, &n_suites);
  if (versions == NULL && hello != NULL)
    {
      HsvizField *v = hsviz_field_find (hsviz_message_get_fields (hello), "legacy_version");

      legacy = v != NULL && hsviz_field_get_number (v) > 0
               ? hsviz_version_display_name ((guint16) hsviz_field_get_number (v)) : NULL;
    }
  if (alert == ALERT_PROTOCOL_VERSION)
    g_ptr_array_add (d->causes, g_strdup_printf (_("No shared version: the server accepts none of "
                                                   "the versions we offered (%s)"),
                                                 versions ? versions : legacy ? legacy : "?"));
  else
    {
      g_ptr_array_add (d->causes, g_strdup (_("The server found nothing it accepts in our ClientHello "
                                              "(it does not say what): no shared cipher suite, group "
                                              "or signature scheme for this version")));
      g_ptr_array_add (d->causes, g_strdup_printf (_("We offered %u cipher suites; versions: %s"),
                                                   n_suites, versions ? versions : legacy ? legacy : "?"));
      if (groups != NULL)
        g_ptr_array_add (d->causes, g_strdup_printf (_("Groups offered: %s"), groups));
      if (sigalgs != NULL)
        g_ptr_array_add (d->causes, g_strdup_printf (_("Signature schemes offered: %s"), sigalgs));
    }
  suggest_versions (d, c, versions ? versions : legacy);
  if (alert != ALERT_PROTOCOL_VERSION)
    {
      suggest (d, HSVIZ_SUGGESTION_PRIORITY, _("Rerun with every suite and group GnuTLS knows"),
               "NORMAL:+VERS-TLS1.1:+VERS-TLS1.0:+AES-128-CBC:+AES-256-CBC:+3DES-CBC:+RSA:+DHE-RSA:"
               "+GROUP-ALL:+SIGN-ALL:+SHA1");
      if (g_strcmp0 (hsviz_connection_get_preset (c), "tls12-rsa") != 0)
        suggest (d, HSVIZ_SUGGESTION_PRESET, _("Rerun with classic RSA key transport"), "tls12-rsa");
    }
}

HsvizDiagnosis *
hsviz_diagnosis_new_for_connection (HsvizConnection *c)
{
  const HsvizOutcome *o;
  HsvizDiagnosis *d;
  g_autoptr(GBytes) answer = NULL;
  HsvizMessage *hello, *server_hello, *cert_request;
  const char *who;
  gboolean server_gave_up;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (c), NULL);

  o = hsviz_connection_get_outcome (c);
  /* after a completed handshake, only the server ending the session is diagnosed (a TLS 1.3
   * server that refuses the client's certificate after both Finished messages: its alert, or
   * its close when it closes first) */
  if (o->error == NULL ||
      (o->completed && !o->has_alert && o->error_code != HSVIZ_ERROR_CLOSED))
    return NULL;
  if (o->error_code == HSVIZ_ERROR_RESOLVE || o->error_code == HSVIZ_ERROR_CONNECT ||
      o->error_code == HSVIZ_ERROR_INVALID_ARGUMENT || o->error_code == HSVIZ_ERROR_CANCELLED)
    return NULL;

  d = g_new0 (HsvizDiagnosis, 1);
  d->causes = g_ptr_array_new_with_free_func (g_free);
  d->suggestions = g_ptr_array_new_with_free_func (hsviz_suggestion_free);
  hello = hsviz_connection_find_message (c, HSVIZ_HS_CLIENT_HELLO, HSVIZ_DIRECTION_CLIENT, TRUE);
  server_hello = hsviz_connection_find_message (c, HSVIZ_HS_SERVER_HELLO, HSVIZ_DIRECTION_SERVER, FALSE);
  cert_request = hsviz_connection_find_message (c, HSVIZ_HS_CERTIFICATE_REQUEST, HSVIZ_DIRECTION_SERVER, FALSE);
  answer = non_tls_answer (c);
  server_gave_up = !o->has_alert || o->alert_sender == HSVIZ_DIRECTION_SERVER;
  who = server_gave_up ? _("The server") : _("HandshakeViz (the client)");

  /* the summary: who, on which message, which alert */
  if (answer != NULL && o->has_alert)
    d->summary = g_strdup_printf (_("The server did not answer in TLS: %s gave up %s with the alert "
                                    "%s (%u)."), who, o->failed_at ? o->failed_at : "",
                                  hsviz_alert_name (o->alert_description), o->alert_description);
  else if (answer != NULL)
    d->summary = g_strdup (_("The server did not answer in TLS."));
  else if (o->has_alert)
    d->summary = g_strdup_printf (_("%s gave up %s with the alert %s (%u)."), who,
                                  o->failed_at ? o->failed_at : "",
                                  hsviz_alert_name (o->alert_description), o->alert_description);
  else if (o->error_code == HSVIZ_ERROR_TIMED_OUT)
    d->summary = g_strdup_printf (_("The server stopped answering %s."), o->failed_at ? o->failed_at : "");
  else if (o->error_code == HSVIZ_ERROR_CLOSED)
    d->summary = g_strdup_printf (_("The server closed the connection %s without an alert."),
                                  o->failed_at ? o->failed_at : "");
  else
    d->summary = g_strdup_printf (_("The handshake stopped %s: %s"), o->failed_at ? o->failed_at : "",
                                  o->error);

  /* the causes */
  if (answer != NULL)
    explain_non_tls (d, answer);
  else if (server_hello == NULL && o->has_alert && server_gave_up &&
           (o->alert_description == ALERT_HANDSHAKE_FAILURE ||
            o->alert_description == ALERT_PROTOCOL_VERSION ||
            o->alert_description == ALERT_INSUFFICIENT_SECURITY))
    explain_offer (d, c, hello, o->alert_description);
  else if (cert_request != NULL && server_gave_up && o->has_alert &&
           hsviz_connection_client_certificate_sent (c))
    {
      const HsvizCertificate *ours = hsviz_connection_get_client_certificate (c);

      /* bad_certificate, unsupported_certificate, certificate_revoked/expired/unknown,
       * unknown_ca, access_denied, decrypt_error (CertificateVerify), ... */
      g_ptr_array_add (d->causes,
                       g_strdup_printf (_("The server rejected the client certificate we sent (%s) "
                                          "with the alert %s: it does not trust the certificate's "
                                          "issuer, or the certificate is expired, revoked or not "
                                          "meant for client authentication"),
                                        ours != NULL ? ours->subject : "?",
                                        hsviz_alert_name (o->alert_description)));
      suggest (d, HSVIZ_SUGGESTION_CLIENT_CERT, _("Rerun with a certificate the server trusts"), NULL);
    }
  else if (cert_request != NULL && server_gave_up &&
           (o->alert_description == ALERT_CERTIFICATE_REQUIRED ||
            o->alert_description == ALERT_HANDSHAKE_FAILURE ||
            o->alert_description == ALERT_BAD_CERTIFICATE || !o->has_alert))
    {
      g_ptr_array_add (d->causes, g_strdup (_("The server asked for a client certificate "
                                              "(CertificateRequest) and we sent none")));
      suggest (d, HSVIZ_SUGGESTION_CLIENT_CERT, _("Rerun with a client certificate"), NULL);
    }
  else if (server_hello == NULL && !o->has_alert && o->error_code == HSVIZ_ERROR_CLOSED)
    {
      g_ptr_array_add (d->causes, g_strdup (_("The server closed right after our ClientHello: it "
                                              "may not speak TLS on this port, or it rejects our "
                                              "ClientHello without saying why")));
      suggest_versions (d, c, NULL);
    }
  else if (server_hello == NULL && o->error_code == HSVIZ_ERROR_TIMED_OUT)
    g_ptr_array_add (d->causes, g_strdup (_("No answer to our ClientHello: the port accepts "
                                            "connections but the service there waits for something "
                                            "else (a protocol where the client speaks first, or "
                                            "STARTTLS)")));
  else if (o->has_alert && o->alert_sender == HSVIZ_DIRECTION_CLIENT)
    g_ptr_array_add (d->causes, g_strdup_printf (_("GnuTLS refused what the server sent: %s"), o->error));
  else if (o->has_alert && (o->alert_description == ALERT_ILLEGAL_PARAMETER ||
                            o->alert_description == ALERT_DECODE_ERROR))
    g_ptr_array_add (d->causes, g_strdup (_("The server found something in our messages it "
                                            "could not accept (illegal or malformed)")));
  else
    g_ptr_array_add (d->causes, g_strdup (o->error));
  return d;
}
