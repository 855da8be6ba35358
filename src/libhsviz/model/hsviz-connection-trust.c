/* hsviz-connection-trust.c — a connection's certificate checks, chain problems and diagnosis
 *
 * Derived in hsviz_connection_complete() from the certificates' bytes, the name checked, the
 * capture time, the path built at capture (saved) and the outcome, so a reopened file gives
 * the same facts as the capture did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-connection-private.h"
#include "hsviz-session.h"

void
_hsviz_connection_clear_trust (HsvizConnection *self)
{
  hsviz_chain_path_clear (&self->chain_path);
  g_clear_pointer (&self->cert_checks, g_ptr_array_unref);
  g_clear_pointer (&self->chain_problems, g_ptr_array_unref);
  g_clear_pointer (&self->diagnosis, hsviz_diagnosis_free);
}

void
_hsviz_connection_derive_trust (HsvizConnection *self)
{
  GPtrArray *certs = hsviz_connection_get_certificates (self);
  HsvizVerification *v = &self->verification;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  /* the capture time is the session's (a connection is in its session before it completes) */
  GDateTime *captured_at = self->session != NULL ? hsviz_session_get_captured_at (self->session) : NULL;
  gint64 at = captured_at != NULL ? g_date_time_to_unix (captured_at) : now;

  g_clear_pointer (&self->cert_checks, g_ptr_array_unref);
  g_clear_pointer (&self->chain_problems, g_ptr_array_unref);
  g_clear_pointer (&self->diagnosis, hsviz_diagnosis_free);

  self->cert_checks = hsviz_chain_check_certificates (certs, v->present ? v->checked_name
                                                                          : self->target.servername,
                                                      at, now);
  self->chain_problems = hsviz_chain_find_problems (certs, self->cert_checks, &self->chain_path, at);
  /* time_ok is ours: every certificate sent within its dates at the capture and now (GnuTLS
   * does not look at the dates once it has found no issuer) */
  if (v->present)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < self->cert_checks->len; i++)
        {
          const HsvizCertCheck *c = g_ptr_array_index (self->cert_checks, i);

          ok = ok && c->time_ok && !c->expired_now && !c->not_yet_valid_now;
        }
      v->time_ok = ok;
    }
  self->diagnosis = hsviz_diagnosis_new_for_connection (self);
  _hsviz_connection_invalidate_timeline (self);
}

void
hsviz_connection_set_chain_path (HsvizConnection      *self,
                                 const HsvizChainPath *path)
{
  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (path != NULL);

  hsviz_chain_path_copy (&self->chain_path, path);
}

GPtrArray *
hsviz_connection_get_cert_checks (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  if (self->cert_checks == NULL)
    self->cert_checks = g_ptr_array_new_with_free_func (hsviz_cert_check_free);
  return self->cert_checks;
}

const HsvizChainPath *
hsviz_connection_get_chain_path (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return &self->chain_path;
}

GPtrArray *
hsviz_connection_get_chain_problems (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  if (self->chain_problems == NULL)
    self->chain_problems = g_ptr_array_new_with_free_func (hsviz_chain_problem_free);
  return self->chain_problems;
}

const HsvizDiagnosis *
hsviz_connection_get_diagnosis (HsvizConnection *self)
{
  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), NULL);
  return self->diagnosis;
}
