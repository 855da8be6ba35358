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

Then the memory bound (issue 13, "Limits"): a capture of about LARGE_MIB MiB made of loopback
traffic captured now — plain HTTP downloads from `python3 -m http.server` (not TLS: dropped after
their first 64 KiB), a TLS download of a large file from `openssl s_server -WWW` (one TLS stream
with much application data: only its first records are kept) and many TLS handshakes against
`openssl s_server -www` — repeated in time-shifted copies (editcap -t, mergecap -a) up to the size;
imported once with `--json` to /dev/null, its peak RSS against the small captures' (bounded: the
same, whatever the size).  The capture is made in a temporary folder and deleted after.

Usage: import-bench.py CLI [--connections N] [--copies N] [--runs N] [--large-mib N] [--out FILE]
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


def make_copies(work, cap, copies, name='big.pcapng'):
    parts = []
    for i in range(copies):
        part = os.path.join(work, 'part-%d.pcapng' % i)
        subprocess.run(['editcap', '-t', str(i * 3600), cap, part], check=True)
        parts.append(part)
    big = os.path.join(work, name)
    subprocess.run(['mergecap', '-a', '-w', big] + parts, check=True)
    for part in parts:
        os.unlink(part)
    return big


def make_large(work, target_mib):
    """About @target_mib MiB of loopback traffic, mostly not TLS; returns (capture, key log, TLS connections)."""
    blob_mib = 48
    with open(os.path.join(work, 'blob.bin'), 'wb') as f:
        f.write(os.urandom(blob_mib * 1024 * 1024))
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
                    '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=localhost'],
                   cwd=work, check=True, capture_output=True)
    www, files, plain = free_port(), free_port(), free_port()
    servers = [
        subprocess.Popen(['openssl', 's_server', '-accept', '127.0.0.1:%d' % www, '-cert', 'cert.pem', '-key', 'key.pem',
                          '-www', '-quiet'], cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen(['openssl', 's_server', '-accept', '127.0.0.1:%d' % files, '-cert', 'cert.pem', '-key',
                          'key.pem', '-WWW', '-quiet'], cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, '-m', 'http.server', '--bind', '127.0.0.1', str(plain)], cwd=work,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    dumpcap = None
    env = dict(os.environ, SSLKEYLOGFILE=os.path.join(work, 'large-keys.txt'))
    tls = 0
    try:
        for port in (www, files, plain):
            if not wait_port(port):
                sys.exit('a server on port %d did not start' % port)
        dumpcap = subprocess.Popen(['dumpcap', '-i', 'lo', '-B', '256', '-f',
                                    'tcp port %d or tcp port %d or tcp port %d' % (www, files, plain),
                                    '-w', 'large-one.pcapng'], cwd=work, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while not dumpcap.stderr.readline().decode().startswith('File:'):
            pass
        time.sleep(1)
        for _ in range(2):
            subprocess.run(['curl', '-s', 'http://127.0.0.1:%d/blob.bin' % plain, '-o', '/dev/null'], check=True)
        subprocess.run(['curl', '-sk', '--resolve', 'localhost:%d:127.0.0.1' % files,
                        'https://localhost:%d/blob.bin' % files, '-o', '/dev/null'], env=env, check=True)
        tls += 1
        for i in range(100):
            version = ['--tlsv1.3'] if i % 2 == 0 else ['--tlsv1.2', '--tls-max', '1.2']
            subprocess.run(['curl', '-sk', *version, '--resolve', 'localhost:%d:127.0.0.1' % www,
                            'https://localhost:%d/' % www, '-o', '/dev/null'], env=env, check=True)
            tls += 1
        time.sleep(1)
    finally:
        if dumpcap is not None:
            dumpcap.send_signal(signal.SIGINT)
            dumpcap.wait(timeout=60)
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        os.unlink(os.path.join(work, 'blob.bin'))
    one = os.path.join(work, 'large-one.pcapng')
    copies = max(1, -(-target_mib * 1024 * 1024 // os.path.getsize(one)))
    large = make_copies(work, one, copies, 'large.pcapng')
    os.unlink(one)
    return large, os.path.join(work, 'large-keys.txt'), tls * copies, copies


def measure(args, runs):
    """Median wall time (s), peak RSS (MiB) and median CPU time, user + system (s), of @runs runs."""
    walls, rss, cpu = [], [], []
    for _ in range(runs):
        start = time.monotonic()
        r = subprocess.run(['/usr/bin/time', '-f', '%M %U %S'] + args, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        walls.append(time.monotonic() - start)
        if r.returncode != 0:
            sys.exit('%s failed: %s' % (args[0], r.stderr.decode()))
        kib, user, system = r.stderr.decode().strip().splitlines()[-1].split()
        rss.append(int(kib))
        cpu.append(float(user) + float(system))
    return statistics.median(walls), max(rss) / 1024.0, statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('cli')
    parser.add_argument('--connections', type=int, default=200)
    parser.add_argument('--copies', type=int, default=20)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--large-mib', type=int, default=1024)
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
        rows.append('| import %s, CPU user + system (median of %d) | %.0f ms | %.0f ms | %.2f× | (wall is the budget) | — |' %
                    (label, opts.runs, ours[2] * 1000, theirs[2] * 1000, ours[2] / theirs[2]))
        rows.append('| import %s, peak RSS | %.1f MiB | %.1f MiB | %.2f× | — | — |' %
                    (label, ours[1], theirs[1], ours[1] / theirs[1]))
        small_rss = ours[1]

    large_text = ''
    if opts.large_mib > 0:
        large, large_keys, large_tls, large_copies = make_large(work, opts.large_mib)
        size = os.path.getsize(large) / (1024.0 * 1024.0)
        ours = measure([opts.cli, 'import', large, '--keylog', large_keys, '--json'], 1)
        rows.append('| import a %.0f MiB capture (%d TLS connections, the rest plain HTTP), wall / peak RSS | '
                    '%.0f ms / %.1f MiB | — | %.2f× the peak RSS of the %d-connection import | bounded | %s |' %
                    (size, large_tls, ours[0] * 1000, ours[1], ours[1] / small_rss,
                     opts.connections * opts.copies, 'met' if ours[1] <= 2 * small_rss else '**over**'))
        large_text = (' The large capture: %d copies (editcap -t, mergecap -a) of loopback traffic captured now: '
                      'two plain HTTP downloads of a 48 MiB file from `python3 -m http.server`, one TLS download '
                      'of it from `openssl s_server -WWW`, 100 TLS handshakes against `openssl s_server -www`; '
                      'imported once.' % large_copies)
        os.unlink(large)

    table = '\n'.join([
        MARK_BEGIN,
        '## Import of a capture (issue 13), %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
        '',
        'Made by `python3 bench/import-bench.py CLI`: a capture made now (curl against `openssl s_server` on '
        '127.0.0.1, TLS 1.3 and 1.2 in turn, with SSLKEYLOGFILE) and %d time-shifted copies of it merged; '
        '`handshakeviz-cli import FILE --keylog KEYS --json` against `tshark -r FILE -o tls.keylog_file:KEYS '
        '-Y tls.handshake -T fields -e tls.handshake.type`, output to /dev/null, on a 2-core machine shared '
        'with other jobs. Ours decodes every connection, decrypts its TLS 1.3 flight or TLS 1.2 Finished, '
        'recomputes its key schedule and prints the whole session as JSON; tshark prints one field.' % opts.copies
        + large_text,
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
