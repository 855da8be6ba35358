/* main.c — gettext setup and the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hsviz-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsvizApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hsviz_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
