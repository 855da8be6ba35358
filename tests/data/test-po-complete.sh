#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Extract the current strings of every file in po/POTFILES.in (the same xgettext options as
# meson's 'glib' preset) and check with msgcmp that po/LANG.po translates each of them (an
# untranslated or fuzzy entry counts as missing).  Fix a failure with
#   meson compile -C BUILD handshakeviz-update-po   and then translate po/LANG.po.
# Usage: test-po-complete.sh SRCROOT LANG
set -eu
srcroot=$1
lang=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$srcroot"
xgettext --package-name=handshakeviz -f po/POTFILES.in -D "$srcroot" -o "$tmp/handshakeviz.pot" \
  --from-code=UTF-8 --add-comments -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dcgettext:2 \
  -kg_dngettext:2,3 -kg_dpgettext2:2c,3
echo "# $(grep -c '^msgid ' "$tmp/handshakeviz.pot") msgids (including the header) in POTFILES.in's files"
msgcmp "po/$lang.po" "$tmp/handshakeviz.pot"
echo "po/$lang.po translates every string"
