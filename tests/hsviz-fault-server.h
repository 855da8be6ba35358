/* hsviz-fault-server.h — a TLS peer on 127.0.0.1 that misbehaves on command (tests only)
 *
 * A thread in the test process listens on 127.0.0.1 port 0 and serves one connection after the
 * other.  Where the fault needs real TLS it runs a real GnuTLS server session with the test
 * certificates (rsa.pem/rsa.key from hsviz_test_certs_dir); its push function sees every record
 * the server sends and cuts, swallows or slows the stream at the chosen point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HSVIZ_FAULT_NONE,            /* a normal handshake and an HTTP 200 answer */
  HSVIZ_FAULT_CLOSE,           /* close the connection at @point */
  HSVIZ_FAULT_ALERT,           /* send the fatal alert @alert at @point, then close */
  HSVIZ_FAULT_RESET,           /* reset the connection (SO_LINGER 0, close) at @point */
  HSVIZ_FAULT_GARBAGE,         /* answer the ClientHello with bytes that are not TLS */
  HSVIZ_FAULT_HUGE_MESSAGE,    /* a record whose handshake header announces 16 MiB, then more */
  HSVIZ_FAULT_DRIBBLE,         /* the real server flight, one byte every @interval_ms */
  HSVIZ_FAULT_SILENT,          /* accept, read the ClientHello, never answer */
  HSVIZ_FAULT_FLOOD_BYTES,     /* handshake, then an HTTP answer of @count bytes */
  HSVIZ_FAULT_FLOOD_RECORDS,   /* handshake, then @count one-byte application records */
  HSVIZ_FAULT_MANY_MESSAGES,   /* TLS 1.3 handshake, then @count NewSessionTicket messages */
  HSVIZ_FAULT_REDIRECT,        /* handshake, then "302 Found" with Set-Cookie and Location */
  HSVIZ_FAULT_RESPONSE,        /* handshake, then @response as it is (after @warning_alert when
                                * set); the connection then stays open until the client closes */
} HsvizFault;

/* Where CLOSE, ALERT and RESET strike (the server's own messages are counted). */
typedef enum
{
  HSVIZ_FAULT_AT_CLIENT_HELLO,        /* right after reading the ClientHello, nothing sent */
  HSVIZ_FAULT_AT_SERVER_HELLO,        /* after the ServerHello (TLS 1.3: and its CCS) */
  HSVIZ_FAULT_AT_CERTIFICATE_MIDDLE,  /* half of the Certificate record sent */
  HSVIZ_FAULT_AT_FINISHED,            /* everything before the server's Finished sent */
} HsvizFaultPoint;

typedef struct
{
  HsvizFault       fault;
  HsvizFaultPoint  point;
  guint8           alert;        /* for HSVIZ_FAULT_ALERT: 40 handshake_failure, 42, 80 ... */
  const char      *priority;     /* the server's GnuTLS priority; NULL: "NORMAL" */
  guint            interval_ms;  /* DRIBBLE: pause between bytes */
  guint64          count;        /* FLOOD_*, MANY_MESSAGES */
  const char      *response;     /* RESPONSE: the bytes of the HTTP answer */
  guint8           warning_alert; /* RESPONSE: a warning alert sent before it (90 user_canceled) */
} HsvizFaultConfig;

typedef struct _HsvizFaultServer HsvizFaultServer;

/* Starts listening at once; aborts the test when that fails. */
HsvizFaultServer *hsviz_fault_server_new             (const HsvizFaultConfig *config);
guint16           hsviz_fault_server_get_port        (HsvizFaultServer *self);
/* "https://127.0.0.1:PORT/" (transfer full) */
char             *hsviz_fault_server_dup_url         (HsvizFaultServer *self);
guint             hsviz_fault_server_get_connections (HsvizFaultServer *self);
guint             hsviz_fault_server_get_requests    (HsvizFaultServer *self);
/* The last HTTP request the server read, or NULL (transfer full). */
char             *hsviz_fault_server_dup_request     (HsvizFaultServer *self);
/* Waits (up to @timeout_ms) until the server has finished with @n connections. */
gboolean          hsviz_fault_server_wait_done       (HsvizFaultServer *self,
                                                      guint             n,
                                                      guint             timeout_ms);
/* Stops the thread (cancelling whatever it does), closes the socket, frees. */
void              hsviz_fault_server_stop            (HsvizFaultServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizFaultServer, hsviz_fault_server_stop)

G_END_DECLS
