/* hsviz-application-private.h — shared by hsviz-application.c and hsviz-application-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-application.h"

G_BEGIN_DECLS

struct _HsvizApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  HsvizDemoServer *demo_server;
  gboolean         demo_at_start;
};

void _hsviz_application_actions_init (HsvizApplication *self);

G_END_DECLS
