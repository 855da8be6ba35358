/* hsviz-session-file-trust.c — the trust keys of a connection in the session file
 *
 * verification.certificates, chain_problems, chain_problem_details, path, path_anchored,
 * path_anchors, and outcome.diagnosis (docs/session-format.md).  Only the path (and its anchors
 * from the store) is read back: the checks, the problems and the diagnosis are derived again
 * from the bytes when the connection completes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-connection-builder.h"
#include "hsviz-session-file-private.h"
#include "hsviz-diagnosis.h"

#define MAX_PATH 32

static void
member_tri (HsvizJsonWriter *b,
            const char      *key,
            HsvizTri         value)
{
  hsviz_json_writer_member (b, key);
  if (value < 0)
    hsviz_json_writer_null (b);
  else
    hsviz_json_writer_bool (b, value != 0);
}

static void
write_check (HsvizJsonWriter      *b,
             const HsvizCertCheck *c)
{
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_int_member (b, "index", c->index);
  hsviz_json_writer_bool_member (b, "time_ok", c->time_ok);
  hsviz_json_writer_bool_member (b, "not_yet_valid", c->not_yet_valid);
  hsviz_json_writer_bool_member (b, "expired", c->expired);
  hsviz_json_writer_bool_member (b, "expired_now", c->expired_now);
  member_tri (b, "issued_by_next", c->issued_by_next);
  member_tri (b, "signed_by_next", c->signed_by_next);
  hsviz_json_writer_bool_member (b, "self_signed", c->self_signed);
  hsviz_json_writer_bool_member (b, "is_ca", c->is_ca);
  hsviz_json_writer_int_member (b, "path_len", c->path_len);
  member_tri (b, "ca_ok", c->ca_ok);
  hsviz_json_writer_bool_member (b, "weak_key", c->weak_key);
  hsviz_json_writer_bool_member (b, "weak_signature", c->weak_signature);
  member_tri (b, "name_ok", c->name_ok);
  hsviz_json_writer_string_member (b, "name_matched", c->name_matched);
  hsviz_json_writer_string_member (b, "name_closest", c->name_closest);
  member_tri (b, "key_usage_ok", c->key_usage_ok);
  member_tri (b, "eku_ok", c->eku_ok);
  hsviz_json_writer_member (b, "scts");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < c->scts->len; i++)
    {
      const HsvizSct *sct = g_ptr_array_index (c->scts, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (sct->time);
      g_autofree char *iso = when ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_int_member (b, "version", sct->version);
      hsviz_json_writer_string_member (b, "log_id", sct->log_id);
      hsviz_json_writer_string_member (b, "time", iso);
      hsviz_json_writer_string_member (b, "signature_algorithm", sct->signature_algorithm);
      hsviz_json_writer_bool_member (b, "verified", FALSE);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);
  hsviz_json_writer_end_object (b);
}

void
hsviz_sf_write_trust (HsvizJsonWriter *b,
                      HsvizConnection *self)
{
  GPtrArray *checks = hsviz_connection_get_cert_checks (self);
  GPtrArray *problems = hsviz_connection_get_chain_problems (self);
  const HsvizChainPath *path = hsviz_connection_get_chain_path (self);

  hsviz_json_writer_member (b, "certificates");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < checks->len; i++)
    write_check (b, g_ptr_array_index (checks, i));
  hsviz_json_writer_end_array (b);

  hsviz_json_writer_member (b, "chain_problems");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    hsviz_json_writer_string (b, ((HsvizChainProblem *) g_ptr_array_index (problems, i))->code);
  hsviz_json_writer_end_array (b);
  hsviz_json_writer_member (b, "chain_problem_details");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    {
      const HsvizChainProblem *p = g_ptr_array_index (problems, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "code", p->code);
      hsviz_json_writer_member (b, "index");
      if (p->index >= 0)
        hsviz_json_writer_int (b, p->index);
      else
        hsviz_json_writer_null (b);
      hsviz_json_writer_string_member (b, "subject", p->subject);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);

  if (!path->present)
    return;
  hsviz_json_writer_member (b, "path");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; path->path != NULL && i < path->path->len; i++)
    hsviz_json_writer_string (b, g_ptr_array_index (path->path, i));
  hsviz_json_writer_end_array (b);
  hsviz_json_writer_bool_member (b, "path_anchored", path->anchored);
  hsviz_json_writer_member (b, "path_anchors");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; path->anchors != NULL && i < path->anchors->len; i++)
    {
      const HsvizCertificate *a = g_ptr_array_index (path->anchors, i);

      hsviz_json_writer_base64_bytes (b, a->der);
    }
  hsviz_json_writer_end_array (b);
}

void
hsviz_sf_write_diagnosis (HsvizJsonWriter *b,
                          HsvizConnection *self)
{
  const HsvizDiagnosis *d = hsviz_connection_get_diagnosis (self);

  if (d == NULL)
    return;
  hsviz_json_writer_member (b, "diagnosis");
  hsviz_json_writer_begin_object (b);
  hsviz_json_writer_string_member (b, "summary", d->summary);
  hsviz_json_writer_member (b, "causes");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < d->causes->len; i++)
    hsviz_json_writer_string (b, g_ptr_array_index (d->causes, i));
  hsviz_json_writer_end_array (b);
  hsviz_json_writer_member (b, "suggestions");
  hsviz_json_writer_begin_array (b);
  for (guint i = 0; i < d->suggestions->len; i++)
    {
      const HsvizSuggestion *s = g_ptr_array_index (d->suggestions, i);

      hsviz_json_writer_begin_object (b);
      hsviz_json_writer_string_member (b, "label", s->label);
      if (s->preset != NULL)
        hsviz_json_writer_string_member (b, "preset", s->preset);
      if (s->priority != NULL)
        hsviz_json_writer_string_member (b, "priority", s->priority);
      if (s->option != NULL)
        hsviz_json_writer_string_member (b, "option", s->option);
      hsviz_json_writer_end_object (b);
    }
  hsviz_json_writer_end_array (b);
  hsviz_json_writer_end_object (b);
}

gboolean
hsviz_sf_read_trust (JsonObject      *o,
                     HsvizConnection *session,
                     GError         **error)
{
  HsvizChainPath path = { 0 };
  JsonArray *shas = NULL, *anchors = NULL;
  gboolean anchored = FALSE;

  if (!hsviz_sf_read_array (o, "path", "verification", TRUE, MAX_PATH, &shas, error) ||
      !hsviz_sf_read_bool (o, "path_anchored", "verification", TRUE, &anchored, error) ||
      !hsviz_sf_read_array (o, "path_anchors", "verification", TRUE, MAX_PATH, &anchors, error))
    return FALSE;
  if (shas == NULL)
    return TRUE;

  path.present = TRUE;
  path.anchored = anchored;
  path.path = g_ptr_array_new_with_free_func (g_free);
  path.anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) hsviz_certificate_free);
  for (guint i = 0; i < json_array_get_length (shas); i++)
    {
      JsonNode *n = json_array_get_element (shas, i);
      const char *sha = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
                        ? json_node_get_string (n) : NULL;

      if (sha == NULL || strlen (sha) != 64 || strspn (sha, "0123456789abcdef") != 64)
        {
          hsviz_chain_path_clear (&path);
          return hsviz_sf_fail (error, "verification.path", _("expected SHA-256 fingerprints (hex)"));
        }
      g_ptr_array_add (path.path, g_strdup (sha));
    }
  for (guint i = 0; anchors != NULL && i < json_array_get_length (anchors); i++)
    {
      JsonNode *n = json_array_get_element (anchors, i);
      const char *b64 = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
                        ? json_node_get_string (n) : NULL;
      gsize len = 0;
      g_autofree guchar *der = b64 != NULL && *b64 != '\0' ? g_base64_decode (b64, &len) : NULL;
      g_autoptr(GBytes) bytes = der != NULL && len > 0 ? g_bytes_new (der, len) : NULL;
      g_autoptr(GError) local = NULL;
      HsvizCertificate *cert = bytes != NULL ? hsviz_certificate_new_from_der (bytes, &local) : NULL;

      if (cert == NULL)
        {
          hsviz_chain_path_clear (&path);
          return hsviz_sf_fail (error, "verification.path_anchors", _("expected certificates (base64 DER)"));
        }
      g_ptr_array_add (path.anchors, cert);
    }
  hsviz_connection_set_chain_path (session, &path);
  hsviz_chain_path_clear (&path);
  return TRUE;
}
