/* hsviz-failure-banner.h — what failed, over the diagram: the diagnosis of a failed handshake
 * (with a button per rerun it suggests) or what a browser would do with this certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hsviz.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_FAILURE_BANNER (hsviz_failure_banner_get_type ())
G_DECLARE_FINAL_TYPE (HsvizFailureBanner, hsviz_failure_banner, HSVIZ, FAILURE_BANNER, GtkWidget)

GtkWidget *hsviz_failure_banner_new         (void);
/* Shows the connection's failure, or hides itself when there is none.  Each suggestion's
 * button (of the diagnosis, or of the certificate verdict) activates "win.rerun" with
 * "preset:NAME", "priority:STRING", "url:URL" (STARTTLS: the same host and port under the
 * protocol's scheme), "client-cert:" or "cafile:". */
void       hsviz_failure_banner_set_connection (HsvizFailureBanner *self,
                                             HsvizConnection    *session);
/* The title shown, NULL when hidden (for tests). */
const char *hsviz_failure_banner_get_title  (HsvizFailureBanner *self);

G_END_DECLS
