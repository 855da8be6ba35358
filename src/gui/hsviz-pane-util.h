/* hsviz-pane-util.h — small presentation helpers shared by the panes (no TLS facts here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hsviz.h"
#include "hsviz-util.h"

G_BEGIN_DECLS

/* An AdwActionRow with @title and @value as subtitle (escaped); a copy button when @copy. */
GtkWidget *hsviz_pane_row_new        (const char   *title,
                                      const char   *value,
                                      gboolean      copy);
/* Same, the copy button copying @copy_text (none when NULL). */
GtkWidget *hsviz_pane_row_new_full   (const char   *title,
                                      const char   *value,
                                      const char   *copy_text);
/* A row with a pass/fail icon as prefix. */
GtkWidget *hsviz_pane_check_row_new  (const char   *title,
                                      const char   *detail,
                                      gboolean      pass);
void       hsviz_pane_box_clear      (GtkBox       *box);
void       hsviz_pane_list_clear     (GtkListBox   *list);
void       hsviz_pane_copy_text      (GtkWidget    *widget,
                                      const char   *text);
/* Copies text and says so in the window's toast overlay. */
void       hsviz_pane_copy_and_tell  (GtkWidget    *widget,
                                      const char   *text);

/* Calls @func (@pane) once from an idle after any number of "items-changed"/"updated"
 * emissions of the session, so a pane rebuilds at most once per main-loop turn.  A pane that
 * is not shown (a hidden page of the stack) is only marked dirty and rebuilt when it is
 * mapped: laying out the text of panes nobody sees was the largest part of the start-up. */
typedef struct
{
  HsvizConnection *session;
  gulong        items_changed_id;
  gulong        updated_id;
  guint         idle_id;
  gulong        map_id;
  gboolean      dirty;
  GtkWidget    *pane;
  void        (*func) (GtkWidget *pane);
} HsvizConnectionWatch;

void       hsviz_connection_watch_set   (HsvizConnectionWatch *watch,
                                      GtkWidget         *pane,
                                      HsvizConnection      *session,
                                      void             (*func) (GtkWidget *pane));
void       hsviz_connection_watch_clear (HsvizConnectionWatch *watch);
/* Rebuild now if a rebuild is pending (for getters that must see the current session). */
void       hsviz_connection_watch_flush (HsvizConnectionWatch *watch);

G_END_DECLS
