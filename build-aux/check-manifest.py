#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project rules for the Flatpak manifest (see PACKAGING-FACTS.md section 1).

flatpak-builder --show-manifest catches unknown properties and mistyped values; this script adds
the rules it does not know about: id = file name, finish-args for a sandboxed network GUI, the
build system and the allowed source types.  It uses only the Python standard library.

Usage: check-manifest.py MANIFEST.json [--expect RULE]
Prints one line per problem ("FILE: error: RULE: message") and exits 1 when there are problems.
With --expect RULE it exits 0 only if RULE is the one and only problem found: the test suite uses
that to prove each rule fires on a manifest that breaks it.
"""

import argparse
import json
import os
import re
import sys

REQUIRED_FINISH_ARGS = (
    '--share=network',   # the app opens TLS connections
    '--share=ipc',       # needed by X11 (fallback)
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',      # GTK 4 renders with GL
)
ALLOWED_BUILDSYSTEMS = ('meson', 'autotools', 'cmake', 'cmake-ninja', 'simple', 'qmake')
ALLOWED_SOURCE_TYPES = ('dir', 'git', 'archive', 'file', 'patch', 'shell')
CHECKSUM_KEYS = ('sha256', 'sha512')


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []

    def error(self, rule, message):
        self.problems.append((rule, message))

    def run(self):
        try:
            with open(self.path, encoding='utf-8') as f:
                manifest = json.load(f)
        except (OSError, ValueError) as e:
            self.error('manifest-not-json', str(e))
            return
        if not isinstance(manifest, dict):
            self.error('manifest-not-object', 'the top level must be a JSON object')
            return
        self.check_toplevel(manifest)
        self.check_finish_args(manifest.get('finish-args', []))
        self.check_modules(manifest.get('modules'))

    def check_toplevel(self, m):
        if '$schema' in m:
            self.error('toplevel-schema-key', '"$schema" makes flatpak-builder 1.2 warn; remove it')
        if 'app-id' in m:
            self.error('toplevel-app-id', 'use "id"; "app-id" is only kept for compatibility')
        app_id = m.get('id')
        if not isinstance(app_id, str) or not app_id:
            self.error('toplevel-no-id', 'missing "id"')
        else:
            if not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){2,}', app_id):
                self.error('appid-not-rdns', f'"{app_id}" is not a reverse-DNS id with 3+ parts')
            base = os.path.basename(self.path)
            for ext in ('.json', '.yaml', '.yml'):
                if base.endswith(ext):
                    base = base[:-len(ext)]
            if base != app_id:
                self.error('appid-filename-mismatch',
                           f'file is named "{base}" but the id is "{app_id}"')
        for key in ('runtime', 'sdk', 'command'):
            if not isinstance(m.get(key), str) or not m.get(key):
                self.error(f'toplevel-no-{key}', f'missing "{key}" (a non-empty string)')
        if 'runtime-version' not in m:
            self.error('toplevel-no-runtime-version', 'missing "runtime-version"')
        elif not isinstance(m['runtime-version'], str):
            self.error('runtime-version-not-string',
                       f'"runtime-version" must be a string, e.g. "51", not {m["runtime-version"]!r}')
        runtime, sdk = m.get('runtime'), m.get('sdk')
        if isinstance(runtime, str) and isinstance(sdk, str):
            if not (runtime.endswith('.Platform') and sdk == runtime[:-len('.Platform')] + '.Sdk'):
                self.error('runtime-sdk-mismatch', f'sdk "{sdk}" does not match runtime "{runtime}"')
        command = m.get('command')
        if isinstance(command, str) and '/' in command:
            self.error('command-is-path', 'command must be the name of a binary in /app/bin')
        cleanup = m.get('cleanup', [])
        if not isinstance(cleanup, list) or not all(isinstance(c, str) for c in cleanup):
            self.error('cleanup-not-string-list', '"cleanup" must be a list of strings')

    def check_finish_args(self, args):
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            self.error('finish-args-not-string-list', '"finish-args" must be a list of strings')
            return
        for required in REQUIRED_FINISH_ARGS:
            if required not in args:
                self.error('finish-args-missing', f'"{required}" is required')
        if '--socket=x11' in args and '--socket=fallback-x11' in args:
            self.error('finish-args-contains-both-x11-and-fallback',
                       'use --socket=fallback-x11 only')
        elif '--socket=x11' in args:
            self.error('finish-args-x11', 'use --socket=fallback-x11 with --socket=wayland')
        for a in args:
            if a.startswith('--filesystem='):
                self.error('finish-args-filesystem',
                           f'"{a}": files are opened and saved through the portal')
            if a.startswith('--own-name='):
                self.error('finish-args-own-name',
                           f'"{a}": Flatpak already grants the app its own bus name')
        if len(set(args)) != len(args):
            self.error('finish-args-duplicate', 'an argument is listed twice')

    def check_modules(self, modules):
        if not isinstance(modules, list) or not modules:
            self.error('toplevel-no-modules', '"modules" must be a non-empty list')
            return
        for i, module in enumerate(modules):
            if not isinstance(module, dict):
                self.error('module-not-object', f'modules[{i}] must be an object')
                continue
            name = module.get('name', f'modules[{i}]')
            buildsystem = module.get('buildsystem', 'autotools')
            if buildsystem not in ALLOWED_BUILDSYSTEMS:
                self.error('module-buildsystem-unknown', f'{name}: buildsystem "{buildsystem}"')
            sources = module.get('sources')
            if not isinstance(sources, list) or not sources:
                self.error('module-no-sources', f'{name}: "sources" must be a non-empty list')
                continue
            for j, source in enumerate(sources):
                self.check_source(name, j, source)
        app = modules[-1]
        if isinstance(app, dict):
            if app.get('buildsystem') != 'meson':
                self.error('app-module-not-meson', 'the app module must use "buildsystem": "meson"')
            if app.get('builddir') is not True:
                self.error('app-module-no-builddir', 'the app module must set "builddir": true')

    def check_source(self, module, j, source):
        if not isinstance(source, dict):
            self.error('source-not-object', f'{module}: sources[{j}] must be an object')
            return
        stype = source.get('type')
        if stype not in ALLOWED_SOURCE_TYPES:
            self.error('source-type-not-allowed', f'{module}: sources[{j}] type "{stype}"')
        elif stype == 'git':
            if 'url' not in source:
                self.error('source-git-no-url', f'{module}: git source without "url"')
            if 'tag' not in source and 'commit' not in source:
                self.error('source-git-no-commit-or-tag', f'{module}: git source needs tag or commit')
        elif stype in ('archive', 'file'):
            if not any(k in source for k in CHECKSUM_KEYS):
                self.error('source-no-checksum', f'{module}: {stype} source needs a sha256')
        elif stype == 'dir' and not isinstance(source.get('path'), str):
            self.error('source-dir-no-path', f'{module}: dir source without "path"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('manifest')
    parser.add_argument('--expect', metavar='RULE',
                        help='succeed only if RULE is the single problem found')
    args = parser.parse_args()
    checker = Checker(args.manifest)
    checker.run()
    for rule, message in checker.problems:
        print(f'{args.manifest}: error: {rule}: {message}')
    if args.expect:
        rules = sorted({rule for rule, _ in checker.problems})
        if rules == [args.expect]:
            print(f'{args.manifest}: found the expected problem {args.expect}')
            return 0
        print(f'{args.manifest}: expected exactly [{args.expect}], found {rules}')
        return 1
    if checker.problems:
        return 1
    print(f'{args.manifest}: OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
