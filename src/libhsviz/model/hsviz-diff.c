/* hsviz-diff.c — two connections side by side
 *
 * Every value comes from the connections' own facts (version, suite, group, the parsed
 * messages and extensions, the certificates, the timeline's times); the diff only lines them
 * up and says which differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "hsviz-diff.h"
#include "hsviz-tables.h"
#include "hsviz-timeline.h"
#include "hsviz-timeline-item.h"

struct _HsvizDiff
{
  char   *title_a;
  char   *title_b;
  GArray *rows;   /* of HsvizDiffRow */
};

static void
row_clear (gpointer data)
{
  HsvizDiffRow *row = data;

  g_free (row->title);
  g_free (row->a);
  g_free (row->b);
  g_strfreev (row->only_a);
  g_strfreev (row->only_b);
}

static void
add_value (HsvizDiff  *diff,
           const char *key,
           const char *title,
           const char *a,
           const char *b)
{
  HsvizDiffRow row = { HSVIZ_DIFF_VALUE, key, g_strdup (title), g_strdup (a ? a : ""), g_strdup (b ? b : ""),
                       FALSE, NULL, NULL, -1, -1 };

  row.differs = g_strcmp0 (row.a, row.b) != 0;
  g_array_append_val (diff->rows, row);
}

/* Items of @list (with repeats) that @other lacks, each repeat counted. */
static char **
missing_from (GPtrArray *list,
              GPtrArray *other)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

  for (guint i = 0; i < other->len; i++)
    {
      gpointer key = g_ptr_array_index (other, i);

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
    }
  for (guint i = 0; i < list->len; i++)
    {
      gpointer key = g_ptr_array_index (list, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      if (n > 0)
        g_hash_table_insert (counts, key, GUINT_TO_POINTER (n - 1));
      else
        g_strv_builder_add (builder, key);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static char *
join (GPtrArray *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (list, i));
  return g_string_free (s, FALSE);
}

static void
add_set (HsvizDiff  *diff,
         const char *key,
         const char *title,
         GPtrArray  *a,
         GPtrArray  *b)
{
  HsvizDiffRow row = { HSVIZ_DIFF_SET, key, g_strdup (title), join (a), join (b), FALSE,
                       missing_from (a, b), missing_from (b, a), -1, -1 };

  row.differs = row.only_a[0] != NULL || row.only_b[0] != NULL;
  g_array_append_val (diff->rows, row);
}

static void
add_time (HsvizDiff  *diff,
          const char *key,
          const char *title,
          gint64      a_us,
          gint64      b_us)
{
  HsvizDiffRow row = { HSVIZ_DIFF_TIME, key, g_strdup (title), NULL, NULL, FALSE, NULL, NULL, a_us, b_us };

  row.a = a_us >= 0 ? g_strdup_printf (_("%.1f ms"), a_us / 1000.0) : g_strdup ("");
  row.b = b_us >= 0 ? g_strdup_printf (_("%.1f ms"), b_us / 1000.0) : g_strdup ("");
  g_array_append_val (diff->rows, row);
}

/* ---- what one connection shows ---- */

static const char *
version_of (HsvizConnection *c)
{
  guint16 v = hsviz_connection_get_version (c);

  return v != 0 ? hsviz_version_display_name (v) : NULL;
}

static const char *
suite_of (HsvizConnection *c)
{
  guint16 s = hsviz_connection_get_cipher_suite (c);

  return s != 0 ? hsviz_cipher_suite_name (s) : NULL;
}

static const char *
kx_of (HsvizConnection *c)
{
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (c);

  return kx != HSVIZ_KX_UNKNOWN ? hsviz_key_exchange_name (kx) : NULL;
}

static const char *
scheme_of (HsvizConnection *c)
{
  guint16 s = hsviz_connection_get_signature_scheme (c);

  return s != 0 ? hsviz_signature_scheme_name (s) : NULL;
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

/* TLS 1.3 early data (0-RTT): "no", "rejected", "accepted, 105 bytes" (transfer full) */
static char *
early_of (HsvizConnection *c)
{
  HsvizEarlyData early;

  hsviz_connection_get_early_data (c, &early);
  if (!early.offered)
    return g_strdup (yes_no (FALSE));
  if (!early.accepted)
    return g_strdup (_("offered, rejected"));
  /* Translators: TLS 1.3 early data the server accepted, and its size */
  return g_strdup_printf (_("accepted, %" PRIu64 " bytes"), early.bytes);
}

/* TLS 1.3 binds every secret to the transcript: the extension does not exist there. */
static const char *
ems_of (HsvizConnection *c)
{
  if (hsviz_connection_get_version (c) == HSVIZ_VERSION_TLS13)
    return _("built in (TLS 1.3)");
  return yes_no (hsviz_connection_uses_extended_master_secret (c));
}

static GPtrArray *
message_names (HsvizConnection *c)
{
  GPtrArray *names = g_ptr_array_new ();
  guint n = hsviz_connection_get_n_messages (c);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) hsviz_message_get_type_name (hsviz_connection_get_message (c, i)));
  return names;
}

/* The extensions of the messages of @sender among @types, by name, in order. */
static GPtrArray *
extension_names (HsvizConnection *c,
                 HsvizDirection   sender,
                 const guint8    *types,
                 guint            n_types)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint t = 0; t < n_types; t++)
    {
      HsvizMessage *message = hsviz_connection_find_message (c, types[t], sender, TRUE);
      g_autoptr(GPtrArray) extensions = NULL;

      if (message == NULL)
        continue;
      extensions = hsviz_field_collect (hsviz_field_find (hsviz_message_get_fields (message), "extensions"),
                                        "extension");
      for (guint i = 0; extensions != NULL && i < extensions->len; i++)
        {
          gint64 type = hsviz_field_get_number (g_ptr_array_index (extensions, i));

          if (type >= 0 && type <= G_MAXUINT16)
            g_ptr_array_add (names, (gpointer) hsviz_extension_name ((guint16) type));
        }
    }
  return names;
}

static GPtrArray *
certificate_subjects (HsvizConnection *c)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  GPtrArray *subjects = g_ptr_array_new ();

  for (guint i = 0; certs != NULL && i < certs->len; i++)
    g_ptr_array_add (subjects, ((HsvizCertificate *) g_ptr_array_index (certs, i))->subject);
  return subjects;
}

/* When each step ended: the latest timed item of the step on the timeline. */
static void
step_end_times (HsvizConnection *c,
                gint64           ends[HSVIZ_N_STEPS + 1])
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (c);
  guint n = hsviz_timeline_get_n_items (timeline);

  for (guint s = 0; s <= HSVIZ_N_STEPS; s++)
    ends[s] = -1;
  for (guint i = 0; i < n; i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
      HsvizStep step = hsviz_timeline_item_get_step (item);
      gint64 t = hsviz_timeline_item_get_time_us (item);

      if (step >= 1 && step <= HSVIZ_N_STEPS && t >= 0)
        ends[step] = MAX (ends[step], t);
    }
}

HsvizDiff *
hsviz_diff_new (HsvizConnection *a,
                HsvizConnection *b)
{
  static const guint8 offered[] = { HSVIZ_HS_CLIENT_HELLO };
  static const guint8 selected[] = { HSVIZ_HS_SERVER_HELLO, HSVIZ_HS_ENCRYPTED_EXTENSIONS };
  HsvizDiff *diff;
  g_autofree char *group_a = NULL;
  g_autofree char *group_b = NULL;
  g_autofree char *rtt_a = NULL;
  g_autofree char *rtt_b = NULL;
  g_autofree char *early_a = NULL;
  g_autofree char *early_b = NULL;
  gint64 ends_a[HSVIZ_N_STEPS + 1], ends_b[HSVIZ_N_STEPS + 1];

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (a), NULL);
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (b), NULL);

  diff = g_new0 (HsvizDiff, 1);
  diff->title_a = hsviz_connection_dup_title (a);
  diff->title_b = hsviz_connection_dup_title (b);
  diff->rows = g_array_new (FALSE, TRUE, sizeof (HsvizDiffRow));
  g_array_set_clear_func (diff->rows, row_clear);

  add_value (diff, "version", _("Version"), version_of (a), version_of (b));
  /* Translators: whether the connection resumed an earlier one ("yes" or "no") */
  add_value (diff, "resumed", _("Resumed an earlier connection"),
             yes_no (hsviz_connection_is_resumed (a)), yes_no (hsviz_connection_is_resumed (b)));
  early_a = early_of (a);
  early_b = early_of (b);
  add_value (diff, "early_data", _("Early data (0-RTT)"), early_a, early_b);
  add_value (diff, "cipher_suite", _("Cipher suite"), suite_of (a), suite_of (b));
  group_a = hsviz_connection_dup_group_name (a);
  group_b = hsviz_connection_dup_group_name (b);
  add_value (diff, "group", _("Group"), group_a, group_b);
  add_value (diff, "key_exchange", _("Key exchange"), kx_of (a), kx_of (b));
  add_value (diff, "signature_scheme", _("Signature scheme"), scheme_of (a), scheme_of (b));
  add_value (diff, "hello_retry", _("HelloRetryRequest"),
             yes_no (hsviz_connection_had_hello_retry (a)), yes_no (hsviz_connection_had_hello_retry (b)));
  add_value (diff, "extended_master_secret", _("Extended master secret"), ems_of (a), ems_of (b));
  rtt_a = g_strdup_printf ("%u", hsviz_connection_count_round_trips (a));
  rtt_b = g_strdup_printf ("%u", hsviz_connection_count_round_trips (b));
  add_value (diff, "round_trips", _("Round trips of the handshake"), rtt_a, rtt_b);

  {
    g_autoptr(GPtrArray) ma = message_names (a);
    g_autoptr(GPtrArray) mb = message_names (b);
    g_autoptr(GPtrArray) oa = extension_names (a, HSVIZ_DIRECTION_CLIENT, offered, G_N_ELEMENTS (offered));
    g_autoptr(GPtrArray) ob = extension_names (b, HSVIZ_DIRECTION_CLIENT, offered, G_N_ELEMENTS (offered));
    g_autoptr(GPtrArray) sa = extension_names (a, HSVIZ_DIRECTION_SERVER, selected, G_N_ELEMENTS (selected));
    g_autoptr(GPtrArray) sb = extension_names (b, HSVIZ_DIRECTION_SERVER, selected, G_N_ELEMENTS (selected));
    g_autoptr(GPtrArray) ca = certificate_subjects (a);
    g_autoptr(GPtrArray) cb = certificate_subjects (b);

    add_set (diff, "messages", _("Handshake messages"), ma, mb);
    add_set (diff, "extensions_offered", _("Extensions the client offered"), oa, ob);
    add_set (diff, "extensions_selected", _("Extensions the server answered"), sa, sb);
    add_set (diff, "certificates", _("Certificates (subjects)"), ca, cb);
  }

  step_end_times (a, ends_a);
  step_end_times (b, ends_b);
  for (guint s = 1; s <= HSVIZ_N_STEPS; s++)
    {
      static const char *keys[] = { NULL, "step_1_time", "step_2_time", "step_3_time",
                                    "step_4_time", "step_5_time", "step_6_time" };
      /* Translators: "Step 2 done (Server Hello)" */
      g_autofree char *title = g_strdup_printf (_("Step %u done (%s)"), s, hsviz_step_title (s));

      add_time (diff, keys[s], title, ends_a[s], ends_b[s]);
    }
  add_time (diff, "handshake_time", _("Handshake time"),
            hsviz_connection_get_timings (a)->handshake_us > 0 ? hsviz_connection_get_timings (a)->handshake_us : -1,
            hsviz_connection_get_timings (b)->handshake_us > 0 ? hsviz_connection_get_timings (b)->handshake_us : -1);
  return diff;
}

void
hsviz_diff_free (HsvizDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->title_a);
  g_free (diff->title_b);
  g_array_unref (diff->rows);
  g_free (diff);
}

guint
hsviz_diff_get_n_rows (HsvizDiff *diff)
{
  return diff->rows->len;
}

const HsvizDiffRow *
hsviz_diff_get_row (HsvizDiff *diff,
                    guint      i)
{
  g_return_val_if_fail (i < diff->rows->len, NULL);
  return &g_array_index (diff->rows, HsvizDiffRow, i);
}

guint
hsviz_diff_get_n_differences (HsvizDiff *diff)
{
  guint n = 0;

  for (guint i = 0; i < diff->rows->len; i++)
    n += g_array_index (diff->rows, HsvizDiffRow, i).differs;
  return n;
}

static void
add_strv (JsonBuilder  *builder,
          const char   *name,
          char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       us)
{
  json_builder_set_member_name (builder, name);
  if (us >= 0)
    json_builder_add_int_value (builder, us);
  else
    json_builder_add_null_value (builder);
}

void
hsviz_diff_to_json (HsvizDiff   *diff,
                    JsonBuilder *builder)
{
  static const char *kinds[] = { "value", "set", "time" };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "a");
  json_builder_add_string_value (builder, diff->title_a);
  json_builder_set_member_name (builder, "b");
  json_builder_add_string_value (builder, diff->title_b);
  json_builder_set_member_name (builder, "differences");
  json_builder_add_int_value (builder, hsviz_diff_get_n_differences (diff));
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < diff->rows->len; i++)
    {
      const HsvizDiffRow *row = &g_array_index (diff->rows, HsvizDiffRow, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, row->title);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kinds[row->kind]);
      json_builder_set_member_name (builder, "differs");
      json_builder_add_boolean_value (builder, row->differs);
      if (row->kind == HSVIZ_DIFF_TIME)
        {
          add_time_member (builder, "a_us", row->a_us);
          add_time_member (builder, "b_us", row->b_us);
        }
      else
        {
          json_builder_set_member_name (builder, "a");
          json_builder_add_string_value (builder, row->a);
          json_builder_set_member_name (builder, "b");
          json_builder_add_string_value (builder, row->b);
        }
      if (row->kind == HSVIZ_DIFF_SET)
        {
          add_strv (builder, "only_a", row->only_a);
          add_strv (builder, "only_b", row->only_b);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
