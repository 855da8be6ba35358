/* hsviz-file.h — writing output files safely, and what a file's permissions say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @data to @file. A regular file (or none) is replaced atomically: a temporary file beside
 * it, synced, renamed over it (0600 when @private, else the old file's mode); a symbolic link
 * replaces the file it points to. Anything else that already exists — a device such as
 * /dev/null, a FIFO, /dev/stdout — is opened and written directly, never replaced; a folder is
 * refused. Errors name the file. */
gboolean  hsviz_file_write              (GFile         *file,
                                         const char    *data,
                                         gsize          length,
                                         gboolean       private,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Whether hsviz_file_write() could write @file, checked without writing anything: the file is
 * writable, or it does not exist and its folder is. For a check before a long operation. */
gboolean  hsviz_file_check_writable     (GFile         *file,
                                         GError       **error);

/* A translated warning, short enough for a toast, when @file is a local file that others than
 * its owner may read (like ssh's "UNPROTECTED PRIVATE KEY FILE"); NULL when it is not, or its mode
 * cannot be known. Callers ask it for files that hold secrets. */
char     *hsviz_file_dup_exposure_warning (GFile       *file);

G_END_DECLS
