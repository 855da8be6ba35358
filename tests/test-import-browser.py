#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`handshakeviz-cli import` on real browsers' captures, checked against tshark's dissection.

tests/data-browser/ holds captures of headless Chromium and Firefox ESR against a local nginx,
made once by make-browser-capture.sh (see the README there): GREASE (Chromium), an X25519MLKEM768
key share, ECH GREASE, ALPS (Chromium), delegated_credentials and record_size_limit (Firefox),
compress_certificate, connections resumed with PSK (and, Firefox, a TLS 1.2 session ticket) and
one the browser abandoned (Chromium).  Each is imported with the pcapng's own secrets, with the
key log file, and with no key log; truth is tshark's dissection of the same file: per connection
the addresses, the handshake messages' types and lengths, the randoms, the suite, the version,
the ClientHello's extensions and key shares, whether it resumed and which earlier connection's
ticket it offered; and the imported session
exported as a pcapng, every connection in it as in the capture.  On loopback a ~2 KB ClientHello
fits one TCP segment, so each capture is also cut into three reordered, retransmitted pieces per
segment and tshark confirms the ClientHello is reassembled.  Needs tshark only (no browser, no
capture rights).  Output is TAP; /handshakeviz/import/browser-NAME-*.

Usage: test-import-browser.py CLI DATADIR
"""

import base64
import importlib.util
import json
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('test_import', os.path.join(HERE, 'test-import.py'))
ti = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ti)   # its helpers; the live capture in its main() does not run
DATA = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, 'data-browser'))


def tap(name, ok, detail=''):
    ti.tap('browser-' + name, ok, '' if ok else detail)


def tshark_fields(path, display_filter, fields, keylog=None, options=()):
    args = ['tshark', '-n', '-r', path, *options]
    for port in ti.TLS_PORTS:
        args += ['-d', 'tcp.port==%d,tls' % port]
    if keylog:
        args += ['-o', 'tls.keylog_file:' + keylog]
    args += ['-Y', display_filter, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,']
    for f in fields:
        args += ['-e', f]
    return [line.split('\t') for line in ti.run(args).stdout.decode().splitlines()]


def client_hello_extensions(conn):
    """The ClientHello's extension types and key share groups (with key lengths), read from the
    bytes that our import kept."""
    hello = next(m for m in conn['messages'] if m['type_code'] == 1)
    b = base64.b64decode(hello['bytes'])[4:]
    p = 2 + 32
    p += 1 + b[p]                                     # session id
    p += 2 + struct.unpack('>H', b[p:p + 2])[0]       # cipher suites
    p += 1 + b[p]                                     # compression methods
    end = p + 2 + struct.unpack('>H', b[p:p + 2])[0]
    p += 2
    types, shares = [], []
    while p < end:
        t, n = struct.unpack('>HH', b[p:p + 4])
        types.append(t)
        if t == 51:
            q, qend = p + 6, p + 4 + n
            while q < qend:
                g, k = struct.unpack('>HH', b[q:q + 4])
                shares.append((g, k))
                q += 4 + k
        p += 4 + n
    return types, shares


# What each capture holds (README): connections, extensions that must be there, their names in our
# table, GREASE or not, connections the browser abandoned, the versions of those resumed.
BROWSERS = {
    'chromium': {'connections': 5, 'wanted': {0xfe0d, 0x44cd, 27, 0xca34, 'share-11ec-1216'}, 'grease': True,
                 'names': ['encrypted_client_hello', 'application_settings (ALPS)', 'compress_certificate',
                           'trust_anchors', 'GREASE (0x'],
                 'abandoned': 1, 'protocols': {'TLS1.3'}, 'resumed': ['TLS1.3', 'TLS1.3']},
    'firefox': {'connections': 5, 'wanted': {0xfe0d, 28, 34, 27, 'share-11ec-1216'}, 'grease': False,
                'names': ['encrypted_client_hello', 'record_size_limit', 'delegated_credential',
                          'compress_certificate'],
                'abandoned': 0, 'protocols': {'TLS1.3', 'TLS1.2'}, 'resumed': ['TLS1.2', 'TLS1.3', 'TLS1.3']},
}


def check_browser(browser, spec):
    pcap = os.path.join(DATA, browser + '.pcap')
    keys = os.path.join(DATA, browser + '.keys')
    secrets = os.path.join(DATA, browser + '-secrets.pcapng')
    n = spec['connections']

    def check(name, ok, detail=''):
        tap(browser + '-' + name, ok, detail)

    # 1. the pcapng's Decryption Secrets Block, the key log file, no key log: each equal to tshark
    status, doc, err = ti.import_json(secrets)
    conns = doc['connections'] if doc else []
    problems = ti.compare(conns, ti.tshark_streams(secrets)) if doc else [err]
    check('secrets-block-equal-to-tshark', status == 0 and len(conns) == n and not problems and
          'Decryption Secrets Block' in doc['note'], '\n'.join(problems))
    problems = ti.compare_bytes(conns, ti.tshark_handshake_bytes(secrets))
    check('message-bytes-equal-to-tshark', len(conns) == n and not problems, '\n'.join(problems))
    problems = ti.compare_addresses(conns, ti.tshark_addresses(secrets))
    check('addresses-equal-to-tshark', len(conns) == n and not problems, '\n'.join(problems))
    status, keyed, err = ti.import_json(pcap, keys)
    problems = ti.compare(keyed['connections'], ti.tshark_streams(pcap, keys)) if keyed else [err]
    check('keylog-equal-to-tshark', status == 0 and not problems and
          [ti.ours(c) for c in keyed['connections']] == [ti.ours(c) for c in conns], '\n'.join(problems))
    status, plain, err = ti.import_json(pcap)
    problems = ti.compare(plain['connections'], ti.tshark_streams(pcap)) if plain else [err]
    check('no-keylog-equal-to-tshark', status == 0 and len(plain['connections']) == n and not problems and
          all('not decrypted' in c.get('note', '') for c in plain['connections'] if c['outcome']['completed']),
          '\n'.join(problems))
    if not doc:
        return

    # 2. versions: tshark's supported_version in each ServerHello (else its version field)
    by_random = {c['client_random']: c for c in conns}
    versions = {}
    for f in tshark_fields(secrets, 'tls.handshake.type == 1', ['tls.handshake.random']):
        versions[f[0]] = None
    hello_streams = {f[0]: f[1] for f in tshark_fields(secrets, 'tls.handshake.type == 1',
                                                      ['tcp.stream', 'tls.handshake.random'])}
    for f in tshark_fields(secrets, 'tls.handshake.type == 2',
                           ['tcp.stream', 'tls.handshake.extensions.supported_version', 'tls.handshake.version']):
        versions[hello_streams[f[0]]] = f[1] or f[2]
    wrong = ['%s: ours %s, tshark %s' % (r[:16], by_random[r]['protocol'], v) for r, v in versions.items()
             if r not in by_random or {'0x0304': 'TLS1.3', '0x0303': 'TLS1.2'}.get(v) != by_random[r]['protocol']]
    check('versions-equal-to-tshark', len(versions) == n and not wrong and
          {c['protocol'] for c in conns} == spec['protocols'], '\n'.join(wrong))

    # 3. the ClientHello's extensions and key shares, from our bytes, equal to tshark's; today's
    # browser values present
    truth = {}
    for f in tshark_fields(secrets, 'tls.handshake.type == 1',
                           ['tls.handshake.random', 'tls.handshake.extension.type',
                            'tls.handshake.extensions_key_share_group',
                            'tls.handshake.extensions_key_share_key_exchange_length']):
        groups, lengths = f[2].split(','), f[3].split(',')
        truth[f[0]] = ([int(t) for t in f[1].split(',')], [(int(g), int(k)) for g, k in zip(groups, lengths)])
    wrong, seen = [], set()
    for c in conns:
        types, shares = client_hello_extensions(c)
        if truth.get(c['client_random']) != (types, shares):
            wrong.append('ours %s %s\ntshark %s' % (types, shares, truth.get(c['client_random'])))
        seen.update(types)
        seen.update('share-%04x-%d' % s for s in shares)
    grease = [t for t in seen if isinstance(t, int) and t & 0x0f0f == 0x0a0a and t >> 8 == t & 0xff]
    check('client-hello-extensions-equal-to-tshark', not wrong and spec['wanted'] <= seen and
          bool(grease) == spec['grease'], '\n'.join(wrong) + '\nmissing %s' % (spec['wanted'] - seen))

    # 4. the names from our one table (the diff of the first connection with itself lists them;
    # the CLI shows no offered group, test-tables checks 0x11ec's name)
    ti.run([ti.CLI, 'import', secrets, '--output', browser + '.handshake'])
    r = ti.run([ti.CLI, 'diff', browser + '.handshake', browser + '.handshake', '--json'])
    rows = {row['key']: row.get('a') for row in json.loads(r.stdout)['rows']} if r.returncode == 0 else {}
    offered = str(rows.get('extensions_offered'))
    check('extension-names', all(name in offered for name in spec['names']), offered + r.stderr.decode())

    # 5. resumed connections, as tshark shows them: TLS 1.3, a ServerHello with pre_shared_key;
    # TLS 1.2, a ServerHello echoing the ClientHello's non-empty session id.  No Certificate (both).
    client_ids = {f[0]: f[1] for f in tshark_fields(secrets, 'tls.handshake.type == 1',
                                                    ['tcp.stream', 'tls.handshake.session_id'])}
    psk = set()
    for f in tshark_fields(secrets, 'tls.handshake.type == 2',
                           ['tcp.stream', 'tls.handshake.session_id', 'tls.handshake.extension.type']):
        extensions = f[2].split(',')
        if '41' in extensions or ('43' not in extensions and f[1] and f[1] == client_ids[f[0]]):
            psk.add(hello_streams[f[0]])
    resumed = [c for c in conns if c['client_random'] in psk]
    check('resumed-connections', sorted(c['protocol'] for c in resumed) == spec['resumed'] and
          len(resumed) == len(psk) and
          all(c['outcome']['completed'] and c['resumed'] and 11 not in [m['type_code'] for m in c['messages']]
              for c in resumed) and
          not any(c['resumed'] for c in conns if c['client_random'] not in psk),
          '%d resumed in tshark (%s), %d imported' % (len(psk), sorted(c['protocol'] for c in resumed), len(resumed)))

    # 5b. which earlier connection each resumed one resumes (resumed_from): the one that received
    # the ticket its ClientHello offered (TLS 1.3 PSK identity, TLS 1.2 session_ticket), as tshark
    # finds it in the same file; every resumed connection of these captures has one
    truth = ti.tshark_resumption(secrets)
    problems = ti.compare_resumption(conns, truth)
    check('resumed-from-equal-to-tshark', not problems and resumed and
          all(c['resumed_from'] is not None for c in resumed), '\n'.join(problems))

    # 6. the connections the browser abandoned after the server's flight: the client closed them
    abandoned = [c for c in conns if not c['outcome']['completed']]
    check('abandoned-by-the-client', len(abandoned) == spec['abandoned'] and
          all('client closed' in (c['outcome'].get('error') or '') for c in abandoned),
          json.dumps([c['outcome'] for c in abandoned]))

    # 7. every segment cut in three pieces, reordered and retransmitted: tshark reassembles the
    # ClientHello from several segments, and so do we, with the same result
    ti.resegment(pcap, browser + '-split.pcap', 101, split=True)
    split_hellos = tshark_fields(browser + '-split.pcap', 'tls.handshake.type == 1 and tcp.reassembled.length',
                                 ['tcp.segment.count', 'tls.handshake.random'],
                                 options=('-o', 'tcp.reassemble_out_of_order:TRUE'))
    status, split, err = ti.import_json(browser + '-split.pcap', keys)
    check('client-hello-split-reassembled', len(split_hellos) == n and
          all(int(f[0]) >= 2 and f[1] in by_random for f in split_hellos) and status == 0 and
          [ti.ours(c) for c in split['connections']] == [ti.ours(c) for c in conns],
          'tshark %s\n%s' % (split_hellos, err))

    # 8. the imported session exported as a pcapng: every connection its own TCP stream, and tshark
    # reads each one's handshake messages (types and lengths, in order) as from the browser's capture
    r = ti.run([ti.CLI, 'export', browser + '.handshake', '--pcapng', browser + '-export.pcapng'])

    def by_client_random(streams):
        return {s['randoms'][0]: (s['types'], s['lengths']) for s in streams.values() if s['randoms']}
    before = by_client_random(ti.tshark_streams(secrets))
    exported = ti.tshark_streams(browser + '-export.pcapng')
    after = by_client_random(exported)
    check('export-pcapng-every-connection', r.returncode == 0 and len(exported) == n and len(before) == n and
          before == after, 'capture %s\nexport %s\n%s' % (before, after, r.stderr.decode()))


def main():
    if ti.run(['sh', '-c', 'command -v tshark']).returncode != 0:
        print('Bail out! tshark is not installed (build-aux/install-deps.sh installs it)')
        return 1
    for browser in BROWSERS:
        with open(os.path.join(DATA, browser + '.version')) as f:
            ti.TLS_PORTS.extend(int(line.split()[-1]) for line in f if line.startswith('nginx port '))
    work = tempfile.mkdtemp(prefix='hsviz-import-browser-')
    os.chdir(work)
    for browser, spec in BROWSERS.items():
        check_browser(browser, spec)

    return ti.finish(work)


if __name__ == '__main__':
    sys.exit(main())
