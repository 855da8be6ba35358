#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file under src/ and data/ that has translatable strings.

A file counts as translatable when it contains, outside of what the test can ignore:
  C/headers/Blueprint: a call to _(, N_(, C_(, NC_(, g_dgettext(, g_dcgettext(, g_dngettext(,
                       g_dpgettext(, g_dpgettext2( or ngettext(
  GtkBuilder .ui:      translatable="yes" (or "true"/"1")
  .desktop.in:         any file (all of Name, GenericName, Comment, Keywords are translated)
  metainfo/appdata:    any *.metainfo.xml(.in) / *.appdata.xml(.in)
  GSettings schema:    a <summary> or <description> (translated through gettext-domain)
  shared-mime-info:    a <comment> inside <mime-info>
  intltool style:      <_name>, <_summary>, _Name= ... (old markup, still a translatable string)
It also checks that every file listed in POTFILES.in exists, and that no translatable C string
uses a GLib format macro such as G_GUINT64_FORMAT (xgettext cuts the msgid there; use
"%" PRIu64 from <inttypes.h> or %zu).  Files listed in po/POTFILES.skip
are not required.

Usage: test-potfiles.py [--srcroot DIR] [--expect-missing FILE,FILE...]
With --expect-missing, the run succeeds only if exactly those files are reported missing (used to
test this test on a fixture tree).  Output is TAP.
"""

import argparse
import os
import re
import sys

SCAN_DIRS = ('src', 'data')
C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dgettext|g_dcgettext|g_dngettext|'
                    r'g_dpgettext|g_dpgettext2|ngettext)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.IGNORECASE)
SCHEMA_STRING = re.compile(r'<(?:summary|description)\b')
MIME_COMMENT = re.compile(r'<mime-info\b.*<comment\b', re.DOTALL)
INTLTOOL = re.compile(r'<_[A-Za-z]|^_[A-Za-z]+=', re.MULTILINE)
# A gettext call's first argument: string literals, possibly joined with format macros.
C_MSGID = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(\s*((?:"(?:[^"\\\n]|\\.)*"|\s+|[A-Z][A-Za-z0-9_]*)+)')
GLIB_FORMAT = re.compile(r'\bG_G[A-Z0-9]*_FORMAT\b')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.DOTALL)


def read_list(path):
    entries = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith('#'):
                    entries.append(line.split(' ')[0].split('\t')[0])
    except FileNotFoundError:
        pass
    return entries


def is_translatable(rel, text):
    name = os.path.basename(rel)
    if name.endswith(('.c', '.h', '.blp', '.vala')):
        return C_CALL.search(C_COMMENT.sub('', text)) is not None
    if name.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    if name.endswith('.desktop.in'):
        return True
    if re.search(r'\.(metainfo|appdata)\.xml(\.in)?$', name):
        return True
    if name.endswith(('.gschema.xml', '.gschema.xml.in')):
        return SCHEMA_STRING.search(text) is not None
    if name.endswith(('.xml', '.xml.in')) and MIME_COMMENT.search(text):
        return True
    if name.endswith(('.xml', '.in', '.policy')) and INTLTOOL.search(text):
        return True
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--srcroot', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    parser.add_argument('--expect-missing', default=None)
    args = parser.parse_args()
    root = os.path.abspath(args.srcroot)

    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))
    listed_set = set(listed)

    translatable = []
    cut = []
    for top in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for fn in sorted(filenames):
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                try:
                    with open(path, encoding='utf-8') as f:
                        text = f.read()
                except (UnicodeDecodeError, OSError):
                    continue      # binary files (PNG screenshots, samples) have no strings
                if is_translatable(rel, text):
                    translatable.append(rel)
                    if rel.endswith(('.c', '.h')):
                        for m in C_MSGID.finditer(C_COMMENT.sub('', text)):
                            if GLIB_FORMAT.search(m.group(1)):
                                cut.append(f'{rel}: {" ".join(m.group(1).split())}')

    missing = [f for f in translatable if f not in listed_set and f not in skipped]
    nonexistent = [f for f in listed if not os.path.isfile(os.path.join(root, f))]

    print('1..4')
    ok = True
    print(f'ok 1 - /handshakeviz/data/potfiles/scan # {len(translatable)} files with '
          f'translatable strings under {", ".join(SCAN_DIRS)}')
    if args.expect_missing is not None:
        expected = sorted(f for f in args.expect_missing.split(',') if f)
        if sorted(missing) == expected:
            print(f'ok 2 - /handshakeviz/data/potfiles/listed # missing exactly as expected: {expected}')
        else:
            ok = False
            print(f'not ok 2 - /handshakeviz/data/potfiles/listed # expected missing {expected}, '
                  f'found {sorted(missing)}')
    elif missing:
        ok = False
        print('not ok 2 - /handshakeviz/data/potfiles/listed')
        for f in missing:
            print(f'# {f} has translatable strings but is not in po/POTFILES.in')
    else:
        print('ok 2 - /handshakeviz/data/potfiles/listed')
    if nonexistent:
        ok = False
        print('not ok 3 - /handshakeviz/data/potfiles/exist')
        for f in nonexistent:
            print(f'# po/POTFILES.in lists {f}, which does not exist')
    else:
        print('ok 3 - /handshakeviz/data/potfiles/exist')
    if cut:
        ok = False
        print('not ok 4 - /handshakeviz/data/potfiles/whole-msgids')
        for c in cut:
            print(f'# a GLib format macro cuts this msgid (use "%" PRIu64 or %zu): {c}')
    else:
        print('ok 4 - /handshakeviz/data/potfiles/whole-msgids')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
