/* hsviz-window-target.c — the header bar's connection settings: target, history, preset,
 * priority, trust and server name; they follow the session on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

#define MAX_HISTORY 10

void
_hsviz_window_remember_target (HsvizWindow *self,
                               const char  *target)
{
  g_auto(GStrv) history = g_settings_get_strv (self->settings, "target-history");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_settings_set_string (self->settings, "last-target", target);

  g_strv_builder_add (builder, target);
  for (guint i = 0; history[i] != NULL && n < MAX_HISTORY; i++)
    {
      if (g_strcmp0 (history[i], target) == 0)
        continue;
      g_strv_builder_add (builder, history[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "target-history", (const char * const *)updated);
}

static void
rebuild_history_menu (HsvizWindow *self)
{
  g_auto(GStrv) history = g_settings_get_strv (self->settings, "target-history");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  for (guint i = 0; history[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (history[i], NULL);

      g_menu_item_set_action_and_target_value (item, "win.set-target", g_variant_new_string (history[i]));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, _("Recent Targets"), G_MENU_MODEL (section));
  g_menu_append (menu, _("Built-in Demo Server"), "win.capture-demo");
  adw_split_button_set_menu_model (self->capture_button, G_MENU_MODEL (menu));
}


/* What preset position means, in words (the last position is the custom priority string). */
static const char *
preset_description (HsvizWindow *self,
                    guint        position)
{
  const HsvizPreset *presets = hsviz_capture_get_presets ();

  if (position < self->n_presets)
    return _(presets[position].description);
  return _("A GnuTLS priority string of your own, typed beside this list");
}

static void
preset_changed_cb (HsvizWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->preset_dropdown);
  gboolean custom = selected >= self->n_presets;

  gtk_widget_set_visible (GTK_WIDGET (self->priority_entry), custom);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preset_dropdown),
                               selected != GTK_INVALID_LIST_POSITION ? preset_description (self, selected) : NULL);
  if (custom)
    gtk_widget_grab_focus (GTK_WIDGET (self->priority_entry));
}

/* The button shows the short title; the popup the title and what it means. */
static void
preset_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_UINT (user_data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  if (in_list)
    {
      GtkWidget *description = gtk_label_new (NULL);

      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (description), 36);
      gtk_label_set_max_width_chars (GTK_LABEL (description), 36);
      gtk_widget_add_css_class (description, "dim-label");
      gtk_widget_add_css_class (description, "caption");
      gtk_box_append (GTK_BOX (box), description);
      gtk_widget_set_margin_top (box, 3);
      gtk_widget_set_margin_bottom (box, 3);
    }
  gtk_list_item_set_child (list_item, box);
}

static void
preset_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                HsvizWindow              *self)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *description = gtk_widget_get_next_sibling (title);

  gtk_label_set_label (GTK_LABEL (title), gtk_string_object_get_string (item));
  if (description != NULL)
    gtk_label_set_label (GTK_LABEL (description), preset_description (self, gtk_list_item_get_position (list_item)));
}

static void
setup_presets (HsvizWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();
  const HsvizPreset *presets = hsviz_capture_get_presets ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *last = g_settings_get_string (self->settings, "last-preset");
  guint n = 0;

  while (presets != NULL && presets[n].name != NULL)
    n++;

  self->n_presets = n;
  self->preset_names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->preset_names[i] = g_strdup (presets[i].name);
      gtk_string_list_append (list, _(presets[i].title));
    }
  gtk_string_list_append (list, _("Custom"));

  g_signal_connect (factory, "setup", G_CALLBACK (preset_setup_cb), GUINT_TO_POINTER (FALSE));
  g_signal_connect (factory, "bind", G_CALLBACK (preset_bind_cb), self);
  g_signal_connect (list_factory, "setup", G_CALLBACK (preset_setup_cb), GUINT_TO_POINTER (TRUE));
  g_signal_connect (list_factory, "bind", G_CALLBACK (preset_bind_cb), self);
  gtk_drop_down_set_factory (self->preset_dropdown, factory);
  gtk_drop_down_set_list_factory (self->preset_dropdown, list_factory);

  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (self->preset_names[i], last) == 0)
      gtk_drop_down_set_selected (self->preset_dropdown, i);

  g_signal_connect_object (self->preset_dropdown, "notify::selected",
                           G_CALLBACK (preset_changed_cb), self, G_CONNECT_SWAPPED);
  preset_changed_cb (self);
}

void
_hsviz_window_setup_target (HsvizWindow *self)
{
  g_autofree char *last_target = g_settings_get_string (self->settings, "last-target");

  gtk_editable_set_text (GTK_EDITABLE (self->target_entry), last_target);
  g_signal_connect_object (self->settings, "changed::target-history",
                           G_CALLBACK (rebuild_history_menu), self, G_CONNECT_SWAPPED);
  rebuild_history_menu (self);
  setup_presets (self);
}

/* A session opened from a file: the target, preset or priority, trust and server name it was
 * captured with go into the controls, so that Capture reruns it and not the previous target.
 * A CA file that is no longer there falls back to the system trust store. */
void
_hsviz_window_show_settings (HsvizWindow     *self,
                             HsvizConnection *session)
{
  const HsvizTarget *target = hsviz_connection_get_target (session);
  const char *preset = hsviz_connection_get_preset (session);
  const char *priority = hsviz_connection_get_priority (session);
  const char *cafile = hsviz_connection_get_cafile (session);
  guint selected = self->n_presets;   /* custom */

  if (target != NULL && target->url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->target_entry), target->url);
  gtk_editable_set_text (GTK_EDITABLE (self->servername_entry),
                         target != NULL && target->servername != NULL &&
                         g_strcmp0 (target->servername, target->host) != 0 ? target->servername : "");

  for (guint i = 0; i < self->n_presets; i++)
    if (g_strcmp0 (self->preset_names[i], preset) == 0)
      selected = i;
  if (selected == self->n_presets && priority == NULL)
    selected = gtk_drop_down_get_selected (self->preset_dropdown);
  if (selected == self->n_presets)
    gtk_editable_set_text (GTK_EDITABLE (self->priority_entry), priority);
  gtk_drop_down_set_selected (self->preset_dropdown, selected);

  _hsviz_window_set_cafile (self, cafile != NULL && g_file_test (cafile, G_FILE_TEST_IS_REGULAR)
                                   ? cafile : NULL);
}

/* The CA file a capture trusts; NULL for the system trust store. */
void
_hsviz_window_set_cafile (HsvizWindow *self,
                          const char  *path)
{
  g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;
  char *copy = g_strdup (path);

  g_free (self->cafile);
  self->cafile = copy;
  gtk_label_set_label (self->cafile_label, name != NULL ? name : _("System trust store"));
}
