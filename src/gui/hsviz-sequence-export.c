/* hsviz-sequence-export.c — the whole sequence diagram as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "hsviz-sequence-view-private.h"

#define DEFAULT_EXPORT_WIDTH 900  /* when the widget has no width yet */

/* ---- export ---- */

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * hsviz_sequence_view_export:
 * @file: where to write, replaced atomically
 * @format: "png", "svg" or "pdf"
 *
 * Draws the whole diagram, at the widget's width (or a default width when it has none).
 *
 * Returns: %TRUE on success
 */
gboolean
hsviz_sequence_view_export (HsvizSequenceView  *self,
                            GFile              *file,
                            const char         *format,
                            GError            **error)
{
  g_autoptr(GByteArray) data = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int width, height;

  g_return_val_if_fail (HSVIZ_IS_SEQUENCE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  width = MAX (width > 0 ? width : DEFAULT_EXPORT_WIDTH, HSVIZ_SEQUENCE_MIN_WIDTH);
  height = hsviz_sequence_view_get_content_height (self);
  data = g_byte_array_new ();

  if (g_ascii_strcasecmp (format, "png") == 0)
    {
      if (height > 32767)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The diagram is too tall for a PNG image (%d pixels); export it as SVG or PDF"),
                       height);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  else if (g_ascii_strcasecmp (format, "svg") == 0)
    surface = cairo_svg_surface_create_for_stream (append_to_byte_array, data, width, height);
  else if (g_ascii_strcasecmp (format, "pdf") == 0)
    surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, data, width, height);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown export format “%s”: use png, svg or pdf"), format);
      return FALSE;
    }

  cr = cairo_create (surface);
  hsviz_sequence_view_draw (self, cr, width, 0, height, TRUE);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, data);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the diagram: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_replace_contents (file, (const char *)data->data, data->len, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}
