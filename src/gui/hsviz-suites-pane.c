/* hsviz-suites-pane.c — cipher suites, groups, key shares, signature schemes, versions, ALPN
 *
 * What was offered and chosen, item by item, is the core's (hsviz_connection_dup_negotiation);
 * this pane lays it out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-pane-util.h"
#include "hsviz-suites-pane.h"

struct _HsvizSuitesPane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;
  guint              n_offered;

  GtkStack          *stack;
  GtkListBox        *negotiation_list;
  GtkWidget         *offered_group;
  GtkListBox        *offered_list;
};

G_DEFINE_FINAL_TYPE (HsvizSuitesPane, hsviz_suites_pane, GTK_TYPE_WIDGET)

static void
add_comparison (HsvizSuitesPane       *self,
                const HsvizNegotiated *item,
                const char            *offered)
{
  g_autofree char *text = g_strdup_printf (_("Offered: %s\nChosen: %s"),
                                           offered != NULL && *offered ? offered : _("(not offered)"),
                                           item->chosen != NULL ? item->chosen : _("(none)"));

  if (item->note != NULL)
    {
      g_autofree char *with_note = g_strconcat (text, "\n", item->note, NULL);

      gtk_list_box_append (self->negotiation_list, hsviz_pane_row_new (item->title, with_note, FALSE));
      return;
    }
  gtk_list_box_append (self->negotiation_list, hsviz_pane_row_new (item->title, text, FALSE));
}

static void
add_offered_suite (HsvizSuitesPane  *self,
                   const HsvizOffer *offer)
{
  const HsvizCipherSuite *suite = hsviz_cipher_suite_lookup ((guint16) offer->number);
  g_autofree char *title = g_strdup_printf ("0x%04x  %s", (guint) offer->number, offer->name);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (suite != NULL)
    subtitle = g_strdup_printf (_("Key exchange %s · authentication %s · cipher %s · MAC %s · PRF hash %s"),
                                _(suite->kx_name), _(suite->auth), suite->cipher, suite->mac, suite->prf);
  else
    subtitle = g_strdup (_("Not a cipher suite that can be chosen (signalling value, GREASE or unknown)"));

  row = hsviz_pane_row_new (title, subtitle, FALSE);
  if (offer->chosen)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_set_tooltip_text (icon, _("Chosen by the server"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen by the server"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "hsviz-chosen");
    }
  gtk_list_box_append (self->offered_list, row);
}

static void
hsviz_suites_pane_rebuild (GtkWidget *widget)
{
  HsvizSuitesPane *self = HSVIZ_SUITES_PANE (widget);
  g_autoptr(GPtrArray) negotiation = NULL;
  const HsvizNegotiated *suites = NULL;
  g_autofree char *title = NULL;

  hsviz_pane_list_clear (self->negotiation_list);
  hsviz_pane_list_clear (self->offered_list);
  self->n_offered = 0;

  if (self->watch.session != NULL)
    negotiation = hsviz_connection_dup_negotiation (self->watch.session);
  if (negotiation == NULL || negotiation->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  for (guint i = 0; i < negotiation->len; i++)
    {
      const HsvizNegotiated *item = g_ptr_array_index (negotiation, i);
      g_autofree char *offered = NULL;

      /* the suites are listed one by one below */
      if (item->kind == HSVIZ_NEGOTIATED_CIPHER_SUITE)
        {
          suites = item;
          offered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u suite, listed below",
                                                  "%u suites, listed below", item->offered->len),
                                     item->offered->len);
        }
      else
        offered = hsviz_negotiated_dup_offered_text (item);
      add_comparison (self, item, offered);
    }

  for (guint i = 0; suites != NULL && i < suites->offered->len; i++)
    add_offered_suite (self, g_ptr_array_index (suites->offered, i));
  self->n_offered = suites != NULL ? suites->offered->len : 0;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u Cipher Suite Offered by the Client",
                                        "%u Cipher Suites Offered by the Client", self->n_offered),
                           self->n_offered);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->offered_group), title);

  gtk_stack_set_visible_child_name (self->stack, "suites");
}

static void
hsviz_suites_pane_dispose (GObject *object)
{
  HsvizSuitesPane *self = (HsvizSuitesPane *)object;

  hsviz_connection_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_SUITES_PANE);

  G_OBJECT_CLASS (hsviz_suites_pane_parent_class)->dispose (object);
}

static void
hsviz_suites_pane_class_init (HsvizSuitesPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_suites_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-suites-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, negotiation_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, offered_group);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, offered_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_suites_pane_init (HsvizSuitesPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_suites_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_SUITES_PANE, NULL);
}

void
hsviz_suites_pane_set_connection (HsvizSuitesPane *self,
                               HsvizConnection    *session)
{
  g_return_if_fail (HSVIZ_IS_SUITES_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_suites_pane_rebuild);
}

guint
hsviz_suites_pane_get_n_offered (HsvizSuitesPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_SUITES_PANE (self), 0);

  hsviz_connection_watch_flush (&self->watch);
  return self->n_offered;
}
