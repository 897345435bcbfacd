#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability: check out every patch of the series in turn, run the whole
# matrix on it, and print a patch-by-target table.  The tree is put back on
# the series branch afterwards, whatever happens.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${TARGETS:-"i386 arm x86_64"}
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
out=$BUILD/each-patch
rm -rf "$out"
mkdir -p "$out"
trap 'tree_git checkout -q "$SERIES_BRANCH"' EXIT

commits=$(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH")
[ -n "$commits" ] || die "no commits on $SERIES_BRANCH"
rc=0 i=0
for c in $commits; do
	i=$((i + 1))
	subject=$(tree_git log -1 --format=%s "$c")
	msg "patch $i: $subject"
	tree_git checkout -q "$c"
	row=$(printf '%2d %-58.58s' "$i" "$subject")
	for t in $TARGETS; do
		rm -f "$BUILD/$t/counts"
		"$TOP/scripts/kunit-target.sh" "$t" >"$out/$i-$t.log" 2>&1
		read -r p f s 2>/dev/null <"$BUILD/$t/counts" || { p=0 f=1 s=0; }
		[ "$f" -eq 0 ] || rc=1
		tail -n 1 "$out/$i-$t.log" | sed 's/^/    /'
		row="$row $(printf '%3d/%-3d' "$p" $((p + f + s)))"
		[ "$f" -eq 0 ] || row="$row!"
	done
	echo "$row" >>"$out/table"
done

printf '\n   %-58s' "patch (cases passed/run per target)"
printf ' %-7s' $TARGETS
echo
cat "$out/table"
[ $rc -eq 0 ] && echo "every patch passes every target" || echo "FAILURES: see $out/"
exit $rc
