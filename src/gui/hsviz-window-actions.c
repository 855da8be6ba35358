/* hsviz-window-actions.c — the window's actions: capture, files, exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

void
_hsviz_window_update_actions (HsvizWindow *self)
{
  gboolean capturing = self->capture != NULL;
  gboolean have = self->connection != NULL && !capturing;
  GPtrArray *certs = have ? hsviz_connection_get_certificates (self->connection) : NULL;
  GtkWidget *capture_button = GTK_WIDGET (self->capture_button);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", capturing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture", !capturing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture-demo", !capturing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture-resume", !capturing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rerun", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-without-secrets", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-diagram", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.presenter", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-keylog",
                                 have && hsviz_session_has_secrets (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pem", certs != NULL && certs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pcapng",
                                 have && hsviz_connection_get_records (self->connection)->len > 0);
  _hsviz_window_import_update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-error-details", self->last_error != NULL);

  adw_split_button_set_label (self->capture_button, capturing ? _("_Cancel") : _("_Capture"));
  if (capturing)
    {
      gtk_widget_remove_css_class (capture_button, "suggested-action");
      gtk_widget_add_css_class (capture_button, "destructive-action");
      gtk_widget_set_tooltip_text (capture_button, _("Stop the capture (Escape)"));
    }
  else
    {
      gtk_widget_remove_css_class (capture_button, "destructive-action");
      gtk_widget_add_css_class (capture_button, "suggested-action");
      gtk_widget_set_tooltip_text (capture_button, _("Connect and capture the handshake (Ctrl+Return)"));
    }
}

/* ---- capture ---- */

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _hsviz_window_start_capture (HSVIZ_WINDOW (widget), FALSE);
}

static void
capture_demo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  _hsviz_window_start_capture (HSVIZ_WINDOW (widget), TRUE);
}

static void
capture_resume_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _hsviz_window_start_capture_resume (HSVIZ_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
capture_or_cancel_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->capture != NULL)
    cancel_action (widget, NULL, NULL);
  else
    _hsviz_window_start_capture (self, FALSE);
}

static void
set_target_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->target_entry), g_variant_get_string (param, NULL));
  _hsviz_window_start_capture (self, FALSE);
}

static void
focus_target_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->target_entry));
}

static void
show_error_details_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->last_error == NULL)
    return;

  if (self->last_failed_at != NULL)
    body = g_strdup_printf (_("The handshake failed %s.\n\n%s"), self->last_failed_at, self->last_error);
  else
    body = g_strdup (self->last_error);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Capture Failed"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- layout ---- */

static void
toggle_panes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  /* Beside the diagram the panes always show; over it they come and go. */
  if (adw_flap_get_folded (self->pane_flap))
    adw_flap_set_reveal_flap (self->pane_flap, !adw_flap_get_reveal_flap (self->pane_flap));
}

/* ---- choosers ---- */

static void
chooser_done (HsvizWindow *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static GtkFileFilter *
session_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Handshake sessions"));
  gtk_file_filter_add_mime_type (filter, HSVIZ_SESSION_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "handshake");
  return filter;
}

static GtkFileFilter *
capture_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Packet captures (pcap, pcapng)"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (filter, "application/x-pcapng");
  gtk_file_filter_add_suffix (filter, "pcap");
  gtk_file_filter_add_suffix (filter, "pcapng");
  gtk_file_filter_add_suffix (filter, "cap");
  return filter;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  HsvizWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        hsviz_window_open_file (self, file);
    }
  chooser_done (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) sessions = session_filter_new ();
  g_autoptr(GtkFileFilter) captures = capture_filter_new ();

  gtk_file_filter_set_name (all, _("Sessions and packet captures"));
  gtk_file_filter_add_mime_type (all, HSVIZ_SESSION_MIME_TYPE);
  gtk_file_filter_add_suffix (all, "handshake");
  gtk_file_filter_add_mime_type (all, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (all, "application/x-pcapng");
  gtk_file_filter_add_suffix (all, "pcap");
  gtk_file_filter_add_suffix (all, "pcapng");
  gtk_file_filter_add_suffix (all, "cap");
  chooser_done (self);
  self->chooser = gtk_file_chooser_native_new (_("Open a Session or a Capture"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), sessions);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), captures);
  g_signal_connect (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));

  hsviz_window_open_file (HSVIZ_WINDOW (widget), file);
}

gboolean
_hsviz_window_write_export (HsvizWindow      *self,
                            HsvizExportKind   kind,
                            const char       *format,
                            GFile            *file,
                            GError          **error)
{
  switch (kind)
    {
    case HSVIZ_EXPORT_WITH_SECRETS:
    case HSVIZ_EXPORT_WITHOUT_SECRETS:
      if (!hsviz_session_save (self->session, file, kind == HSVIZ_EXPORT_WITH_SECRETS, NULL, error))
        return FALSE;
      if (kind == HSVIZ_EXPORT_WITH_SECRETS)
        {
          g_set_object (&self->file, file);
          self->unsaved = FALSE;
        }
      {
        g_autofree char *uri = g_file_get_uri (file);

        gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
      }
      return TRUE;

    case HSVIZ_EXPORT_DIAGRAM:
      return hsviz_sequence_view_export (self->sequence_view, file, format, error);

    case HSVIZ_EXPORT_KEY_GRAPH:
      return hsviz_key_graph_view_export_svg (hsviz_keys_pane_get_graph_view (self->keys_pane), file, error);

    case HSVIZ_EXPORT_KEYLOG:
      return hsviz_export_keylog (self->session, file, NULL, error);

    case HSVIZ_EXPORT_PEM:
      return hsviz_export_pem (self->connection, file, NULL, error);

    case HSVIZ_EXPORT_PCAPNG:
      {
        gboolean with_secrets = FALSE;

        if (!hsviz_export_pcapng (self->session, file, &with_secrets, NULL, error))
          return FALSE;
        if (!with_secrets)
          hsviz_window_add_toast (self, _("No key log in this session: the capture holds no secrets, so Wireshark "
                                          "will not decrypt it"));
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  HsvizWindow     *self)
{
  HsvizExportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "hsviz-kind"));
  const char *format = g_object_get_data (G_OBJECT (dialog), "hsviz-format");
  gboolean saved = FALSE;

  if (response == GTK_RESPONSE_ACCEPT && self->connection != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      g_autofree char *name = file ? g_file_get_basename (file) : NULL;
      g_autofree char *message = NULL;

      if (file == NULL)
        ;
      else if (!_hsviz_window_write_export (self, kind, format, file, &error))
        message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      else
        {
          message = g_strdup_printf (_("Saved “%s”"), name);
          saved = TRUE;
        }
      if (message != NULL)
        hsviz_window_add_toast (self, message);
    }
  chooser_done (self);
  if (kind == HSVIZ_EXPORT_WITH_SECRETS)
    _hsviz_window_save_finished (self, saved);
}

static void
save_as (HsvizWindow *self,
         HsvizExportKind     kind,
         const char  *format,
         const char  *title)
{
  const HsvizTarget *target = hsviz_connection_get_target (self->connection);
  const char *host = target != NULL && target->host != NULL ? target->host : "session";
  g_autofree char *suggested = NULL;

  switch (kind)
    {
    case HSVIZ_EXPORT_WITH_SECRETS:
      suggested = g_strdup_printf ("%s.handshake", host);
      break;
    case HSVIZ_EXPORT_WITHOUT_SECRETS:
      suggested = g_strdup_printf ("%s-no-secrets.handshake", host);
      break;
    case HSVIZ_EXPORT_DIAGRAM:
      suggested = g_strdup_printf ("%s-handshake.%s", host, format);
      break;
    case HSVIZ_EXPORT_KEY_GRAPH:
      suggested = g_strdup_printf ("%s-key-schedule.svg", host);
      break;
    case HSVIZ_EXPORT_KEYLOG:
      suggested = g_strdup_printf ("%s.keylog", host);
      break;
    case HSVIZ_EXPORT_PEM:
      suggested = g_strdup_printf ("%s-chain.pem", host);
      break;
    case HSVIZ_EXPORT_PCAPNG:
      suggested = g_strdup_printf ("%s.pcapng", host);
      break;
    default:
      g_assert_not_reached ();
    }

  chooser_done (self);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  if (kind == HSVIZ_EXPORT_WITH_SECRETS || kind == HSVIZ_EXPORT_WITHOUT_SECRETS)
    {
      g_autoptr(GtkFileFilter) filter = session_filter_new ();

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }
  g_object_set_data (G_OBJECT (self->chooser), "hsviz-kind", GUINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (self->chooser), "hsviz-format", g_strdup (format), g_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_hsviz_window_save (HsvizWindow *self)
{
  if (self->session == NULL)
    return;

  if (self->file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_object_ref (self->file);
      gboolean saved = _hsviz_window_write_export (self, HSVIZ_EXPORT_WITH_SECRETS, NULL, file, &error);

      if (!saved)
        {
          g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);

          hsviz_window_add_toast (self, message);
        }
      else
        hsviz_window_add_toast (self, _("Saved"));
      _hsviz_window_save_finished (self, saved);
      return;
    }

  save_as (self, HSVIZ_EXPORT_WITH_SECRETS, NULL, _("Save Session"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _hsviz_window_save (HSVIZ_WINDOW (widget));
}

static void
save_without_secrets_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->connection != NULL)
    save_as (self, HSVIZ_EXPORT_WITHOUT_SECRETS, NULL, _("Save Session Without Secrets"));
}

static void
export_diagram_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->connection != NULL)
    save_as (self, HSVIZ_EXPORT_DIAGRAM, g_variant_get_string (param, NULL), _("Export Diagram"));
}

static void
export_key_graph_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->connection != NULL)
    save_as (self, HSVIZ_EXPORT_KEY_GRAPH, "svg", _("Export Key Schedule Graph"));
}

static void
export_keylog_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->connection != NULL)
    save_as (self, HSVIZ_EXPORT_KEYLOG, NULL, _("Export NSS Key Log"));
}

static void
export_pem_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->connection != NULL)
    save_as (self, HSVIZ_EXPORT_PEM, NULL, _("Export Certificate Chain"));
}

static void
export_pcapng_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->session != NULL)
    save_as (self, HSVIZ_EXPORT_PCAPNG, NULL, _("Export as Capture (pcapng)"));
}

static void
cafile_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HsvizWindow     *self)
{
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    _hsviz_window_set_cafile (self, path);
  chooser_done (self);
  _hsviz_window_rerun_chosen (self, path != NULL);
}

void
_hsviz_window_choose_cafile (HsvizWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

  chooser_done (self);
  self->chooser = gtk_file_chooser_native_new (_("Trust These Authorities"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (cafile_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_cafile_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _hsviz_window_choose_cafile (HSVIZ_WINDOW (widget));
}

static void
clear_cafile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  _hsviz_window_set_cafile (HSVIZ_WINDOW (widget), NULL);
}

/* ---- compare ---- */

void
_hsviz_window_compare (HsvizWindow     *self,
                       HsvizConnection *a,
                       HsvizConnection *b)
{
  gtk_window_present (GTK_WINDOW (hsviz_compare_window_new (GTK_WINDOW (self), a, b)));
}

static void
compare_previous_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);

  if (self->replaced_connection != NULL && self->connection != NULL)
    _hsviz_window_compare (self, self->replaced_connection, self->connection);
}

static void
compare_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     HsvizWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->connection != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      g_autoptr(HsvizSession) other = file != NULL ? hsviz_session_load (file, NULL, &error) : NULL;

      /* the shown connection against the file's first */
      if (other != NULL)
        _hsviz_window_compare (self, self->connection, hsviz_session_get_connection (other, 0));
      else if (error != NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

          hsviz_window_add_toast (self, message);
        }
    }
  chooser_done (self);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = session_filter_new ();

  chooser_done (self);
  self->chooser = gtk_file_chooser_native_new (_("Compare With a Session"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (compare_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_hsviz_window_class_actions_init (HsvizWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "win.capture-demo", NULL, capture_demo_action);
  gtk_widget_class_install_action (widget_class, "win.capture-resume", NULL, capture_resume_action);
  gtk_widget_class_install_action (widget_class, "win.rerun", "s", _hsviz_window_rerun_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.capture-or-cancel", NULL, capture_or_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.set-target", "s", set_target_action);
  gtk_widget_class_install_action (widget_class, "win.focus-target", NULL, focus_target_action);
  gtk_widget_class_install_action (widget_class, "win.show-error-details", NULL, show_error_details_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panes", NULL, toggle_panes_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.compare-previous", NULL, compare_previous_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-without-secrets", NULL, save_without_secrets_action);
  gtk_widget_class_install_action (widget_class, "win.export-diagram", "s", export_diagram_action);
  gtk_widget_class_install_action (widget_class, "win.export-keylog", NULL, export_keylog_action);
  gtk_widget_class_install_action (widget_class, "win.export-key-graph", NULL, export_key_graph_action);
  gtk_widget_class_install_action (widget_class, "win.export-pem", NULL, export_pem_action);
  gtk_widget_class_install_action (widget_class, "win.export-pcapng", NULL, export_pcapng_action);
  _hsviz_window_import_class_init (widget_class);
  _hsviz_window_client_cert_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.choose-cafile", NULL, choose_cafile_action);
  gtk_widget_class_install_action (widget_class, "win.clear-cafile", NULL, clear_cafile_action);
}
