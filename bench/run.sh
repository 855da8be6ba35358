#!/bin/bash
# run.sh — the one command for every performance budget: builds an optimized build,
# runs bench/bench.py under a virtual X server and a D-Bus session, prints the table and writes
# bench/results.md.  Takes a few minutes.
#
# Usage: bash bench/run.sh [BUILDDIR [--runs N] [--gui-runs N] [--out FILE]]
#        (default: _build-bench, configured with buildtype=release; 30 capture runs, 20 GUI starts)
# Needs (Debian): openssl, gnutls-bin, xvfb, dbus-daemon, python3, meson, ninja-build.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$srcdir/_build-bench}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup --buildtype=release "$builddir" "$srcdir"
fi
ninja -C "$builddir" src/cli/handshakeviz-cli src/gui/handshakeviz data/gschemas.compiled \
  bench/open-bench bench/capture-rss bench/draw-bench bench/gui-floor bench/gui-start \
  bench/link-floor bench/link-floor-nosoup >&2

exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  python3 "$srcdir/bench/bench.py" "$builddir" "${@:2}"
