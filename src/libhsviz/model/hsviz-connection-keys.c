/* hsviz-connection-keys.c — a TLS 1.3 traffic secret's key and IV and a TLS 1.2 key block,
 * derived once per connection
 *
 * RFC 8446 §7.3: key = HKDF-Expand-Label (secret, "key", "", key length), iv = HKDF-Expand-Label
 * (secret, "iv", "", 12).  RFC 5246 §6.3: key_block = PRF (master_secret, "key expansion",
 * server_random + client_random).  The importer (to decrypt the flight, each direction), the key
 * schedule (to check the key log against the records) and the timeline (to classify the records)
 * each need them for the same secrets; the connection keeps what it derived, so each is derived
 * once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-connection-private.h"
#include "hsviz-tls-crypto.h"

#define MAX_KEPT 16   /* secrets a connection has: early, handshake and application, both sides */

typedef struct
{
  gnutls_mac_algorithm_t mac;
  guint8                 secret[64];
  gsize                  secret_len;
  guint8                 key[32];
  gsize                  key_len;
  guint8                 iv[12];
} TrafficKeys;

#define KEY_BLOCK_MAX 256   /* 2 × (MAC key + key + IV) of any suite GnuTLS knows is less */

struct _HsvizTls12KeyBlock
{
  gnutls_mac_algorithm_t mac;
  guint8                 master_secret[64];
  gsize                  master_secret_len;
  guint8                 seed[64];          /* server_random ‖ client_random */
  guint8                 key_block[KEY_BLOCK_MAX];
  gsize                  len;
};

gboolean
_hsviz_connection_traffic_keys (HsvizConnection        *self,
                                gnutls_mac_algorithm_t  mac,
                                const guint8           *secret,
                                gsize                   secret_len,
                                guint8                 *key,
                                gsize                   key_len,
                                guint8                  iv[12])
{
  TrafficKeys k = { 0 };

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (secret != NULL && key != NULL && iv != NULL, FALSE);

  for (guint i = 0; self->traffic_keys != NULL && i < self->traffic_keys->len; i++)
    {
      const TrafficKeys *kept = &g_array_index (self->traffic_keys, TrafficKeys, i);

      if (kept->mac == mac && kept->secret_len == secret_len && kept->key_len == key_len &&
          memcmp (kept->secret, secret, secret_len) == 0)
        {
          memcpy (key, kept->key, key_len);
          memcpy (iv, kept->iv, sizeof kept->iv);
          return TRUE;
        }
    }

  if (!hsviz_tls13_traffic_key_iv (mac, secret, secret_len, key, key_len, iv))
    return FALSE;
  if (secret_len > sizeof k.secret || key_len > sizeof k.key)
    return TRUE;   /* not kept: derived again next time */

  if (self->traffic_keys == NULL)
    self->traffic_keys = g_array_new (FALSE, FALSE, sizeof (TrafficKeys));
  if (self->traffic_keys->len >= MAX_KEPT)
    {
      memset (self->traffic_keys->data, 0, sizeof (TrafficKeys));
      g_array_remove_index (self->traffic_keys, 0);
    }
  k.mac = mac;
  memcpy (k.secret, secret, secret_len);
  k.secret_len = secret_len;
  memcpy (k.key, key, key_len);
  k.key_len = key_len;
  memcpy (k.iv, iv, sizeof k.iv);
  g_array_append_val (self->traffic_keys, k);
  memset (&k, 0, sizeof k);
  return TRUE;
}

gboolean
_hsviz_connection_tls12_key_block (HsvizConnection        *self,
                                   gnutls_mac_algorithm_t  mac,
                                   const guint8           *master_secret,
                                   gsize                   master_secret_len,
                                   const guint8           *client_random,
                                   const guint8           *server_random,
                                   guint8                 *key_block,
                                   gsize                   len)
{
  HsvizTls12KeyBlock *kept;
  guint8 seed[64];

  g_return_val_if_fail (HSVIZ_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (master_secret != NULL && client_random != NULL && server_random != NULL, FALSE);
  g_return_val_if_fail (key_block != NULL || len == 0, FALSE);

  memcpy (seed, server_random, 32);
  memcpy (seed + 32, client_random, 32);
  kept = self->tls12_key_block;
  /* PRF output is one stream: a shorter key block is the start of a longer one */
  if (kept != NULL && kept->mac == mac && kept->master_secret_len == master_secret_len &&
      len <= kept->len && memcmp (kept->master_secret, master_secret, master_secret_len) == 0 &&
      memcmp (kept->seed, seed, sizeof seed) == 0)
    {
      memcpy (key_block, kept->key_block, len);
      return TRUE;
    }

  if (!hsviz_tls12_prf (mac, master_secret, master_secret_len, "key expansion", seed, sizeof seed,
                        key_block, len))
    return FALSE;
  if (master_secret_len > sizeof kept->master_secret || len > sizeof kept->key_block)
    return TRUE;   /* not kept: derived again next time */

  if (kept == NULL)
    kept = self->tls12_key_block = g_new0 (HsvizTls12KeyBlock, 1);
  kept->mac = mac;
  memcpy (kept->master_secret, master_secret, master_secret_len);
  kept->master_secret_len = master_secret_len;
  memcpy (kept->seed, seed, sizeof seed);
  memcpy (kept->key_block, key_block, len);
  kept->len = len;
  return TRUE;
}

void
_hsviz_connection_clear_traffic_keys (HsvizConnection *self)
{
  if (self->tls12_key_block != NULL)
    {
      memset (self->tls12_key_block, 0, sizeof (HsvizTls12KeyBlock));
      g_clear_pointer (&self->tls12_key_block, g_free);
    }
  if (self->traffic_keys == NULL)
    return;
  memset (self->traffic_keys->data, 0, self->traffic_keys->len * sizeof (TrafficKeys));
  g_clear_pointer (&self->traffic_keys, g_array_unref);
}
