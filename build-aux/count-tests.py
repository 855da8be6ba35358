#!/usr/bin/env python3
"""Count test cases in meson test logs (and --pass NAME / --fail NAME for checks run outside meson): each TAP 'ok'/'not ok' line of a TAP test, and each
non-TAP test as one case.  Prints one line: 'N passed, N failed' (', N skipped' if any).
Exits 1 if anything failed or no test ran."""
import json
import re
import sys

passed = failed = skipped = 0
tap_line = re.compile(r'^(not ok|ok)\b(.*)$')

paths = []
args = sys.argv[1:]
while args:
    a = args.pop(0)
    if a == '--pass' and args:
        args.pop(0)
        passed += 1
    elif a == '--fail' and args:
        print(f'count-tests: {args.pop(0)} failed', file=sys.stderr)
        failed += 1
    else:
        paths.append(a)

for path in paths:
    try:
        lines = open(path, encoding='utf-8', errors='replace').read().splitlines()
    except OSError as e:
        print(f'count-tests: {e}', file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        result = t.get('result')
        out = t.get('stdout') or ''
        cases = 0
        if t.get('protocol') == 'tap' or 'TAP version' in out or re.search(r'^1\.\.\d+', out, re.M):
            for l in out.splitlines():
                m = tap_line.match(l.strip())
                if not m:
                    continue
                cases += 1
                if m.group(1) == 'not ok':
                    if '# TODO' in m.group(2):
                        passed += 1
                    else:
                        failed += 1
                elif '# SKIP' in m.group(2).upper():
                    skipped += 1
                else:
                    passed += 1
        if cases == 0:
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
        elif result not in ('OK', 'EXPECTEDFAIL', 'SKIP'):
            # the binary crashed or timed out after its last reported case
            failed += 1

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed or passed == 0 else 0)
