/* test-gui-layout.c — the window fits small screens (issue 15): 800×600 and 1024×768; zoom
 * and presenter mode
 *
 * With a real session on screen, every widget the user can see lies inside the window, no
 * label is cut short with "…", the diagram is never wider than the space it is shown in (so
 * its server lifeline is in view), and the panes come beside or over the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "hsviz-application.h"
#include "hsviz-gui-check.h"
#include "hsviz-gui-test.h"
#include "hsviz-sequence-layout.h"
#include "hsviz-sequence-view-private.h"
#include "hsviz-suites-pane.h"
#include "hsviz-test-utils.h"
#include "hsviz-window-private.h"

typedef struct
{
  int         width;
  int         height;
  const char *mode;
  const char *language;   /* LANGUAGE for the case (its catalog from the build tree), or NULL */
  gboolean    resumed;    /* a session of two connections (the switcher and its compare button) */
} Size;

static char *tmpdir;

static HsvizApplication *the_app;

/* The diagram fits the space it is shown in: it is not wider than its scroller, both lifelines
 * (where the diagram draws them for its width and scale) are in view, and no text in it (the
 * lifeline headers and every row's label, at the widths the last drawing gave them) is cut
 * short.  Returns how many labels were measured. */
static guint
check_diagram (HsvizWindow *window)
{
  GtkWidget *view = GTK_WIDGET (window->sequence_view);
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  HsvizSequenceLayout *layout = _hsviz_sequence_view_ensure_layout (window->sequence_view);
  double scale = _hsviz_sequence_view_get_scale (window->sequence_view);
  int width = (int) floor (gtk_widget_get_width (view) / scale);
  graphene_rect_t view_bounds, scroller_bounds;
  double client_x, server_x;
  gboolean ticket = FALSE;
  guint n = 2;

  g_assert_true (gtk_widget_compute_bounds (view, GTK_WIDGET (window), &view_bounds));
  g_assert_true (gtk_widget_compute_bounds (scroller, GTK_WIDGET (window), &scroller_bounds));
  hsviz_sequence_layout_get_lifelines (width, &client_x, &server_x);
  client_x = view_bounds.origin.x + client_x * scale;
  server_x = view_bounds.origin.x + server_x * scale;
  g_test_message ("diagram %.0f px wide (scale %.2f) in a %.0f px scroller, lifelines at x=%.0f and %.0f",
                  view_bounds.size.width, scale, scroller_bounds.size.width, client_x, server_x);
  g_assert_cmpfloat (view_bounds.size.width, <=, scroller_bounds.size.width + 0.5);
  g_assert_cmpfloat (client_x, >, scroller_bounds.origin.x);
  g_assert_cmpfloat (server_x, >, client_x);
  g_assert_cmpfloat (server_x, <, scroller_bounds.origin.x + scroller_bounds.size.width);

  /* The labels were last wrapped and cut for this width (the drawing sets them). */
  g_assert_cmpint (layout->label_width, ==, MAX (width, HSVIZ_SEQUENCE_MIN_WIDTH));
  g_assert_false (pango_layout_is_ellipsized (layout->client_header));
  g_assert_false (pango_layout_is_ellipsized (layout->server_header));
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);

      if (pango_layout_is_ellipsized (row->label))
        g_error ("the diagram's label “%s” is cut short", pango_layout_get_text (row->label));
      if (strstr (pango_layout_get_text (row->label), "NewSessionTicket") != NULL)
        ticket = TRUE;
      n++;
    }
  /* The TLS 1.3 samples end with the server's NewSessionTickets, the longest message name. */
  g_assert_true (ticket);
  return n;
}

static void
test_fits (gconstpointer data)
{
  const Size *size = data;
  g_autofree char *samples = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  HsvizWindow *window;
  int min_width = 0;
  guint n;

  /* German: longer words than English, where text is cut first */
  if (size->language != NULL)
    {
      g_setenv ("LANGUAGE", size->language, TRUE);
      textdomain (GETTEXT_PACKAGE);   /* forget the messages looked up so far */
      g_assert_cmpstr (_("Compute handshake secret"), !=, "Compute handshake secret");
    }
  samples = hsviz_application_dup_samples_dir ();
  path = g_build_filename (samples, "tls13-demo.handshake", NULL);
  if (size->resumed)
    {
      /* made now: the CLI against its demo server, a full and a resumed connection */
      const char *argv[] = { g_getenv ("HSVIZ_CLI"), "demo", "--preset", "tls13", "--reconnect",
                             "--output", NULL, NULL };
      g_autofree char *out = NULL;

      g_free (path);
      path = g_build_filename (tmpdir, "resumed.handshake", NULL);
      argv[6] = path;
      g_assert_nonnull (argv[0]);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        out = hsviz_test_run_check (argv);
    }
  file = g_file_new_for_path (path);
  window = hsviz_window_new (the_app);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-mode", "s", size->mode));
  hsviz_gui_check_settle (window);
  g_assert_true (gtk_widget_get_visible (window->connection_box) == size->resumed);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("window minimum width %d, allocated %d×%d, panes %s", min_width,
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
                  adw_flap_get_folded (window->pane_flap) ? "over the diagram" : "beside the diagram");
  g_assert_cmpint (min_width, <=, size->width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, size->width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, size->height);

  n = hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  g_test_message ("%u widgets inside the window", n);
  n = check_diagram (window);
  g_test_message ("%u labels of the diagram whole", n);

  /* Folded, the panes come over the diagram on request, whole. */
  if (adw_flap_get_folded (window->pane_flap))
    {
      g_assert_false (adw_flap_get_reveal_flap (window->pane_flap));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->panes_button)));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panes", NULL));
      WAIT_UNTIL (adw_flap_get_reveal_progress (window->pane_flap) >= 1.0);
      hsviz_gui_check_settle (window);
      hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->step_pane)));
    }
  else
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->step_pane)));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
  if (size->language != NULL)
    {
      g_unsetenv ("LANGUAGE");
      textdomain (GETTEXT_PACKAGE);
    }
}

static HsvizWindow *
window_with_sample (int         width,
                    int         height,
                    const char *name)
{
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path = g_build_filename (samples, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HsvizWindow *window = g_object_ref (hsviz_window_new (the_app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  hsviz_window_open_file (window, file);
  WAIT_UNTIL (!hsviz_window_is_loading (window));
  hsviz_gui_check_settle (window);
  return window;
}

static void
destroy_window (HsvizWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

/* The Bytes pane beside the diagram shows its hex dump whole: 8 bytes a line at 1024×768
 * (16 where the pane is wide enough for them). */
static void
test_bytes_pane (void)
{
  static const int widths[] = { 1024, 1280 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      HsvizWindow *window = window_with_sample (widths[i], 768, "tls13-demo.handshake");
      guint per_line = 0;
      int overflow;

      hsviz_sequence_view_set_selected (window->sequence_view, 0);
      adw_view_stack_set_visible_child_name (window->pane_stack, "bytes");
      hsviz_gui_check_settle (window);
      overflow = hsviz_bytes_pane_get_hex_overflow (window->bytes_pane, &per_line);
      g_test_message ("%d px wide: %u bytes a line, %d px over", widths[i], per_line, overflow);
      g_assert_cmpint (overflow, <=, 0);
      if (widths[i] == 1024)
        g_assert_cmpuint (per_line, ==, 8);
      destroy_window (window);
    }
}

/* Ctrl+plus/minus/0 (win.zoom-*): the diagram is drawn larger and the setting is kept.  The
 * zoomed diagram never needs more room than at its own size: at 1024×768 the panes go over it
 * to leave it the width; at 800×600 and 1.5× it is drawn as large as the width allows. */
static void
test_zoom (void)
{
  HsvizWindow *window = window_with_sample (1024, 768, "tls13-demo.handshake");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  int min1 = 0, min2 = 0, h1, h2;

  g_assert_false (adw_flap_get_folded (window->pane_flap));
  gtk_widget_measure (GTK_WIDGET (window->sequence_view), GTK_ORIENTATION_HORIZONTAL, -1, &min1, NULL, NULL, NULL);
  h1 = gtk_widget_get_height (GTK_WIDGET (window->sequence_view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.25, 0.001);
  g_assert_cmpfloat_with_epsilon (hsviz_sequence_view_get_zoom (window->sequence_view), 1.25, 0.001);
  hsviz_gui_check_settle (window);
  gtk_widget_measure (GTK_WIDGET (window->sequence_view), GTK_ORIENTATION_HORIZONTAL, -1, &min2, NULL, NULL, NULL);
  h2 = gtk_widget_get_height (GTK_WIDGET (window->sequence_view));
  g_test_message ("minimum width %d → %d, height %d → %d, scale %.2f", min1, min2, h1, h2,
                  _hsviz_sequence_view_get_scale (window->sequence_view));
  g_assert_cmpint (min2, ==, min1);
  g_assert_true (adw_flap_get_folded (window->pane_flap));
  g_assert_cmpfloat_with_epsilon (_hsviz_sequence_view_get_scale (window->sequence_view), 1.25, 0.001);
  g_assert_cmpint (h2, >=, h1 * 1.25 - 1);
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  check_diagram (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.1, 0.001);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (hsviz_sequence_view_get_zoom (window->sequence_view), 1.0, 0.001);
  hsviz_gui_check_settle (window);
  g_assert_false (adw_flap_get_folded (window->pane_flap));
  destroy_window (window);

  window = window_with_sample (800, 600, "tls13-demo.handshake");
  _hsviz_window_set_zoom (window, 1.5);
  hsviz_gui_check_settle (window);
  g_test_message ("800×600 at 1.5×: scale %.2f", _hsviz_sequence_view_get_scale (window->sequence_view));
  g_assert_cmpfloat (_hsviz_sequence_view_get_scale (window->sequence_view), >, 1.0);
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  check_diagram (window);
  _hsviz_window_set_zoom (window, 1.0);
  destroy_window (window);
}

/* Rows of the textbook view that explain a step in words, with their text. */
static guint
count_explanations (HsvizWindow *window)
{
  HsvizSequenceLayout *layout = _hsviz_sequence_view_ensure_layout (window->sequence_view);
  guint n = 0;

  for (guint i = 0; i < layout->rows->len; i++)
    {
      const HsvizSequenceRow *row = &g_array_index (layout->rows, HsvizSequenceRow, i);

      if (row->kind == HSVIZ_SEQUENCE_ROW_EXPLANATION && pango_layout_get_text (row->label)[0] != '\0')
        n++;
    }
  return n;
}

/* The band of @step is in view whole (its top when it is taller than the view). */
static void
check_band_shown (HsvizWindow *window,
                  guint        step)
{
  HsvizSequenceLayout *layout = _hsviz_sequence_view_ensure_layout (window->sequence_view);
  double scale = _hsviz_sequence_view_get_scale (window->sequence_view);
  int index = hsviz_sequence_layout_find_band (layout, step);
  const HsvizSequenceBand *band;
  double y0, y1;

  g_assert_cmpint (index, >=, 0);
  band = &g_array_index (layout->bands, HsvizSequenceBand, index);
  _hsviz_sequence_view_get_visible_range (window->sequence_view, &y0, &y1);
  g_test_message ("step %u: band %.0f–%.0f px, view %.0f–%.0f px (diagram %d px tall, %d laid out, scale %.2f)", step,
                  band->y * scale, (band->y + band->height) * scale, y0, y1,
                  gtk_widget_get_height (GTK_WIDGET (window->sequence_view)), layout->height, scale);
  g_assert_cmpfloat (band->y * scale, >=, y0 - 0.5);
  if (band->height * scale <= y1 - y0 - 16)
    g_assert_cmpfloat ((band->y + band->height) * scale, <=, y1 + 0.5);
}

/* Presenter mode (F5): the textbook diagram, steps revealed one at a time, the step's
 * explanation under it; leaving brings the window back as it was. */
static void
test_presenter (void)
{
  HsvizWindow *window = window_with_sample (1024, 768, "tls12-rsa.handshake");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-mode", "s", "wire"));
  g_assert_cmpint (hsviz_sequence_view_get_mode (window->sequence_view), ==, HSVIZ_SEQUENCE_VIEW_WIRE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter", NULL));
  g_assert_true (window->presenting);
  /* its text at least its own size, larger on a screen taller than 768 px */
  g_assert_cmpfloat (window->presenter_scale, >=, 1.0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->header_bar)));
  g_assert_cmpint (hsviz_sequence_view_get_mode (window->sequence_view), ==, HSVIZ_SEQUENCE_VIEW_TEXTBOOK);
  g_assert_cmpuint (hsviz_sequence_view_get_revealed (window->sequence_view), ==, 1);
  g_assert_true (gtk_revealer_get_reveal_child (window->presenter_bar));
  g_assert_cmpstr (gtk_label_get_label (window->presenter_text), ==,
                   hsviz_step_explain (HSVIZ_STEP_CLIENT_HELLO, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA));

  for (guint step = 2; step <= HSVIZ_N_STEPS; step++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter-next", NULL));
      g_assert_cmpuint (hsviz_sequence_view_get_revealed (window->sequence_view), ==, step);
      g_assert_cmpuint (hsviz_sequence_view_get_selected_step (window->sequence_view), ==, step);
      g_assert_cmpstr (gtk_label_get_label (window->presenter_text), ==,
                       hsviz_step_explain (step, HSVIZ_VERSION_TLS12, HSVIZ_KX_RSA));
      hsviz_gui_check_settle (window);
      check_band_shown (window, step);
    }
  /* The last step is the last. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter-next", NULL);
  g_assert_cmpuint (hsviz_sequence_view_get_revealed (window->sequence_view), ==, HSVIZ_N_STEPS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter-previous", NULL));
  g_assert_cmpuint (hsviz_sequence_view_get_revealed (window->sequence_view), ==, HSVIZ_N_STEPS - 1);
  hsviz_gui_check_settle (window);
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  check_diagram (window);
  /* The step's explanation is the presenter text's, not the diagram's too. */
  g_assert_cmpuint (count_explanations (window), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter", NULL));
  g_assert_false (window->presenting);
  g_assert_cmpfloat (window->presenter_scale, ==, 1.0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->header_bar)));
  g_assert_cmpuint (hsviz_sequence_view_get_revealed (window->sequence_view), ==, G_MAXUINT);
  g_assert_cmpint (hsviz_sequence_view_get_mode (window->sequence_view), ==, HSVIZ_SEQUENCE_VIEW_WIRE);
  g_assert_cmpfloat_with_epsilon (hsviz_sequence_view_get_zoom (window->sequence_view), 1.0, 0.001);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-mode", "s", "textbook"));
  g_assert_cmpuint (count_explanations (window), >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-mode", "s", "wire"));
  destroy_window (window);
}

/* The Timing pane: DNS, connect, one bar per flight (a run of records from one side in the
 * file's own record list) and one per step that has records or messages; inside the window. */
static void
test_timing_pane (void)
{
  HsvizWindow *window = window_with_sample (1024, 768, "tls12-rsa.handshake");
  g_autofree char *samples = hsviz_application_dup_samples_dir ();
  g_autofree char *path = g_build_filename (samples, "tls12-rsa.handshake", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) connection = NULL;
  JsonArray *records;
  const char *last = NULL;
  guint runs = 0, steps = 0, seen = 0;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  connection = hsviz_test_json_first_connection (json_node_get_object (json_parser_get_root (parser)));
  records = json_object_get_array_member (connection, "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      const char *direction = json_object_get_string_member (record, "direction");
      gint64 step = json_object_get_int_member (record, "step");

      runs += g_strcmp0 (direction, last) != 0;
      last = direction;
      if (step >= 1 && step <= 6 && !(seen & (1u << step)))
        {
          seen |= 1u << step;
          steps++;
        }
    }

  /* Steps also from the messages (a record carrying messages of two steps names one). */
  {
    JsonArray *messages = json_object_get_array_member (connection, "messages");

    for (guint i = 0; i < json_array_get_length (messages); i++)
      {
        gint64 step = json_object_get_int_member (json_array_get_object_element (messages, i), "step");

        if (step >= 1 && step <= 6 && !(seen & (1u << step)))
          {
            seen |= 1u << step;
            steps++;
          }
      }
  }

  adw_view_stack_set_visible_child_name (window->pane_stack, "timing");
  hsviz_gui_check_settle (window);
  g_test_message ("%u bars: 2 + %u flights + %u steps", hsviz_timing_pane_get_n_bars (window->timing_pane), runs, steps);
  g_assert_cmpuint (hsviz_timing_pane_get_n_bars (window->timing_pane), ==, 2 + runs + steps);
  /* Every label whole: wrapped to as many lines as it needs, at least one each. */
  g_test_message ("%d lines of labels", hsviz_timing_pane_get_n_lines (window->timing_pane));
  g_assert_cmpint (hsviz_timing_pane_get_n_lines (window->timing_pane), >=,
                   hsviz_timing_pane_get_n_bars (window->timing_pane) + 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->timing_pane)));
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window));
  destroy_window (window);
}

/* The Suites pane at 1024×768: what was offered and chosen, for each negotiated item, inside
 * the window (screenshots in light and dark with HSVIZ_TEST_SCREENSHOT_DIR). */
static void
test_suites_pane (gconstpointer data)
{
  const char *sample = data;
  HsvizWindow *window = window_with_sample (1024, 768, sample);
  g_autofree char *light = g_strdup_printf ("suites-%s-light.png", sample);
  g_autofree char *dark = g_strdup_printf ("suites-%s-dark.png", sample);

  adw_view_stack_set_visible_child_name (window->pane_stack, "suites");
  hsviz_gui_check_settle (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->suites_pane)));
  g_assert_cmpuint (hsviz_suites_pane_get_n_offered (window->suites_pane), >, 0);
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window->suites_pane));
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  hsviz_gui_check_settle (window);
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* the Randoms pane beside it: the hellos' session ids come from the core too */
  adw_view_stack_set_visible_child_name (window->pane_stack, "randoms");
  hsviz_gui_check_settle (window);
  hsviz_gui_check_inside (GTK_WIDGET (window), GTK_WIDGET (window->randoms_pane));
  g_free (light);
  light = g_strdup_printf ("randoms-%s-light.png", sample);
  hsviz_gui_check_save_screenshot (GTK_WIDGET (window), light);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  static const Size sizes[] = {
    { 800, 600, "wire" },
    { 800, 600, "textbook" },
    { 1024, 768, "wire" },
    { 1024, 768, "textbook" },
    { 800, 600, "wire", "de" },
    { 800, 600, "textbook", "de" },
    { 1024, 768, "wire", "de" },
    { 1024, 768, "textbook", "de" },
    { 800, 600, "wire", "de", TRUE },
    { 1024, 768, "wire", "de", TRUE },
  };
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The translations built in this tree (po/LANG/LC_MESSAGES), for the German cases: LANGUAGE
   * needs a locale other than "C" (the tests' C.UTF-8; gtk_test_init sets none). */
  setlocale (LC_ALL, "");
  {
    g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

    bindtextdomain (GETTEXT_PACKAGE, po);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }
  adw_init ();

  the_app = hsviz_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/handshakeviz/gui/layout/fits-%dx%d-%s%s%s%s",
                                               sizes[i].width, sizes[i].height, sizes[i].mode,
                                               sizes[i].language ? "-" : "",
                                               sizes[i].language ? sizes[i].language : "",
                                               sizes[i].resumed ? "-resumed" : "");

      g_test_add_data_func (name, &sizes[i], test_fits);
    }

  g_test_add_func ("/handshakeviz/gui/layout/zoom", test_zoom);
  g_test_add_func ("/handshakeviz/gui/layout/bytes-pane", test_bytes_pane);
  g_test_add_func ("/handshakeviz/gui/layout/presenter", test_presenter);
  g_test_add_func ("/handshakeviz/gui/layout/timing-pane", test_timing_pane);
  g_test_add_data_func ("/handshakeviz/gui/layout/suites-pane-tls13-hrr", "tls13-hello-retry.handshake",
                        test_suites_pane);
  g_test_add_data_func ("/handshakeviz/gui/layout/suites-pane-tls12-ecdhe", "tls12-ecdhe.handshake",
                        test_suites_pane);

  tmpdir = g_dir_make_tmp ("hsviz-layout-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  ret = g_test_run ();
  g_clear_object (&the_app);
  {
    g_autofree char *resumed = g_build_filename (tmpdir, "resumed.handshake", NULL);

    g_unlink (resumed);
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }
  return ret;
}
