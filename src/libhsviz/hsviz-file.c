/* hsviz-file.c — writing output files safely, and what a file's permissions say
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

#include "hsviz-error.h"
#include "hsviz-file.h"

#define WRITE_CHUNK (64 * 1024)

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
               g_strerror (saved_errno));
  return FALSE;
}

/* Writes all of @data to @fd in chunks, honouring a cancel between chunks. */
static gboolean
write_all (int            fd,
           const char    *data,
           gsize          length,
           GCancellable  *cancellable,
           GError       **error)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = write (fd, data + done, MIN (WRITE_CHUNK, length - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_errno_error (error, n < 0 ? errno : EIO);
      done += (gsize) n;
    }
  return TRUE;
}

/* Something that exists and is not a regular file (a device, a FIFO, a terminal, a pipe behind
 * /dev/stdout): open it and write, as a shell redirection would. */
static gboolean
write_direct (const char    *path,
              const char    *data,
              gsize          length,
              GCancellable  *cancellable,
              GError       **error)
{
  int fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_APPEND, 0);
  gboolean ok;

  if (fd < 0)
    return set_errno_error (error, errno);
  ok = write_all (fd, data, length, cancellable, error);
  if (close (fd) != 0 && ok)
    return set_errno_error (error, errno);
  return ok;
}

/* Writes @data to a new file beside @path (same folder, so the rename cannot cross file
 * systems), syncs it and renames it over @path. Any failure removes the temporary file: @path is
 * either the old file or the whole new one, also when it did not exist before. */
static gboolean
replace_local (const char    *target,
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
    return set_errno_error (error, errno);

  if (keep_mode && fchmod (fd, st.st_mode & 07777 & ~(S_ISUID | S_ISGID)) != 0)
    goto failed_errno;
  if (!write_all (fd, data, length, cancellable, error))
    goto failed;
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
  set_errno_error (error, errno ? errno : EIO);
failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* Not a local path (e.g. a GVfs location): g_file_replace writes a temporary file and renames
 * it over the old one when the stream closes successfully. */
static gboolean
replace_gio (GFile         *file,
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

/* Existing and not a regular file (following links): written directly. Paths under /dev and
 * /proc (/dev/stdout, /proc/self/fd/1) are also written directly when they lead to a regular
 * file: that file is the shell's redirection, not one to replace. */
static gboolean
is_direct_target (const char *path,
                  gboolean   *is_dir)
{
  GStatBuf st;

  *is_dir = FALSE;
  if (g_stat (path, &st) != 0)
    return FALSE;
  if (S_ISDIR (st.st_mode))
    {
      *is_dir = TRUE;
      return FALSE;
    }
  return !S_ISREG (st.st_mode) || g_str_has_prefix (path, "/dev/") ||
         g_str_has_prefix (path, "/proc/");
}

gboolean
hsviz_file_write (GFile         *file,
                  const char    *data,
                  gsize          length,
                  gboolean       private,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gboolean is_dir = FALSE;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    ok = replace_gio (file, data, length, private, cancellable, &local_error);
  else if (is_direct_target (path, &is_dir))
    ok = write_direct (path, data, length, cancellable, &local_error);
  else if (is_dir)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not save “%s”: it is a folder"),
                   name);
      return FALSE;
    }
  else
    ok = replace_local (path, data, length, private, cancellable, &local_error);
  if (!ok)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Could not save “%s”: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
hsviz_file_check_writable (GFile   *file,
                           GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *dir = NULL;
  gboolean is_dir = FALSE;
  const char *why = NULL;
  int saved_errno = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* not local: only the write itself can tell */
  if (path == NULL)
    return TRUE;

  if (is_direct_target (path, &is_dir))
    {
      if (g_access (path, W_OK) != 0)
        saved_errno = errno;
    }
  else if (is_dir)
    why = _("it is a folder");
  else
    {
      g_autofree char *resolved = realpath (path, NULL);

      /* a new file, or one replaced by renaming: its folder must take new files */
      dir = g_path_get_dirname (resolved != NULL ? resolved : path);
      if (g_access (dir, W_OK | X_OK) != 0)
        saved_errno = errno;
      else if (resolved != NULL && g_access (resolved, W_OK) != 0)
        saved_errno = errno;
    }

  if (why == NULL && saved_errno != 0)
    why = g_strerror (saved_errno);
  if (why != NULL)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_IO, _("Cannot write “%s”: %s"), name, why);
      return FALSE;
    }
  return TRUE;
}

char *
hsviz_file_dup_exposure_warning (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  GStatBuf st;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* only the owner can change the mode: someone else's file (an installed sample) is not ours
   * to warn about */
  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) ||
      (st.st_mode & 077) == 0 || st.st_uid != getuid ())
    return NULL;
  name = g_file_get_basename (file);
  return g_strdup_printf (_("“%s” holds secrets that others may read (mode %04o)"),
                          name, (unsigned) (st.st_mode & 07777));
}
