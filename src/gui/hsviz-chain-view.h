/* hsviz-chain-view.h — the Certificates pane's trust widgets: the chain as sent beside the
 * path built (a ✓ or ✗ on every issuer → subject link), the chain's problems, revocation
 *
 * They present the core's facts (hsviz-chain-check.h, hsviz-trust-text.h); nothing is
 * computed here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz.h"

G_BEGIN_DECLS

/* A preferences group: "As sent" and "Path built" side by side, then the problems. */
GtkWidget *hsviz_chain_view_new        (HsvizConnection *connection);
/* A preferences group: the stapled and the live OCSP answer, responder, dates, why not. */
GtkWidget *hsviz_revocation_group_new  (HsvizConnection *connection);
/* An expander row with one row per check of the certificate (and its SCTs). */
GtkWidget *hsviz_cert_checks_row_new   (const HsvizCertCheck   *check,
                                        const HsvizCertificate *cert);

G_END_DECLS
