/* hsviz-window-private.h — the window's state, shared by hsviz-window*.c and the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-bytes-pane.h"
#include "hsviz-certificate-pane.h"
#include "hsviz-compare-window.h"
#include "hsviz-failure-banner.h"
#include "hsviz-keys-pane.h"
#include "hsviz-randoms-pane.h"
#include "hsviz-sequence-view.h"
#include "hsviz-step-pane.h"
#include "hsviz-suites-pane.h"
#include "hsviz-timing-pane.h"
#include "hsviz-window.h"

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_EXPORT_WITH_SECRETS,     /* the session file */
  HSVIZ_EXPORT_WITHOUT_SECRETS,  /* the session file, secrets left out */
  HSVIZ_EXPORT_DIAGRAM,          /* PNG, SVG or PDF */
  HSVIZ_EXPORT_KEYLOG,           /* NSS key log */
  HSVIZ_EXPORT_PEM,              /* the certificate chain */
  HSVIZ_EXPORT_PCAPNG,           /* the records as a capture, key log in it */
  HSVIZ_EXPORT_KEY_GRAPH,        /* the key schedule graph, SVG */
} HsvizExportKind;

/* What to do once the user agreed to replace an unsaved capture (see hsviz-window-unsaved.c). */
typedef void (*HsvizWindowThen) (HsvizWindow *self,
                                 gpointer     data);

typedef struct
{
  HsvizWindowThen func;
  gpointer        data;
  GDestroyNotify  destroy;
} HsvizWindowPending;

struct _HsvizWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  HsvizSession         *session;
  HsvizConnection      *connection;         /* the one shown, of session */
  HsvizSession         *previous_session;   /* restored when a capture captured nothing */
  HsvizConnection      *replaced_connection; /* the one an opened file replaced: "Compare" */
  GtkSingleSelection   *selection;          /* of the connection's messages, by index */
  GtkFilterListModel   *list_messages;      /* the timeline's messages, in wire order */
  GtkSingleSelection   *list_selection;     /* the message list's, kept in step with @selection */
  GFile                *file;               /* where the session was loaded from or saved to */
  char                **preset_names;       /* of the preset dropdown, custom last (NULL) */
  guint                 n_presets;
  char                 *cafile;
  /* hsviz-window-client-cert.c: never saved; the password is wiped when replaced */
  char                 *client_cert;
  char                 *client_key;
  char                 *client_password;
  /* hsviz-window-rerun.c: a rerun captures once its certificate or CA file is chosen */
  gboolean              capture_when_chosen;

  HsvizCapture         *capture;
  GCancellable         *cancellable;
  char                 *last_error;
  char                 *last_failed_at;

  GtkFileChooserNative *chooser;

  /* A capture that was not saved yet: replacing it or closing the window asks first. */
  gboolean              unsaved;
  gboolean              previous_unsaved;
  gboolean              close_confirmed;
  AdwMessageDialog     *unsaved_dialog;     /* while the question is asked */
  HsvizWindowPending    after_save;         /* run once Save (from the question) succeeded */

  /* hsviz-window-zoom.c */
  GtkCssProvider       *zoom_css;
  double                pinch_start_zoom;
  int                   fold_width;         /* the flap's width the fold policy was set for */
  double                presenter_scale;    /* presenter mode's text, times its size */

  /* hsviz-window-presenter.c */
  gboolean              presenting;
  guint                 presenter_step;     /* 1..6: the steps revealed */

  gboolean              disposed;

  guint                 n_loading;          /* files being read in a thread */

  /* template */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  AdwWindowTitle       *short_title;
  GtkEntry             *target_entry;
  GtkDropDown          *preset_dropdown;
  GtkEntry             *priority_entry;
  GtkLabel             *cafile_label;
  GtkLabel             *client_cert_label;
  GtkEntry             *alpn_entry;
  GtkSwitch            *early_data_switch; /* 0-RTT, for Reconnect and Resume */
  GtkEntry             *servername_entry;
  GtkMenuButton        *primary_menu_button;
  AdwSplitButton       *capture_button;
  AdwToastOverlay      *toast_overlay;
  HsvizFailureBanner   *failure_banner;
  GtkStack             *main_stack;
  GtkWidget            *samples_button;
  AdwFlap              *pane_flap;
  GtkWidget            *diagram_toolbar;
  GtkWidget            *connection_box;        /* shown when the session has 2+ connections */
  GtkDropDown          *connection_dropdown;
  gboolean              updating_connections;
  GtkToggleButton      *panes_button;
  GtkExpander          *message_expander;
  GtkRevealer          *presenter_bar;
  GtkLabel             *presenter_title;
  GtkLabel             *presenter_text;
  HsvizSequenceView    *sequence_view;
  GtkListView          *message_list;
  AdwViewStack         *pane_stack;
  GtkDropDown          *pane_dropdown;
  GtkStack             *pane_switchers;
  GtkWidget            *pane_switcher;
  int                   switcher_cut_width;  /* widest the switcher's titles were cut at */
  int                   switcher_last_width;
  HsvizStepPane        *step_pane;
  HsvizCertificatePane *certificate_pane;
  HsvizSuitesPane      *suites_pane;
  HsvizRandomsPane     *randoms_pane;
  HsvizTimingPane      *timing_pane;
  HsvizKeysPane        *keys_pane;
  HsvizBytesPane       *bytes_pane;

  /* hsviz-window-import.c */
  GFile                *import_file;        /* the capture imported last */
  GPtrArray            *imported;           /* its connections (HsvizConnection) */
  GCancellable         *import_cancellable;
  AdwMessageDialog     *import_dialog;      /* progress, while importing */
  GtkProgressBar       *import_progress;
};

void  _hsviz_window_class_actions_init (HsvizWindowClass *klass);
/* hsviz-window-messages.c */
void  _hsviz_window_messages_init        (HsvizWindow      *self);
void  _hsviz_window_messages_set_session (HsvizWindow      *self,
                                          HsvizConnection  *previous,
                                          HsvizConnection  *session);
void  _hsviz_window_messages_dispose     (HsvizWindow      *self);
void  _hsviz_window_update_actions     (HsvizWindow      *self);
void  _hsviz_window_update_title       (HsvizWindow      *self);
/* hsviz-window-capture.c */
void  _hsviz_window_capture_class_init (GtkWidgetClass   *widget_class);
void  _hsviz_window_start_capture      (HsvizWindow      *self,
                                        gboolean          demo);
/* A capture of the target typed with a second connection that resumes the first. */
void  _hsviz_window_start_capture_resume (HsvizWindow    *self);
/* hsviz-window-files.c: the samples menu and the drop target */
void  _hsviz_window_files_init         (HsvizWindow      *self);
/* hsviz-window-connections.c: the connection switcher follows the session and the connection
 * shown; choosing one shows it; "win.compare-connections" compares two of them. */
void  _hsviz_window_connections_class_init (GtkWidgetClass *widget_class);
void  _hsviz_window_connections_init   (HsvizWindow      *self);
void  _hsviz_window_connections_update (HsvizWindow      *self);
/* What Save / Export write once a file was chosen. */
gboolean _hsviz_window_write_export    (HsvizWindow      *self,
                                        HsvizExportKind   kind,
                                        const char       *format,
                                        GFile            *file,
                                        GError          **error);
void  _hsviz_window_remember_target    (HsvizWindow      *self,
                                        const char       *target);

/* An AdwToast showing message as plain text (its title is markup). */
AdwToast *_hsviz_window_toast_new      (const char       *message);

/* Opens a window comparing a (left) with b (right). */
void  _hsviz_window_compare            (HsvizWindow      *self,
                                        HsvizConnection  *a,
                                        HsvizConnection  *b);

/* hsviz-window-target.c */
void  _hsviz_window_setup_target       (HsvizWindow      *self);
void  _hsviz_window_show_settings      (HsvizWindow      *self,
                                        HsvizConnection  *session);
void  _hsviz_window_set_cafile         (HsvizWindow      *self,
                                        const char       *path);

/* hsviz-window-actions.c: Save, or Save As when the session has no file yet. */
void  _hsviz_window_save               (HsvizWindow      *self);

/* hsviz-window-zoom.c */
void  _hsviz_window_class_zoom_init    (HsvizWindowClass *klass);
void  _hsviz_window_zoom_init          (HsvizWindow      *self);
void  _hsviz_window_zoom_dispose       (HsvizWindow      *self);
void  _hsviz_window_set_zoom           (HsvizWindow      *self,
                                        double            zoom);
void  _hsviz_window_zoom_set_presenter_scale (HsvizWindow *self,
                                              double       scale);

/* hsviz-window-presenter.c */
void  _hsviz_window_class_presenter_init (HsvizWindowClass *klass);
void  _hsviz_window_presenter_init     (HsvizWindow      *self);
void  _hsviz_window_leave_presenter    (HsvizWindow      *self);

/* hsviz-window-import.c: a pcap/pcapng capture opened in a thread (@keylog: an NSS key log
 * file to add, or NULL), its connections to pick from, Export as pcapng */
void  _hsviz_window_import_capture     (HsvizWindow      *self,
                                        GFile            *file,
                                        const char       *keylog);
void  _hsviz_window_pick_connection    (HsvizWindow      *self);
void  _hsviz_window_import_class_init  (GtkWidgetClass   *widget_class);
void  _hsviz_window_import_update_actions (HsvizWindow   *self);
void  _hsviz_window_import_dispose     (HsvizWindow      *self);

/* hsviz-window-client-cert.c: the client certificate option (file choosers, password dialog) */
void  _hsviz_window_client_cert_class_init (GtkWidgetClass    *widget_class);
void  _hsviz_window_client_cert_options    (HsvizWindow       *self,
                                            HsvizCaptureOptions *options);
void  _hsviz_window_client_cert_dispose    (HsvizWindow       *self);
/* The file chooser (and the key chooser, or the password dialog for PKCS#12). */
void  _hsviz_window_choose_client_cert     (HsvizWindow       *self);

/* hsviz-window-unsaved.c */
void  _hsviz_window_confirm_replace    (HsvizWindow      *self,
                                        HsvizWindowThen   then,
                                        gpointer          data,
                                        GDestroyNotify    destroy);
void  _hsviz_window_save_finished      (HsvizWindow      *self,
                                        gboolean          saved);
void  _hsviz_window_pending_clear      (HsvizWindowPending *pending);

/* hsviz-window-actions.c: the CA file chooser */
void  _hsviz_window_choose_cafile          (HsvizWindow       *self);

/* hsviz-window-rerun.c: "win.rerun" ("preset:NAME" | "priority:STRING" | "url:URL" |
 * "client-cert:" | "cafile:"): the same target and settings captured again with that one
 * change, in a new window; a client certificate or CA file is chosen there first. */
void _hsviz_window_rerun_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter);
/* A chooser's end (@chosen: a file was taken): a rerun waiting for it captures now, or closes
 * its window when the choice was cancelled.  Nothing otherwise. */
void _hsviz_window_rerun_chosen (HsvizWindow *self,
                                 gboolean     chosen);

G_END_DECLS
