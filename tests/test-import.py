#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`handshakeviz-cli import` against captures made now, checked against tshark's dissection.

dumpcap records the loopback traffic (filtered on this test's ports, 127.0.0.1 and ::1 only) while
real clients talk to real servers with key logs: curl (TLS 1.3, TLS 1.2 ECDHE, IPv6), openssl
s_client (RSA key transport, a HelloRetryRequest against a server that only takes P-384,
resumption, a handshake that fails), gnutls-cli and Python's ssl (keylog_filename).  The capture
is imported with the clients' and servers' key logs, as a legacy pcap (editcap -F pcap), with the
secrets injected (editcap --inject-secrets) and with no key log.  Truth is tshark's dissection of
the same file with the same key log: per connection the handshake message types and lengths in
wire order (encrypted ones included), the randoms, the cipher suite and the certificates.
Capturing on "lo" needs root (CI runs as root).  Output is TAP; test names
/handshakeviz/import/<case>.

Usage: test-import.py CLI
"""

import base64
import shutil
import json
import os
import signal
import socket
import struct
import ssl
import subprocess
import sys
import tempfile
import threading
import time

CLI = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('HSVIZ_CLI', 'handshakeviz-cli')
if os.sep in CLI:
    CLI = os.path.abspath(CLI)
results = []
PROCS = []   # servers and dumpcap started by this test, stopped at the end whatever happens


def tap(name, ok, detail=''):
    results.append(ok)
    print('%s %d /handshakeviz/import/%s' % ('ok' if ok else 'not ok', len(results), name))
    if detail:
        for line in str(detail).splitlines()[:40]:
            print('# ' + line)
    sys.stdout.flush()


def finish(work):
    """The TAP plan line; the work folder removed when every case passed, else kept and named.
    Returns the exit status."""
    print('1..%d' % len(results))
    if all(results):
        os.chdir('/')
        shutil.rmtree(work, ignore_errors=True)
    else:
        print('# the files are kept in ' + work)
    return 0 if all(results) else 1


def free_port(family=socket.AF_INET, host='127.0.0.1'):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_port(host, port, family=socket.AF_INET, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as s:
                s.settimeout(1)
                s.connect((host, port))
                return True
        except OSError:
            time.sleep(0.1)
    return False


def run(args, **kw):
    kw.setdefault('stdout', subprocess.PIPE)
    kw.setdefault('stderr', subprocess.PIPE)
    kw.setdefault('timeout', 60)
    return subprocess.run(args, **kw)


TLS_PORTS = []   # the servers' ports: tshark decodes them as TLS (its heuristics took one for IRC)
SMTP_PORTS = []  # the STARTTLS server's port: tshark decodes it as SMTP (then TLS after STARTTLS)


def ephemeral_ports_claimed():
    """`-d tcp.port==P,tls` for the ports of Linux's ephemeral range (32768-60999, where every
    random test port comes from) that tshark's port table gives to another protocol (44818 is
    EtherNet/IP, 57000 IRC, ...): a connection that happened to get one would be dissected as
    that protocol and its TLS go unseen. Other ports keep tshark's own choice."""
    global CLAIMED
    if CLAIMED is None:
        out = subprocess.run(['tshark', '-G', 'decodes'], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, check=True).stdout.decode()
        CLAIMED = []
        for line in out.splitlines():
            f = line.split('\t')
            if len(f) == 3 and f[0] == 'tcp.port' and f[1].isdigit() and 32768 <= int(f[1]) <= 60999:
                CLAIMED += ['-d', 'tcp.port==%s,tls' % f[1]]
    return CLAIMED


CLAIMED = None


def tshark_args(path, keylog=None):
    """tshark reading @path with our servers' ports decoded as TLS (SMTP), and the key log."""
    args = ['tshark', '-n', '-r', path] + ephemeral_ports_claimed()
    for port in TLS_PORTS:
        args += ['-d', 'tcp.port==%d,tls' % port]
    for port in SMTP_PORTS:
        args += ['-d', 'tcp.port==%d,smtp' % port]
    if keylog:
        args += ['-o', 'tls.keylog_file:' + keylog]
    return args


def tshark_streams(path, keylog=None):
    """Per TCP stream: handshake types, lengths, randoms, suites, certificates (hex)."""
    args = tshark_args(path, keylog)
    args += ['-Y', 'tls.handshake', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,',
             '-e', 'tcp.stream', '-e', 'tls.handshake.type', '-e', 'tls.handshake.length',
             '-e', 'tls.handshake.random', '-e', 'tls.handshake.ciphersuite',
             '-e', 'tls.handshake.certificate']
    out = run(args).stdout.decode()
    streams = {}
    for line in out.splitlines():
        f = line.split('\t')
        f += [''] * (6 - len(f))
        s = streams.setdefault(int(f[0]), {'types': [], 'lengths': [], 'randoms': [], 'suites': [],
                                           'certs': []})
        for key, i in (('types', 1), ('lengths', 2), ('randoms', 3), ('suites', 4), ('certs', 5)):
            if f[i]:
                s[key] += f[i].split(',')
    return streams


def tshark_addresses(path, keylog=None):
    """Per client random: the ClientHello's sender and receiver as "ip:port" ("[ip]:port" for
    IPv6), from tshark's ip/ipv6.src, tcp.srcport and the like."""
    args = tshark_args(path, keylog)
    args += ['-Y', 'tls.handshake.type == 1', '-T', 'fields', '-E', 'occurrence=f']
    for f in ('tls.handshake.random', 'ip.src', 'ipv6.src', 'tcp.srcport', 'ip.dst', 'ipv6.dst', 'tcp.dstport'):
        args += ['-e', f]
    found = {}
    for line in run(args).stdout.decode().splitlines():
        r, s4, s6, sp, d4, d6, dp = (line.split('\t') + [''] * 7)[:7]
        found[r] = {'client': '%s:%s' % (s4 or '[%s]' % s6, sp), 'server': '%s:%s' % (d4 or '[%s]' % d6, dp)}
    return found


def tshark_handshake_bytes(path, keylog=None):
    """Per client random: the bytes of every handshake message in wire order (hex, header
    included), as tshark dissects them (reassembled, decrypted) in its JSON with -x."""
    out = run(tshark_args(path, keylog) + ['-Y', 'tls.handshake', '-T', 'json', '-x'], timeout=120).stdout
    # tshark repeats keys within an object (one "tls.handshake" per message): keep them all
    packets = json.loads(out, object_pairs_hook=lambda pairs: pairs) if out.strip() else []
    streams = {}

    def walk(node, found):
        if isinstance(node, list) and node and all(isinstance(x, tuple) for x in node):
            for key, value in node:
                if key == 'tcp.stream':
                    found['stream'] = value
                elif key == 'tls.handshake_raw':
                    found['messages'].append(value[0])
                else:
                    walk(value, found)
        elif isinstance(node, list):
            for x in node:
                walk(x, found)

    for packet in packets:
        found = {'stream': None, 'messages': []}
        walk(packet, found)
        streams.setdefault(found['stream'], []).extend(found['messages'])
    return {m[0][12:76]: m for m in streams.values() if m and m[0].startswith('01')}


def tshark_resumption(path, keylog=None):
    """Per client random: which earlier connection's ticket or session its ServerHello took, as
    tshark dissects the same file: (resumed, the client random of the connection that received
    that ticket or gave that session id, or None when none in the file did, the bytes offered).
    TLS 1.3: the PSK identity the ServerHello selected, found among the tickets of the
    NewSessionTickets earlier connections received; TLS 1.2: the ServerHello echoes the
    ClientHello's session id, and its session_ticket extension is one an earlier connection
    received, else that session id is one an earlier full handshake's ServerHello gave."""
    import xml.etree.ElementTree as ET
    out = run(tshark_args(path, keylog) + ['-Y', 'tls.handshake.type == 1 or tls.handshake.type == 2 or tls.handshake.type == 4', '-T', 'pdml'], timeout=120).stdout
    streams = {}   # tcp.stream → what its messages said, in capture order

    def fields(node, name):
        return [f for f in node.iter('field') if f.get('name') == name]

    for packet in ET.fromstring(out).iter('packet') if out.strip() else []:
        stream = int(fields(packet, 'tcp.stream')[0].get('show'))
        s = streams.setdefault(stream, {'order': len(streams), 'random': None, 'ch_id': '', 'identities': [],
                                        'ch_ticket': '', 'sh_id': None, 'selected': None, 'tls13': False,
                                        'tickets': []})
        for hs in fields(packet, 'tls.handshake'):
            t = fields(hs, 'tls.handshake.type')
            kind = t[0].get('show') if t else None
            value = {f.get('name'): f.get('value') for f in hs.iter('field')}
            if kind == '1':
                s['random'] = value.get('tls.handshake.random')
                s['ch_id'] = value.get('tls.handshake.session_id') or ''
                s['identities'] = [f.get('value') for f in fields(hs, 'tls.handshake.extensions.psk.identity.identity')]
                for ext in hs.iter('field'):
                    if (ext.get('show') or '').startswith('Extension: session_ticket'):
                        data = fields(ext, 'tls.handshake.extension.data')
                        s['ch_ticket'] = data[0].get('value') if data else ''
            elif kind == '2':
                s['sh_id'] = value.get('tls.handshake.session_id') or ''
                s['tls13'] = value.get('tls.handshake.extensions.supported_version') == '0304'
                sel = fields(hs, 'tls.handshake.extensions.psk.identity.selected')
                s['selected'] = int(sel[0].get('show')) if sel else None
            elif kind == '4' and value.get('tls.handshake.session_ticket'):
                s['tickets'].append(value['tls.handshake.session_ticket'])
    ordered = sorted(streams.values(), key=lambda x: x['order'])
    truth = {}
    for i, s in enumerate(ordered):
        if s['random'] is None:
            continue
        earlier = ordered[:i]
        if s['tls13']:
            resumed = s['selected'] is not None
            offered = s['identities'][s['selected']] if resumed and s['selected'] < len(s['identities']) else None
            issuer = next((e for e in earlier if offered in e['tickets']), None)
        else:
            resumed = bool(s['sh_id']) and s['sh_id'] == s['ch_id']
            offered = s['ch_ticket'] or s['ch_id'] if resumed else None
            issuer = next((e for e in earlier if s['ch_ticket'] and s['ch_ticket'] in e['tickets']), None) \
                if resumed else None
            if resumed and issuer is None:
                issuer = next((e for e in earlier if e['sh_id'] == s['ch_id'] and e['ch_id'] != s['ch_id']), None)
        truth[s['random']] = (resumed, issuer['random'] if issuer else None, offered)
    return truth


def compare_resumption(conns, truth):
    """Each connection's resumed and resumed_from against tshark's (tshark_resumption)."""
    problems = []
    for i, c in enumerate(conns):
        resumed, issuer, offered = truth.get(c.get('client_random'), (False, None, None))
        from_ = c.get('resumed_from')
        ours_issuer = conns[from_]['client_random'] if from_ is not None and 0 <= from_ < i else None
        if c['resumed'] != resumed or ours_issuer != issuer:
            problems.append('connection %d: resumed %s from %s (%s), tshark resumed %s from %s (offered %s)' % (
                i, c['resumed'], from_, ours_issuer, resumed, issuer, (offered or '')[:32]))
    return problems


def compare_bytes(conns, truth):
    """Each connection's handshake messages, byte for byte, against tshark's."""
    problems = []
    for i, c in enumerate(conns):
        ours_hex = [base64.b64decode(m['bytes']).hex() for m in c['messages']]
        theirs = truth.get(c.get('client_random'))
        if ours_hex != theirs:
            problems.append('connection %d: %d messages, tshark %s; first different: %s' % (
                i, len(ours_hex), len(theirs) if theirs else None,
                next((j for j, (a, b) in enumerate(zip(ours_hex, theirs or [])) if a != b), '-')))
    return problems


def compare_addresses(conns, truth):
    """Each connection's addresses against tshark's for its ClientHello."""
    return ['connection %d: addresses %s, tshark %s' % (i, c.get('addresses'), truth.get(c.get('client_random')))
            for i, c in enumerate(conns) if c.get('addresses') != truth.get(c.get('client_random'))]


def ours(conn):
    return {
        'types': [str(m['type_code']) for m in conn['messages']],
        'lengths': [str(len(base64.b64decode(m['bytes'])) - 4) for m in conn['messages']],
        'client_random': conn.get('client_random'),
        'server_random': conn.get('server_random'),
        'suite': (conn.get('cipher_suite') or {}).get('id'),
        'certs': [base64.b64decode(c['der']).hex() for c in conn.get('certificates') or []],
    }


def compare(conns, streams):
    """Each connection against the tshark stream with the same client random."""
    problems = []
    by_random = {s['randoms'][0]: s for s in streams.values() if s['randoms']}
    for i, c in enumerate(conns):
        o = ours(c)
        s = by_random.get(o['client_random'])
        if s is None:
            problems.append('connection %d: tshark has no stream with client random %s' % (i, o['client_random']))
            continue
        if o['types'] != s['types'] or o['lengths'] != s['lengths']:
            problems.append('connection %d: messages %s %s, tshark %s %s' % (i, o['types'], o['lengths'],
                                                                            s['types'], s['lengths']))
        if '2' in s['types'] and o['server_random'] != s['randoms'][-1]:
            problems.append('connection %d: server random %s, tshark %s' % (i, o['server_random'], s['randoms'][-1]))
        if '2' in s['types'] and o['suite'] != s['suites'][-1]:
            problems.append('connection %d: suite %s, tshark %s' % (i, o['suite'], s['suites'][-1]))
        if o['certs'] != s['certs']:
            problems.append('connection %d: %d certificates, tshark %d (or different bytes)' %
                            (i, len(o['certs']), len(s['certs'])))
    if len(conns) != len(by_random):
        problems.append('%d connections, tshark %d streams with a ClientHello' % (len(conns), len(by_random)))
    return problems


def resegment(path, out, link, split=False):
    """Writes the TCP segments of @path again as a legacy pcap of link type @link (0 null, 1
    Ethernet with a VLAN tag, 101 raw IP, 113 Linux SLL, 276 Linux SLL2).  With @split every
    payload is cut in three, sent out of order, and its first piece sent twice (a retransmission)
    plus an overlapping copy of the first two pieces."""
    fields = ['frame.time_epoch', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport',
              'tcp.seq_raw', 'tcp.flags', 'tcp.payload']
    args = ['tshark', '-n', '-r', path, '-Y', 'tcp', '-T', 'fields'] + ephemeral_ports_claimed()
    for f in fields:
        args += ['-e', f]
    frames = []
    for line in run(args).stdout.decode().splitlines():
        t, s4, d4, s6, d6, sp, dp, seq, flags, payload = (line.split('\t') + [''] * 10)[:10]
        src = socket.inet_pton(socket.AF_INET, s4) if s4 else socket.inet_pton(socket.AF_INET6, s6)
        dst = socket.inet_pton(socket.AF_INET, d4) if d4 else socket.inet_pton(socket.AF_INET6, d6)
        data = bytes.fromhex(payload.replace(':', ''))
        seq, fl = int(seq), int(flags, 16)
        pieces = [(0, data)]
        if split and len(data) >= 3:
            a, b = len(data) // 3, 2 * len(data) // 3
            pieces = [(b, data[b:]), (0, data[:a]), (0, data[:a]), (a, data[a:b]), (0, data[:b])]
        for off, piece in pieces:
            frames.append((float(t), src, dst, int(sp), int(dp), (seq + off) & 0xffffffff, fl, piece))

    def tcp(sp, dp, seq, fl, piece):
        return struct.pack('>HHIIBBHHH', sp, dp, seq, 0, 5 << 4, fl, 65535, 0, 0) + piece

    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, link))
        for t, src, dst, sp, dp, seq, fl, piece in frames:
            seg = tcp(sp, dp, seq, fl, piece)
            if len(src) == 4:
                ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), 0, 0x4000, 64, 6, 0, src, dst) + seg
                ethertype, family = 0x0800, 2
            else:
                ip = struct.pack('>IHBB16s16s', 6 << 28, len(seg), 6, 64, src, dst) + seg
                ethertype, family = 0x86dd, 10
            if link == 0:
                frame = struct.pack('<I', family) + ip
            elif link == 1:
                frame = b'\x00' * 12 + struct.pack('>HHH', 0x8100, 7, ethertype) + ip
            elif link == 113:
                frame = struct.pack('>HHH8sH', 0, 772, 6, b'', ethertype) + ip
            elif link == 276:
                frame = struct.pack('>HHIHBB8s', ethertype, 0, 1, 772, 0, 6, b'') + ip
            else:
                frame = ip
            sec = int(t)
            f.write(struct.pack('<IIII', sec, int(round((t - sec) * 1e6)) % 1000000, len(frame), len(frame)))
            f.write(frame)


def import_json(path, keylog=None):
    args = [CLI, 'import', path, '--json']
    if keylog:
        args += ['--keylog', keylog]
    r = run(args)
    if r.returncode != 0:
        return r.returncode, None, r.stderr.decode()
    return 0, json.loads(r.stdout), r.stderr.decode()


def python_client(port, keylog):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.keylog_filename = keylog
    with socket.create_connection(('127.0.0.1', port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname='python.test') as s:
            s.sendall(b'GET /python HTTP/1.0\r\nHost: python.test\r\n\r\n')
            while s.recv(65536):
                pass


def smtp_server(listener, keylog):
    """A small SMTP server speaking STARTTLS (RFC 3207) for one client, TLS by Python's ssl."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain('cert.pem', 'key.pem')
    ctx.keylog_filename = keylog
    conn, _ = listener.accept()
    conn.settimeout(20)
    f = conn.makefile('rwb', buffering=0)
    f.write(b'220 localhost ESMTP test\r\n')
    while True:
        line = f.readline()
        if not line:
            return
        if line.upper().startswith(b'EHLO'):
            f.write(b'250-localhost\r\n250 STARTTLS\r\n')
        elif line.upper().startswith(b'STARTTLS'):
            f.write(b'220 Ready to start TLS\r\n')
            break
        else:
            f.write(b'502 no\r\n')
    with ctx.wrap_socket(conn, server_side=True) as tls:
        tls.settimeout(20)
        data = b''
        try:
            while True:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                data += chunk
                if data.upper().startswith(b'EHLO') and b'\n' in data:
                    tls.sendall(b'250 localhost\r\n')
                    data = data[data.index(b'\n') + 1:]
                if data.upper().startswith(b'QUIT'):
                    tls.sendall(b'221 bye\r\n')
                    break
        except (OSError, ssl.SSLError):
            pass


def main():
    for tool in ('dumpcap', 'tshark', 'editcap', 'openssl', 'curl', 'gnutls-cli'):
        if run(['sh', '-c', 'command -v ' + tool]).returncode != 0:
            print('Bail out! %s is not installed (build-aux/install-deps.sh installs it)' % tool)
            return 1
    work = tempfile.mkdtemp(prefix='hsviz-import-')
    os.chdir(work)
    run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem',
         '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'])
    p_main, p_hrr = free_port(), free_port()
    p_v6 = free_port(socket.AF_INET6, '::1')
    procs = PROCS
    TLS_PORTS.extend([p_main, p_hrr, p_v6])
    smtp_listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    smtp_listener.bind(('127.0.0.1', 0))
    smtp_listener.listen(1)
    p_smtp = smtp_listener.getsockname()[1]
    SMTP_PORTS.append(p_smtp)

    def server(accept, *extra):
        keys = 'server-%d.keys' % len(procs)
        p = subprocess.Popen(['openssl', 's_server', '-accept', accept, '-cert', 'cert.pem', '-key', 'key.pem',
                              '-www', '-keylogfile', keys, '-quiet', *extra],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(p)
        return keys

    server_keys = [server('127.0.0.1:%d' % p_main, '-cipher', 'ALL:@SECLEVEL=0'),
                   server('127.0.0.1:%d' % p_hrr, '-groups', 'P-384'),
                   server('[::1]:%d' % p_v6, '-6')]
    # nginx speaking HTTP/2 (a private configuration; everything it writes in the temp dir)
    p_h2 = free_port()
    TLS_PORTS.append(p_h2)
    # nginx gives its temp paths to its worker user: a folder of their own
    os.mkdir('nginx-temp')
    with open('nginx.conf', 'w') as conf:
        conf.write('daemon off;\nmaster_process off;\nworker_processes 1;\npid %s/nginx.pid;\n'
                   'error_log %s/nginx-error.log info;\nevents { worker_connections 64; }\n'
                   'http {\n  access_log off;\n' % (work, work))
        for kind in ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'):
            conf.write('  %s_temp_path %s/nginx-temp;\n' % (kind, work))
        conf.write('  server {\n    listen 127.0.0.1:%d ssl http2;\n    ssl_protocols TLSv1.2 TLSv1.3;\n'
                   '    ssl_certificate %s/cert.pem;\n    ssl_certificate_key %s/key.pem;\n'
                   '    location / { return 200 "hello from nginx\\n"; }\n  }\n}\n' % (p_h2, work, work))
    procs.append(subprocess.Popen(['nginx', '-p', work, '-e', work + '/nginx-error.log', '-c', work + '/nginx.conf'],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    ok_servers = (wait_port('127.0.0.1', p_main) and wait_port('127.0.0.1', p_hrr) and
                  wait_port('127.0.0.1', p_h2) and
                  wait_port('::1', p_v6, socket.AF_INET6))
    # each port with its address family: another program may use the IPv6 port number on 127.0.0.1
    port_filter = '(ip and (tcp port %d or tcp port %d or tcp port %d or tcp port %d)) or (ip6 and tcp port %d)' % (
        p_main, p_hrr, p_smtp, p_h2, p_v6)
    dumpcap = subprocess.Popen(['dumpcap', '-i', 'lo', '-f', port_filter, '-w', 'cap.pcapng'],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    PROCS.append(dumpcap)
    started = False
    said = ''
    deadline = time.time() + 30
    while time.time() < deadline and not started:
        line = dumpcap.stderr.readline().decode()
        said += line
        started = line.startswith('File:')
        if not line:
            break
    time.sleep(1)
    # The probes of wait_port() came before the capture: the file holds only what follows.
    tap('capture-started', ok_servers and started, 'servers %s, dumpcap %s: %s' % (ok_servers, started, said))

    client_keys = 'clients.keys'
    env = dict(os.environ, SSLKEYLOGFILE=os.path.abspath(client_keys))
    resolve = ['--resolve', 'localhost:%d:127.0.0.1' % p_main]
    url = 'https://localhost:%d/' % p_main
    get = b'GET / HTTP/1.0\r\n\r\n'
    s_client = ['openssl', 's_client', '-keylogfile', client_keys, '-ign_eof', '-servername', 'localhost']
    clients = [
        ('curl TLS 1.3', ['curl', '-sk', '--tlsv1.3', *resolve, url], None),
        ('curl TLS 1.2 ECDHE', ['curl', '-sk', '--tlsv1.2', '--tls-max', '1.2', *resolve, url], None),
        ('s_client RSA key transport', s_client + ['-connect', '127.0.0.1:%d' % p_main, '-tls1_2', '-cipher',
                                                   'AES128-GCM-SHA256'], get),
        ('s_client HelloRetryRequest', s_client + ['-connect', '127.0.0.1:%d' % p_hrr, '-tls1_3'], get),
        ('s_client first', s_client + ['-connect', '127.0.0.1:%d' % p_main, '-tls1_3', '-sess_out', 'sess.pem'], get),
        ('s_client resumed', s_client + ['-connect', '127.0.0.1:%d' % p_main, '-tls1_3', '-sess_in', 'sess.pem'], get),
        ('s_client failed', ['openssl', 's_client', '-keylogfile', client_keys, '-connect', '127.0.0.1:%d' % p_main,
                             '-tls1_3', '-ciphersuites', 'TLS_AES_128_CCM_8_SHA256'], b''),
        ('gnutls-cli', ['gnutls-cli', '--insecure', '-p', str(p_main), '127.0.0.1'], get),
        ('curl IPv6', ['curl', '-sk', '-6', 'https://[::1]:%d/' % p_v6], None),
        ('curl HTTP/2', ['curl', '-sk', '--http2', '--resolve', 'localhost:%d:127.0.0.1' % p_h2,
                         'https://localhost:%d/h2' % p_h2], None),
    ]
    for name, args, stdin in clients:
        r = run(args, input=stdin if stdin is not None else b'', env=env)
        if name not in ('s_client failed',) and r.returncode != 0:
            tap('client ' + name, False, r.stderr.decode(errors='replace'))
    python_client(p_main, os.path.abspath('python.keys'))
    smtp = threading.Thread(target=smtp_server, args=(smtp_listener, os.path.abspath('smtp.keys')), daemon=True)
    smtp.start()
    r = run(['openssl', 's_client', '-starttls', 'smtp', '-connect', '127.0.0.1:%d' % p_smtp, '-keylogfile',
             client_keys, '-quiet'], input=b'EHLO me\r\nQUIT\r\n')
    smtp.join(timeout=30)
    smtp_listener.close()
    time.sleep(1)
    dumpcap.send_signal(signal.SIGINT)
    dumpcap.wait(timeout=30)
    for p in procs:
        if p.poll() is None:
            p.terminate()
            p.wait(timeout=30)

    with open('all.keys', 'w') as out:
        for f in [client_keys, 'python.keys', 'smtp.keys'] + server_keys:
            if os.path.exists(f):
                out.write(open(f).read())
    n_expected = len(clients) + 2

    # 1. with the key log: every connection equal to tshark's decrypted dissection
    status, doc, err = import_json('cap.pcapng', 'all.keys')
    tap('import-exit-status', status == 0 and doc is not None, err)
    if doc is None:
        print('1..%d' % len(results))
        return 1
    conns = doc['connections']
    truth = tshark_streams('cap.pcapng', 'all.keys')
    problems = compare(conns, truth)
    tap('equal-to-tshark-with-keylog', not problems and len(conns) == n_expected,
        '\n'.join(problems) + '\n%d connections, %d expected' % (len(conns), n_expected))
    problems = compare_bytes(conns, tshark_handshake_bytes('cap.pcapng', 'all.keys'))
    tap('message-bytes-equal-to-tshark', not problems, '\n'.join(problems))
    problems = compare_addresses(conns, tshark_addresses('cap.pcapng', 'all.keys'))
    tap('addresses-equal-to-tshark', not problems, '\n'.join(problems))

    by_kind = {}
    for c in conns:
        types = [m['type_code'] for m in c['messages']]
        names = [m['type'] for m in c['messages']]
        if 'STARTTLS' in c.get('note', ''):
            continue
        if not c['outcome']['completed']:
            by_kind['failed'] = c
        elif 'HelloRetryRequest' in names:
            by_kind['hrr'] = c
        elif c['protocol'] == 'TLS1.2' and c.get('key_exchange') == 'RSA':
            by_kind['rsa'] = c
        elif c['protocol'] == 'TLS1.2':
            by_kind['ecdhe'] = c
        elif c['protocol'] == 'TLS1.3' and 11 not in types:
            by_kind['resumed'] = c
        elif (c.get('addresses') or {}).get('server', '').startswith('[::1]:'):
            by_kind['ipv6'] = c
        else:
            by_kind.setdefault('tls13', c)
    tap('kinds-present', set(by_kind) >= {'failed', 'hrr', 'rsa', 'ecdhe', 'resumed', 'ipv6', 'tls13'},
        'found: %s' % sorted(by_kind))

    def verified(c, name):
        return any(k['name'] == name and k['verified'] for k in c.get('key_schedule') or [])

    tls13 = [c for c in conns if c['protocol'] == 'TLS1.3' and c['outcome']['completed']]
    tap('tls13-encrypted-flight-decrypted',
        all('EncryptedExtensions' in [m['type'] for m in c['messages']] for c in tls13) and
        all(verified(c, 'server_finished') and verified(c, 'client_finished') for c in tls13),
        '\n'.join('%s: %s' % (c.get('note'), [m['type'] for m in c['messages']]) for c in tls13))
    notes = [k['note'] for c in tls13 for k in c['key_schedule'] if k['name'] == 'client_write_key']
    tap('record-state-check-does-not-apply', notes and all('does not apply' in n and 'decrypts with it' in n
                                                           for n in notes), '\n'.join(notes))
    tls12 = [c for c in conns if c['protocol'] == 'TLS1.2']
    tap('tls12-finished-decrypted-and-verified',
        len(tls12) >= 2 and all(verified(c, 'client_finished') and verified(c, 'server_finished') for c in tls12))
    # every alert, encrypted ones decrypted (TLS 1.2: with the key block of the key log's master
    # secret), as tshark decrypts them: per connection, its alerts' descriptions in wire order
    names = {0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 40: 'handshake_failure',
             42: 'bad_certificate', 46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca',
             50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version', 80: 'internal_error',
             90: 'user_canceled', 109: 'missing_extension', 112: 'unrecognized_name'}
    alerts = {}
    for line in run(tshark_args('cap.pcapng', 'all.keys') + ['-Y', 'tls.alert_message', '-T', 'fields', '-E',
                                                             'occurrence=a', '-E', 'aggregator=,', '-e', 'ip.src',
                                                             '-e', 'ipv6.src', '-e', 'tcp.srcport', '-e', 'tcp.dstport',
                                                             '-e', 'tls.alert_message.desc']).stdout.decode().splitlines():
        v4, v6, sp, dp, descs = (line.split('\t') + [''] * 5)[:5]
        for desc in descs.split(','):
            alerts.setdefault(frozenset((int(sp), int(dp))), []).append(names.get(int(desc), desc))
    wrong = []
    for c in conns:
        ports = frozenset(int(c['addresses'][side].rsplit(':', 1)[1]) for side in ('client', 'server'))
        ours_alerts = [t['label'].split(' (')[0] for t in c.get('timeline') or [] if t['kind'] == 'alert']
        if ours_alerts != alerts.get(ports, []):
            wrong.append('%s: %s, tshark %s' % (c['addresses']['client'], ours_alerts, alerts.get(ports)))
    tap('alerts-decrypted-as-tshark', not wrong and sum(len(a) for a in alerts.values()) > len(conns),
        '\n'.join(wrong))
    starttls = [c for c in conns if 'STARTTLS' in c.get('note', '')]
    tap('starttls-smtp', len(starttls) == 1 and (starttls[0].get('starttls') or {}).get('protocol') == 'smtp' and
        [e['text'][:4] for e in starttls[0]['starttls']['exchange']][:2] == ['220 ', 'EHLO'] and
        [m['type'] for m in starttls[0]['messages']][:3] == ['ClientHello', 'ServerHello', 'EncryptedExtensions'] and
        starttls[0]['outcome']['completed'], '\n'.join(json.dumps(c.get('starttls')) for c in starttls))
    h2 = [c for c in conns if c.get('target', {}).get('port') == p_h2]
    app = (h2[0].get('application_data') or {}) if h2 else {}
    tap('http2-request-and-response', len(h2) == 1 and ':method: GET' in (app.get('request') or '') and
        ':path: /h2' in app.get('request') and app.get('status') == 200 and app.get('http_version') == 'HTTP/2',
        json.dumps(app))
    requests = [(c.get('application_data') or {}).get('request') or '' for c in conns
                if c['outcome']['completed'] and c not in starttls and c not in h2]
    tap('http-request-decrypted', all(r.startswith('GET /') for r in requests), '\n'.join(map(repr, requests)))
    failed = by_kind.get('failed')
    tap('failed-handshake', failed is not None and failed['outcome']['alert'] is not None and
        failed['outcome']['alert']['description'] == 'handshake_failure', json.dumps(failed and failed['outcome']))
    ipv6 = by_kind.get('ipv6')
    tap('ipv6-address', ipv6 is not None and ipv6['target']['address'] == '::1' and
        ipv6['addresses']['server'] == '[::1]:%d' % p_v6 and ipv6['addresses']['client'].startswith('[::1]:'),
        json.dumps(ipv6 and [ipv6['target'], ipv6['addresses']]))

    # 2. the same capture as a legacy pcap file
    run(['editcap', '-F', 'pcap', 'cap.pcapng', 'legacy.pcap'])
    status, legacy, err = import_json('legacy.pcap', 'all.keys')
    tap('legacy-pcap', status == 0 and [ours(c) for c in legacy['connections']] == [ours(c) for c in conns], err)

    # 2b. every link type, and the segments cut up, reordered and retransmitted
    for link, name in ((0, 'null'), (1, 'ethernet-vlan'), (101, 'raw-ip'), (113, 'linux-sll'), (276, 'linux-sll2')):
        resegment('cap.pcapng', 'link-%d.pcap' % link, link)
        status, other, err = import_json('link-%d.pcap' % link, 'all.keys')
        tap('link-type-' + name, status == 0 and [ours(c) for c in other['connections']] == [ours(c) for c in conns],
            err)
    resegment('cap.pcapng', 'resegmented.pcap', 101, split=True)
    status, reseg, err = import_json('resegmented.pcap', 'all.keys')
    same = status == 0 and [ours(c) for c in reseg['connections']] == [ours(c) for c in conns]
    tap('segments-split-reordered-retransmitted', same and
        all('retransmitted' in c.get('note', '') for c in reseg['connections']), err + (str(reseg['connections'][0].get('note')) if reseg else ''))

    # 3. the secrets injected into the capture: no --keylog needed
    run(['editcap', '--inject-secrets', 'tls,all.keys', 'cap.pcapng', 'injected.pcapng'])
    status, injected, err = import_json('injected.pcapng')
    tap('injected-secrets', status == 0 and [ours(c) for c in injected['connections']] == [ours(c) for c in conns]
        and 'Decryption Secrets Block' in injected['note'], err)

    # 4. no key log: the cleartext part, equal to tshark without keys, and the rest named
    status, plain, err = import_json('cap.pcapng')
    problems = compare(plain['connections'], tshark_streams('cap.pcapng')) if plain else ['no result']
    tap('no-keylog-equal-to-tshark', status == 0 and not problems, '\n'.join(problems) + err)
    tap('no-keylog-says-so', plain is not None and all('not decrypted' in c.get('note', '') for c in plain['connections']
                                                       if c['outcome']['completed']))
    text = run([CLI, 'import', 'cap.pcapng']).stdout.decode()
    tap('no-keylog-text-says-how', text.rstrip().endswith('give one with --keylog FILE (what SSLKEYLOGFILE writes).') and
        'key log: none' in text, text[-300:])

    # 4b. a capture cut short (dumpcap stopped hard): what is whole is imported, the end is named
    data = open('cap.pcapng', 'rb').read()
    with open('cut.pcapng', 'wb') as f:
        f.write(data[:len(data) * 2 // 3])
    status, cut, err = import_json('cut.pcapng', 'all.keys')
    tap('truncated-capture', status == 0 and 0 < len(cut['connections']) <= len(conns) and
        'damaged' in cut['note'], err + (cut['note'] if cut else ''))

    # 5. not a capture, a capture without TLS: exit status 4 and a message
    with open('not-a-capture.pcap', 'wb') as f:
        f.write(b'hello, this is not a capture\n')
    r = run([CLI, 'import', 'not-a-capture.pcap'])
    tap('not-a-capture-exit-4', r.returncode == 4 and b'pcap' in r.stderr, r.stderr.decode())
    run(['editcap', '-r', 'cap.pcapng', 'syn-only.pcapng', '1'])
    r = run([CLI, 'import', 'syn-only.pcapng'])
    tap('no-tls-exit-4', r.returncode == 4 and b'No TLS handshake' in r.stderr, r.stderr.decode())

    # 6. export → tshark: a session captured by us, written as pcapng, opens decrypted with no settings
    for preset in ('tls13', 'tls12', 'tls12-rsa'):
        session = 'demo-%s.handshake' % preset
        r = run([CLI, 'demo', '--preset', preset, '--no-ocsp', '--output', session])
        r = run([CLI, 'export', session, '--pcapng', 'demo-%s.pcapng' % preset])
        shown = run([CLI, 'show', session, '--json'])
        doc_s = json.loads(shown.stdout)['connections'][0] if shown.returncode == 0 else None
        # the messages in wire order: the timeline's (GnuTLS hooks a TLS 1.3 NewSessionTicket that
        # came with the server's flight only after the client's Finished)
        msgs = [str(doc_s['messages'][t['message_index']]['type_code']) for t in doc_s['timeline']
                if t['kind'] == 'message'] if doc_s else None
        truth = tshark_streams('demo-%s.pcapng' % preset)
        http = run(['tshark', '-n', '-r', 'demo-%s.pcapng' % preset] + ephemeral_ports_claimed() + ['-Y', 'http.request', '-T', 'fields',
                    '-e', 'http.request.method']).stdout.decode().split()
        tap('export-pcapng-tshark-' + preset, r.returncode == 0 and doc_s is not None and
            list(truth.values())[0]['types'] == msgs and http == ['GET'],
            'ours %s, tshark %s, http %s %s' % (msgs, truth, http, r.stderr.decode()))
        status, back, err = import_json('demo-%s.pcapng' % preset)
        tap('export-pcapng-import-' + preset, status == 0 and
            [str(m['type_code']) for m in back['connections'][0]['messages']] == msgs and
            back['connections'][0]['client_random'] == doc_s['client_random'] and
            doc_s['addresses']['server'].rsplit(':', 1)[1] == str(doc_s['target']['port']) and
            back['connections'][0]['addresses'] == doc_s['addresses'], err)
    # an imported IPv6 connection exported: the same addresses and ports as in the capture
    run(tshark_args('cap.pcapng') + ['-Y', 'ipv6', '-w', 'ipv6.pcapng'])
    run([CLI, 'import', 'ipv6.pcapng', '--keylog', 'all.keys', '--output', 'ipv6.handshake'])
    r = run([CLI, 'export', 'ipv6.handshake', '--pcapng', 'ipv6-export.pcapng'])
    before, after = tshark_addresses('ipv6.pcapng', 'all.keys'), tshark_addresses('ipv6-export.pcapng')
    tap('export-pcapng-real-addresses-ipv6', r.returncode == 0 and len(before) == 1 and before == after and
        list(after.values())[0]['server'] == '[::1]:%d' % p_v6, 'capture %s, export %s %s' % (
            before, after, r.stderr.decode()))
    run([CLI, 'demo', '--preset', 'tls13', '--no-ocsp', '--no-secrets', '--output', 'nosecrets.handshake'])
    r = run([CLI, 'export', 'nosecrets.handshake', '--pcapng', 'nosecrets.pcapng'])
    http = run(['tshark', '-n', '-r', 'nosecrets.pcapng'] + ephemeral_ports_claimed() + ['-Y', 'http.request']).stdout.decode()
    tap('export-pcapng-without-secrets', r.returncode == 0 and b'no Decryption Secrets Block' in r.stderr and
        http.strip() == '', r.stderr.decode() + http)

    return finish(work)


if __name__ == '__main__':
    try:
        status = main()
    finally:
        for proc in PROCS:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    sys.exit(status)
