/* hsviz-export.c — writing a session out: the NSS key log and the certificate chain as PEM,
 * both written by hsviz_file_write()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-certificate.h"
#include "hsviz-error.h"
#include "hsviz-export.h"
#include "hsviz-file.h"

gboolean
hsviz_export_keylog (HsvizSession     *session,
                     GFile            *file,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autofree char *keylog = NULL;

  g_return_val_if_fail (HSVIZ_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  keylog = hsviz_session_dup_nss_keylog (session);
  if (keylog == NULL)
    {
      g_set_error_literal (error, HSVIZ_ERROR, HSVIZ_ERROR_FAILED,
                           _("This session holds no key log (saved without secrets, or no secret was derived)"));
      return FALSE;
    }
  return hsviz_file_write (file, keylog, strlen (keylog), TRUE, cancellable, error);
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
  return hsviz_file_write (file, pem->str, pem->len, FALSE, cancellable, error);
}
