// go-tls-server.go — a Go crypto/tls HTTPS server on 127.0.0.1 for the tests (standard library
// only; built at test time by tests/hsviz-test-peer.c)
//
// Usage: go-tls-server PORT CERT.pem KEY.pem KEYLOG  (CERT.pem: the chain, sent in the file's order)
// Go's TLS 1.3 server sends its NewSessionTicket right after its Finished, before it has read
// the client's Finished, when it asked for no client certificate (crypto/tls
// handshake_server_tls13.go: sendSessionTickets): the ticket is on the wire before the
// client's Finished.  Every connection gets "200 OK" and a short body.
//
// SPDX-License-Identifier: GPL-3.0-or-later
package main

import (
	"crypto/tls"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 5 {
		log.Fatal("usage: go-tls-server PORT CERT.pem KEY.pem KEYLOG")
	}
	cert, err := tls.LoadX509KeyPair(os.Args[2], os.Args[3])
	if err != nil {
		log.Fatal(err)
	}
	keylog, err := os.OpenFile(os.Args[4], os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0600)
	if err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	config := &tls.Config{Certificates: []tls.Certificate{cert}, KeyLogWriter: keylog}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		fmt.Fprintf(w, "hello from Go crypto/tls, %s\n", r.URL.Path)
	})
	fmt.Printf("listening on %s\n", listener.Addr())
	log.Fatal(http.Serve(tls.NewListener(listener, config), handler))
}
