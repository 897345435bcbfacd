#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one target's kmap_local KUnit run.

Reads kunit.py's --json results and the raw kernel log (test.log) and
fails the run unless every case passed (bar the skips the target allows),
the suite ran every case the source declares, the boot really had highmem
(or force-map), and the log holds no WARN, BUG, oops or panic.  Prints a
table and writes "passed failed skipped" counts for the summary.
"""
import argparse
import fnmatch
import json
import re
import sys

BAD_LOG = re.compile(r'(WARNING: CPU: \d+ PID: \d+ at .*|kernel BUG at .*|BUG: .*|'
                     r'Oops.*|Kernel panic.*|Unable to handle kernel.*|'
                     r'general protection fault.*|INFO: task .* blocked.*)')
# kmap_to_page() warns once by design on local addresses in 6.12: it is
# deprecated, and the suite calls it on purpose.
EXPECTED_WARN = re.compile(r'WARNING: .* at mm/highmem\.c:\d+ __kmap_to_page')


def group_status(group):
    kids = [c['status'] for c in group.get('test_cases', [])]
    kids += [group_status(g) for g in group.get('sub_groups', [])]
    if not kids or any(k not in ('PASS', 'SKIP') for k in kids):
        return 'FAIL'
    return 'SKIP' if all(k == 'SKIP' for k in kids) else 'PASS'


def find_suite(node, name):
    if node.get('name') == name:
        return node
    for g in node.get('sub_groups', []):
        found = find_suite(g, name)
        if found:
            return found
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--target', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--suite', default='kmap_local')
    ap.add_argument('--cases', type=int, default=0,
                    help='number of cases the suite declares')
    ap.add_argument('--allow-skip', default='',
                    help='space separated globs of cases this target may skip')
    ap.add_argument('--need-highmem', action='store_true')
    ap.add_argument('--counts', required=True, help='file to write counts to')
    args = ap.parse_args()

    problems = []
    rows = []
    variants = {}   # a parameterized case's results, shown below it
    try:
        with open(args.json) as f:
            suite = find_suite(json.load(f), args.suite)
    except (OSError, ValueError) as e:
        suite = None
        problems.append(f'no parsable results ({e})')
    if suite is None and not problems:
        problems.append(f'suite {args.suite} did not run')
    allowed = args.allow_skip.split()
    if suite:
        for c in suite.get('test_cases', []):
            rows.append((c['name'], c['status']))
        for g in suite.get('sub_groups', []):
            rows.append((g['name'], group_status(g)))
            variants[g['name']] = g.get('test_cases', [])

    passed = failed = skipped = 0
    for name, status in rows:
        if status == 'SKIP' and not any(fnmatch.fnmatch(name, a) for a in allowed):
            status = 'FAIL (skip not allowed)'
        if status == 'PASS':
            passed += 1
        elif status == 'SKIP':
            skipped += 1
        else:
            failed += 1
        print(f'    {args.target:<7} {name:<36} {status}')
        for v in variants.get(name, []):
            print(f'    {args.target:<7}   - {v["name"]:<32} {v["status"]}')
    if args.cases and len(rows) != args.cases:
        problems.append(f'{len(rows)} of {args.cases} cases reported')

    try:
        with open(args.log, errors='replace') as f:
            log = f.read()
    except OSError as e:
        log = ''
        problems.append(f'no kernel log ({e})')
    for m in BAD_LOG.finditer(log):
        if not EXPECTED_WARN.match(m.group(0)):
            problems.append('kernel log: ' + m.group(0).strip())
    hm = re.search(r'highmem=(\d+) pages', log)
    if args.need_highmem and (not hm or int(hm.group(1)) == 0):
        problems.append('booted without highmem (suite reported %s)' %
                        (hm.group(0) if hm else 'nothing'))

    for p in problems:
        print(f'    {args.target:<7} ERROR: {p}')
    failed += len(problems)
    with open(args.counts, 'w') as f:
        f.write(f'{passed} {failed} {skipped}\n')
    print(f'    {args.target}: {passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
