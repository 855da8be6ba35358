/* hsviz-key-schedule.c — the TLS 1.2 PRF / TLS 1.3 HKDF key schedule, recomputed and checked
 *
 * Every value is computed here with GnuTLS primitives (hsviz-tls-crypto.c) from the key log, the
 * randoms and the transcript, and is marked verified only when it equals what the session really
 * used: the record keys GnuTLS reported, the Finished messages on the wire, or records that
 * decrypt with a valid tag to the bytes the session saw.  TLS 1.3 is in
 * hsviz-key-schedule-tls13.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-key-schedule-private.h"
#include "hsviz-session.h"
#include "hsviz-tables.h"
#include "hsviz-util.h"

#define PREVIEW_BYTES 64

static void
entry_free (gpointer data)
{
  HsvizKsEntry *e = data;

  g_free (e->name);
  g_free (e->formula);
  g_free (e->value);
  g_free (e->note);
  g_free (e);
}

/* Takes @note. */
HsvizKsEntry *
hsviz_ks_entry_add (HsvizKsCtx   *ctx,
                    const char   *name,
                    const char   *formula,
                    const guint8 *value,
                    gsize         value_len,
                    gboolean      verified,
                    char         *note)
{
  HsvizKsEntry *e = g_new0 (HsvizKsEntry, 1);

  e->name = g_strdup (name);
  e->formula = g_strdup (formula);
  e->value = value != NULL ? hsviz_hex_encode (value, value_len) : g_strdup ("");
  e->verified = verified;
  e->note = note;
  g_ptr_array_add (ctx->entries, e);
  return e;
}

GBytes *
hsviz_ks_message_bytes (HsvizKsCtx *ctx,
                        guint       index)
{
  return hsviz_message_get_bytes (hsviz_connection_get_message (ctx->session, index));
}

/* The first message of @type from @dir at or after @from (ServerHello: not the HRR), or -1. */
int
hsviz_ks_find_message (HsvizKsCtx     *ctx,
                       HsvizDirection  dir,
                       guint8          type,
                       guint           from)
{
  guint n = hsviz_connection_get_n_messages (ctx->session);

  for (guint i = from; i < n; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (ctx->session, i);

      if (hsviz_message_get_direction (m) == dir && hsviz_message_get_type_code (m) == type &&
          !hsviz_message_is_hello_retry (m))
        return i;
    }
  return -1;
}

gboolean
hsviz_ks_bytes_equal (const guint8 *data,
                      gsize         len,
                      GBytes       *bytes)
{
  gsize blen;
  const guint8 *b;

  if (bytes == NULL)
    return FALSE;
  b = g_bytes_get_data (bytes, &blen);
  return blen == len && (len == 0 || memcmp (data, b, len) == 0);
}

/* The secret of the key log line @label whose client_random is the session's, or NULL. */
GBytes *
hsviz_ks_keylog_secret (HsvizKsCtx *ctx,
                        const char *label)
{
  const guint8 *cr = hsviz_connection_get_client_random (ctx->session);
  g_autofree char *cr_hex = cr != NULL ? hsviz_hex_encode (cr, 32) : NULL;
  GPtrArray *log = ctx->secrets != NULL ? ctx->secrets->keylog : NULL;

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      const HsvizKeylogEntry *k = g_ptr_array_index (log, log->len - 1 - i);
      GBytes *result;

      if (g_strcmp0 (k->label, label) != 0 || k->secret == NULL ||
          (cr_hex != NULL && k->client_random != NULL && g_ascii_strcasecmp (cr_hex, k->client_random) != 0))
        continue;
      result = hsviz_hex_decode (k->secret, NULL);
      if (result == NULL)
        continue;
      return result;
    }
  return NULL;
}

/* Transcript-Hash of messages [0, end): TLS 1.3 replaces ClientHello1 by message_hash after a
 * HelloRetryRequest (RFC 8446 §4.4.1).  @message_hash (4 + hlen bytes) may be NULL.  The
 * messages go into ctx->running once; each transcript is a copy of it finished at @end. */
gboolean
hsviz_ks_transcript_hash (HsvizKsCtx *ctx,
                          guint       end,
                          guint8     *out,
                          guint8     *message_hash)
{
  gboolean hrr = ctx->hrr > 0 && end > (guint) ctx->hrr;
  gnutls_hash_hd_t copy;

  if (ctx->running != NULL && (end < ctx->running_end || hrr != ctx->running_hrr))
    g_clear_pointer (&ctx->running, hsviz_ks_transcript_clear);
  if (ctx->running == NULL)
    {
      if (gnutls_hash_init (&ctx->running, (gnutls_digest_algorithm_t) ctx->mac) < 0)
        {
          ctx->running = NULL;
          return FALSE;
        }
      ctx->running_end = 0;
      ctx->running_hrr = hrr;
      if (hrr)
        {
          guint8 *mh = ctx->running_mh;
          gnutls_hash_hd_t h1;

          mh[0] = HSVIZ_HS_MESSAGE_HASH;
          mh[1] = mh[2] = 0;
          mh[3] = (guint8) ctx->hlen;
          if (gnutls_hash_init (&h1, (gnutls_digest_algorithm_t) ctx->mac) < 0)
            {
              g_clear_pointer (&ctx->running, hsviz_ks_transcript_clear);
              return FALSE;
            }
          for (guint i = 0; i < (guint) ctx->hrr; i++)
            {
              gsize len;
              const guint8 *d = g_bytes_get_data (hsviz_ks_message_bytes (ctx, i), &len);
              gnutls_hash (h1, d, len);
            }
          gnutls_hash_deinit (h1, mh + 4);
          gnutls_hash (ctx->running, mh, 4 + ctx->hlen);
          ctx->running_end = ctx->hrr;
        }
    }
  for (; ctx->running_end < end; ctx->running_end++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (hsviz_ks_message_bytes (ctx, ctx->running_end), &len);
      gnutls_hash (ctx->running, d, len);
    }
  copy = gnutls_hash_copy (ctx->running);
  if (copy == NULL)
    return FALSE;
  gnutls_hash_deinit (copy, out);
  if (hrr && message_hash != NULL)
    memcpy (message_hash, ctx->running_mh, 4 + ctx->hlen);
  return TRUE;
}

void
hsviz_ks_transcript_clear (gnutls_hash_hd_t running)
{
  gnutls_hash_deinit (running, NULL);
}

static char *
describe_plaintext (GBytes *plaintext)
{
  gsize len, shown = 0;
  const guint8 *p = g_bytes_get_data (plaintext, &len);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%" G_GSIZE_FORMAT " bytes", len);
  while (shown < len && shown < 32 && g_ascii_isprint (p[shown]))
    shown++;
  if (shown >= 4)
    g_string_append_printf (s, ", begins \"%.*s\"", (int) shown, (const char *) p);
  return g_string_free (s, FALSE);
}

/* What the first application-data record of @dir should hold; sets @checked to what was compared. */
static gboolean
plaintext_matches_session (HsvizKsCtx                  *ctx,
                           HsvizDirection               dir,
                           const HsvizDecryptedRecord  *dec,
                           int                          after_message,
                           const char                 **checked)
{
  const HsvizApplicationData *app = hsviz_connection_get_application_data (ctx->session);
  gsize len;
  const guint8 *p = g_bytes_get_data (dec->plaintext, &len);

  if (dec->content_type == HSVIZ_CONTENT_HANDSHAKE && after_message >= 0)
    {
      /* TLS 1.3 post-handshake messages (NewSessionTicket) as the hooks saw them */
      g_autoptr(GByteArray) expected = g_byte_array_new ();
      guint n = hsviz_connection_get_n_messages (ctx->session);

      for (guint i = after_message + 1; i < n && expected->len < len; i++)
        {
          HsvizMessage *m = hsviz_connection_get_message (ctx->session, i);
          gsize mlen;
          const guint8 *d;

          if (hsviz_message_get_direction (m) != dir)
            continue;
          d = g_bytes_get_data (hsviz_message_get_bytes (m), &mlen);
          g_byte_array_append (expected, d, mlen);
        }
      if (expected->len == 0)
        {
          *checked = NULL;   /* the session holds no post-handshake message to compare with */
          return TRUE;
        }
      *checked = "equals the post-handshake message(s) the session received";
      return expected->len == len && memcmp (expected->data, p, len) == 0;
    }
  if (dec->content_type != HSVIZ_CONTENT_APPLICATION_DATA || app == NULL || !app->present)
    {
      *checked = NULL;
      return TRUE;
    }
  if (g_strcmp0 (hsviz_connection_get_alpn (ctx->session), "h2") == 0)
    {
      /* HTTP/2 (RFC 9113 §3.4): the client's first bytes are the connection preface, the
       * server's a SETTINGS frame (9-byte frame header, type 4 at offset 3) */
      static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

      if (dir == HSVIZ_DIRECTION_CLIENT)
        {
          *checked = "begins with the HTTP/2 connection preface";
          return len >= strlen (preface) && memcmp (preface, p, strlen (preface)) == 0;
        }
      *checked = "begins with an HTTP/2 SETTINGS frame, the server's connection preface";
      return len >= 9 && p[3] == 4;
    }
  if (dir == HSVIZ_DIRECTION_CLIENT && app->request != NULL)
    {
      *checked = "equals the request the session sent";
      return len <= strlen (app->request) && memcmp (app->request, p, len) == 0;
    }
  if (dir == HSVIZ_DIRECTION_SERVER && app->status != 0 && app->http_version != NULL)
    {
      g_autofree char *status_line = g_strdup_printf ("%s %u", app->http_version, app->status);

      *checked = "begins with the status line of the response the session received";
      return len >= strlen (status_line) && memcmp (status_line, p, strlen (status_line)) == 0;
    }
  *checked = NULL;
  return TRUE;
}

/* AEAD, or CBC when @mac_key is given. */
static gboolean
decrypt_record (HsvizKsCtx           *ctx,
                const HsvizRecord    *r,
                guint64               seq,
                const guint8         *mac_key,
                gsize                 mac_key_len,
                const guint8         *key,
                gsize                 key_len,
                const guint8         *iv,
                gsize                 iv_len,
                HsvizDecryptedRecord *dec,
                GError              **error)
{
  if (mac_key != NULL)
    return hsviz_tls12_cbc_record_decrypt (ctx->suite, mac_key, mac_key_len, key, key_len, seq,
                                           r->bytes, dec, error);
  return hsviz_tls_record_decrypt (ctx->version, ctx->suite, key, key_len, iv, iv_len, seq,
                                   r->bytes, dec, error);
}

void
hsviz_ks_add_first_record (HsvizKsCtx     *ctx,
                           HsvizDirection  dir,
                           int             index,
                           guint64         seq,
                           const guint8   *mac_key,
                           gsize           mac_key_len,
                           const guint8   *key,
                           gsize           key_len,
                           const guint8   *iv,
                           gsize           iv_len,
                           int             after_message)
{
  const char *name = dir == HSVIZ_DIRECTION_CLIENT ? "client_first_record" : "server_first_record";
  const char *formula;
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  HsvizDecryptedRecord dec;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const char *checked = NULL;
  const HsvizRecord *r;
  gboolean matches;
  gsize len;

  if (ctx->version >= HSVIZ_VERSION_TLS13)
    formula = "AEAD-Decrypt(write_key, nonce = write_iv XOR seq, additional_data = record header, record) "
              "= content ‖ inner content type ‖ zeros";
  else if (mac_key != NULL)
    formula = "CBC-Decrypt(write_key, IV = the record's explicit IV, ciphertext), "
              "HMAC(write_MAC_key, seq ‖ type ‖ version ‖ length ‖ …) checked";
  else if (iv_len == 4)
    formula = "AEAD-Decrypt(write_key, nonce = write_iv ‖ explicit_nonce, additional_data = seq ‖ type ‖ version ‖ length, record)";
  else
    formula = "AEAD-Decrypt(write_key, nonce = write_iv XOR seq, additional_data = seq ‖ type ‖ version ‖ length, record)";

  if (index < 0 || records == NULL || (guint) index >= records->len)
    {
      hsviz_ks_entry_add (ctx, name, formula, NULL, 0, FALSE,
                          g_strdup ("no application-data record was captured in this direction"));
      return;
    }
  r = g_ptr_array_index (records, index);
  if (!decrypt_record (ctx, r, seq, mac_key, mac_key_len, key, key_len, iv, iv_len, &dec, &error))
    {
      hsviz_ks_entry_add (ctx, name, formula, NULL, 0, FALSE,
                          g_strdup_printf ("record %u (seq %" G_GUINT64_FORMAT ") did not decrypt with the derived keys: %s",
                                           r->index, seq, error->message));
      return;
    }
  if (mac_key != NULL)
    formula = dec.encrypt_then_mac
      ? "HMAC(write_MAC_key, seq ‖ type ‖ version ‖ length ‖ IV ‖ ciphertext) checked (encrypt-then-MAC, RFC 7366), "
        "then CBC-Decrypt(write_key, IV = the record's explicit IV, ciphertext) = content ‖ padding"
      : "CBC-Decrypt(write_key, IV = the record's explicit IV, ciphertext) = content ‖ MAC ‖ padding, "
        "MAC = HMAC(write_MAC_key, seq ‖ type ‖ version ‖ length ‖ content) checked (MAC-then-encrypt)";

  matches = plaintext_matches_session (ctx, dir, &dec, after_message, &checked);
  what = describe_plaintext (dec.plaintext);
  g_bytes_get_data (dec.plaintext, &len);
  hsviz_ks_entry_add (ctx, name, formula, g_bytes_get_data (dec.plaintext, NULL), MIN (len, PREVIEW_BYTES), matches,
                      g_strdup_printf ("record %u, seq %" G_GUINT64_FORMAT ", %s %s, %s %s; "
                                       "the %s verified%s%s; %s %s; plaintext %s%s",
                                       r->index, seq, mac_key != NULL ? "IV" : "nonce", dec.nonce,
                                       mac_key != NULL ? "MAC header" : "additional data", dec.aad,
                                       mac_key != NULL ? "MAC" : "tag",
                                       checked != NULL ? (matches ? " and the plaintext " : " but the plaintext NOT ") : "",
                                       checked != NULL ? checked : "",
                                       ctx->version >= HSVIZ_VERSION_TLS13 ? "inner content type" : "content type",
                                       hsviz_content_type_name (dec.content_type), what,
                                       len > PREVIEW_BYTES ? " (value: the first 64 bytes)" : ""));
  hsviz_decrypted_record_clear (&dec);
}

void
hsviz_ks_add_key_entry (HsvizKsCtx   *ctx,
                        const char   *name,
                        const char   *formula,
                        const guint8 *value,
                        gsize         len,
                        GBytes       *used,
                        gboolean      check_ok,
                        const char   *check_note,
                        gboolean     *all_ok)
{
  gboolean equal = hsviz_ks_bytes_equal (value, len, used);
  gboolean ok = used != NULL ? equal : check_ok;
  char *note;

  if (used != NULL)
    note = g_strdup_printf ("%s the key GnuTLS's record layer used (gnutls_record_get_state)%s%s",
                            equal ? "equals" : "DIFFERS from",
                            check_note != NULL ? "; " : "", check_note != NULL ? check_note : "");
  else if (g_strcmp0 (hsviz_connection_get_preset (ctx->session), "import") == 0)
    note = g_strdup_printf ("imported from a packet capture: the check against GnuTLS's record layer "
                            "(gnutls_record_get_state) does not apply%s%s",
                            check_note != NULL ? "; checked instead: " : "", check_note != NULL ? check_note : "");
  else
    note = g_strdup_printf ("the session did not store the record-layer key to compare with%s%s",
                            check_note != NULL ? "; " : "", check_note != NULL ? check_note : "");
  hsviz_ks_entry_add (ctx, name, formula, value, len, ok, note);
  if (!ok && all_ok != NULL)
    *all_ok = FALSE;
}

/* ------------------------------------------------------------------ TLS 1.2 */

/* The first application-data record of @dir after its ChangeCipherSpec (index into the session's
 * records) and its sequence number: records after the CCS are numbered from 0 (Finished). */
static int
tls12_first_app_record (HsvizKsCtx     *ctx,
                        HsvizDirection  dir,
                        guint64        *seq)
{
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  gboolean after_ccs = FALSE;

  *seq = 0;
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);

      if (r->direction != dir)
        continue;
      if (!after_ccs)
        after_ccs = r->content_type == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC;
      else if (r->content_type == HSVIZ_CONTENT_APPLICATION_DATA)
        return i;
      else
        (*seq)++;
    }
  return -1;
}

/* TLS 1.2: decrypt @dir's first record after its ChangeCipherSpec (its Finished, seq 0) with the
 * derived keys and compare it with the Finished message the session saw. */
static gboolean
tls12_check_finished_record (HsvizKsCtx     *ctx,
                             HsvizDirection  dir,
                             const guint8   *mac_key,
                             gsize           mac_key_len,
                             const guint8   *key,
                             gsize           key_len,
                             const guint8   *iv,
                             gsize           iv_len,
                             char          **note)
{
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  const char *side = dir == HSVIZ_DIRECTION_CLIENT ? "client" : "server";
  int f = hsviz_ks_find_message (ctx, dir, HSVIZ_HS_FINISHED, 0);
  const HsvizRecord *r = NULL;
  gboolean after_ccs = FALSE, ok;
  HsvizDecryptedRecord dec;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; records != NULL && i < records->len && r == NULL; i++)
    {
      const HsvizRecord *ri = g_ptr_array_index (records, i);

      if (ri->direction != dir)
        continue;
      if (after_ccs)
        r = ri;
      else
        after_ccs = ri->content_type == HSVIZ_CONTENT_CHANGE_CIPHER_SPEC;
    }
  if (r == NULL || f < 0)
    {
      *note = g_strdup_printf ("no encrypted Finished record of the %s was captured to check it with", side);
      return FALSE;
    }
  if (!decrypt_record (ctx, r, 0, mac_key, mac_key_len, key, key_len, iv, iv_len, &dec, &error))
    {
      *note = g_strdup_printf ("the %s's Finished record (record %u, seq 0) did NOT decrypt with it: %s",
                               side, r->index, error->message);
      return FALSE;
    }
  ok = g_bytes_equal (dec.plaintext, hsviz_ks_message_bytes (ctx, f));
  *note = g_strdup_printf ("the %s's Finished record (record %u, seq 0) decrypts with it to %s",
                           side, r->index, ok ? "its Finished message" : "something else than its Finished message");
  hsviz_decrypted_record_clear (&dec);
  return ok;
}

char *
hsviz_ks_describe_transcript (HsvizKsCtx *ctx,
                              guint       end)
{
  if (end == 0)
    return g_strdup ("no messages");
  return g_strdup_printf ("the %u handshake messages %s … %s", end,
                          hsviz_message_get_type_name (hsviz_connection_get_message (ctx->session, 0)),
                          hsviz_message_get_type_name (hsviz_connection_get_message (ctx->session, end - 1)));
}

static gboolean
tls12_finished (HsvizKsCtx     *ctx,
                const guint8   *ms,
                gsize           ms_len,
                HsvizDirection  dir)
{
  gboolean client = dir == HSVIZ_DIRECTION_CLIENT;
  const char *name = client ? "client_finished" : "server_finished";
  g_autofree char *formula = g_strdup_printf ("PRF(master_secret, \"%s finished\", %s(handshake messages before it))[0..12]",
                                              client ? "client" : "server", ctx->cs->prf);
  int f = hsviz_ks_find_message (ctx, dir, HSVIZ_HS_FINISHED, 0);
  guint8 hash[HSVIZ_KS_MAX_HASH], vd[12];
  g_autofree char *over = NULL;
  const guint8 *msg;
  gsize msg_len;
  gboolean ok;

  if (f < 0)
    {
      hsviz_ks_entry_add (ctx, name, formula, NULL, 0, FALSE,
                          g_strdup_printf ("no Finished message from the %s was captured", client ? "client" : "server"));
      return FALSE;
    }
  if (!hsviz_ks_transcript_hash (ctx, f, hash, NULL) ||
      !hsviz_tls12_prf (ctx->mac, ms, ms_len, client ? "client finished" : "server finished",
                        hash, ctx->hlen, vd, sizeof vd))
    {
      hsviz_ks_entry_add (ctx, name, formula, NULL, 0, FALSE, g_strdup ("GnuTLS could not compute it"));
      return FALSE;
    }
  msg = g_bytes_get_data (hsviz_ks_message_bytes (ctx, f), &msg_len);
  ok = msg_len == 4 + sizeof vd && memcmp (msg + 4, vd, sizeof vd) == 0;
  over = hsviz_ks_describe_transcript (ctx, f);
  hsviz_ks_entry_add (ctx, name, formula, vd, sizeof vd, ok,
                      g_strdup_printf ("hash over %s; %s the verify_data of the %s's Finished message (message %d)",
                                       over, ok ? "equals" : "DIFFERS from", client ? "client" : "server", f + 1));
  return ok;
}

static const char *
why_no_pre_master (HsvizKsCtx *ctx)
{
  switch (hsviz_connection_get_key_exchange (ctx->session))
    {
    case HSVIZ_KX_RSA:
      return "the client sent it encrypted with the server's RSA key, and only the server's private key decrypts it";
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_DHE:
      return "it is the (EC)DHE shared secret, which GnuTLS computes internally and no API exposes";
    default:
      return "no API exposes it";
    }
}

static void
compute_tls12 (HsvizKsCtx *ctx)
{
  const HsvizSecrets *sec = ctx->secrets;
  const guint8 *cr = hsviz_connection_get_client_random (ctx->session);
  const guint8 *sr = hsviz_connection_get_server_random (ctx->session);
  g_autoptr(GBytes) ms_bytes = hsviz_ks_keylog_secret (ctx, "CLIENT_RANDOM");
  const char *ms_source = "the key log (CLIENT_RANDOM)";
  gboolean ems = hsviz_connection_uses_extended_master_secret (ctx->session);
  gboolean aead = g_strcmp0 (ctx->cs->mac, "AEAD") == 0;
  g_autofree char *ms_formula = NULL;
  g_autofree char *kb_formula = NULL;
  g_autofree char *sh_hex = NULL;
  g_autofree guint8 *kb = NULL;
  guint8 session_hash[HSVIZ_KS_MAX_HASH], seed[64], ms2[48];
  const guint8 *ms;
  gsize ms_len, mac_len, key_len, iv_len, kb_len;
  gboolean pms_ok = FALSE, kb_ok = TRUE, c_fin_ok, s_fin_ok;
  GBytes *pms = sec->pre_master_secret;
  HsvizKsEntry *ms_entry, *kb_entry;
  int cke = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_CLIENT_KEY_EXCHANGE, 0);
  guint64 seq;
  int rec;
  gboolean resumed = hsviz_connection_is_resumed (ctx->session);
  g_autoptr(GBytes) first_ms = resumed ? hsviz_ks_resumed_master_secret (ctx) : NULL;
  guint from = (guint) (hsviz_connection_get_resumed_from (ctx->session) + 1);

  if (resumed)
    ms_formula = from > 0 ? g_strdup_printf ("the master secret of connection %u, reused: an abbreviated handshake "
                                             "(session id or ticket) has no key exchange", from)
                          : g_strdup ("the master secret of the session resumed, reused: an abbreviated handshake "
                                      "(session id or ticket) has no key exchange");
  else if (ems)
    ms_formula = g_strdup_printf ("PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48], "
                                  "session_hash = %s(ClientHello … ClientKeyExchange) (extended master secret, RFC 7627)",
                                  ctx->cs->prf);
  else
    ms_formula = g_strdup ("PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48] "
                           "(classic, RFC 5246 §8.1: this session did not negotiate extended master secret)");

  if (ms_bytes == NULL && sec->master_secret != NULL)
    {
      ms_bytes = g_bytes_ref (sec->master_secret);
      ms_source = "the session (gnutls_session_get_master_secret)";
    }
  if (ms_bytes == NULL || cr == NULL || sr == NULL)
    {
      hsviz_ks_entry_add (ctx, "master_secret", ms_formula, NULL, 0, FALSE,
                          g_strdup (ms_bytes == NULL ? "no key log: secrets were not saved"
                                    : "the client and server randoms are missing"));
      return;
    }
  ms = g_bytes_get_data (ms_bytes, &ms_len);

  if (ems && cke >= 0 && hsviz_ks_transcript_hash (ctx, cke + 1, session_hash, NULL))
    sh_hex = hsviz_hex_encode (session_hash, ctx->hlen);

  /* Step 3-4: the pre-master secret, when the session knows it honestly (the demo server) */
  if (pms != NULL)
    {
      gsize pms_len;
      const guint8 *p = g_bytes_get_data (pms, &pms_len);
      gboolean done;

      memcpy (seed, cr, 32);
      memcpy (seed + 32, sr, 32);
      if (ems)
        done = sh_hex != NULL &&
               hsviz_tls12_prf (ctx->mac, p, pms_len, "extended master secret", session_hash, ctx->hlen, ms2, 48);
      else
        done = hsviz_tls12_prf (ctx->mac, p, pms_len, "master secret", seed, 64, ms2, 48);
      pms_ok = done && ms_len == 48 && memcmp (ms2, ms, 48) == 0;
      hsviz_ks_entry_add (ctx, "pre_master_secret",
                          hsviz_connection_get_key_exchange (ctx->session) == HSVIZ_KX_RSA
                          ? "RSA-decrypt(server private key, ClientKeyExchange) = client_version(2) ‖ random(46)"
                          : "the (EC)DHE shared secret",
                          p, pms_len, pms_ok,
                          g_strdup (pms_ok ? "known to the demo server; the master secret recomputed from it equals the key log's"
                                    : "known to the demo server, but the master secret recomputed from it DIFFERS from the key log's"));
      if (sh_hex != NULL)
        hsviz_ks_entry_add (ctx, "session_hash", "Hash(ClientHello … ClientKeyExchange) (RFC 7627 §3)",
                            session_hash, ctx->hlen, pms_ok,
                            g_strdup (pms_ok ? "the master secret computed over it equals the key log's"
                                      : "the master secret computed over it does not match"));
    }

  ms_entry = hsviz_ks_entry_add (ctx, "master_secret", ms_formula, ms, ms_len, pms_ok, NULL);

  /* Step 5: the key block */
  hsviz_tls12_key_block_sizes (ctx->suite, &mac_len, &key_len, &iv_len);
  kb_len = 2 * (mac_len + key_len + iv_len);
  kb = g_malloc0 (MAX (kb_len, 1));
  kb_formula = g_strdup_printf ("PRF(master_secret, \"key expansion\", server_random + client_random)[0..%" G_GSIZE_FORMAT "] "
                                "= client_MAC(%" G_GSIZE_FORMAT ") ‖ server_MAC ‖ client_key(%" G_GSIZE_FORMAT ") ‖ "
                                "server_key ‖ client_IV(%" G_GSIZE_FORMAT ") ‖ server_IV",
                                kb_len, mac_len, key_len, iv_len);
  if (key_len == 0 || !_hsviz_connection_tls12_key_block (ctx->session, ctx->mac, ms, ms_len, cr, sr, kb, kb_len))
    {
      ms_entry->note = g_strdup_printf ("from %s", ms_source);
      hsviz_ks_entry_add (ctx, "key_block", kb_formula, NULL, 0, FALSE,
                          g_strdup_printf ("the key sizes of %s are unknown to GnuTLS", ctx->cs->cipher));
      return;
    }
  kb_entry = hsviz_ks_entry_add (ctx, "key_block", kb_formula, kb, kb_len, FALSE, NULL);
  {
    const guint8 *macs = kb, *keys = kb + 2 * mac_len, *ivs = kb + 2 * (mac_len + key_len);
    const char *iv_kind = aead ? (iv_len == 4 ? ", the 4-byte implicit nonce salt (RFC 5288)"
                                  : ", XORed with the sequence number (RFC 7905)")
                               : " (TLS 1.2 CBC sends explicit IVs; GnuTLS keeps this one unused)";
    g_autofree char *civ_formula = g_strdup_printf ("key_block: client_write_IV%s", iv_kind);
    g_autofree char *siv_formula = g_strdup_printf ("key_block: server_write_IV%s", iv_kind);
    g_autofree char *c_note = NULL;
    g_autofree char *s_note = NULL;
    gboolean c_ok, s_ok;

    /* The Finished records were the first ones these keys protected. */
    c_ok = tls12_check_finished_record (ctx, HSVIZ_DIRECTION_CLIENT, aead ? NULL : macs, mac_len,
                                        keys, key_len, ivs, iv_len, &c_note);
    s_ok = tls12_check_finished_record (ctx, HSVIZ_DIRECTION_SERVER, aead ? NULL : macs + mac_len, mac_len,
                                        keys + key_len, key_len, ivs + iv_len, iv_len, &s_note);
    if (mac_len > 0)
      {
        hsviz_ks_add_key_entry (ctx, "client_write_mac_key", "key_block: client_write_MAC_key", macs, mac_len,
                                sec->client_write_mac_key, c_ok, c_note, &kb_ok);
        hsviz_ks_add_key_entry (ctx, "server_write_mac_key", "key_block: server_write_MAC_key", macs + mac_len,
                                mac_len, sec->server_write_mac_key, s_ok, s_note, &kb_ok);
      }
    hsviz_ks_add_key_entry (ctx, "client_write_key", "key_block: client_write_key", keys, key_len,
                            sec->client_write_key, c_ok, c_note, &kb_ok);
    hsviz_ks_add_key_entry (ctx, "server_write_key", "key_block: server_write_key", keys + key_len, key_len,
                            sec->server_write_key, s_ok, s_note, &kb_ok);
    /* a CBC IV from the key block is never used, so no record can confirm it */
    hsviz_ks_add_key_entry (ctx, "client_write_iv", civ_formula, ivs, iv_len, sec->client_write_iv,
                            aead && c_ok, aead ? c_note : NULL, &kb_ok);
    hsviz_ks_add_key_entry (ctx, "server_write_iv", siv_formula, ivs + iv_len, iv_len, sec->server_write_iv,
                            aead && s_ok, aead ? s_note : NULL, &kb_ok);
  }
  kb_entry->verified = kb_ok;
  kb_entry->note = g_strdup (kb_ok ? "every part equals the key material the session used"
                             : "not every part could be confirmed (see below)");

  /* Step 6: Finished */
  c_fin_ok = tls12_finished (ctx, ms, ms_len, HSVIZ_DIRECTION_CLIENT);
  s_fin_ok = tls12_finished (ctx, ms, ms_len, HSVIZ_DIRECTION_SERVER);

  /* Any Finished that verifies proves GnuTLS used this master secret. */
  ms_entry->verified = pms_ok || kb_ok || c_fin_ok || s_fin_ok;
  if (resumed)
    {
      gboolean same = first_ms != NULL && hsviz_ks_bytes_equal (ms, ms_len, first_ms);
      const char *fin = c_fin_ok && s_fin_ok ? "both Finished messages verify with it"
                        : c_fin_ok ? "the client's Finished verifies with it"
                        : s_fin_ok ? "the server's Finished verifies with it" : NULL;

      /* resumed: the first connection's master secret, and what this connection did with it */
      ms_entry->verified = ms_entry->verified && (same || ctx->original == NULL);
      if (first_ms == NULL)
        ms_entry->note = g_strdup_printf ("from %s; master secret reused, no key exchange; %s; checked: %s%s%s",
                                          ms_source,
                                          ctx->original == NULL && from > 0
                                          ? "the connection it resumed was not at hand to compare with when this one was read"
                                          : ctx->original == NULL ? "the connection it resumed is not in this session"
                                                                : "the connection it resumed has no master secret saved to compare with",
                                          kb_ok ? "the key block derived from it with the new randoms reproduces the record keys" : "",
                                          kb_ok && fin != NULL ? ", and " : "",
                                          fin != NULL ? fin : kb_ok ? "" : "NOTHING derived from it matches what the session used");
      else
        ms_entry->note = g_strdup_printf ("master secret reused from connection %u; no key exchange: from %s, it %s "
                                          "connection %u's; %s%s%s", from, ms_source,
                                          same ? "equals" : "DIFFERS from", from,
                                          kb_ok ? "the key block derived from it with the new randoms reproduces the record keys" : "",
                                          kb_ok && fin != NULL ? ", and " : "",
                                          fin != NULL ? fin : kb_ok ? "" : "NOTHING derived from it matches what the session used");
    }
  else if (pms != NULL)
    ms_entry->note = g_strdup_printf ("from %s; recomputed from the pre-master secret: %s", ms_source,
                                      pms_ok ? "equal" : "DIFFERENT");
  else
    {
      const char *fin = c_fin_ok && s_fin_ok ? "both Finished messages verify with it"
                        : c_fin_ok ? "the client's Finished verifies with it"
                        : s_fin_ok ? "the server's Finished verifies with it" : NULL;

      ms_entry->note = g_strdup_printf ("from %s; the pre-master secret is unknown (%s), so the formula is shown, not "
                                        "evaluated%s%s; checked instead: %s%s%s",
                                        ms_source, why_no_pre_master (ctx),
                                        sh_hex != NULL ? "; session_hash = " : "", sh_hex != NULL ? sh_hex : "",
                                        kb_ok ? "the key block derived from it reproduces the record keys" : "",
                                        kb_ok && fin != NULL ? ", and " : "",
                                        fin != NULL ? fin : kb_ok ? "" : "NOTHING derived from it matches what the session used");
    }

  /* Step 6: the first application data in each direction */
  {
    const guint8 *keys = kb + 2 * mac_len;
    const guint8 *ivs = keys + 2 * key_len;

    rec = tls12_first_app_record (ctx, HSVIZ_DIRECTION_CLIENT, &seq);
    hsviz_ks_add_first_record (ctx, HSVIZ_DIRECTION_CLIENT, rec, seq, aead ? NULL : kb, mac_len,
                               keys, key_len, ivs, iv_len, -1);
    rec = tls12_first_app_record (ctx, HSVIZ_DIRECTION_SERVER, &seq);
    hsviz_ks_add_first_record (ctx, HSVIZ_DIRECTION_SERVER, rec, seq, aead ? NULL : kb + mac_len, mac_len,
                               keys + key_len, key_len, ivs + iv_len, iv_len, -1);
  }
}

void
hsviz_key_schedule_compute (HsvizConnection *session)
{
  HsvizKsCtx ctx = { 0 };
  guint n;

  g_return_if_fail (HSVIZ_IS_CONNECTION (session));

  /* Without secrets there is nothing to recompute; a stripped session keeps the verdicts it had. */
  if (!hsviz_connection_has_secrets (session) || hsviz_connection_secrets_stripped (session))
    return;
  hsviz_connection_clear_key_schedule (session);

  ctx.session = session;
  ctx.secrets = hsviz_connection_get_secrets (session);
  ctx.version = hsviz_connection_get_version (session);
  ctx.suite = hsviz_connection_get_cipher_suite (session);
  ctx.cs = hsviz_cipher_suite_lookup (ctx.suite);
  ctx.hrr = -1;
  if (ctx.cs == NULL || ctx.secrets == NULL)
    return;
  ctx.mac = gnutls_mac_get_id (ctx.cs->prf);
  ctx.hlen = gnutls_hmac_get_len (ctx.mac);
  if (ctx.hlen == 0 || ctx.hlen > HSVIZ_KS_MAX_HASH)
    return;

  if (hsviz_connection_is_resumed (session) && hsviz_connection_get_resumed_from (session) >= 0 &&
      hsviz_connection_get_session (session) != NULL)
    ctx.original = hsviz_session_get_connection (hsviz_connection_get_session (session),
                                                 hsviz_connection_get_resumed_from (session));

  n = hsviz_connection_get_n_messages (session);
  for (guint i = 0; i < n; i++)
    if (hsviz_message_is_hello_retry (hsviz_connection_get_message (session, i)))
      ctx.hrr = i;

  ctx.entries = g_ptr_array_new_with_free_func (entry_free);
  if (ctx.version == HSVIZ_VERSION_TLS12)
    compute_tls12 (&ctx);
  else if (ctx.version == HSVIZ_VERSION_TLS13)
    {
      if (hsviz_connection_is_resumed (session))
        hsviz_ks_compute_resumption_tls13 (&ctx);
      if (hsviz_connection_get_key_exchange (session) == HSVIZ_KX_PSK)
        hsviz_ks_compute_psk_ke (&ctx);
      hsviz_ks_compute_tls13 (&ctx);
    }
  else
    hsviz_ks_entry_add (&ctx, "master_secret", "", NULL, 0, FALSE,
                        g_strdup_printf ("the key schedule of %s is not recomputed (TLS 1.2 and 1.3 are)",
                                         hsviz_version_name (ctx.version)));

  g_clear_pointer (&ctx.running, hsviz_ks_transcript_clear);
  for (guint i = 0; i < ctx.entries->len; i++)
    {
      HsvizKsEntry *e = g_ptr_array_index (ctx.entries, i);
      _hsviz_connection_take_key_schedule (session, g_steal_pointer (&e->name), g_steal_pointer (&e->formula),
                                           g_steal_pointer (&e->value), e->verified, g_steal_pointer (&e->note));
    }
  g_ptr_array_unref (ctx.entries);
}

