/* hsviz-key-schedule-tls13.c — the TLS 1.3 key schedule: traffic secrets from the key log,
 * keys and IVs by HKDF-Expand-Label, checked by decrypting the records they protected, the
 * Finished MACs over the transcript (with the HelloRetryRequest rule), the application keys
 * against the record layer's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-key-schedule-private.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

/* ------------------------------------------------------------------ TLS 1.3 */

typedef struct
{
  GBytes *secret;              /* from the key log, or NULL */
  guint8  key[32];
  guint8  iv[12];
  gboolean derived;
} Tls13Keys;

static void
tls13_keys_init (HsvizKsCtx *ctx,
                 Tls13Keys  *k,
                 const char *label,
                 gsize       key_len)
{
  gsize len;
  const guint8 *s;

  memset (k, 0, sizeof *k);
  k->secret = hsviz_ks_keylog_secret (ctx, label);
  if (k->secret == NULL || key_len > sizeof k->key)
    return;
  s = g_bytes_get_data (k->secret, &len);
  k->derived = _hsviz_connection_traffic_keys (ctx->session, ctx->mac, s, len, k->key, key_len, k->iv);
}

/* Decrypt @dir's records protected by its handshake key (seq 0, 1, …) until they cover @dir's
 * messages in [@first, @last], and compare.  @next_record: the record after them, or -1.
 * The client's 0-RTT records (@early) and EndOfEarlyData are under the early key: skipped. */
static gboolean
tls13_check_handshake_records (HsvizKsCtx      *ctx,
                               HsvizDirection   dir,
                               int              first,
                               int              last,
                               const gboolean  *early,
                               Tls13Keys       *k,
                               gsize            key_len,
                               int             *next_record,
                               char           **note)
{
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *first_nonce = NULL;
  g_autofree char *first_aad = NULL;
  g_autofree char *range = NULL;
  const char *first_name = NULL;
  guint first_index = 0, last_index = 0;
  guint64 seq = 0;
  gboolean ok;

  *next_record = -1;
  for (int i = first; i <= last; i++)
    if (hsviz_message_get_direction (hsviz_connection_get_message (ctx->session, i)) == dir &&
        hsviz_message_get_type_code (hsviz_connection_get_message (ctx->session, i)) != HSVIZ_HS_END_OF_EARLY_DATA)
      {
        gsize len;
        const guint8 *d = g_bytes_get_data (hsviz_ks_message_bytes (ctx, i), &len);

        if (first_name == NULL)
          first_name = hsviz_message_get_type_name (hsviz_connection_get_message (ctx->session, i));
        g_byte_array_append (expected, d, len);
      }

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      HsvizDecryptedRecord dec;
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *d;

      if (r->direction != dir || r->content_type != HSVIZ_CONTENT_APPLICATION_DATA || early[i])
        continue;
      if (got->len >= expected->len)
        {
          *next_record = i;
          break;
        }
      if (!hsviz_tls_record_decrypt (ctx->version, ctx->suite, k->key, key_len, k->iv, sizeof k->iv,
                                     seq, r->bytes, &dec, &error))
        {
          *note = g_strdup_printf ("record %u (seq %" G_GUINT64_FORMAT ") did NOT decrypt with it: %s",
                                   r->index, seq, error->message);
          return FALSE;
        }
      if (seq == 0)
        {
          first_index = r->index;
          first_nonce = g_strdup (dec.nonce);
          first_aad = g_strdup (dec.aad);
        }
      last_index = r->index;
      seq++;
      d = g_bytes_get_data (dec.plaintext, &len);
      g_byte_array_append (got, d, len);
      if (dec.content_type != HSVIZ_CONTENT_HANDSHAKE)
        {
          *note = g_strdup_printf ("record %u decrypted to inner content type %s, not handshake",
                                   r->index, hsviz_content_type_name (dec.content_type));
          hsviz_decrypted_record_clear (&dec);
          return FALSE;
        }
      hsviz_decrypted_record_clear (&dec);
    }

  if (seq == 0)
    {
      *note = g_strdup ("no encrypted handshake record of this side was captured to check it with");
      return FALSE;
    }
  ok = got->len == expected->len && memcmp (got->data, expected->data, got->len) == 0;
  if (seq > 1)
    range = g_strdup_printf ("records %u–%u (seq 0–%" G_GUINT64_FORMAT ")", first_index, last_index, seq - 1);
  else
    range = g_strdup_printf ("record %u (seq 0)", first_index);
  *note = g_strdup_printf ("decrypted %s with it (first nonce %s, additional data %s): the plaintext %s "
                           "%s%s as the session received %s (%u bytes)",
                           range, first_nonce, first_aad, ok ? "equals" : "DIFFERS from",
                           g_strcmp0 (first_name, "Finished") == 0 ? "the Finished message" : first_name,
                           g_strcmp0 (first_name, "Finished") == 0 ? "" : " … Finished",
                           g_strcmp0 (first_name, "Finished") == 0 ? "it" : "them", expected->len);
  return ok;
}

/* finished_key and verify_data of @dir's Finished; adds both entries. */
static gboolean
tls13_finished (HsvizKsCtx     *ctx,
                HsvizDirection  dir,
                Tls13Keys      *k,
                int             from,
                guint8         *message_hash)
{
  gboolean client = dir == HSVIZ_DIRECTION_CLIENT;
  const char *side = client ? "client" : "server";
  g_autofree char *fk_name = g_strconcat (side, "_finished_key", NULL);
  g_autofree char *fk_formula = g_strdup_printf ("HKDF-Expand-Label(%s_handshake_traffic_secret, \"finished\", \"\", %" G_GSIZE_FORMAT ")",
                                                 side, ctx->hlen);
  g_autofree char *vd_name = g_strconcat (side, "_finished", NULL);
  g_autofree char *vd_formula = g_strconcat ("HMAC-", ctx->cs->prf, "(", side,
                                             "_finished_key, Transcript-Hash(handshake messages before it))", NULL);
  int f = hsviz_ks_find_message (ctx, dir, HSVIZ_HS_FINISHED, from);
  guint8 fk[HSVIZ_KS_MAX_HASH], hash[HSVIZ_KS_MAX_HASH], vd[HSVIZ_KS_MAX_HASH];
  g_autofree char *over = NULL;
  const guint8 *secret, *msg;
  gsize secret_len, msg_len;
  gboolean ok;

  if (k->secret == NULL || f < 0)
    {
      hsviz_ks_entry_add (ctx, vd_name, vd_formula, NULL, 0, FALSE,
                          g_strdup (f < 0 ? "no Finished message of this side was captured"
                                    : "no key log: the handshake traffic secret was not saved"));
      return FALSE;
    }
  secret = g_bytes_get_data (k->secret, &secret_len);
  if (!hsviz_tls13_hkdf_expand_label (ctx->mac, secret, secret_len, "finished", NULL, 0, fk, ctx->hlen) ||
      !hsviz_ks_transcript_hash (ctx, f, hash, message_hash) ||
      gnutls_hmac_fast (ctx->mac, fk, ctx->hlen, hash, ctx->hlen, vd) < 0)
    {
      hsviz_ks_entry_add (ctx, vd_name, vd_formula, NULL, 0, FALSE, g_strdup ("GnuTLS could not compute it"));
      return FALSE;
    }
  msg = g_bytes_get_data (hsviz_ks_message_bytes (ctx, f), &msg_len);
  ok = msg_len == 4 + ctx->hlen && memcmp (msg + 4, vd, ctx->hlen) == 0;
  over = hsviz_ks_describe_transcript (ctx, f);
  hsviz_ks_entry_add (ctx, fk_name, fk_formula, fk, ctx->hlen, ok,
                      g_strdup (ok ? "the Finished MAC computed with it verifies" : "the Finished MAC computed with it does not verify"));
  hsviz_ks_entry_add (ctx, vd_name, vd_formula, vd, ctx->hlen, ok,
                      g_strdup_printf ("hash over %s%s; %s the verify_data of the %s's Finished message (message %d)",
                                       over, ctx->hrr > 0 ? " (ClientHello1 replaced by message_hash)" : "",
                                       ok ? "equals" : "DIFFERS from", side, f + 1));
  return ok;
}

void
hsviz_ks_compute_tls13 (HsvizKsCtx *ctx)
{
  gnutls_cipher_algorithm_t cipher = hsviz_tls_aead_cipher (ctx->suite);
  gsize key_len = gnutls_cipher_get_key_size (cipher);
  int sh = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_SERVER_HELLO, 0);
  int sfin = sh < 0 ? -1 : hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_SERVER, HSVIZ_HS_FINISHED, sh + 1);
  int cfin = sh < 0 ? -1 : hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_FINISHED, sh + 1);
  Tls13Keys hs[2], ap[2];
  static const char *hs_labels[2] = { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET" };
  static const char *ap_labels[2] = { "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0" };
  static const char *sides[2] = { "client", "server" };
  guint8 message_hash[4 + HSVIZ_KS_MAX_HASH];
  int next_record[2] = { -1, -1 };
  HsvizKsEntry *mh_entry = NULL;
  g_autofree gboolean *early = NULL;

  if (cipher == GNUTLS_CIPHER_UNKNOWN || key_len == 0 || key_len > 32)
    {
      hsviz_ks_entry_add (ctx, "client_handshake_traffic_secret", "", NULL, 0, FALSE,
                          g_strdup_printf ("the cipher %s is unknown to GnuTLS", ctx->cs->cipher));
      return;
    }
  for (int d = 0; d < 2; d++)
    {
      tls13_keys_init (ctx, &hs[d], hs_labels[d], key_len);
      tls13_keys_init (ctx, &ap[d], ap_labels[d], key_len);
    }
  if (hs[0].secret == NULL && hs[1].secret == NULL && ap[0].secret == NULL && ap[1].secret == NULL)
    {
      hsviz_ks_entry_add (ctx, "client_handshake_traffic_secret", "", NULL, 0, FALSE,
                          g_strdup ("no key log: secrets were not saved"));
      goto out;
    }

  early = hsviz_ks_compute_tls13_early (ctx, key_len);
  if (ctx->hrr > 0)
    mh_entry = hsviz_ks_entry_add (ctx, "message_hash",
                                   "message_hash = FE 00 00 Hash.length ‖ Hash(ClientHello1), replacing ClientHello1 in the "
                                   "transcript after a HelloRetryRequest (RFC 8446 §4.4.1)", NULL, 0, FALSE, NULL);

  /* Step 4-5: handshake traffic secrets → handshake keys, checked by decrypting the records
   * they protected; the Finished MACs over the transcript. */
  for (int d = 0; d < 2; d++)
    {
      HsvizDirection dir = d == 0 ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER;
      int fin = d == 0 ? cfin : sfin;
      g_autofree char *secret_name = g_strconcat (sides[d], "_handshake_traffic_secret", NULL);
      g_autofree char *secret_formula = g_strconcat ("Derive-Secret(handshake_secret, \"", d == 0 ? "c" : "s",
                                                     " hs traffic\", ClientHello … ServerHello) (from the key log ",
                                                     hs_labels[d], ")", NULL);
      g_autofree char *key_name = g_strconcat (sides[d], "_handshake_key", NULL);
      g_autofree char *key_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"key\", \"\", %" G_GSIZE_FORMAT ")", secret_name, key_len);
      g_autofree char *iv_name = g_strconcat (sides[d], "_handshake_iv", NULL);
      g_autofree char *iv_formula = g_strconcat ("HKDF-Expand-Label(", secret_name, ", \"iv\", \"\", 12)", NULL);
      g_autofree char *note = NULL;
      HsvizKsEntry *secret_entry, *key_entry, *iv_entry;
      gboolean dec_ok = FALSE, fin_ok;
      gsize len = 0;
      const guint8 *s = hs[d].secret != NULL ? g_bytes_get_data (hs[d].secret, &len) : NULL;

      if (hs[d].secret == NULL)
        {
          hsviz_ks_entry_add (ctx, secret_name, secret_formula, NULL, 0, FALSE,
                              g_strdup_printf ("no key log line %s", hs_labels[d]));
          continue;
        }
      secret_entry = hsviz_ks_entry_add (ctx, secret_name, secret_formula, s, len, FALSE, NULL);
      key_entry = hsviz_ks_entry_add (ctx, key_name, key_formula, hs[d].key, key_len, FALSE, NULL);
      iv_entry = hsviz_ks_entry_add (ctx, iv_name, iv_formula, hs[d].iv, 12, FALSE, NULL);
      if (hs[d].derived && sh >= 0 && fin >= 0)
        dec_ok = tls13_check_handshake_records (ctx, dir, sh + 1, fin, early, &hs[d], key_len, &next_record[d], &note);
      else
        note = g_strdup ("no ServerHello or Finished was captured to check it with");
      key_entry->verified = iv_entry->verified = dec_ok;
      key_entry->note = g_strdup (note);
      iv_entry->note = g_strdup (note);

      fin_ok = tls13_finished (ctx, dir, &hs[d], sh + 1, message_hash);
      secret_entry->verified = dec_ok || fin_ok;
      secret_entry->note = g_strdup_printf ("from the key log, where the recomputation starts: %s; %s",
                                            hsviz_connection_get_key_exchange (ctx->session) == HSVIZ_KX_PSK
                                            ? "psk_ke, no (EC)DHE: the handshake secret is made from the PSK and "
                                              "zeros (see handshake_secret)"
                                            : "TLS 1.3 sends no pre-master secret, and GnuTLS exposes neither the "
                                              "(EC)DHE shared secret from the key_shares nor the handshake secret",
                                            dec_ok && fin_ok ? "the keys derived from it decrypt this side's handshake records and its Finished MAC verifies"
                                            : dec_ok ? "the keys derived from it decrypt this side's handshake records"
                                            : fin_ok ? "its Finished MAC verifies"
                                            : "NOTHING derived from it matches what the session used");
      if (mh_entry != NULL && dir == HSVIZ_DIRECTION_SERVER)
        {
          g_free (mh_entry->value);
          mh_entry->value = hsviz_hex_encode (message_hash, 4 + ctx->hlen);
          mh_entry->verified = fin_ok;
          mh_entry->note = g_strdup (fin_ok ? "the server Finished, computed over a transcript that starts with it, verifies"
                                     : "the server Finished computed with it does not verify");
        }
    }

  /* Step 5: application traffic secrets → the record keys in force after the handshake */
  for (int d = 0; d < 2; d++)
    {
      const HsvizSecrets *sec = ctx->secrets;
      g_autofree char *secret_name = g_strconcat (sides[d], "_application_traffic_secret_0", NULL);
      g_autofree char *secret_formula = g_strconcat ("Derive-Secret(master_secret, \"", d == 0 ? "c" : "s",
                                                     " ap traffic\", ClientHello … server Finished) (from the key log ",
                                                     ap_labels[d], ")", NULL);
      g_autofree char *key_name = g_strconcat (sides[d], "_write_key", NULL);
      g_autofree char *key_formula = g_strdup_printf ("HKDF-Expand-Label(%s, \"key\", \"\", %" G_GSIZE_FORMAT ")", secret_name, key_len);
      g_autofree char *iv_name = g_strconcat (sides[d], "_write_iv", NULL);
      g_autofree char *iv_formula = g_strconcat ("HKDF-Expand-Label(", secret_name, ", \"iv\", \"\", 12)", NULL);
      g_autofree char *check_note = NULL;
      gboolean ok = TRUE, check_ok = FALSE;
      HsvizKsEntry *secret_entry;
      gsize len = 0;
      const guint8 *s = ap[d].secret != NULL ? g_bytes_get_data (ap[d].secret, &len) : NULL;

      if (ap[d].secret == NULL)
        {
          hsviz_ks_entry_add (ctx, secret_name, secret_formula, NULL, 0, FALSE,
                              g_strdup_printf ("no key log line %s", ap_labels[d]));
          continue;
        }
      /* When the record layer's keys were not stored, the first record they protected decides. */
      if ((d == 0 ? sec->client_write_key : sec->server_write_key) == NULL && next_record[d] >= 0)
        {
          const HsvizRecord *r = g_ptr_array_index (hsviz_connection_get_records (ctx->session), next_record[d]);
          HsvizDecryptedRecord dec;
          g_autoptr(GError) error = NULL;

          check_ok = hsviz_tls_record_decrypt (ctx->version, ctx->suite, ap[d].key, key_len, ap[d].iv, 12, 0,
                                               r->bytes, &dec, &error);
          check_note = check_ok ? g_strdup_printf ("the first record after the %s's Finished (record %u, seq 0) "
                                                   "decrypts with it", sides[d], r->index)
                                : g_strdup_printf ("the first record after the %s's Finished (record %u, seq 0) "
                                                   "did NOT decrypt with it: %s", sides[d], r->index, error->message);
          if (check_ok)
            hsviz_decrypted_record_clear (&dec);
        }
      secret_entry = hsviz_ks_entry_add (ctx, secret_name, secret_formula, s, len, FALSE, NULL);
      hsviz_ks_add_key_entry (ctx, key_name, key_formula, ap[d].key, key_len,
                              d == 0 ? sec->client_write_key : sec->server_write_key, check_ok, check_note, &ok);
      hsviz_ks_add_key_entry (ctx, iv_name, iv_formula, ap[d].iv, 12,
                              d == 0 ? sec->client_write_iv : sec->server_write_iv, check_ok, check_note, &ok);
      secret_entry->verified = ok;
      secret_entry->note = g_strdup (ok ? "from the key log; the key and IV derived from it are the ones the session used"
                                     : "from the key log; the keys derived from it could NOT be confirmed");
    }

  /* Step 6: the first record under each application key (seq 0) */
  for (int d = 0; d < 2; d++)
    if (ap[d].secret != NULL)
      hsviz_ks_add_first_record (ctx, d == 0 ? HSVIZ_DIRECTION_CLIENT : HSVIZ_DIRECTION_SERVER, next_record[d], 0,
                                 NULL, 0, ap[d].key, key_len, ap[d].iv, 12, d == 0 ? -1 : sfin);

out:
  for (int d = 0; d < 2; d++)
    {
      g_clear_pointer (&hs[d].secret, g_bytes_unref);
      g_clear_pointer (&ap[d].secret, g_bytes_unref);
    }
}

