/* hsviz-window.c — the main window: the session shown, the diagram and the panes
 *
 * The window presents one HsvizConnection: the sequence view, an accessible message list
 * (hsviz-window-messages.c) following one GtkSingleSelection with it, and the panes.  A
 * capture runs in hsviz-window-capture.c, files are opened in hsviz-window-files.c.  It
 * computes no TLS fact itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

G_DEFINE_FINAL_TYPE (HsvizWindow, hsviz_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- selection ---- */

static void
selection_changed_cb (HsvizWindow *self)
{
  HsvizMessage *message = gtk_single_selection_get_selected_item (self->selection);

  hsviz_bytes_pane_set_message (self->bytes_pane, message);
  if (message != NULL)
    hsviz_step_pane_set_step (self->step_pane, hsviz_message_get_step (message));
}

/* A node of the key schedule graph: its input's bytes in the Bytes pane */
static void
key_node_selected_cb (HsvizWindow *self,
                      const char  *id)
{
  HsvizKeyGraph *graph = hsviz_key_graph_view_get_graph (hsviz_keys_pane_get_graph_view (self->keys_pane));
  const HsvizKeyNode *node = graph != NULL && id != NULL ? hsviz_key_graph_find_bytes (graph, id) : NULL;

  if (node == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, node->message);
  hsviz_bytes_pane_select_offset (self->bytes_pane, node->offset);
  adw_view_stack_set_visible_child_name (self->pane_stack, "bytes");
}

static void
selected_step_changed_cb (HsvizWindow *self)
{
  guint step = hsviz_sequence_view_get_selected_step (self->sequence_view);

  if (step != 0)
    {
      hsviz_step_pane_set_step (self->step_pane, step);
      if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
        adw_view_stack_set_visible_child_name (self->pane_stack, "step");
    }
}

/* ---- the pane list (the view switcher's stand-in when its titles do not fit) ---- */

static void
pane_dropdown_selected_cb (HsvizWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->pane_dropdown);
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->pane_stack);

  if (selected != GTK_INVALID_LIST_POSITION && !gtk_selection_model_is_selected (pages, selected))
    gtk_selection_model_select_item (pages, selected, TRUE);
}

static void
pane_visible_child_cb (HsvizWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->pane_stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (pages, i) && gtk_drop_down_get_selected (self->pane_dropdown) != i)
      gtk_drop_down_set_selected (self->pane_dropdown, i);
}

static gboolean
any_label_cut (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_label_cut (child))
      return TRUE;
  return FALSE;
}

/* Once per frame, cheaply: the view switcher while its titles fit whole, the list when one is
 * cut; back to the switcher only when there is more room than where it was cut. */
static gboolean
pane_switchers_tick_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  HsvizWindow *self = HSVIZ_WINDOW (user_data);
  int width = gtk_widget_get_width (widget);
  gboolean tabs = gtk_stack_get_visible_child (self->pane_switchers) == self->pane_switcher;

  if (width == self->switcher_last_width || width <= 0)
    return G_SOURCE_CONTINUE;
  self->switcher_last_width = width;

  if (tabs && any_label_cut (self->pane_switcher))
    {
      self->switcher_cut_width = MAX (self->switcher_cut_width, width);
      gtk_stack_set_visible_child (self->pane_switchers, GTK_WIDGET (self->pane_dropdown));
    }
  else if (!tabs && width > self->switcher_cut_width)
    gtk_stack_set_visible_child (self->pane_switchers, self->pane_switcher);
  return G_SOURCE_CONTINUE;
}

static void
setup_pane_dropdown (HsvizWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->pane_stack);
  g_autoptr(GtkExpression) title = gtk_property_expression_new (ADW_TYPE_VIEW_STACK_PAGE, NULL, "title");

  gtk_drop_down_set_expression (self->pane_dropdown, title);
  gtk_drop_down_set_model (self->pane_dropdown, G_LIST_MODEL (pages));
  pane_visible_child_cb (self);
  g_signal_connect_object (self->pane_dropdown, "notify::selected",
                           G_CALLBACK (pane_dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane_stack, "notify::visible-child",
                           G_CALLBACK (pane_visible_child_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->pane_switchers), pane_switchers_tick_cb, self, NULL);
}

/* ---- title ---- */

void
_hsviz_window_update_title (HsvizWindow *self)
{
  g_autofree char *subtitle = NULL;
  const char *short_subtitle = NULL;
  const char *title = _("HandshakeViz");

  if (self->connection != NULL)
    {
      const HsvizTarget *target = hsviz_connection_get_target (self->connection);
      const HsvizOutcome *outcome = hsviz_connection_get_outcome (self->connection);

      if (target != NULL && target->host != NULL)
        title = target->host;

      if (self->capture != NULL)
        subtitle = g_strdup (_("Capturing…"));
      else if (outcome != NULL && !outcome->completed && outcome->error != NULL)
        subtitle = g_strdup_printf (_("Failed: %s"), outcome->error);
      else
        subtitle = hsviz_connection_dup_summary (self->connection);

      /* For a narrow header bar: the version alone. */
      if (self->capture == NULL && hsviz_connection_get_version (self->connection) != 0 &&
          (outcome == NULL || outcome->completed))
        short_subtitle = hsviz_version_display_name (hsviz_connection_get_version (self->connection));
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  adw_window_title_set_title (self->short_title, title);
  adw_window_title_set_subtitle (self->short_title, short_subtitle ? short_subtitle : "");
}

static void
connection_updated_cb (HsvizWindow *self)
{
  hsviz_failure_banner_set_connection (self->failure_banner, self->connection);
  _hsviz_window_connections_update (self);
  _hsviz_window_update_title (self);
  _hsviz_window_update_actions (self);
}

/* Shows @connection (of the session shown, or NULL) in the diagram and the panes. */
static void
show_connection (HsvizWindow     *self,
                 HsvizConnection *connection)
{
  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (self->connection, connection_updated_cb, self);
  _hsviz_window_messages_set_session (self, self->connection, connection);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    g_signal_connect_object (connection, "updated", G_CALLBACK (connection_updated_cb), self,
                             G_CONNECT_SWAPPED);

  hsviz_sequence_view_set_connection (self->sequence_view, connection);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (connection));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  hsviz_bytes_pane_set_message (self->bytes_pane, NULL);
  hsviz_step_pane_set_connection (self->step_pane, connection);
  hsviz_step_pane_set_step (self->step_pane, connection != NULL ? HSVIZ_STEP_CLIENT_HELLO : 0);
  hsviz_certificate_pane_set_connection (self->certificate_pane, connection);
  hsviz_suites_pane_set_connection (self->suites_pane, connection);
  hsviz_randoms_pane_set_connection (self->randoms_pane, connection);
  hsviz_timing_pane_set_connection (self->timing_pane, connection);
  hsviz_keys_pane_set_connection (self->keys_pane, connection);
  hsviz_failure_banner_set_connection (self->failure_banner, connection);

  gtk_stack_set_visible_child_name (self->main_stack, connection != NULL ? "session" : "empty");
  _hsviz_window_connections_update (self);
  _hsviz_window_update_title (self);
  _hsviz_window_update_actions (self);
}

/* A live capture adds its connections as they start: show the first one as soon as it is there. */
static void
session_items_changed_cb (HsvizWindow *self)
{
  _hsviz_window_connections_update (self);
  if (self->connection == NULL)
    hsviz_window_set_connection (self, 0);
}

void
hsviz_window_set_session (HsvizWindow  *self,
                          HsvizSession *session)
{
  g_return_if_fail (HSVIZ_IS_WINDOW (self));
  g_return_if_fail (session == NULL || HSVIZ_IS_SESSION (session));

  if (self->session == session)
    return;

  self->unsaved = FALSE;
  _hsviz_window_leave_presenter (self);
  /* a session other than the imported capture's ends that list */
  if (self->imported != NULL &&
      (session == NULL || self->imported->len == 0 ||
       hsviz_connection_get_session (g_ptr_array_index (self->imported, 0)) != session))
    {
      g_clear_pointer (&self->imported, g_ptr_array_unref);
      g_clear_object (&self->import_file);
    }

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, session_items_changed_cb, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "items-changed", G_CALLBACK (session_items_changed_cb), self,
                             G_CONNECT_SWAPPED);
  show_connection (self, NULL);
  hsviz_window_set_connection (self, 0);
}

HsvizSession *
hsviz_window_get_session (HsvizWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_WINDOW (self), NULL);

  return self->session;
}

/* A toast's title is Pango markup: the message (which may quote a file name, a server's text or
 * a parser's "<data>") is escaped, so it shows as written. */
AdwToast *
_hsviz_window_toast_new (const char *message)
{
  g_autofree char *title = g_markup_escape_text (message, -1);

  return adw_toast_new (title);
}

void
hsviz_window_set_connection (HsvizWindow *self,
                             guint        index)
{
  g_return_if_fail (HSVIZ_IS_WINDOW (self));

  show_connection (self, self->session != NULL ? hsviz_session_get_connection (self->session, index)
                                               : NULL);
}

HsvizConnection *
hsviz_window_get_connection (HsvizWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_WINDOW (self), NULL);

  return self->connection;
}

void
hsviz_window_add_toast (HsvizWindow *self,
                        const char  *message)
{
  g_return_if_fail (HSVIZ_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, _hsviz_window_toast_new (message));
}

gboolean
hsviz_window_is_capturing (HsvizWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_WINDOW (self), FALSE);

  return self->capture != NULL;
}

gboolean
hsviz_window_is_loading (HsvizWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_WINDOW (self), FALSE);

  return self->n_loading > 0;
}

/* ---- settings ---- */

static void
view_mode_changed_cb (HsvizWindow *self)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "view-mode");

  hsviz_sequence_view_set_mode (self->sequence_view,
                                g_strcmp0 (mode, "textbook") == 0 ? HSVIZ_SEQUENCE_VIEW_TEXTBOOK
                                                                  : HSVIZ_SEQUENCE_VIEW_WIRE);
}

static void
close_now (HsvizWindow *self,
           gpointer     data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
hsviz_window_close_request (GtkWindow *window)
{
  HsvizWindow *self = HSVIZ_WINDOW (window);
  int width = 0, height = 0;

  if (self->unsaved && !self->close_confirmed)
    {
      _hsviz_window_confirm_replace (self, close_now, NULL, NULL);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (hsviz_window_parent_class)->close_request (window);
}

/* ---- GObject ---- */

static void
hsviz_window_dispose (GObject *object)
{
  HsvizWindow *self = (HsvizWindow *)object;

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->capture);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, session_items_changed_cb, self);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_func (self->connection, connection_updated_cb, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->unsaved_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unsaved_dialog));
  self->unsaved_dialog = NULL;
  _hsviz_window_pending_clear (&self->after_save);
  _hsviz_window_zoom_dispose (self);
  _hsviz_window_import_dispose (self);
  _hsviz_window_client_cert_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_WINDOW);

  _hsviz_window_messages_dispose (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);
  g_clear_object (&self->previous_session);
  g_clear_object (&self->replaced_connection);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hsviz_window_parent_class)->dispose (object);
}

static void
hsviz_window_finalize (GObject *object)
{
  HsvizWindow *self = (HsvizWindow *)object;

  g_clear_pointer (&self->preset_names, g_strfreev);
  g_clear_pointer (&self->cafile, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_failed_at, g_free);

  G_OBJECT_CLASS (hsviz_window_parent_class)->finalize (object);
}

static void
hsviz_window_class_init (HsvizWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hsviz_window_dispose;
  object_class->finalize = hsviz_window_finalize;
  window_class->close_request = hsviz_window_close_request;

  g_type_ensure (HSVIZ_TYPE_SEQUENCE_VIEW);
  g_type_ensure (HSVIZ_TYPE_STEP_PANE);
  g_type_ensure (HSVIZ_TYPE_CERTIFICATE_PANE);
  g_type_ensure (HSVIZ_TYPE_SUITES_PANE);
  g_type_ensure (HSVIZ_TYPE_RANDOMS_PANE);
  g_type_ensure (HSVIZ_TYPE_TIMING_PANE);
  g_type_ensure (HSVIZ_TYPE_KEYS_PANE);
  g_type_ensure (HSVIZ_TYPE_BYTES_PANE);
  g_type_ensure (HSVIZ_TYPE_FAILURE_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, short_title);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, target_entry);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, priority_entry);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, cafile_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, servername_entry);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, capture_button);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, failure_banner);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, connection_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, samples_button);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, pane_flap);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, diagram_toolbar);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, panes_button);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, message_expander);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, presenter_bar);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, presenter_title);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, presenter_text);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, sequence_view);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, message_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, pane_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, pane_switchers);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, pane_switcher);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, step_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, certificate_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, suites_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, randoms_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, timing_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, keys_pane);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, bytes_pane);

  _hsviz_window_class_actions_init (klass);
  _hsviz_window_capture_class_init (widget_class);
  _hsviz_window_connections_class_init (widget_class);
  _hsviz_window_class_zoom_init (klass);
  _hsviz_window_class_presenter_init (klass);
}

static void
hsviz_window_init (HsvizWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GAction) view_mode = NULL;
  GMenuModel *menu;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* One selection (a message index) shared by the diagram, the panes and the message list. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  _hsviz_window_messages_init (self);
  _hsviz_window_connections_init (self);
  g_object_bind_property (self->selection, "selected", self->sequence_view, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sequence_view, "notify::selected-step",
                           G_CALLBACK (selected_step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hsviz_keys_pane_get_graph_view (self->keys_pane), "node-selected",
                           G_CALLBACK (key_node_selected_cb), self, G_CONNECT_SWAPPED);

  /* Beside the diagram when there is room, over it (behind the panes button) when not. */
  g_object_bind_property (self->pane_flap, "reveal-flap", self->panes_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->pane_flap, "folded", self->panes_button, "visible",
                          G_BINDING_SYNC_CREATE);

  /* View mode and secrets follow GSettings. */
  view_mode = g_settings_create_action (self->settings, "view-mode");
  g_action_map_add_action (G_ACTION_MAP (self), view_mode);
  g_signal_connect_object (self->settings, "changed::view-mode",
                           G_CALLBACK (view_mode_changed_cb), self, G_CONNECT_SWAPPED);
  view_mode_changed_cb (self);
  g_settings_bind (self->settings, "reveal-secrets", self->keys_pane, "revealed", G_SETTINGS_BIND_DEFAULT);
  setup_pane_dropdown (self);
  _hsviz_window_zoom_init (self);
  _hsviz_window_presenter_init (self);

  builder = gtk_builder_new_from_resource ("/org/example/HandshakeViz/gtk/menus.ui");
  menu = G_MENU_MODEL (gtk_builder_get_object (builder, "primary_menu"));
  gtk_menu_button_set_menu_model (self->primary_menu_button, menu);

  _hsviz_window_setup_target (self);
  _hsviz_window_files_init (self);

  hsviz_window_set_session (self, NULL);
  _hsviz_window_update_actions (self);
}

HsvizWindow *
hsviz_window_new (HsvizApplication *application)
{
  return g_object_new (HSVIZ_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
