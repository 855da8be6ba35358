/* hsviz-randoms-pane.c — client and server randoms, session ids, sentinels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-pane-util.h"
#include "hsviz-randoms-pane.h"

struct _HsvizRandomsPane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;

  GtkWidget         *scroller;
  GtkListBox        *randoms_list;
  GtkListBox        *session_id_list;
  GtkListBox        *special_list;
};

G_DEFINE_FINAL_TYPE (HsvizRandomsPane, hsviz_randoms_pane, GTK_TYPE_WIDGET)

static void
add_session_id (HsvizRandomsPane *self,
                HsvizConnection  *session,
                HsvizDirection    sender,
                const char       *title)
{
  g_autofree char *hex = session != NULL ? hsviz_connection_dup_session_id_hex (session, sender) : NULL;

  if (hex == NULL)
    return;
  gtk_list_box_append (self->session_id_list,
                       hsviz_pane_row_new (title, *hex != '\0' ? hex : _("(empty)"), *hex != '\0'));
}

static void
hsviz_randoms_pane_rebuild (GtkWidget *widget)
{
  HsvizRandomsPane *self = HSVIZ_RANDOMS_PANE (widget);
  HsvizConnection *session = self->watch.session;
  const guint8 *client_random = NULL;
  const guint8 *server_random = NULL;
  g_autofree char *client_hex = NULL;
  g_autofree char *server_hex = NULL;

  hsviz_pane_list_clear (self->randoms_list);
  hsviz_pane_list_clear (self->session_id_list);
  hsviz_pane_list_clear (self->special_list);

  if (session != NULL)
    {
      client_random = hsviz_connection_get_client_random (session);
      server_random = hsviz_connection_get_server_random (session);
    }
  if (client_random != NULL)
    client_hex = hsviz_hex_encode (client_random, 32);
  if (server_random != NULL)
    server_hex = hsviz_hex_encode (server_random, 32);

  gtk_list_box_append (self->randoms_list,
                       hsviz_pane_row_new (_("Client random (ClientHello)"),
                                           client_hex ? client_hex : _("not received yet"), client_hex != NULL));
  gtk_list_box_append (self->randoms_list,
                       hsviz_pane_row_new (_("Server random (ServerHello)"),
                                           server_hex ? server_hex : _("not received yet"), server_hex != NULL));

  add_session_id (self, session, HSVIZ_DIRECTION_CLIENT, _("Client’s session id"));
  add_session_id (self, session, HSVIZ_DIRECTION_SERVER, _("Server’s session id"));

  if (server_random != NULL)
    {
      g_autofree char *text = hsviz_connection_dup_downgrade_text (session);

      gtk_list_box_append (self->special_list,
                           hsviz_pane_row_new (_("Downgrade sentinel (RFC 8446 §4.1.3)"), text, FALSE));
    }

  if (session != NULL && hsviz_connection_had_hello_retry (session))
    {
      g_autofree char *magic = hsviz_hex_encode (hsviz_hello_retry_request_random, 32);
      g_autofree char *text = g_strdup_printf (_("The server answered the first ClientHello with a HelloRetryRequest: "
                                                 "a ServerHello whose random is the fixed value %s "
                                                 "(SHA-256 of “HelloRetryRequest”). It names the group the server wants; "
                                                 "the client sends a second ClientHello with a key share for it."),
                                               magic);

      gtk_list_box_append (self->special_list, hsviz_pane_row_new (_("HelloRetryRequest"), text, FALSE));
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->special_list)) == NULL)
    gtk_list_box_append (self->special_list, hsviz_pane_row_new (_("None"), _("No server random yet."), FALSE));
}

static void
hsviz_randoms_pane_dispose (GObject *object)
{
  HsvizRandomsPane *self = (HsvizRandomsPane *)object;

  hsviz_connection_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_RANDOMS_PANE);

  G_OBJECT_CLASS (hsviz_randoms_pane_parent_class)->dispose (object);
}

static void
hsviz_randoms_pane_class_init (HsvizRandomsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_randoms_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-randoms-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizRandomsPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, HsvizRandomsPane, randoms_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizRandomsPane, session_id_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizRandomsPane, special_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_randoms_pane_init (HsvizRandomsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_randoms_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_RANDOMS_PANE, NULL);
}

void
hsviz_randoms_pane_set_connection (HsvizRandomsPane *self,
                                HsvizConnection     *session)
{
  g_return_if_fail (HSVIZ_IS_RANDOMS_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_randoms_pane_rebuild);
}
