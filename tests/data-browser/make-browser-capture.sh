#!/bin/sh
# make-browser-capture.sh — records a real browser's TLS handshakes as test data
#
# Usage: make-browser-capture.sh OUTDIR     (as root: dumpcap captures on "lo")
#
# Starts nginx on 127.0.0.1 with a private configuration in a temporary directory (TLS 1.3 and
# 1.2, HTTP/2, session tickets on, a self-signed RSA certificate made with openssl), captures
# that port on "lo" with dumpcap while headless Chromium (Debian's "chromium" package, with its
# key log) loads a page with a style sheet and an image, then (by script, after nginx closed the
# idle connection) a second page and the first again: the later connections resume with the
# tickets of the first.  Writes into OUTDIR:
#   chromium.pcap             the capture (legacy pcap), no secrets
#   chromium.keys             Chromium's key log (NSS format)
#   chromium-secrets.pcapng   the capture with the key log injected (editcap --inject-secrets)
#   VERSION                   the browser's version and the date
# Only 127.0.0.1 is contacted.  The files are committed; CI does not need a browser.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

out=$(realpath "${1:?usage: make-browser-capture.sh OUTDIR}")
mkdir -p "$out"
work=$(mktemp -d /tmp/hsviz-browser-XXXXXX)
cleanup() {
  [ -n "${cap_pid:-}" ] && kill "$cap_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${HSVIZ_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
mkdir nginx-temp www
# nginx serves the pages from its worker user: the pages readable, the rest of the folder not listed
chmod 711 "$work"
echo '<html><head><link rel="stylesheet" href="/style.css"></head><body>page one <img src="/img.svg">
<script>setTimeout(function () { location = "/two.html"; }, 2500);</script></body></html>' > www/index.html
echo '<html><body>page two
<script>setTimeout(function () { location = "/three.html"; }, 2500);</script></body></html>' > www/two.html
echo '<html><body>page three</body></html>' > www/three.html
echo 'body { color: #333 }' > www/style.css
echo '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>' > www/img.svg
cat > nginx.conf <<CONF
daemon on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/nginx-temp;
  proxy_temp_path $work/nginx-temp;
  fastcgi_temp_path $work/nginx-temp;
  uwsgi_temp_path $work/nginx-temp;
  scgi_temp_path $work/nginx-temp;
  types { text/html html; text/css css; image/svg+xml svg; }
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_session_tickets on;
    ssl_session_cache shared:hsviz:1m;
    keepalive_timeout 1s;
    root $work/www;
  }
}
CONF
nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"

dumpcap -q -i lo -f "ip host 127.0.0.1 and tcp port $port" -w "$work/cap.pcapng" 2>dumpcap.log &
cap_pid=$!
sleep 2

# One browser process (tickets live in its memory); nginx closes a connection idle for 1 s, so
# each page after the first comes on a new connection.  The DevTools port (on 127.0.0.1, not
# captured) keeps headless Chromium running after the first page until "timeout" ends it.
SSLKEYLOGFILE="$work/keys" timeout 12 chromium --headless=new --no-sandbox --disable-gpu \
  --user-data-dir="$work/profile" --ignore-certificate-errors --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --remote-debugging-port=0 --ssl-key-log-file="$work/keys" "https://127.0.0.1:$port/" \
  >chromium.log 2>&1 || true
sleep 1
kill -INT "$cap_pid"
wait "$cap_pid" || true
cap_pid=

editcap -F pcap "$work/cap.pcapng" "$out/chromium.pcap"
cp "$work/keys" "$out/chromium.keys"
editcap --inject-secrets "tls,$work/keys" "$work/cap.pcapng" "$out/chromium-secrets.pcapng"
{ chromium --version 2>/dev/null | head -1; date -u +%Y-%m-%d; echo "nginx port $port"; } > "$out/VERSION"
ls -l "$out"
