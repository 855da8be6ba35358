/* hsviz-cli-text.c — a session as text for people, walking the six steps
 *
 * Every fact comes from the core; this file only arranges it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "hsviz-cli-text.h"
#include "hsviz-util.h"

static void
print_wrapped_line (FILE       *out,
                    const char *indent,
                    const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  gsize col = 0;

  fputs (indent, out);
  col = strlen (indent);
  for (guint i = 0; words[i]; i++)
    {
      gsize len = g_utf8_strlen (words[i], -1);

      if (col > strlen (indent) && col + 1 + len > 96)
        {
          fputc ('\n', out);
          fputs (indent, out);
          col = strlen (indent);
        }
      else if (col > strlen (indent))
        {
          fputc (' ', out);
          col++;
        }
      fputs (words[i], out);
      col += len;
    }
  fputc ('\n', out);
}

/* Each line of @text (a detail may hold several) wrapped on its own, all indented. */
void
hsviz_cli_print_wrapped (FILE       *out,
                         const char *indent,
                         const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' || lines[i + 1] != NULL)
      print_wrapped_line (out, indent, lines[i]);
}

/* Text from the wire (an HTTP request or response) line by line, indented. */
static void
print_indented (FILE       *out,
                const char *indent,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      fprintf (out, "%s%s\n", indent, lines[i]);
    }
}

static void
print_arrow (FILE              *out,
             HsvizTimelineItem *item,
             const char        *what)
{
  gboolean from_server = hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_SERVER;

  fprintf (out, "  %s %-20s %s  %s  at %8.3f ms\n",
           from_server ? "<-" : "->", hsviz_timeline_item_get_label (item),
           from_server ? _("server → client") : _("client → server"), what,
           hsviz_timeline_item_get_time_us (item) / 1000.0);
}

static void
print_message (FILE              *out,
               HsvizConnection   *session,
               HsvizTimelineItem *item)
{
  guint index = hsviz_timeline_item_get_message_index (item);
  HsvizMessage *m = hsviz_connection_get_message (session, index);
  g_autoptr(GPtrArray) facts = hsviz_message_dup_summary (m);
  g_autofree char *size = g_strdup_printf (_("%6" PRIu64 " bytes"), hsviz_timeline_item_get_size (item));

  print_arrow (out, item, size);

  for (guint i = 0; i < facts->len; i++)
    {
      const HsvizMessageFact *fact = g_ptr_array_index (facts, i);

      if (fact->list)
        hsviz_cli_print_wrapped (out, "       ", fact->label);
      else if (fact->value != NULL)
        fprintf (out, "       %s: %s\n", fact->label, fact->value);
      else
        fprintf (out, "       %s\n", fact->label);
    }
  if ((gint) index == hsviz_connection_get_certificates_message (session))
    {
      GPtrArray *certs = hsviz_connection_get_certificates (session);

      for (guint i = 0; i < certs->len; i++)
        {
          const HsvizCertificate *c = g_ptr_array_index (certs, i);

          fprintf (out, "       [%u] %s\n           issued by %s\n", i, c->subject, c->issuer);
        }
    }
  if (hsviz_message_get_parse_error (m) != NULL)
    fprintf (out, "       !! %s\n", hsviz_message_get_parse_error (m));
}

static const char *
tick (HsvizTri ok)
{
  return ok == 1 ? "✓" : ok == 0 ? "✗" : "·";
}

/* Our checks of every certificate sent, and the leaf's SCTs. */
static void
print_certificate_checks (FILE            *out,
                          HsvizConnection *session)
{
  GPtrArray *certs = hsviz_connection_get_certificates (session);
  GPtrArray *checks = hsviz_connection_get_cert_checks (session);

  for (guint i = 0; i < checks->len && i < certs->len; i++)
    {
      const HsvizCertCheck *check = g_ptr_array_index (checks, i);
      const HsvizCertificate *cert = g_ptr_array_index (certs, i);
      g_autoptr(GPtrArray) lines = hsviz_cert_check_lines (check, cert);

      fprintf (out, "           %s %u: %s\n", _("Certificate"), i + 1, cert->subject);
      for (guint j = 0; j < lines->len; j++)
        {
          const HsvizCheckLine *l = g_ptr_array_index (lines, j);

          fprintf (out, "             %s %s\n", tick (l->ok), l->text);
        }
      for (guint j = 0; j < check->scts->len; j++)
        {
          g_autofree char *sct = hsviz_sct_describe (g_ptr_array_index (check->scts, j));

          fprintf (out, "               SCT %s\n", sct);
        }
    }
}

/* The path built to an anchor, and the chain's problems. */
static void
print_chain (FILE            *out,
             HsvizConnection *session)
{
  GPtrArray *certs = hsviz_connection_get_certificates (session);
  const HsvizChainPath *path = hsviz_connection_get_chain_path (session);
  GPtrArray *problems = hsviz_connection_get_chain_problems (session);

  if (path->present)
    {
      fprintf (out, "           %s %s:\n", _("Path built to an anchor of"),
               hsviz_connection_get_verification (session)->trust_store);
      for (guint i = 0; i < path->path->len; i++)
        {
          int sent = -1;
          const HsvizCertificate *c = hsviz_chain_path_certificate (path, certs, i, &sent);
          g_autofree char *where = sent >= 0 ? g_strdup_printf (_("sent as %d"), sent + 1)
                                             : g_strdup (_("from the trust store"));

          fprintf (out, "             %s %s (%s)\n", i == 0 ? " " : "←", c ? c->subject : "?", where);
        }
      fprintf (out, "             %s\n", path->anchored ? _("✓ ends at a trust anchor")
                                                        : _("✗ ends without a trust anchor"));
    }
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = hsviz_chain_problem_describe (g_ptr_array_index (problems, i));
      g_autofree char *line = g_strconcat ("! ", text, NULL);

      hsviz_cli_print_wrapped (out, "           ", line);
    }
}

/* "Try: Rerun with TLS 1.3 only (--preset tls13)", one line each */
static void
print_suggestions (FILE       *out,
                   const char *indent,
                   GPtrArray  *suggestions)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      const HsvizSuggestion *s = g_ptr_array_index (suggestions, i);
      g_autofree char *how = s->preset ? g_strdup_printf ("--preset %s", s->preset)
                             : s->priority ? g_strdup_printf ("--priority '%s'", s->priority)
                             : g_strdup (s->option);

      fprintf (out, "%s%s: %s (%s)\n", indent, _("Try"), s->label, how);
    }
}

static void
print_verification (FILE         *out,
                    HsvizConnection *session)
{
  const HsvizVerification *v = hsviz_connection_get_verification (session);
  const HsvizRevocation *rev = hsviz_connection_get_revocation (session);
  g_autofree char *browser = hsviz_connection_dup_browser_verdict (session);

  if (!v->present)
    {
      /* an import has the certificates as sent, not what the client made of them */
      hsviz_cli_print_wrapped (out, "           ",
                               g_strcmp0 (hsviz_connection_get_source (session), "import") == 0 &&
                               hsviz_connection_get_certificates (session)->len > 0
                               ? _("Not checked: the certificates are shown as the server sent them; what "
                                   "the client made of them is not in the capture.")
                               : _("No certificate was checked."));
      return;
    }
  fprintf (out, "           %s: %s\n", _("The certificate chain"),
           v->trusted ? _("TRUSTED") : _("NOT TRUSTED"));
  fprintf (out, "           %s %s: %s\n", v->hostname_ok ? "✓" : "✗", _("name"),
           v->hostname_ok ? _("the certificate is for this server") : _("the certificate is for another name"));
  fprintf (out, "           %s %s: %s\n", v->time_ok ? "✓" : "✗", _("dates"),
           v->time_ok ? _("valid now") : _("expired or not yet valid"));
  fprintf (out, "           %s %s: %s\n", v->issuer_ok ? "✓" : "✗", _("issuer"),
           v->issuer_ok ? _("signed by a trusted authority") : _("issuer unknown or signature bad"));
  {
    g_autofree char *verdict = hsviz_verification_dup_text (v);

    hsviz_cli_print_wrapped (out, "           ", verdict);
  }
  if (browser != NULL)
    {
      g_autoptr(GPtrArray) reruns = hsviz_connection_dup_trust_suggestions (session);

      hsviz_cli_print_wrapped (out, "           ", browser);
      print_suggestions (out, "           ", reruns);
    }
  print_certificate_checks (out, session);
  print_chain (out, session);
  if (rev->stapled != NULL || rev->ocsp != NULL)
    {
      fprintf (out, "           %s: %s, %s: %s\n", _("revocation (stapled OCSP)"),
               rev->stapled ? rev->stapled : "none", _("live OCSP"), rev->ocsp ? rev->ocsp : "none");
      if (rev->detail)
        hsviz_cli_print_wrapped (out, "           ", rev->detail);
    }
}

/* @label: the timeline's for the run ("Application data", "Early data (0-RTT)") */
static void
flush_application_data (FILE        *out,
                        const char  *label,
                        int         *side,
                        guint       *count,
                        guint64     *bytes)
{
  if (*count > 0)
    {
      g_autofree char *records = g_strdup_printf (ngettext ("%u record", "%u records", *count), *count);

      fprintf (out, "  %s %-20s %s  %s, %" G_GUINT64_FORMAT " %s\n",
               *side ? "<-" : "->", label,
               *side ? _("server → client") : _("client → server"), records, *bytes, _("bytes encrypted"));
    }
  *count = 0;
  *bytes = 0;
}

/* The step's items in the timeline's (wire) order; a run of application data records from one
 * side is one line. */
static void
print_step_items (FILE            *out,
                  HsvizConnection *session,
                  HsvizStep        step)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (session);
  int app_side = 0;
  const char *app_label = NULL;
  guint app = 0;
  guint64 app_bytes = 0;

  for (guint i = 0; i < hsviz_timeline_get_n_items (timeline); i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
      gboolean from_server = hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_SERVER;
      HsvizTimelineSides sides = hsviz_timeline_item_get_sides (item);
      g_autofree char *what = NULL;

      if (hsviz_timeline_item_get_step (item) != step)
        continue;
      if (hsviz_timeline_item_get_record_kind (item) == HSVIZ_TIMELINE_RECORD_APPLICATION_DATA)
        {
          if (app > 0 && (app_side != from_server ||
                          g_strcmp0 (app_label, hsviz_timeline_item_get_label (item)) != 0))
            flush_application_data (out, app_label, &app_side, &app, &app_bytes);
          app_side = from_server;
          app_label = hsviz_timeline_item_get_label (item);
          app++;
          app_bytes += hsviz_timeline_item_get_size (item);
          continue;
        }
      flush_application_data (out, app_label, &app_side, &app, &app_bytes);
      switch (hsviz_timeline_item_get_kind (item))
        {
        case HSVIZ_TIMELINE_MESSAGE:
          print_message (out, session, item);
          break;
        case HSVIZ_TIMELINE_ALERT:
          fprintf (out, "  %s %-20s %s  %s  at %8.3f ms\n", from_server ? "<-" : "->", _("Alert"),
                   from_server ? _("server → client") : _("client → server"),
                   hsviz_timeline_item_get_label (item), hsviz_timeline_item_get_time_us (item) / 1000.0);
          if (hsviz_timeline_item_get_detail (item) != NULL)
            hsviz_cli_print_wrapped (out, "       ", hsviz_timeline_item_get_detail (item));
          break;
        case HSVIZ_TIMELINE_RECORD:
          what = g_strdup_printf (_("%6" PRIu64 " bytes (record)"), hsviz_timeline_item_get_size (item));
          print_arrow (out, item, what);
          break;
        case HSVIZ_TIMELINE_ACTION:
          fprintf (out, "  [%s] %s\n", sides == HSVIZ_TIMELINE_SIDE_BOTH ? _("both") :
                                       sides == HSVIZ_TIMELINE_SIDE_SERVER ? _("server") : _("client"),
                   hsviz_timeline_item_get_label (item));
          if (hsviz_timeline_item_get_action (item) == HSVIZ_ACTION_VERIFY_CERTIFICATE)
            print_verification (out, session);
          break;
        case HSVIZ_TIMELINE_NOTE:
          fprintf (out, "  ↺ %s\n", hsviz_timeline_item_get_label (item));
          break;
        default:
          break;
        }
    }
  flush_application_data (out, app_label, &app_side, &app, &app_bytes);
}

static void
print_secrets (FILE         *out,
               HsvizConnection *session,
               HsvizStep     step)
{
  const HsvizSecrets *s = hsviz_connection_get_secrets (session);

  if (step == HSVIZ_STEP_MASTER_SECRET)
    {
      for (guint i = 0; i < s->keylog->len; i++)
        {
          const HsvizKeylogEntry *e = g_ptr_array_index (s->keylog, i);

          fprintf (out, "  [both]   %-32s at %8.3f ms\n           %s\n", e->label,
                   e->time_us / 1000.0, e->secret);
        }
      if (s->pre_master_secret != NULL)
        {
          g_autofree char *hex = hsviz_hex_encode_bytes (s->pre_master_secret);

          fprintf (out, "  [server] %s\n           %s\n",
                   _("pre-master secret (decrypted by the demo server with its private key)"), hex);
        }
    }
  if (step == HSVIZ_STEP_SESSION_KEYS)
    {
      GPtrArray *ks = hsviz_connection_get_key_schedule (session);
      struct { const char *name; GBytes *b; } keys[] = {
        { "client_write_key", s->client_write_key }, { "server_write_key", s->server_write_key },
        { "client_write_iv", s->client_write_iv }, { "server_write_iv", s->server_write_iv },
        { "client_write_mac_key", s->client_write_mac_key },
        { "server_write_mac_key", s->server_write_mac_key },
      };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (keys[i].b != NULL)
          {
            g_autofree char *hex = hsviz_hex_encode_bytes (keys[i].b);

            fprintf (out, "  [both]   %-22s %s\n", keys[i].name, hex);
          }
      if (ks->len > 0)
        fprintf (out, "  %s\n", _("Key schedule, recomputed (✓ = equals what the session really used):"));
      for (guint i = 0; i < ks->len; i++)
        {
          const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

          fprintf (out, "    %s %-28s %s\n", e->verified ? "✓" : "·", e->name, e->formula ? e->formula : "");
          if (e->value)
            fprintf (out, "      = %s\n", e->value);
          if (e->note)
            hsviz_cli_print_wrapped (out, "        ", e->note);
        }
    }
}

static void
print_diagnosis (FILE            *out,
                 HsvizConnection *session)
{
  const HsvizDiagnosis *d = hsviz_connection_get_diagnosis (session);

  if (d == NULL)
    return;
  {
    g_autofree char *line = g_strdup_printf ("%s: %s", _("Diagnosis"), d->summary);

    hsviz_cli_print_wrapped (out, "", line);
  }
  for (guint i = 0; i < d->causes->len; i++)
    {
      g_autofree char *line = g_strconcat ("- ", (char *) g_ptr_array_index (d->causes, i), NULL);

      hsviz_cli_print_wrapped (out, "  ", line);
    }
  print_suggestions (out, "  ", d->suggestions);
}

/* One connection; @note (the session's, or NULL) goes under its first line. */
static void
print_connection (FILE            *out,
                  HsvizConnection *session,
                  const char      *note)
{
  const HsvizTarget *t = hsviz_connection_get_target (session);
  const HsvizOutcome *o = hsviz_connection_get_outcome (session);
  const HsvizTimings *tm = hsviz_connection_get_timings (session);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (session);
  g_autofree char *summary = hsviz_connection_dup_summary (session);
  guint16 version = hsviz_connection_get_version (session);
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (session);
  g_autofree char *addresses = hsviz_connection_dup_addresses_text (session);
  /* an import without server_name is named by its server's address: that once */
  gboolean named_by_address = addresses != NULL &&
                              g_strcmp0 (t->url, hsviz_connection_get_server_address (session)) == 0;

  fprintf (out, "HandshakeViz — %s", named_by_address ? addresses : t->url ? t->url : "?");
  if (addresses != NULL && !named_by_address)
    fprintf (out, " (%s)", addresses);
  else if (addresses == NULL && t->address)
    fprintf (out, " (%s port %u)", t->address, t->port);
  fputc ('\n', out);
  if (note != NULL)
    fprintf (out, "%s\n", note);
  if (o->completed)
    fprintf (out, "%s: %s\n", _("Handshake completed"), summary);
  else if (o->failed_at != NULL)
    /* Translators: "Handshake FAILED after ServerHello (message 2)" */
    fprintf (out, _("Handshake FAILED %s\n"), o->failed_at);
  else
    fprintf (out, "%s\n", _("Handshake FAILED"));
  if (!o->completed && hsviz_connection_get_version (session) != 0)
    fprintf (out, "%s: %s\n", _("Negotiated so far"), summary);
  if (!o->completed && o->error)
    fprintf (out, "%s: %s\n", _("Error"), o->error);
  /* the handshake completed and something failed after both Finished messages */
  if (o->completed && o->error)
    fprintf (out, "%s: %s (%s)\n", _("Error after the handshake"), o->error,
             o->failed_at ? o->failed_at : "?");
  if (o->has_alert)
    fprintf (out, "%s: %s %s (%u) %s %s\n", _("Alert"), hsviz_alert_level_name (o->alert_level),
             hsviz_alert_name (o->alert_description), o->alert_description, _("sent by the"),
             o->alert_sender == HSVIZ_DIRECTION_SERVER ? _("server") : _("client"));
  print_diagnosis (out, session);
  if (hsviz_connection_secrets_stripped (session))
    fprintf (out, "%s\n", _("(secrets left out)"));
  {
    g_autoptr(GPtrArray) negotiation = hsviz_connection_dup_negotiation (session);
    const HsvizNegotiated *alpn = hsviz_negotiation_find (negotiation, HSVIZ_NEGOTIATED_ALPN);
    g_autofree char *list = alpn != NULL ? hsviz_negotiated_dup_offered_text (alpn) : NULL;

    if (list != NULL)
      fprintf (out, "ALPN: %s %s; %s %s\n", _("offered"), list, _("selected"),
               alpn->chosen != NULL ? alpn->chosen : _("none"));
  }

  if (hsviz_connection_get_starttls (session) != NULL)
    {
      GPtrArray *said = hsviz_connection_get_cleartext (session);
      g_autofree char *upper = g_ascii_strup (hsviz_connection_get_starttls (session), -1);

      fprintf (out, "\n%s — %s STARTTLS\n", _("In clear, before TLS"), upper);
      for (guint i = 0; i < said->len; i++)
        {
          const HsvizClearText *said_text = g_ptr_array_index (said, i);
          g_auto(GStrv) lines = g_strsplit (said_text->text, "\n", -1);

          for (guint j = 0; lines[j] != NULL; j++)
            {
              g_strchomp (lines[j]);
              if (*lines[j] == '\0' && lines[j + 1] == NULL)
                break;
              fprintf (out, "  %s %s\n", said_text->direction == HSVIZ_DIRECTION_SERVER ? "<-" : "->",
                       lines[j]);
            }
        }
    }

  for (HsvizStep step = HSVIZ_STEP_CLIENT_HELLO; step <= HSVIZ_STEP_ENCRYPTION; step++)
    {
      g_autofree char *step_note = hsviz_connection_dup_step_note (session, step);

      fprintf (out, "\n%s %d — %s\n", _("Step"), step, hsviz_step_title (step));
      hsviz_cli_print_wrapped (out, "  ", hsviz_step_explain (step, version, kx));
      if (step_note != NULL)
        hsviz_cli_print_wrapped (out, "  ", step_note);
      print_step_items (out, session, step);
      print_secrets (out, session, step);
      if (step == HSVIZ_STEP_AUTHENTICATION)
        {
          g_autofree char *auth_note = hsviz_connection_dup_client_auth_note (session);

          if (auth_note != NULL)
            hsviz_cli_print_wrapped (out, "  ", auth_note);
        }
      if (step == HSVIZ_STEP_ENCRYPTION && app->present)
        {
          fprintf (out, "  %s:\n", _("Request"));
          print_indented (out, "    ", app->request ? app->request : "");
          if (app->response != NULL)
            {
              fprintf (out, "  %s:\n", _("Response"));
              print_indented (out, "    ", app->response);
            }
          else if (app->status)
            fprintf (out, "  %s: %s %u %s (%" G_GUINT64_FORMAT " bytes)\n", _("Response"),
                     app->http_version ? app->http_version : "", app->status,
                     app->reason ? app->reason : "", app->bytes_received);
          else
            fprintf (out, "  %s\n", _("No HTTP response was received."));
        }
      if (step == HSVIZ_STEP_ENCRYPTION && hsviz_connection_get_renegotiation_note (session))
        hsviz_cli_print_wrapped (out, "  ", hsviz_connection_get_renegotiation_note (session));
    }

  /* what was not measured (an import sees no name lookup) is left out */
  fprintf (out, "\n%s:", _("Timings"));
  if (tm->dns_us >= 0)
    fprintf (out, " DNS %.3f ms,", tm->dns_us / 1000.0);
  if (tm->connect_us >= 0)
    fprintf (out, " connect %.3f ms,", tm->connect_us / 1000.0);
  fprintf (out, " handshake %.3f ms, total %.3f ms\n", tm->handshake_us / 1000.0, tm->total_us / 1000.0);
  hsviz_cli_print_waterfall (session, out);
  {
    guint n_messages = hsviz_connection_get_n_messages (session);
    guint n_records = hsviz_connection_get_records (session)->len;
    g_autofree char *messages = g_strdup_printf (ngettext ("%u handshake message", "%u handshake messages", n_messages),
                                                 n_messages);
    g_autofree char *records = g_strdup_printf (ngettext ("%u record", "%u records", n_records), n_records);

    fprintf (out, "%s: %s, %s\n", _("Captured"), messages, records);
  }
}

/* Writes @text to @out with what a terminal would act on shown instead: C0 controls but newline
 * and tab, DEL and C1 controls (escape sequences from a server's reason phrase or certificate
 * names clear screens and set titles) as \xNN or \uNNNN; bytes that are not UTF-8 as \xNN. */
static void
write_escaped (const char *text,
               gsize       len,
               FILE       *out)
{
  const char *p = text;
  const char *end = text + len;
  const char *run = text;   /* what needs no escape is written in runs, not a character at a time */

  while (p < end)
    {
      const char *next;
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          fwrite (run, 1, p - run, out);
          fprintf (out, "\\x%02x", (guchar) *p);
          run = ++p;
          continue;
        }
      next = g_utf8_next_char (p);
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
        {
          fwrite (run, 1, p - run, out);
          fprintf (out, "\\x%02x", c);
          run = next;
        }
      else if (c >= 0x80 && c < 0xa0)
        {
          fwrite (run, 1, p - run, out);
          fprintf (out, "\\u%04x", c);
          run = next;
        }
      p = next;
    }
  fwrite (run, 1, p - run, out);
}

/* Writes what @print writes to a buffer, escaped. */
static void
print_escaped (FILE            *out,
               HsvizSession    *session,
               HsvizConnection *connection)
{
  char *text = NULL;
  size_t len = 0;
  FILE *buffer = open_memstream (&text, &len);

  if (session != NULL)
    {
      guint n = hsviz_session_get_n_connections (session);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *resumption = hsviz_session_dup_resumption_text (session, i);

          if (n > 1)
            {
              g_autofree char *title = g_strdup_printf (_("Connection %u of %u"), i + 1, n);

              fprintf (buffer, "%s══ %s ══\n", i > 0 ? "\n" : "", title);
            }
          if (resumption != NULL)
            fprintf (buffer, "%s\n", resumption);
          print_connection (buffer, hsviz_session_get_connection (session, i),
                            i == 0 ? hsviz_session_get_note (session) : NULL);
        }
    }
  else
    print_connection (buffer, connection, hsviz_connection_get_note (connection));
  fclose (buffer);
  write_escaped (text, len, out);
  free (text);
}

void
hsviz_cli_print_session (HsvizSession *session,
                         FILE         *out)
{
  print_escaped (out, session, NULL);
}

void
hsviz_cli_print_connection (HsvizConnection *connection,
                            FILE            *out)
{
  print_escaped (out, NULL, connection);
}
