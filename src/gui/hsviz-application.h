/* hsviz-application.h — the AdwApplication: settings, accelerators, app actions, demo server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_APPLICATION (hsviz_application_get_type ())
G_DECLARE_FINAL_TYPE (HsvizApplication, hsviz_application, HSVIZ, APPLICATION, AdwApplication)

HsvizApplication *hsviz_application_new             (void);
/* The one demo server of the application, started on first use. */
HsvizDemoServer  *hsviz_application_get_demo_server (HsvizApplication  *self,
                                                     GError           **error);
/* Where the sample sessions are: $HSVIZ_SAMPLES_DIR, else PKGDATADIR/samples. */
char             *hsviz_application_dup_samples_dir (void);

G_END_DECLS
