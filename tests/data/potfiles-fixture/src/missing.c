/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixture for tests/test-potfiles.py: has a string, not listed, must be reported. */
const char *missing (void);
const char *missing (void) { return C_("context", "Missing"); }
