#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cross-file checks the single-file validators cannot do.  Output is TAP.

The desktop file, metainfo, MIME type, schema, icons and Flatpak manifest must agree on the app
id, the binary, the file type and the icon names (Flatpak deletes exported files whose name does
not start with the app id), and the icons must follow the GNOME sizes (128 px app icon, 16 px
single-colour symbolic icon).
Usage: test-consistency.py SRCROOT MERGED-DESKTOP MERGED-METAINFO MERGED-MIME
"""

import configparser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = 'org.example.HandshakeViz'
BINARY = 'handshakeviz'
MIME_TYPE = 'application/x-handshakeviz+json'
# packet captures the app opens (import, issue 13): pcap from shared-mime-info, pcapng from ours
CAPTURE_TYPES = ['application/vnd.tcpdump.pcap', 'application/x-pcapng']
MIME_NS = '{http://www.freedesktop.org/standards/shared-mime-info}'
SVG_NS = '{http://www.w3.org/2000/svg}'
SYMBOLIC_COLOUR = '#2e3436'

results = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


def svg_colours(root):
    colours = set()
    for el in root.iter():
        for attr in ('fill', 'stroke', 'stop-color', 'color'):
            if attr in el.attrib:
                colours.add(el.attrib[attr].lower())
        for decl in el.attrib.get('style', '').split(';'):
            if ':' in decl:
                k, v = (s.strip() for s in decl.split(':', 1))
                if k in ('fill', 'stroke', 'stop-color', 'color'):
                    colours.add(v.lower())
    return colours


def main():
    srcroot, desktop_path, metainfo_path, mime_path = sys.argv[1:5]

    desktop = configparser.ConfigParser(interpolation=None, strict=False)
    desktop.optionxform = str
    desktop.read(desktop_path, encoding='utf-8')
    entry = desktop['Desktop Entry']
    check('desktop-file-name', os.path.basename(desktop_path) == APP_ID + '.desktop',
          os.path.basename(desktop_path))
    check('desktop-icon-is-app-id', entry.get('Icon') == APP_ID, entry.get('Icon'))
    check('desktop-exec', entry.get('Exec', '').split()[0:1] == [BINARY] and
          entry.get('Exec', '').split()[1:] == ['%U'], entry.get('Exec'))
    check('desktop-mimetype', entry.get('MimeType') == ';'.join([MIME_TYPE] + CAPTURE_TYPES) + ';',
          entry.get('MimeType'))
    check('desktop-no-dbus-activatable', 'DBusActivatable' not in entry)
    check('desktop-translated', 'GenericName[de]' in entry and 'Comment[de]' in entry,
          'GenericName[de]/Comment[de] missing: is po/de.po merged?')

    meta = ET.parse(metainfo_path).getroot()
    check('metainfo-id', meta.findtext('id') == APP_ID, meta.findtext('id'))
    launchables = [l.text for l in meta.findall('launchable')]
    check('metainfo-launchable', launchables == [APP_ID + '.desktop'], launchables)
    binaries = [b.text for b in meta.findall('provides/binary')]
    check('metainfo-provides-binary', BINARY in binaries, binaries)
    mediatypes = [m.text for m in meta.findall('provides/mediatype')]
    check('metainfo-provides-mediatype', mediatypes == [MIME_TYPE] + CAPTURE_TYPES, mediatypes)
    check('metainfo-translation-domain', meta.findtext('translation') == BINARY,
          meta.findtext('translation'))
    shots = [i.text for i in meta.findall('screenshots/screenshot/image')]
    names = sorted(os.path.basename(s) for s in shots)
    check('metainfo-screenshots', names == ['certificates.png', 'main-dark.png', 'main-light.png']
          and all('/data/screenshots/' in s for s in shots), shots)
    shot_dir = os.path.join(srcroot, 'data', 'screenshots')
    if os.path.isdir(shot_dir):
        absent = [n for n in names if not os.path.isfile(os.path.join(shot_dir, n))]
        check('metainfo-screenshots-exist', not absent, f'missing in data/screenshots: {absent}')
    check('metainfo-translated', meta.find("summary[@{http://www.w3.org/XML/1998/namespace}lang='de']")
          is not None, 'no German summary: is po/de.po merged?')

    mime = ET.parse(mime_path).getroot()
    types = mime.findall(MIME_NS + 'mime-type')
    check('mime-type', [t.get('type') for t in types] == [MIME_TYPE, 'application/x-pcapng'],
          [t.get('type') for t in types])
    check('mime-pcapng-glob', [g.get('pattern') for g in types[-1].findall(MIME_NS + 'glob')] == ['*.pcapng'])
    t = types[0]
    check('mime-glob', [g.get('pattern') for g in t.findall(MIME_NS + 'glob')] == ['*.handshake'])
    check('mime-subclass', [s.get('type') for s in t.findall(MIME_NS + 'sub-class-of')] ==
          ['application/json'])
    check('mime-icon', [i.get('name') for i in t.findall(MIME_NS + 'generic-icon')] == [APP_ID])
    check('mime-no-magic', t.find(MIME_NS + 'magic') is None,
          'Flatpak strips <magic> on export; detection must work by glob')

    schema = ET.parse(os.path.join(srcroot, 'data', APP_ID + '.gschema.xml')).getroot()
    s = schema.find('schema')
    check('schema-id-path', s.get('id') == APP_ID and s.get('path') == '/org/example/HandshakeViz/',
          (s.get('id'), s.get('path')))
    check('schema-gettext-domain', schema.get('gettext-domain') == BINARY)

    with open(os.path.join(srcroot, APP_ID + '.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    check('manifest-command', manifest.get('command') == BINARY, manifest.get('command'))

    icon_dir = os.path.join(srcroot, 'data', 'icons', 'hicolor')
    app_icon = ET.parse(os.path.join(icon_dir, 'scalable', 'apps', APP_ID + '.svg')).getroot()
    check('app-icon-128', app_icon.get('width') == '128' and app_icon.get('height') == '128' and
          re.fullmatch(r'0 0 128 128', app_icon.get('viewBox', '')),
          (app_icon.get('width'), app_icon.get('height'), app_icon.get('viewBox')))
    check('app-icon-no-external-refs', app_icon.find('.//' + SVG_NS + 'image') is None)
    sym = ET.parse(os.path.join(icon_dir, 'symbolic', 'apps', APP_ID + '-symbolic.svg')).getroot()
    check('symbolic-icon-16', sym.get('width') == '16' and sym.get('height') == '16' and
          sym.get('viewBox') == '0 0 16 16', (sym.get('width'), sym.get('height')))
    colours = svg_colours(sym) - {'none'}
    check('symbolic-icon-one-colour', colours == {SYMBOLIC_COLOUR}, sorted(colours))
    check('symbolic-icon-no-gradient', sym.find('.//' + SVG_NS + 'linearGradient') is None and
          sym.find('.//' + SVG_NS + 'radialGradient') is None)

    print(f'1..{len(results)}')
    ok = True
    for i, (name, passed, detail) in enumerate(results, start=1):
        if passed:
            print(f'ok {i} - /handshakeviz/data/consistency/{name}')
        else:
            ok = False
            print(f'not ok {i} - /handshakeviz/data/consistency/{name} # {detail}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
