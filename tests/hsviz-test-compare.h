/* hsviz-test-compare.h — two sessions compared getter by getter, a key schedule checked (tests only)
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

/* Every key schedule entry of @session verified, and exactly @names (NULL-terminated), in
 * that order. */
void hsviz_test_assert_key_schedule_verified (HsvizConnection    *session,
                                              const char * const *names);
/* @session's key schedule entry @name exists and its value is @value (hex). */
void hsviz_test_assert_key_schedule_value    (HsvizConnection *session,
                                              const char      *name,
                                              const char      *value);
/* A full TLS 1.3 handshake's key schedule entries, in order (no HelloRetryRequest). */
extern const char * const hsviz_test_tls13_key_schedule_names[];

G_END_DECLS
