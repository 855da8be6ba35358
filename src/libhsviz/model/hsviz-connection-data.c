/* hsviz-connection-data.c — the session's plain data structures: freeing, clearing, a key
 * schedule entry by name, and the verification verdict in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "hsviz-connection-private.h"

void
_hsviz_record_free (gpointer data)
{
  HsvizRecord *r = data;

  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_free (r);
}

void
_hsviz_keylog_entry_free (gpointer data)
{
  HsvizKeylogEntry *e = data;

  g_free (e->label);
  g_free (e->client_random);
  g_free (e->secret);
  g_free (e);
}

void
_hsviz_key_schedule_entry_free (gpointer data)
{
  HsvizKeyScheduleEntry *e = data;

  g_free (e->name);
  g_free (e->formula);
  g_free (e->value);
  g_free (e->note);
  g_free (e);
}

void
hsviz_header_free (HsvizHeader *h)
{
  g_free (h->name);
  g_free (h->value);
  g_free (h);
}

void
hsviz_verification_clear (HsvizVerification *v)
{
  g_clear_pointer (&v->status_strings, g_strfreev);
  g_clear_pointer (&v->text, g_free);
  g_clear_pointer (&v->checked_name, g_free);
  g_clear_pointer (&v->trust_store, g_free);
  memset (v, 0, sizeof *v);
}

/* The verdict in the user's language, from the GnuTLS status bits (the file's "text" is
 * GnuTLS's own wording, in the language of the capture). */
char *
hsviz_verification_dup_text (const HsvizVerification *v)
{
  static const struct {
    guint       bit;
    const char *reason;
  } reasons[] = {
    { GNUTLS_CERT_SIGNER_NOT_FOUND, N_("its issuer is not in the trust store") },
    { GNUTLS_CERT_SIGNER_NOT_CA, N_("its issuer is not a certificate authority") },
    { GNUTLS_CERT_UNEXPECTED_OWNER, N_("it is not for the name that was checked") },
    { GNUTLS_CERT_EXPIRED, N_("it has expired") },
    { GNUTLS_CERT_NOT_ACTIVATED, N_("it is not valid yet") },
    { GNUTLS_CERT_REVOKED, N_("it was revoked") },
    { GNUTLS_CERT_SIGNATURE_FAILURE, N_("a signature in the chain does not verify") },
    { GNUTLS_CERT_INSECURE_ALGORITHM, N_("it is signed with an insecure algorithm") },
    { GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, N_("an issuer’s constraints forbid it") },
    { GNUTLS_CERT_PURPOSE_MISMATCH, N_("it is not for TLS servers") },
  };
  g_autoptr(GString) list = g_string_new (NULL);
  guint known = 0;

  g_return_val_if_fail (v != NULL, NULL);

  if (!v->present)
    return g_strdup (_("The chain was not checked (no certificate was received)."));
  if (v->trusted)
    return g_strdup (_("The certificate is trusted."));

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (v->status & reasons[i].bit)
      {
        g_string_append_printf (list, "%s%s", list->len > 0 ? "; " : "", _(reasons[i].reason));
        known |= reasons[i].bit;
      }
  /* Bits without a sentence of ours: GnuTLS's names for all of them. */
  if ((v->status & ~(known | GNUTLS_CERT_INVALID)) != 0 && v->status_strings != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", v->status_strings);

      g_string_append_printf (list, "%s%s", list->len > 0 ? "; " : "", names);
    }

  if (list->len == 0)
    return g_strdup (_("The certificate is not trusted."));
  /* Translators: %s lists reasons, "its issuer is not in the trust store; it has expired" */
  return g_strdup_printf (_("The certificate is not trusted: %s."), list->str);
}

void
hsviz_application_data_clear (HsvizApplicationData *a)
{
  g_clear_pointer (&a->request, g_free);
  g_clear_pointer (&a->http_version, g_free);
  g_clear_pointer (&a->reason, g_free);
  g_clear_pointer (&a->response, g_free);
  g_clear_pointer (&a->headers, g_ptr_array_unref);
  memset (a, 0, sizeof *a);
}

void
hsviz_revocation_clear (HsvizRevocation *r)
{
  g_clear_pointer (&r->stapled, g_free);
  g_clear_pointer (&r->ocsp, g_free);
  g_clear_pointer (&r->responder, g_free);
  g_clear_pointer (&r->detail, g_free);
}

void
hsviz_outcome_clear (HsvizOutcome *o)
{
  g_clear_pointer (&o->error, g_free);
  g_clear_pointer (&o->failed_at, g_free);
  memset (o, 0, sizeof *o);
  o->error_code = -1;
}

void
_hsviz_secrets_clear_keys (HsvizSecrets *s)
{
  g_clear_pointer (&s->master_secret, g_bytes_unref);
  g_clear_pointer (&s->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&s->resumption_master_secret, g_bytes_unref);
  g_clear_pointer (&s->client_write_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_key, g_bytes_unref);
  g_clear_pointer (&s->client_write_iv, g_bytes_unref);
  g_clear_pointer (&s->server_write_iv, g_bytes_unref);
  g_clear_pointer (&s->client_write_mac_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_mac_key, g_bytes_unref);
}

const HsvizKeyScheduleEntry *
hsviz_connection_find_key_schedule (HsvizConnection *self,
                                    const char      *name)
{
  GPtrArray *ks = hsviz_connection_get_key_schedule (self);

  for (guint i = 0; ks != NULL && i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      if (g_strcmp0 (e->name, name) == 0)
        return e;
    }
  return NULL;
}
