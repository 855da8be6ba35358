#!/bin/sh
# make-browser-capture.sh — records a real browser's TLS handshakes as test data
#
# Usage: make-browser-capture.sh OUTDIR [chromium|firefox]   (as root: dumpcap captures on "lo")
#
# Starts nginx on 127.0.0.1 with a private configuration in a temporary directory (TLS 1.3 and
# 1.2, HTTP/2, session tickets on; a CA and a leaf for 127.0.0.1 made with openssl), captures that
# port on "lo" with dumpcap while the headless browser (with its key log) loads a page with a
# style sheet and an image, then (by script, after nginx closed the idle connection) a second
# page and a third: the later connections resume with the tickets of the first.
#   chromium   Debian's "chromium" package; it ignores the certificate (--ignore-certificate-errors)
#   firefox    Debian's "firefox-esr" package, in a new profile that trusts the CA (certutil, from
#              "libnss3-tools"); pages two and three also load an image from a second nginx port
#              that speaks only TLS 1.2, so the capture has TLS 1.2 connections too (the second
#              resumed)
# Writes into OUTDIR (NAME is the browser):
#   NAME.pcap             the capture (legacy pcap), no secrets
#   NAME.keys             the browser's key log (NSS format)
#   NAME-secrets.pcapng   the capture with the key log injected (editcap --inject-secrets)
#   NAME.version          the browser's version, the date and the nginx ports
# Only 127.0.0.1 is contacted: where "unshare --net" works the whole run is in a network
# namespace of its own with nothing but its loopback.  The files are committed; CI needs no browser.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

out=$(realpath "${1:?usage: make-browser-capture.sh OUTDIR [chromium|firefox]}")
browser=${2:-chromium}
case "$browser" in
  chromium|firefox) ;;
  *) echo "usage: make-browser-capture.sh OUTDIR [chromium|firefox]" >&2; exit 2 ;;
esac
if [ -z "${HSVIZ_NETNS:-}" ] && unshare --net true 2>/dev/null; then
  exec unshare --net env HSVIZ_NETNS=1 sh -c 'ip link set lo up && exec sh "$0" "$@"' "$0" "$out" "$browser"
fi
mkdir -p "$out"
work=$(mktemp -d /tmp/hsviz-browser-XXXXXX)
cleanup() {
  [ -n "${cap_pid:-}" ] && kill "$cap_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${HSVIZ_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
port12=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 \
  -subj "/CN=HandshakeViz browser test CA" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout key.pem -out req.pem -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > leaf.ext
openssl x509 -req -in req.pem -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2 \
  -extfile leaf.ext 2>/dev/null
mkdir nginx-temp www
# nginx serves the pages from its worker user: the pages readable, the rest of the folder not listed
chmod 711 "$work"
img12=
[ "$browser" = firefox ] && img12="<img src=\"https://127.0.0.1:$port12/img.svg\">"
echo '<html><head><link rel="stylesheet" href="/style.css"></head><body>page one <img src="/img.svg">
<script>setTimeout(function () { location = "/two.html"; }, 2500);</script></body></html>' > www/index.html
echo "<html><body>page two $img12
<script>setTimeout(function () { location = \"/three.html\"; }, 2500);</script></body></html>" > www/two.html
echo "<html><body>page three $img12</body></html>" > www/three.html
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
  ssl_certificate $work/cert.pem;
  ssl_certificate_key $work/key.pem;
  ssl_session_tickets on;
  ssl_session_cache shared:hsviz:1m;
  keepalive_timeout 1s;
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/www;
  }
  server {
    listen 127.0.0.1:$port12 ssl;
    ssl_protocols TLSv1.2;
    root $work/www;
  }
}
CONF
nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"

dumpcap -q -i lo -f "ip host 127.0.0.1 and (tcp port $port or tcp port $port12)" -w "$work/cap.pcapng" \
  2>dumpcap.log &
cap_pid=$!
sleep 2

# One browser process (tickets live in its memory); nginx closes a connection idle for 1 s, so
# each page after the first comes on a new connection.  "timeout" ends the browser.
case "$browser" in
chromium)
  # The DevTools port (on 127.0.0.1, not captured) keeps headless Chromium running after the
  # first page.
  SSLKEYLOGFILE="$work/keys" timeout 12 chromium --headless=new --no-sandbox --disable-gpu \
    --user-data-dir="$work/profile" --ignore-certificate-errors --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --remote-debugging-port=0 --ssl-key-log-file="$work/keys" "https://127.0.0.1:$port/" \
    >browser.log 2>&1 || true
  version=$(chromium --version 2>/dev/null | head -1)
  ;;
firefox)
  mkdir profile
  certutil -N -d "sql:$work/profile" --empty-password
  certutil -A -d "sql:$work/profile" -n hsviz-browser-test-ca -t C,, -i ca.pem
  # no traffic of its own (updates, telemetry, captive portal, safe browsing, remote settings)
  cat > profile/user.js <<'PREFS'
user_pref("app.update.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("browser.safebrowsing.downloads.remote.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("extensions.update.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("services.settings.server", "");
user_pref("toolkit.telemetry.enabled", false);
PREFS
  SSLKEYLOGFILE="$work/keys" timeout 15 firefox-esr --headless --no-remote --profile "$work/profile" \
    "https://127.0.0.1:$port/" >browser.log 2>&1 || true
  version=$(firefox-esr --version 2>/dev/null | head -1)
  ;;
esac
sleep 1
kill -INT "$cap_pid"
wait "$cap_pid" || true
cap_pid=

editcap -F pcap "$work/cap.pcapng" "$out/$browser.pcap"
cp "$work/keys" "$out/$browser.keys"
editcap --inject-secrets "tls,$work/keys" "$work/cap.pcapng" "$out/$browser-secrets.pcapng"
{ echo "$version"; date -u +%Y-%m-%d; echo "nginx port $port"; echo "nginx port $port12"; } > "$out/$browser.version"
ls -l "$out"
