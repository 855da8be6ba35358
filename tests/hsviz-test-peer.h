/* hsviz-test-peer.h — real peers for the tests on 127.0.0.1: openssl s_server, gnutls-serv,
 * nginx, Go crypto/tls, Java JSSE and the daemons of hsviz-test-daemons.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HsvizTestPeer HsvizTestPeer;

/* A free TCP port on 127.0.0.1 (bound, then released). */
guint16        hsviz_test_free_port           (void);

/* Starts a server on 127.0.0.1 on a free port, running in the certs dir (so "rsa.pem" names a
 * test file), and waits (up to 60 s) until it listens.  @kind:
 *   "openssl"  openssl s_server -accept 127.0.0.1:PORT -keylogfile FILE -www
 *              [-cert rsa.pem -key rsa.key unless @extra_args has -cert] @extra_args...
 *   "gnutls"   gnutls-serv --http [-a unless @extra_args has --require-client-cert] -p PORT [--x509certfile rsa.pem --x509keyfile rsa.key
 *              unless @extra_args has --x509certfile] @extra_args..., SSLKEYLOGFILE=FILE
 *              (it listens on all addresses; connect to 127.0.0.1 only)
 *   "nginx"    nginx with a private configuration in the peer's temp dir: one process, TLS 1.2
 *              and 1.3, HTTP/2, rsa.pem; @extra_args are directive lines added to its server
 *              block (e.g. "ssl_verify_client on;"); "/" answers 200 "hello from nginx"
 *   "go"       tests/peers/go-tls-server.go (Go crypto/tls, net/http), built first with
 *              `go build` in the peer's temp dir (GOCACHE and GOPATH there, no network):
 *              go-tls-server PORT CERT KEY FILE: rsa.pem rsa.key, or @extra_args' two
 *              (the chain file as it is sent, and the leaf's key)
 *   "jsse"     java peers/JsseServer.java PORT rsa.p12 rsa.p12.pass: Java's JSSE, TLS 1.2 DHE-RSA,
 *              asks to renegotiate (HelloRequest) after each request, then answers 200 OK
 * The server dies with the test process (PR_SET_PDEATHSIG), so an aborted test leaves nothing
 * behind; call hsviz_test_peer_stop (or use g_autoptr) to kill and reap it earlier. */
HsvizTestPeer *hsviz_test_peer_start          (const char         *kind,
                                               const char * const *extra_args,
                                               GError            **error);
guint16        hsviz_test_peer_get_port       (HsvizTestPeer *peer);
/* "127.0.0.1:PORT" */
const char    *hsviz_test_peer_get_address    (HsvizTestPeer *peer);
const char    *hsviz_test_peer_get_keylog_path(HsvizTestPeer *peer);
/* The server's stdout+stderr so far (transfer full). */
char          *hsviz_test_peer_read_log       (HsvizTestPeer *peer);
/* TRUE while the server process runs. */
gboolean       hsviz_test_peer_is_running     (HsvizTestPeer *peer);
/* The key log written by the server so far, of HsvizTestKeylogEntry (hsviz-test-utils.h)
 * (transfer full). */
GPtrArray     *hsviz_test_peer_read_keylog    (HsvizTestPeer *peer);
/* `handshakeviz-cli capture https://ADDRESS/ --servername localhost --cafile ca.pem --preset
 * @preset --reconnect --output @output` against @peer (an openssl s_server): a full connection
 * and one that resumes it; aborts the test when the capture fails. */
void           hsviz_test_peer_capture_reconnect (HsvizTestPeer *peer,
                                                  const char    *preset,
                                                  const char    *output);
/* Kills (SIGTERM, then SIGKILL after 2 s) and reaps the server, removes its temp dir, frees. */
void           hsviz_test_peer_stop           (HsvizTestPeer *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizTestPeer, hsviz_test_peer_stop)

G_END_DECLS
