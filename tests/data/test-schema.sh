#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The schema compiled into the build dir (the one GUI tests use through GSETTINGS_SCHEMA_DIR)
# must hold exactly the keys, types, defaults and choices the GUI code is written against
# (issue 6).  Asked through gsettings, i.e. through GLib's own schema reader.
# Usage: test-schema.sh BUILD-DATA-DIR
set -eu
export GSETTINGS_SCHEMA_DIR="$1" GSETTINGS_BACKEND=memory
schema=org.example.HandshakeViz
expected='color-scheme|enum|default light dark|default
last-preset|type s||default
last-target|type s||
reveal-secrets|type b||false
target-history|type as||[]
view-mode|enum|wire textbook|wire
window-height|type i||800
window-maximized|type b||false
window-width|type i||1280
zoom|range d 0.5 3.0||1.0'
actual=$(for key in $(gsettings list-keys "$schema" | sort); do
  range=$(gsettings range "$schema" "$key")
  kind=$(printf '%s\n' "$range" | head -n 1)
  choices=$(printf '%s\n' "$range" | tail -n +2 | tr -d "'" | tr '\n' ' ' | sed 's/ $//')
  value=$(gsettings get "$schema" "$key" | sed "s/^@as //; s/^'//; s/'\$//")
  printf '%s|%s|%s|%s\n' "$key" "$kind" "$choices" "$value"
done)
if [ "$actual" = "$expected" ]; then
  echo "$schema in $1 has the expected keys:"; printf '%s\n' "$actual"
else
  echo "$schema in $1 differs from the expected keys"
  printf '%s\n' "$expected" > "${TMPDIR:-/tmp}/hsviz-schema-expected.$$"
  printf '%s\n' "$actual" | diff -u "${TMPDIR:-/tmp}/hsviz-schema-expected.$$" - || true
  rm -f "${TMPDIR:-/tmp}/hsviz-schema-expected.$$"
  exit 1
fi
