/* hsviz-window-files.c — opening session files and captures (in a thread, from the
 * file chooser, by drag and drop) and the list of shipped samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-window-private.h"

/* ---- loading ---- */

static void
load_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  HsvizSession *session = hsviz_session_load (file, cancellable, &error);

  if (session == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HsvizWindow *self = HSVIZ_WINDOW (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(HsvizSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = g_task_propagate_pointer (G_TASK (result), &error);
  self->n_loading--;
  if (self->disposed)
    return;

  if (session == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

      hsviz_window_add_toast (self, message);
      return;
    }

  /* The session the file replaces can be compared with it. */
  g_set_object (&self->replaced_connection, (self->capture == NULL ? self->connection : NULL));
  hsviz_window_set_session (self, session);
  _hsviz_window_show_settings (self, hsviz_window_get_connection (self));
  if (self->replaced_connection != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_("Opened “%s”"), name);
      AdwToast *toast = _hsviz_window_toast_new (title);

      adw_toast_set_button_label (toast, _("_Compare with the Previous Session"));
      adw_toast_set_action_name (toast, "win.compare-previous");
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  /* "Save" writes back to the file opened, but never over a shipped sample; a shipped sample's
   * demo secrets are meant to be readable by all. */
  {
    g_autofree char *samples_path = hsviz_application_dup_samples_dir ();
    g_autoptr(GFile) samples = g_file_new_for_path (samples_path);

    if (g_file_has_prefix (file, samples))
      g_clear_object (&self->file);
    else
      {
        g_autofree char *warning = hsviz_session_dup_file_warning (session, file);

        if (warning != NULL)
          hsviz_window_add_toast (self, warning);
        g_set_object (&self->file, file);
      }
  }

  {
    g_autofree char *uri = g_file_get_uri (file);

    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
}

static void
open_file_now (HsvizWindow *self,
               gpointer     data)
{
  GFile *file = data;
  g_autoptr(GTask) task = NULL;

  if (hsviz_import_is_capture (file))
    {
      _hsviz_window_import_capture (self, file, NULL);
      return;
    }

  task = g_task_new (self, NULL, load_done_cb, NULL);
  g_task_set_source_tag (task, hsviz_window_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  self->n_loading++;
  g_task_run_in_thread (task, load_thread_cb);
}

/* Opens file in this window, after asking whether to save an unsaved capture on screen. */
void
hsviz_window_open_file (HsvizWindow *self,
                        GFile       *file)
{
  g_return_if_fail (HSVIZ_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _hsviz_window_confirm_replace (self, open_file_now, g_object_ref (file), g_object_unref);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HsvizWindow   *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  hsviz_window_open_file (self, G_FILE (files->data));
  return TRUE;
}

/* ---- samples ---- */

typedef struct
{
  char *title;
  char *path;
} Sample;

static void
sample_free (gpointer data)
{
  Sample *sample = data;

  g_free (sample->title);
  g_free (sample->path);
  g_free (sample);
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *sa = *(const Sample * const *)a;
  const Sample *sb = *(const Sample * const *)b;

  return g_utf8_collate (sa->title, sb->title);
}

/* The samples are listed by what they show, in words from the core; reading them waits until
 * the list is first opened (a file that does not load is listed by its name). */
static void
samples_popup_cb (GtkMenuButton *button,
                  gpointer       user_data)
{
  g_autofree char *dir_path = hsviz_application_dup_samples_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (sample_free);
  g_autoptr(GMenu) menu = g_menu_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      Sample *sample;
      g_autoptr(GFile) file = NULL;
      g_autoptr(HsvizSession) session = NULL;

      if (!g_str_has_suffix (name, ".handshake"))
        continue;
      sample = g_new0 (Sample, 1);
      sample->path = g_build_filename (dir_path, name, NULL);
      file = g_file_new_for_path (sample->path);
      session = hsviz_session_load (file, NULL, NULL);
      sample->title = session != NULL ? hsviz_connection_dup_title (hsviz_session_get_connection (session, 0))
                                      : g_strdup (name);
      g_ptr_array_add (samples, sample);
    }
  g_ptr_array_sort (samples, compare_samples);

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = g_ptr_array_index (samples, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (sample->title, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-sample", g_variant_new_string (sample->path));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

static void
setup_samples (HsvizWindow *self)
{
  g_autofree char *dir_path = hsviz_application_dup_samples_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gboolean any = FALSE;
  const char *name;

  while (!any && dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    any = g_str_has_suffix (name, ".handshake");

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->samples_button), samples_popup_cb, NULL, NULL);
  gtk_widget_set_visible (self->samples_button, any);
}

/* The samples menu and the drop target. */
void
_hsviz_window_files_init (HsvizWindow *self)
{
  GtkDropTarget *drop;

  setup_samples (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
