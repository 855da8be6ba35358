/* hsviz-key-schedule-early.c — TLS 1.3 early data (0-RTT): the client early traffic secret from
 * the key log, its key and IV by HKDF-Expand-Label, checked by decrypting the records it
 * protected (the 0-RTT application data and EndOfEarlyData).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-builder.h"
#include "hsviz-key-schedule-private.h"
#include "hsviz-timeline-private.h"
#include "hsviz-tls-crypto.h"
#include "hsviz-util.h"

/* What the records under the early key held, against what the session says was sent. */
static char *
check_early_records (HsvizKsCtx    *ctx,
                     const gboolean *early,
                     const guint8  *key,
                     gsize          key_len,
                     const guint8  *iv,
                     gboolean      *ok)
{
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  const HsvizApplicationData *app = hsviz_connection_get_application_data (ctx->session);
  int eoed = hsviz_ks_find_message (ctx, HSVIZ_DIRECTION_CLIENT, HSVIZ_HS_END_OF_EARLY_DATA, 0);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GString) which = g_string_new (NULL);
  gboolean eoed_ok = FALSE;
  guint64 seq = 0;

  *ok = TRUE;
  for (guint i = 0; i < records->len; i++)
    {
      const HsvizRecord *r = g_ptr_array_index (records, i);
      HsvizDecryptedRecord dec;
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *p;

      if (!early[i])
        continue;
      if (!hsviz_tls_record_decrypt (ctx->version, ctx->suite, key, key_len, iv, 12, seq, r->bytes,
                                     &dec, &error))
        {
          *ok = FALSE;
          return g_strdup_printf ("record %u (seq %" G_GUINT64_FORMAT ") did NOT decrypt with it: %s",
                                  r->index, seq, error->message);
        }
      g_string_append_printf (which, "%s%u", which->len > 0 ? ", " : "", r->index);
      p = g_bytes_get_data (dec.plaintext, &len);
      if (dec.content_type == HSVIZ_CONTENT_APPLICATION_DATA)
        g_byte_array_append (data, p, len);
      else if (dec.content_type == HSVIZ_CONTENT_HANDSHAKE && eoed >= 0)
        eoed_ok = hsviz_ks_bytes_equal (p, len, hsviz_ks_message_bytes (ctx, eoed));
      hsviz_decrypted_record_clear (&dec);
      seq++;
    }

  {
    g_autofree char *preview = g_strndup ((const char *) data->data, MIN (data->len, strcspn ((const char *) data->data, "\r\n")));
    gboolean request_ok = app->request != NULL && data->len == strlen (app->request) &&
                          memcmp (data->data, app->request, data->len) == 0;
    g_autofree char *seqs = seq > 1 ? g_strdup_printf ("seq 0–%" G_GUINT64_FORMAT, seq - 1) : g_strdup ("seq 0");

    /* an import may have no request of its own to compare with */
    if (data->len > 0 && app->request != NULL && !request_ok)
      *ok = FALSE;
    if (eoed >= 0 && !eoed_ok)
      *ok = FALSE;
    g_byte_array_append (data, (const guint8 *) "", 1);

    return g_strdup_printf ("decrypted record%s %s (%s) with it: %u bytes of 0-RTT application data%s%s%s%s",
                            seq > 1 ? "s" : "", which->str, seqs, data->len - 1,
                            data->len <= 1 ? ""
                            : app->request == NULL ? " (\""
                            : request_ok ? ", equal to the request the client sent (\""
                            : ", DIFFERENT from the request the client sent (\"",
                            data->len > 1 ? preview : "", data->len > 1 ? "\")" : "",
                            eoed < 0 ? "; no EndOfEarlyData (the server rejected the early data)"
                            : eoed_ok ? "; then the client's EndOfEarlyData, equal to the message"
                                      : "; the client's EndOfEarlyData was NOT found under it");
  }
}

gboolean *
hsviz_ks_compute_tls13_early (HsvizKsCtx *ctx,
                              gsize       key_len)
{
  GPtrArray *records = hsviz_connection_get_records (ctx->session);
  gboolean *early = g_new0 (gboolean, (records != NULL ? records->len : 0) + 1);
  g_autoptr(GBytes) secret = hsviz_ks_keylog_secret (ctx, "CLIENT_EARLY_TRAFFIC_SECRET");
  guint8 key[32], iv[12];
  g_autofree char *note = NULL;
  g_autofree char *key_formula = NULL;
  const guint8 *s = NULL;
  gsize len = 0;
  gboolean derived, ok = FALSE;
  HsvizKsEntry *entry;

  if (secret != NULL)
    s = g_bytes_get_data (secret, &len);
  derived = s != NULL && key_len <= sizeof key &&
            _hsviz_connection_traffic_keys (ctx->session, ctx->mac, s, len, key, key_len, iv);
  if (records == NULL ||
      _hsviz_timeline_find_early_records (records, ctx->version, ctx->suite, derived ? key : NULL,
                                          key_len, iv, early) == 0)
    return early;   /* no 0-RTT: nothing to check */

  if (!derived)
    {
      hsviz_ks_entry_add (ctx, "client_early_traffic_secret",
                          "Derive-Secret(early_secret, \"c e traffic\", ClientHello)", NULL, 0, FALSE,
                          g_strdup ("no key log line CLIENT_EARLY_TRAFFIC_SECRET: the 0-RTT records cannot be checked"));
      return early;
    }
  note = check_early_records (ctx, early, key, key_len, iv, &ok);
  entry = hsviz_ks_entry_add (ctx, "client_early_traffic_secret",
                              "Derive-Secret(early_secret, \"c e traffic\", ClientHello) "
                              "(from the key log CLIENT_EARLY_TRAFFIC_SECRET)", s, len, ok, NULL);
  entry->note = g_strdup_printf ("from the key log; the early data (0-RTT) key derived from it %s",
                                 ok ? "decrypts the client's 0-RTT records" : "could NOT be confirmed");
  key_formula = g_strdup_printf ("HKDF-Expand-Label(client_early_traffic_secret, \"key\", \"\", %" G_GSIZE_FORMAT ")",
                                 key_len);
  hsviz_ks_entry_add (ctx, "client_early_key", key_formula, key, key_len, ok, g_strdup (note));
  hsviz_ks_entry_add (ctx, "client_early_iv", "HKDF-Expand-Label(client_early_traffic_secret, \"iv\", \"\", 12)",
                      iv, sizeof iv, ok, g_strdup (note));
  return early;
}
