/* hsviz-demo-server.h — the built-in loopback TLS server (works with no network at all)
 *
 * A GnuTLS server in its own thread on 127.0.0.1, port 0, with a CA and an RSA leaf certificate
 * generated at start.  It accepts TLS 1.3, TLS 1.2 ECDHE and TLS 1.2 RSA key transport, answers
 * one HTTP request per connection, and, because it owns the private key, records the pre-master
 * secret of every RSA key exchange (the decrypted ClientKeyExchange).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hsviz-types.h"

G_BEGIN_DECLS

#define HSVIZ_TYPE_DEMO_SERVER (hsviz_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (HsvizDemoServer, hsviz_demo_server, HSVIZ, DEMO_SERVER, GObject)

/* Generates the keys and certificates and starts listening. */
HsvizDemoServer *hsviz_demo_server_new          (GError **error);
guint16          hsviz_demo_server_get_port     (HsvizDemoServer *self);
/* "https://localhost:PORT/" */
char            *hsviz_demo_server_dup_url      (HsvizDemoServer *self);
/* The CA certificate (PEM) that signs the server's certificate: trust it to verify. */
GBytes          *hsviz_demo_server_get_ca_pem   (HsvizDemoServer *self);
/* The pre-master secret the server decrypted for the connection whose ClientHello had
 * @client_random (32 bytes), or NULL (not RSA key transport, or not seen). Thread-safe. */
GBytes          *hsviz_demo_server_lookup_pre_master (HsvizDemoServer *self,
                                                      const guint8    *client_random);
/* Stops the thread and closes the socket (also done on finalize). */
void             hsviz_demo_server_stop         (HsvizDemoServer *self);

G_END_DECLS
