/* hsviz-test-compare.h — two sessions compared getter by getter (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz.h"

G_BEGIN_DECLS

/* Asserts that @a and @b hold the same facts: the session's header, and for each connection
 * every getter (target, outcome, verification, messages with their fields, records,
 * certificates, secrets, …); the capture time to the second, as the file keeps it. */
void hsviz_test_assert_sessions_equal (HsvizSession *a,
                                       HsvizSession *b);

G_END_DECLS
