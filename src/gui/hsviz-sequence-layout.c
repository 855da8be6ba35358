/* hsviz-sequence-layout.c — the rows of the sequence diagram, laid out from the timeline
 *
 * Every fact comes from the core: the rows are the connection's timeline (hsviz-timeline.h:
 * messages, records, alerts, local actions, the HelloRetryRequest loop, the point of failure,
 * each with its step and label), titles and explanations come from hsviz-steps.  This file
 * only turns them into rows and bands and gives them a place; hsviz-sequence-draw.c draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hsviz-sequence-layout.h"

typedef struct
{
  HsvizConnection        *session;
  HsvizSequenceLayout *layout;
  PangoContext        *context;
  int                  line_height;
  GArray              *rows;            /* wire order, before y is assigned */
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
    case HSVIZ_SEQUENCE_ROW_CLEARTEXT:
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
      if (b->layout->presenting)
        {
          /* Presenter mode shows the step's explanation in large type under the diagram: the
           * row stays (its band with it) with no text. */
          pango_layout_set_text (row.label, "", 0);
          row.height = 8;
          break;
        }
      {
        /* As many lines as the text takes at the narrowest width: all of it always shows. */
        int lines;

        pango_layout_set_wrap (row.label, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_width (row.label, HSVIZ_SEQUENCE_EXPLANATION_WIDTH (HSVIZ_SEQUENCE_MIN_WIDTH) * PANGO_SCALE);
        lines = CLAMP (pango_layout_get_line_count (row.label), 1, 12);
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
add_message_row (Builder           *b,
                 HsvizTimelineItem *item)
{
  HsvizSequenceRow *row;
  guint position = hsviz_timeline_item_get_message_index (item);
  HsvizMessage *message = hsviz_connection_get_message (b->session, position);
  HsvizStep step = hsviz_timeline_item_get_step (item);
  guint64 size = hsviz_timeline_item_get_size (item);
  const char *name = hsviz_timeline_item_get_label (item);
  const char *parse_error = hsviz_timeline_item_get_detail (item);
  g_autofree char *tooltip = NULL;

  tooltip = g_strdup_printf (_("%s from the %s\n%" PRIu64 " bytes · step %u: %s\nat %.3f ms%s%s"),
                             name, direction_name (hsviz_timeline_item_get_direction (item)),
                             size, (guint)step, step ? hsviz_step_title (step) : _("none"),
                             hsviz_timeline_item_get_time_us (item) / 1000.0,
                             parse_error ? "\n" : "", parse_error ? parse_error : "");
  row = add_row (b, HSVIZ_SEQUENCE_ROW_MESSAGE, step,
                 g_markup_printf_escaped ("<b>%s</b>  <small>%" G_GUINT64_FORMAT " B</small>", name, size),
                 g_steal_pointer (&tooltip));
  row->direction = hsviz_message_get_direction (message);
  row->message = position;
  b->layout->n_arrows++;
}

static void
add_record_row (Builder           *b,
                HsvizTimelineItem *item)
{
  HsvizSequenceRow *row;
  HsvizSequenceRow *last = b->rows->len ? &g_array_index (b->rows, HsvizSequenceRow, b->rows->len - 1) : NULL;
  HsvizDirection direction = hsviz_timeline_item_get_direction (item);
  HsvizStep step = hsviz_timeline_item_get_step (item);
  const char *label = hsviz_timeline_item_get_label (item);
  const char *detail = hsviz_timeline_item_get_detail (item);
  double ms = hsviz_timeline_item_get_time_us (item) / 1000.0;

  if (hsviz_timeline_item_get_kind (item) == HSVIZ_TIMELINE_ALERT)
    {
      /* The arrow says who sent it, the tooltip says it in words. */
      row = add_row (b, HSVIZ_SEQUENCE_ROW_ALERT, step,
                     g_markup_printf_escaped (_("<b>Alert</b> %s"), label),
                     hsviz_timeline_item_get_record_index (item) >= 0
                     ? g_strdup_printf (_("%s\n%" PRIu64 " bytes\nat %.3f ms"), detail,
                                        hsviz_timeline_item_get_size (item), ms)
                     : g_strdup (detail));
      row->direction = direction;
      row->failed = hsviz_timeline_item_is_failure (item);
      b->layout->n_record_arrows++;
      return;
    }

  switch (hsviz_timeline_item_get_record_kind (item))
    {
    case HSVIZ_TIMELINE_RECORD_CHANGE_CIPHER_SPEC:
      row = add_row (b, HSVIZ_SEQUENCE_ROW_CHANGE_CIPHER_SPEC, step,
                     g_markup_printf_escaped ("<small>%s</small>", label),
                     g_strdup_printf (_("%s\nat %.3f ms"), detail, ms));
      break;

    case HSVIZ_TIMELINE_RECORD_APPLICATION_DATA:
      {
        guint count = 1;
        guint64 bytes = hsviz_timeline_item_get_size (item);

        if (last != NULL && last->kind == HSVIZ_SEQUENCE_ROW_APPLICATION_DATA &&
            last->direction == direction)
          {
            /* Extend the run: its count and size live in the tooltip's first numbers. */
            count = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (last->label), "count")) + 1;
            bytes += GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (last->label), "bytes"));
            g_array_set_size (b->rows, b->rows->len - 1);
            b->layout->n_record_arrows--;
          }
        row = add_row (b, HSVIZ_SEQUENCE_ROW_APPLICATION_DATA, step,
                       g_markup_printf_escaped (_("<b>%s</b> ×%u  <small>%" PRIu64 " B</small>"),
                                                label, count, bytes),
                       g_strdup_printf (_("%s\n%u records, %" PRIu64 " bytes"),
                                        detail, count, bytes));
        g_object_set_data (G_OBJECT (row->label), "count", GUINT_TO_POINTER (count));
        g_object_set_data (G_OBJECT (row->label), "bytes", GSIZE_TO_POINTER ((gsize)bytes));
      }
      break;

    default:
      return;
    }

  row->direction = direction;
  b->layout->n_record_arrows++;
}

static void
add_action_row (Builder           *b,
                HsvizTimelineItem *item)
{
  HsvizSequenceRow *row;
  HsvizTimelineSides sides = hsviz_timeline_item_get_sides (item);

  row = add_row (b, HSVIZ_SEQUENCE_ROW_ACTION, hsviz_timeline_item_get_step (item),
                 g_markup_printf_escaped ("<small>%s</small>", hsviz_timeline_item_get_label (item)),
                 g_strdup (hsviz_timeline_item_get_detail (item)));
  row->failed = hsviz_timeline_item_get_verified (item) == HSVIZ_TIMELINE_FAILED;
  row->sides = ((sides & HSVIZ_TIMELINE_SIDE_CLIENT) ? HSVIZ_SEQUENCE_SIDE_CLIENT : 0) |
               ((sides & HSVIZ_TIMELINE_SIDE_SERVER) ? HSVIZ_SEQUENCE_SIDE_SERVER : 0);
}

/* One row per timeline item, in the timeline's (wire) order; runs of application data records
 * from one side share a row. */
static void
build_wire_rows (Builder *b)
{
  HsvizTimeline *timeline = hsviz_connection_get_timeline (b->session);
  guint n = hsviz_timeline_get_n_items (timeline);

  for (guint i = 0; i < n; i++)
    {
      HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);

      switch (hsviz_timeline_item_get_kind (item))
        {
        case HSVIZ_TIMELINE_MESSAGE:
          add_message_row (b, item);
          break;

        case HSVIZ_TIMELINE_RECORD:
        case HSVIZ_TIMELINE_ALERT:
          add_record_row (b, item);
          break;

        case HSVIZ_TIMELINE_ACTION:
          add_action_row (b, item);
          break;

        case HSVIZ_TIMELINE_NOTE:
          {
            HsvizSequenceRow *loop;
            int to = hsviz_timeline_item_get_related_message (item);

            loop = add_row (b, HSVIZ_SEQUENCE_ROW_HELLO_RETRY_LOOP, hsviz_timeline_item_get_step (item),
                            g_markup_printf_escaped ("<b>↺</b> <small>%s</small>", hsviz_timeline_item_get_label (item)),
                            g_strdup (hsviz_timeline_item_get_detail (item)));
            loop->loop_to = to >= 0 ? (guint)to : GTK_INVALID_LIST_POSITION;
            loop->direction = hsviz_timeline_item_get_direction (item);
          }
          break;

        case HSVIZ_TIMELINE_CLEARTEXT:
          {
            HsvizSequenceRow *row;

            row = add_row (b, HSVIZ_SEQUENCE_ROW_CLEARTEXT, HSVIZ_STEP_NONE,
                           g_markup_printf_escaped (_("<small>in clear: %s</small>"),
                                                    hsviz_timeline_item_get_label (item)),
                           g_strdup_printf (_("In clear, before TLS (STARTTLS):\n%s"),
                                            hsviz_timeline_item_get_detail (item)));
            row->direction = hsviz_timeline_item_get_direction (item);
          }
          break;

        case HSVIZ_TIMELINE_FAILURE:
          {
            const char *where = hsviz_timeline_item_get_label (item);
            const char *error = hsviz_timeline_item_get_detail (item);

            add_row (b, HSVIZ_SEQUENCE_ROW_FAILURE, HSVIZ_STEP_NONE,
                     g_markup_printf_escaped (_("<b>Handshake failed</b> %s\n<small>%s</small>"),
                                              where, error ? error : ""),
                     g_strdup_printf (_("The handshake failed %s\n%s"), where, error ? error : ""));
          }
          break;

        default:
          break;
        }
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

  /* STARTTLS: what was said in clear comes before step 1 in this view too */
  for (guint i = 0; i < b->rows->len; i++)
    {
      const HsvizSequenceRow *row = &g_array_index (b->rows, HsvizSequenceRow, i);

      if (row->kind == HSVIZ_SEQUENCE_ROW_CLEARTEXT)
        g_array_append_vals (ordered, row, 1);
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

          if (row->step == s && row->kind != HSVIZ_SEQUENCE_ROW_CLEARTEXT)
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
                           gboolean      presenting,
                           PangoContext *context)
{
  HsvizSequenceLayout *layout = g_new0 (HsvizSequenceLayout, 1);
  const HsvizTarget *target;
  g_autofree char *server = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  Builder b = { 0 };

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  layout->textbook = textbook;
  layout->presenting = presenting;
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
  /* an imported connection's client is whoever made it: named by its address */
  if (session != NULL && g_strcmp0 (hsviz_connection_get_source (session), "import") == 0 &&
      hsviz_connection_get_client_address (session) != NULL)
    {
      /* Translators: the client's lifeline in an imported capture, "Client 127.0.0.1:50112" */
      g_autofree char *client = g_markup_printf_escaped (_("<b>Client</b> %s"),
                                                         hsviz_connection_get_client_address (session));

      layout->client_header = new_layout (context, client);
    }
  else
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
