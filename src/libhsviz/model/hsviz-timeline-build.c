/* hsviz-timeline-build.c — a connection's timeline, derived from its stored bytes and facts
 *
 * Steps 1 and 2 are in hsviz-timeline-records.c, step 3 here.
 *
 * 1. Records are classified: handshake, ChangeCipherSpec, alert, application data, not TLS.
 *    Protected records are decrypted when the connection has the keys (TLS 1.2: the record
 *    layer's write keys after each side's ChangeCipherSpec; TLS 1.3: the handshake and
 *    application traffic keys from the key log), which gives the inner content type of every
 *    TLS 1.3 record and the level and description of every encrypted alert.
 * 2. Each side's handshake messages are matched to the records that carried them by counting
 *    bytes: a plaintext record carries exactly its length, a decrypted one its plaintext, a
 *    TLS 1.2 encrypted handshake record one whole message, and a TLS 1.3 record that could not
 *    be decrypted its length less 17 (inner content type and AEAD tag).  Every record that
 *    carries part of a message is handshake, never application data.  Without keys, a TLS 1.3
 *    record sent after that side's Finished is application data unless it is the one the
 *    message after the handshake (NewSessionTicket) was read from or written to.
 * 3. Items are laid out in the record tap's order; a message stands where the record that
 *    completed it stands, with that record's time.  Local actions are placed from protocol
 *    facts (after the server's certificate flight, around the ClientKeyExchange, after the
 *    ServerHello and the server's Finished of TLS 1.3), so a session without secrets shows
 *    them too; the key schedule's verdicts, when present, mark them verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hsviz-connection.h"
#include "hsviz-tables.h"
#include "hsviz-timeline-private.h"
#include "hsviz-trust-text.h"

/* ------------------------------------------------------------------ 3. items */

typedef struct
{
  guint              position;   /* record index it stands at (n_records: after all) */
  guint              sub;        /* 0 before the record (a message without one), 1 at it */
  guint              order;      /* tie-break */
  HsvizTimelineEntry *item;      /* NULL: record @position, made once its step is known */
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *x = a;
  const Placed *y = b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  if (x->sub != y->sub)
    return x->sub < y->sub ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static const char *
side_name (HsvizDirection dir)
{
  return dir == HSVIZ_DIRECTION_CLIENT ? _("client") : _("server");
}

/* @step: from the step mapping, with what came before it on the wire. */
static HsvizTimelineEntry *
record_item (HsvizTimelineBuilder *b,
             guint                 index,
             HsvizStep             step)
{
  const HsvizRecord *r = g_ptr_array_index (b->records, index);
  const HsvizRecordInfo *info = &b->info[index];
  HsvizTimelineKind item_kind = HSVIZ_TIMELINE_RECORD;
  HsvizTimelineRecordKind kind;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  HsvizTimelineVerified verified = HSVIZ_TIMELINE_UNCHECKED;
  HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

  if (info->class == HSVIZ_REC_ALERT)
    {
      if (info->has_alert)
        {
          label = g_strdup_printf ("%s (%s)", hsviz_alert_name (info->alert_description),
                                   hsviz_alert_level_name (info->alert_level));
          spec.failure = hsviz_alert_is_failure (b->version, info->alert_level, info->alert_description);
          if (info->decrypted)
            {
              detail = g_strdup_printf (_("Alert from the %s: %s, encrypted; decrypted with the session keys"),
                                        side_name (r->direction), label);
              verified = HSVIZ_TIMELINE_VERIFIED;
            }
          else if (info->alert_from_outcome)
            detail = g_strdup_printf (_("Alert from the %s: %s, encrypted; GnuTLS reported it"),
                                      side_name (r->direction), label);
          else
            detail = g_strdup_printf (_("Alert from the %s: %s"), side_name (r->direction), label);
        }
      else
        {
          label = g_strdup (b->have_secrets ? _("encrypted alert, not decrypted")
                                            : _("encrypted alert, keys not saved"));
          detail = g_strdup_printf (_("Alert from the %s, encrypted with the session keys"),
                                    side_name (r->direction));
        }
      item_kind = HSVIZ_TIMELINE_ALERT;
      kind = HSVIZ_TIMELINE_RECORD_NONE;
    }
  else switch (info->class)
    {
    case HSVIZ_REC_CHANGE_CIPHER_SPEC:
      kind = HSVIZ_TIMELINE_RECORD_CHANGE_CIPHER_SPEC;
      label = g_strdup ("ChangeCipherSpec");
      detail = g_strdup_printf (_("ChangeCipherSpec record from the %s"), side_name (r->direction));
      break;
    case HSVIZ_REC_APPLICATION_DATA:
    case HSVIZ_REC_ENCRYPTED:
      kind = HSVIZ_TIMELINE_RECORD_APPLICATION_DATA;
      if (info->early)
        {
          label = g_strdup (_("Early data (0-RTT)"));
          detail = g_strdup (info->decrypted
                             ? _("Application data from the client sent as early data (0-RTT) with the "
                                 "ClientHello, before any answer; decrypted with the client early "
                                 "traffic key, which comes from the resumed session's PSK")
                             : _("Application data from the client sent as early data (0-RTT) with the "
                                 "ClientHello, before any answer, encrypted with the client early "
                                 "traffic key, which comes from the resumed session's PSK"));
          verified = info->decrypted ? HSVIZ_TIMELINE_VERIFIED : HSVIZ_TIMELINE_UNCHECKED;
          break;
        }
      label = g_strdup (_("Application data"));
      detail = g_strdup_printf (_("Application data from the %s, encrypted with the session keys"),
                                side_name (r->direction));
      verified = info->decrypted ? HSVIZ_TIMELINE_VERIFIED : HSVIZ_TIMELINE_UNCHECKED;
      break;
    case HSVIZ_REC_NOT_TLS:
      kind = HSVIZ_TIMELINE_RECORD_NOT_TLS;
      label = g_strdup (_("(not TLS)"));
      detail = g_strdup_printf (_("%u bytes from the %s that are not TLS"), r->length, side_name (r->direction));
      break;
    default:
      kind = HSVIZ_TIMELINE_RECORD_OTHER;
      label = g_strdup_printf ("%s", hsviz_content_type_name (r->content_type));
      detail = g_strdup_printf (_("Record of content type %s from the %s"),
                                hsviz_content_type_name (r->content_type), side_name (r->direction));
      break;
    }

  spec.kind = item_kind;
  spec.record_kind = kind;
  spec.step = step;
  spec.direction = r->direction;
  spec.sides = r->direction == HSVIZ_DIRECTION_CLIENT ? HSVIZ_TIMELINE_SIDE_CLIENT : HSVIZ_TIMELINE_SIDE_SERVER;
  spec.label = label;
  spec.detail = detail;
  spec.time_us = r->time_us;
  spec.record_index = index;
  spec.size = r->length;
  spec.verified = verified;
  return _hsviz_timeline_entry_new (&spec);
}

static HsvizTimelineEntry *
message_item (HsvizTimelineBuilder *b,
              guint    index)
{
  HsvizMessage *m = hsviz_connection_get_message (b->connection, index);
  HsvizDirection dir = hsviz_message_get_direction (m);
  int carrier = b->carrier[index];
  gint64 t = carrier >= 0 ? ((const HsvizRecord *) g_ptr_array_index (b->records, carrier))->time_us
                          : hsviz_message_get_time_us (m);
  HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

  spec.kind = HSVIZ_TIMELINE_MESSAGE;
  spec.step = hsviz_message_get_step (m);
  spec.direction = dir;
  spec.sides = dir == HSVIZ_DIRECTION_CLIENT ? HSVIZ_TIMELINE_SIDE_CLIENT : HSVIZ_TIMELINE_SIDE_SERVER;
  spec.label = hsviz_message_get_type_name (m);
  spec.detail = hsviz_message_get_parse_error (m);
  spec.time_us = t;
  spec.message_index = index;
  spec.record_index = carrier;
  spec.size = g_bytes_get_size (hsviz_message_get_bytes (m));
  return _hsviz_timeline_entry_new (&spec);
}

/* The verdict of the key-schedule entries named @names (NULL-terminated): VERIFIED when all
 * that exist are, FAILED when one is not, UNCHECKED when none exists. */
static HsvizTimelineVerified
key_schedule_verdict (HsvizTimelineBuilder           *b,
                      const char *const *names)
{
  GPtrArray *ks = hsviz_connection_get_key_schedule (b->connection);
  gboolean any = FALSE, all = TRUE;

  for (guint i = 0; ks != NULL && i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      if (!g_strv_contains (names, e->name))
        continue;
      any = TRUE;
      all &= e->verified;
    }
  if (!any)
    return HSVIZ_TIMELINE_UNCHECKED;
  return all ? HSVIZ_TIMELINE_VERIFIED : HSVIZ_TIMELINE_FAILED;
}

/* The value of the key-schedule entry @name, or NULL. */
static const char *
key_schedule_value (HsvizTimelineBuilder    *b,
                    const char *name)
{
  GPtrArray *ks = hsviz_connection_get_key_schedule (b->connection);

  for (guint i = 0; ks != NULL && i < ks->len; i++)
    {
      const HsvizKeyScheduleEntry *e = g_ptr_array_index (ks, i);

      if (g_strcmp0 (e->name, name) == 0 && e->value != NULL && e->value[0] != '\0')
        return e->value;
    }
  return NULL;
}

static HsvizTimelineEntry *
action_item (HsvizAction            action,
             HsvizStep              step,
             HsvizTimelineSides     sides,
             const char            *label,
             const char            *detail,
             const char            *value,
             HsvizTimelineVerified  verified)
{
  g_autofree char *full = NULL;
  HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

  if (value != NULL)
    full = g_strdup_printf ("%s\n= %s", detail, value);
  spec.kind = HSVIZ_TIMELINE_ACTION;
  spec.action = action;
  spec.step = step;
  spec.direction = (sides == HSVIZ_TIMELINE_SIDE_SERVER ? HSVIZ_DIRECTION_SERVER : HSVIZ_DIRECTION_CLIENT);
  spec.sides = sides;
  spec.label = label;
  spec.detail = full != NULL ? full : detail;
  spec.verified = verified;
  return _hsviz_timeline_entry_new (&spec);
}

typedef struct
{
  guint              message;    /* the message it is placed at */
  gboolean           before;     /* before it, else after it */
  guint              order;
  HsvizTimelineEntry *item;
} Attached;

typedef struct
{
  HsvizTimelineBuilder *b;
  GArray  *attached;    /* of Attached */
} Layout;

/* Adds @item right after (or, with @before, right before) message @message's item. */
static void
place_near_message (Layout             *l,
                    guint               message,
                    gboolean            before,
                    guint               order,
                    HsvizTimelineEntry *item)
{
  Attached a = { message, before, order, item };

  g_array_append_val (l->attached, a);
}

static int
compare_attached (gconstpointer a,
                  gconstpointer b)
{
  const Attached *x = a;
  const Attached *y = b;

  if (x->message != y->message)
    return x->message < y->message ? -1 : 1;
  if (x->before != y->before)
    return x->before ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* A resumed connection: TLS 1.3, the client's PSK and binder before its ClientHello; TLS 1.2,
 * the reused master secret and the new keys after the ServerHello (no key exchange). */
static void
add_resumed_actions (Layout *l,
                     int     server_hello)
{
  HsvizConnection *c = l->b->connection;
  guint from = (guint) (hsviz_connection_get_resumed_from (c) + 1);
  HsvizStep master = hsviz_connection_step_for_action (c, HSVIZ_ACTION_MASTER_SECRET);
  HsvizStep keys = hsviz_connection_step_for_action (c, HSVIZ_ACTION_SESSION_KEYS);
  g_autofree char *detail = NULL;

  if (!hsviz_connection_is_resumed (c) || l->b->n_messages == 0)
    return;
  if (l->b->version == HSVIZ_VERSION_TLS13)
    {
      static const char *const psk_names[] = { "psk_identity", "resumption_master_secret", "psk", "early_secret",
                                               "binder_key", "binder_finished_key", "psk_binder", NULL };
      const char *rms = key_schedule_value (l->b, "resumption_master_secret");
      HsvizTimelineVerified verdict = key_schedule_verdict (l->b, psk_names);

      /* without the resumption_master_secret (an import: no key log has it) nothing of the PSK
       * was recomputed: not checked, rather than failed */
      if (verdict == HSVIZ_TIMELINE_FAILED && (rms == NULL || *rms == '\0'))
        verdict = HSVIZ_TIMELINE_UNCHECKED;

      detail = from > 0
        ? g_strdup_printf (_("PSK = HKDF-Expand-Label(resumption_master_secret of connection %u, \"resumption\", "
                             "ticket_nonce); early secret = HKDF-Extract(0, PSK); the binder, an HMAC over this "
                             "ClientHello with a key from the early secret, proves the client holds the PSK"), from)
        : g_strdup (_("PSK from a ticket of an earlier connection; early secret = HKDF-Extract(0, PSK); the "
                      "binder, an HMAC over this ClientHello, proves the client holds the PSK"));
      place_near_message (l, 0, TRUE, 0,
                          action_item (HSVIZ_ACTION_MASTER_SECRET, HSVIZ_STEP_CLIENT_HELLO, HSVIZ_TIMELINE_SIDE_CLIENT,
                                       _("Compute PSK and binder"), detail,
                                       key_schedule_value (l->b, "psk_binder"), verdict));
      return;
    }
  if (server_hello < 0)
    return;
  {
    static const char *const master_names[] = { "master_secret", NULL };
    static const char *const key_names[] = { "client_write_key", "server_write_key", "client_write_iv",
                                             "server_write_iv", "client_write_mac_key", "server_write_mac_key", NULL };

    detail = from > 0
      ? g_strdup_printf (_("The master secret of connection %u, found by its session id or ticket: no "
                           "certificate, no key exchange"), from)
      : g_strdup (_("The master secret of an earlier connection, found by its session id or ticket: no "
                    "certificate, no key exchange"));
    place_near_message (l, server_hello, FALSE, 2,
                        action_item (HSVIZ_ACTION_MASTER_SECRET, master, HSVIZ_TIMELINE_SIDE_BOTH, _("Reuse master secret"),
                                     detail, key_schedule_value (l->b, "master_secret"),
                                     key_schedule_verdict (l->b, master_names)));
    place_near_message (l, server_hello, FALSE, 3,
                        action_item (HSVIZ_ACTION_SESSION_KEYS, keys, HSVIZ_TIMELINE_SIDE_BOTH, _("Derive session keys"),
                                     _("key_block = PRF(master_secret, \"key expansion\", the new randoms): new keys from the old secret"),
                                     key_schedule_value (l->b, "key_block"),
                                     key_schedule_verdict (l->b, key_names)));
  }
}

static void
add_actions (Layout *l)
{
  HsvizTimelineBuilder *b = l->b;
  HsvizConnection *c = b->connection;
  const HsvizVerification *verification = hsviz_connection_get_verification (c);
  guint16 version = b->version;
  HsvizKeyExchange kx = hsviz_connection_get_key_exchange (c);
  HsvizStep pre_master = hsviz_connection_step_for_action (c, HSVIZ_ACTION_PRE_MASTER);
  HsvizStep master = hsviz_connection_step_for_action (c, HSVIZ_ACTION_MASTER_SECRET);
  HsvizStep keys = hsviz_connection_step_for_action (c, HSVIZ_ACTION_SESSION_KEYS);
  int verify_after = -1, cke = -1, server_hello = -1, server_finished = -1;

  for (guint i = 0; i < b->n_messages; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (c, i);
      HsvizDirection dir = hsviz_message_get_direction (m);
      guint8 type = hsviz_message_get_type_code (m);

      if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_CERTIFICATE && verify_after < 0)
        {
          /* The client checks the chain once the server's flight is in (TLS 1.3: with the
           * CertificateVerify signature over the transcript). */
          verify_after = i;
          for (guint j = i + 1; j < b->n_messages; j++)
            {
              HsvizMessage *next = hsviz_connection_get_message (c, j);

              if (hsviz_message_get_direction (next) != HSVIZ_DIRECTION_SERVER)
                break;
              verify_after = j;
              if (hsviz_message_get_type_code (next) == HSVIZ_HS_CERTIFICATE_VERIFY)
                break;
            }
        }
      else if (dir == HSVIZ_DIRECTION_CLIENT && type == HSVIZ_HS_CLIENT_KEY_EXCHANGE && cke < 0)
        cke = i;
      else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_SERVER_HELLO &&
               !hsviz_message_is_hello_retry (m))
        server_hello = i;
      else if (dir == HSVIZ_DIRECTION_SERVER && type == HSVIZ_HS_FINISHED && server_finished < 0)
        server_finished = i;
    }

  if (verify_after >= 0)
    {
      g_autofree char *label = NULL;
      g_autofree char *detail = NULL;
      HsvizTimelineVerified verified = HSVIZ_TIMELINE_UNCHECKED;

      g_autofree char *failure = hsviz_connection_dup_trust_failure (c);
      g_autofree char *browser = hsviz_connection_dup_browser_verdict (c);

      /* the verdict is GnuTLS's and ours (dates, weak keys, the chain), with the first reason */
      if (verification->present && failure == NULL)
        {
          label = g_strdup_printf ("%s ✓", _("Verify certificate"));
          verified = HSVIZ_TIMELINE_VERIFIED;
        }
      else if (verification->present)
        {
          label = g_strdup_printf ("%s ✗ %s", _("Verify certificate"), failure);
          verified = HSVIZ_TIMELINE_FAILED;
        }
      else
        label = g_strdup (_("Verify certificate"));
      detail = g_strdup_printf (_("The client checks the certificate chain: name, dates, issuer%s%s%s%s"),
                                browser ? "\n" : "", browser ? browser : "",
                                verification->present && verification->text ? "\n" : "",
                                verification->present && verification->text ? verification->text : "");
      place_near_message (l, verify_after, FALSE, 0,
                          action_item (HSVIZ_ACTION_VERIFY_CERTIFICATE,
                                       hsviz_connection_step_for_action (c, HSVIZ_ACTION_VERIFY_CERTIFICATE),
                                       HSVIZ_TIMELINE_SIDE_CLIENT, label, detail, NULL, verified));
    }

  if (cke >= 0 && version != 0 && version < HSVIZ_VERSION_TLS13)
    {
      static const char *const master_names[] = { "master_secret", NULL };
      static const char *const key_names[] = { "client_write_key", "server_write_key", "client_write_iv",
                                               "server_write_iv", "client_write_mac_key",
                                               "server_write_mac_key", NULL };
      static const char *const pms_names[] = { "pre_master_secret", NULL };

      /* The client makes the pre-master secret (step 3); the server recovers it or computes
       * the shared secret as part of step 4, "decryption and master secret". */
      if (kx == HSVIZ_KX_RSA)
        {
          place_near_message (l, cke, TRUE, 0,
                              action_item (HSVIZ_ACTION_PRE_MASTER, pre_master, HSVIZ_TIMELINE_SIDE_CLIENT, _("Encrypt pre-master secret"),
                                           _("The client makes a random 48-byte pre-master secret and encrypts it with the server's RSA public key"),
                                           NULL, HSVIZ_TIMELINE_UNCHECKED));
          place_near_message (l, cke, FALSE, 1,
                              action_item (HSVIZ_ACTION_PRE_MASTER, master, HSVIZ_TIMELINE_SIDE_SERVER, _("Decrypt pre-master secret"),
                                           _("The server decrypts the pre-master secret with its RSA private key"),
                                           key_schedule_value (b, "pre_master_secret"),
                                           key_schedule_verdict (b, pms_names)));
        }
      else if (kx == HSVIZ_KX_ECDHE || kx == HSVIZ_KX_DHE)
        {
          g_autofree char *detail =
            g_strdup_printf (_("Both sides compute the %s shared secret from the two public keys; nothing secret was sent"),
                             hsviz_key_exchange_name (kx));

          place_near_message (l, cke, FALSE, 1,
                              action_item (HSVIZ_ACTION_PRE_MASTER, master, HSVIZ_TIMELINE_SIDE_BOTH, _("Compute shared secret"), detail,
                                           key_schedule_value (b, "pre_master_secret"),
                                           key_schedule_verdict (b, pms_names)));
        }
      place_near_message (l, cke, FALSE, 2,
                          action_item (HSVIZ_ACTION_MASTER_SECRET, master, HSVIZ_TIMELINE_SIDE_BOTH, _("Compute master secret"),
                                       _("master_secret = PRF(pre_master_secret, \"master secret\", randoms)"),
                                       key_schedule_value (b, "master_secret"),
                                       key_schedule_verdict (b, master_names)));
      place_near_message (l, cke, FALSE, 3,
                          action_item (HSVIZ_ACTION_SESSION_KEYS, keys, HSVIZ_TIMELINE_SIDE_BOTH, _("Derive session keys"),
                                       _("key_block = PRF(master_secret, \"key expansion\", randoms): MAC keys, write keys, IVs"),
                                       key_schedule_value (b, "key_block"),
                                       key_schedule_verdict (b, key_names)));
    }

  add_resumed_actions (l, server_hello);

  if (version == HSVIZ_VERSION_TLS13 && server_hello >= 0)
    {
      static const char *const hs_names[] = { "client_handshake_traffic_secret",
                                              "server_handshake_traffic_secret", NULL };
      static const char *const hs_key_names[] = { "client_handshake_key", "server_handshake_key",
                                                  "client_handshake_iv", "server_handshake_iv", NULL };
      static const char *const ap_names[] = { "client_application_traffic_secret_0",
                                              "server_application_traffic_secret_0", NULL };
      static const char *const ap_key_names[] = { "client_write_key", "server_write_key",
                                                  "client_write_iv", "server_write_iv", NULL };

      place_near_message (l, server_hello, FALSE, 2,
                          action_item (HSVIZ_ACTION_MASTER_SECRET, master, HSVIZ_TIMELINE_SIDE_BOTH, _("Compute handshake secret"),
                                       kx == HSVIZ_KX_PSK
                                       ? _("HKDF: early secret (from the PSK) → handshake secret, with zeros in place of an "
                                           "(EC)DHE shared secret (psk_ke: no key share)")
                                       : hsviz_connection_is_resumed (c)
                                       ? _("HKDF: early secret (from the PSK) → handshake secret, with the (EC)DHE shared secret")
                                       : _("HKDF: early secret → handshake secret, from the (EC)DHE shared secret"),
                                       key_schedule_value (b, "server_handshake_traffic_secret"),
                                       key_schedule_verdict (b, hs_names)));
      place_near_message (l, server_hello, FALSE, 3,
                          action_item (HSVIZ_ACTION_SESSION_KEYS, keys, HSVIZ_TIMELINE_SIDE_BOTH, _("Derive handshake keys"),
                                       _("Handshake traffic secrets → key and IV (HKDF-Expand-Label); they protect the rest of the handshake"),
                                       key_schedule_value (b, "server_handshake_key"),
                                       key_schedule_verdict (b, hs_key_names)));
      if (server_finished >= 0)
        {
          place_near_message (l, server_finished, FALSE, 2,
                              action_item (HSVIZ_ACTION_MASTER_SECRET, master, HSVIZ_TIMELINE_SIDE_BOTH, _("Compute master secret"),
                                           _("HKDF: handshake secret → master secret"),
                                           key_schedule_value (b, "server_application_traffic_secret_0"),
                                           key_schedule_verdict (b, ap_names)));
          place_near_message (l, server_finished, FALSE, 3,
                              action_item (HSVIZ_ACTION_SESSION_KEYS, keys, HSVIZ_TIMELINE_SIDE_BOTH, _("Derive session keys"),
                                           _("Application traffic secrets → key and IV (HKDF-Expand-Label)"),
                                           key_schedule_value (b, "server_write_key"),
                                           key_schedule_verdict (b, ap_key_names)));
        }
    }
}

/* Records the wire-order pass did not reach (the parts of a message before the record that
 * completed it, records no message could be matched to) take the step of the record that
 * completed their message, or else that of the record before them. */
static void
fill_record_steps (HsvizTimelineBuilder *b)
{
  for (guint r = 0; r < b->n_records; r++)
    {
      const HsvizRecord *rec = g_ptr_array_index (b->records, r);

      if (b->record_step[r] != HSVIZ_RECORD_STEP_UNSET || !b->info[r].carries)
        continue;
      for (guint j = r + 1; j < b->n_records; j++)
        if (b->record_step[j] != HSVIZ_RECORD_STEP_UNSET &&
            ((const HsvizRecord *) g_ptr_array_index (b->records, j))->direction == rec->direction)
          {
            b->record_step[r] = b->record_step[j];
            break;
          }
    }
  for (guint r = 0; r < b->n_records; r++)
    if (b->record_step[r] == HSVIZ_RECORD_STEP_UNSET)
      b->record_step[r] = r > 0 ? b->record_step[r - 1] : HSVIZ_STEP_NONE;
}

GPtrArray *
_hsviz_timeline_build (HsvizConnection *connection,
                       GArray         **record_steps)
{
  const HsvizOutcome *outcome = hsviz_connection_get_outcome (connection);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) _hsviz_timeline_entry_unref);
  g_autoptr(GArray) placed = g_array_new (FALSE, TRUE, sizeof (Placed));
  g_autoptr(GArray) attached = g_array_new (FALSE, TRUE, sizeof (Attached));
  gboolean alert_shown[2] = { FALSE, FALSE };
  HsvizStep step_so_far = HSVIZ_STEP_NONE;
  guint finished_seen = 0;
  int last_client_hello = -1;
  guint next_record = 0;
  HsvizTimelineBuilder b = { 0 };
  Layout l = { 0 };

  b.connection = connection;
  b.records = hsviz_connection_get_records (connection);
  b.n_records = b.records != NULL ? b.records->len : 0;
  b.info = g_new0 (HsvizRecordInfo, b.n_records + 1);
  b.n_messages = hsviz_connection_get_n_messages (connection);
  b.carrier = g_new (int, b.n_messages + 1);
  b.record_step = g_new (HsvizStep, b.n_records + 1);
  for (guint r = 0; r < b.n_records; r++)
    b.record_step[r] = HSVIZ_RECORD_STEP_UNSET;
  b.version = hsviz_connection_get_version (connection);
  b.suite = hsviz_connection_get_cipher_suite (connection);
  /* The same rule as the key schedule's: a connection marked as saved without secrets uses
   * none (what its file would say), even if some were read. */
  b.have_secrets = hsviz_connection_has_secrets (connection) && !hsviz_connection_secrets_stripped (connection);
  for (guint i = 0; i < b.n_messages; i++)
    b.carrier[i] = -1;

  _hsviz_timeline_classify_records (&b);
  _hsviz_timeline_find_carriers_of_side (&b, HSVIZ_DIRECTION_CLIENT);
  _hsviz_timeline_find_carriers_of_side (&b, HSVIZ_DIRECTION_SERVER);
  _hsviz_timeline_place_outcome_alert (&b);

  /* Records that carry no message, at their own place. */
  for (guint r = 0; r < b.n_records; r++)
    {
      Placed p = { r, 1, 0, NULL };

      if (b.info[r].carries || b.info[r].class == HSVIZ_REC_HANDSHAKE)
        continue;
      if (b.info[r].class == HSVIZ_REC_ALERT)
        alert_shown[((const HsvizRecord *) g_ptr_array_index (b.records, r))->direction != HSVIZ_DIRECTION_CLIENT] = TRUE;
      g_array_append_val (placed, p);
    }

  /* Messages at the record that completed them; without one, before the first record that
   * came after them (and never before the previous message). */
  for (guint i = 0; i < b.n_messages; i++)
    {
      HsvizMessage *m = hsviz_connection_get_message (connection, i);
      Placed p = { 0 };

      if (b.carrier[i] >= 0)
        {
          p.position = b.carrier[i];
          p.sub = 1;
        }
      else
        {
          gint64 t = hsviz_message_get_time_us (m);

          while (next_record < b.n_records &&
                 ((const HsvizRecord *) g_ptr_array_index (b.records, next_record))->time_us < t)
            next_record++;
          p.position = next_record;
          p.sub = 0;
        }
      p.order = 2 * i + 1;
      p.item = message_item (&b, i);
      g_array_append_val (placed, p);

      if (hsviz_message_get_type_code (m) == HSVIZ_HS_CLIENT_HELLO &&
          hsviz_message_get_direction (m) == HSVIZ_DIRECTION_CLIENT)
        last_client_hello = i;
      if (hsviz_message_is_hello_retry (m))
        {
          Placed loop = p;
          HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

          loop.order = 2 * i + 2;   /* right after the HelloRetryRequest */
          spec.kind = HSVIZ_TIMELINE_NOTE;
          spec.step = hsviz_message_get_step (m);
          spec.direction = HSVIZ_DIRECTION_SERVER;
          spec.label = _("Hello retry: back to step 1");
          spec.detail = _("The server asked for another key share: the client sends a new ClientHello");
          spec.related_message = last_client_hello;
          loop.item = _hsviz_timeline_entry_new (&spec);
          g_array_append_val (placed, loop);
        }
    }

  l.b = &b;
  l.attached = attached;
  add_actions (&l);
  g_array_sort (attached, compare_attached);

  /* STARTTLS: what was said in clear comes first, its own lane before step 1 */
  {
    GPtrArray *said = hsviz_connection_get_cleartext (connection);

    for (guint i = 0; i < said->len; i++)
      {
        const HsvizClearText *t = g_ptr_array_index (said, i);
        g_autofree char *first = g_strndup (t->text, MIN (strcspn (t->text, "\r\n"), 80));
        HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

        spec.kind = HSVIZ_TIMELINE_CLEARTEXT;
        spec.step = HSVIZ_STEP_NONE;
        spec.direction = t->direction;
        spec.label = first;
        spec.detail = t->text;
        spec.time_us = t->time_us;
        spec.size = strlen (t->text);
        g_ptr_array_add (items, _hsviz_timeline_entry_new (&spec));
      }
  }

  /* Wire order, each local action beside the message it is placed at; a record's step
   * follows the messages before it on the wire. */
  g_array_sort (placed, compare_placed);
  for (guint i = 0; i < placed->len; i++)
    {
      HsvizTimelineEntry *item = g_array_index (placed, Placed, i).item;
      int message = -1;
      guint a = 0;

      if (item == NULL)
        {
          guint r = g_array_index (placed, Placed, i).position;
          const HsvizRecord *rec = g_ptr_array_index (b.records, r);
          guint8 content = b.info[r].class == HSVIZ_REC_ALERT ? HSVIZ_CONTENT_ALERT : rec->content_type;

          /* 0-RTT data is step 6's, sent in the first flight */
          b.record_step[r] = b.info[r].early ? HSVIZ_STEP_ENCRYPTION
                                             : hsviz_step_for_record (b.version, content, finished_seen >= 2, step_so_far);
          item = record_item (&b, r, b.record_step[r]);
        }
      else if (item->kind == HSVIZ_TIMELINE_MESSAGE)
        {
          HsvizMessage *m;

          message = item->message_index;
          m = hsviz_connection_get_message (connection, message);
          step_so_far = hsviz_message_get_step (m);
          /* the record that completed the message: the step of the first message it completed */
          if (b.carrier[message] >= 0 && b.record_step[b.carrier[message]] == HSVIZ_RECORD_STEP_UNSET)
            b.record_step[b.carrier[message]] =
              hsviz_step_for_record (b.version,
                                     ((const HsvizRecord *) g_ptr_array_index (b.records, b.carrier[message]))->content_type,
                                     finished_seen >= 2, step_so_far);
          if (hsviz_message_get_type_code (m) == HSVIZ_HS_FINISHED)
            finished_seen++;
        }

      if (message >= 0)
        {
          /* attached items are sorted by message (messages may be out of index order on the
           * wire): this message's come first the ones before it, then the ones after */
          while (a < attached->len && g_array_index (attached, Attached, a).message < (guint) message)
            a++;
          for (; a < attached->len && g_array_index (attached, Attached, a).message == (guint) message &&
                          g_array_index (attached, Attached, a).before; a++)
            g_ptr_array_add (items, g_array_index (attached, Attached, a).item);
        }
      g_ptr_array_add (items, item);
      if (message >= 0)
        {
          /* after the message (and its HelloRetryRequest note, which follows at once) */
          if (i + 1 < placed->len && g_array_index (placed, Placed, i + 1).item != NULL &&
              g_array_index (placed, Placed, i + 1).item->kind == HSVIZ_TIMELINE_NOTE)
            g_ptr_array_add (items, g_array_index (placed, Placed, ++i).item);
          for (; a < attached->len && g_array_index (attached, Attached, a).message == (guint) message; a++)
            g_ptr_array_add (items, g_array_index (attached, Attached, a).item);
        }
    }

  /* An alert GnuTLS reported that no record showed. */
  if (outcome->has_alert && !alert_shown[outcome->alert_sender != HSVIZ_DIRECTION_CLIENT])
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", hsviz_alert_name (outcome->alert_description),
                                                hsviz_alert_level_name (outcome->alert_level));
      g_autofree char *detail = g_strdup_printf (_("Alert from the %s: %s"), side_name (outcome->alert_sender), label);
      HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

      spec.kind = HSVIZ_TIMELINE_ALERT;
      spec.failure = hsviz_alert_is_failure (b.version, outcome->alert_level, outcome->alert_description);
      spec.direction = outcome->alert_sender;
      spec.sides = outcome->alert_sender == HSVIZ_DIRECTION_CLIENT ? HSVIZ_TIMELINE_SIDE_CLIENT : HSVIZ_TIMELINE_SIDE_SERVER;
      spec.label = label;
      spec.detail = detail;
      g_ptr_array_add (items, _hsviz_timeline_entry_new (&spec));
    }

  if (!outcome->completed && (outcome->error != NULL || outcome->failed_at != NULL || outcome->has_alert))
    {
      HsvizTimelineItemSpec spec = HSVIZ_TIMELINE_ITEM_SPEC_INIT;

      spec.kind = HSVIZ_TIMELINE_FAILURE;
      spec.label = outcome->failed_at ? outcome->failed_at : "";
      spec.detail = outcome->error;
      g_ptr_array_add (items, _hsviz_timeline_entry_new (&spec));
    }

  fill_record_steps (&b);
  *record_steps = g_array_new (FALSE, FALSE, sizeof (HsvizStep));
  g_array_append_vals (*record_steps, b.record_step, b.n_records);
  g_free (b.record_step);
  g_free (b.info);
  g_free (b.carrier);
  return items;
}
