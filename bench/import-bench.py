#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Import of a capture with many connections against tshark on the same file (issue 13).

Makes a capture now: dumpcap on lo (filtered on the server's port) while curl makes N connections
to `openssl s_server -www` on 127.0.0.1 (TLS 1.3 and TLS 1.2 in turn) with SSLKEYLOGFILE.  Then,
on that file and on a larger one made of COPIES copies of it shifted in time (mergecap -a), it
times `handshakeviz-cli import FILE --keylog KEYS --json` against
`tshark -r FILE -o tls.keylog_file:KEYS -Y tls.handshake -T fields -e tls.handshake.type`
(output to /dev/null; median wall time of RUNS runs; peak RSS from /usr/bin/time), and writes the
table into bench/results.md between the markers <!-- import-bench --> (replacing an older one).

Usage: import-bench.py CLI [--connections N] [--copies N] [--runs N] [--out FILE]
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

MARK_BEGIN = '<!-- import-bench begin -->'
MARK_END = '<!-- import-bench end -->'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def make_capture(work, n):
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
                    '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=localhost'],
                   cwd=work, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(['openssl', 's_server', '-accept', '127.0.0.1:%d' % port, '-cert', 'cert.pem',
                               '-key', 'key.pem', '-www', '-quiet'], cwd=work,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dumpcap = None
    try:
        if not wait_port(port):
            sys.exit('openssl s_server did not start')
        dumpcap = subprocess.Popen(['dumpcap', '-i', 'lo', '-f', 'ip and tcp port %d' % port, '-w', 'cap.pcapng'],
                                   cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        while not dumpcap.stderr.readline().decode().startswith('File:'):
            pass
        time.sleep(1)
        env = dict(os.environ, SSLKEYLOGFILE=os.path.join(work, 'keys.txt'))
        url = 'https://localhost:%d/' % port
        for i in range(n):
            version = ['--tlsv1.3'] if i % 2 == 0 else ['--tlsv1.2', '--tls-max', '1.2']
            subprocess.run(['curl', '-sk', *version, '--resolve', 'localhost:%d:127.0.0.1' % port, url,
                            '-o', '/dev/null'], env=env, check=True)
        time.sleep(1)
    finally:
        if dumpcap is not None:
            dumpcap.send_signal(signal.SIGINT)
            dumpcap.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
    return os.path.join(work, 'cap.pcapng'), os.path.join(work, 'keys.txt')


def make_copies(work, cap, copies):
    parts = []
    for i in range(copies):
        part = os.path.join(work, 'part-%d.pcapng' % i)
        subprocess.run(['editcap', '-t', str(i * 3600), cap, part], check=True)
        parts.append(part)
    big = os.path.join(work, 'big.pcapng')
    subprocess.run(['mergecap', '-a', '-w', big] + parts, check=True)
    for part in parts:
        os.unlink(part)
    return big


def measure(args, runs):
    walls, rss = [], []
    for _ in range(runs):
        start = time.monotonic()
        r = subprocess.run(['/usr/bin/time', '-f', '%M'] + args, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        walls.append(time.monotonic() - start)
        if r.returncode != 0:
            sys.exit('%s failed: %s' % (args[0], r.stderr.decode()))
        rss.append(int(r.stderr.decode().strip().splitlines()[-1]))
    return statistics.median(walls), max(rss) / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('cli')
    parser.add_argument('--connections', type=int, default=200)
    parser.add_argument('--copies', type=int, default=20)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results.md'))
    opts = parser.parse_args()
    work = tempfile.mkdtemp(prefix='hsviz-import-bench-')
    cap, keys = make_capture(work, opts.connections)
    big = make_copies(work, cap, opts.copies)

    rows = []
    for path, label in ((cap, '%d connections' % opts.connections),
                        (big, '%d connections (%d copies)' % (opts.connections * opts.copies, opts.copies))):
        size = os.path.getsize(path) / (1024.0 * 1024.0)
        ours = measure([opts.cli, 'import', path, '--keylog', keys, '--json'], opts.runs)
        theirs = measure(['tshark', '-r', path, '-o', 'tls.keylog_file:' + keys, '-Y', 'tls.handshake', '-T',
                          'fields', '-e', 'tls.handshake.type'], opts.runs)
        rows.append('| import %s, %.1f MiB, wall (median of %d) | %.0f ms | %.0f ms | %.2f× | ≤ 0.5× | %s |' %
                    (label, size, opts.runs, ours[0] * 1000, theirs[0] * 1000, ours[0] / theirs[0],
                     'met' if ours[0] / theirs[0] <= 0.5 else '**over**'))
        rows.append('| import %s, peak RSS | %.1f MiB | %.1f MiB | %.2f× | — | — |' %
                    (label, ours[1], theirs[1], ours[1] / theirs[1]))

    table = '\n'.join([
        MARK_BEGIN,
        '## Import of a capture (issue 13), %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
        '',
        'Made by `python3 bench/import-bench.py CLI`: a capture made now (curl against `openssl s_server` on '
        '127.0.0.1, TLS 1.3 and 1.2 in turn, with SSLKEYLOGFILE) and %d time-shifted copies of it merged; '
        '`handshakeviz-cli import FILE --keylog KEYS --json` against `tshark -r FILE -o tls.keylog_file:KEYS '
        '-Y tls.handshake -T fields -e tls.handshake.type`, output to /dev/null, on a 2-core machine shared '
        'with other jobs. Ours decodes every connection, decrypts its TLS 1.3 flight or TLS 1.2 Finished, '
        'recomputes its key schedule and prints the whole session as JSON; tshark prints one field.' % opts.copies,
        '',
        '| what | ours | tshark | ours / tshark | budget | verdict |',
        '|------|------|--------|---------------|--------|---------|',
    ] + rows + [MARK_END])
    print(table)
    text = open(opts.out).read() if os.path.exists(opts.out) else ''
    if MARK_BEGIN in text and MARK_END in text:
        text = re.sub(re.escape(MARK_BEGIN) + '.*?' + re.escape(MARK_END), lambda m: table, text, flags=re.S)
    else:
        text = text.rstrip('\n') + '\n\n' + table + '\n'
    with open(opts.out, 'w') as f:
        f.write(text)
    subprocess.run(['rm', '-rf', work])


if __name__ == '__main__':
    main()
