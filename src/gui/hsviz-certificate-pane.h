/* hsviz-certificate-pane.h — the chain as sent, and the verdict as three checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_CERTIFICATE_PANE (hsviz_certificate_pane_get_type ())
G_DECLARE_FINAL_TYPE (HsvizCertificatePane, hsviz_certificate_pane, HSVIZ, CERTIFICATE_PANE, GtkWidget)

GtkWidget *hsviz_certificate_pane_new                (void);
void       hsviz_certificate_pane_set_connection        (HsvizCertificatePane *self,
                                                      HsvizConnection         *session);
/* Number of certificates shown (for tests). */
guint      hsviz_certificate_pane_get_n_certificates (HsvizCertificatePane *self);

G_END_DECLS
