#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the kernel logs of `make bench` into a table, JSON, CSV and plots.

Reads <dir>/<target>-<side>-<mode>.log for side in base/series, picks the
"bench <row>: <median> ns (min <lo>, max <hi>; ...)" lines the kmap_local
suite prints, and writes results.json, results.csv and one PNG per target
and kind of row.  Prints one table per target: each row with base, series
and series/base under -icount and under plain TCG, and whether the two
-icount runs gave the same figures.
"""
import argparse
import csv
import json
import os
import re
import sys

LINE = re.compile(r'bench (?P<row>[^:]+): (?P<med>[\d.]+) ns '
                  r'\(min (?P<lo>[\d.]+), max (?P<hi>[\d.]+);')
NA = re.compile(r'bench (?P<row>[^:]+): n/a')


def parse(path):
    rows = {}
    with open(path, errors='replace') as f:
        for line in f:
            m = LINE.search(line)
            if m:
                rows[m['row']] = {k: float(m[k]) for k in ('med', 'lo', 'hi')}
            elif NA.search(line):
                rows[NA.search(line)['row']] = None
    return rows


def ratio(base, series):
    if not base or not series or not base['med']:
        return None
    return series['med'] / base['med']


def fmt(v):
    return '%9.1f' % v['med'] if v else '      n/a'


def fmt_ratio(r):
    return '%6.3f' % r if r is not None else '    - '


def icount_blind(row):
    """Rows that -icount cannot measure: every CPU mapping at once."""
    return row.endswith('all-cpus')


def plot(target, res, modes, outdir):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    held = [0, 1, 4, 8]
    shown = [m for m in ('icount', 'tcg') if m in res]
    fig, axes = plt.subplots(1, len(shown), figsize=(5 * len(shown), 4),
                             squeeze=False)
    for ax, mode in zip(axes[0], shown):
        for side, colour in (('base', 'tab:blue'), ('series', 'tab:orange')):
            ys = [res[mode][side].get('switch held=%d' % h) for h in held]
            if any(y is None for y in ys):
                continue
            ax.plot(held, [y['med'] for y in ys], marker='o', color=colour,
                    label=side)
        ax.set_xlabel('mappings held by each of the two tasks')
        ax.set_ylabel('ns per round trip (two switches)')
        ax.set_xticks(held)
        ax.set_title('-icount shift=0' if mode == 'icount' else 'plain TCG')
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle('%s: context switch with kmap_local mappings held' % target)
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, '%s-switch.png' % target), dpi=100)
    plt.close(fig)

    rows = [r for r in res['icount']['base']
            if r.startswith('map ') and not icount_blind(r)]
    rows = [r for r in rows if res['icount']['base'][r]
            and res['icount']['series'].get(r)]
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(10, max(4, 0.28 * len(rows))))
    ys = range(len(rows))
    for off, side, colour in ((-0.2, 'base', 'tab:blue'),
                              (0.2, 'series', 'tab:orange')):
        ax.barh([y + off for y in ys],
                [res['icount'][side][r]['med'] for r in rows], height=0.4,
                color=colour, label=side)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([r[4:] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale('log')
    ax.set_xlabel('ns per map+unmap pair on one CPU, -icount shift=0 '
                  '(log scale)')
    ax.set_title('%s: map+unmap pairs' % target)
    ax.grid(True, axis='x', alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, '%s-map.png' % target), dpi=100)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--targets', required=True)
    ap.add_argument('--modes', default='tcg icount icount2')
    args = ap.parse_args()
    modes = args.modes.split()

    results = {}
    for t in args.targets.split():
        results[t] = {}
        for mode in modes:
            results[t][mode] = {}
            for side in ('base', 'series'):
                path = os.path.join(args.dir, '%s-%s-%s.log' % (t, side, mode))
                if not os.path.exists(path):
                    del results[t][mode]
                    break
                results[t][mode][side] = parse(path)

    with open(os.path.join(args.dir, 'results.json'), 'w') as f:
        json.dump(results, f, indent=1, sort_keys=True)

    with open(os.path.join(args.dir, 'results.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['target', 'mode', 'row', 'base_ns', 'base_min',
                    'base_max', 'series_ns', 'series_min', 'series_max',
                    'series/base'])
        for t, byt in results.items():
            for mode, bym in byt.items():
                for row, b in bym['base'].items():
                    s = bym['series'].get(row)
                    r = ratio(b, s)
                    w.writerow([t, mode, row] +
                               ([b['med'], b['lo'], b['hi']] if b else [''] * 3) +
                               ([s['med'], s['lo'], s['hi']] if s else [''] * 3) +
                               ['%.4f' % r if r is not None else ''])

    worst = {}
    names = {'icount': '-icount', 'tcg': 'plain TCG', 'kvm': 'KVM'}
    for t, byt in results.items():
        shown = [m for m in ('icount', 'tcg', 'kvm') if m in byt]
        print('\n%s: ns per map+unmap pair / per switch round trip '
              '(median of batches)' % t)
        print('  %-44s' % 'row' + ''.join('   %9s %9s %6s' %
                                           ('base', 'series', 'ratio')
                                           for m in shown))
        print('  %-44s' % '' + ''.join('   %-26s' % ('-' * 4 + ' ' + names[m] +
                                                     ' ' + '-' * (21 - len(names[m])))
                                       for m in shown))
        for row in byt['icount']['base']:
            cells = []
            for m in shown:
                b, sr = byt[m]['base'].get(row), byt[m]['series'].get(row)
                r = ratio(b, sr)
                mark = ' '
                if m == 'icount' and r is not None:
                    if icount_blind(row):
                        mark = '*'
                    else:
                        worst.setdefault(t, []).append((r, row))
                cells.append('   %s %s %s' % (fmt(b), fmt(sr),
                                              fmt_ratio(r) + mark))
            print('  %-44s%s' % (row, ''.join(cells)))
        if 'icount' in shown:
            print('  * not a cost: under -icount QEMU runs the vCPUs one at a '
                  'time, and a CPU\'s\n'
                  '    clock counts the other CPU\'s instructions whenever '
                  'their batches overlap,\n'
                  '    so an all-cpus row reads 1x or 2x its 1-cpu figure by '
                  'chance; see plain TCG')
        if 'icount2' in byt:
            same = total = 0
            for side in ('base', 'series'):
                for row, v in byt['icount'][side].items():
                    w2 = byt['icount2'][side].get(row)
                    total += 1
                    same += (v == w2)
            print('  -icount repeat: %d of %d figures identical in a second '
                  'run' % (same, total))
        plot(t, byt, modes, args.dir)

    print()
    for t in results:
        bloat = os.path.join(args.dir, '%s-bloat.txt' % t)
        if os.path.exists(bloat):
            with open(bloat) as f:
                lines = f.read().splitlines()
            total = [l for l in lines if l.startswith('Total:')]
            print('%s: vmlinux text, series against base (bloat-o-meter -t): %s'
                  % (t, total[0] if total else '?'))
            for l in lines:
                if l.startswith(('add/remove', 'Function', 'Total')) or not l:
                    continue
                print('    ' + l)
    for t, rs in worst.items():
        rs.sort(reverse=True)
        print('%s: series/base under -icount (1-cpu rows and switch): '
              'max %.3f (%s), min %.3f (%s)' %
              (t, rs[0][0], rs[0][1], rs[-1][0], rs[-1][1]))
    print('figures: %s/results.{json,csv}, plots: %s/*.png' %
          (args.dir, args.dir))
    return 0


if __name__ == '__main__':
    sys.exit(main())
