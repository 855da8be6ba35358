/* fuzz-flight.c — libFuzzer harness: arbitrary bytes as the server's side of a handshake
 *
 * The real capture worker (hsviz_capture_worker_run: GnuTLS client, push/pull functions,
 * record tap, handshake hook, caps, failure description) runs against a pre-connected
 * in-memory stream whose input is the fuzz data; what the client writes is thrown away.  The
 * only difference from a capture over TCP is the job's stream (no lookup, no connect, no socket
 * to wait on).  Every event is applied to a session as the app does (messages and records
 * parsed), and the end must be a whole, failed-or-completed outcome with an HSVIZ_ERROR.
 *
 * The first byte picks the client's priority (bits 0-1: default, TLS 1.3, TLS 1.2, TLS 1.2 RSA);
 * the rest is what "the server" sends.  Seeds: fuzz/corpus/flight/ (server records of the
 * sample sessions).  tests/test-fuzz-regressions.c may include this file with
 * HSVIZ_FUZZ_NO_MAIN defined.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "hsviz-capture-private.h"
#include "hsviz-connection-builder.h"
#include "hsviz-error.h"
#include "hsviz-target.h"

int hsviz_fuzz_flight_one (const guint8 *data, size_t size);

typedef struct
{
  HsvizConnection *session;
  gboolean      done;
} FlightState;

static void
flight_post (HsvizCaptureEvent *ev,
             gpointer           user_data)
{
  FlightState *st = user_data;

  switch (ev->kind)
    {
    case HSVIZ_EVENT_MESSAGE:
      hsviz_connection_add_message (st->session, ev->direction, ev->time_us, ev->bytes);
      break;
    case HSVIZ_EVENT_RECORD:
      hsviz_connection_add_record (st->session, ev->direction, ev->time_us, ev->bytes);
      break;
    case HSVIZ_EVENT_SECRET:
      hsviz_connection_add_keylog (st->session, ev->label, ev->client_random, ev->secret, ev->time_us);
      break;
    case HSVIZ_EVENT_CONNECTED:
      break;
    case HSVIZ_EVENT_RESULT:
      {
        HsvizCaptureResult *r = ev->result;

        if (r->outcome.completed != (r->error == NULL))
          abort ();
        if (r->error != NULL && (r->error->domain != HSVIZ_ERROR || r->outcome.failed_at == NULL ||
                                 r->outcome.error_code != r->error->code))
          {
            fprintf (stderr, "bad failure: %s\n", r->error->message);
            abort ();
          }
        hsviz_connection_set_outcome (st->session, &r->outcome);
        hsviz_connection_complete (st->session);
        st->done = TRUE;
      }
      break;
    case HSVIZ_EVENT_DONE:
      /* the capture is over: its one connection gave its result first */
      if (!st->done)
        abort ();
      break;
    default:
      abort ();
    }
  hsviz_capture_event_free (ev);
}

int
hsviz_fuzz_flight_one (const guint8 *data,
                       size_t        size)
{
  static const char * const priorities[4] = {
    NULL,
    "NORMAL:-VERS-ALL:+VERS-TLS1.3",
    "NORMAL:-VERS-ALL:+VERS-TLS1.2",
    "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA",
  };
  /* no trust anchor: verification is reported, never enforced, and loading the system
   * store for every input would only slow the fuzzer down */
  static const char no_ca[] = "";
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  HsvizCaptureJob job = { 0 };
  FlightState st = { 0 };

  if (size < 1)
    return 0;

  in = g_memory_input_stream_new_from_data (data + 1, (gssize) size - 1, NULL);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);

  if (!hsviz_target_parse ("https://localhost/", &job.target, &error))
    abort ();
  job.priority = (char *) priorities[data[0] & 3];
  job.ca_pem = g_bytes_new_static (no_ca, 0);
  job.timeout_ms = 10000;
  job.stream = stream;
  job.cancellable = g_cancellable_new ();
  job.post = flight_post;
  job.post_data = &st;
  st.session = hsviz_connection_new ();

  hsviz_capture_worker_run (&job);
  if (!st.done)
    abort ();

  g_object_unref (st.session);
  g_object_unref (job.cancellable);
  g_bytes_unref (job.ca_pem);
  hsviz_target_clear (&job.target);
  return 0;
}

#ifndef HSVIZ_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hsviz_fuzz_flight_one (data, size);
}
#endif
