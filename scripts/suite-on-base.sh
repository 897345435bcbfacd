#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make base-suite: the suite on mainline without the rework.  Builds each
# target from a worktree at the series' first patches, those that are
# fixes (Fixes:) or touch only the suite (lib/test_kmap_local.c and its
# Kconfig and MAINTAINERS lines), i.e. the base plus what mainline can
# take first, runs the suite there as make test does, and prints one
# table per target of every case: base+suite against the whole series
# (the last make test run of that target, build/TARGET/suite.json).
# Usage: suite-on-base.sh [TARGET...]   (default: the per-slot targets)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

targets=${*:-ppc32 mips32 sparc32}
out=$BUILD/base-suite
wt=$TOP/work/base-suite
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}

# the longest prefix of the series made of fixes and suite-only patches
top=
for c in $(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH"); do
	if ! tree_git log -1 --format=%B "$c" | grep -q '^Fixes: ' &&
		tree_git diff --name-only "$c^" "$c" |
		grep -qvE '^(lib/test_kmap_local\.c|lib/Kconfig\.debug|lib/Makefile|MAINTAINERS)$'; then
		break
	fi
	top=$c
done
[ -n "$top" ] || die "the series does not start with fixes or the suite"
if [ ! -e "$wt/.git" ]; then
	tree_git worktree add -q --detach "$wt" "$top" || die "could not add $wt"
fi
git -C "$wt" checkout -q -f --detach "$top" || die "could not check out $top in $wt"
msg "base-suite: $(git -C "$wt" rev-list --count "$(base_ref)..$top") patches: up to '$(git -C "$wt" log -1 --format=%s)'"

rc=0
for t in $targets; do
	msg "[$t] base + fixes + suite"
	TREE=$wt BUILD=$out NO_WORKLOAD=1 \
		"$TOP/scripts/kunit-target.sh" "$t" >"$out/$t.log" 2>&1 || rc=1
	tail -n 1 "$out/$t.log" | sed 's/^/    /'
	"$PYTHON" - "$out/$t" "$BUILD/$t" "$t" <<'PY' | tee "$out/$t.table"
import json, sys
def cases(d):
    """Every case of both suites: kmap_local, then kmap_local_warn."""
    res = {}
    for step, name in (('suite', 'kmap_local'), ('warn', 'kmap_local_warn')):
        try:
            root = json.load(open('%s/%s.json' % (d, step)))
        except (OSError, ValueError):
            if step == 'suite':
                return None
            continue
        def find(n):
            if n.get('name') == name:
                return n
            for g in n.get('sub_groups', []):
                r = find(g)
                if r:
                    return r
        s = find(root) or {}
        for c in s.get('test_cases', []):
            res[c['name']] = c['status']
        for g in s.get('sub_groups', []):
            for c in g.get('test_cases', []):
                res[g['name'] + '/' + c['name']] = c['status']
    return res
base, series = cases(sys.argv[1]), cases(sys.argv[2])
print('    %-11s %-52s %-6s %-6s' % (sys.argv[3], 'case', 'base', 'series'))
if base is None or series is None:
    print('    %-11s no results for %s' % (sys.argv[3], 'base' if base is None else 'the series (run make test first)'))
    sys.exit(0)
for n in list(base) + [n for n in series if n not in base]:
    b, s = base.get(n, '-'), series.get(n, '-')
    print('    %-11s %-52.52s %-6s %-6s%s' % (sys.argv[3], n, b, s, '' if b == s else '  <- differs'))
PY
done
exit $rc
