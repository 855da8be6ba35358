/* hsviz-session-data.c — the TLS 1.3 ticket in GnuTLS's packed session data
 *
 * The resumption_master_secret of a TLS 1.3 connection has no key-log label and no GnuTLS API;
 * GnuTLS keeps it with the ticket in the session data it packs for resumption.  The part before
 * the TLS 1.3 part (certificates, security parameters) varies in length, so the TLS 1.3 part is
 * found from the end: the one offset whose 4-byte length covers exactly the rest and whose
 * fields then parse to the last byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-session-data.h"

#define TAIL_AFTER_SECRET (12 + 4)   /* arrival time, max_early_data_size */

void
hsviz_packed_ticket_clear (HsvizPackedTicket *ticket)
{
  g_clear_pointer (&ticket->nonce, g_bytes_unref);
  g_clear_pointer (&ticket->ticket, g_bytes_unref);
  g_clear_pointer (&ticket->resumption_master_secret, g_bytes_unref);
}

static guint32
read32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Parses the TLS 1.3 part starting at @start; TRUE only when it ends exactly at @len. */
static gboolean
parse_at (const guint8      *data,
          gsize              len,
          gsize              start,
          gsize              hash_len,
          HsvizPackedTicket *out)
{
  gsize pos = start, nonce_pos, ticket_pos, secret_pos;
  gsize nonce_len, ticket_len;

  if (len - start < 4 || read32 (data + start) != len - start - 4)
    return FALSE;
  pos += 4;
  if (len - pos < 4 + 4 + 1)
    return FALSE;
  out->lifetime = read32 (data + pos);
  out->age_add = read32 (data + pos + 4);
  pos += 8;
  nonce_len = data[pos++];
  nonce_pos = pos;
  if (len - pos < nonce_len + 4)
    return FALSE;
  pos += nonce_len;
  ticket_len = read32 (data + pos);
  pos += 4;
  ticket_pos = pos;
  if (ticket_len == 0 || len - pos < ticket_len + 1)
    return FALSE;
  pos += ticket_len;
  if (data[pos++] != hash_len)
    return FALSE;
  secret_pos = pos;
  if (len - pos != hash_len + TAIL_AFTER_SECRET)
    return FALSE;
  out->nonce = g_bytes_new (data + nonce_pos, nonce_len);
  out->ticket = g_bytes_new (data + ticket_pos, ticket_len);
  out->resumption_master_secret = g_bytes_new (data + secret_pos, hash_len);
  return TRUE;
}

gboolean
hsviz_session_data_read_tls13_ticket (const guint8      *data,
                                      gsize              len,
                                      gsize              hash_len,
                                      HsvizPackedTicket *ticket)
{
  /* the smallest TLS 1.3 part: length, lifetime, age_add, empty nonce, a 1-byte ticket */
  gsize min = 4 + 4 + 4 + 1 + 4 + 1 + 1 + hash_len + TAIL_AFTER_SECRET;

  g_return_val_if_fail (ticket != NULL, FALSE);

  if (data == NULL || hash_len == 0 || hash_len > 64 || len < min)
    return FALSE;
  /* every start whose length covers the rest and whose fields end at the last byte; in
   * practice one does (what is derived from the secret is checked against the binder on the
   * wire, hsviz-key-schedule-resume.c) */
  for (gsize start = len - min + 1; start-- > 0;)
    {
      HsvizPackedTicket found = { 0 };

      if (parse_at (data, len, start, hash_len, &found))
        {
          hsviz_packed_ticket_clear (ticket);
          *ticket = found;
          return TRUE;
        }
    }
  return FALSE;
}
