#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make peer's results.

  peer-report.py parse CONSOLE.log RESULT.json [--qemu-exit N]
      read one boot of workload/peer-init.sh: per stressor, stress-ng's exit
      status, bogo ops, bogo ops/s, --verify failures and the splats logged
      while it ran; print it and exit 1 if anything failed
  peer-report.py table --side NAME=RESULT.json ... [--target T] [--md F]
      base and series side by side; exit 1 if the series fails where the
      base passes
"""

import argparse
import json
import re
import sys

SPLAT = re.compile(r'WARNING:|BUG:|Oops|Kernel panic|general protection fault|'
                   r'Unable to handle kernel|INFO: task .* blocked|'
                   r'possible circular locking|possible recursive locking|'
                   r'inconsistent lock state|suspicious RCU usage|'
                   r'UBSAN:|KASAN:|page allocation failure')
# stress-ng's own lines: "stress-ng: fail:  [123] vm-rw: ..."
FAIL = re.compile(r'stress-ng: fail:')
METRIC = re.compile(r'stress-ng: metrc: \[\d+\] (\S+)\s+(\d+)\s+([\d.]+)\s+'
                    r'([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)')
SUMMARY = re.compile(r'stress-ng: info:\s+\[\d+\] (passed|failed|skipped): (\d+)')
SKIPREASON = re.compile(r'stress-ng: (?:info|warn|error):\s+\[\d+\] (.*(?:skipp|not supported|not implemented|not available).*)')


def parse(path, qemu_exit):
    text = open(path, 'rb').read().decode('utf-8', 'replace').replace('\r', '')
    res = {'stressors': {}, 'order': [], 'tests': {}, 'test_order': [],
           'done': False, 'meminfo': {},
           'highfree_low_kb': None, 'setup': [], 'splats_outside': [],
           'qemu_exit': qemu_exit}
    cur = None
    test = None
    for line in text.split('\n'):
        m = re.search(r'PEER test-begin (.+)$', line)
        if m:
            test = {'name': m.group(1).strip(), 'rc': None, 'totals': None,
                    'not_ok': [], 'splats': []}
            res['tests'][test['name']] = test
            res['test_order'].append(test['name'])
            continue
        m = re.search(r'PEER test-end (.+) rc=(\d+) secs=(\d+)', line)
        if m and test:
            test.update(rc=int(m.group(2)), secs=int(m.group(3)))
            test = None
            continue
        if test:
            if SPLAT.search(line):
                test['splats'].append(line.strip())
                continue
            m = re.search(r'# Totals: (.*)', line)
            if m:
                test['totals'] = dict(kv.split(':') for kv in m.group(1).split()
                                      if ':' in kv)
            if re.match(r'\s*not ok ', line):
                test['not_ok'].append(line.strip())
            if 'SKIP' in line and not test.get('skip_line'):
                test['skip_line'] = line.strip()
            continue
        m = re.search(r'PEER begin (\S+)', line)
        if m:
            cur = {'name': m.group(1), 'lines': 0, 'verify_fail': 0,
                   'fail_lines': [], 'splats': [], 'summary': {},
                   'skip_reason': None, 'bogo_ops': None,
                   'ops_per_s': None, 'real_s': None, 'rc': None}
            res['stressors'][cur['name']] = cur
            res['order'].append(cur['name'])
            continue
        m = re.search(r'PEER end (\S+) rc=(\d+) secs=(\d+) ops=(\d+)', line)
        if m and cur:
            cur.update(rc=int(m.group(2)), secs=int(m.group(3)),
                       ops=int(m.group(4)))
            cur = None
            continue
        m = re.search(r'PEER meminfo when=(\S+) (.*)', line)
        if m:
            res['meminfo'][m.group(1)] = dict(
                kv.split('=') for kv in m.group(2).split() if '=' in kv)
            continue
        m = re.search(r'PEER highfree-low kb=(\d+)', line)
        if m:
            res['highfree_low_kb'] = int(m.group(1))
            continue
        m = re.search(r'PEER setup (.*)', line)
        if m:
            res['setup'].append(m.group(1).strip())
            continue
        m = re.search(r'PEER left-out (\S+)', line)
        if m:
            res.setdefault('left_out', []).append(m.group(1))
            continue
        if 'PEER done' in line:
            res['done'] = True
            continue
        if SPLAT.search(line):
            (cur['splats'] if cur else res['splats_outside']).append(line.strip())
            continue
        if not cur:
            continue
        if FAIL.search(line):
            cur['verify_fail'] += 1
            cur['fail_lines'].append(line.strip())
        m = METRIC.search(line)
        if m and m.group(1) == cur['name']:
            cur['bogo_ops'] = int(m.group(2))
            cur['real_s'] = float(m.group(3))
            cur['ops_per_s'] = float(m.group(6))
        m = SUMMARY.search(line)
        if m:
            cur['summary'][m.group(1)] = int(m.group(2))
        m = SKIPREASON.search(line)
        if m and not cur['skip_reason']:
            cur['skip_reason'] = m.group(1).strip()

    bad = []
    for name in res['order']:
        s = res['stressors'][name]
        summ = s['summary']
        if s['rc'] is None:
            s['status'] = 'FAIL'
            s['why'] = 'did not finish'
        elif s['verify_fail'] or s['splats'] or summ.get('failed', 0):
            s['status'] = 'FAIL'
            s['why'] = (s['fail_lines'] + s['splats'] + ['failed'])[0]
        elif ((summ.get('skipped', 0) and not summ.get('passed', 0)) or
              (s['skip_reason'] and s['bogo_ops'] is None)):
            s['status'] = 'skip'
            s['why'] = s['skip_reason'] or 'skipped by stress-ng'
        elif s['rc'] != 0:
            s['status'] = 'FAIL'
            s['why'] = 'exit status %d' % s['rc']
        else:
            s['status'] = 'pass'
            s['why'] = ''
        if s['status'] == 'FAIL':
            bad.append(name)
    # kselftest: exit 0 pass, 4 skip (KSFT_SKIP), anything else fails
    bad_tests = []
    for name in res['test_order']:
        t = res['tests'][name]
        if t['rc'] is None:
            t['status'], t['why'] = 'FAIL', 'did not finish'
        elif t['splats']:
            t['status'], t['why'] = 'FAIL', t['splats'][0]
        elif t['rc'] == 4 or (t['rc'] == 0 and t['totals'] and
                              int(t['totals'].get('pass', 0)) == 0 and
                              int(t['totals'].get('skip', 0)) > 0):
            # skipped, by its exit status or by skipping all it has
            t['status'] = 'skip'
            t['why'] = t.get('skip_line') or 'KSFT_SKIP'
        elif t['rc'] != 0:
            t['status'] = 'FAIL'
            t['why'] = (t['not_ok'] or ['exit status %d' % t['rc']])[0]
        else:
            t['status'], t['why'] = 'pass', ''
        if t['status'] == 'FAIL':
            bad_tests.append(name)
    res['bad_tests'] = bad_tests
    # a stressor stress-ng skips is a kernel option or a device missing
    # from the guest: configs/peer.config has them all, so it fails too
    skipped = [n for n in res['order'] if res['stressors'][n]['status'] == 'skip']
    res['ok'] = (res['done'] and not bad and not skipped and
                 not res['splats_outside'] and bool(res['order']))
    return res, bad


def totals(t):
    """A selftest's TAP totals, "pass:N fail:N skip:N"."""
    tot = t.get('totals') or {}
    return ' '.join('%s:%s' % (k, tot[k]) for k in ('pass', 'fail', 'skip')
                    if k in tot)


def names(sides, key):
    """The names under KEY ('order', 'test_order') of every side, in order."""
    out = []
    for _, r in sides:
        for n in (r or {}).get(key, []):
            if n not in out:
                out.append(n)
    return out


def highmem_line(res):
    b = res['meminfo'].get('before', {})
    low = res['highfree_low_kb']
    if 'HighTotal' not in b:
        return 'no HighTotal in the log'
    return 'HighTotal %d MiB, HighFree %d MiB before, lowest %s MiB' % (
        int(b['HighTotal']) // 1024, int(b.get('HighFree', 0)) // 1024,
        '?' if low is None else low // 1024)


def cmd_parse(a):
    res, bad = parse(a.log, a.qemu_exit)
    with open(a.json, 'w') as f:
        json.dump(res, f, indent=1)
    print('    %-12s %-5s %10s %12s %7s %6s' % ('stressor', '', 'bogo ops',
                                               'ops/s', 'verify', 'splat'))
    for name in res['order']:
        s = res['stressors'][name]
        print('    %-12s %-5s %10s %12s %7d %6d%s' % (
            name, s['status'],
            '-' if s['bogo_ops'] is None else s['bogo_ops'],
            '-' if s['ops_per_s'] is None else '%.2f' % s['ops_per_s'],
            s['verify_fail'], len(s['splats']),
            ('  ' + s['why'][:70]) if s['why'] else ''))
    for name in res['test_order']:
        t = res['tests'][name]
        print('    %-28s %-5s %s%s' % (
            name, t['status'], totals(t),
            ('  ' + t['why'][:70]) if t['why'] else ''))
    print('    ' + highmem_line(res))
    if res.get('left_out'):
        print('    left out (not built into this kernel): ' + ' '.join(res['left_out']))
    for line in res['splats_outside'][:10]:
        print('    splat: ' + line[:150])
    npass = sum(res['stressors'][n]['status'] == 'pass' for n in res['order'])
    nskip = sum(res['stressors'][n]['status'] == 'skip' for n in res['order'])
    if not res['done']:
        print('    the guest did not finish (qemu exit %d)' % a.qemu_exit)
    print('stress-ng: %d passed, %d failed, %d skipped%s' % (
        npass, len(bad), nskip, '' if res['ok'] else ', FAIL'))
    if a.counts:
        # for make test's summary: a skipped stressor is a failed check
        # (see above), and so is a boot that did not finish or splatted
        extra = int(not res['done'] or bool(res['splats_outside']) or
                    not res['order'])
        with open(a.counts, 'w') as f:
            f.write('%d %d 0\n' % (npass, len(bad) + nskip + extra))
    return 0 if res['ok'] else 1


def cmd_table(a):
    sides = []
    for spec in a.side:
        name, path = spec.split('=', 1)
        try:
            sides.append((name, json.load(open(path))))
        except (OSError, ValueError):
            sides.append((name, None))
    order = names(sides, 'order')
    rows = []
    head = '| target | stressor or selftest |' + ''.join(
        ' %s | %s ops/s (selftests: totals) |' % (n, n) for n, _ in sides) + ' ratio |'
    rows.append(head)
    rows.append('|' + '---|' * (2 + 2 * len(sides) + 1))
    regress = []
    for st in order:
        cells = []
        rates = []
        for n, r in sides:
            s = (r or {}).get('stressors', {}).get(st)
            if not s:
                cells += ['missing', '-']
                rates.append(None)
                continue
            v = s['status']
            if s['verify_fail']:
                v += ', %d verify failures' % s['verify_fail']
            if s['splats']:
                v += ', %d splats' % len(s['splats'])
            cells += [v, '-' if s['ops_per_s'] is None else '%.2f' % s['ops_per_s']]
            rates.append(s['ops_per_s'] if s['status'] == 'pass' else None)
        ratio = '-'
        if len(rates) == 2 and rates[0] and rates[1]:
            ratio = '%.3f' % (rates[1] / rates[0])
        rows.append('| %s | %s | %s | %s |' % (a.target, st, ' | '.join(cells), ratio))
        if len(sides) == 2:
            b = (sides[0][1] or {}).get('stressors', {}).get(st)
            s = (sides[1][1] or {}).get('stressors', {}).get(st)
            if b and b['status'] == 'pass' and (not s or s['status'] != 'pass'):
                regress.append(st)
    torder = names(sides, 'test_order')
    known = []
    for tn in torder:
        cells = []
        for n, r in sides:
            t = (r or {}).get('tests', {}).get(tn)
            if not t:
                cells += ['missing', '-']
                continue
            cells += [t['status'], totals(t) or '-']
        rows.append('| %s | selftests/mm %s | %s | - |' % (a.target, tn, ' | '.join(cells)))
        if len(sides) == 2:
            b = (sides[0][1] or {}).get('tests', {}).get(tn)
            t = (sides[1][1] or {}).get('tests', {}).get(tn)
            if b and b['status'] == 'pass' and (not t or t['status'] != 'pass'):
                regress.append(tn)
            elif b and t and b['status'] == 'FAIL' and t['status'] == 'FAIL':
                known.append('%s: fails on both: %s' % (tn, t['why'][:100]))
    if known:
        rows.append('')
        rows.append('Known failures of the base (fail on both sides alike, kept out of the verdict):')
        rows += ['- ' + k for k in known]
    for n, r in sides:
        rows.append('')
        rows.append('%s: %s' % (n, highmem_line(r) if r else 'no result'))
        if r and r['splats_outside']:
            rows.append('%s: %d splats outside the stressors' % (n, len(r['splats_outside'])))
    text = '\n'.join(rows)
    print(text)
    if a.md:
        with open(a.md, 'a') as f:
            f.write(text + '\n\n')
    if regress:
        print('passes on %s, not on %s: %s' % (sides[0][0], sides[1][0], ' '.join(regress)))
        return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    q = sub.add_parser('parse')
    q.add_argument('log')
    q.add_argument('json')
    q.add_argument('--qemu-exit', type=int, default=0)
    q.add_argument('--counts', help='write "passed failed skipped" here')
    t = sub.add_parser('table')
    t.add_argument('--side', action='append', required=True)
    t.add_argument('--target', default='')
    t.add_argument('--md')
    a = p.parse_args()
    return cmd_parse(a) if a.cmd == 'parse' else cmd_table(a)


if __name__ == '__main__':
    sys.exit(main())
