/* hsviz-failure-banner.c — what failed, over the diagram
 *
 * The texts are the core's (hsviz-diagnosis.h, hsviz-trust-text.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-failure-banner.h"

struct _HsvizFailureBanner
{
  GtkWidget  parent_instance;

  GtkWidget *box;       /* scrolled: the content past the cap (max_height ()) */
  GtkWidget *content;
  GtkWidget *title;
  GtkWidget *causes;
  GtkWidget *buttons;
  char      *title_text;
  int        measured_for; /* the window height the last vertical measure was capped for */
  /* When the content is taller than the cap: the height, at most the cap, at which it is cut
   * between two lines of the causes, for that cap and width (0: not known yet) */
  int        snapped;
  int        snapped_cap;
  int        snapped_width;
  guint      resize_tick;
};

/* Taller content scrolls, so that the banner neither makes the window taller nor hides the
 * diagram: it takes up to 2/5 of the window's height, and never less than MIN_CAP. */
#define MIN_CAP 260

G_DEFINE_FINAL_TYPE (HsvizFailureBanner, hsviz_failure_banner, GTK_TYPE_WIDGET)

/* The height of the window the banner is in: its allocation, or before the first one its
 * default height; 0 when it has no window. */
static int
window_height (HsvizFailureBanner *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  int width = 0, height = 0;

  if (root == NULL)
    return 0;
  height = gtk_widget_get_height (root);
  if (height <= 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  return MAX (height, 0);
}

static int
max_height (int window_height)
{
  return MAX (MIN_CAP, window_height * 2 / 5);
}

static void
clear_buttons (HsvizFailureBanner *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->buttons)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->buttons), child);
}

/* The button activates "win.rerun" with what the rerun changes (hsviz-window-rerun.c). */
static GtkWidget *
suggestion_button_new (const HsvizSuggestion *s,
                       HsvizConnection       *connection)
{
  GtkWidget *button = gtk_button_new_with_label (s->label);
  g_autofree char *url = NULL;
  g_autofree char *target = NULL;
  const char *tip = _("Capture again with this one change, in a new window; this capture stays "
                      "as it is");

  switch (s->kind)
    {
    case HSVIZ_SUGGESTION_PRESET:
      target = g_strconcat ("preset:", s->preset, NULL);
      break;
    case HSVIZ_SUGGESTION_PRIORITY:
      target = g_strconcat ("priority:", s->priority, NULL);
      break;
    case HSVIZ_SUGGESTION_STARTTLS:
      url = hsviz_suggestion_dup_url (s, connection);
      target = url != NULL ? g_strconcat ("url:", url, NULL) : NULL;
      break;
    case HSVIZ_SUGGESTION_CLIENT_CERT:
      target = g_strdup ("client-cert:");
      tip = _("Choose a client certificate, then capture again with it in a new window; this "
              "capture stays as it is");
      break;
    case HSVIZ_SUGGESTION_CAFILE:
      target = g_strdup ("cafile:");
      tip = _("Choose the certificate authorities to trust (a PEM file), then capture again in a "
              "new window; this capture stays as it is");
      break;
    default:
      break;
    }
  gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
  if (target == NULL)
    {
      gtk_widget_set_sensitive (button, FALSE);
      return button;
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.rerun");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_widget_set_tooltip_text (button, tip);
  return button;
}

void
hsviz_failure_banner_set_connection (HsvizFailureBanner *self,
                                  HsvizConnection    *session)
{
  const HsvizDiagnosis *d = session != NULL ? hsviz_connection_get_diagnosis (session) : NULL;
  g_autofree char *browser = session != NULL ? hsviz_connection_dup_browser_verdict (session) : NULL;
  g_autoptr(GString) causes = g_string_new (NULL);
  g_autoptr(GPtrArray) trust_suggestions = NULL;
  GPtrArray *suggestions = NULL;

  g_return_if_fail (HSVIZ_IS_FAILURE_BANNER (self));

  clear_buttons (self);
  g_clear_pointer (&self->title_text, g_free);
  if (d != NULL)
    {
      self->title_text = g_strdup (d->summary);
      for (guint i = 0; i < d->causes->len; i++)
        g_string_append_printf (causes, "%s• %s", i ? "\n" : "", (char *) g_ptr_array_index (d->causes, i));
      suggestions = d->suggestions;
    }
  else if (browser != NULL)
    {
      self->title_text = g_steal_pointer (&browser);
      suggestions = trust_suggestions = hsviz_connection_dup_trust_suggestions (session);
    }
  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->buttons),
                         suggestion_button_new (g_ptr_array_index (suggestions, i), session));

  gtk_widget_set_visible (GTK_WIDGET (self), self->title_text != NULL);
  gtk_label_set_text (GTK_LABEL (self->title), self->title_text ? self->title_text : "");
  gtk_label_set_text (GTK_LABEL (self->causes), causes->str);
  gtk_widget_set_visible (self->causes, causes->len > 0);
  gtk_widget_set_visible (self->buttons, gtk_widget_get_first_child (self->buttons) != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title_text ? self->title_text : "", -1);
}

const char *
hsviz_failure_banner_get_title (HsvizFailureBanner *self)
{
  g_return_val_if_fail (HSVIZ_IS_FAILURE_BANNER (self), NULL);
  return self->title_text;
}

static void
hsviz_failure_banner_dispose (GObject *object)
{
  HsvizFailureBanner *self = HSVIZ_FAILURE_BANNER (object);

  if (self->resize_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->resize_tick);
  self->resize_tick = 0;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->title_text, g_free);
  G_OBJECT_CLASS (hsviz_failure_banner_parent_class)->dispose (object);
}

static GtkSizeRequestMode
hsviz_failure_banner_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The height the content needs at this width, up to max_height () of the window's and then
 * to the end of a line of the causes (GTK 4.8's GtkScrolledWindow measures its child's natural
 * height without the width it is given). */
static void
hsviz_failure_banner_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  HsvizFailureBanner *self = HSVIZ_FAILURE_BANNER (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int content_natural = 0;
      int cap;

      self->measured_for = window_height (self);
      cap = max_height (self->measured_for);
      gtk_widget_measure (self->content, orientation, for_size, NULL, &content_natural, NULL, NULL);
      if (content_natural > cap && self->snapped > 0 && self->snapped_cap == cap &&
          self->snapped_width == for_size)
        cap = self->snapped;
      *natural = MAX (*minimum, MIN (content_natural, cap));
    }
}

/* The largest height up to @cap at which the content, not scrolled, ends with a whole line of
 * the causes; @cap when no line of them ends above it. */
static int
snap_to_line (HsvizFailureBanner *self,
              int                 cap)
{
  GtkAdjustment *scrolled = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->box));
  graphene_point_t origin;
  PangoLayoutIter *iter;
  int x_offset = 0, y_offset = 0;
  int best = 0;

  /* where the causes are in the scrolled window, less how far it is scrolled */
  if (!gtk_widget_get_visible (self->causes) ||
      !gtk_widget_compute_point (self->causes, self->box, &GRAPHENE_POINT_INIT (0, 0), &origin))
    return cap;
  origin.y += (float) gtk_adjustment_get_value (scrolled);
  gtk_label_get_layout_offsets (GTK_LABEL (self->causes), &x_offset, &y_offset);
  iter = pango_layout_get_iter (gtk_label_get_layout (GTK_LABEL (self->causes)));
  do
    {
      PangoRectangle line;
      int bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &line);
      bottom = (int) origin.y + y_offset + PANGO_PIXELS_CEIL (line.y + line.height);
      if (bottom <= cap)
        best = bottom;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return best > 0 ? best : cap;
}

/* A resize queued while the banner is allocated is lost: it is queued at the next frame. */
static gboolean
resize_at_next_frame (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  HSVIZ_FAILURE_BANNER (widget)->resize_tick = 0;
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
queue_resize_later (HsvizFailureBanner *self)
{
  if (self->resize_tick == 0)
    self->resize_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), resize_at_next_frame, NULL, NULL);
}

/* The window is allocated before the banner: when its height changed since the banner was
 * measured (a measure is cached until a resize is queued), the banner measures again; so it does
 * when the content scrolls and the cap would cut a line of the causes. */
static void
hsviz_failure_banner_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  HsvizFailureBanner *self = HSVIZ_FAILURE_BANNER (widget);
  int cap = max_height (window_height (self));
  int content_natural = 0;

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (cap != max_height (self->measured_for))
    {
      queue_resize_later (self);
      return;
    }
  gtk_widget_measure (self->content, GTK_ORIENTATION_VERTICAL, width, NULL, &content_natural, NULL, NULL);
  if (content_natural > cap)
    {
      int snapped = snap_to_line (self, cap);

      if (snapped != self->snapped || cap != self->snapped_cap || width != self->snapped_width)
        {
          self->snapped = snapped;
          self->snapped_cap = cap;
          self->snapped_width = width;
          queue_resize_later (self);
        }
    }
}

static void
hsviz_failure_banner_class_init (HsvizFailureBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_failure_banner_dispose;
  widget_class->get_request_mode = hsviz_failure_banner_get_request_mode;
  widget_class->measure = hsviz_failure_banner_measure;
  widget_class->size_allocate = hsviz_failure_banner_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "hsviz-failure-banner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
hsviz_failure_banner_init (HsvizFailureBanner *self)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->box = gtk_scrolled_window_new ();
  self->content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->title = gtk_label_new (NULL);
  self->causes = gtk_label_new (NULL);
  /* the buttons wrap: the banner never widens the window */
  self->buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->buttons), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->buttons), 6);

  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->content, "hsviz-failure-banner-content");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_selectable (GTK_LABEL (self->title), TRUE);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_label_set_wrap (GTK_LABEL (self->causes), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->causes), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->causes), 0);
  gtk_label_set_selectable (GTK_LABEL (self->causes), TRUE);
  /* the summary, the reruns, then the causes (they scroll first) */
  gtk_box_append (GTK_BOX (text), self->title);
  gtk_box_append (GTK_BOX (text), self->buttons);
  gtk_box_append (GTK_BOX (text), self->causes);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (self->content), icon);
  gtk_box_append (GTK_BOX (self->content), text);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->box), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->box), self->content);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
hsviz_failure_banner_new (void)
{
  return g_object_new (HSVIZ_TYPE_FAILURE_BANNER, NULL);
}
