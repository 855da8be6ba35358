/* hsviz-pane-util.c — small presentation helpers shared by the panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-pane-util.h"

void
hsviz_pane_copy_text (GtkWidget  *widget,
                      const char *text)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_set_text (clipboard, text != NULL ? text : "");
}

void
hsviz_pane_copy_and_tell (GtkWidget  *widget,
                          const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  hsviz_pane_copy_text (widget, text);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Copied to the clipboard")));
}

static void
copy_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  hsviz_pane_copy_and_tell (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "hsviz-copy-text"));
}

GtkWidget *
hsviz_pane_row_new (const char *title,
                    const char *value,
                    gboolean    copy)
{
  return hsviz_pane_row_new_full (title, value, copy ? value : NULL);
}

GtkWidget *
hsviz_pane_row_new_full (const char *title,
                         const char *value,
                         const char *copy_text)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "—", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (copy_text != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      gtk_widget_add_css_class (row, "hsviz-value-row");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Copy"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy"), -1);
      g_object_set_data_full (G_OBJECT (button), "hsviz-copy-text", g_strdup (copy_text), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

GtkWidget *
hsviz_pane_check_row_new (const char *title,
                          const char *detail,
                          gboolean    pass)
{
  GtkWidget *row = hsviz_pane_row_new (title, detail, FALSE);
  GtkWidget *icon = gtk_image_new_from_icon_name (pass ? "emblem-ok-symbolic" : "dialog-error-symbolic");

  gtk_widget_add_css_class (icon, pass ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pass ? _("Passed") : _("Failed"), -1);
  gtk_widget_set_tooltip_text (icon, pass ? _("Passed") : _("Failed"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

void
hsviz_pane_box_clear (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

void
hsviz_pane_list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
watch_run (HsvizConnectionWatch *watch)
{
  if (gtk_widget_get_mapped (watch->pane))
    {
      watch->dirty = FALSE;
      watch->func (watch->pane);
    }
  else
    watch->dirty = TRUE;
}

static void
watch_map_cb (GtkWidget *pane,
              gpointer   user_data)
{
  HsvizConnectionWatch *watch = user_data;

  if (watch->dirty)
    watch_run (watch);
}

static gboolean
watch_idle_cb (gpointer user_data)
{
  HsvizConnectionWatch *watch = user_data;

  watch->idle_id = 0;
  watch_run (watch);

  return G_SOURCE_REMOVE;
}

void
hsviz_connection_watch_flush (HsvizConnectionWatch *watch)
{
  if (watch->dirty || watch->idle_id != 0)
    {
      g_clear_handle_id (&watch->idle_id, g_source_remove);
      watch->dirty = FALSE;
      watch->func (watch->pane);
    }
}

static void
watch_queue (HsvizConnectionWatch *watch)
{
  if (watch->idle_id == 0)
    watch->idle_id = g_idle_add_full (G_PRIORITY_LOW, watch_idle_cb, watch, NULL);
}

static void
watch_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  watch_queue (user_data);
}

static void
watch_updated_cb (HsvizConnection *session,
                  gpointer      user_data)
{
  watch_queue (user_data);
}

void
hsviz_connection_watch_clear (HsvizConnectionWatch *watch)
{
  if (watch->session != NULL)
    {
      g_clear_signal_handler (&watch->items_changed_id, watch->session);
      g_clear_signal_handler (&watch->updated_id, watch->session);
    }
  g_clear_handle_id (&watch->idle_id, g_source_remove);
  g_clear_object (&watch->session);
}

void
hsviz_connection_watch_set (HsvizConnectionWatch *watch,
                         GtkWidget         *pane,
                         HsvizConnection      *session,
                         void             (*func) (GtkWidget *pane))
{
  hsviz_connection_watch_clear (watch);

  watch->pane = pane;
  watch->func = func;
  if (watch->map_id == 0)
    watch->map_id = g_signal_connect (pane, "map", G_CALLBACK (watch_map_cb), watch);

  if (session != NULL)
    {
      watch->session = g_object_ref (session);
      watch->items_changed_id = g_signal_connect (session, "items-changed",
                                                  G_CALLBACK (watch_items_changed_cb), watch);
      watch->updated_id = g_signal_connect (session, "updated",
                                            G_CALLBACK (watch_updated_cb), watch);
    }

  /* Rebuild at once for the new session (when shown; else when it is). */
  watch_run (watch);
}

