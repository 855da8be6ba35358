/* hsviz-chain-view.c — the chain as sent beside the path built, problems, revocation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "HandshakeViz"

#include "config.h"

#include <glib/gi18n.h>

#include "hsviz-chain-view.h"
#include "hsviz-pane-util.h"

static GtkWidget *
card_new (const HsvizCertificate *cert,
          const char             *where)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *subject = gtk_label_new (cert != NULL ? cert->subject : "?");
  GtkWidget *note = gtk_label_new (where);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "hsviz-chain-card");
  gtk_label_set_wrap (GTK_LABEL (subject), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subject), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (subject), 0);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (GTK_BOX (box), subject);
  gtk_box_append (GTK_BOX (box), note);
  return box;
}

/* "✓ issued and signed by the one below" between two cards. */
static GtkWidget *
link_new (HsvizTri    ok,
          const char *text)
{
  g_autofree char *label = g_strdup_printf ("%s %s", ok == 1 ? "↑ ✓" : ok == 0 ? "↑ ✗" : "↑ ·", text);

  /* the arrow points from the subject up to its issuer */
  GtkWidget *l = gtk_label_new (label);

  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_margin_start (l, 12);
  gtk_widget_add_css_class (l, ok == 1 ? "success" : ok == 0 ? "error" : "dim-label");
  return l;
}

static GtkWidget *
column_new (const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);

  gtk_widget_set_hexpand (box, TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  return box;
}

/* The chain as the server sent it, issuers above the certificates they signed: the last one
 * sent on top, the leaf at the bottom, the check of each link between them. */
static GtkWidget *
sent_column_new (HsvizConnection *c)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  GPtrArray *checks = hsviz_connection_get_cert_checks (c);
  GtkWidget *col = column_new (_("As sent"));

  for (guint i = certs->len; i-- > 0;)
    {
      g_autofree char *where = g_strdup_printf (_("sent as %u"), i + 1);
      const HsvizCertCheck *below = i > 0 && i - 1 < checks->len ? g_ptr_array_index (checks, i - 1) : NULL;

      gtk_box_append (GTK_BOX (col), card_new (g_ptr_array_index (certs, i), where));
      if (below == NULL)
        continue;
      gtk_box_append (GTK_BOX (col),
                      link_new (below->signed_by_next,
                                below->signed_by_next == 1 ? _("issued and signed the one below")
                                : below->issued_by_next == 1 ? _("named as issuer, but the signature does not verify")
                                : _("not the issuer of the one below")));
    }
  return col;
}

/* The path from the leaf (bottom) to where it ends (top): an anchor, or a missing issuer. */
static GtkWidget *
path_column_new (HsvizConnection *c)
{
  GPtrArray *certs = hsviz_connection_get_certificates (c);
  const HsvizChainPath *path = hsviz_connection_get_chain_path (c);
  const HsvizVerification *v = hsviz_connection_get_verification (c);
  GtkWidget *col = column_new (_("Path built"));
  const HsvizCertificate *last;

  if (!path->present || path->path->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("Not built (the session holds no path)"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (col), none);
      return col;
    }
  last = hsviz_chain_path_certificate (path, certs, path->path->len - 1, NULL);
  if (path->anchored)
    gtk_box_append (GTK_BOX (col), link_new (1, _("a trust anchor of the store ends the path")));
  else if (last != NULL && last->self_signed)
    gtk_box_append (GTK_BOX (col), link_new (0, _("self-signed, and not in the trust store")));
  else if (last != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("its issuer “%s” was neither sent nor trusted"), last->issuer);

      gtk_box_append (GTK_BOX (col), link_new (0, text));
    }
  for (guint i = path->path->len; i-- > 0;)
    {
      int sent = -1;
      const HsvizCertificate *cert = hsviz_chain_path_certificate (path, certs, i, &sent);
      g_autofree char *where = sent >= 0 ? g_strdup_printf (_("sent as %d"), sent + 1)
                                         : g_strdup_printf (_("from the trust store (%s)"),
                                                            v->trust_store ? v->trust_store : "?");

      gtk_box_append (GTK_BOX (col), card_new (cert, where));
      /* every link of the path was checked when it was built: name and signature */
      if (i > 0)
        gtk_box_append (GTK_BOX (col), link_new (1, _("issued and signed the one below")));
    }
  return col;
}

GtkWidget *
hsviz_chain_view_new (HsvizConnection *c)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *sent = sent_column_new (c);
  GtkWidget *path = path_column_new (c);
  GtkWidget *list = gtk_list_box_new ();
  GPtrArray *problems = hsviz_connection_get_chain_problems (c);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Chain as Sent and Path Built"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Issuers above the certificates they signed; each arrow is checked "
                                           "by name and by signature."));
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_box_append (GTK_BOX (columns), sent);
  gtk_box_append (GTK_BOX (columns), path);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), columns);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  if (problems->len == 0)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         hsviz_pane_check_row_new (_("No chain problems"),
                                                   _("The chain as sent is the chain that should be sent."), TRUE));
  for (guint i = 0; i < problems->len; i++)
    {
      const HsvizChainProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *text = hsviz_chain_problem_describe (p);

      gtk_list_box_append (GTK_LIST_BOX (list), hsviz_pane_check_row_new (p->code, text, FALSE));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return group;
}

static GtkWidget *
ocsp_row_new (const char *title,
              const char *status,
              const char *detail)
{
  g_autofree char *text = g_strdup_printf ("%s%s%s", status ? status : "none",
                                           detail ? "\n" : "", detail ? detail : "");

  if (g_strcmp0 (status, "good") == 0 || g_strcmp0 (status, "revoked") == 0)
    return hsviz_pane_check_row_new (title, text, g_strcmp0 (status, "good") == 0);
  return hsviz_pane_row_new (title, text, FALSE);
}

GtkWidget *
hsviz_revocation_group_new (HsvizConnection *c)
{
  const HsvizRevocation *r = hsviz_connection_get_revocation (c);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Revocation"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             ocsp_row_new (_("Stapled OCSP (sent by the server)"), r->stapled, NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             ocsp_row_new (_("Live OCSP (asked of the responder)"), r->ocsp, NULL));
  if (r->responder != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               hsviz_pane_row_new (_("Responder"), r->responder, TRUE));
  if (r->detail != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               hsviz_pane_row_new (_("What the answers say (this and next update, or why "
                                                     "it could not be checked)"), r->detail, FALSE));
  return group;
}

GtkWidget *
hsviz_cert_checks_row_new (const HsvizCertCheck   *check,
                           const HsvizCertificate *cert)
{
  g_autoptr(GPtrArray) lines = hsviz_cert_check_lines (check, cert);
  GtkWidget *row = adw_expander_row_new ();
  guint failed = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const HsvizCheckLine *l = g_ptr_array_index (lines, i);

      if (l->ok == 0)
        failed++;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                l->ok < 0 ? hsviz_pane_row_new (l->text, NULL, FALSE)
                                          : hsviz_pane_check_row_new (l->text, NULL, l->ok == 1));
    }
  for (guint i = 0; i < check->scts->len; i++)
    {
      g_autofree char *sct = hsviz_sct_describe (g_ptr_array_index (check->scts, i));

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                hsviz_pane_row_new (_("Signed certificate timestamp (not verified)"), sct, TRUE));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Checks by HandshakeViz"));
  subtitle = failed == 0 ? g_strdup (_("all passed"))
                         : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", failed), failed);
  if (check->scts->len > 0)
    {
      g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u embedded SCT",
                                                            "%s · %u embedded SCTs", check->scts->len),
                                               subtitle, check->scts->len);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), failed > 0);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                               gtk_image_new_from_icon_name (failed == 0 ? "emblem-ok-symbolic" : "dialog-error-symbolic"));
  return row;
}
