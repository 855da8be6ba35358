/* hsviz-compare-window.c — two connections side by side
 *
 * Presents the core's comparison (hsviz-diff.c) as a table: one row per fact, the left
 * connection's value beside the right one's; rows that differ come first, marked ≠ and
 * highlighted; for lists, what only one side has; the times of the steps last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-compare-window.h"

struct _HsvizCompareWindow
{
  AdwWindow  parent_instance;

  HsvizDiff *diff;
  GtkGrid   *grid;
  guint      n_rows;
  guint      n_marked;
};

G_DEFINE_FINAL_TYPE (HsvizCompareWindow, hsviz_compare_window, ADW_TYPE_WINDOW)

static GtkWidget *
cell_new (const char *text,
          gboolean    selectable)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), selectable);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, selectable);
  return label;
}

/* A side's cell: the value, or for a list that differs what only this side has. */
static char *
side_text (const HsvizDiffRow *row,
           gboolean            left)
{
  char * const *only = left ? row->only_a : row->only_b;
  const char *value = left ? row->a : row->b;

  if (row->kind == HSVIZ_DIFF_SET && row->differs)
    {
      g_autofree char *list = only != NULL && only[0] != NULL ? g_strjoinv (", ", (char **) only) : NULL;

      /* Translators: followed by a list of messages or extensions only this side has */
      return list != NULL ? g_strdup_printf (_("only here: %s"), list) : g_strdup (_("nothing of its own"));
    }
  return g_strdup (value[0] != '\0' ? value : "—");
}

static void
add_row (HsvizCompareWindow *self,
         const HsvizDiffRow *row)
{
  g_autofree char *title = g_strdup_printf ("%s %s", row->differs ? "≠" : (row->kind == HSVIZ_DIFF_TIME ? " " : "="),
                                            row->title);
  g_autofree char *a = side_text (row, TRUE);
  g_autofree char *b = side_text (row, FALSE);
  GtkWidget *cells[3] = { cell_new (title, FALSE), cell_new (a, TRUE), cell_new (b, TRUE) };
  g_autofree char *a11y = g_strdup_printf ("%s: %s; %s", row->title, a, b);
  int y = self->n_rows + 1;

  for (int x = 0; x < 3; x++)
    {
      if (row->differs)
        gtk_widget_add_css_class (cells[x], "hsviz-differs");
      else if (row->kind != HSVIZ_DIFF_TIME)
        gtk_widget_add_css_class (cells[x], "dim-label");
      gtk_grid_attach (self->grid, cells[x], x, y, 1, 1);
    }
  gtk_widget_add_css_class (cells[0], "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (cells[0]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, a11y, -1);
  self->n_rows++;
  self->n_marked += row->differs;
}

/* GTK selects a selectable label's whole text once it got the focus (the first value, on
 * opening): the values stay selectable, but unselected until the user selects. */
static gboolean
unselect_focus_cb (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  if (GTK_IS_LABEL (focus))
    gtk_label_select_region (GTK_LABEL (focus), 0, 0);
  return G_SOURCE_REMOVE;
}

static void
focus_widget_cb (HsvizCompareWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, unselect_focus_cb, g_object_ref (self), g_object_unref);
}

static void
hsviz_compare_window_finalize (GObject *object)
{
  HsvizCompareWindow *self = HSVIZ_COMPARE_WINDOW (object);

  g_clear_pointer (&self->diff, hsviz_diff_free);

  G_OBJECT_CLASS (hsviz_compare_window_parent_class)->finalize (object);
}

static void
hsviz_compare_window_class_init (HsvizCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hsviz_compare_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hsviz_compare_window_init (HsvizCompareWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Compare"));
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 640);
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 10);
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->grid));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_cb), NULL);
}

GtkWidget *
hsviz_compare_window_new (GtkWindow       *parent,
                          HsvizConnection *a,
                          HsvizConnection *b)
{
  g_autofree char *title_a = NULL;
  g_autofree char *title_b = NULL;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (a), NULL);
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (b), NULL);

  title_a = hsviz_connection_dup_title (a);
  title_b = hsviz_connection_dup_title (b);
  return hsviz_compare_window_new_with_titles (parent, a, b, title_a, title_b);
}

GtkWidget *
hsviz_compare_window_new_with_titles (GtkWindow       *parent,
                                      HsvizConnection *a,
                                      HsvizConnection *b,
                                      const char      *title_a,
                                      const char      *title_b)
{
  HsvizCompareWindow *self;

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (a), NULL);
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (b), NULL);

  self = g_object_new (HSVIZ_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);
  self->diff = hsviz_diff_new (a, b);
  /* No larger than the window it compares from (an 800×600 screen) */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), MIN (900, gtk_widget_get_width (GTK_WIDGET (parent))),
                                 MIN (640, gtk_widget_get_height (GTK_WIDGET (parent))));

  gtk_grid_attach (self->grid, cell_new ("", FALSE), 0, 0, 1, 1);
  for (int x = 1; x <= 2; x++)
    {
      GtkWidget *title = cell_new (x == 1 ? title_a : title_b, FALSE);

      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (title, "title-4");
      gtk_grid_attach (self->grid, title, x, 0, 1, 1);
    }

  /* What differs first, then what is the same, then the times. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < hsviz_diff_get_n_rows (self->diff); i++)
      {
        const HsvizDiffRow *row = hsviz_diff_get_row (self->diff, i);
        guint row_pass = row->kind == HSVIZ_DIFF_TIME ? 2 : row->differs ? 0 : 1;

        if (row_pass == pass)
          add_row (self, row);
      }
  return GTK_WIDGET (self);
}

guint
hsviz_compare_window_get_n_rows (HsvizCompareWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_COMPARE_WINDOW (self), 0);
  return self->n_rows;
}

guint
hsviz_compare_window_get_n_marked (HsvizCompareWindow *self)
{
  g_return_val_if_fail (HSVIZ_IS_COMPARE_WINDOW (self), 0);
  return self->n_marked;
}
