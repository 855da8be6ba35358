/* hsviz-session-private.h — calls only the session-file loader needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-session.h"

G_BEGIN_DECLS

/* The last key-log entry's place among the messages, as saved. */
void hsviz_session_set_last_keylog_position (HsvizSession *self,
                                             guint         after_message);
/* A file saved without secrets says so. */
void hsviz_session_mark_secrets_stripped    (HsvizSession *self);

G_END_DECLS
