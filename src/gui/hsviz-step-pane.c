/* hsviz-step-pane.c — what the selected step does, on the negotiated protocol
 *
 * Every word comes from the core (hsviz_step_title / hsviz_step_explain); the pane only lays
 * them out and lists the messages and local actions the core's timeline puts in the step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <inttypes.h>
#include <string.h>

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
  g_autofree char *note = NULL;
  g_autofree char *explain = NULL;
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
  note = session != NULL ? hsviz_connection_dup_step_note (session, self->step) : NULL;
  explain = note != NULL ? g_strdup_printf ("%s\n\n%s", hsviz_step_explain (self->step, version, kx), note)
                         : g_strdup (hsviz_step_explain (self->step, version, kx));
  gtk_label_set_label (self->explain_label, explain);

  hsviz_pane_list_clear (self->messages_list);
  /* STARTTLS: what was said in clear comes before step 1 */
  if (session != NULL && self->step == HSVIZ_STEP_CLIENT_HELLO && hsviz_connection_get_starttls (session) != NULL)
    {
      GPtrArray *said = hsviz_connection_get_cleartext (session);

      for (guint i = 0; i < said->len; i++)
        {
          const HsvizClearText *t = g_ptr_array_index (said, i);
          g_autofree char *first = g_strndup (t->text, strcspn (t->text, "\r\n"));

          gtk_list_box_append (self->messages_list,
                               hsviz_pane_row_new (first,
                                                   t->direction == HSVIZ_DIRECTION_CLIENT
                                                   ? _("In clear, before TLS · client → server")
                                                   : _("In clear, before TLS · server → client"),
                                                   FALSE));
          n_rows++;
        }
    }

  /* The step's messages and local actions, in the order of the core's timeline. */
  if (session != NULL)
    {
      HsvizTimeline *timeline = hsviz_connection_get_timeline (session);
      guint n = hsviz_timeline_get_n_items (timeline);

      for (guint i = 0; i < n; i++)
        {
          HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
          HsvizTimelineKind kind = hsviz_timeline_item_get_kind (item);
          g_autofree char *subtitle = NULL;

          if ((guint)hsviz_timeline_item_get_step (item) != self->step)
            continue;
          if (kind == HSVIZ_TIMELINE_MESSAGE)
            subtitle = g_strdup_printf (hsviz_timeline_item_get_direction (item) == HSVIZ_DIRECTION_CLIENT
                                        ? _("Message %u · client → server · %" PRIu64 " bytes")
                                        : _("Message %u · server → client · %" PRIu64 " bytes"),
                                        hsviz_timeline_item_get_message_index (item) + 1,
                                        hsviz_timeline_item_get_size (item));
          else if (kind == HSVIZ_TIMELINE_ACTION)
            subtitle = g_strdup_printf (hsviz_timeline_item_get_sides (item) == HSVIZ_TIMELINE_SIDE_BOTH
                                        ? _("Local action on both sides: %s")
                                        : hsviz_timeline_item_get_sides (item) == HSVIZ_TIMELINE_SIDE_SERVER
                                        ? _("Local action of the server: %s")
                                        : _("Local action of the client: %s"),
                                        hsviz_timeline_item_get_detail (item));
          else
            continue;
          gtk_list_box_append (self->messages_list,
                               hsviz_pane_row_new (hsviz_timeline_item_get_label (item), subtitle, FALSE));
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
hsviz_step_pane_set_connection (HsvizStepPane *self,
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
