/* hsviz-sequence-layout.c — rows of the sequence diagram and the one function that draws them
 *
 * Every fact comes from the core: message types, sizes and steps from HsvizMessage, record
 * steps from HsvizRecord, action steps from hsviz_connection_step_for_action(), titles and
 * explanations from hsviz-steps.  This file only places and draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hsviz-sequence-layout.h"

typedef struct
{
  guint       after;      /* number of messages seen before it */
  guint       order;      /* tie-break: the order it was found */
  const char *label;
  guint       sides;
  HsvizStep   step;
  char       *tooltip;
} ActionSpec;

typedef struct
{
  HsvizConnection        *session;
  HsvizSequenceLayout *layout;
  PangoContext        *context;
  int                  line_height;
  GArray              *rows;            /* wire order, before y is assigned */
  gboolean             alert_shown[2];  /* an alert row from client / server */
} Builder;

static PangoLayout *
new_layout (PangoContext *context,
            const char   *markup)
{
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
row_clear (gpointer data)
{
  HsvizSequenceRow *row = data;

  g_clear_pointer (&row->tooltip, g_free);
  g_clear_object (&row->label);
}

static void
band_clear (gpointer data)
{
  HsvizSequenceBand *band = data;

  g_clear_object (&band->title);
}

static void
action_spec_clear (gpointer data)
{
  ActionSpec *spec = data;

  g_clear_pointer (&spec->tooltip, g_free);
}

static HsvizSequenceRow *
add_row (Builder              *b,
         HsvizSequenceRowKind  kind,
         HsvizStep             step,
         char                 *markup,    /* owned */
         char                 *tooltip)   /* owned */
{
  HsvizSequenceRow row = { 0 };

  row.kind = kind;
  row.step = step;
  row.message = GTK_INVALID_LIST_POSITION;
  row.loop_to = GTK_INVALID_LIST_POSITION;
  row.tooltip = tooltip;
  row.label = new_layout (b->context, markup);
  g_free (markup);

  switch (kind)
    {
    case HSVIZ_SEQUENCE_ROW_MESSAGE:
    case HSVIZ_SEQUENCE_ROW_ALERT:
    case HSVIZ_SEQUENCE_ROW_APPLICATION_DATA:
      row.height = b->line_height + 22;
      pango_layout_set_alignment (row.label, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
      break;
    case HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC:
      row.height = b->line_height + 16;
      pango_layout_set_alignment (row.label, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
      break;
    case HSVIZ_SEQUENCE_ROW_ACTION:
      row.height = b->line_height + 18;
      pango_layout_set_alignment (row.label, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
      break;
    case HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP:
      row.height = b->line_height + 12;
      pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
      break;
    case HSVIZ_SEQUENCE_ROW_EXPLANATION:
      {
        /* As many lines as the text takes at the narrowest width: all of it always shows. */
        int lines;

        pango_layout_set_wrap (row.label, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_width (row.label, HSVIZ_SEQUENCE_EXPLANATION_WIDTH (HSVIZ_SEQUENCE_MIN_WIDTH) * PANGO_SCALE);
        lines = CLAMP (pango_layout_get_line_count (row.label), 1, 6);
        pango_layout_set_height (row.label, -lines);
        pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
        row.height = lines * b->line_height + 14;
      }
      break;
    case HSVIZ_SEQUENCE_ROW_FAILURE:
      row.height = 2 * b->line_height + 18;
      pango_layout_set_wrap (row.label, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (row.label, -2);
      pango_layout_set_ellipsize (row.label, PANGO_ELLIPSIZE_END);
      break;
    default:
      g_assert_not_reached ();
    }

  g_array_append_val (b->rows, row);
  return &g_array_index (b->rows, HsvizSequenceRow, b->rows->len - 1);
}

static const char *
direction_name (HsvizDirection direction)
{
  return direction == HSVIZ_DIRECTION_CLIENT ? _("client") : _("server");
}

static void
add_message_row (Builder      *b,
                 HsvizMessage *message,
                 guint         position)
{
  HsvizSequenceRow *row;
  HsvizStep step = hsviz_message_get_step (message);
  gsize size = g_bytes_get_size (hsviz_message_get_bytes (message));
  const char *name = hsviz_message_get_type_name (message);
  const char *parse_error = hsviz_message_get_parse_error (message);
  g_autofree char *tooltip = NULL;

  tooltip = g_strdup_printf (_("%s from the %s\n%zu bytes · step %u: %s\nat %.3f ms%s%s"),
                             name, direction_name (hsviz_message_get_direction (message)),
                             size, (guint)step, step ? hsviz_step_title (step) : _("none"),
                             hsviz_message_get_time_us (message) / 1000.0,
                             parse_error ? "\n" : "", parse_error ? parse_error : "");
  row = add_row (b, HSVIZ_SEQUENCE_ROW_MESSAGE, step,
                 g_markup_printf_escaped ("<b>%s</b>  <small>%" G_GSIZE_FORMAT " B</small>", name, size),
                 g_steal_pointer (&tooltip));
  row->direction = hsviz_message_get_direction (message);
  row->message = position;
  b->layout->n_arrows++;
}

static void
add_record_row (Builder           *b,
                const HsvizRecord *record)
{
  HsvizSequenceRow *row;
  HsvizSequenceRow *last = b->rows->len ? &g_array_index (b->rows, HsvizSequenceRow, b->rows->len - 1) : NULL;
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (b->session);
  const char *sender = direction_name (record->direction);

  switch (record->content_type)
    {
    case HSVIZ_CONTENT_CHANGE_CIPHER_SPEC:
      row = add_row (b, HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC, record->step,
                     g_markup_printf_escaped ("<small>ChangeCipherSpec</small>"),
                     g_strdup_printf (_("ChangeCipherSpec record from the %s\nat %.3f ms"),
                                      sender, record->time_us / 1000.0));
      break;

    case HSVIZ_CONTENT_ALERT:
      {
        g_autofree char *what = NULL;
        gsize size = 0;
        const guint8 *data = record->bytes ? g_bytes_get_data (record->bytes, &size) : NULL;

        if (record->length == 2 && size >= 7)
          what = g_strdup_printf ("%s (%s)", hsviz_alert_name (data[6]), hsviz_alert_level_name (data[5]));
        else if (outcome->has_alert && outcome->alert_sender == record->direction)
          what = g_strdup_printf ("%s (%s)", hsviz_alert_name (outcome->alert_description),
                                  hsviz_alert_level_name (outcome->alert_level));
        else
          what = g_strdup (_("encrypted"));
        row = add_row (b, HSVIZ_SEQUENCE_ROW_ALERT, record->step,
                       g_markup_printf_escaped (_("<b>Alert</b> %s · from the %s"), what, sender),
                       g_strdup_printf (_("Alert record from the %s: %s\n%u bytes\nat %.3f ms"),
                                        sender, what, record->length, record->time_us / 1000.0));
        b->alert_shown[record->direction != HSVIZ_DIRECTION_CLIENT] = TRUE;
      }
      break;

    case HSVIZ_CONTENT_APPLICATION_DATA:
      {
        guint count = 1;
        guint64 bytes = record->length;

        if (last != NULL && last->kind == HSVIZ_SEQUENCE_ROW_APPLICATION_DATA &&
            last->direction == record->direction)
          {
            /* Extend the run: its count and size live in the tooltip's first numbers. */
            count = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (last->label), "count")) + 1;
            bytes += GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (last->label), "bytes"));
            g_array_set_size (b->rows, b->rows->len - 1);
            b->layout->n_record_arrows--;
          }
        row = add_row (b, HSVIZ_SEQUENCE_ROW_APPLICATION_DATA, record->step,
                       g_markup_printf_escaped (_("<b>Application data</b> ×%u  <small>%" PRIu64 " B</small>"),
                                                count, bytes),
                       g_strdup_printf (_("Application data from the %s, encrypted with the session keys\n"
                                          "%u records, %" G_GUINT64_FORMAT " bytes"),
                                        sender, count, bytes));
        g_object_set_data (G_OBJECT (row->label), "count", GUINT_TO_POINTER (count));
        g_object_set_data (G_OBJECT (row->label), "bytes", GSIZE_TO_POINTER ((gsize)bytes));
      }
      break;

    default:
      return;
    }

  row->direction = record->direction;
  b->layout->n_record_arrows++;
}

static void
add_action_row (Builder          *b,
                const ActionSpec *spec)
{
  HsvizSequenceRow *row;

  row = add_row (b, HSVIZ_SEQUENCE_ROW_ACTION, spec->step,
                 g_markup_printf_escaped ("<small>%s</small>", spec->label),
                 g_strdup (spec->tooltip));
  row->sides = spec->sides;
}

static void
add_action (GArray     *actions,
            guint       after,
            const char *label,
            guint       sides,
            HsvizStep   step,
            char       *tooltip)
{
  ActionSpec spec = { after, actions->len + 1, label, sides, step, tooltip };

  g_array_append_val (actions, spec);
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const ActionSpec *x = a;
  const ActionSpec *y = b;

  if (x->after != y->after)
    return x->after < y->after ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Local actions: certificate check, pre-master, master secret and keys, placed after the
 * message they followed (the key log says after which message each secret appeared). */
static GArray *
collect_actions (HsvizConnection *session)
{
  GArray *actions = g_array_new (FALSE, TRUE, sizeof (ActionSpec));
  const HsvizSecrets *secrets = hsviz_connection_get_secrets (session);
  const HsvizVerification *verification = hsviz_connection_get_verification (session);
  guint16 version = hsviz_connection_get_version (session);
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (session);
  guint n = hsviz_connection_get_n_messages (session);
  guint both = HSVIZ_SEQUENCE_SIDE_CLIENT | HSVIZ_SEQUENCE_SIDE_SERVER;
  gboolean seen_tls12 = FALSE, seen_handshake = FALSE, seen_application = FALSE;
  guint verify_after = 0;

  g_array_set_clear_func (actions, action_spec_clear);

  for (guint i = 0; i < n; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (session, i);
      HsvizDirection dir = hsviz_message_get_direction (m);
      guint8 type = hsviz_message_get_type_code (m);

      if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE)
        {
          /* The client checks the chain once the server's flight is in (TLS 1.3: with the
           * CertificateVerify signature over the transcript). */
          verify_after = i + 1;
          for (guint j = i + 1; j < n; j++)
            {
              HsvizMessage *next = hsviz_connection_get_message (session, j);

              if (hsviz_message_get_direction (next) != HSVIZ_DIRECTION_SERVER)
                break;
              verify_after = j + 1;
              if (hsviz_message_get_type_code (next) == HSVIZ_HS_CERTIFICATE_VERIFY)
                break;
            }
        }
      else if (dir == HSVIZ_DIRECTION_CLIENT && type == HSVIZ_HS_CLIENT_KEY_EXCHANGE &&
               version != 0 && version < HSVIZ_VERSION_TLS13)
        {
          /* The client makes the pre-master secret (step 3); the server recovers it or
           * computes the shared secret as part of step 4, "decryption and master secret". */
          HsvizStep pre_master = hsviz_connection_step_for_action (session, HSVIZ_ACTION_PRE_MASTER);
          HsvizStep step = hsviz_connection_step_for_action (session, HSVIZ_ACTION_MASTER_SECRET);

          if (kx == HSVIZ_KX_RSA)
            {
              add_action (actions, i, _("Encrypt pre-master secret"), HSVIZ_SEQUENCE_SIDE_CLIENT, pre_master,
                          g_strdup (_("The client makes a random 48-byte pre-master secret and encrypts it with the server's RSA public key")));
              add_action (actions, i + 1, _("Decrypt pre-master secret"), HSVIZ_SEQUENCE_SIDE_SERVER, step,
                          g_strdup (_("The server decrypts the pre-master secret with its RSA private key")));
            }
          else if (kx == HSVIZ_KX_ECDHE || kx == HSVIZ_KX_DHE)
            add_action (actions, i + 1, _("Compute shared secret"), both, step,
                        g_strdup_printf (_("Both sides compute the %s shared secret from the two public keys; nothing secret was sent"),
                                         hsviz_key_exchange_name (kx)));
        }
    }

  if (verify_after > 0)
    {
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;

      if (verification->present)
        label = g_strdup_printf ("%s %s", _("Verify certificate"), verification->trusted ? "✓" : "✗");
      else
        label = g_strdup (_("Verify certificate"));
      tooltip = g_strdup_printf (_("The client checks the certificate chain: name, dates, issuer%s%s"),
                                 verification->present && verification->text ? "\n" : "",
                                 verification->present && verification->text ? verification->text : "");
      add_action (actions, verify_after, g_intern_string (label), HSVIZ_SEQUENCE_SIDE_CLIENT,
                  hsviz_connection_step_for_action (session, HSVIZ_ACTION_VERIFY_CERTIFICATE),
                  g_steal_pointer (&tooltip));
      /* The check comes before anything else the client does after the server's flight. */
      g_array_index (actions, ActionSpec, actions->len - 1).order = 0;
    }

  for (guint i = 0; secrets != NULL && secrets->keylog != NULL && i < secrets->keylog->len; i++)
    {
      const HsvizKeylogEntry *entry = g_ptr_array_index (secrets->keylog, i);
      HsvizStep master = hsviz_connection_step_for_action (session, HSVIZ_ACTION_MASTER_SECRET);
      HsvizStep keys = hsviz_connection_step_for_action (session, HSVIZ_ACTION_SESSION_KEYS);

      if (g_strcmp0 (entry->label, "CLIENT_RANDOM") == 0 && !seen_tls12)
        {
          seen_tls12 = TRUE;
          add_action (actions, entry->after_message, _("Compute master secret"), both, master,
                      g_strdup (_("master_secret = PRF(pre_master_secret, \"master secret\", randoms)")));
          add_action (actions, entry->after_message, _("Derive session keys"), both, keys,
                      g_strdup (_("key_block = PRF(master_secret, \"key expansion\", randoms): MAC keys, write keys, IVs")));
        }
      else if (g_str_has_suffix (entry->label, "_HANDSHAKE_TRAFFIC_SECRET") && !seen_handshake)
        {
          seen_handshake = TRUE;
          add_action (actions, entry->after_message, _("Compute handshake secret"), both, master,
                      g_strdup (_("HKDF: early secret → handshake secret, from the (EC)DHE shared secret")));
          add_action (actions, entry->after_message, _("Derive handshake keys"), both, keys,
                      g_strdup (_("Handshake traffic secrets → key and IV (HKDF-Expand-Label); they protect the rest of the handshake")));
        }
      else if (g_str_has_suffix (entry->label, "_TRAFFIC_SECRET_0") && !seen_application)
        {
          seen_application = TRUE;
          add_action (actions, entry->after_message, _("Compute master secret"), both, master,
                      g_strdup (_("HKDF: handshake secret → master secret")));
          add_action (actions, entry->after_message, _("Derive session keys"), both, keys,
                      g_strdup (_("Application traffic secrets → key and IV (HKDF-Expand-Label)")));
        }
    }

  g_array_sort (actions, compare_actions);
  return actions;
}

/* The record that carried each handshake message (@carrier, -1 if unknown), and which
 * application-data records (content type 23) carry application data.  Under TLS 1.3 the
 * encrypted handshake messages travel in such records too.  A received message's record is
 * the last one received before it (several messages may share one); a sent message's is the
 * next one sent after it (GnuTLS records a flight's messages as it makes them and sends them
 * a record each when the flight is flushed, ChangeCipherSpec included). */
static gboolean *
find_carriers (HsvizConnection *session,
               GPtrArray    *records,
               int          *carrier)
{
  gboolean *is_app = g_new0 (gboolean, records->len + 1);
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (session);
  gboolean tls13 = hsviz_connection_get_version (session) == HSVIZ_VERSION_TLS13;
  guint n = hsviz_connection_get_n_messages (session);
  int last[2] = { -1, -1 };

  for (guint r = 0; r < records->len; r++)
    is_app[r] = ((const HsvizRecord *)g_ptr_array_index (records, r))->content_type == HSVIZ_CONTENT_APPLICATION_DATA;

  for (guint i = 0; i < n; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (session, i);
      HsvizDirection dir = hsviz_message_get_direction (m);
      gint64 t = hsviz_message_get_time_us (m);
      guint8 type = hsviz_message_get_type_code (m);
      guint8 content = tls13 && type != HSVIZ_HS_CLIENT_HELLO && type != HSVIZ_HS_SERVER_HELLO
                       ? HSVIZ_CONTENT_APPLICATION_DATA : HSVIZ_CONTENT_HANDSHAKE;
      int *prev = &last[dir != HSVIZ_DIRECTION_CLIENT];

      carrier[i] = -1;
      for (guint r = MAX (*prev, 0); r < records->len; r++)
        {
          const HsvizRecord *rec = g_ptr_array_index (records, r);

          if (rec->content_type != content || rec->direction != dir)
            continue;
          if (dir == HSVIZ_DIRECTION_SERVER && rec->time_us <= t)
            carrier[i] = r;
          else if (dir == HSVIZ_DIRECTION_CLIENT && rec->time_us >= t && (int)r > *prev)
            {
              carrier[i] = r;
              break;
            }
        }
      if (carrier[i] >= 0)
        {
          is_app[carrier[i]] = FALSE;
          *prev = carrier[i];
        }
    }

  /* The alert that ended a failed handshake travelled encrypted too: its row comes from the
   * outcome, so its record (the sender's last) is not application data. */
  if (!outcome->completed && outcome->has_alert)
    for (guint r = records->len; r-- > 0;)
      {
        const HsvizRecord *rec = g_ptr_array_index (records, r);

        if (rec->direction == outcome->alert_sender)
          {
            if (rec->content_type == HSVIZ_CONTENT_APPLICATION_DATA)
              is_app[r] = FALSE;
            break;
          }
      }

  return is_app;
}

static void
build_wire_rows (Builder *b)
{
  HsvizConnection *session = b->session;
  GPtrArray *records = hsviz_connection_get_records (session);
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (session);
  g_autoptr(GArray) actions = collect_actions (session);
  g_autofree gboolean *is_app = NULL;
  guint n = hsviz_connection_get_n_messages (session);
  g_autofree int *carrier = g_new (int, n + 1);
  guint n_records = records ? records->len : 0;
  guint a = 0, r = 0;
  guint last_client_hello = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    carrier[i] = -1;
  is_app = records ? find_carriers (session, records, carrier) : NULL;

#define EMIT_RECORD(rec_index) G_STMT_START { \
    const HsvizRecord *rec_ = g_ptr_array_index (records, rec_index); \
    if (rec_->content_type != HSVIZ_CONTENT_APPLICATION_DATA || is_app[rec_index]) \
      add_record_row (b, rec_); \
  } G_STMT_END

  for (guint i = 0; i <= n; i++)
    {
      HsvizMessage *m;

      for (; a < actions->len && g_array_index (actions, ActionSpec, a).after <= i; a++)
        add_action_row (b, &g_array_index (actions, ActionSpec, a));

      if (i == n)
        break;

      /* The records sent before the one that carried the message (or, without it, before
       * the message's time). */
      m = hsviz_connection_get_message (session, i);
      for (; r < n_records; r++)
        {
          const HsvizRecord *rec = g_ptr_array_index (records, r);

          if (carrier[i] >= 0 ? (int)r >= carrier[i] : rec->time_us >= hsviz_message_get_time_us (m))
            break;
          EMIT_RECORD (r);
        }

      add_message_row (b, m, i);
      if (hsviz_message_get_type_code (m) == HSVIZ_HS_CLIENT_HELLO)
        last_client_hello = i;
      if (hsviz_message_is_hello_retry (m))
        {
          HsvizSequenceRow *loop;

          loop = add_row (b, HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP, hsviz_message_get_step (m),
                          g_markup_printf_escaped ("<b>↺</b> <small>%s</small>", _("Hello retry: back to step 1")),
                          g_strdup (_("The server asked for another key share: the client sends a new ClientHello")));
          loop->loop_to = last_client_hello;
          loop->direction = HSVIZ_DIRECTION_SERVER;
        }
    }
  for (; a < actions->len; a++)
    add_action_row (b, &g_array_index (actions, ActionSpec, a));
  for (; r < n_records; r++)
    EMIT_RECORD (r);

#undef EMIT_RECORD

  if (outcome->has_alert && !b->alert_shown[outcome->alert_sender != HSVIZ_DIRECTION_CLIENT])
    {
      const char *sender = direction_name (outcome->alert_sender);
      HsvizSequenceRow *row;

      row = add_row (b, HSVIZ_SEQUENCE_ROW_ALERT, HSVIZ_STEP_NONE,
                     g_markup_printf_escaped (_("<b>Alert</b> %s (%s) · from the %s"),
                                              hsviz_alert_name (outcome->alert_description),
                                              hsviz_alert_level_name (outcome->alert_level), sender),
                     g_strdup_printf (_("Alert from the %s: %s (%s)"), sender,
                                      hsviz_alert_name (outcome->alert_description),
                                      hsviz_alert_level_name (outcome->alert_level)));
      row->direction = outcome->alert_sender;
      b->layout->n_record_arrows++;
    }

  if (!outcome->completed && (outcome->error != NULL || outcome->failed_at != NULL || outcome->has_alert))
    {
      g_autofree char *where = g_strdup (outcome->failed_at ? outcome->failed_at : "");
      const char *error = outcome->error ? outcome->error : "";

      add_row (b, HSVIZ_SEQUENCE_ROW_FAILURE, HSVIZ_STEP_NONE,
               g_markup_printf_escaped (_("<b>Handshake failed</b> %s\n<small>%s</small>"), where, error),
               g_strdup_printf (_("The handshake failed %s\n%s"), where, error));
    }
}

/* Textbook order: the six steps in order, each with its rows in wire order; a step with no
 * message gets the line saying what it is on this protocol. */
static GArray *
textbook_order (Builder *b)
{
  GArray *ordered = g_array_new (FALSE, TRUE, sizeof (HsvizSequenceRow));
  guint16 version = hsviz_connection_get_version (b->session);
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (b->session);
  gboolean failed = FALSE;
  guint last_step = HSVIZ_STEP_NONE;

  /* On a failed handshake, the steps after the last one that shows anything never happened. */
  for (guint i = 0; i < b->rows->len; i++)
    {
      const HsvizSequenceRow *row = &g_array_index (b->rows, HsvizSequenceRow, i);

      failed |= row->kind == HSVIZ_SEQUENCE_ROW_FAILURE;
      last_step = MAX (last_step, (guint)row->step);
    }

  for (guint step = 1; step <= HSVIZ_N_STEPS + 1; step++)
    {
      guint s = step <= HSVIZ_N_STEPS ? step : HSVIZ_STEP_NONE;
      gboolean has_message = FALSE;

      for (guint i = 0; i < b->rows->len; i++)
        {
          const HsvizSequenceRow *row = &g_array_index (b->rows, HsvizSequenceRow, i);

          if (row->step == s && row->kind == HSVIZ_SEQUENCE_ROW_MESSAGE)
            has_message = TRUE;
        }

      if (s != HSVIZ_STEP_NONE && !has_message)
        {
          GArray *saved = b->rows;
          const char *explain = hsviz_step_explain (s, version, kx);

          b->rows = ordered;
          if (failed && s > last_step)
            add_row (b, HSVIZ_SEQUENCE_ROW_EXPLANATION, s,
                     g_markup_printf_escaped ("<b>%s</b> <i>%s</i>", _("Not reached: the handshake failed before this step."),
                                              explain ? explain : ""),
                     g_strdup_printf ("%s\n%s", _("Not reached: the handshake failed before this step."),
                                      explain ? explain : ""));
          else
            add_row (b, HSVIZ_SEQUENCE_ROW_EXPLANATION, s,
                     g_markup_printf_escaped ("<i>%s</i>", explain ? explain : ""),
                     g_strdup (explain));
          b->rows = saved;
        }

      for (guint i = 0; i < b->rows->len; i++)
        {
          const HsvizSequenceRow *row = &g_array_index (b->rows, HsvizSequenceRow, i);

          if (row->step == s)
            g_array_append_vals (ordered, row, 1);
        }
    }

  /* The rows moved into @ordered: forget them without freeing. */
  g_array_set_clear_func (b->rows, NULL);
  g_array_set_size (b->rows, 0);
  return ordered;
}

static void
assign_positions (Builder *b)
{
  HsvizSequenceLayout *layout = b->layout;
  int y = layout->header_height;

  for (guint i = 0; i < layout->rows->len; i++)
    {
      HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);
      HsvizSequenceRow *prev = i ? &g_array_index (layout->rows, HsvizSequenceRow, i - 1) : NULL;
      gboolean new_band = row->step != HSVIZ_STEP_NONE &&
                          (prev == NULL || prev->step != row->step || layout->bands->len == 0);

      if (prev != NULL && prev->step != HSVIZ_STEP_NONE &&
          (prev->step != row->step))
        {
          HsvizSequenceBand *band = &g_array_index (layout->bands, HsvizSequenceBand, layout->bands->len - 1);
          int title_h;

          y += HSVIZ_SEQUENCE_BAND_PAD;
          pango_layout_get_pixel_size (band->title, NULL, &title_h);
          y = MAX (y, band->y + title_h + 2 * HSVIZ_SEQUENCE_BAND_PAD);
          band->height = y - band->y;
        }

      if (new_band)
        {
          HsvizSequenceBand band = { 0 };
          g_autofree char *markup = NULL;

          band.step = row->step;
          band.y = y;
          markup = g_markup_printf_escaped ("<b>%u</b>  %s", (guint)row->step, hsviz_step_title (row->step));
          band.title = new_layout (b->context, markup);
          pango_layout_set_width (band.title, (HSVIZ_SEQUENCE_TITLE_WIDTH - 24) * PANGO_SCALE);
          pango_layout_set_wrap (band.title, PANGO_WRAP_WORD_CHAR);
          g_array_append_val (layout->bands, band);
          y += HSVIZ_SEQUENCE_BAND_PAD;
        }

      row->y = y;
      y += row->height;
    }

  if (layout->rows->len > 0)
    {
      HsvizSequenceRow *last = &g_array_index (layout->rows, HsvizSequenceRow, layout->rows->len - 1);

      if (last->step != HSVIZ_STEP_NONE)
        {
          HsvizSequenceBand *band = &g_array_index (layout->bands, HsvizSequenceBand, layout->bands->len - 1);
          int title_h;

          y += HSVIZ_SEQUENCE_BAND_PAD;
          pango_layout_get_pixel_size (band->title, NULL, &title_h);
          y = MAX (y, band->y + title_h + 2 * HSVIZ_SEQUENCE_BAND_PAD);
          band->height = y - band->y;
        }
    }

  layout->height = y + 16;

  /* The HelloRetryRequest loop goes back up to the first ClientHello. */
  for (guint i = 0; i < layout->rows->len; i++)
    {
      HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);

      if (row->kind == HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP)
        {
          int target = hsviz_sequence_layout_find_message (layout, row->loop_to);

          if (target >= 0)
            {
              const HsvizSequenceRow *to = &g_array_index (layout->rows, HsvizSequenceRow, target);

              row->loop_to_y = to->y + to->height - 10;
            }
          else
            row->loop_to_y = row->y;
          g_array_append_val (layout->loops, i);
        }
    }
}

HsvizSequenceLayout *
hsviz_sequence_layout_new (HsvizConnection *session,
                           gboolean      textbook,
                           PangoContext *context)
{
  HsvizSequenceLayout *layout = g_new0 (HsvizSequenceLayout, 1);
  const HsvizTarget *target;
  g_autofree char *server = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  Builder b = { 0 };

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  layout->textbook = textbook;
  layout->rows = g_array_new (FALSE, TRUE, sizeof (HsvizSequenceRow));
  g_array_set_clear_func (layout->rows, row_clear);
  layout->bands = g_array_new (FALSE, TRUE, sizeof (HsvizSequenceBand));
  g_array_set_clear_func (layout->bands, band_clear);
  layout->loops = g_array_new (FALSE, FALSE, sizeof (guint));

  probe = pango_layout_new (context);
  pango_layout_set_text (probe, "Ag", -1);
  pango_layout_get_pixel_size (probe, NULL, &b.line_height);

  target = session ? hsviz_connection_get_target (session) : NULL;
  if (target != NULL && target->host != NULL)
    server = g_strdup_printf (_("Server %s:%u"), target->host, (guint)target->port);
  else
    server = g_strdup (_("Server"));
  layout->client_header = new_layout (context, _("<b>Client</b> (HandshakeViz)"));
  layout->server_header = pango_layout_new (context);
  pango_layout_set_text (layout->server_header, server, -1);
  pango_layout_set_attributes (layout->server_header, NULL);
  for (guint i = 0; i < 2; i++)
    {
      PangoLayout *l = i ? layout->server_header : layout->client_header;

      pango_layout_set_width (l, (HSVIZ_SEQUENCE_HEADER_BOX_W - 16) * PANGO_SCALE);
      pango_layout_set_alignment (l, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_MIDDLE);
    }
  for (guint i = 0; i <= HSVIZ_N_STEPS; i++)
    {
      g_autofree char *markup = g_strdup_printf ("<small><b>%u</b></small>", i);

      layout->badges[i] = new_layout (context, markup);
    }
  layout->header_height = b.line_height + 36;
  layout->height = layout->header_height + 16;

  if (session == NULL)
    return layout;

  b.session = session;
  b.layout = layout;
  b.context = context;
  b.rows = g_array_new (FALSE, TRUE, sizeof (HsvizSequenceRow));
  g_array_set_clear_func (b.rows, row_clear);

  build_wire_rows (&b);
  if (textbook)
    {
      GArray *ordered = textbook_order (&b);

      g_array_unref (b.rows);
      b.rows = ordered;
      g_array_set_clear_func (b.rows, row_clear);
    }

  /* Hand the rows to the layout. */
  g_array_unref (layout->rows);
  layout->rows = g_steal_pointer (&b.rows);
  assign_positions (&b);

  return layout;
}

void
hsviz_sequence_layout_free (HsvizSequenceLayout *layout)
{
  if (layout == NULL)
    return;

  g_clear_pointer (&layout->rows, g_array_unref);
  g_clear_pointer (&layout->bands, g_array_unref);
  g_clear_pointer (&layout->loops, g_array_unref);
  g_clear_object (&layout->client_header);
  g_clear_object (&layout->server_header);
  for (guint i = 0; i <= HSVIZ_N_STEPS; i++)
    g_clear_object (&layout->badges[i]);
  g_free (layout);
}
