/* hsviz-step-pane.c — what the selected step does, on the negotiated protocol
 *
 * Every word comes from the core (hsviz_step_title / hsviz_step_explain); the pane only lays
 * them out and lists the messages the core assigned to the step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-pane-util.h"
#include "hsviz-step-pane.h"

struct _HsvizStepPane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;
  guint              step;

  GtkStack          *stack;
  GtkLabel          *number_label;
  GtkLabel          *title_label;
  GtkLabel          *protocol_label;
  GtkLabel          *explain_label;
  GtkWidget         *messages_group;
  GtkListBox        *messages_list;
};

G_DEFINE_FINAL_TYPE (HsvizStepPane, hsviz_step_pane, GTK_TYPE_WIDGET)

static void
hsviz_step_pane_rebuild (GtkWidget *widget)
{
  HsvizStepPane *self = HSVIZ_STEP_PANE (widget);
  HsvizConnection *session = self->watch.session;
  guint16 version = 0;
  HsvizKeyExchange kx = HSVIZ_KX_UNKNOWN;
  g_autofree char *number = NULL;
  g_autofree char *protocol = NULL;
  guint n_rows = 0;

  if (self->step < 1 || self->step > HSVIZ_N_STEPS)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  if (session != NULL)
    {
      version = hsviz_connection_get_version (session);
      kx = hsviz_connection_get_key_exchange (session);
    }

  /* Translators: "Step 3 of 6" */
  number = g_strdup_printf (_("Step %u of %u"), self->step, (guint)HSVIZ_N_STEPS);
  gtk_label_set_label (self->number_label, number);
  gtk_label_set_label (self->title_label, hsviz_step_title (self->step));

  if (version != 0)
    {
      /* Translators: "On this connection: TLS 1.3, key exchange ECDHE" */
      protocol = g_strdup_printf (_("On this connection: %s, key exchange %s"),
                                  hsviz_version_display_name (version),
                                  hsviz_key_exchange_name (kx));
    }
  else
    protocol = g_strdup (_("The protocol is not known yet."));
  gtk_label_set_label (self->protocol_label, protocol);
  gtk_label_set_label (self->explain_label, hsviz_step_explain (self->step, version, kx));

  hsviz_pane_list_clear (self->messages_list);
  if (session != NULL)
    {
      guint n = hsviz_connection_get_n_messages (session);

      for (guint i = 0; i < n; i++)
        {
          HsvizMessage *message = hsviz_connection_get_message (session, i);
          g_autofree char *subtitle = NULL;
          GtkWidget *row;

          if ((guint)hsviz_message_get_step (message) != self->step)
            continue;

          subtitle = g_strdup_printf (hsviz_message_get_direction (message) == HSVIZ_DIRECTION_CLIENT
                                      ? _("Message %u · client → server · %zu bytes")
                                      : _("Message %u · server → client · %zu bytes"),
                                      hsviz_message_get_index (message) + 1,
                                      g_bytes_get_size (hsviz_message_get_bytes (message)));
          row = hsviz_pane_row_new (hsviz_message_get_type_name (message), subtitle, FALSE);
          gtk_list_box_append (self->messages_list, row);
          n_rows++;
        }
    }
  /* Local actions the core places in this step (nothing is sent for them). */
  if (session != NULL && version != 0)
    {
      static const struct { HsvizAction action; const char *title; const char *what; } actions[] = {
        { HSVIZ_ACTION_VERIFY_CERTIFICATE, N_("Verify the certificate"),
          N_("Local action of the client: checks the chain’s name, dates and issuer.") },
        { HSVIZ_ACTION_PRE_MASTER, N_("Pre-master secret"),
          N_("Local action: the pre-master or (EC)DHE shared secret is computed.") },
        { HSVIZ_ACTION_MASTER_SECRET, N_("Master secret"),
          N_("Local action on both sides: the master secret (TLS 1.3: the key schedule) is computed.") },
        { HSVIZ_ACTION_SESSION_KEYS, N_("Session keys"),
          N_("Local action on both sides: the write keys and IVs are derived.") },
      };

      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        if ((guint)hsviz_connection_step_for_action (session, actions[i].action) == self->step)
          {
            gtk_list_box_append (self->messages_list,
                                 hsviz_pane_row_new (_(actions[i].title), _(actions[i].what), FALSE));
            n_rows++;
          }
    }

  if (n_rows == 0)
    gtk_list_box_append (self->messages_list,
                         hsviz_pane_row_new (_("No handshake message"),
                                             _("Nothing of this step crossed the wire as a handshake message on this connection."),
                                             FALSE));

  gtk_stack_set_visible_child_name (self->stack, "step");
}

static void
hsviz_step_pane_dispose (GObject *object)
{
  HsvizStepPane *self = (HsvizStepPane *)object;

  hsviz_connection_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_STEP_PANE);

  G_OBJECT_CLASS (hsviz_step_pane_parent_class)->dispose (object);
}

static void
hsviz_step_pane_class_init (HsvizStepPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_step_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-step-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, number_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, protocol_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, explain_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, messages_group);
  gtk_widget_class_bind_template_child (widget_class, HsvizStepPane, messages_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_step_pane_init (HsvizStepPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_step_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_STEP_PANE, NULL);
}

void
hsviz_step_pane_set_session (HsvizStepPane *self,
                             HsvizConnection  *session)
{
  g_return_if_fail (HSVIZ_IS_STEP_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_step_pane_rebuild);
}

void
hsviz_step_pane_set_step (HsvizStepPane *self,
                          guint          step)
{
  g_return_if_fail (HSVIZ_IS_STEP_PANE (self));

  if (step > HSVIZ_N_STEPS)
    step = 0;
  if (self->step == step)
    return;

  self->step = step;
  hsviz_step_pane_rebuild (GTK_WIDGET (self));
}

guint
hsviz_step_pane_get_step (HsvizStepPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_STEP_PANE (self), 0);

  return self->step;
}
