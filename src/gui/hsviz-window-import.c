/* hsviz-window-import.c — opening a packet capture: the import in a thread with progress and
 * cancel, a list of its connections to pick from, a key-log chooser when the capture carries
 * no key log, and Export as pcapng
 *
 * Everything shown comes from the core (hsviz-import.h): the window only presents it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

typedef struct
{
  GFile        *file;
  char         *keylog;
  GMainContext *context;       /* the window's, where progress is shown */
  GWeakRef      window;
} ImportJob;

typedef struct
{
  GWeakRef window;
  double   fraction;
} Progress;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_object_unref (job->file);
  g_free (job->keylog);
  g_main_context_unref (job->context);
  g_weak_ref_clear (&job->window);
  g_free (job);
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_weak_ref_clear (&p->window);
  g_free (p);
}

static gboolean
show_progress_cb (gpointer data)
{
  Progress *p = data;
  g_autoptr(HsvizWindow) self = g_weak_ref_get (&p->window);

  if (self != NULL && self->import_progress != NULL)
    gtk_progress_bar_set_fraction (self->import_progress, p->fraction);
  return G_SOURCE_REMOVE;
}

/* On the import thread: posted to the window's context. */
static void
import_progress_cb (gint64   done,
                    gint64   total,
                    gpointer user_data)
{
  ImportJob *job = user_data;
  Progress *p = g_new0 (Progress, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_weak_ref_init (&p->window, NULL);
  {
    g_autoptr(GObject) window = g_weak_ref_get (&job->window);

    g_weak_ref_set (&p->window, window);
  }
  p->fraction = total > 0 ? CLAMP ((double) done / (double) total, 0.0, 1.0) : 0.0;
  g_source_set_callback (source, show_progress_cb, p, progress_free);
  g_source_attach (source, job->context);
}

static void
import_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr(GError) error = NULL;
  HsvizImportOptions options = { 0 };
  HsvizImportResult *result;

  if (path == NULL)
    {
      g_task_return_new_error (task, HSVIZ_ERROR, HSVIZ_ERROR_IO, "%s", _("Only local captures can be imported"));
      return;
    }
  options.progress = import_progress_cb;
  options.user_data = job;
  result = hsviz_import_file (path, job->keylog, &options, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) hsviz_import_result_free);
}

static void
close_progress (HsvizWindow *self)
{
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  self->import_dialog = NULL;
  self->import_progress = NULL;
}

static void
pick_activate_cb (GtkListView *view,
                  guint        position,
                  HsvizWindow *self)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (view), ADW_TYPE_MESSAGE_DIALOG);

  if (self->imported != NULL && position < self->imported->len)
    {
      HsvizConnection *connection = g_ptr_array_index (self->imported, position);

      hsviz_window_set_connection (self, position);
      _hsviz_window_show_settings (self, connection);
    }
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
pick_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
pick_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  HsvizConnection *connection = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *title_text = hsviz_import_dup_connection_title (connection);
  g_autofree char *subtitle_text = hsviz_import_dup_connection_description (connection);

  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), subtitle_text);
}

/* The imported connections, one row each (client → server; SNI, version, suite, outcome): a
 * list view, so that only the rows on screen are made (a capture may hold thousands). */
void
_hsviz_window_pick_connection (HsvizWindow *self)
{
  GtkWidget *dialog, *view, *scrolled;
  GListStore *store;
  GtkListItemFactory *factory;
  g_autofree char *body = NULL;

  if (self->imported == NULL || self->imported->len == 0)
    return;
  body = g_strdup_printf (ngettext ("The capture holds %u TLS connection. Pick the one to show.",
                                    "The capture holds %u TLS connections. Pick the one to show.",
                                    self->imported->len), self->imported->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Connections in the Capture"), body);
  store = g_list_store_new (HSVIZ_TYPE_CONNECTION);
  g_list_store_splice (store, 0, 0, self->imported->pdata, self->imported->len);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (pick_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (pick_bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (store))), factory);
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (view), TRUE);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "card");
  g_signal_connect_object (view, "activate", G_CALLBACK (pick_activate_cb), self, 0);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
keylog_toast_cb (AdwToast    *toast,
                 HsvizWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.import-keylog", NULL);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  HsvizWindow *self = HSVIZ_WINDOW (object);
  ImportJob *job = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizImportResult) result = g_task_propagate_pointer (G_TASK (res), &error);

  self->n_loading--;
  if (self->disposed)
    return;
  close_progress (self);
  g_clear_object (&self->import_cancellable);
  if (result == NULL)
    {
      g_autofree char *name = g_file_get_basename (job->file);
      g_autofree char *message = NULL;

      if (g_error_matches (error, HSVIZ_ERROR, HSVIZ_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
      hsviz_window_add_toast (self, message);
      return;
    }

  g_clear_pointer (&self->imported, g_ptr_array_unref);
  self->imported = g_ptr_array_ref (result->connections);
  g_set_object (&self->import_file, job->file);
  g_clear_object (&self->file);   /* Save asks where: a capture is not a session file */
  hsviz_window_set_session (self, hsviz_import_result_get_session (result));
  _hsviz_window_show_settings (self, g_ptr_array_index (self->imported, 0));
  _hsviz_window_update_actions (self);

  if (result->keylog_lines == 0)
    {
      AdwToast *toast = adw_toast_new (_("The capture carries no key log: what TLS encrypts is not shown"));

      adw_toast_set_button_label (toast, _("Choose _Key Log…"));
      adw_toast_set_timeout (toast, 0);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (keylog_toast_cb), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  if (self->imported->len > 1)
    _hsviz_window_pick_connection (self);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HsvizWindow      *self)
{
  /* the dialog closes itself; the import ends with HSVIZ_ERROR_CANCELLED */
  self->import_dialog = NULL;
  self->import_progress = NULL;
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

void
_hsviz_window_import_capture (HsvizWindow *self,
                              GFile       *file,
                              const char  *keylog)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job = g_new0 (ImportJob, 1);
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *bar;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  close_progress (self);
  self->import_cancellable = g_cancellable_new ();

  job->file = g_object_ref (file);
  job->keylog = g_strdup (keylog);
  job->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->window, self);

  self->import_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Importing the Capture"),
                                                                    name));
  bar = gtk_progress_bar_new ();
  self->import_progress = GTK_PROGRESS_BAR (bar);
  adw_message_dialog_set_extra_child (self->import_dialog, bar);
  adw_message_dialog_add_response (self->import_dialog, "cancel", _("_Cancel"));
  g_signal_connect_object (self->import_dialog, "response", G_CALLBACK (progress_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));

  self->n_loading++;
  task = g_task_new (self, self->import_cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, _hsviz_window_import_capture);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_thread_cb);
}

/* ---- actions ---- */

static void
keylog_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HsvizWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->import_file != NULL)
    {
      g_autoptr(GFile) keylog = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = keylog != NULL ? g_file_get_path (keylog) : NULL;

      if (path != NULL)
        _hsviz_window_import_capture (self, self->import_file, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_keylog_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  HsvizWindow *self = HSVIZ_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->import_file == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Choose the Key Log (SSLKEYLOGFILE)"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (keylog_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
pick_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  _hsviz_window_pick_connection (HSVIZ_WINDOW (widget));
}

void
_hsviz_window_import_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-keylog", NULL, import_keylog_action);
  gtk_widget_class_install_action (widget_class, "win.pick-connection", NULL, pick_connection_action);
}

void
_hsviz_window_import_update_actions (HsvizWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-keylog", self->import_file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pick-connection",
                                 self->imported != NULL && self->imported->len > 1);
}

void
_hsviz_window_import_dispose (HsvizWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  close_progress (self);
  g_clear_pointer (&self->imported, g_ptr_array_unref);
  g_clear_object (&self->import_file);
}
