#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Register the merged MIME file in a private database with shared-mime-info's own tool, then ask
# GIO (the same code GTK and Nautilus use) what a *.handshake file is.  Output is TAP.
# Usage: test-mime.sh MERGED-MIME-XML   (tools: update-mime-database, gio)
set -u
mime_xml=$1
app_id=org.example.HandshakeViz
type=application/x-handshakeviz+json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0
n=0
check () {   # check NAME COMMAND...
  n=$((n + 1)); name=$1; shift
  if "$@" >"$tmp/out" 2>&1; then echo "ok $n - /handshakeviz/data/mime/$name"
  else echo "not ok $n - /handshakeviz/data/mime/$name"; sed 's/^/# /' "$tmp/out"; fail=1; fi
}

echo 1..6
mkdir -p "$tmp/share/mime/packages" "$tmp/home"
cp "$mime_xml" "$tmp/share/mime/packages/$app_id.xml"
# The freedesktop base types (application/json, our parent) when the system has them.
base=/usr/share/mime/packages/freedesktop.org.xml
[ -f "$base" ] && cp "$base" "$tmp/share/mime/packages/"
check update-mime-database update-mime-database -V "$tmp/share/mime"
check glob grep -qx "50:$type:\*\.handshake" "$tmp/share/mime/globs2"
check subclass grep -qx "$type application/json" "$tmp/share/mime/subclasses"
check generic-icon grep -qx "$type:$app_id" "$tmp/share/mime/generic-icons"

# update-mime-database writes the merged type with every translated <comment>.
check translated-comment grep -q '<comment xml:lang="de">HandshakeViz-Sitzung</comment>' \
  "$tmp/share/mime/$type.xml"

printf '{ "format": "handshakeviz-session" }\n' > "$tmp/capture.handshake"
ct=$(env HOME="$tmp/home" XDG_DATA_HOME="$tmp/home" XDG_DATA_DIRS="$tmp/share" \
       gio info -a standard::content-type "$tmp/capture.handshake" 2>&1 |
     sed -n 's/^ *standard::content-type: //p')
check gio-content-type test "$ct" = "$type"
[ "$ct" = "$type" ] || echo "# gio info says: '$ct'"
exit $fail
