#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one step of a target's kmap_local KUnit run.

Reads kunit.py's --json results and the raw kernel log and fails the step
unless every case of the suite passed (bar the skips the target allows),
the suite reported every case its source declares, the boot really had
highmem, and the log holds no WARN, BUG, oops, panic, lockdep or KASAN
report other than the WARNs the step expects (which must then be there).
Prints a table and writes "passed failed skipped" counts.

With --highlights, print instead the few lines a user wants from the log.
"""
import argparse
import fnmatch
import json
import re
import sys

# A WARN, in the format of 6.12 ("WARNING: CPU: 0 PID: 1 at f.c:12
# fn+0x1/0x2") and of 7.x ("WARNING: f.c:12 at fn+0x1/0x2, CPU#0: comm/1").
WARN_LINE = (r'WARNING: CPU: \d+ PID: \d+ at .*|'
             r'WARNING: \S+:\d+ at \S+, CPU#\d+.*')
BAD_LOG = re.compile(r'(' + WARN_LINE + r'|kernel BUG at .*|'
                     r'BUG: .*|Oops.*|Kernel panic.*|'
                     r'Unable to handle kernel.*|general protection fault.*|'
                     r'INFO: task .* blocked.*|WARNING: possible .*|'
                     r'WARNING: suspicious RCU usage|'
                     r'WARNING: inconsistent lock state|'
                     r'DEBUG_LOCKS_WARN_ON.*|UBSAN: .*)')
# The function a WARNING line names, in either format
WARN_FN = re.compile(r'WARNING: (?:CPU: \d+ PID: \d+ at \S+ |\S+:\d+ at )(\w+)')


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


def declared_cases(source, suite):
    """The names of the KUNIT_CASE entries of the array the suite uses."""
    try:
        text = open(source).read()
    except OSError:
        return []
    m = re.search(r'\.name\s*=\s*"%s",.*?\.test_cases\s*=\s*(\w+)' %
                  re.escape(suite), text, re.S)
    if not m:
        return []
    arr = re.search(r'%s\[\]\s*=\s*\{(.*?)\n\};' % m.group(1), text, re.S)
    return re.findall(r'\bKUNIT_CASE\w*\(\s*(\w+)', arr.group(1)) if arr else []


def highlights(args):
    log = open(args.log, errors='replace').read()
    pats = [r'HighMem zone:.*', r'\d+MB HIGHMEM available.*',
            r'Memory: \d+K/\d+K available.*',
            r'# kmap_local: highmem=.*',
            r'# kmap_local_test_above_4g: pfn .*',
            r'# kmap_local_test_switch_heavy: .*',
            r'# kmap_local_test_stress: .*']
    print('\n==> what the kernel said (%s)' % args.log)
    for p in pats:
        for m in re.finditer(p, log):
            print('    ' + m.group(0).strip())
    try:
        with open(args.json) as f:
            suite = find_suite(json.load(f), args.suite)
        st = {'PASS': 0, 'FAIL': 0, 'SKIP': 0}
        for c in suite.get('test_cases', []):
            st[c['status']] = st.get(c['status'], 0) + 1
        for g in suite.get('sub_groups', []):
            for c in g.get('test_cases', []):
                st[c['status']] = st.get(c['status'], 0) + 1
        print('    %s: %d passed, %d failed, %d skipped (parameterized '
              'cases counted per variant)' %
              (args.suite, st['PASS'], st['FAIL'], st['SKIP']))
    except (OSError, ValueError, AttributeError):
        print('    no results')
    if args.workload:
        try:
            print('    workload: ' + open(args.workload).read().strip())
        except OSError:
            pass
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--target', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--suite', default='kmap_local')
    ap.add_argument('--source', help='the suite source, to count its cases')
    ap.add_argument('--allow-skip', default='',
                    help='space separated globs of cases this target may skip')
    ap.add_argument('--expect-warn', default='',
                    help='functions whose WARN the step expects (and needs); '
                    'a/b: in a or in b')
    ap.add_argument('--need-highmem', action='store_true')
    ap.add_argument('--counts', required=True, help='file to write counts to')
    ap.add_argument('--highlights', action='store_true')
    ap.add_argument('--workload', help='workload result file (highlights)')
    args = ap.parse_args()
    if args.highlights:
        return highlights(args)

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

    def may_skip(name):
        return any(fnmatch.fnmatch(name, a) for a in allowed)

    passed = failed = skipped = 0
    for name, status in rows:
        if status == 'SKIP' and not may_skip(name):
            status = 'FAIL (skip not allowed)'
        # a variant of a parameterized case may only skip where allowed too
        for v in variants.get(name, []):
            if (v['status'] == 'SKIP' and status == 'PASS' and
                    not may_skip(name) and
                    not may_skip('%s/%s' % (name, v['name']))):
                status = 'FAIL (variant skip not allowed)'
        if status == 'PASS':
            passed += 1
        elif status == 'SKIP':
            skipped += 1
        else:
            failed += 1
        print(f'    {args.target:<11} {name:<40} {status}')
        for v in variants.get(name, []):
            print(f'    {args.target:<11}   - {v["name"]:<36} {v["status"]}')
    try:
        with open(args.log, errors='replace') as f:
            log = f.read()
    except OSError as e:
        log = ''
        problems.append(f'no kernel log ({e})')
    # each expected WARN is a function name, or several joined by '/'
    # when the compiler may inline it into any of them
    expected = set(args.expect_warn.split())
    seen = set()
    for m in BAD_LOG.finditer(log):
        line = m.group(0).strip()
        fn = WARN_FN.match(line)
        hit = [e for e in expected if fn and fn.group(1) in e.split('/')]
        if hit:
            seen.update(hit)
            continue
        problems.append('kernel log: ' + line)
    for fn in sorted(expected - seen):
        problems.append(f'the expected WARN in {fn.replace("/", "() or ")}() did not show')
    hm = re.search(r'highmem=(\d+) pages', log)
    if args.need_highmem and (not hm or int(hm.group(1)) == 0):
        problems.append('booted without highmem (suite reported %s)' %
                        (hm.group(0) if hm else 'nothing'))

    # Every case the source declares must have a result. One missing with
    # no crash in the log, on PREEMPT_RT: 6.12 prints the console from a
    # kthread there and does not flush it before the reboot that ends the
    # run, so the line may never have been printed. It still fails.
    cases = declared_cases(args.source, args.suite) if args.source else []
    have = [n for n, s in rows if s in ('PASS', 'SKIP', 'FAIL')]
    missing = [n for n in cases if n not in have]
    if missing:
        why = ''
        if (re.search(r'Linux version .*PREEMPT_RT', log) and
                not any(p.startswith('kernel log:') for p in problems)):
            why = ('; no crash in the log: on PREEMPT_RT the console '
                   'kthread may not have printed it before the reboot (see '
                   'EXTRA_TARGETS in scripts/targets.sh)')
        problems.append('%d of %d cases reported a result, none for %s%s' %
                        (len(cases) - len(missing), len(cases),
                         ', '.join(missing), why))
    elif cases and len(rows) != len(cases):
        problems.append(f'{len(rows)} results for {len(cases)} cases')
    for p in problems:
        print(f'    {args.target:<11} ERROR: {p}')
    failed += len(problems)
    with open(args.counts, 'w') as f:
        f.write(f'{passed} {failed} {skipped}\n')
    print(f'    {args.target} {args.suite}: {passed} passed, {failed} failed, '
          f'{skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
