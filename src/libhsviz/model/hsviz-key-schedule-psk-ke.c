/* hsviz-key-schedule-psk-ke.c — the TLS 1.3 key schedule of a resumption with psk_ke
 *
 * With psk_ke (RFC 8446 §4.2.9) the server sends no key share: there is no (EC)DHE shared
 * secret, and the key schedule takes Hash.length zero bytes in its place (§7.1):
 *   handshake_secret = HKDF-Extract(Derive-Secret(early_secret, "derived", ""), 0…0)
 *   master_secret    = HKDF-Extract(Derive-Secret(handshake_secret, "derived", ""), 0…0)
 * The early secret is the one computed from the PSK (hsviz-key-schedule-resume.c), so every
 * secret of the connection follows from the resumed connection's resumption_master_secret; the
 * traffic secrets derived here are compared with the key log's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-key-schedule-private.h"

/* Derive-Secret(@secret, @label, Transcript-Hash(messages [0, @end))) compared with the key log
 * line @keylog_label; a line of the comparison is appended to @note. */
static gboolean
check_traffic_secret (HsvizKsCtx   *ctx,
                      const guint8 *secret,
                      const char   *label,
                      guint         end,
                      const char   *keylog_label,
                      GString      *note)
{
  g_autoptr(GBytes) logged = hsviz_ks_keylog_secret (ctx, keylog_label);
  guint8 hash[HSVIZ_KS_MAX_HASH], derived[HSVIZ_KS_MAX_HASH];
  gboolean ok;

  if (!hsviz_ks_transcript_hash (ctx, end, hash, NULL) ||
      !hsviz_tls13_hkdf_expand_label (ctx->mac, secret, ctx->hlen, label, hash, ctx->hlen, derived, ctx->hlen))
    {
      g_string_append_printf (note, "%sGnuTLS could not derive \"%s\"", note->len > 0 ? "; " : "", label);
      return FALSE;
    }
  ok = logged != NULL && hsviz_ks_bytes_equal (derived, ctx->hlen, logged);
  g_string_append_printf (note, "%sDerive-Secret(it, \"%s\", …) %s the key log's %s", note->len > 0 ? "; " : "",
                          label, logged == NULL ? "cannot be compared with (no line)" : ok ? "equals" : "DIFFERS from",
                          keylog_label);
  return ok;
}

void
hsviz_ks_compute_psk_ke (HsvizKsCtx *ctx)
{
  static const char zeros_formula[] = "Hash.length bytes of zeros in place of the (EC)DHE shared secret: psk_ke, "
                                      "the server sent no key share (RFC 8446 §7.1)";
  static const char hs_formula[] = "HKDF-Extract(salt = Derive-Secret(early_secret, \"derived\", \"\"), zeros)";
  static const char ms_formula[] = "HKDF-Extract(salt = Derive-Secret(handshake_secret, \"derived\", \"\"), zeros)";
  int sh = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_SERVER_HELLO, 0);
  int sfin = sh < 0 ? -1 : hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_FINISHED, (guint) sh + 1);
  guint8 zeros[HSVIZ_KS_MAX_HASH] = { 0 };
  guint8 salt[HSVIZ_KS_MAX_HASH], hs[HSVIZ_KS_MAX_HASH], ms[HSVIZ_KS_MAX_HASH];
  g_autoptr(GString) hs_note = g_string_new (NULL);
  g_autoptr(GString) ms_note = g_string_new (NULL);
  gboolean hs_ok, ms_ok = FALSE;
  HsvizKsEntry *zeros_entry;

  /* Without the early secret (an import, a file without the resumed connection's secrets)
   * nothing is recomputed from the zeros: no entry, as for the (EC)DHE handshake secret, whose
   * absence resumption_master_secret's note explains */
  if (!ctx->has_early_secret)
    return;
  zeros_entry = hsviz_ks_entry_add (ctx, "zeros", zeros_formula, zeros, ctx->hlen, FALSE, NULL);
  if (sh < 0 ||
      !hsviz_tls13_derive_secret (ctx->mac, ctx->early_secret, ctx->hlen, "derived", NULL, 0, salt) ||
      !hsviz_tls13_hkdf_extract (ctx->mac, salt, zeros, ctx->hlen, hs) ||
      !hsviz_tls13_derive_secret (ctx->mac, hs, ctx->hlen, "derived", NULL, 0, salt) ||
      !hsviz_tls13_hkdf_extract (ctx->mac, salt, zeros, ctx->hlen, ms))
    {
      zeros_entry->note = g_strdup ("GnuTLS could not compute the handshake secret from it");
      return;
    }

  hs_ok = check_traffic_secret (ctx, hs, "c hs traffic", (guint) sh + 1, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", hs_note);
  hs_ok = check_traffic_secret (ctx, hs, "s hs traffic", (guint) sh + 1, "SERVER_HANDSHAKE_TRAFFIC_SECRET", hs_note) && hs_ok;
  if (sfin >= 0)
    {
      ms_ok = check_traffic_secret (ctx, ms, "c ap traffic", (guint) sfin + 1, "CLIENT_TRAFFIC_SECRET_0", ms_note);
      ms_ok = check_traffic_secret (ctx, ms, "s ap traffic", (guint) sfin + 1, "SERVER_TRAFFIC_SECRET_0", ms_note) && ms_ok;
    }
  else
    g_string_append (ms_note, "no server Finished was captured to derive the application traffic secrets over");

  zeros_entry->verified = hs_ok;
  zeros_entry->note = g_strdup (hs_ok ? "the handshake traffic secrets derived with it are the key log's"
                                      : "the handshake traffic secrets derived with it are NOT the key log's");
  hsviz_ks_entry_add (ctx, "handshake_secret", hs_formula, hs, ctx->hlen, hs_ok,
                      g_strdup_printf ("from the early secret (from the PSK) and zeros, no (EC)DHE; %s", hs_note->str));
  hsviz_ks_entry_add (ctx, "master_secret", ms_formula, ms, ctx->hlen, ms_ok, g_strdup (ms_note->str));
}
