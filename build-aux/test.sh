#!/usr/bin/env bash
# The README's second command: install what is needed, build, and run every test suite
# (core, cli, data, and gui under Xvfb with a private D-Bus session), then the core and cli
# suites again in an ASan/UBSan build, then a short bounded run of every libFuzzer harness.
# Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
bash build-aux/install-deps.sh || exit 1

status=0
extra=()
[ -f _build/build.ninja ] || meson setup _build || exit 1
# a _build made by run.sh has no tests: turn them on
meson configure _build -Dtests=true || exit 1
ninja -C _build || exit 1
[ -f _build-asan/build.ninja ] || meson setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dgui=false || exit 1
ninja -C _build-asan || exit 1

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  meson test -C _build --print-errorlogs --num-processes 1 "$@" || status=1

ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C _build-asan --suite core --suite cli --print-errorlogs --num-processes 1 "$@" || status=1

# Each fuzz harness for a short, bounded time (clang, ASan/UBSan); a finding fails the run.
for harness in $(cd fuzz && ls fuzz-*.c | sed 's/\.c$//'); do
  if bash build-aux/fuzz.sh "${HSVIZ_FUZZ_SECONDS:-20}" "$harness"; then
    extra+=("--pass" "$harness")
  else
    extra+=("--fail" "$harness")
    status=1
  fi
done

python3 build-aux/count-tests.py "${extra[@]}" _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json || status=1
exit $status
