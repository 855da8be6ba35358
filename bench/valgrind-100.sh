#!/bin/sh
# valgrind-100.sh — 100 captures in one process under valgrind memcheck: no definite leak,
# no memory error, flat memory (the RSS is printed every 10 captures).
#
# Usage: bench/valgrind-100.sh [BUILDDIR] [N]     (default: _build, 100)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$srcdir/_build}
n=${2:-100}

ninja -C "$builddir" bench/capture-loop
supp=
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] && supp=--suppressions=/usr/share/glib-2.0/valgrind/glib.supp

export G_SLICE=always-malloc G_DEBUG=gc-friendly
exec valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --error-exitcode=1 --num-callers=30 $supp \
  "$builddir/bench/capture-loop" "$n" --warmup 10
