/* hsviz-window-connections.c — the connection switcher above the diagram
 *
 * A session of two or more connections (a capture with a resumed connection, an import) shows a
 * drop-down of its connections; the one chosen is shown in the diagram and the panes.  Its
 * tooltip gives the connection's client → server addresses and says what resumption did for it
 * (hsviz_session_dup_resumption_text).
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
      HsvizConnection *connection = hsviz_session_get_connection (self->session, i);

      if (connection == self->connection)
        shown = i;
      g_ptr_array_add (labels, hsviz_connection_is_resumed (connection)
                                 ? g_strdup_printf (_("Connection %u (resumed)"), i + 1)
                                 : g_strdup_printf (_("Connection %u"), i + 1));
    }
  g_ptr_array_add (labels, NULL);

  self->updating_connections = TRUE;
  gtk_string_list_splice (list, 0, old, (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->connection_dropdown, shown);
  self->updating_connections = FALSE;

  if (shown != GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *resumption = hsviz_session_dup_resumption_text (self->session, shown);
      g_autofree char *addresses = hsviz_connection_dup_addresses_text (self->connection);

      tooltip = g_strjoin ("\n", addresses != NULL ? addresses : "", resumption, NULL);
      if (*g_strstrip (tooltip) == '\0')
        g_clear_pointer (&tooltip, g_free);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_dropdown), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_dropdown), n >= 2);
}
