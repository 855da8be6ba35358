/* hsviz-bytes-pane.c — a message's field tree next to its hex dump
 *
 * The tree is the core's HsvizField tree (offsets and lengths from the parser); the pane maps
 * a field to its bytes in the dump and a byte back to the innermost field that covers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-bytes-pane.h"
#include "hsviz-pane-util.h"

/* A hex dump line: "0000  " then per_line bytes in hex, a space, the same bytes as text;
 * 16 bytes a line where the pane is wide enough, 8 where not (nothing cut at 1024×768). */
#define HEX_COLUMN     6                                   /* "0000  " */
#define ASCII_COLUMN   (HEX_COLUMN + self->per_line * 3 + 1)
#define LINE_CHARS(n)  (HEX_COLUMN + (n) * 4 + 1)

struct _HsvizBytesPane
{
  GtkWidget            parent_instance;

  HsvizMessage        *message;
  GtkSingleSelection  *selection;
  GtkTextTag          *highlight_tag;
  gsize                highlight_start;
  gsize                highlight_end;

  GtkStack            *stack;
  GtkLabel            *header_label;
  GtkLabel            *error_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *field_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *offset_column;
  GtkColumnViewColumn *length_column;
  GtkTextView         *hex_view;
  guint                per_line;      /* bytes a hex dump line shows: 16 or 8 */
  int                  hex_width;     /* the hex view's width per_line was chosen for */
  GtkWidget           *value_box;
  GtkLabel            *value_label;
};

G_DEFINE_FINAL_TYPE (HsvizBytesPane, hsviz_bytes_pane, GTK_TYPE_WIDGET)

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  return hsviz_field_list_children (hsviz_field_item_get_field (HSVIZ_FIELD_ITEM (item)));
}

static HsvizField *
list_item_get_field (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(GObject) item = NULL;

  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  /* The tree model keeps the item, and the item the field, alive. */
  return hsviz_field_item_get_field (HSVIZ_FIELD_ITEM (item));
}

static void
setup_field_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_field_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  HsvizField *field = list_item_get_field (list_item);
  GtkWidget *label = gtk_tree_expander_get_child (expander);

  gtk_tree_expander_set_list_row (expander, gtk_list_item_get_item (list_item));
  gtk_label_set_label (GTK_LABEL (label), field ? hsviz_field_get_label (field) : "");
  gtk_widget_set_tooltip_text (label, field ? hsviz_field_get_label (field) : NULL);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), GPOINTER_TO_UINT (user_data) ? 6 : 30);
  if (GPOINTER_TO_UINT (user_data))
    gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
  gtk_list_item_set_child (list_item, inscription);
}

static void
bind_value_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  HsvizField *field = list_item_get_field (list_item);
  GtkWidget *inscription = gtk_list_item_get_child (list_item);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), field ? hsviz_field_get_value (field) : NULL);
  gtk_widget_set_tooltip_text (inscription, field ? hsviz_field_get_value (field) : NULL);
}

static void
bind_offset_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  HsvizField *field = list_item_get_field (list_item);
  g_autofree char *text = field ? g_strdup_printf ("%zu", hsviz_field_get_offset (field)) : NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), text);
}

static void
bind_length_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  HsvizField *field = list_item_get_field (list_item);
  g_autofree char *text = field ? g_strdup_printf ("%zu", hsviz_field_get_length (field)) : NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), text);
}

static GtkListItemFactory *
factory_new (GCallback setup,
             GCallback bind,
             gpointer  data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);
  return factory;
}

static void
get_iter_for_offset (HsvizBytesPane *self,
                     GtkTextBuffer  *buffer,
                     gsize           offset,
                     gboolean        ascii,
                     gboolean        end,
                     GtkTextIter    *iter)
{
  guint line = offset / self->per_line;
  guint col = offset % self->per_line;
  guint chars = ascii ? ASCII_COLUMN + col + (end ? 1 : 0) : HEX_COLUMN + col * 3 + (end ? 2 : 0);

  gtk_text_buffer_get_iter_at_line_offset (buffer, iter, line, chars);
}

static void
highlight_range (HsvizBytesPane *self,
                 gsize           start,
                 gsize           end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  gtk_text_buffer_remove_tag (buffer, self->highlight_tag, &a, &b);
  self->highlight_start = start;
  self->highlight_end = end;

  if (end <= start)
    return;

  for (gsize line = start / self->per_line; line <= (end - 1) / self->per_line; line++)
    {
      gsize first = MAX (start, line * self->per_line);
      gsize last = MIN (end - 1, line * self->per_line + self->per_line - 1);

      get_iter_for_offset (self, buffer, first, FALSE, FALSE, &a);
      get_iter_for_offset (self, buffer, last, FALSE, TRUE, &b);
      gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &a, &b);
      get_iter_for_offset (self, buffer, first, TRUE, FALSE, &a);
      get_iter_for_offset (self, buffer, last, TRUE, TRUE, &b);
      gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &a, &b);
    }

  get_iter_for_offset (self, buffer, start, FALSE, FALSE, &a);
  gtk_text_view_scroll_to_iter (self->hex_view, &a, 0.1, FALSE, 0, 0);
}

static void
selection_changed_cb (HsvizBytesPane *self)
{
  HsvizField *field = hsviz_bytes_pane_get_selected_field (self);

  gtk_widget_set_visible (self->value_box, field != NULL);
  gtk_label_set_label (self->value_label, field != NULL ? hsviz_field_get_value (field) : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bytes.copy-value", field != NULL);
  if (field == NULL)
    highlight_range (self, 0, 0);
  else
    highlight_range (self, hsviz_field_get_offset (field),
                     hsviz_field_get_offset (field) + hsviz_field_get_length (field));
}

static void
copy_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HsvizField *field = hsviz_bytes_pane_get_selected_field (HSVIZ_BYTES_PANE (widget));

  if (field != NULL)
    hsviz_pane_copy_and_tell (widget, hsviz_field_get_value (field));
}

static void
fill_hex (HsvizBytesPane *self,
          GBytes         *bytes)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  g_autoptr(GString) str = g_string_new (NULL);
  gsize len = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  for (gsize line = 0; line * self->per_line < len; line++)
    {
      gsize n = MIN (self->per_line, len - line * self->per_line);

      if (line > 0)
        g_string_append_c (str, '\n');
      g_string_append_printf (str, "%04zx  ", line * self->per_line);
      for (gsize i = 0; i < self->per_line; i++)
        {
          if (i < n)
            g_string_append_printf (str, "%02x ", data[line * self->per_line + i]);
          else
            g_string_append (str, "   ");
        }
      g_string_append_c (str, ' ');
      for (gsize i = 0; i < n; i++)
        {
          guint8 c = data[line * self->per_line + i];

          g_string_append_c (str, (c >= 0x20 && c < 0x7f) ? (char)c : '.');
        }
    }

  gtk_text_buffer_set_text (buffer, str->str, str->len);
}

/* Once per frame, cheaply: 16 bytes a line when they fit the hex view's width, else 8. */
static gboolean
hex_width_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  HsvizBytesPane *self = HSVIZ_BYTES_PANE (user_data);
  int width = gtk_widget_get_width (widget);
  PangoFontMetrics *metrics;
  double char_width;
  guint per_line;

  if (width <= 0 || width == self->hex_width)
    return G_SOURCE_CONTINUE;
  self->hex_width = width;

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);
  char_width = (double) pango_font_metrics_get_approximate_digit_width (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  per_line = width - 12 - 16 >= LINE_CHARS (16) * char_width ? 16 : 8;   /* margins, scrollbar */
  if (per_line != self->per_line)
    {
      gsize start = self->highlight_start, end = self->highlight_end;

      self->per_line = per_line;
      fill_hex (self, self->message != NULL ? hsviz_message_get_bytes (self->message) : NULL);
      highlight_range (self, start, end);
    }
  return G_SOURCE_CONTINUE;
}

static void
hex_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 HsvizBytesPane  *self)
{
  GtkTextIter iter;
  int bx, by;
  guint line, col;
  gssize index = -1;

  gtk_text_view_window_to_buffer_coords (self->hex_view, GTK_TEXT_WINDOW_WIDGET, (int)x, (int)y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->hex_view, &iter, bx, by))
    return;

  line = gtk_text_iter_get_line (&iter);
  col = gtk_text_iter_get_line_offset (&iter);
  if (col >= HEX_COLUMN && col < HEX_COLUMN + self->per_line * 3)
    index = (col - HEX_COLUMN) / 3;
  else if (col >= ASCII_COLUMN && col < ASCII_COLUMN + self->per_line)
    index = col - ASCII_COLUMN;

  if (index >= 0)
    hsviz_bytes_pane_select_offset (self, (gsize)line * self->per_line + (gsize)index);
}

static void
hsviz_bytes_pane_dispose (GObject *object)
{
  HsvizBytesPane *self = (HsvizBytesPane *)object;

  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_BYTES_PANE);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (hsviz_bytes_pane_parent_class)->dispose (object);
}

static void
hsviz_bytes_pane_class_init (HsvizBytesPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_bytes_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-bytes-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, header_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, field_column);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, value_column);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, offset_column);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, length_column);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, hex_view);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, value_box);
  gtk_widget_class_bind_template_child (widget_class, HsvizBytesPane, value_label);

  gtk_widget_class_install_action (widget_class, "bytes.copy-value", NULL, copy_value_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "bytes.copy-value", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_bytes_pane_init (HsvizBytesPane *self)
{
  g_autoptr(GtkListItemFactory) field_factory = NULL;
  g_autoptr(GtkListItemFactory) value_factory = NULL;
  g_autoptr(GtkListItemFactory) offset_factory = NULL;
  g_autoptr(GtkListItemFactory) length_factory = NULL;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  field_factory = factory_new (G_CALLBACK (setup_field_cb), G_CALLBACK (bind_field_cb), NULL);
  value_factory = factory_new (G_CALLBACK (setup_text_cb), G_CALLBACK (bind_value_cb), GUINT_TO_POINTER (0));
  offset_factory = factory_new (G_CALLBACK (setup_text_cb), G_CALLBACK (bind_offset_cb), GUINT_TO_POINTER (1));
  length_factory = factory_new (G_CALLBACK (setup_text_cb), G_CALLBACK (bind_length_cb), GUINT_TO_POINTER (1));
  gtk_column_view_column_set_factory (self->field_column, field_factory);
  gtk_column_view_column_set_factory (self->value_column, value_factory);
  gtk_column_view_column_set_factory (self->offset_column, offset_factory);
  gtk_column_view_column_set_factory (self->length_column, length_factory);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bytes.copy-value", FALSE);

  self->highlight_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->hex_view),
                                                    "highlight",
                                                    "background", "rgba(53,132,228,0.35)",
                                                    "weight", PANGO_WEIGHT_BOLD,
                                                    NULL);

  /* Capture phase: the text view's own drag gesture would claim the release. */
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (hex_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->hex_view), GTK_EVENT_CONTROLLER (click));

  self->per_line = 16;
  gtk_widget_add_tick_callback (GTK_WIDGET (self->hex_view), hex_width_tick_cb, self, NULL);
}

GtkWidget *
hsviz_bytes_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_BYTES_PANE, NULL);
}

void
hsviz_bytes_pane_set_message (HsvizBytesPane *self,
                              HsvizMessage   *message)
{
  g_autoptr(GtkTreeListModel) tree = NULL;
  g_autofree char *header = NULL;
  GListModel *children;

  g_return_if_fail (HSVIZ_IS_BYTES_PANE (self));
  g_return_if_fail (message == NULL || HSVIZ_IS_MESSAGE (message));

  if (!g_set_object (&self->message, message))
    return;

  if (message == NULL)
    {
      gtk_single_selection_set_model (self->selection, NULL);
      fill_hex (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  children = hsviz_field_list_children (hsviz_message_get_fields (message));
  if (children == NULL)
    children = G_LIST_MODEL (g_list_store_new (HSVIZ_TYPE_FIELD_ITEM));
  tree = gtk_tree_list_model_new (children, FALSE, TRUE, create_children_cb, NULL, NULL);

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  fill_hex (self, hsviz_message_get_bytes (message));
  highlight_range (self, 0, 0);

  header = g_strdup_printf (hsviz_message_get_direction (message) == HSVIZ_DIRECTION_CLIENT
                            ? _("%s · message %u · client → server · %zu bytes")
                            : _("%s · message %u · server → client · %zu bytes"),
                            hsviz_message_get_type_name (message),
                            hsviz_message_get_index (message) + 1,
                            g_bytes_get_size (hsviz_message_get_bytes (message)));
  gtk_label_set_label (self->header_label, header);
  gtk_label_set_label (self->error_label, hsviz_message_get_parse_error (message));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), hsviz_message_get_parse_error (message) != NULL);

  gtk_stack_set_visible_child_name (self->stack, "message");
}

HsvizMessage *
hsviz_bytes_pane_get_message (HsvizBytesPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_BYTES_PANE (self), NULL);

  return self->message;
}

guint
hsviz_bytes_pane_get_n_rows (HsvizBytesPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_BYTES_PANE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

HsvizField *
hsviz_bytes_pane_get_selected_field (HsvizBytesPane *self)
{
  GtkTreeListRow *row;
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (HSVIZ_IS_BYTES_PANE (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;
  item = gtk_tree_list_row_get_item (row);
  return hsviz_field_item_get_field (HSVIZ_FIELD_ITEM (item));
}

void
hsviz_bytes_pane_select_field (HsvizBytesPane *self,
                               HsvizField     *field)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  g_return_if_fail (HSVIZ_IS_BYTES_PANE (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (hsviz_field_item_get_field (HSVIZ_FIELD_ITEM (item)) == field)
        {
          gtk_single_selection_set_selected (self->selection, i);
          for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
               child != NULL;
               child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_LIST_VIEW (child))
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
          return;
        }
    }
}

void
hsviz_bytes_pane_select_offset (HsvizBytesPane *self,
                                gsize           offset)
{
  HsvizField *field;
  HsvizField *best = NULL;

  g_return_if_fail (HSVIZ_IS_BYTES_PANE (self));

  if (self->message == NULL)
    return;

  field = hsviz_message_get_fields (self->message);
  while (field != NULL)
    {
      guint n = hsviz_field_get_n_children (field);
      HsvizField *next = NULL;

      for (guint i = 0; i < n; i++)
        {
          HsvizField *child = hsviz_field_get_child (field, i);
          gsize start = hsviz_field_get_offset (child);

          if (offset >= start && offset < start + hsviz_field_get_length (child))
            {
              next = child;
              break;
            }
        }
      if (next != NULL)
        best = next;
      field = next;
    }

  if (best != NULL)
    hsviz_bytes_pane_select_field (self, best);
}

gboolean
hsviz_bytes_pane_get_highlight (HsvizBytesPane *self,
                                gsize          *start,
                                gsize          *end)
{
  g_return_val_if_fail (HSVIZ_IS_BYTES_PANE (self), FALSE);

  if (start != NULL)
    *start = self->highlight_start;
  if (end != NULL)
    *end = self->highlight_end;
  return self->highlight_end > self->highlight_start;
}

/* For tests: by how many pixels the widest hex dump line is wider than the hex view (0 or less
 * when every line shows whole), and the bytes a line shows. */
int
hsviz_bytes_pane_get_hex_overflow (HsvizBytesPane *self,
                                   guint          *per_line)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  g_return_val_if_fail (HSVIZ_IS_BYTES_PANE (self), 0);

  buffer = gtk_text_view_get_buffer (self->hex_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->hex_view), text);
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (per_line != NULL)
    *per_line = self->per_line;
  return width + gtk_text_view_get_left_margin (self->hex_view) - gtk_widget_get_width (GTK_WIDGET (self->hex_view));
}
