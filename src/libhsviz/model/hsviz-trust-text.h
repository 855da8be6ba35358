/* hsviz-trust-text.h — the trust verdict in words, for every view (CLI, app, diagram)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

typedef struct
{
  HsvizTri ok;     /* 1 passed, 0 failed, -1 information only */
  char    *text;   /* "dates: valid from 2026-12-07 to 2036-12-04", translated */
} HsvizCheckLine;

/* One line per check of certificate @check (@cert the certificate it checks). (transfer full) */
GPtrArray *hsviz_cert_check_lines          (const HsvizCertCheck   *check,
                                            const HsvizCertificate *cert);
/* "log 3019…5e1c · 2023-11-14 22:13:20 UTC · ECDSA-SHA256" */
char      *hsviz_sct_describe              (const HsvizSct *sct);
/* TRUE when GnuTLS trusted the chain and none of our checks of the certificates sent (dates,
 * weak keys and signatures below the anchor, chain problems that a browser rejects) failed. */
gboolean   hsviz_connection_trust_ok       (HsvizConnection *connection);
/* What failed first, in a few translated words ("issuer unknown"), NULL when nothing failed. */
char      *hsviz_connection_dup_trust_failure (HsvizConnection *connection);
/* "A browser would stop here: the issuer is unknown; …", NULL when trust_ok or no verdict. */
char      *hsviz_connection_dup_browser_verdict (HsvizConnection *connection);
/* Reruns for that verdict (HsvizSuggestion, hsviz-diagnosis.h): with the issuer unknown or the
 * certificate self-signed, trusting a CA file; empty otherwise. (transfer full) */
GPtrArray *hsviz_connection_dup_trust_suggestions (HsvizConnection *connection);
/* What to know about this connection at @step, or NULL: at step 3 the certificate verdict
 * ("A browser would stop here: …"); on a resumed connection what it skipped and why
 * (hsviz_connection_dup_resumption_step_note); at the step where a failed handshake stopped,
 * its diagnosis summary; at step 6 what TLS 1.3 early data (0-RTT) did (or what the ticket
 * allowed when none was sent). */
char      *hsviz_connection_dup_step_note  (HsvizConnection *connection,
                                            HsvizStep        step);

void       hsviz_check_line_free           (gpointer data);

G_END_DECLS
