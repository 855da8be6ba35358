#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Imported connections that resume an earlier one, and connections' start times, against tshark.

dumpcap records the loopback traffic while real clients resume real servers' sessions: openssl
s_client against openssl s_server (TLS 1.3 PSK, a TLS 1.2 session ticket, a TLS 1.2 session id
from a server without tickets), gnutls-cli --resume against gnutls-serv (TLS 1.3 and TLS 1.2;
GnuTLS's key logs have no CLIENT_RANDOM line for a resumed TLS 1.2 connection) and Python's ssl
with a saved session, three of its connections overlapping in time.  The capture is imported with
the key logs.  Truth is tshark's dissection of the same file: which earlier connection received
the ticket (or gave the session id) each resumed connection's ClientHello offered, and each TCP
stream's first frame time.  Then the import is saved, exported as a pcapng and read by tshark with
no options: each stream starts when it started in the capture and its TLS records come at the
capture's times, so connections that overlapped overlap again; a file without start times is
exported one connection after the other.  Capturing on "lo" needs root.  Output is TAP;
/handshakeviz/import/resume-<case>.

Usage: test-import-resume.py CLI
"""

import base64
import importlib.util
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('test_import', os.path.join(HERE, 'test-import.py'))
ti = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ti)   # its helpers; the live capture in its main() does not run
GET = b'GET / HTTP/1.0\r\n\r\n'


def tap(name, ok, detail=''):
    ti.tap('resume-' + name, ok, '' if ok else detail)


def start_dumpcap(ports, out):
    port_filter = ' or '.join('tcp port %d' % p for p in ports)
    dumpcap = subprocess.Popen(['dumpcap', '-i', 'lo', '-f', 'ip and (%s)' % port_filter, '-w', out],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ti.PROCS.append(dumpcap)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = dumpcap.stderr.readline().decode()
        if line.startswith('File:') or not line:
            break
    time.sleep(1)
    return dumpcap


def python_clients(port, keylog):
    """Three connections open at once (each waits before its request), then a full handshake and
    one that resumes it with the saved session."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.keylog_filename = keylog

    def one(delay, session=None):
        with ctx.wrap_socket(socket.create_connection(('127.0.0.1', port)), server_hostname='localhost',
                             session=session) as s:
            time.sleep(delay)
            s.sendall(GET)
            while s.recv(65536):
                pass
            return s.session

    threads = [threading.Thread(target=one, args=(0.6 - 0.2 * i,)) for i in range(3)]
    for t in threads:
        t.start()
        time.sleep(0.1)
    for t in threads:
        t.join()
    one(0, one(0))


def nst_tickets(conn):
    """The tickets of the NewSessionTickets a connection received (from the imported bytes)."""
    tickets = []
    for m in conn['messages']:
        if m['type_code'] != 4:
            continue
        b = base64.b64decode(m['bytes'])[4:]
        p = 4
        if conn['protocol'] == 'TLS1.3':
            p += 4
            p += 1 + b[p]
        n = int.from_bytes(b[p:p + 2], 'big')
        tickets.append(b[p + 2:p + 2 + n].hex())
    return tickets


def server_session_id(conn):
    sh = next(m for m in conn['messages'] if m['type_code'] == 2)
    b = base64.b64decode(sh['bytes'])[4:]
    return b[35:35 + b[34]].hex()


def stream_times(path, keylog=None):
    """Per (client port, server port): the stream's first frame time and the times of its frames with TLS
    records (µs, as text), from tshark."""
    args = ti.tshark_args(path, keylog) + ['-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.dstport',
                                           '-e', 'frame.time_epoch', '-e', 'tls.record.content_type']
    streams = {}
    for line in ti.run(args).stdout.decode().splitlines():
        sp, dp, t, ct = (line.split('\t') + [''] * 4)[:4]
        t = t[:t.index('.') + 7]    # the capture's nanoseconds, to the microseconds kept
        key = (int(sp), int(dp)) if int(dp) in ti.TLS_PORTS else (int(dp), int(sp))
        s = streams.setdefault(key, {'first': t, 'last': t, 'tls': set()})
        s['last'] = t
        if ct:
            s['tls'].add(t)
    return streams


def overlapping(streams):
    """How many streams start before the one before them has sent its last TLS record."""
    spans = sorted((float(s['first']), float(max(s['tls'] or [s['last']]))) for s in streams.values())
    return sum(1 for a, b in zip(spans, spans[1:]) if b[0] < a[1])


def main():
    for tool in ('dumpcap', 'tshark', 'openssl', 'gnutls-serv', 'gnutls-cli'):
        if ti.run(['sh', '-c', 'command -v ' + tool]).returncode != 0:
            print('Bail out! %s is not installed (build-aux/install-deps.sh installs it)' % tool)
            return 1
    work = tempfile.mkdtemp(prefix='hsviz-import-resume-')
    os.chdir(work)
    ti.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem',
            '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'])
    p_tickets, p_ids, p_gnutls = ti.free_port(), ti.free_port(), ti.free_port()
    ti.TLS_PORTS.extend([p_tickets, p_ids, p_gnutls])

    def openssl_server(port, keys, *extra):
        ti.PROCS.append(subprocess.Popen(['openssl', 's_server', '-accept', '127.0.0.1:%d' % port, '-cert', 'cert.pem',
                                          '-key', 'key.pem', '-www', '-keylogfile', keys, '-quiet', *extra],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL))
    openssl_server(p_tickets, 'server-tickets.keys')
    openssl_server(p_ids, 'server-ids.keys', '-tls1_2', '-no_ticket')
    ti.PROCS.append(subprocess.Popen(['gnutls-serv', '-p', str(p_gnutls), '--x509certfile', 'cert.pem',
                                      '--x509keyfile', 'key.pem', '--http'],
                                     env=dict(os.environ, SSLKEYLOGFILE=os.path.abspath('server-gnutls.keys')),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    ok = all(ti.wait_port('127.0.0.1', p) for p in (p_tickets, p_ids, p_gnutls))
    dumpcap = start_dumpcap([p_tickets, p_ids, p_gnutls], 'cap.pcapng')
    tap('capture-started', ok and dumpcap.poll() is None)

    env = dict(os.environ, SSLKEYLOGFILE=os.path.abspath('clients.keys'))
    s_client = ['openssl', 's_client', '-keylogfile', 'clients.keys', '-ign_eof', '-servername', 'localhost']
    pairs = [('tls13-psk', p_tickets, ['-tls1_3']), ('tls12-ticket', p_tickets, ['-tls1_2']),
             ('tls12-session-id', p_ids, [])]
    for name, port, extra in pairs:
        for i, sess in enumerate((['-sess_out', name + '.pem'], ['-sess_in', name + '.pem'])):
            r = ti.run(s_client + ['-connect', '127.0.0.1:%d' % port, *extra, *sess], input=GET, env=env)
            if r.returncode != 0:
                tap('client ' + name, False, r.stderr.decode(errors='replace'))
    for priority in ('NORMAL', 'NORMAL:-VERS-TLS1.3'):
        ti.run(['gnutls-cli', '--insecure', '--resume', '--priority', priority, '-p', str(p_gnutls), '127.0.0.1'],
               input=GET, env=env)
    python_clients(p_tickets, os.path.abspath('python.keys'))
    time.sleep(1)
    dumpcap.send_signal(signal.SIGINT)
    dumpcap.wait(timeout=30)
    for p in ti.PROCS:
        if p.poll() is None:
            p.terminate()
            p.wait(timeout=30)
    with open('all.keys', 'w') as out:
        for f in ('clients.keys', 'python.keys', 'server-tickets.keys', 'server-ids.keys', 'server-gnutls.keys'):
            if os.path.exists(f):
                out.write(open(f).read())

    # 1. every connection as tshark dissects it, and which one each resumed connection resumes
    status, doc, err = ti.import_json('cap.pcapng', 'all.keys')
    conns = doc['connections'] if doc else []
    problems = ti.compare(conns, ti.tshark_streams('cap.pcapng', 'all.keys')) if doc else [err]
    tap('equal-to-tshark', status == 0 and len(conns) == 15 and not problems, '\n'.join(problems))
    truth = ti.tshark_resumption('cap.pcapng', 'all.keys')
    problems = ti.compare_resumption(conns, truth)
    resumed = [c for c in conns if c['resumed']]
    tap('resumed-from-equal-to-tshark', not problems and len(resumed) == 6 and
        all(c['resumed_from'] is not None for c in resumed), '\n'.join(problems))

    # 2. the linked connection holds what the ClientHello offered: TLS 1.3 PSK identity and TLS 1.2
    # session_ticket among the tickets it received, else the session id its ServerHello gave
    wrong = []
    for c in resumed:
        offered = truth[c['client_random']][2]
        first = conns[c['resumed_from']]
        if offered not in nst_tickets(first) and offered != server_session_id(first):
            wrong.append('%s: offered %s…, connection %d has tickets %s and session id %s' % (
                c['addresses']['client'], offered[:16], c['resumed_from'], [t[:16] for t in nst_tickets(first)],
                server_session_id(first)[:16]))
    kinds = {(c['protocol'], truth[c['client_random']][2] in nst_tickets(conns[c['resumed_from']])) for c in resumed}
    tap('linked-connection-issued-it', resumed and not wrong and
        kinds == {('TLS1.3', True), ('TLS1.2', True), ('TLS1.2', False)}, '\n'.join(wrong) + str(kinds))

    # 3. GnuTLS's resumed TLS 1.2 connection: no CLIENT_RANDOM line of its own, decrypted and
    # verified with the master secret of the connection it resumed
    gnutls12 = [c for c in resumed if c['protocol'] == 'TLS1.2' and c['target']['port'] == p_gnutls]
    verified = {k['name'] for c in gnutls12 for k in c['key_schedule'] if k['verified']}
    tap('tls12-master-secret-of-the-first', len(gnutls12) == 1 and
        'whose session it resumed' in gnutls12[0].get('note', '') and
        {'client_finished', 'server_finished'} <= verified, json.dumps(gnutls12 and gnutls12[0].get('note')))

    # 4. the text says which connection it resumed
    text = ti.run([ti.CLI, 'import', 'cap.pcapng', '--keylog', 'all.keys']).stdout.decode()
    wanted = ['Resumed connection %d ' % (c['resumed_from'] + 1) for c in resumed]
    tap('text-names-the-connection', all(w in text for w in wanted), str(wanted))
    tap('text-ends-with-the-note', text.rstrip().endswith('key log: the given file') and
        'Imported from a capture: 15 TLS connections of 15 TCP connections' in text, text[-300:])
    # the client's verdict on the certificates is not in a capture: the text says so, not "no
    # certificate was checked"
    tap('text-certificates-not-checked', 'what the client made' in text and 'No certificate was checked' not in text)

    # 5. start times: each connection's first segment in the capture, as tshark shows it
    times = stream_times('cap.pcapng', 'all.keys')
    wrong = []
    for c in conns:
        port = tuple(int(c['addresses'][side].rsplit(':', 1)[1]) for side in ('client', 'server'))
        started = c.get('started_at')
        first = times.get(port, {}).get('first')
        if started is None or first is None or \
           '%d.%06d' % divmod(ti_epoch_us(started), 1000000) != first:
            wrong.append('%s: started_at %s, tshark %s' % (port, started, first))
    tap('started-at-equal-to-tshark', conns and not wrong and overlapping(times) >= 2, '\n'.join(wrong))
    # the session was captured when its first connection started (to the second), not when imported
    tap('captured-at-first-connection', doc and doc['captured_at'] == conns[0]['started_at'][:19] + 'Z',
        '%s, first connection %s' % (doc and doc['captured_at'], conns and conns[0].get('started_at')))

    # 6. saved, shown again and exported: tshark with no options sees each stream start as in the
    # capture, its TLS records at the capture's times, the overlapping connections overlapping
    ti.run([ti.CLI, 'import', 'cap.pcapng', '--keylog', 'all.keys', '--output', 'resume.handshake'])
    shown = ti.run([ti.CLI, 'show', 'resume.handshake', '--json'])
    back = json.loads(shown.stdout)['connections'] if shown.returncode == 0 else []
    tap('saved-and-read-back', [(c.get('started_at'), c['resumed_from']) for c in back] ==
        [(c.get('started_at'), c['resumed_from']) for c in conns], shown.stderr.decode())
    r = ti.run([ti.CLI, 'export', 'resume.handshake', '--pcapng', 'export.pcapng'])
    exported = stream_times('export.pcapng')
    wrong = ['%s: first %s, capture %s; records at other times %s' % (
        port, exported.get(port, {}).get('first'), s['first'], sorted(exported.get(port, {}).get('tls', set()) - s['tls'])[:3])
        for port, s in times.items()
        if port not in exported or exported[port]['first'] != s['first'] or not exported[port]['tls'] <= s['tls']
        or not exported[port]['tls']]
    tap('export-times-equal-to-capture', r.returncode == 0 and len(exported) == len(times) and not wrong and
        overlapping(exported) >= 2, '\n'.join(wrong) + r.stderr.decode())
    status, again, err = ti.import_json('export.pcapng')
    tap('export-import-round-trip', status == 0 and
        [(c['client_random'], c['resumed_from'], c.get('started_at')) for c in again['connections']] ==
        [(c['client_random'], c['resumed_from'], c.get('started_at')) for c in conns], err)

    # 7. a file from before start times: read, and exported one connection after the other
    with open('resume.handshake') as f:
        old = json.load(f)
    for c in old['connections']:
        c.pop('started_at', None)
    with open('old.handshake', 'w') as f:
        json.dump(old, f)
    r = ti.run([ti.CLI, 'export', 'old.handshake', '--pcapng', 'old.pcapng'])
    laid_out = stream_times('old.pcapng')
    tap('without-start-times-one-after-the-other', r.returncode == 0 and len(laid_out) == len(conns) and
        overlapping(laid_out) == 0, r.stderr.decode())

    return ti.finish(work)


def ti_epoch_us(iso):
    """µs since the epoch of an ISO 8601 UTC time with microseconds ("…T01:47:12.304512Z")."""
    from datetime import datetime, timezone
    d = datetime.strptime(iso, '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=timezone.utc)
    return int(d.timestamp()) * 1000000 + d.microsecond


if __name__ == '__main__':
    try:
        status = main()
    finally:
        for proc in ti.PROCS:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    sys.exit(status)
