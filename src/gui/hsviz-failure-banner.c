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

  GtkWidget *box;       /* scrolled: the content past MAX_HEIGHT */
  GtkWidget *content;
  GtkWidget *title;
  GtkWidget *causes;
  GtkWidget *buttons;
  char      *title_text;
};

/* Taller content scrolls, so that the banner neither makes the window taller nor hides the
 * diagram on a small screen. */
#define MAX_HEIGHT 260

G_DEFINE_FINAL_TYPE (HsvizFailureBanner, hsviz_failure_banner, GTK_TYPE_WIDGET)

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

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->title_text, g_free);
  G_OBJECT_CLASS (hsviz_failure_banner_parent_class)->dispose (object);
}

static GtkSizeRequestMode
hsviz_failure_banner_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The height the content needs at this width, up to MAX_HEIGHT (GTK 4.8's GtkScrolledWindow
 * measures its child's natural height without the width it is given). */
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

      gtk_widget_measure (self->content, orientation, for_size, NULL, &content_natural, NULL, NULL);
      *natural = MAX (*minimum, MIN (content_natural, MAX_HEIGHT));
    }
}

static void
hsviz_failure_banner_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  gtk_widget_allocate (HSVIZ_FAILURE_BANNER (widget)->box, width, height, baseline, NULL);
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
