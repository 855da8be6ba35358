/* hsviz-pcapng-secrets.h — the TLS key logs a pcapng file carries in Decryption Secrets Blocks
 *
 * libpcap reads a pcapng's packets but does not expose its Decryption Secrets Blocks (block
 * type 0x0000000A, pcapng §4.7), where `editcap --inject-secrets tls,KEYS` and Wireshark put the
 * key log.  This is a small block walker: it reads each block's 8-byte header (the byte order
 * from each Section Header Block's magic), skips every block but a DSB, and from a DSB of
 * secrets type 0x544c534b ("TLSK", the NSS key log) appends its text.  Every length is checked
 * against the block and the file; only the DSBs are read, so a capture of any size is walked
 * with a few bytes of memory per block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

#define HSVIZ_PCAPNG_DSB_MAX (16 * 1024 * 1024)

/* Appends the TLS key logs of @file's DSBs to @keylog (nothing for a legacy pcap file).  Reads
 * @file from its current position, which must be the file's start.  FALSE (and @error) when
 * a pcapng block structure is broken. */
gboolean hsviz_pcapng_read_tls_secrets (FILE     *file,
                                        GString  *keylog,
                                        GError  **error);

G_END_DECLS
