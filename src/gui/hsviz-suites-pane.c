/* hsviz-suites-pane.c — cipher suites, groups, key shares, signature schemes, versions, ALPN
 *
 * The offered lists are read from the ClientHello's field tree and the chosen values from the
 * session; every name comes from the core's tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-pane-util.h"
#include "hsviz-suites-pane.h"

/* Extension type numbers (IANA TLS ExtensionType registry). */
#define EXT_SUPPORTED_GROUPS      10
#define EXT_SIGNATURE_ALGORITHMS  13
#define EXT_ALPN                  16
#define EXT_SUPPORTED_VERSIONS    43
#define EXT_KEY_SHARE             51

struct _HsvizSuitesPane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;
  guint              n_offered;

  GtkStack          *stack;
  GtkListBox        *negotiation_list;
  GtkWidget         *offered_group;
  GtkListBox        *offered_list;
};

G_DEFINE_FINAL_TYPE (HsvizSuitesPane, hsviz_suites_pane, GTK_TYPE_WIDGET)

typedef const char *(*NameFunc) (guint16 id);

/* Names of the numbers of every @key field below extension @type of @message. */
static char *
offered_names (HsvizMessage *message,
               guint16       type,
               const char   *key,
               NameFunc      name_func)
{
  HsvizField *ext;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) str = g_string_new (NULL);

  if (message == NULL)
    return NULL;
  ext = hsviz_field_find_extension (hsviz_message_get_fields (message), type);
  if (ext == NULL)
    return NULL;

  fields = hsviz_field_collect (ext, key);
  for (guint i = 0; i < fields->len; i++)
    {
      HsvizField *field = g_ptr_array_index (fields, i);
      gint64 number = hsviz_field_get_number (field);

      if (str->len > 0)
        g_string_append (str, ", ");
      if (name_func != NULL && number >= 0)
        g_string_append (str, name_func ((guint16)number));
      else
        g_string_append (str, hsviz_field_get_value (field) ? hsviz_field_get_value (field)
                                                             : hsviz_field_get_label (field));
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static const char *
version_name (guint16 id)
{
  return hsviz_version_display_name (id);
}

static void
add_comparison (HsvizSuitesPane *self,
                const char      *title,
                const char      *offered,
                const char      *chosen)
{
  g_autofree char *text = g_strdup_printf (_("Offered: %s\nChosen: %s"),
                                           offered != NULL && *offered ? offered : _("(not offered)"),
                                           chosen != NULL ? chosen : _("(none)"));

  gtk_list_box_append (self->negotiation_list, hsviz_pane_row_new (title, text, FALSE));
}

static void
add_offered_suite (HsvizSuitesPane *self,
                   guint16          id,
                   gboolean         chosen)
{
  const HsvizCipherSuite *suite = hsviz_cipher_suite_lookup (id);
  g_autofree char *title = g_strdup_printf ("0x%04x  %s", id, hsviz_cipher_suite_name (id));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (suite != NULL)
    subtitle = g_strdup_printf (_("Key exchange %s · authentication %s · cipher %s · MAC %s · PRF hash %s"),
                                _(suite->kx_name), _(suite->auth), suite->cipher, suite->mac, suite->prf);
  else
    subtitle = g_strdup (_("Not a cipher suite that can be chosen (signalling value, GREASE or unknown)"));

  row = hsviz_pane_row_new (title, subtitle, FALSE);
  if (chosen)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_set_tooltip_text (icon, _("Chosen by the server"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen by the server"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "hsviz-chosen");
    }
  gtk_list_box_append (self->offered_list, row);
}

static void
hsviz_suites_pane_rebuild (GtkWidget *widget)
{
  HsvizSuitesPane *self = HSVIZ_SUITES_PANE (widget);
  HsvizConnection *session = self->watch.session;
  HsvizMessage *client_hello;
  HsvizMessage *server_hello;
  const guint16 *offered;
  guint n_offered = 0;
  guint16 chosen;
  g_autofree char *versions = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *group_name = NULL;
  g_autofree char *shares = NULL;
  g_autofree char *server_share = NULL;
  g_autofree char *sigalgs = NULL;
  g_autofree char *alpn = NULL;
  g_autofree char *title = NULL;
  g_autofree char *suites = NULL;
  guint16 version, sigscheme;

  hsviz_pane_list_clear (self->negotiation_list);
  hsviz_pane_list_clear (self->offered_list);
  self->n_offered = 0;

  client_hello = hsviz_connection_get_client_hello (session);
  if (client_hello == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  server_hello = hsviz_connection_get_server_hello (session);

  version = hsviz_connection_get_version (session);
  chosen = hsviz_connection_get_cipher_suite (session);
  sigscheme = hsviz_connection_get_signature_scheme (session);

  versions = offered_names (client_hello, EXT_SUPPORTED_VERSIONS, "version", version_name);
  if (versions == NULL)
    {
      /* No supported_versions: the legacy_version field is the offer. */
      HsvizField *legacy = hsviz_field_find (hsviz_message_get_fields (client_hello), "legacy_version");

      if (legacy != NULL && hsviz_field_get_number (legacy) >= 0)
        versions = g_strdup (hsviz_version_display_name ((guint16)hsviz_field_get_number (legacy)));
    }
  add_comparison (self, _("Protocol version"), versions, version ? hsviz_version_display_name (version) : NULL);
  offered = hsviz_connection_get_offered_suites (session, &n_offered);
  suites = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u suite, listed below", "%u suites, listed below",
                                         n_offered), n_offered);
  add_comparison (self, _("Cipher suite"), suites, chosen ? hsviz_cipher_suite_name (chosen) : NULL);

  groups = offered_names (client_hello, EXT_SUPPORTED_GROUPS, "group", hsviz_group_name);
  group_name = hsviz_connection_dup_group_name (session);
  add_comparison (self, _("Groups (key exchange curves)"), groups, group_name);

  shares = offered_names (client_hello, EXT_KEY_SHARE, "key_share_entry", hsviz_group_name);
  server_share = offered_names (server_hello, EXT_KEY_SHARE, "key_share_entry", hsviz_group_name);
  if (shares != NULL || server_share != NULL)
    add_comparison (self, _("Key shares"), shares, server_share);

  sigalgs = offered_names (client_hello, EXT_SIGNATURE_ALGORITHMS, "signature_scheme", hsviz_signature_scheme_name);
  add_comparison (self, _("Signature algorithms"), sigalgs,
                  sigscheme ? hsviz_signature_scheme_name (sigscheme) : NULL);

  alpn = offered_names (client_hello, EXT_ALPN, "protocol", NULL);
  add_comparison (self, _("Application protocol (ALPN)"), alpn, hsviz_connection_get_alpn (session));

  for (guint i = 0; offered != NULL && i < n_offered; i++)
    add_offered_suite (self, offered[i], chosen != 0 && offered[i] == chosen);
  self->n_offered = n_offered;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u Cipher Suite Offered by the Client",
                                        "%u Cipher Suites Offered by the Client", n_offered),
                           n_offered);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->offered_group), title);

  gtk_stack_set_visible_child_name (self->stack, "suites");
}

static void
hsviz_suites_pane_dispose (GObject *object)
{
  HsvizSuitesPane *self = (HsvizSuitesPane *)object;

  hsviz_connection_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_SUITES_PANE);

  G_OBJECT_CLASS (hsviz_suites_pane_parent_class)->dispose (object);
}

static void
hsviz_suites_pane_class_init (HsvizSuitesPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_suites_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-suites-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, negotiation_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, offered_group);
  gtk_widget_class_bind_template_child (widget_class, HsvizSuitesPane, offered_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_suites_pane_init (HsvizSuitesPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_suites_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_SUITES_PANE, NULL);
}

void
hsviz_suites_pane_set_connection (HsvizSuitesPane *self,
                               HsvizConnection    *session)
{
  g_return_if_fail (HSVIZ_IS_SUITES_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_suites_pane_rebuild);
}

guint
hsviz_suites_pane_get_n_offered (HsvizSuitesPane *self)
{
  g_return_val_if_fail (HSVIZ_IS_SUITES_PANE (self), 0);

  hsviz_connection_watch_flush (&self->watch);
  return self->n_offered;
}
