#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability: check out every patch of the series in turn, run every
# target on it (build, suite with a 1 s stress run, WARN suite), and
# print a patch-by-target table.  Per-patch results stay in
# build/each-patch/ (N-TARGET.counts, N-TARGET.build-ok) for make check.
# The tree is put back on the series branch afterwards, whatever happens.
# ONLY="10 13" runs those patches alone (a row to check again); the
# results of the other patches and targets are kept, so make check's
# table can be made of several runs.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${TARGETS:-$TEST_TARGETS}
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
out=$BUILD/each-patch
[ -n "${ONLY:-}" ] || rm -rf "$out"
mkdir -p "$out"
rm -f "$out/table"
# while the checkout moves, make tree (run by other make targets) keeps off
echo $$ >"$BUILD/each-patch.lock"
trap 'rm -f "$BUILD/each-patch.lock"; tree_git checkout -q "$SERIES_BRANCH"' EXIT

commits=$(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH")
[ -n "$commits" ] || die "no commits on $SERIES_BRANCH"
n=$(wc -w <<<"$commits")
rc=0 i=0 start=$SECONDS
for c in $commits; do
	i=$((i + 1))
	[ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $i "* ]] || continue
	subject=$(tree_git log -1 --format=%s "$c")
	msg "patch $i/$n: $subject ($(((SECONDS - start) / 60)) min so far)"
	tree_git checkout -q "$c"
	row=$(printf '%2d %-56.56s' "$i" "$subject")
	for t in $TARGETS; do
		rm -f "$BUILD/$t/counts" "$BUILD/$t/build.ok" "$out/$i-$t".*
		NO_WORKLOAD=1 STRESS_MS=1000 \
			"$TOP/scripts/kunit-target.sh" "$t" >"$out/$i-$t.log" 2>&1
		read -r p f s 2>/dev/null <"$BUILD/$t/counts" || { p=0 f=1 s=0; }
		echo "$p $f $s" >"$out/$i-$t.counts"
		[ -f "$BUILD/$t/build.ok" ] && touch "$out/$i-$t.build-ok"
		[ "$f" -eq 0 ] || rc=1
		tail -n 1 "$out/$i-$t.log" | sed 's/^/    /'
		row="$row $(printf '%3d/%-3d' "$p" $((p + f + s)))"
		[ "$f" -eq 0 ] || row="$row!"
	done
	echo "$row" >>"$out/table"
done

printf '\n   %-56s' "patch (checks passed/run per target)"
printf ' %-7s' $TARGETS
echo
cat "$out/table"
[ $rc -eq 0 ] && echo "every patch passes every target" || echo "FAILURES: see $out/"
exit $rc
