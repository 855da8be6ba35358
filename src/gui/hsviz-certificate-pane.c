/* hsviz-certificate-pane.c — the chain as sent, and the verdict as three checks
 *
 * Every field comes from the core's HsvizCertificate and HsvizVerification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-certificate-pane.h"
#include "hsviz-chain-view.h"
#include "hsviz-pane-util.h"

struct _HsvizCertificatePane
{
  GtkWidget          parent_instance;

  HsvizConnectionWatch  watch;
  guint              n_certificates;

  GtkStack          *stack;
  GtkListBox        *verdict_list;
  GtkBox            *chain_box;
};

G_DEFINE_FINAL_TYPE (HsvizCertificatePane, hsviz_certificate_pane, GTK_TYPE_WIDGET)

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("?");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

static void
add_verdict (HsvizCertificatePane *self,
             HsvizConnection         *session)
{
  const HsvizVerification *v = hsviz_connection_get_verification (session);
  g_autofree char *verdict = NULL;
  g_autofree char *name_detail = NULL;
  g_autofree char *issuer_detail = NULL;
  g_autofree char *status = NULL;

  hsviz_pane_list_clear (self->verdict_list);

  if (v == NULL || !v->present)
    {
      gtk_list_box_append (self->verdict_list,
                           hsviz_pane_row_new (_("No verdict"),
                                               _("The chain was not checked (no certificate was received)."),
                                               FALSE));
      return;
    }

  /* GnuTLS's verdict and ours (dates, weak keys, the chain), and what a browser would do */
  verdict = hsviz_connection_dup_browser_verdict (session);
  if (verdict == NULL)
    verdict = hsviz_verification_dup_text (v);
  gtk_list_box_append (self->verdict_list,
                       hsviz_pane_check_row_new (hsviz_connection_trust_ok (session) ? _("Trusted") : _("Not trusted"),
                                                 verdict, hsviz_connection_trust_ok (session)));

  name_detail = v->hostname_ok
    ? g_strdup_printf (_("The certificate is for “%s”."), v->checked_name ? v->checked_name : "")
    : g_strdup_printf (_("The certificate is not for “%s”."), v->checked_name ? v->checked_name : "");
  gtk_list_box_append (self->verdict_list,
                       hsviz_pane_check_row_new (_("Name"), name_detail, v->hostname_ok));
  gtk_list_box_append (self->verdict_list,
                       hsviz_pane_check_row_new (_("Dates"),
                                                 v->time_ok
                                                 ? _("Every certificate sent is within its dates, at the capture and now (checked by HandshakeViz).")
                                                 : _("A certificate sent is outside its dates: see its checks below."),
                                                 v->time_ok));
  issuer_detail = v->issuer_ok
    ? g_strdup_printf (_("The chain leads to an authority in the trust store (%s)."),
                       v->trust_store ? v->trust_store : _("system"))
    : g_strdup_printf (_("The chain does not lead to an authority in the trust store (%s)."),
                       v->trust_store ? v->trust_store : _("system"));
  gtk_list_box_append (self->verdict_list,
                       hsviz_pane_check_row_new (_("Issuer"), issuer_detail, v->issuer_ok));

  if (v->status_strings != NULL && v->status_strings[0] != NULL)
    {
      status = g_strjoinv (", ", v->status_strings);
      gtk_list_box_append (self->verdict_list, hsviz_pane_row_new (_("Status flags"), status, FALSE));
    }
}

static GtkWidget *
expander_new (const char  *title,
              const char  *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);
  return row;
}

static GtkWidget *
urls_row_new (const char  *title,
              char       **urls)
{
  guint n = urls != NULL ? g_strv_length (urls) : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u URL", "%u URLs", n), n);
  GtkWidget *row = expander_new (title, count);

  for (guint i = 0; i < n; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), hsviz_pane_row_new (urls[i], NULL, FALSE));
  gtk_widget_set_sensitive (row, n > 0);
  return row;
}

static GtkWidget *
certificate_group_new (HsvizConnection     *session,
                       HsvizCertificate *cert,
                       guint             index,
                       guint             n)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = NULL;
  g_autofree char *from = format_time (cert->not_before);
  g_autofree char *until = format_time (cert->not_after);
  g_autofree char *validity = NULL;
  g_autofree char *key = NULL;
  g_autofree char *san = NULL;
  g_autofree char *n_ext = NULL;
  HsvizSession *owner = hsviz_connection_get_session (session);
  GDateTime *captured_at = owner != NULL ? hsviz_session_get_captured_at (owner) : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *ext_row;
  GPtrArray *checks = hsviz_connection_get_cert_checks (session);

  if (index == 0)
    title = g_strdup_printf (_("Certificate %u of %u · the server’s own"), index + 1, n);
  else if (cert->self_signed)
    title = g_strdup_printf (_("Certificate %u of %u · self-signed root"), index + 1, n);
  else
    title = g_strdup_printf (_("Certificate %u of %u · issuer"), index + 1, n);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  if (index < checks->len)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               hsviz_cert_checks_row_new (g_ptr_array_index (checks, index), cert));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("Subject"), cert->subject, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("Issuer"), cert->issuer, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("Serial number"), cert->serial, TRUE));

  if (captured_at != NULL)
    validity = g_strdup_printf (_("%s — %s\nWhen captured: %s · now: %s"), from, until,
                                hsviz_certificate_validity_display_name (hsviz_certificate_validity_at (cert, g_date_time_to_unix (captured_at))),
                                hsviz_certificate_validity_display_name (hsviz_certificate_validity_at (cert, now)));
  else
    validity = g_strdup_printf (_("%s — %s\nNow: %s"), from, until,
                                hsviz_certificate_validity_display_name (hsviz_certificate_validity_at (cert, now)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             hsviz_pane_check_row_new (_("Validity"), validity,
                                                       g_strcmp0 (hsviz_certificate_validity_at (cert, captured_at ? g_date_time_to_unix (captured_at) : now), "valid") == 0));

  san = cert->san != NULL ? g_strjoinv (", ", cert->san) : NULL;
  if (san != NULL && cert->san_omitted > 0)
    {
      g_autofree char *all = g_steal_pointer (&san);

      san = g_strdup_printf (ngettext ("%s, and %u more name not kept", "%s, and %u more names not kept",
                                       cert->san_omitted), all, cert->san_omitted);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             hsviz_pane_row_new (_("Subject alternative names"), san ? san : _("none"), FALSE));

  if (cert->public_key_curve != NULL)
    key = g_strdup_printf (_("%s, %u bits, curve %s"), cert->public_key_algorithm,
                           cert->public_key_bits, cert->public_key_curve);
  else
    key = g_strdup_printf (_("%s, %u bits"), cert->public_key_algorithm, cert->public_key_bits);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("Public key"), key, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             hsviz_pane_row_new (_("Signature algorithm"), cert->signature_algorithm, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             hsviz_pane_row_new (_("Certificate authority"),
                                                 cert->is_ca ? _("yes (may sign other certificates)") : _("no"),
                                                 FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("SHA-256 fingerprint"), cert->sha256, TRUE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), hsviz_pane_row_new (_("SHA-1 fingerprint"), cert->sha1, TRUE));

  n_ext = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u extension", "%u extensions",
                                        cert->extensions ? cert->extensions->len : 0),
                           cert->extensions ? cert->extensions->len : 0);
  ext_row = expander_new (_("Extensions"), n_ext);
  for (guint i = 0; cert->extensions != NULL && i < cert->extensions->len; i++)
    {
      HsvizCertExtension *ext = g_ptr_array_index (cert->extensions, i);
      g_autofree char *title_ext = ext->critical
        ? g_strdup_printf (_("%s (critical)"), ext->name)
        : g_strdup (ext->name);
      g_autofree char *value = ext->value != NULL
        ? g_strdup_printf ("%s\n%s", ext->value, ext->oid)
        : g_strdup (ext->oid);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (ext_row), hsviz_pane_row_new (title_ext, value, FALSE));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ext_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), urls_row_new (_("OCSP responders"), cert->ocsp_urls));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), urls_row_new (_("CA issuer URLs"), cert->ca_issuer_urls));

  return group;
}

static void
hsviz_certificate_pane_rebuild (GtkWidget *widget)
{
  HsvizCertificatePane *self = HSVIZ_CERTIFICATE_PANE (widget);
  HsvizConnection *session = self->watch.session;
  GPtrArray *certs = session != NULL ? hsviz_connection_get_certificates (session) : NULL;

  hsviz_pane_box_clear (self->chain_box);
  self->n_certificates = 0;

  if (certs == NULL || certs->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  add_verdict (self, session);
  gtk_box_append (self->chain_box, hsviz_chain_view_new (session));
  gtk_box_append (self->chain_box, hsviz_revocation_group_new (session));
  for (guint i = 0; i < certs->len; i++)
    gtk_box_append (self->chain_box,
                    certificate_group_new (session, g_ptr_array_index (certs, i), i, certs->len));
  self->n_certificates = certs->len;

  gtk_stack_set_visible_child_name (self->stack, "chain");
}

static void
hsviz_certificate_pane_dispose (GObject *object)
{
  HsvizCertificatePane *self = (HsvizCertificatePane *)object;

  hsviz_connection_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), HSVIZ_TYPE_CERTIFICATE_PANE);

  G_OBJECT_CLASS (hsviz_certificate_pane_parent_class)->dispose (object);
}

static void
hsviz_certificate_pane_class_init (HsvizCertificatePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hsviz_certificate_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/HandshakeViz/hsviz-certificate-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HsvizCertificatePane, stack);
  gtk_widget_class_bind_template_child (widget_class, HsvizCertificatePane, verdict_list);
  gtk_widget_class_bind_template_child (widget_class, HsvizCertificatePane, chain_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hsviz_certificate_pane_init (HsvizCertificatePane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hsviz_certificate_pane_new (void)
{
  return g_object_new (HSVIZ_TYPE_CERTIFICATE_PANE, NULL);
}

void
hsviz_certificate_pane_set_connection (HsvizCertificatePane *self,
                                    HsvizConnection         *session)
{
  g_return_if_fail (HSVIZ_IS_CERTIFICATE_PANE (self));

  hsviz_connection_watch_set (&self->watch, GTK_WIDGET (self), session, hsviz_certificate_pane_rebuild);
}

guint
hsviz_certificate_pane_get_n_certificates (HsvizCertificatePane *self)
{
  g_return_val_if_fail (HSVIZ_IS_CERTIFICATE_PANE (self), 0);

  hsviz_connection_watch_flush (&self->watch);
  return self->n_certificates;
}
