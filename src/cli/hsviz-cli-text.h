/* hsviz-cli-text.h — a session as text for people, walking the six steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz.h"

G_BEGIN_DECLS

/* Control characters and bytes that are not UTF-8 are written escaped (\xNN, \uNNNN). */
void hsviz_cli_print_session (HsvizConnection *session,
                              FILE            *out);

G_END_DECLS
