/* hsviz-keys-pane.c — the key log, master secret, keys and the key schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-keys-pane.h"
#include "hsviz-key-graph-view.h"
#include "hsviz-key-graph-window.h"
#include "hsviz-pane-util.h"

struct _HsvizKeysPane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;
  gboolean           revealed;

  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  AdwPreferencesGroup *keylog_group;
  GtkListBox        *keylog_list;
  GtkListBox        *keys_list;
  GtkListBox        *schedule_list;
  HsvizKeyGraphView *graph_view;
  HsvizKeyGraphWindow *graph_window;   /* weak: the graph opened large, while it is open */
};

enum {
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HsvizKeysPane, hsviz_keys_pane, GTK_TYPE_WIDGET)

static void
add_key (GtkListBox *list,
         const char *title,
         GBytes     *bytes)
{
  g_autofree char *hex = NULL;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return;
  hex = hsviz_hex_encode_bytes (bytes);
  gtk_list_box_append (list, hsviz_pane_row_new (title, hex, TRUE));
}

static gint64
first_time_us (HsvizConnection *session)
{
  if (hsviz_connection_get_n_messages (session) == 0)
    return 0;
  return hsviz_message_get_time_us (hsviz_connection_get_message (session, 0));
}

static void
hsviz_keys_pane_rebuild (GtkWidget *widget)
{
  HsvizKeysPane *self = HSVIZ_KEYS_PANE (widget);
  HsvizConnection *session = self->watch.session;
  const HsvizSecrets *secrets;
  GPtrArray *schedule;
  gint64 t0;

  hsviz_pane_list_clear (self->keylog_list);
  hsviz_pane_list_clear (self->keys_list);
  hsviz_pane_list_clear (self->schedule_list);

  if (session == NULL || !hsviz_connection_has_secrets (session))
    {
      adw_status_page_set_description (self->empty_page,
                                       session != NULL && hsviz_connection_secrets_stripped (session)
                                       ? _("This session was saved without its secrets.")
                                       : _("No secret has been derived yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!self->revealed)
    {
      gtk_stack_set_visible_child_name (self->stack, "hidden");
      return;
    }

  secrets = hsviz_connection_get_secrets (session);
  t0 = first_time_us (session);
  /* an imported connection's secrets come from a key log, not from GnuTLS */
  adw_preferences_group_set_description (self->keylog_group,
                                         g_strcmp0 (hsviz_connection_get_source (session), "import") == 0
                                         ? _("The secrets of this connection in the capture's key log, in the order "
                                             "they came into use.")
                                         : _("The secrets as GnuTLS derived them, in order; what SSLKEYLOGFILE "
                                             "would hold."));

  for (guint i = 0; secrets->keylog != NULL && i < secrets->keylog->len; i++)
    {
      HsvizKeylogEntry *entry = g_ptr_array_index (secrets->keylog, i);
      g_autofree char *text = NULL;
      GtkWidget *row;

      text = g_strdup_printf (_("%s\nat %.3f ms, after %u handshake messages · client random %s"),
                              entry->secret,
                              (entry->time_us - t0) / 1000.0,
                              entry->after_message,
                              entry->client_random);
      /* The copy button copies the secret only. */
      row = hsviz_pane_row_new_full (entry->label, text, entry->secret);
      gtk_list_box_append (self->keylog_list, row);
    }

  add_key (self->keys_list, _("Pre-master secret"), secrets->pre_master_secret);
  add_key (self->keys_list, _("Master secret"), secrets->master_secret);
  add_key (self->keys_list, _("Resumption master secret"), secrets->resumption_master_secret);
  add_key (self->keys_list, _("Client write key"), secrets->client_write_key);
  add_key (self->keys_list, _("Server write key"), secrets->server_write_key);
  add_key (self->keys_list, _("Client write IV"), secrets->client_write_iv);
  add_key (self->keys_list, _("Server write IV"), secrets->server_write_iv);
  add_key (self->keys_list, _("Client write MAC key"), secrets->client_write_mac_key);
  add_key (self->keys_list, _("Server write MAC key"), secrets->server_write_mac_key);
  if (gtk_widget_get_first_child (GTK_WIDGET (self->keys_list)) == NULL)
    gtk_list_box_append (self->keys_list, hsviz_pane_row_new (_("None"), _("The record keys are not known yet."), FALSE));

  hsviz_key_graph_view_set_connection (self->graph_view, session);
  if (self->graph_window != NULL)
    hsviz_key_graph_window_set_connection (self->graph_window, session);
  schedule = hsviz_connection_get_key_schedule (session);
  for (guint i = 0; schedule != NULL && i < schedule->len; i++)
    {
      HsvizKeyScheduleEntry *entry = g_ptr_array_index (schedule, i);
      g_autofree char *text = g_strdup_printf ("%s\n%s%s%s", entry->formula ? entry->formula : "",
                                               entry->value ? entry->value : "",
                                               entry->note ? "\n" : "", entry->note ? entry->note : "");

      gtk_list_box_append (self->schedule_list, hsviz_pane_check_row_new (entry->name, text, entry->verified));
    }
  if (schedule == NULL || schedule->len == 0)
    gtk_list_box_append (self->schedule_list, hsviz_pane_row_new (_("None"), _("No key schedule was computed."), FALSE));

  gtk_stack_set_visible_child_name (self->stack, "shown");
}

static void
reveal_clicked_cb (HsvizKeysPane *self)
{
  hsviz_keys_pane_set_revealed (self, TRUE);
}

static void
hide_clicked_cb (HsvizKeysPane *self)
{
  hsviz_keys_pane_set_revealed (self, FALSE);
}

static void
hsviz_keys_pane_dispose (GObject *object)
{
  HsvizKeysPane *self = (HsvizKeysPane *)object;

  hsviz_connection_watch_clear (&self->watch);
  if (self->graph_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->graph_window));
  g_clear_weak_pointer (&self->graph_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_KEYS_PANE);

  G_OBJECT_CLASS (hsviz_keys_pane_parent_class)->dispose (object);
}

static void
hsviz_keys_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HsvizKeysPane *self = HSVIZ_KEYS_PANE (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, self->revealed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hsviz_keys_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HsvizKeysPane *self = HSVIZ_KEYS_PANE (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      hsviz_keys_pane_set_revealed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The graph in a window of its own (one per pane: presented again when open) */
static void
open_large_clicked_cb (HsvizKeysPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->graph_window == NULL)
    {
      HsvizKeyGraphWindow *window = hsviz_key_graph_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                self->graph_view);

      g_set_weak_pointer (&self->graph_window, window);
      hsviz_key_graph_window_set_connection (window, self->watch.session);
    }
  gtk_window_present (GTK_WINDOW (self->graph_window));
}

static void
hsviz_keys_pane_class_init (HsvizKeysPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_keys_pane_dispose;
  object_class->get_property = hsviz_keys_pane_get_property;
  object_class->set_property = hsviz_keys_pane_set_property;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HSVIZ_TYPE_KEY_GRAPH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-keys-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, keylog_group);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, keylog_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, keys_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, schedule_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizKeysPane, graph_view);
  gtk_widget_class_bind_template_callback (widget_class, reveal_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hide_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_large_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_keys_pane_init (HsvizKeysPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_keys_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_KEYS_PANE, NULL);
}

void
hsviz_keys_pane_set_connection (HsvizKeysPane *self,
                             HsvizConnection  *session)
{
  g_return_if_fail (HSVIZ_IS_KEYS_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_keys_pane_rebuild);
}

gboolean
hsviz_keys_pane_get_revealed (HsvizKeysPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEYS_PANE (self), FALSE);

  return self->revealed;
}

void
hsviz_keys_pane_set_revealed (HsvizKeysPane *self,
                              gboolean       revealed)
{
  g_return_if_fail (HSVIZ_IS_KEYS_PANE (self));

  revealed = !!revealed;
  if (self->revealed == revealed)
    return;

  self->revealed = revealed;
  hsviz_keys_pane_rebuild (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

/* The key schedule graph (its "node-selected" signal, its SVG export). */
HsvizKeyGraphView *
hsviz_keys_pane_get_graph_view (HsvizKeysPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEYS_PANE (self), NULL);

  return self->graph_view;
}

/* Opens the graph large (as its button does) and returns that window */
HsvizKeyGraphWindow *
hsviz_keys_pane_open_graph_window (HsvizKeysPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_KEYS_PANE (self), NULL);

  open_large_clicked_cb (self);
  return self->graph_window;
}
