/* hsviz-gui-test.h — waiting in the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#define HSVIZ_GUI_TEST_TIMEOUT_S 30

static inline gboolean
hsviz_gui_test_timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *)data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until cond holds; fails the test after HSVIZ_GUI_TEST_TIMEOUT_S. */
#define WAIT_UNTIL(cond)                                                               \
  G_STMT_START {                                                                       \
    guint _id = g_timeout_add_seconds (HSVIZ_GUI_TEST_TIMEOUT_S,                       \
                                       hsviz_gui_test_timeout_cb, (gpointer)#cond);    \
    while (!(cond))                                                                    \
      g_main_context_iteration (NULL, TRUE);                                           \
    g_source_remove (_id);                                                             \
  } G_STMT_END
