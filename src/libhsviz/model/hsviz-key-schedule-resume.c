/* hsviz-key-schedule-resume.c — the key schedule of a resumed connection, from the connection it
 * resumed
 *
 * TLS 1.3 (RFC 8446 §4.2.11, §4.6.1, §7.1): the identity in the ClientHello's pre_shared_key is
 * the ticket of one of the first connection's NewSessionTickets; PSK = HKDF-Expand-Label(
 * resumption_master_secret, "resumption", ticket_nonce, Hash.length), early secret =
 * HKDF-Extract(0, PSK), binder_key = Derive-Secret(early secret, "res binder", ""), and the
 * binder = HMAC(finished key of binder_key, Transcript-Hash(ClientHello up to its binders)),
 * compared with the binder on the wire.  The resumption_master_secret is the first connection's
 * (secrets.resumption_master_secret, read from GnuTLS's session data at capture: no key-log label
 * exists for it).
 * TLS 1.2: the master secret of an abbreviated handshake is the first connection's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-field.h"
#include "hsviz-key-schedule-private.h"
#include "hsviz-util.h"

/* The field @key of the @index-th child named @child of @root's pre_shared_key, or NULL. */
static HsvizField *
psk_field (HsvizMessage *m,
           const char   *child,
           guint         index)
{
  HsvizField *ext = hsviz_field_find_extension (hsviz_message_get_fields (m), HSVIZ_EXT_PRE_SHARED_KEY);
  g_autoptr(GPtrArray) items = hsviz_field_collect (ext, child);

  if (index >= items->len)
    return NULL;
  return g_ptr_array_index (items, index);
}

/* Why the connection it resumed cannot give the resumption_master_secret. */
static const char *
why_no_resumption_secret (HsvizKsCtx *ctx)
{
  HsvizConnection *o = ctx->original;

  if (g_strcmp0 (hsviz_connection_get_source (ctx->session), "import") == 0 ||
      (o != NULL && g_strcmp0 (hsviz_connection_get_source (o), "import") == 0))
    return "imported from a packet capture: a key log has no line for the resumption_master_secret "
           "(NSS defines no label for it), so the chain from the connection it resumed cannot be recomputed";
  if (o == NULL)
    return "the connection it resumed is not in this session";
  if (hsviz_connection_secrets_stripped (o) || !hsviz_connection_has_secrets (o))
    return "the connection it resumed was saved without its secrets";
  return "GnuTLS's session data did not give it (HandshakeViz reads it from the TLS 1.3 part of "
         "gnutls_session_get_data2, layout of GnuTLS 3.7; another layout is not read)";
}

/* Transcript-Hash(ClientHello truncated before its binders), with the HelloRetryRequest rule
 * (RFC 8446 §4.2.11.2): message_hash(ClientHello1) ‖ HelloRetryRequest ‖ truncated
 * ClientHello2. */
static gboolean
binder_transcript_hash (HsvizKsCtx *ctx,
                        guint       ch,
                        gsize       truncate_at,
                        guint8     *out)
{
  gnutls_hash_hd_t h;
  guint8 prefix_hash[HSVIZ_KS_MAX_HASH];
  gsize len;
  const guint8 *d = g_bytes_get_data (hsviz_ks_message_bytes (ctx, ch), &len);

  if (truncate_at > len || gnutls_hash_init (&h, (gnutls_digest_algorithm_t) ctx->mac) < 0)
    return FALSE;
  if (ch > 0 && ctx->hrr >= 0)
    {
      /* the messages before it, ClientHello1 replaced by message_hash */
      guint8 mh[4 + HSVIZ_KS_MAX_HASH];

      if (!hsviz_ks_transcript_hash (ctx, ch, prefix_hash, mh))
        {
          gnutls_hash_deinit (h, NULL);
          return FALSE;
        }
      gnutls_hash (h, mh, 4 + ctx->hlen);
      for (guint i = ctx->hrr; i < ch; i++)
        {
          gsize mlen;
          const guint8 *md = g_bytes_get_data (hsviz_ks_message_bytes (ctx, i), &mlen);

          gnutls_hash (h, md, mlen);
        }
    }
  gnutls_hash (h, d, truncate_at);
  gnutls_hash_deinit (h, out);
  return TRUE;
}

/* The NewSessionTicket of the first connection whose ticket is @identity: its message index,
 * its place among the tickets (@nth of @count) and its nonce; -1 when none is. */
static int
find_ticket (HsvizConnection *original,
             const guint8    *identity,
             gsize            identity_len,
             guint           *nth,
             guint           *count,
             GBytes         **nonce)
{
  int found = -1;

  *nth = *count = 0;
  for (guint i = 0; original != NULL && i < hsviz_connection_get_n_messages (original); i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (original, i);
      HsvizField *ticket, *n;
      const guint8 *t, *nd;
      gsize tlen, nlen;

      if (hsviz_message_get_direction (m) != HSVIZ_DIRECTION_SERVER ||
          hsviz_message_get_type_code (m) != HSVIZ_HS_NEW_SESSION_TICKET)
        continue;
      (*count)++;
      ticket = hsviz_field_find (hsviz_message_get_fields (m), "ticket");
      n = hsviz_field_find (hsviz_message_get_fields (m), "ticket_nonce");
      if (found >= 0 || ticket == NULL || n == NULL ||
          (t = hsviz_message_get_field_value (m, ticket, &tlen)) == NULL || (nd = hsviz_message_get_field_value (m, n, &nlen)) == NULL)
        continue;
      if (tlen == identity_len && memcmp (t, identity, tlen) == 0)
        {
          found = (int) i;
          *nth = *count;
          *nonce = g_bytes_new (nd, nlen);
        }
    }
  return found;
}

static const char *
ordinal (guint n)
{
  static const char *const names[] = { "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th" };

  return n >= 1 && n <= G_N_ELEMENTS (names) ? names[n - 1] : "nth";
}

/* The early secret, checked once more when the key log has the 0-RTT secret derived from it
 * over the first ClientHello (GnuTLS logs another one after a HelloRetryRequest). */
static char *
early_traffic_check (HsvizKsCtx   *ctx,
                     const guint8 *early)
{
  GPtrArray *log = ctx->secrets->keylog;
  const guint8 *cr = hsviz_connection_get_client_random (ctx->session);
  g_autofree char *cr_hex = cr != NULL ? hsviz_hex_encode (cr, 32) : NULL;
  g_autofree char *cets_hex = NULL;
  gboolean logged = FALSE;
  guint8 cets[HSVIZ_KS_MAX_HASH];
  gsize len;
  const guint8 *d = g_bytes_get_data (hsviz_ks_message_bytes (ctx, 0), &len);

  if (!hsviz_tls13_derive_secret (ctx->mac, early, ctx->hlen, "c e traffic", d, len, cets))
    return NULL;
  cets_hex = hsviz_hex_encode (cets, ctx->hlen);
  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      const HsvizKeylogEntry *k = g_ptr_array_index (log, i);

      if (g_strcmp0 (k->label, "CLIENT_EARLY_TRAFFIC_SECRET") != 0 ||
          (cr_hex != NULL && g_ascii_strcasecmp (cr_hex, k->client_random) != 0))
        continue;
      logged = TRUE;
      if (g_ascii_strcasecmp (k->secret, cets_hex) == 0)
        return g_strdup ("; Derive-Secret(it, \"c e traffic\", ClientHello) equals the key log's CLIENT_EARLY_TRAFFIC_SECRET");
    }
  return logged ? g_strdup ("; Derive-Secret(it, \"c e traffic\", ClientHello) DIFFERS from the key log's CLIENT_EARLY_TRAFFIC_SECRET")
                : NULL;
}

void
hsviz_ks_compute_resumption_tls13 (HsvizKsCtx *ctx)
{
  guint from = (guint) hsviz_connection_get_resumed_from (ctx->session) + 1;
  int ch = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_CLIENT_HELLO,
                                  ctx->hrr > 0 ? (guint) ctx->hrr : 0);
  int sh = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_SERVER_HELLO, 0);
  HsvizMessage *chm = ch >= 0 ? hsviz_connection_get_message (ctx->session, ch) : NULL;
  HsvizField *selected_field = sh >= 0 ? psk_field (hsviz_connection_get_message (ctx->session, sh),
                                                    "selected_identity", 0) : NULL;
  guint selected = selected_field != NULL ? (guint) hsviz_field_get_number (selected_field) : 0;
  HsvizField *identity = chm != NULL ? psk_field (chm, "psk_identity", selected) : NULL;
  HsvizField *binder = chm != NULL ? psk_field (chm, "psk_binder", selected) : NULL;
  HsvizField *binders = chm != NULL ? psk_field (chm, "binders", 0) : NULL;
  GBytes *rms = ctx->original != NULL ? hsviz_connection_get_secrets (ctx->original)->resumption_master_secret : NULL;
  g_autofree char *rms_formula = g_strdup_printf ("Derive-Secret(master_secret, \"res master\", ClientHello … client "
                                                  "Finished) of connection %u (from GnuTLS's session data: no key-log "
                                                  "label exists for it)", from);
  g_autofree char *psk_formula = g_strdup_printf ("HKDF-Expand-Label(resumption_master_secret, \"resumption\", "
                                                  "ticket_nonce, %" G_GSIZE_FORMAT ")", ctx->hlen);
  g_autofree char *fk_formula = g_strdup_printf ("HKDF-Expand-Label(binder_key, \"finished\", \"\", %" G_GSIZE_FORMAT ")",
                                                 ctx->hlen);
  g_autofree char *binder_formula = g_strdup_printf ("HMAC-%s(binder_finished_key, Transcript-Hash(%s))", ctx->cs->prf,
                                                     ctx->hrr > 0 ? "message_hash(ClientHello1), HelloRetryRequest, "
                                                                    "ClientHello2 up to its binders"
                                                                  : "ClientHello up to its binders");
  g_autofree char *ticket_note = NULL;
  g_autofree char *early_check = NULL;
  g_autofree char *nonce_hex = NULL;
  g_autoptr(GBytes) nonce = NULL;
  guint8 psk[HSVIZ_KS_MAX_HASH], early[HSVIZ_KS_MAX_HASH], binder_key[HSVIZ_KS_MAX_HASH];
  guint8 fk[HSVIZ_KS_MAX_HASH], hash[HSVIZ_KS_MAX_HASH], computed[HSVIZ_KS_MAX_HASH];
  const guint8 *id_bytes = NULL, *wire_binder = NULL, *r, *nd;
  gsize id_len = 0, wire_len = 0, r_len = 0, n_len = 0;
  guint nth = 0, count = 0;
  gboolean ok;
  int nst;

  if (identity != NULL)
    id_bytes = hsviz_message_get_field_value (chm, hsviz_field_find (identity, "identity"), &id_len);
  if (binder != NULL)
    wire_binder = hsviz_message_get_field_value (chm, binder, &wire_len);
  if (id_bytes == NULL || wire_binder == NULL || binders == NULL)
    {
      hsviz_ks_entry_add (ctx, "psk_binder", binder_formula, NULL, 0, FALSE,
                          g_strdup ("the ClientHello carries no pre_shared_key identity and binder to check"));
      return;
    }

  /* which ticket: the identity is the ticket of one of the first connection's NewSessionTickets */
  nst = find_ticket (ctx->original, id_bytes, id_len, &nth, &count, &nonce);
  if (ctx->original == NULL && from > 0)
    ticket_note = g_strdup_printf ("the identity in this ClientHello's pre_shared_key (identity %u) is the ticket of "
                                   "a NewSessionTicket connection %u received (matched by its bytes when the capture "
                                   "was read)", selected, from);
  else if (ctx->original == NULL)
    ticket_note = g_strdup_printf ("the identity in this ClientHello's pre_shared_key (identity %u); not matched "
                                   "to a NewSessionTicket: %s", selected, why_no_resumption_secret (ctx));
  else if (nst >= 0)
    ticket_note = g_strdup_printf ("the identity in this ClientHello's pre_shared_key (identity %u, the one the server "
                                   "selected) is the ticket of connection %u's NewSessionTicket (message %d, the %s of "
                                   "the %u it received)", selected, from, nst + 1, ordinal (nth), count);
  else
    ticket_note = g_strdup_printf ("the identity in this ClientHello's pre_shared_key is the ticket of none of "
                                   "connection %u's %u NewSessionTicket messages", from, count);
  hsviz_ks_entry_add (ctx, "psk_identity", "the ticket of a NewSessionTicket of the connection resumed, sent back "
                      "as the PSK identity", id_bytes, id_len, nst >= 0, g_strdup (ticket_note));

  if (rms == NULL || nst < 0)
    {
      const char *why = nst < 0 && ctx->original != NULL ? "the ticket it was made with is not one of the first connection's"
                                                         : why_no_resumption_secret (ctx);

      hsviz_ks_entry_add (ctx, "resumption_master_secret", rms_formula, NULL, 0, FALSE,
                          g_strdup_printf ("not available: %s", why));
      hsviz_ks_entry_add (ctx, "psk_binder", binder_formula, wire_binder, wire_len, FALSE,
                          g_strdup_printf ("the binder on the wire; not recomputed: %s", why));
      return;
    }

  r = g_bytes_get_data (rms, &r_len);
  nd = g_bytes_get_data (nonce, &n_len);
  if (r_len != ctx->hlen ||
      !hsviz_tls13_hkdf_expand_label (ctx->mac, r, r_len, "resumption", nd, n_len, psk, ctx->hlen) ||
      !hsviz_tls13_hkdf_extract (ctx->mac, NULL, psk, ctx->hlen, early) ||
      !hsviz_tls13_derive_secret (ctx->mac, early, ctx->hlen, "res binder", NULL, 0, binder_key) ||
      !hsviz_tls13_hkdf_expand_label (ctx->mac, binder_key, ctx->hlen, "finished", NULL, 0, fk, ctx->hlen) ||
      !binder_transcript_hash (ctx, ch, hsviz_field_get_offset (binders), hash) ||
      gnutls_hmac_fast (ctx->mac, fk, ctx->hlen, hash, ctx->hlen, computed) < 0)
    {
      hsviz_ks_entry_add (ctx, "resumption_master_secret", rms_formula, r, r_len, FALSE,
                          g_strdup_printf ("GnuTLS could not compute the chain from it (%" G_GSIZE_FORMAT
                                           " bytes, the hash needs %" G_GSIZE_FORMAT ")", r_len, ctx->hlen));
      return;
    }
  memcpy (ctx->early_secret, early, ctx->hlen);
  ctx->has_early_secret = TRUE;
  nonce_hex = n_len > 0 ? hsviz_hex_encode (nd, n_len) : g_strdup ("(empty)");
  ok = wire_len == ctx->hlen && memcmp (computed, wire_binder, wire_len) == 0;
  early_check = early_traffic_check (ctx, early);

  hsviz_ks_entry_add (ctx, "resumption_master_secret", rms_formula, r, r_len, ok,
                      g_strdup_printf ("connection %u's, kept with its secrets (GnuTLS's session data after its "
                                       "NewSessionTickets); %s", from,
                                       ok ? "the binder derived from it is the one on the wire"
                                          : "the binder derived from it is NOT the one on the wire"));
  hsviz_ks_entry_add (ctx, "psk", psk_formula, psk, ctx->hlen, ok,
                      g_strdup_printf ("ticket_nonce %s from connection %u's NewSessionTicket (message %d); %s",
                                       nonce_hex, from, nst + 1,
                                       ok ? "the binder derived from it verifies" : "the binder derived from it does not verify"));
  hsviz_ks_entry_add (ctx, "early_secret", "HKDF-Extract(salt = 0, PSK)", early, ctx->hlen, ok,
                      g_strdup_printf ("%s%s", ok ? "the binder derived from it verifies" : "the binder derived from it does not verify",
                                       early_check != NULL ? early_check : ""));
  hsviz_ks_entry_add (ctx, "binder_key", "Derive-Secret(early_secret, \"res binder\", \"\")", binder_key, ctx->hlen, ok,
                      g_strdup ("\"res binder\": a resumption PSK (\"ext binder\" would be an external one)"));
  hsviz_ks_entry_add (ctx, "binder_finished_key", fk_formula, fk, ctx->hlen, ok, NULL);
  hsviz_ks_entry_add (ctx, "psk_binder", binder_formula, computed, ctx->hlen, ok,
                      g_strdup_printf ("hash over the first %" G_GSIZE_FORMAT " bytes of the ClientHello (message %d, up "
                                       "to the binders list)%s; %s the binder GnuTLS sent (%s)",
                                       hsviz_field_get_offset (binders), ch + 1,
                                       ctx->hrr > 0 ? " after message_hash(ClientHello1) and the HelloRetryRequest" : "",
                                       ok ? "equals" : "DIFFERS from",
                                       selected_field != NULL ? "the server accepted it: its ServerHello selected that identity"
                                                              : "the server did not select it"));
}

/* TLS 1.2 abbreviated handshake: the first connection's master secret, from its key log line
 * or its saved master secret; NULL when not known. */
GBytes *
hsviz_ks_resumed_master_secret (HsvizKsCtx *ctx)
{
  HsvizKsCtx first = *ctx;

  if (ctx->original == NULL)
    return NULL;
  first.session = ctx->original;
  first.secrets = hsviz_connection_get_secrets (ctx->original);
  {
    GBytes *ms = hsviz_ks_keylog_secret (&first, "CLIENT_RANDOM");

    if (ms == NULL && first.secrets->master_secret != NULL)
      ms = g_bytes_ref (first.secrets->master_secret);
    return ms;
  }
}
