/* hsviz-window-client-cert.c — the connection options' client certificate: a file chooser for
 * the certificate (PEM or PKCS#12), a second one for a PEM certificate's key, and a password
 * dialog for PKCS#12.  The password lives in this window only, is wiped when replaced, and is
 * never saved anywhere.  A rerun that waits for a certificate (hsviz-window-rerun.c) is told
 * when the choice ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

static void
wipe_password (HsvizWindow *self)
{
  if (self->client_password != NULL)
    memset (self->client_password, 0, strlen (self->client_password));
  g_clear_pointer (&self->client_password, g_free);
}

static void
set_client_cert (HsvizWindow *self,
                 const char  *cert,
                 const char  *key)
{
  g_autofree char *name = cert != NULL ? g_path_get_basename (cert) : NULL;

  g_free (self->client_cert);
  self->client_cert = g_strdup (cert);
  g_free (self->client_key);
  self->client_key = g_strdup (key);
  if (cert == NULL)
    wipe_password (self);
  gtk_label_set_label (self->client_cert_label, name != NULL ? name : _("None"));
}

void
_hsviz_window_client_cert_options (HsvizWindow         *self,
                                   HsvizCaptureOptions *options)
{
  if (self->client_cert == NULL)
    return;
  options->cert = g_strdup (self->client_cert);
  options->key = g_strdup (self->client_key);
  options->password = g_strdup (self->client_password);
}

void
_hsviz_window_client_cert_dispose (HsvizWindow *self)
{
  set_client_cert (self, NULL, NULL);
}

static GtkFileChooserNative *
new_chooser (HsvizWindow *self,
             const char  *title)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Select"), _("_Cancel"));
  return self->chooser;
}

static char *
chosen_path (GtkNativeDialog *dialog,
             int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HsvizWindow      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *cert = g_object_get_data (G_OBJECT (dialog), "cert");

  if (g_strcmp0 (response, "use") == 0)
    {
      set_client_cert (self, cert, NULL);
      wipe_password (self);
      self->client_password = g_strdup (gtk_editable_get_text (entry));
    }
  gtk_editable_set_text (entry, "");
  /* GTK 4.8: a GtkPasswordEntry that still has the focus when its dialog is destroyed gets a
   * focus notification after it is freed */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  _hsviz_window_rerun_chosen (self, g_strcmp0 (response, "use") == 0);
}

static void
ask_password (HsvizWindow *self,
              const char  *cert)
{
  g_autofree char *name = g_path_get_basename (cert);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Password of the Client Certificate"), NULL);
  GtkWidget *entry = gtk_password_entry_new ();

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” is a PKCS#12 file: its key is protected by a password. "
                                    "HandshakeViz keeps it only while this window is open."), name);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "use", _("_Use Certificate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "use");
  g_object_set_data_full (G_OBJECT (dialog), "cert", g_strdup (cert), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
key_response_cb (GtkNativeDialog *dialog,
                 int              response,
                 HsvizWindow     *self)
{
  g_autofree char *key = chosen_path (dialog, response);
  g_autofree char *cert = g_strdup (g_object_get_data (G_OBJECT (dialog), "cert"));

  /* no key chosen: it is in the certificate's file */
  set_client_cert (self, cert, key);
  _hsviz_window_rerun_chosen (self, TRUE);
}

static void
cert_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  HsvizWindow     *self)
{
  g_autofree char *cert = chosen_path (dialog, response);
  GtkFileChooserNative *chooser;

  if (cert == NULL)
    {
      _hsviz_window_rerun_chosen (self, FALSE);
      return;
    }
  if (hsviz_capture_client_cert_is_pkcs12 (cert))
    {
      ask_password (self, cert);
      return;
    }
  chooser = new_chooser (self, _("Its Private Key (Cancel: in the Same File)"));
  g_object_set_data_full (G_OBJECT (chooser), "cert", g_strdup (cert), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (key_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_hsviz_window_choose_client_cert (HsvizWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Certificates (PEM, PKCS#12)"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_suffix (filter, "p12");
  gtk_file_filter_add_suffix (filter, "pfx");
  chooser = new_chooser (self, _("Client Certificate"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (cert_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_client_cert_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  _hsviz_window_choose_client_cert (HSVIZ_WINDOW (widget));
}

static void
clear_client_cert_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  set_client_cert (HSVIZ_WINDOW (widget), NULL, NULL);
}

void
_hsviz_window_client_cert_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.choose-client-cert", NULL, choose_client_cert_action);
  gtk_widget_class_install_action (widget_class, "win.clear-client-cert", NULL, clear_client_cert_action);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, client_cert_label);
  gtk_widget_class_bind_template_child (widget_class, HsvizWindow, alpn_entry);
}
