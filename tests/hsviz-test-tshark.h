/* hsviz-test-tshark.h — tshark on the loopback: the wire as Wireshark sees it (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HsvizTestTshark HsvizTestTshark;

/* Starts `tshark -i lo -f "tcp port PORT" -w FILE` and waits until it captures ("Capture
 * started."); aborts the test when tshark cannot capture (it needs root or dumpcap's caps). */
HsvizTestTshark *hsviz_test_tshark_start (guint16          port);
/* Waits a second for the last packets, stops tshark (SIGINT) and returns the pcapng path;
 * the file lives until hsviz_test_tshark_free. (transfer none) */
const char      *hsviz_test_tshark_stop  (HsvizTestTshark *self);
void             hsviz_test_tshark_free  (HsvizTestTshark *self);
/* `tshark -n -r PCAP [-o tls.keylog_file:KEYLOG] [-Y FILTER] [EXTRA...]`: its stdout (transfer
 * full); aborts the test when tshark fails. Ephemeral ports that tshark's port table gives to
 * another protocol are decoded as TLS (-d), so a random port cannot hide a connection. */
char            *hsviz_test_tshark_read  (const char         *pcap,
                                          const char         *keylog,
                                          const char         *filter,
                                          const char * const *extra);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizTestTshark, hsviz_test_tshark_free)

G_END_DECLS
