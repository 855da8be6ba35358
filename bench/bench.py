#!/usr/bin/env python3
# bench.py — every performance budget (the table's Budget column) measured in one run on one machine
#
# Usage: bench/run.sh [BUILDDIR]   (builds, then runs this under xvfb-run + dbus-run-session)
#        python3 bench/bench.py BUILDDIR [--runs N] [--gui-runs N] [--out FILE]
#
# Needs a display (DISPLAY) for the GUI parts, openssl, gnutls-cli.  Only 127.0.0.1 is used.
# Prints the table and writes it with the machine description to bench/results.md.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import datetime
import os
import platform
import pty
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUEST = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
MIB = 1024 * 1024


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("server exited: %s" % proc.args)
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen on %d" % port)


def run_timed(argv, stdin_bytes=None, env=None):
    """Wall seconds, CPU seconds (user+sys of the child, from wait4), exit status, stdout bytes."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin_bytes is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    if stdin_bytes is not None:
        p.stdin.write(stdin_bytes)      # a few dozen bytes: fits in the pipe, never blocks
        p.stdin.close()
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    return wall, ru.ru_utime + ru.ru_stime, p.returncode, out


def quantiles(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4, method="inclusive") if len(xs) > 1 else [xs[0]] * 3
    return {"n": len(xs), "median": statistics.median(xs), "q1": q[0], "q3": q[2],
            "min": xs[0], "max": xs[-1]}


def fmt_ms(s):
    return "%.1f ms" % (s * 1000)


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.builddir)
        self.cli = os.path.join(self.build, "src", "cli", "handshakeviz-cli")
        self.gui = os.path.join(self.build, "src", "gui", "handshakeviz")
        # handshakeviz plus a first-frame probe (bench/gui-start.c): the app carries no bench code
        self.gui_start = os.path.join(self.build, "bench", "gui-start")
        self.tmp = tempfile.mkdtemp(prefix="hsviz-bench-")
        self.certs = os.path.join(self.tmp, "certs")
        self.servers = []
        self.rows = []      # (what, ours, peer, ratio, budget, verdict)
        self.goals = []     # issue 16's four, the same shape
        self.notes = []
        self.details = []

    # ---- servers ----

    def start_server(self, *extra, cwd=None):
        port = free_port()
        argv = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                "-cert", os.path.join(self.certs, "rsa.pem"), "-key", os.path.join(self.certs, "rsa.key"),
                "-quiet"] + list(extra)
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=cwd or self.tmp)
        self.servers.append(p)
        wait_port(port, p)
        return port

    def stop_servers(self):
        for p in self.servers:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    def goal(self, what, ours, peer, ratio, goal, unit="×", note=None):
        """One of issue 16's four ratios (the summary table at the top of results.md)."""
        value = "%.2f×" % ratio if unit == "×" else "%.1f ms" % ratio
        self.goals.append((what, ours, peer, value, "≤ %s%s" % (goal if unit != "×" else "%.1f" % goal,
                                                              unit if unit == "×" else " ms")
                           + (" (%s)" % note if note else ""), "met" if ratio <= goal else "**over**"))

    def row(self, what, ours, peer, ratio, budget, ok):
        verdict = "—" if ok is None else ("met" if ok else "**over**")
        self.rows.append((what, ours, peer, ratio, budget, verdict))

    # ---- 1. capture vs peers ----

    def peer_commands(self, port):
        ca = os.path.join(self.certs, "ca.pem")
        url = "https://127.0.0.1:%d/" % port
        return [
            ("handshakeviz-cli", [self.cli, "capture", url, "--cafile", ca, "--servername", "localhost"],
             None, lambda out: b"Response: HTTP/1.0 200" in out),
            ("openssl s_client", ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                                  "-servername", "localhost", "-CAfile", ca, "-verify_hostname", "localhost",
                                  "-verify_return_error", "-quiet"],
             REQUEST, lambda out: b"</HTML>" in out),
            ("gnutls-cli", ["gnutls-cli", "--x509cafile", ca, "-p", str(port), "--sni-hostname", "localhost",
                            "--verify-hostname", "localhost", "127.0.0.1"],
             REQUEST, lambda out: b"</HTML>" in out),
            ("handshakeviz-cli, system trust store", [self.cli, "capture", url, "--servername", "localhost"],
             None, lambda out: b"Response: HTTP/1.0 200" in out),
            # The peers ask no OCSP responder; by default we do (the test certificates name
            # http://127.0.0.1:8888/ocsp, refused unless a test responder happens to run there).
            ("handshakeviz-cli --no-ocsp", [self.cli, "capture", url, "--cafile", ca, "--servername", "localhost",
                                            "--no-ocsp"],
             None, lambda out: b"Response: HTTP/1.0 200" in out),
        ]

    def bench_peers(self, version, flag):
        port = self.start_server("-www", flag)
        tools = self.peer_commands(port)
        wall = {name: [] for name, *_ in tools}
        cpu = {name: [] for name, *_ in tools}
        for name, argv, stdin, check in tools:      # one warm-up each (page cache, first connection)
            run_timed(argv, stdin)
        for i in range(self.args.runs):
            for name, argv, stdin, check in tools:  # interleaved: A B C D A B C D …
                w, c, rc, out = run_timed(argv, stdin)
                if rc != 0 or not check(out):
                    raise RuntimeError("%s (%s) did not complete the handshake + GET: exit %d, %d bytes out"
                                       % (name, version, rc, len(out)))
                wall[name].append(w)
                cpu[name].append(c)
        q = {name: quantiles(v) for name, v in wall.items()}
        qc = {name: quantiles(v) for name, v in cpu.items()}
        ours = q["handshakeviz-cli"]["median"]
        if version == "TLS 1.3":
            self.goal("capture (TLS 1.3 + GET, 127.0.0.1, wall) vs `openssl s_client`", fmt_ms(ours),
                      fmt_ms(q["openssl s_client"]["median"]), ours / q["openssl s_client"]["median"], 1.0)
        for peer, budget in (("openssl s_client", 1.0), ("gnutls-cli", 0.5)):
            ratio = ours / q[peer]["median"]
            cratio = qc["handshakeviz-cli"]["median"] / qc[peer]["median"]
            self.row("capture %s + GET vs %s (wall)" % (version, peer),
                     fmt_ms(ours), fmt_ms(q[peer]["median"]), "%.2f×" % ratio, "≤ %.1f×" % budget, ratio <= budget)
            self.row("capture %s + GET vs %s (CPU user+sys)" % (version, peer),
                     fmt_ms(qc["handshakeviz-cli"]["median"]), fmt_ms(qc[peer]["median"]), "%.2f×" % cratio,
                     "(wall is the budget)", None)
        self.details.append("Capture %s, %d interleaved runs each (wall: median [IQR] min–max; CPU: median):" %
                            (version, self.args.runs))
        for name in wall:
            s = q[name]
            self.details.append("  %-38s wall %7.1f ms [%6.1f–%6.1f] %6.1f–%6.1f   CPU %6.1f ms" %
                                (name, s["median"] * 1e3, s["q1"] * 1e3, s["q3"] * 1e3, s["min"] * 1e3,
                                 s["max"] * 1e3, qc[name]["median"] * 1e3))
        no_ocsp = q["handshakeviz-cli --no-ocsp"]["median"]
        self.row("capture %s + GET with --no-ocsp (as the peers: no OCSP query) vs openssl s_client (wall)" % version,
                 fmt_ms(no_ocsp), fmt_ms(q["openssl s_client"]["median"]),
                 "%.2f×" % (no_ocsp / q["openssl s_client"]["median"]), "—", None)
        self.row("capture %s + GET with --no-ocsp vs openssl s_client (CPU user+sys)" % version,
                 fmt_ms(qc["handshakeviz-cli --no-ocsp"]["median"]), fmt_ms(qc["openssl s_client"]["median"]),
                 "%.2f×" % (qc["handshakeviz-cli --no-ocsp"]["median"] / qc["openssl s_client"]["median"]),
                 "—", None)
        sys_ratio = q["handshakeviz-cli, system trust store"]["median"] / ours
        self.row("capture %s, system trust store instead of --cafile" % version,
                 fmt_ms(q["handshakeviz-cli, system trust store"]["median"]), fmt_ms(ours) + " (--cafile)",
                 "%.2f×" % sys_ratio, "—", None)
        return q

    def bench_startup(self):
        """What starting the process costs before any capture: the dynamic loader's share."""
        b = os.path.join(self.build, "bench")
        tools = [("empty main() + libhsviz's libraries", [os.path.join(b, "link-floor")]),
                 ("the same without libsoup", [os.path.join(b, "link-floor-nosoup")]),
                 ("handshakeviz-cli --version", [self.cli, "--version"]),
                 ("openssl version", ["openssl", "version"]),
                 ("gnutls-cli --version", ["gnutls-cli", "--version"])]
        cpu = {name: [] for name, _ in tools}
        wall = {name: [] for name, _ in tools}
        for i in range(self.args.runs + 1):
            for name, argv in tools:
                w, c, rc, out = run_timed(argv)
                if rc != 0:
                    raise RuntimeError("%s failed: %d" % (name, rc))
                if i > 0:
                    cpu[name].append(c)
                    wall[name].append(w)
        med = {name: statistics.median(v) for name, v in cpu.items()}
        self.row("process start only: handshakeviz-cli --version vs openssl version (CPU)",
                 fmt_ms(med["handshakeviz-cli --version"]), fmt_ms(med["openssl version"]),
                 "%.2f×" % (med["handshakeviz-cli --version"] / med["openssl version"]), "—", None)
        self.row("process start only: empty main() linked with libhsviz's libraries, with / without libsoup (CPU)",
                 fmt_ms(med["empty main() + libhsviz's libraries"]), fmt_ms(med["the same without libsoup"]),
                 "%.2f×" % (med["empty main() + libhsviz's libraries"] / med["the same without libsoup"]), "—", None)
        self.details.append("Process start, %d interleaved runs each (median CPU user+sys; median wall):" % self.args.runs)
        for name, _ in tools:
            self.details.append("  %-38s CPU %6.1f ms   wall %6.1f ms" %
                                (name, med[name] * 1e3, statistics.median(wall[name]) * 1e3))

    # ---- 2 + 5a. GUI start and memory ----

    def gui_env(self, gl=True):
        env = dict(os.environ)
        env["GSK_RENDERER"] = "cairo"
        env["GSETTINGS_SCHEMA_DIR"] = os.path.join(self.build, "data")
        env["GDK_BACKEND"] = "x11"
        env.pop("GDK_DEBUG", None)
        if not gl:
            env["GDK_DEBUG"] = "gl-disable"
        return env

    def gui_start_once(self, argv, env):
        """exec → "first-frame" line (read from a pty, so line-buffered), the figure it printed
        (handshakeviz: since the process started; gui-floor: since main()), CPU user+sys, peak
        RSS (MiB) of the whole run, and exec → "window-mapped" line (the window on screen)."""
        master, slave = pty.openpty()
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
        os.close(slave)
        buf, t1, t_map = b"", None, None
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                p.kill()
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:         # EIO: the app closed its end
                chunk = b""
            if not chunk:
                break
            buf += chunk
            now = time.perf_counter()
            if t_map is None and b"window-mapped" in buf:
                t_map = now
            if t1 is None and re.search(rb"first-frame [\d.]+\r?\n", buf):
                t1 = now
        os.close(master)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        m = re.search(rb"first-frame ([\d.]+)", buf)
        if not m or t1 is None or t_map is None:
            raise RuntimeError("%s printed no window-mapped or first-frame line: %r" % (argv[0], buf[:200]))
        return t1 - t0, float(m.group(1)) / 1000, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, t_map - t0

    def bench_gui_start(self, session_file):
        floor = os.path.join(self.build, "bench", "gui-floor")
        apps = (("ours", [self.gui_start, session_file]), ("floor", [floor]))
        results = {}
        for gl, runs in ((True, self.args.gui_runs), (False, max(3, self.args.gui_runs // 4))):
            env = self.gui_env(gl)
            samples = {name: [] for name, _ in apps}
            for name, argv in apps:                      # warm-up: page cache, fontconfig cache
                self.gui_start_once(argv, env)
            for i in range(runs):
                for name, argv in apps:                  # interleaved
                    samples[name].append(self.gui_start_once(argv, env))
            results[gl] = {name: [quantiles([s[k] for s in v]) for k in range(5)] for name, v in samples.items()}
        for gl, label in ((True, "GL probed (GTK's default)"), (False, "GDK_DEBUG=gl-disable")):
            o, f = results[gl]["ours"], results[gl]["floor"]
            self.row("GUI start to first frame, exec → frame, %s" % label, fmt_ms(o[0]["median"]),
                     fmt_ms(f[0]["median"]), "%.2f×" % (o[0]["median"] / f[0]["median"]), "≤ 300 ms",
                     o[0]["median"] <= 0.300)
            self.row("GUI start CPU (user+sys), %s" % label, fmt_ms(o[2]["median"]), fmt_ms(f[2]["median"]),
                     "%.2f×" % (o[2]["median"] / f[2]["median"]), "—", None)
            self.row("GUI peak RSS at the first frame, %s" % label, "%.1f MiB" % o[3]["median"],
                     "%.1f MiB" % f[3]["median"], "%.2f×" % (o[3]["median"] / f[3]["median"]), "≤ 80 MiB",
                     o[3]["median"] <= 80)
            for name in ("ours", "floor"):
                e, i, c, r, mp = results[gl][name]
                self.details.append("GUI start %-5s %s, %d runs: exec→mapped median %.1f ms [IQR %.1f–%.1f]; "
                                    "exec→frame median %.1f ms [IQR %.1f–%.1f] "
                                    "min–max %.1f–%.1f; its own figure %.1f ms; CPU %.1f ms; peak RSS %.1f MiB" %
                                    (name, label, e["n"], mp["median"] * 1e3, mp["q1"] * 1e3, mp["q3"] * 1e3,
                                     e["median"] * 1e3, e["q1"] * 1e3, e["q3"] * 1e3,
                                     e["min"] * 1e3, e["max"] * 1e3, i["median"] * 1e3, c["median"] * 1e3,
                                     r["median"]))
        self.floor_rss = results[True]["floor"][3]["median"]
        o, f = results[True]["ours"], results[True]["floor"]
        self.goal("the app with a session vs a bare libadwaita window: exec → window on screen (mapped)",
                  fmt_ms(o[4]["median"]), fmt_ms(f[4]["median"]), o[4]["median"] / f[4]["median"], 1.2)
        self.goal("the app with a session vs a bare libadwaita window: exec → first frame (showing the session)",
                  fmt_ms(o[0]["median"]), fmt_ms(f[0]["median"]), o[0]["median"] / f[0]["median"], 1.2)
        self.goal("GUI memory with a session vs the bare window: peak RSS at the first frame",
                  "%.1f MiB" % o[3]["median"], "%.1f MiB" % f[3]["median"], o[3]["median"] / f[3]["median"], 1.2,
                  note="goal assumed: issue 16 names no number; ≤ 1.2× as the start rows")

    def gui_peak_rss(self, session_file):
        """VmHWM of the running GUI with the file open, once it has stopped growing."""
        p = subprocess.Popen([self.gui, session_file], env=self.gui_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        status_path = "/proc/%d/status" % p.pid
        hwm, last_change, t0 = 0, time.monotonic(), time.monotonic()
        try:
            while time.monotonic() - t0 < 15:
                time.sleep(0.1)
                if p.poll() is not None:
                    raise RuntimeError("the GUI exited with %s" % p.returncode)
                m = re.search(r"VmHWM:\s+(\d+) kB", open(status_path).read())
                if m and int(m.group(1)) > hwm:
                    hwm, last_change = int(m.group(1)), time.monotonic()
                if time.monotonic() - t0 > 2.0 and time.monotonic() - last_change > 1.5:
                    break
        finally:
            p.terminate()
            p.wait()
        return hwm / 1024

    # ---- 3. open ----

    def capture_to(self, port, path, out):
        ca = os.path.join(self.certs, "ca.pem")
        subprocess.run([self.cli, "capture", "https://127.0.0.1:%d/%s" % (port, path), "--cafile", ca,
                        "--servername", "localhost", "--timeout", "60", "--output", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return os.path.getsize(out)

    def make_sessions(self):
        """Real captures of openssl s_server -WWW sending files in 1 KiB records (long record lists)."""
        www = os.path.join(self.tmp, "www")
        os.makedirs(www)
        port = self.start_server("-WWW", "-max_send_frag", "1024", cwd=www)
        sizes = {}
        # calibrate: file bytes per session-file byte (records are stored whole, base64)
        for name, n in (("cal-a", 64 * 1024), ("cal-b", 512 * 1024)):
            with open(os.path.join(www, name), "wb") as f:
                f.write(os.urandom(n))
            sizes[name] = self.capture_to(port, name, os.path.join(self.tmp, name + ".handshake"))
        per_byte = (sizes["cal-b"] - sizes["cal-a"]) / (512 * 1024 - 64 * 1024)
        fixed = sizes["cal-a"] - per_byte * 64 * 1024
        files = []
        for mib in (1, 2, 5, 10):
            n = int((mib * MIB - fixed) / per_byte)
            name = "resp-%d" % mib
            with open(os.path.join(www, name), "wb") as f:
                f.write(os.urandom(n))
            out = os.path.join(self.tmp, "session-%dmib.handshake" % mib)
            self.capture_to(port, name, out)
            files.append(out)
        return files

    def bench_open(self, files):
        out = subprocess.run([os.path.join(self.build, "bench", "open-bench"), "--runs", "15"] + files,
                             check=True, capture_output=True, text=True).stdout
        results = []
        for line in out.splitlines():
            f = line.split()
            size, msgs, recs, med, lo, hi, cpu = int(f[1]), int(f[2]), int(f[3]), *map(float, f[4:8])
            results.append((size, msgs, recs, med, lo, hi, cpu))
        first = results[0]
        self.row("open a %.2f MiB session file (%d records)" % (first[0] / MIB, first[2]),
                 "%.1f ms" % first[3], "—", "—", "≤ 50 ms", first[3] <= 50)
        self.row("open a %.2f MiB session file, CPU of the loading thread" % (first[0] / MIB),
                 "%.1f ms" % first[6], "—", "—", "(wall is the budget)", None)
        growth = []
        for size, msgs, recs, med, lo, hi, cpu in results:
            growth.append("%.2f MiB: %.1f ms" % (size / MIB, med))
            self.details.append("Open %.2f MiB (%d messages, %d records), 15 loads: median %.1f ms, min–max "
                                "%.1f–%.1f, CPU median %.1f ms, %.1f ms/MiB" %
                                (size / MIB, msgs, recs, med, lo, hi, cpu, med / (size / MIB)))
        self.row("open: growth with size", "; ".join(growth), "—", "—", "(linear)", None)
        last = results[-1]
        self.goal("open a %.2f MiB session file (hsviz_session_load, wall, median of 15)" % (last[0] / MIB),
                  "%.1f ms" % last[3], "— (CPU of the loading thread: %.1f ms)" % last[6], last[3], 50, unit="ms")
        return results

    # ---- 4. draw ----

    def bench_draw(self):
        exe = os.path.join(self.build, "bench", "draw-bench")
        out = subprocess.run([exe, "--messages", "500"], env=self.gui_env(), check=True,
                             capture_output=True, text=True).stdout
        self.details.append("draw-bench (500 handshake messages, cairo renderer):")
        for line in out.splitlines():
            self.details.append("  " + line)
            m = re.match(r"(\w+)\s+([\d.]+) ms a (frame|viewport)", line)
            if m and m.group(1) != "budget":
                ms = float(m.group(2))
                self.row("draw 500 messages: %s (ms a %s)" % (m.group(1), m.group(3)), "%.2f ms" % ms,
                         "—", "—", "≤ 4 ms", ms <= 4.0)

    # ---- 5b. capture memory ----

    def bench_capture_rss(self, port):
        ca = os.path.join(self.certs, "ca.pem")
        out = subprocess.run([os.path.join(self.build, "bench", "capture-rss"), "https://127.0.0.1:%d/" % port,
                              "--cafile", ca, "--servername", "localhost"],
                             check=True, capture_output=True, text=True).stdout.split()
        base, peak1, after1, peak2, after2 = map(int, out[1:6])
        self.row("capture memory: peak above the baseline, first capture", "%.2f MiB" % (peak1 / 1024),
                 "—", "—", "≤ 5 MiB", peak1 <= 5 * 1024)
        self.row("capture memory: peak above the previous, second capture", "%.2f MiB" % ((peak2 - after1) / 1024),
                 "—", "—", "≤ 5 MiB", peak2 - after1 <= 5 * 1024)
        self.details.append("capture-rss: baseline %.1f MiB RSS; first capture peak +%d KiB (+%d KiB after); "
                            "second capture peak +%d KiB (+%d KiB after)" %
                            (base / 1024, peak1, after1, peak2, after2))

    # ---- machine ----

    def machine(self):
        cpu = "?"
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = "?"
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
        deb = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"

        def version(argv):
            try:
                return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
            except (OSError, IndexError):
                return "?"
        return [
            "date: %s" % datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "machine: %d CPUs (nproc), %s, %s RAM, Debian %s, Linux %s" %
            (os.cpu_count(), cpu, mem, deb, platform.release()),
            "peers: %s; %s" % (version(["openssl", "version"]), version(["gnutls-cli", "--version"])),
            "build: %s (%s)" % (self.build, self.buildtype()),
        ]

    def buildtype(self):
        try:
            out = subprocess.run(["meson", "introspect", "--buildoptions", self.build],
                                 capture_output=True, text=True).stdout
            m = re.search(r'"name": "buildtype", "value": "(\w+)"', out)
            return "buildtype=" + m.group(1) if m else "?"
        except OSError:
            return "?"

    # ---- all ----

    def run(self):
        t_start = time.monotonic()
        load_before = os.getloadavg()
        subprocess.run(["sh", os.path.join(SRCDIR, "tests", "gen-certs.sh"), self.certs], check=True)
        log("bench: 1/5 capture vs openssl s_client and gnutls-cli …")
        self.bench_peers("TLS 1.3", "-tls1_3")
        self.bench_peers("TLS 1.2", "-tls1_2")
        self.bench_startup()
        port13 = self.start_server("-www", "-tls1_3")
        log("bench: 2/5 capture memory …")
        self.bench_capture_rss(port13)
        log("bench: 3/5 session files of 1, 2, 5, 10 MiB from real captures; open …")
        files = self.make_sessions()
        self.bench_open(files)
        small = os.path.join(self.tmp, "small.handshake")
        self.capture_to(port13, "", small)
        log("bench: 4/5 GUI start (%d runs) and memory …" % self.args.gui_runs)
        self.bench_gui_start(small)
        for label, f in (("a real TLS 1.3 capture, %d KiB" % (os.path.getsize(small) // 1024), small),
                         ("the 10 MiB session", files[-1])):
            mib = self.gui_peak_rss(f)
            self.row("GUI peak RSS (VmHWM) running with %s open, GL probed" % label, "%.1f MiB" % mib,
                     "%.1f MiB (floor)" % self.floor_rss, "%.2f×" % (mib / self.floor_rss), "≤ 80 MiB", mib <= 80)
        log("bench: 5/5 draw …")
        self.bench_draw()
        load_after = os.getloadavg()
        header = self.machine() + [
            "load average (1 min) before / after: %.2f / %.2f — figures are wall time on a machine shared with "
            "that load; the CPU rows are less sensitive to it" % (load_before[0], load_after[0]),
            "run time: %.0f s" % (time.monotonic() - t_start),
        ]
        return header

    def table(self):
        lines = ["## Issue 16: the four ratios, measured in this run", "",
                 "| what | ours | floor / peer | ratio (or time) | goal | verdict |",
                 "|------|------|--------------|-------|------|---------|"]
        # as issue 16 lists them: capture, GUI start (window, frame), open, memory (a stable sort)
        rank = ("capture", "vs a bare", "open a", "memory")
        goals = sorted(self.goals, key=lambda g: [i for i, k in enumerate(rank) if k in g[0]][-1])
        for r in goals:
            lines.append("| " + " | ".join(r) + " |")
        lines += ["", "## Every row", "",
                  "| what | ours | peer | ours / peer | budget | verdict |",
                  "|------|------|------|-------------|--------|---------|"]
        for r in self.rows:
            lines.append("| " + " | ".join(r) + " |")
        return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("builddir")
    ap.add_argument("--runs", type=int, default=30, help="interleaved runs of each capture tool (30)")
    ap.add_argument("--gui-runs", type=int, default=20, help="GUI starts (20)")
    ap.add_argument("--out", default=os.path.join(SRCDIR, "bench", "results.md"))
    args = ap.parse_args()
    for tool in ("openssl", "gnutls-cli"):
        if shutil.which(tool) is None:
            sys.exit("bench: %s is needed" % tool)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        sys.exit("bench: needs a display: run bench/run.sh (xvfb-run)")

    b = Bench(args)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        header = b.run()
    finally:
        b.stop_servers()
        shutil.rmtree(b.tmp, ignore_errors=True)
    text = ["# HandshakeViz benchmarks", "",
            "Made by `bash bench/run.sh`; one run on one machine. Rows marked **over** are explained, "
            "with profiles and the measured effect of a fix, in bench/PROFILE.md.", ""]
    text += ["- " + h for h in header] + [""] + b.table() + ["", "## Details", "", "```"] + b.details + ["```", ""]
    print("\n".join(text))
    # the import benchmark's section (bench/import-bench.py) is kept as it was
    try:
        old = open(args.out).read()
        m = re.search(r"<!-- import-bench begin -->.*?<!-- import-bench end -->", old, re.S)
        if m:
            text += ["", m.group(0), ""]
    except OSError:
        pass
    with open(args.out, "w") as f:
        f.write("\n".join(text))
    print("bench: written to %s" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
