/* hsviz-record-tap.c — cut one direction of a TLS byte stream into records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-record-tap.h"

struct _HsvizRecordTap
{
  HsvizDirection  direction;
  HsvizRecordFunc func;
  gpointer        user_data;
  GByteArray     *pending;
  gboolean        broken;
};

HsvizRecordTap *
hsviz_record_tap_new (HsvizDirection  direction,
                      HsvizRecordFunc func,
                      gpointer        user_data)
{
  HsvizRecordTap *tap = g_new0 (HsvizRecordTap, 1);

  tap->direction = direction;
  tap->func = func;
  tap->user_data = user_data;
  tap->pending = g_byte_array_new ();
  return tap;
}

void
hsviz_record_tap_free (HsvizRecordTap *tap)
{
  if (tap == NULL)
    return;
  g_byte_array_unref (tap->pending);
  g_free (tap);
}

static gboolean
header_is_tls (const guint8 *p)
{
  guint16 length = (guint16) ((p[3] << 8) | p[4]);

  return p[0] >= 20 && p[0] <= 24 && p[1] == 3 && p[2] <= 4 &&
         length + 5u <= HSVIZ_RECORD_MAX;
}

static void
emit (HsvizRecordTap *tap,
      const guint8   *data,
      gsize           len,
      gboolean        is_tls)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  tap->func (tap->direction, bytes, is_tls, tap->user_data);
}

void
hsviz_record_tap_feed (HsvizRecordTap *tap,
                       const guint8   *data,
                       gsize           len)
{
  g_return_if_fail (tap != NULL);

  if (len == 0)
    return;

  if (tap->broken)
    {
      emit (tap, data, len, FALSE);
      return;
    }

  g_byte_array_append (tap->pending, data, (guint) len);

  while (tap->pending->len >= 5)
    {
      const guint8 *p = tap->pending->data;
      gsize need;

      if (!header_is_tls (p))
        {
          tap->broken = TRUE;
          emit (tap, p, tap->pending->len, FALSE);
          g_byte_array_set_size (tap->pending, 0);
          return;
        }
      need = 5 + (gsize) ((p[3] << 8) | p[4]);
      if (tap->pending->len < need)
        break;
      emit (tap, p, need, TRUE);
      g_byte_array_remove_range (tap->pending, 0, (guint) need);
    }
}

void
hsviz_record_tap_flush (HsvizRecordTap *tap)
{
  g_return_if_fail (tap != NULL);

  if (tap->pending->len > 0)
    {
      emit (tap, tap->pending->data, tap->pending->len, FALSE);
      g_byte_array_set_size (tap->pending, 0);
    }
}

gboolean
hsviz_record_tap_is_broken (HsvizRecordTap *tap)
{
  g_return_val_if_fail (tap != NULL, FALSE);
  return tap->broken;
}
