/* hsviz-window-messages.c — the message list: the timeline's handshake messages in wire order
 *
 * The accessible mirror of the diagram.  It lists the MESSAGE items of the connection's
 * timeline (hsviz-timeline.h), each with the time of the record that carried it, and keeps its
 * own selection in step with the window's one (a message index, shared with the diagram and
 * the panes): a user's choice in the list selects that message, and a message selected
 * elsewhere is selected in the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

static gboolean
is_message (gpointer item,
            gpointer user_data)
{
  return hsviz_timeline_item_get_kind (item) == HSVIZ_TIMELINE_MESSAGE;
}

static void
message_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *arrow = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *step = gtk_label_new (NULL);

  gtk_widget_add_css_class (arrow, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (arrow), 3);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (step), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (step, "dim-label");
  gtk_widget_add_css_class (step, "caption");
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), step);
  gtk_list_item_set_child (list_item, box);
}

static void
message_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  HsvizTimelineItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *arrow = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_next_sibling (arrow);
  GtkWidget *step = gtk_widget_get_next_sibling (name);
  gboolean from_client = hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_CLIENT;
  HsvizStep s = hsviz_timeline_item_get_step (item);
  g_autofree char *text = g_strdup_printf ("%d. %s", hsviz_timeline_item_get_message_index (item) + 1,
                                           hsviz_timeline_item_get_label (item));
  g_autofree char *step_text = s != HSVIZ_STEP_NONE
    ? g_strdup_printf (_("Step %u · %s"), (guint)s, hsviz_step_title (s))
    : g_strdup ("");
  g_autofree char *a11y = g_strdup_printf (from_client ? _("%s, client to server, %s")
                                                       : _("%s, server to client, %s"),
                                           text, step_text);

  gtk_label_set_label (GTK_LABEL (arrow), from_client ? "C→S" : "C←S");
  gtk_label_set_label (GTK_LABEL (name), text);
  gtk_label_set_label (GTK_LABEL (step), step_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/* The window's selection (a message index) shown in the list. */
static void
show_selected_message (HsvizWindow *self)
{
  GListModel *list = G_LIST_MODEL (self->list_messages);
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; selected != GTK_INVALID_LIST_POSITION && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HsvizTimelineItem) item = g_list_model_get_item (list, i);

      if (hsviz_timeline_item_get_message_index (item) == (int)selected)
        {
          position = i;
          break;
        }
    }
  if (gtk_single_selection_get_selected (self->list_selection) != position)
    gtk_single_selection_set_selected (self->list_selection, position);
}

/* A choice made in the list (not a change of its items) selects that message. */
static void
list_selection_changed_cb (HsvizWindow *self)
{
  HsvizTimelineItem *item = gtk_single_selection_get_selected_item (self->list_selection);
  guint message = item != NULL ? (guint)hsviz_timeline_item_get_message_index (item) : GTK_INVALID_LIST_POSITION;

  if (gtk_single_selection_get_selected (self->selection) != message)
    gtk_single_selection_set_selected (self->selection, message);
}

/* Keep the timeline current while a capture fills the connection (it is rebuilt on demand). */
static void
connection_changed_cb (HsvizWindow *self)
{
  if (self->connection != NULL)
    hsviz_connection_get_timeline (self->connection);
}

static void
connection_items_changed_cb (HsvizWindow *self,
                             guint        position,
                             guint        removed,
                             guint        added,
                             GListModel  *model)
{
  connection_changed_cb (self);
}

void
_hsviz_window_messages_init (HsvizWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkCustomFilter *filter = gtk_custom_filter_new (is_message, NULL, NULL);

  self->list_messages = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  self->list_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list_messages)));
  gtk_single_selection_set_autoselect (self->list_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->list_selection, TRUE);
  gtk_list_view_set_model (self->message_list, GTK_SELECTION_MODEL (self->list_selection));
  g_signal_connect (factory, "setup", G_CALLBACK (message_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (message_bind_cb), NULL);
  gtk_list_view_set_factory (self->message_list, factory);

  g_signal_connect_object (self->list_selection, "selection-changed",
                           G_CALLBACK (list_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_messages, "items-changed",
                           G_CALLBACK (show_selected_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (show_selected_message), self, G_CONNECT_SWAPPED);
}

void
_hsviz_window_messages_set_session (HsvizWindow     *self,
                                    HsvizConnection *previous,
                                    HsvizConnection *session)
{
  if (previous != NULL)
    {
      g_signal_handlers_disconnect_by_func (previous, connection_changed_cb, self);
      g_signal_handlers_disconnect_by_func (previous, connection_items_changed_cb, self);
    }
  if (session != NULL)
    {
      g_signal_connect_object (session, "updated", G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "items-changed", G_CALLBACK (connection_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_filter_list_model_set_model (self->list_messages,
                                   session != NULL ? G_LIST_MODEL (hsviz_connection_get_timeline (session)) : NULL);
}

void
_hsviz_window_messages_dispose (HsvizWindow *self)
{
  if (self->connection != NULL)
    _hsviz_window_messages_set_session (self, self->connection, NULL);
  g_clear_object (&self->list_selection);
  g_clear_object (&self->list_messages);
}
