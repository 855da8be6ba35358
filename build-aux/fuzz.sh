#!/bin/sh
# fuzz.sh — build the libFuzzer harnesses and run each one for a while
#
# Usage: build-aux/fuzz.sh [SECONDS] [HARNESS...]
#   SECONDS   how long each harness runs (default 30)
#   HARNESS   fuzz-session-file, fuzz-parser, ... (default: every fuzz/fuzz-*.c)
#   HSVIZ_JOBS (environment) how many compilers the build runs at once (default: the number
#             of cores, nproc)
#
# Builds _build-fuzz with clang, ASan and UBSan (the whole library instrumented for coverage),
# then runs each harness on its seed corpus (fuzz/corpus/NAME/, where NAME is the harness name
# without "fuzz-") and fuzz/regressions/NAME/, with fuzz/NAME.dict when present; new inputs go
# to _build-fuzz/corpus/NAME/, never into the source tree.  Exits non-zero on the first
# crash, leak or sanitizer report; libFuzzer leaves the input as crash-*/leak-*/timeout-* in
# _build-fuzz/findings/NAME/: copy it to fuzz/regressions/NAME/ once fixed, and
# tests/test-fuzz-regressions.c replays it in every normal build.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$srcdir/_build-fuzz
seconds=${1:-30}
[ $# -gt 0 ] && shift
case $seconds in
  ''|*[!0-9]*|0) echo "usage: $0 [SECONDS > 0] [HARNESS...]" >&2; exit 2 ;;
esac
jobs=${HSVIZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
case $jobs in
  ''|*[!0-9]*|0) echo "$0: HSVIZ_JOBS must be a number > 0" >&2; exit 2 ;;
esac

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup -Dfuzzing=true -Dgui=false -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link "$builddir" "$srcdir"
fi
ninja -C "$builddir" -j"$jobs"

if [ $# -gt 0 ]; then
  harnesses=$*
else
  harnesses=$(cd "$srcdir/fuzz" && ls fuzz-*.c | sed 's/\.c$//')
fi

# Leaks are checked after every input (libFuzzer's -detect_leaks), not at exit: GLib leaks its
# old quark arrays on purpose when the interned strings grow (see fuzz/lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:leak_check_at_exit=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# interned strings live as long as the process (see the file)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$srcdir/fuzz/lsan.supp:print_suppressions=0}

for harness in $harnesses; do
  name=${harness#fuzz-}
  findings=$builddir/findings/$name
  corpus=$builddir/corpus/$name
  mkdir -p "$findings" "$corpus"
  echo "fuzz.sh: $harness for $seconds s"
  set -- "$corpus" "$srcdir/fuzz/corpus/$name"
  [ -d "$srcdir/fuzz/regressions/$name" ] && set -- "$@" "$srcdir/fuzz/regressions/$name"
  [ -f "$srcdir/fuzz/$name.dict" ] && set -- -dict="$srcdir/fuzz/$name.dict" "$@"
  if ! "$builddir/fuzz/$harness" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
         -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$@"; then
    echo "fuzz.sh: $harness found a problem; inputs in $findings" >&2
    exit 1
  fi
done
echo "fuzz.sh: no findings"
