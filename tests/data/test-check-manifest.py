#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests the manifest checks on broken copies of the real manifest.  Output is TAP.

Each case changes one thing in org.example.HandshakeViz.json, writes the result to a temporary
directory and runs build-aux/check-manifest.py --expect RULE on it: the case passes only if the
checker reports exactly that rule.  The last case proves that the fatal-warnings flatpak-builder
test really fails on a mistyped value (runtime-version as a number).
Usage: test-check-manifest.py MANIFEST CHECKER [FLATPAK-BUILDER]
"""

import copy
import json
import os
import subprocess
import sys
import tempfile


def finish_args(m):
    return m['finish-args']


def app_source(m):
    return m['modules'][-1]['sources'][0]


CASES = [
    ('runtime-version-number', 'runtime-version-not-string',
     lambda m: m.__setitem__('runtime-version', int(m['runtime-version']))),
    ('x11-and-fallback', 'finish-args-contains-both-x11-and-fallback',
     lambda m: finish_args(m).append('--socket=x11')),
    ('filesystem-home', 'finish-args-filesystem',
     lambda m: finish_args(m).append('--filesystem=home')),
    ('own-name', 'finish-args-own-name',
     lambda m: finish_args(m).append('--own-name=' + m['id'])),
    ('no-wayland', 'finish-args-missing',
     lambda m: finish_args(m).remove('--socket=wayland')),
    ('no-network', 'finish-args-missing',
     lambda m: finish_args(m).remove('--share=network')),
    ('id-not-file-name', 'appid-filename-mismatch',
     lambda m: m.__setitem__('id', 'org.example.Other')),
    ('app-id-key', 'toplevel-app-id',
     lambda m: m.__setitem__('app-id', m['id'])),
    ('buildsystem-cmake', 'app-module-not-meson',
     lambda m: m['modules'][-1].__setitem__('buildsystem', 'cmake-ninja')),
    ('source-type-typo', 'source-type-not-allowed',
     lambda m: app_source(m).__setitem__('type', 'dirr')),
    ('git-without-commit', 'source-git-no-commit-or-tag',
     lambda m: m['modules'][-1].__setitem__('sources',
                                            [{'type': 'git', 'url': 'https://example.org/x.git'}])),
    ('sdk-mismatch', 'runtime-sdk-mismatch',
     lambda m: m.__setitem__('sdk', 'org.kde.Sdk')),
]


def main():
    manifest_path, checker = sys.argv[1], sys.argv[2]
    flatpak_builder = sys.argv[3] if len(sys.argv) > 3 else None
    with open(manifest_path, encoding='utf-8') as f:
        original = json.load(f)
    name = os.path.basename(manifest_path)
    print(f'1..{len(CASES) + 2}')
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        good = subprocess.run([sys.executable, checker, manifest_path],
                              capture_output=True, text=True)
        if good.returncode == 0:
            print('ok 1 - /handshakeviz/data/manifest/project-manifest-passes')
        else:
            ok = False
            print('not ok 1 - /handshakeviz/data/manifest/project-manifest-passes')
            print('\n'.join('# ' + l for l in good.stdout.splitlines()))
        for i, (case, rule, mutate) in enumerate(CASES, start=2):
            m = copy.deepcopy(original)
            mutate(m)
            path = os.path.join(tmp, name)
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(m, f, indent=2)
            r = subprocess.run([sys.executable, checker, path, '--expect', rule],
                               capture_output=True, text=True)
            if r.returncode == 0:
                print(f'ok {i} - /handshakeviz/data/manifest/{case} # {rule}')
            else:
                ok = False
                print(f'not ok {i} - /handshakeviz/data/manifest/{case}')
                print('\n'.join('# ' + l for l in r.stdout.splitlines()))
        n = len(CASES) + 2
        if flatpak_builder is None:
            print(f'ok {n} - /handshakeviz/data/manifest/flatpak-builder-fatal # SKIP no flatpak-builder')
        else:
            m = copy.deepcopy(original)
            m['runtime-version'] = int(m['runtime-version'])
            path = os.path.join(tmp, name)
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(m, f, indent=2)
            env = dict(os.environ, G_DEBUG='fatal-warnings')
            r = subprocess.run([flatpak_builder, '--show-manifest', path], cwd=tmp, env=env,
                               capture_output=True, text=True)
            if r.returncode != 0 and 'runtime-version' in r.stderr:
                print(f'ok {n} - /handshakeviz/data/manifest/flatpak-builder-fatal # rc={r.returncode}')
            else:
                ok = False
                print(f'not ok {n} - /handshakeviz/data/manifest/flatpak-builder-fatal '
                      f'# rc={r.returncode}')
                print('\n'.join('# ' + l for l in r.stderr.splitlines()))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
