#!/usr/bin/env bash
# The README's first command: install what is needed, build, and run HandshakeViz on its
# built-in demo server (the desktop app when a display is there, else the command-line front-end).
set -eu
cd "$(dirname "$0")/.."
# only what building and running need; build-aux/test.sh installs the test tools
bash build-aux/install-deps.sh run
# the test suites need the test tools (desktop-file-validate, appstreamcli, ...): leave them out
[ -f _build/build.ninja ] || meson setup _build -Dtests=false
ninja -C _build

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x _build/src/gui/handshakeviz ]; then
  exec bash build-aux/uninstalled.sh _build/src/gui/handshakeviz --demo "$@"
fi
echo "(no display: running the command-line front-end on the demo server)"
exec _build/src/cli/handshakeviz-cli demo "$@"
