/* hsviz-connection-data.c — freeing and clearing the session's plain data structures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

void
hsviz_application_data_clear (HsvizApplicationData *a)
{
  g_clear_pointer (&a->request, g_free);
  g_clear_pointer (&a->http_version, g_free);
  g_clear_pointer (&a->reason, g_free);
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
  g_clear_pointer (&s->client_write_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_key, g_bytes_unref);
  g_clear_pointer (&s->client_write_iv, g_bytes_unref);
  g_clear_pointer (&s->server_write_iv, g_bytes_unref);
  g_clear_pointer (&s->client_write_mac_key, g_bytes_unref);
  g_clear_pointer (&s->server_write_mac_key, g_bytes_unref);
}
