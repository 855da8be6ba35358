/* hsviz-connection-plain.c — what a kept record decrypted to, remembered by the connection
 *
 * The importer decrypts every protected record it reads (to reassemble the messages of the
 * encrypted flight); the timeline then classifies the same records by decrypting them with the
 * same keys at the same sequence numbers (inner content type, plaintext length, an alert's
 * bytes).  The importer tells the connection what each kept record decrypted to and with what
 * (protocol, suite, keys, sequence number); the timeline asks with what it would decrypt with,
 * and decrypts only when the connection does not know that exact decryption.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-private.h"

#define MAX_MATERIAL (64 + 32 + 16)   /* MAC key, key, IV */

typedef struct
{
  gboolean          known;
  guint16           version;
  guint16           suite;
  guint64           seq;
  gsize             mac_key_len;
  gsize             key_len;
  gsize             iv_len;
  guint8            material[MAX_MATERIAL];   /* MAC key ‖ key ‖ IV */
  HsvizRecordPlain  plain;
} Remembered;

static gboolean
fits (const HsvizRecordKeys *keys)
{
  return keys->mac_key_len <= 64 && keys->key_len <= 32 && keys->iv_len <= 16 &&
         (keys->mac_key != NULL || keys->mac_key_len == 0) && keys->key != NULL &&
         (keys->iv != NULL || keys->iv_len == 0);
}

static void
copy_material (const HsvizRecordKeys *keys,
               guint8                *out)
{
  if (keys->mac_key_len > 0)
    memcpy (out, keys->mac_key, keys->mac_key_len);
  memcpy (out + keys->mac_key_len, keys->key, keys->key_len);
  if (keys->iv_len > 0)
    memcpy (out + keys->mac_key_len + keys->key_len, keys->iv, keys->iv_len);
}

void
_hsviz_connection_remember_plain (HsvizConnection            *self,
                                  guint                       index,
                                  GBytes                     *record,
                                  const HsvizRecordKeys      *keys,
                                  const HsvizDecryptedRecord *dec)
{
  const HsvizRecord *r;
  Remembered *m;
  gsize len = 0;
  const guint8 *p;

  g_return_if_fail (HSVIZ_IS_CONNECTION (self));
  g_return_if_fail (keys != NULL && dec != NULL);

  /* only a record the connection keeps, and only the one decrypted */
  if (index >= self->records->len || !fits (keys))
    return;
  r = g_ptr_array_index (self->records, index);
  if (r->bytes != record)
    return;

  if (self->plains == NULL)
    self->plains = g_array_new (FALSE, TRUE, sizeof (Remembered));
  if (self->plains->len <= index)
    g_array_set_size (self->plains, index + 1);
  m = &g_array_index (self->plains, Remembered, index);
  m->known = TRUE;
  m->version = keys->version;
  m->suite = keys->suite;
  m->seq = keys->seq;
  m->mac_key_len = keys->mac_key_len;
  m->key_len = keys->key_len;
  m->iv_len = keys->iv_len;
  copy_material (keys, m->material);
  p = dec->plaintext != NULL ? g_bytes_get_data (dec->plaintext, &len) : NULL;
  m->plain.content_type = dec->content_type;
  m->plain.length = len;
  m->plain.alert[0] = len == 2 ? p[0] : 0;
  m->plain.alert[1] = len == 2 ? p[1] : 0;
}

gboolean
_hsviz_connection_recall_plain (HsvizConnection       *self,
                                guint                  index,
                                const HsvizRecordKeys *keys,
                                HsvizRecordPlain      *plain)
{
  const Remembered *m;
  guint8 material[MAX_MATERIAL];

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (keys != NULL && plain != NULL, FALSE);

  if (self->plains == NULL || index >= self->plains->len || !fits (keys))
    return FALSE;
  m = &g_array_index (self->plains, Remembered, index);
  if (!m->known || m->version != keys->version || m->suite != keys->suite || m->seq != keys->seq ||
      m->mac_key_len != keys->mac_key_len || m->key_len != keys->key_len || m->iv_len != keys->iv_len)
    return FALSE;
  copy_material (keys, material);
  if (memcmp (m->material, material, keys->mac_key_len + keys->key_len + keys->iv_len) != 0)
    {
      memset (material, 0, sizeof material);
      return FALSE;
    }
  memset (material, 0, sizeof material);
  *plain = m->plain;
  return TRUE;
}

void
_hsviz_connection_clear_plains (HsvizConnection *self)
{
  if (self->plains == NULL)
    return;
  memset (self->plains->data, 0, self->plains->len * sizeof (Remembered));
  g_clear_pointer (&self->plains, g_array_unref);
}
