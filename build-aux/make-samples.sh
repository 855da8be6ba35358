#!/bin/sh
# make-samples.sh — regenerate the sample sessions in data/samples/ from real captures
#
# Usage: build-aux/make-samples.sh [BUILDDIR] [OUTDIR]
#   BUILDDIR  a configured and built tree (default: _build in the source tree); its
#             src/cli/handshakeviz-cli does the captures ($HSVIZ_CLI overrides it)
#   OUTDIR    where the *.handshake files go (default: data/samples in the source tree)
#
# Every sample is a live capture by handshakeviz-cli on 127.0.0.1: against its built-in demo
# server, or against `openssl s_server` with the test certificates of tests/gen-certs.sh.
# Nothing is written by hand; afterwards each file gets a "note" saying how it was made
# (python3 sets that one key; the loader keeps it) and is checked with `handshakeviz-cli show`.
# The samples include their secrets: they belong to throwaway test servers.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$srcdir/_build}
outdir=${2:-$srcdir/data/samples}
cli=${HSVIZ_CLI:-$builddir/src/cli/handshakeviz-cli}

for tool in openssl python3; do
  command -v "$tool" >/dev/null || { echo "make-samples: $tool is needed" >&2; exit 1; }
done
[ -x "$cli" ] || { echo "make-samples: $cli not found (build first)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup () {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

sh "$srcdir/tests/gen-certs.sh" "$work/certs" >/dev/null
mkdir -p "$outdir"

free_port () {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_openssl ARGS...: openssl s_server on 127.0.0.1:$port with the test RSA certificate
start_openssl () {
  port=$(free_port)
  (cd "$work/certs" && exec openssl s_server -accept "127.0.0.1:$port" -cert rsa.pem -key rsa.key \
     -www "$@" >"$work/server.log" 2>&1 </dev/null) &
  server_pid=$!
  for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "make-samples: openssl s_server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

stop_openssl () {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# set_note FILE TEXT: the note key, placed after captured_at like the writer does
set_note () {
  python3 - "$1" "$2" <<'EOF'
import json, sys
path, note = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    doc = json.load(f)
out = {}
for key, value in doc.items():
    if key == "note":
        continue
    out[key] = value
    if key == "captured_at":
        out["note"] = note
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2, separators=(",", " : "), ensure_ascii=False)
EOF
}

# capture NAME EXPECTED_STATUS NOTE CLI-ARGS...
capture () {
  name=$1 expected=$2 note=$3
  shift 3
  rm -f "$outdir/$name"
  status=0
  "$cli" "$@" --timeout 20 --output "$outdir/$name" >/dev/null 2>"$work/cli.err" || status=$?
  if [ "$status" != "$expected" ]; then
    echo "make-samples: $name: handshakeviz-cli exited $status, expected $expected" >&2
    cat "$work/cli.err" >&2
    exit 1
  fi
  set_note "$outdir/$name" "$note Real capture made by build-aux/make-samples.sh on $(date -u +%Y-%m-%d); the secrets are those of a throwaway test server."
  "$cli" show "$outdir/$name" >/dev/null
  echo "  $name"
}

echo "make-samples: writing into $outdir"

capture tls13-demo.handshake 0 \
  "TLS 1.3 against the built-in demo server: handshakeviz-cli demo --preset tls13." \
  demo --preset tls13

capture tls12-rsa.handshake 0 \
  "TLS 1.2 with RSA key transport against the built-in demo server (which decrypted the real pre-master secret): handshakeviz-cli demo --preset tls12-rsa." \
  demo --preset tls12-rsa

capture tls12-rsa-classic.handshake 0 \
  "TLS 1.2 with RSA key transport and no extended master secret against the built-in demo server: handshakeviz-cli demo --preset tls12-rsa-classic." \
  demo --preset tls12-rsa-classic

start_openssl -tls1_3 -groups P-384
capture tls13-hello-retry.handshake 0 \
  "TLS 1.3 with a HelloRetryRequest: openssl s_server -tls1_3 -groups P-384 (the server accepts only P-384, for which the client sent no key share), captured with handshakeviz-cli capture --cafile ca.pem." \
  capture "https://127.0.0.1:$port/" --servername localhost --cafile "$work/certs/ca.pem"
stop_openssl

start_openssl -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
capture tls12-ecdhe.handshake 0 \
  "TLS 1.2 ECDHE: openssl s_server -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256, captured with handshakeviz-cli capture --cafile ca.pem." \
  capture "https://127.0.0.1:$port/" --servername localhost --cafile "$work/certs/ca.pem"
stop_openssl

start_openssl -tls1_2 -cipher AES128-GCM-SHA256
capture failed-alert.handshake 1 \
  "A failed handshake: openssl s_server -tls1_2 -cipher AES128-GCM-SHA256 (RSA key transport only) refuses a client that offers only ECDHE-RSA with a handshake_failure alert (40); captured with handshakeviz-cli capture --priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA." \
  capture "https://127.0.0.1:$port/" --servername localhost --cafile "$work/certs/ca.pem" \
  --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA"
stop_openssl

# the fuzzers' seed corpora come from the samples
if [ "$outdir" = "$srcdir/data/samples" ]; then
  python3 "$srcdir/build-aux/make-fuzz-corpus.py"
fi

echo "make-samples: done"
