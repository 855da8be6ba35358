/* hsviz-sequence-view.c — the sequence diagram widget
 *
 * Presents an HsvizConnection's timeline: client and server lifelines, one arrow per handshake
 * message in wire order (or grouped by step in the textbook view), records, alerts and local
 * actions, bands for the six steps.  The rows are laid out once per model change
 * (hsviz-sequence-layout.c) and drawn by one function (hsviz-sequence-draw.c), on screen for
 * the visible part only and for export (hsviz-sequence-export.c) for the whole diagram; input
 * and tooltips are in hsviz-sequence-input.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hsviz-sequence-view-private.h"


enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_MODE,
  PROP_SELECTED,
  PROP_SELECTED_STEP,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (HsvizSequenceViewMode, hsviz_sequence_view_mode,
                    G_DEFINE_ENUM_VALUE (HSVIZ_SEQUENCE_VIEW_WIRE, "wire"),
                    G_DEFINE_ENUM_VALUE (HSVIZ_SEQUENCE_VIEW_TEXTBOOK, "textbook"))

G_DEFINE_FINAL_TYPE (HsvizSequenceView, hsviz_sequence_view, GTK_TYPE_WIDGET)

HsvizSequenceLayout *
_hsviz_sequence_view_ensure_layout (HsvizSequenceView *self)
{
  if (self->layout == NULL)
    self->layout = hsviz_sequence_layout_new (self->session,
                                              self->mode == HSVIZ_SEQUENCE_VIEW_TEXTBOOK,
                                              self->revealed != G_MAXUINT,
                                              gtk_widget_get_pango_context (GTK_WIDGET (self)));
  return self->layout;
}

static guint
n_messages (HsvizSequenceView *self)
{
  return self->session ? hsviz_connection_get_n_messages (self->session) : 0;
}

static void
update_accessible (HsvizSequenceView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  guint n = n_messages (self);

  if (self->selected != GTK_INVALID_LIST_POSITION && self->selected < n)
    {
      HsvizMessage *message = hsviz_connection_get_message (self->session, self->selected);

      label = g_strdup_printf (ngettext ("Handshake diagram, %u message, selected: %s",
                                         "Handshake diagram, %u messages, selected: %s", n),
                               n, hsviz_message_get_type_name (message));
    }
  else if (self->selected_step != HSVIZ_STEP_NONE)
    label = g_strdup_printf (ngettext ("Handshake diagram, %u message, selected: step %u, %s",
                                       "Handshake diagram, %u messages, selected: step %u, %s", n),
                             n, self->selected_step, hsviz_step_title (self->selected_step));
  else
    label = g_strdup_printf (ngettext ("Handshake diagram, %u message",
                                       "Handshake diagram, %u messages", n), n);

  if (self->session != NULL)
    {
      g_autofree char *summary = hsviz_connection_dup_summary (self->session);

      description = g_strdup_printf ("%s, %s", summary ? summary : "",
                                     self->mode == HSVIZ_SEQUENCE_VIEW_TEXTBOOK ? _("textbook view")
                                                                                : _("wire view"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description ? description : "",
                                  -1);
}

/* Widget pixels per layout unit for a widget @width pixels wide: the zoom, less when the
 * diagram at that zoom would be wider than the widget (the diagram is never cut sideways). */
static double
scale_for_width (HsvizSequenceView *self,
                 int                width)
{
  if (width <= 0)
    return self->zoom;
  return MIN (self->zoom, (double) width / HSVIZ_SEQUENCE_MIN_WIDTH);
}

double
_hsviz_sequence_view_get_scale (HsvizSequenceView *self)
{
  return scale_for_width (self, gtk_widget_get_width (GTK_WIDGET (self)));
}

static void
invalidate_layout (HsvizSequenceView *self)
{
  g_clear_pointer (&self->layout, hsviz_sequence_layout_free);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  self->hover_row = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_accessible (self);
}

static void
session_items_changed_cb (HsvizSequenceView *self,
                          guint              position,
                          guint              removed,
                          guint              added,
                          GListModel        *model)
{
  g_assert (HSVIZ_IS_SEQUENCE_VIEW (self));

  if (self->selected != GTK_INVALID_LIST_POSITION && self->selected >= n_messages (self))
    hsviz_sequence_view_set_selected (self, GTK_INVALID_LIST_POSITION);
  _hsviz_sequence_view_note_follow_end (self);
  invalidate_layout (self);
}

static void
session_updated_cb (HsvizSequenceView *self,
                    HsvizConnection      *session)
{
  g_assert (HSVIZ_IS_SEQUENCE_VIEW (self));

  _hsviz_sequence_view_note_follow_end (self);
  invalidate_layout (self);
}

static void
fill_draw_state (HsvizSequenceView      *self,
                                      HsvizSequenceDrawState *state,
                                      int                     width,
                                      double                  y0,
                                      double                  y1,
                                      gboolean                fill_background)
{
  /* Outside a window there is no theme (CSS's initial colour is white): draw dark on light. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &state->foreground);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  else
    state->foreground = (GdkRGBA) { 0.14, 0.14, 0.14, 1 };
  state->width = width;
  state->y0 = y0;
  state->y1 = y1;
  state->fill_background = fill_background;
  /* A standalone image (export) shows the diagram, not the pointer and the selection. */
  state->selected = fill_background ? GTK_INVALID_LIST_POSITION : self->selected;
  state->selected_step = fill_background ? HSVIZ_STEP_NONE : self->selected_step;
  state->hover_row = fill_background ? -1 : self->hover_row;
  state->focused = !fill_background && gtk_widget_has_focus (GTK_WIDGET (self));
}

/* Where the revealed bands end, in layout units (the header when none is). */
static double
revealed_height (HsvizSequenceView *self)
{
  const HsvizSequenceBand *last;

  if (self->revealed == 0 || self->layout->bands->len == 0)
    return self->layout->header_height;
  last = &g_array_index (self->layout->bands, HsvizSequenceBand, MIN (self->revealed, self->layout->bands->len) - 1);
  return last->y + last->height;
}

/* The static part (bands, lifelines, rows) is drawn once into a render node covering the
 * visible part and a page each way, and kept until the model, the width, the colours or the
 * selected step change or the user scrolls out of it; hover and selection go under it. */
static void
hsviz_sequence_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);
  /* The diagram is laid out and drawn in layout units, scale widget pixels each. */
  double scale = _hsviz_sequence_view_get_scale (self);
  int width = (int) floor (gtk_widget_get_width (widget) / scale);
  double height = gtk_widget_get_height (widget) / scale;
  HsvizSequenceDrawState state;
  double y0, y1;

  if (width <= 0 || height <= 0)
    return;

  _hsviz_sequence_view_ensure_layout (self);
  _hsviz_sequence_view_update_content_offset (self);
  _hsviz_sequence_view_get_visible_range (self, &y0, &y1);
  y0 /= scale;
  y1 /= scale;
  fill_draw_state (self, &state, width, y0, y1, FALSE);

  if (self->static_node == NULL || self->static_width != width ||
      !gdk_rgba_equal (&self->static_foreground, &state.foreground) ||
      y0 < self->drawn_y0 || y1 > self->drawn_y1)
    {
      GtkSnapshot *static_snapshot = gtk_snapshot_new ();
      double page = y1 - y0;
      cairo_t *cr;

      g_clear_pointer (&self->static_node, gsk_render_node_unref);
      self->drawn_y0 = MAX (0, y0 - page);
      self->drawn_y1 = MIN (height, y1 + page);
      self->static_width = width;
      self->static_foreground = state.foreground;

      state.y0 = self->drawn_y0;
      state.y1 = self->drawn_y1;
      state.selected = GTK_INVALID_LIST_POSITION;
      state.hover_row = -1;
      cr = gtk_snapshot_append_cairo (static_snapshot,
                                      &GRAPHENE_RECT_INIT (0, self->drawn_y0, width,
                                                           self->drawn_y1 - self->drawn_y0));
      hsviz_sequence_layout_draw (self->layout, cr, &state);
      cairo_destroy (cr);
      self->static_node = gtk_snapshot_free_to_node (static_snapshot);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_scale (snapshot, scale, scale);
  if (self->revealed < self->layout->bands->len)
    gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, revealed_height (self)));
  hsviz_sequence_layout_append_highlight (self->layout, snapshot, self->hover_row, FALSE, FALSE,
                                          &state.foreground, width);
  hsviz_sequence_layout_append_highlight (self->layout, snapshot,
                                          hsviz_sequence_layout_find_message (self->layout, self->selected),
                                          TRUE, gtk_widget_has_focus (GTK_WIDGET (self)),
                                          &state.foreground, width);
  if (self->static_node != NULL)
    gtk_snapshot_append_node (snapshot, self->static_node);
  if (self->revealed < self->layout->bands->len)
    gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
}

static void
hsviz_sequence_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);

  /* Zoomed in, the diagram asks for more room but needs no more than at its own size: with
   * less, it is drawn smaller (scale_for_width). */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) ceil (HSVIZ_SEQUENCE_MIN_WIDTH * MIN (self->zoom, 1.0));
      *natural = (int) ceil (HSVIZ_SEQUENCE_NATURAL_WIDTH * self->zoom);
    }
  else
    {
      double scale = for_size > 0 ? scale_for_width (self, for_size) : self->zoom;

      *minimum = *natural = (int) ceil (_hsviz_sequence_view_ensure_layout (self)->height * scale);
    }
}

static GtkSizeRequestMode
hsviz_sequence_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
hsviz_sequence_view_root (GtkWidget *widget)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);
  GtkWidget *scroller;
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (hsviz_sequence_view_parent_class)->root (widget);

  /* A viewport scrolls its focused child into view as a whole, which for a diagram taller
   * than the window means jumping to its top on the first click: we scroll ourselves. */
  if (GTK_IS_VIEWPORT (parent))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (parent), FALSE);

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  _hsviz_sequence_view_set_vadjustment (self, scroller ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL);
}

static void
hsviz_sequence_view_unroot (GtkWidget *widget)
{
  _hsviz_sequence_view_set_vadjustment (HSVIZ_SEQUENCE_VIEW (widget), NULL);

  GTK_WIDGET_CLASS (hsviz_sequence_view_parent_class)->unroot (widget);
}

static void
hsviz_sequence_view_system_setting_changed (GtkWidget         *widget,
                                            GtkSystemSetting   setting)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (widget);

  GTK_WIDGET_CLASS (hsviz_sequence_view_parent_class)->system_setting_changed (widget, setting);

  /* Fonts changed: the cached text layouts are stale. */
  invalidate_layout (self);
}

static void
hsviz_sequence_view_dispose (GObject *object)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (object);

  hsviz_sequence_view_set_connection (self, NULL);
  _hsviz_sequence_view_set_vadjustment (self, NULL);
  g_clear_pointer (&self->layout, hsviz_sequence_layout_free);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);

  G_OBJECT_CLASS (hsviz_sequence_view_parent_class)->dispose (object);
}

static void
hsviz_sequence_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_SELECTED_STEP:
      g_value_set_uint (value, self->selected_step);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_sequence_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HsvizSequenceView *self = HSVIZ_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      hsviz_sequence_view_set_connection (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      hsviz_sequence_view_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_SELECTED:
      hsviz_sequence_view_set_selected (self, g_value_get_uint (value));
      break;
    case PROP_SELECTED_STEP:
      hsviz_sequence_view_set_selected_step (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      hsviz_sequence_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_sequence_view_class_init (HsvizSequenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_sequence_view_dispose;
  object_class->get_property = hsviz_sequence_view_get_property;
  object_class->set_property = hsviz_sequence_view_set_property;

  widget_class->measure = hsviz_sequence_view_measure;
  widget_class->snapshot = hsviz_sequence_view_snapshot;
  widget_class->get_request_mode = hsviz_sequence_view_get_request_mode;
  widget_class->root = hsviz_sequence_view_root;
  widget_class->unroot = hsviz_sequence_view_unroot;
  widget_class->system_setting_changed = hsviz_sequence_view_system_setting_changed;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, HSVIZ_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, HSVIZ_TYPE_SEQUENCE_VIEW_MODE, HSVIZ_SEQUENCE_VIEW_WIRE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_STEP] =
    g_param_spec_uint ("selected-step", NULL, NULL, 0, HSVIZ_N_STEPS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, HSVIZ_SEQUENCE_VIEW_MIN_ZOOM, HSVIZ_SEQUENCE_VIEW_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sequenceview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  _hsviz_sequence_view_class_init_input (widget_class);
}

static void
hsviz_sequence_view_init (HsvizSequenceView *self)
{
  self->selected = GTK_INVALID_LIST_POSITION;
  self->hover_row = -1;
  self->zoom = 1.0;
  self->revealed = G_MAXUINT;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  _hsviz_sequence_view_init_input (self);

  update_accessible (self);
}

GtkWidget *
hsviz_sequence_view_new (void)
{
  return g_object_new (HSVIZ_TYPE_SEQUENCE_VIEW, NULL);
}

/**
 * hsviz_sequence_view_set_connection:
 * @session: (nullable): the session to present, followed live
 */
void
hsviz_sequence_view_set_connection (HsvizSequenceView *self,
                                 HsvizConnection      *session)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (session == NULL || HSVIZ_IS_CONNECTION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "items-changed",
                               G_CALLBACK (session_items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "updated",
                               G_CALLBACK (session_updated_cb), self, G_CONNECT_SWAPPED);
    }

  hsviz_sequence_view_set_selected (self, GTK_INVALID_LIST_POSITION);
  hsviz_sequence_view_set_selected_step (self, HSVIZ_STEP_NONE);
  self->follow_end = FALSE;
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_lower (self->vadjustment));
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * hsviz_sequence_view_get_connection:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
HsvizConnection *
hsviz_sequence_view_get_connection (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), NULL);

  return self->session;
}

void
hsviz_sequence_view_set_mode (HsvizSequenceView     *self,
                              HsvizSequenceViewMode  mode)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (mode == HSVIZ_SEQUENCE_VIEW_WIRE || mode == HSVIZ_SEQUENCE_VIEW_TEXTBOOK);

  if (self->mode == mode)
    return;

  self->mode = mode;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

HsvizSequenceViewMode
hsviz_sequence_view_get_mode (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), HSVIZ_SEQUENCE_VIEW_WIRE);

  return self->mode;
}

guint
hsviz_sequence_view_get_selected (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}

/**
 * hsviz_sequence_view_set_selected:
 * @position: a message position, or %GTK_INVALID_LIST_POSITION for none
 *
 * Selects a message; "selected-step" follows to that message's step.  A position past the
 * end selects nothing.
 */
void
hsviz_sequence_view_set_selected (HsvizSequenceView *self,
                                  guint              position)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));

  if (position >= n_messages (self))
    position = GTK_INVALID_LIST_POSITION;
  if (self->selected == position)
    return;

  self->selected = position;
  if (position != GTK_INVALID_LIST_POSITION)
    {
      HsvizMessage *message = hsviz_connection_get_message (self->session, position);

      hsviz_sequence_view_set_selected_step (self, hsviz_message_get_step (message));
      if (self->layout != NULL)
        _hsviz_sequence_view_scroll_to_row (self, hsviz_sequence_layout_find_message (self->layout, position));
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
hsviz_sequence_view_get_selected_step (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 0);

  return self->selected_step;
}

/**
 * hsviz_sequence_view_set_selected_step:
 * @step: 1..6, or 0 for none
 */
void
hsviz_sequence_view_set_selected_step (HsvizSequenceView *self,
                                       guint              step)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));

  if (step > HSVIZ_N_STEPS)
    step = HSVIZ_STEP_NONE;
  if (self->selected_step == step)
    return;

  self->selected_step = step;
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  if (step != HSVIZ_STEP_NONE && self->selected == GTK_INVALID_LIST_POSITION && self->layout != NULL)
    {
      int band = hsviz_sequence_layout_find_band (self->layout, step);

      if (band >= 0)
        {
          const HsvizSequenceBand *b = &g_array_index (self->layout->bands, HsvizSequenceBand, band);

          /* the whole band when it fits (presenter mode reveals it), else its top */
          _hsviz_sequence_view_scroll_to_range (self, b->y, b->y + b->height);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_STEP]);
}

/* ---- drawing and counting, on the layout ---- */

void
hsviz_sequence_view_draw (HsvizSequenceView *self,
                          cairo_t           *cr,
                          int                width,
                          double             y0,
                          double             y1,
                          gboolean           fill_background)
{
  HsvizSequenceDrawState state;

  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (cr != NULL);

  fill_draw_state (self, &state, width, y0, y1, fill_background);
  hsviz_sequence_layout_draw (_hsviz_sequence_view_ensure_layout (self), cr, &state);
}

/* Handshake-message arrows laid out (one per message of the session). */
guint
hsviz_sequence_view_get_n_arrows (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 0);

  return _hsviz_sequence_view_ensure_layout (self)->n_arrows;
}

guint
hsviz_sequence_view_get_n_record_arrows (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 0);

  return _hsviz_sequence_view_ensure_layout (self)->n_record_arrows;
}

/* Step bands laid out: six in the textbook view; in the wire view one per run of rows of the
 * same step (a step can come back, e.g. TLS 1.3's step 2 around the key schedule). */
guint
hsviz_sequence_view_get_n_steps (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 0);

  return _hsviz_sequence_view_ensure_layout (self)->bands->len;
}

int
hsviz_sequence_view_get_content_height (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 0);

  return _hsviz_sequence_view_ensure_layout (self)->height;
}

/**
 * hsviz_sequence_view_set_zoom:
 * @self: a sequence view
 * @zoom: widget pixels per layout unit, 1.0 for the diagram's own size
 *
 * Draws the diagram (text, boxes and lines alike) @zoom times larger.
 */
void
hsviz_sequence_view_set_zoom (HsvizSequenceView *self,
                              double             zoom)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));

  zoom = CLAMP (zoom, HSVIZ_SEQUENCE_VIEW_MIN_ZOOM, HSVIZ_SEQUENCE_VIEW_MAX_ZOOM);
  if (G_APPROX_VALUE (self->zoom, zoom, 0.001))
    return;

  self->zoom = zoom;
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
hsviz_sequence_view_get_zoom (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), 1.0);

  return self->zoom;
}

/**
 * hsviz_sequence_view_set_revealed:
 * @self: a sequence view
 * @n_bands: how many step bands to show from the top, G_MAXUINT for all
 *
 * Presenter mode: the diagram shows its first @n_bands step bands (in the textbook view, steps
 * 1 to @n_bands) and hides the rest.
 */
void
hsviz_sequence_view_set_revealed (HsvizSequenceView *self,
                                  guint              n_bands)
{
  g_return_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self));

  if (self->revealed == n_bands)
    return;
  /* In and out of presenter mode the explanations come and go (hsviz_sequence_layout_new). */
  if ((self->revealed == G_MAXUINT) != (n_bands == G_MAXUINT))
    invalidate_layout (self);
  self->revealed = n_bands;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hsviz_sequence_view_get_revealed (HsvizSequenceView *self)
{
  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), G_MAXUINT);

  return self->revealed;
}
