/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixture for tests/test-potfiles.py: listed in POTFILES.in. */
const char *listed (void);
const char *listed (void) { return _("Listed"); }
