/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixture for tests/test-potfiles.py: no translatable string, must not be reported, even though
 * this comment mentions _("text") and the code calls a function whose name ends in an
 * underscore. */
int plain_ (int x);
int plain (int x) { return plain_ (x); }
