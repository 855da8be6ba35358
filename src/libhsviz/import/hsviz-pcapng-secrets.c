/* hsviz-pcapng-secrets.c — the TLS key logs a pcapng file carries in Decryption Secrets Blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hsviz-error.h"
#include "hsviz-pcapng-secrets.h"

#define BLOCK_SHB   0x0A0D0D0Au
#define BLOCK_DSB   0x0000000Au
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define SECRETS_TLS 0x544c534bu

static guint32
read32 (const guint8 *p,
        gboolean      big_endian)
{
  guint32 v;

  memcpy (&v, p, 4);
  return big_endian ? GUINT32_FROM_BE (v) : GUINT32_FROM_LE (v);
}

static gboolean
broken (GError   **error,
        guint64    offset,
        const char *what)
{
  g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
               _("The pcapng block at byte %" PRIu64 " is broken: %s"), offset, what);
  return FALSE;
}

gboolean
hsviz_pcapng_read_tls_secrets (FILE     *file,
                               GString  *keylog,
                               GError  **error)
{
  gboolean big_endian = FALSE;
  gboolean first = TRUE;
  guint64 offset = 0;

  for (;;)
    {
      guint8 head[12];
      guint32 type, total;
      size_t n = fread (head, 1, 8, file);

      if (n == 0 && !first)
        return TRUE;
      if (n < 8)
        {
          if (first)
            return TRUE;   /* too short for pcapng: libpcap will say what it is */
          return broken (error, offset, _("the file ends inside a block header"));
        }
      memcpy (&type, head, 4);
      type = GUINT32_FROM_LE (type);   /* the SHB type reads the same in both orders */
      if (type == BLOCK_SHB)
        {
          guint32 magic;

          if (fread (head + 8, 1, 4, file) != 4)
            return broken (error, offset, _("the file ends inside a section header"));
          memcpy (&magic, head + 8, 4);
          if (magic == GUINT32_TO_LE (BYTE_ORDER_MAGIC))
            big_endian = FALSE;
          else if (magic == GUINT32_TO_BE (BYTE_ORDER_MAGIC))
            big_endian = TRUE;
          else
            return broken (error, offset, _("unknown byte-order magic"));
        }
      else if (first)
        return TRUE;       /* a legacy pcap file (or not a capture): no DSB */
      first = FALSE;
      type = read32 (head, big_endian);
      total = read32 (head + 4, big_endian);
      if (total < 12 || total % 4 != 0)
        return broken (error, offset, _("impossible block length"));

      if (type == BLOCK_DSB)
        {
          g_autofree guint8 *body = NULL;
          guint32 body_len = total - 8;   /* body + trailing length */
          guint32 secrets_type, secrets_len;

          if (body_len > HSVIZ_PCAPNG_DSB_MAX)
            return broken (error, offset, _("the Decryption Secrets Block is larger than 16 MiB"));
          body = g_malloc (body_len);
          if (fread (body, 1, body_len, file) != body_len)
            return broken (error, offset, _("the file ends inside a Decryption Secrets Block"));
          if (body_len < 12)
            return broken (error, offset, _("the Decryption Secrets Block has no secrets header"));
          secrets_type = read32 (body, big_endian);
          secrets_len = read32 (body + 4, big_endian);
          if (secrets_len > body_len - 12)
            return broken (error, offset, _("the secrets are longer than their block"));
          if (read32 (body + body_len - 4, big_endian) != total)
            return broken (error, offset, _("the trailing block length differs from the leading one"));
          if (secrets_type == SECRETS_TLS)
            {
              g_string_append_len (keylog, (const char *) body + 8, secrets_len);
              if (secrets_len > 0 && body[8 + secrets_len - 1] != '\n')
                g_string_append_c (keylog, '\n');
            }
        }
      else
        {
          guint32 skip = total - (type == BLOCK_SHB ? 12 : 8);

          if (fseeko (file, skip, SEEK_CUR) != 0)
            return broken (error, offset, _("cannot skip the block"));
          /* fseeko past the end succeeds; the next read notices */
        }
      offset += total;
    }
}
