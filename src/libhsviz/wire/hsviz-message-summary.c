/* hsviz-message-summary.c — the few fields of a handshake message worth a line each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-message-summary.h"

static void
fact_free (gpointer data)
{
  HsvizMessageFact *fact = data;

  g_free (fact->label);
  g_free (fact->value);
  g_free (fact);
}

static void
add_fact (GPtrArray  *facts,
          const char *label,
          const char *value,
          gboolean    list)
{
  HsvizMessageFact *fact = g_new0 (HsvizMessageFact, 1);

  fact->label = g_strdup (label);
  fact->value = g_strdup (value);
  fact->list = list;
  g_ptr_array_add (facts, fact);
}

/* The first field @key below @root, as "label: value" (when it has a value). */
static void
add_field (GPtrArray  *facts,
           HsvizField *root,
           const char *key)
{
  HsvizField *field = hsviz_field_find (root, key);

  if (field != NULL && hsviz_field_get_value (field) != NULL)
    add_fact (facts, hsviz_field_get_label (field), hsviz_field_get_value (field), FALSE);
}

/* The signature schemes of the signature_algorithms extension, else those of the message's own
 * fields (TLS 1.2 CertificateRequest, ServerKeyExchange, CertificateVerify); never those of
 * other extensions (signature_algorithms_cert, delegated_credentials). */
static GPtrArray *
signature_schemes (HsvizField *root)
{
  HsvizField *algorithms = hsviz_field_find_extension (root, HSVIZ_EXT_SIGNATURE_ALGORITHMS);
  GPtrArray *schemes;
  guint n;

  if (algorithms != NULL)
    return hsviz_field_collect (algorithms, "signature_scheme");
  schemes = g_ptr_array_new ();
  n = hsviz_field_get_n_children (root);
  for (guint i = 0; i < n; i++)
    {
      HsvizField *child = hsviz_field_get_child (root, i);
      g_autoptr(GPtrArray) below = NULL;

      if (g_strcmp0 (hsviz_field_get_key (child), "extensions") == 0)
        continue;
      if (g_strcmp0 (hsviz_field_get_key (child), "signature_scheme") == 0)
        {
          g_ptr_array_add (schemes, child);
          continue;
        }
      below = hsviz_field_collect (child, "signature_scheme");
      g_ptr_array_extend (schemes, below, NULL, NULL);
    }
  return schemes;
}

static void
add_signature_schemes (GPtrArray  *facts,
                       HsvizField *root)
{
  g_autoptr(GPtrArray) schemes = signature_schemes (root);
  g_autoptr(GString) list = NULL;
  g_autofree char *label = NULL;

  if (schemes->len == 0)
    return;
  if (schemes->len == 1)
    {
      HsvizField *scheme = g_ptr_array_index (schemes, 0);

      add_fact (facts, hsviz_field_get_label (scheme), hsviz_field_get_value (scheme), FALSE);
      return;
    }
  list = g_string_new (NULL);
  for (guint i = 0; i < schemes->len; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "", hsviz_field_get_value (g_ptr_array_index (schemes, i)));
  label = g_strdup_printf (_("Signature schemes (%u): %s"), schemes->len, list->str);
  add_fact (facts, label, NULL, TRUE);
}

GPtrArray *
hsviz_message_dup_summary (HsvizMessage *message)
{
  GPtrArray *facts = g_ptr_array_new_with_free_func (fact_free);
  HsvizField *root;
  HsvizField *suites;

  g_return_val_if_fail (HSVIZ_IS_MESSAGE (message), facts);

  root = hsviz_message_get_fields (message);
  add_field (facts, root, "random");
  suites = hsviz_field_find (root, "cipher_suites");
  if (suites != NULL)
    add_fact (facts, hsviz_field_get_label (suites), NULL, FALSE);   /* "Cipher suites (29)" */
  else
    add_field (facts, root, "cipher_suite");
  add_field (facts, root, "selected_version");
  add_field (facts, root, "selected_group");
  add_field (facts, root, "host_name");
  add_field (facts, root, "named_curve");
  add_field (facts, root, "dh_group");
  add_signature_schemes (facts, root);
  add_field (facts, root, "encrypted_pre_master_secret");
  add_field (facts, root, "verify_data");
  return facts;
}
