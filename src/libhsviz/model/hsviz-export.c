/* hsviz-export.c — writing a connection out: the NSS key log, the certificate chain as PEM, and
 * the atomic file writer they and the session file share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsviz-certificate.h"
#include "hsviz-error.h"
#include "hsviz-export.h"

#define WRITE_CHUNK (64 * 1024)

/* Writes @data to a new file beside @path (same folder, so the rename cannot cross file
 * systems), in chunks so that a cancel is honoured mid-way, syncs it and renames it over @path.
 * Any failure removes the temporary file: @path is either the old file or the whole new one,
 * also when it did not exist before (g_file_replace writes a new file in place). */
static gboolean
save_local (const char    *target,
            const char    *data,
            gsize          length,
            gboolean       private,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *resolved = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  const char *path = target;
  GStatBuf st;
  gboolean keep_mode = FALSE;
  gsize done = 0;
  int saved_errno = 0;
  int fd, dfd;

  /* saving through a symbolic link replaces the file it points to, not the link */
  if (g_lstat (target, &st) == 0 && S_ISLNK (st.st_mode) && (resolved = realpath (target, NULL)))
    path = resolved;
  /* a file saved again keeps its permissions, unless it now holds secrets (then 0600) */
  if (!private && g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    keep_mode = TRUE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* ".NAME.XXXXXX", the name shortened so that it stays within NAME_MAX */
  if (strlen (base) > 200)
    base[200] = '\0';
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, private ? 0600 : 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (keep_mode && fchmod (fd, st.st_mode & 07777 & ~(S_ISUID | S_ISGID)) != 0)
    goto failed_errno;

  while (done < length)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      n = write (fd, data + done, MIN (WRITE_CHUNK, length - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed_errno;
      done += (gsize) n;
    }
  if (fsync (fd) != 0)
    goto failed_errno;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed_errno;
    }
  fd = -1;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;
  if (g_rename (tmp, path) != 0)
    goto failed_errno;

  /* make the rename itself durable */
  dfd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;

failed_errno:
  saved_errno = errno ? errno : EIO;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
               g_strerror (saved_errno));
failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* Not a local path (e.g. a GVfs location): g_file_replace writes a temporary file and renames
 * it over the old one when the stream closes successfully. */
static gboolean
save_gio (GFile         *file,
          const char    *data,
          gsize          length,
          gboolean       private,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_replace (file, NULL, FALSE,
                        private ? G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION
                                : G_FILE_CREATE_REPLACE_DESTINATION,
                        cancellable, error);
  if (out == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), data, length, NULL, cancellable, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* closing with a cancelled cancellable discards the temporary file */
      g_cancellable_cancel (abort);
      if (!g_output_stream_is_closed (G_OUTPUT_STREAM (out)))
        g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
hsviz_file_replace_atomic (GFile         *file,
                           const char    *data,
                           gsize          length,
                           gboolean       private,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  path = g_file_get_path (file);
  if (path != NULL)
    ok = save_local (path, data, length, private, cancellable, &local_error);
  else
    ok = save_gio (file, data, length, private, cancellable, &local_error);
  if (!ok)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not save “%s”: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
hsviz_export_keylog (HsvizConnection  *connection,
                     GFile            *file,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autofree char *keylog = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  keylog = hsviz_connection_dup_nss_keylog (connection);
  if (keylog == NULL)
    {
      g_set_error_literal (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED,
                           _("This session holds no key log (saved without secrets, or no secret was derived)"));
      return FALSE;
    }
  return hsviz_file_replace_atomic (file, keylog, strlen (keylog), TRUE, cancellable, error);
}

gboolean
hsviz_export_pem (HsvizConnection  *connection,
                  GFile            *file,
                  GCancellable     *cancellable,
                  GError          **error)
{
  GPtrArray *certificates;
  g_autoptr(GString) pem = g_string_new (NULL);

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  certificates = hsviz_connection_get_certificates (connection);
  if (certificates == NULL || certificates->len == 0)
    {
      g_set_error_literal (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED,
                           _("The server sent no certificate in this session"));
      return FALSE;
    }
  for (guint i = 0; i < certificates->len; i++)
    {
      g_autofree char *one = hsviz_certificate_to_pem (g_ptr_array_index (certificates, i));

      g_string_append (pem, one);
    }
  return hsviz_file_replace_atomic (file, pem->str, pem->len, FALSE, cancellable, error);
}
