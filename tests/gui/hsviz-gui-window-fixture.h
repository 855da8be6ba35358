/* hsviz-gui-window-fixture.h — one application and a fresh window per test, for the window tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "hsviz-application.h"
#include "hsviz-gui-test.h"
#include "hsviz-test-utils.h"
#include "hsviz-window-private.h"

typedef struct
{
  HsvizApplication *app;
  HsvizWindow      *window;
  char             *tmpdir;
} Fixture;

void        fixture_new_window (Fixture       *f);
void        fixture_set_up     (Fixture       *f,
                                gconstpointer  data);
void        fixture_tear_down  (Fixture       *f,
                                gconstpointer  data);
/* Capture against the built-in demo server with the CLI and return the file's path. */
char       *cli_demo_session   (Fixture       *f,
                                const char    *preset);
/* The first connection's keys of a session file. */
JsonObject *read_json          (const char    *path);
/* Opens path in the window and waits until it is read. */
void        open_and_wait      (Fixture       *f,
                                const char    *path);

/* gtk_test_init with the recent list and GSettings kept out of the user's */
void        hsviz_gui_window_test_init (int    *argc,
                                        char ***argv);
/* g_test_run, then the application and the temporary data directory go */
int         hsviz_gui_window_test_run  (void);
