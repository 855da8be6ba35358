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
member_tri (JsonBuilder *b,
            const char  *key,
            HsvizTri     value)
{
  json_builder_set_member_name (b, key);
  if (value < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, value != 0);
}

static void
member_bool (JsonBuilder *b,
             const char  *key,
             gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
member_string (JsonBuilder *b,
               const char  *key,
               const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_int (JsonBuilder *b,
            const char  *key,
            gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
write_check (JsonBuilder          *b,
             const HsvizCertCheck *c)
{
  json_builder_begin_object (b);
  member_int (b, "index", c->index);
  member_bool (b, "time_ok", c->time_ok);
  member_bool (b, "not_yet_valid", c->not_yet_valid);
  member_bool (b, "expired", c->expired);
  member_bool (b, "expired_now", c->expired_now);
  member_tri (b, "issued_by_next", c->issued_by_next);
  member_tri (b, "signed_by_next", c->signed_by_next);
  member_bool (b, "self_signed", c->self_signed);
  member_bool (b, "is_ca", c->is_ca);
  member_int (b, "path_len", c->path_len);
  member_tri (b, "ca_ok", c->ca_ok);
  member_bool (b, "weak_key", c->weak_key);
  member_bool (b, "weak_signature", c->weak_signature);
  member_tri (b, "name_ok", c->name_ok);
  member_string (b, "name_matched", c->name_matched);
  member_string (b, "name_closest", c->name_closest);
  member_tri (b, "key_usage_ok", c->key_usage_ok);
  member_tri (b, "eku_ok", c->eku_ok);
  json_builder_set_member_name (b, "scts");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->scts->len; i++)
    {
      const HsvizSct *sct = g_ptr_array_index (c->scts, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (sct->time);
      g_autofree char *iso = when ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      json_builder_begin_object (b);
      member_int (b, "version", sct->version);
      member_string (b, "log_id", sct->log_id);
      member_string (b, "time", iso);
      member_string (b, "signature_algorithm", sct->signature_algorithm);
      member_bool (b, "verified", FALSE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

void
hsviz_sf_write_trust (JsonBuilder     *b,
                      HsvizConnection *self)
{
  GPtrArray *checks = hsviz_connection_get_cert_checks (self);
  GPtrArray *problems = hsviz_connection_get_chain_problems (self);
  const HsvizChainPath *path = hsviz_connection_get_chain_path (self);

  json_builder_set_member_name (b, "certificates");
  json_builder_begin_array (b);
  for (guint i = 0; i < checks->len; i++)
    write_check (b, g_ptr_array_index (checks, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "chain_problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    json_builder_add_string_value (b, ((HsvizChainProblem *) g_ptr_array_index (problems, i))->code);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "chain_problem_details");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    {
      const HsvizChainProblem *p = g_ptr_array_index (problems, i);

      json_builder_begin_object (b);
      member_string (b, "code", p->code);
      json_builder_set_member_name (b, "index");
      if (p->index >= 0)
        json_builder_add_int_value (b, p->index);
      else
        json_builder_add_null_value (b);
      member_string (b, "subject", p->subject);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (!path->present)
    return;
  json_builder_set_member_name (b, "path");
  json_builder_begin_array (b);
  for (guint i = 0; path->path != NULL && i < path->path->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (path->path, i));
  json_builder_end_array (b);
  member_bool (b, "path_anchored", path->anchored);
  json_builder_set_member_name (b, "path_anchors");
  json_builder_begin_array (b);
  for (guint i = 0; path->anchors != NULL && i < path->anchors->len; i++)
    {
      const HsvizCertificate *a = g_ptr_array_index (path->anchors, i);
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (a->der, NULL), g_bytes_get_size (a->der));

      json_builder_add_string_value (b, b64);
    }
  json_builder_end_array (b);
}

void
hsviz_sf_write_diagnosis (JsonBuilder     *b,
                          HsvizConnection *self)
{
  const HsvizDiagnosis *d = hsviz_connection_get_diagnosis (self);

  if (d == NULL)
    return;
  json_builder_set_member_name (b, "diagnosis");
  json_builder_begin_object (b);
  member_string (b, "summary", d->summary);
  json_builder_set_member_name (b, "causes");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->causes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (d->causes, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "suggestions");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->suggestions->len; i++)
    {
      const HsvizSuggestion *s = g_ptr_array_index (d->suggestions, i);

      json_builder_begin_object (b);
      member_string (b, "label", s->label);
      if (s->preset != NULL)
        member_string (b, "preset", s->preset);
      if (s->priority != NULL)
        member_string (b, "priority", s->priority);
      if (s->option != NULL)
        member_string (b, "option", s->option);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
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
