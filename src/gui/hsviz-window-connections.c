/* hsviz-window-connections.c — the connection switcher above the diagram
 *
 * A session of two or more connections (a capture with a resumed connection, an import) shows a
 * drop-down of its connections, each by its label from the core (hsviz_connection_dup_label:
 * "2 · TLS 1.3 · resumed 1", an import's "4 · 127.0.0.1:50112 → 127.0.0.1:443"); the one chosen
 * is shown in the diagram and the panes.  Its tooltip gives what the label leaves out
 * (hsviz_connection_dup_label_details: a capture's addresses, an import's version and outcome)
 * and says what resumption did for it (hsviz_session_dup_resumption_text).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

static void
selected_cb (HsvizWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->connection_dropdown);

  if (self->updating_connections || selected == GTK_INVALID_LIST_POSITION)
    return;
  hsviz_window_set_connection (self, selected);
}

void
_hsviz_window_connections_init (HsvizWindow *self)
{
  g_signal_connect_object (self->connection_dropdown, "notify::selected", G_CALLBACK (selected_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_hsviz_window_connections_update (HsvizWindow *self)
{
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (self->connection_dropdown));
  guint n = self->session != NULL ? hsviz_session_get_n_connections (self->session) : 0;
  guint old = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint shown = GTK_INVALID_LIST_POSITION;
  g_autofree char *tooltip = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      if (hsviz_session_get_connection (self->session, i) == self->connection)
        shown = i;
      g_ptr_array_add (labels, hsviz_connection_dup_label (hsviz_session_get_connection (self->session, i)));
    }
  g_ptr_array_add (labels, NULL);

  self->updating_connections = TRUE;
  gtk_string_list_splice (list, 0, old, (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->connection_dropdown, shown);
  self->updating_connections = FALSE;

  if (shown != GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *resumption = hsviz_session_dup_resumption_text (self->session, shown);
      g_autofree char *details = hsviz_connection_dup_label_details (self->connection);

      tooltip = g_strjoin ("\n", details != NULL ? details : "", resumption, NULL);
      if (*g_strstrip (tooltip) == '\0')
        g_clear_pointer (&tooltip, g_free);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_dropdown), tooltip);
  gtk_widget_set_visible (self->connection_box, n >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-connections", n >= 2);
}

static void
compare_connections_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  guint n = self->session != NULL ? hsviz_session_get_n_connections (self->session) : 0;
  guint a = 0, b = 1;
  g_autofree char *title_a = NULL;
  g_autofree char *title_b = NULL;
  GtkWidget *compare;

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    {
      int from = hsviz_connection_get_resumed_from (hsviz_session_get_connection (self->session, i));

      if (hsviz_session_get_connection (self->session, i) == self->connection &&
          from >= 0 && (guint) from < n && (guint) from != i)
        {
          a = from;
          b = i;
        }
    }
  /* the columns titled as the switcher names them: "1 · TLS 1.3 · full handshake" */
  title_a = hsviz_connection_dup_label (hsviz_session_get_connection (self->session, a));
  title_b = hsviz_connection_dup_label (hsviz_session_get_connection (self->session, b));
  compare = hsviz_compare_window_new_with_titles (GTK_WINDOW (self),
                                                  hsviz_session_get_connection (self->session, a),
                                                  hsviz_session_get_connection (self->session, b),
                                                  title_a, title_b);
  gtk_window_set_title (GTK_WINDOW (compare), _("Compare Connections"));
  gtk_window_present (GTK_WINDOW (compare));
}

void
_hsviz_window_connections_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compare-connections", NULL, compare_connections_action);
}
