#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fixes-6.12: the series' fixes as stable would take them on 6.12.
# The fix patches are those of patches-6.12/ with a Fixes: tag.  Checks:
#   - each applies alone to the 6.12 base, those with Cc: stable apply
#     together without the others, and all of them apply in series order
#     (stable's order) with git am;
#   - the suite (its first patch only, as a test on top: stable takes no
#     test) runs on 6.12 without any fix, with each fix alone, and with
#     all of them: each fix's case must fail without it and pass with it
#     alone, and with all the fixes the whole run must pass.
# Kernels: i386-4g (no DEBUG_KMAP_LOCAL, so that CPU 0's first mapping
# takes the first slot: patches 1 and 2) and i386-nohigh (patch 3), each
# built from a worktree of work/linux-6.12, in build/fixes-6.12/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
use_base 6.12

out=$BUILD/fixes-6.12
wt=$TOP/work/fixes-6.12
TARGETS="i386-4g i386-nohigh"
# The case that shows each fix, by the subject's function: target case.
fix_case() {
	case "$1" in
	*kmap_to_page*) echo "i386-4g kmap_local_warn_kmap_to_page" ;;
	*is_kmap_addr*) echo "i386-4g kmap_local_test_first_slot" ;;
	*"without HIGHMEM"*) echo "i386-nohigh kmap_local_test_slot_reuse" ;;
	*) echo "- -" ;;
	esac
}
is_stable() { grep -qiE '^Cc: .*stable@vger\.kernel\.org' "$1"; }

[ -d "$TREE" ] || die "no 6.12 tree: run 'make tree-6.12'"
mapfile -t fixes < <(grep -l '^Fixes: ' $(series_patches))
[ ${#fixes[@]} -gt 0 ] || die "no patch in $PATCHES has a Fixes: tag"
suite=$(grep -l '^+++ b/lib/test_kmap_local.c' $(series_patches) | head -n 1)
[ -n "$suite" ] || die "no patch in $PATCHES adds lib/test_kmap_local.c"
mkdir -p "$out"
rm -f "$out"/*.log "$out/table.txt"
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
if [ ! -e "$wt/.git" ]; then
	tree_git worktree add -q --detach "$wt" "$(base_ref)" || die "could not add $wt"
fi
g() { git_project "$wt" "$@"; }
# on_base PATCH...: a branch-less checkout of the base with PATCHes applied
on_base() {
	g am --abort >/dev/null 2>&1
	g checkout -q -f --detach "$(base_ref)" || return 1
	[ $# -eq 0 ] && return 0
	g am -q --keep-cr "$@" >>"$out/am.log" 2>&1 && return 0
	g am --abort >/dev/null 2>&1
	return 1
}

msg "fixes on $(tree_git log -1 --format=%s "$(base_ref)"): ${#fixes[@]} patches with a Fixes: tag"
declare -A alone
for p in "${fixes[@]}"; do
	on_base "$p" && alone[$p]=ok || alone[$p]=FAIL
done
stable=()
for p in "${fixes[@]}"; do is_stable "$p" && stable+=("$p"); done
if [ ${#stable[@]} -eq 0 ]; then
	stable_only="none has Cc: stable"
else
	on_base "${stable[@]}" && stable_only=ok || stable_only=FAIL
fi
on_base "${fixes[@]}" && inorder=ok || inorder=FAIL

# The kernels: name, the patches under the suite, targets
runs=("without||$TARGETS")
i=0
for p in "${fixes[@]}"; do
	i=$((i + 1))
	read -r t _ < <(fix_case "$(patch_subject "$p")")
	[ "$t" = - ] || runs+=("fix$i|$p|$t")
done
[ $inorder = ok ] && runs+=("all|${fixes[*]}|$TARGETS")
rc=0
for r in "${runs[@]}"; do
	IFS='|' read -r name pats tgts <<<"$r"
	# shellcheck disable=SC2086
	if ! on_base $pats "$suite"; then
		warn "$name: the patches do not apply with the suite (see $out/am.log)"
		rc=1
		continue
	fi
	for t in $tgts; do
		msg "[$t] 6.12, $name"
		TREE=$wt BUILD=$out/$name NO_WORKLOAD=1 STRESS_MS=1000 \
			"$TOP/scripts/kunit-target.sh" "$t" >"$out/$name-$t.log" 2>&1
		echo $? >"$out/$name-$t.rc"
		tail -n 1 "$out/$name-$t.log" | sed 's/^/    /'
	done
done
on_base

# result RUN TARGET CASE: the case's whole status in that run's table
# ("FAIL (skip not allowed)" is not "FAIL")
result() {
	awk -v t="$2" -v c="$3" '$1 == t && $2 == c { $1 = $2 = ""; sub(/^ +/, ""); r = $0 }
		END { print r ? r : "-" }' "$out/$1-$2.log" 2>/dev/null
}
{
echo
printf '%-50s %-6s %-6s %-9s %-40s %-8s %-10s %-8s\n' "fix (stable's order)" stable alone "in order" \
	"case (target)" without "it alone" "all"
i=0
for p in "${fixes[@]}"; do
	i=$((i + 1))
	read -r t c < <(fix_case "$(patch_subject "$p")")
	wo=$(result without "$t" "$c") w1=$(result "fix$i" "$t" "$c") wa=$(result all "$t" "$c")
	cc=no
	is_stable "$p" && cc=Cc
	printf '%-50.50s %-6s %-6s %-9s %-40s %-8s %-10s %-8s\n' "$(patch_subject "$p")" "$cc" \
		"${alone[$p]}" "$inorder" "$c ($t)" "$wo" "$w1" "$wa"
	[ "${alone[$p]}" = ok ] && [ $inorder = ok ] && [ "$wo" = FAIL ] &&
		[ "$w1" = PASS ] && [ "$wa" = PASS ] || rc=1
done
echo "the Cc: stable patches alone, in order (${#stable[@]}): $stable_only"
[ "$stable_only" = ok ] || rc=1
for t in $TARGETS; do
	echo "6.12 with all the fixes, $t: $(tail -n 1 "$out/all-$t.log" 2>/dev/null | sed 's/^ *//')"
	[ "$(cat "$out/all-$t.rc" 2>/dev/null)" = 0 ] || rc=1
done
echo "logs: $out/"
[ $rc -eq 0 ] && echo "every fix applies alone and in order; its case fails without it and passes with it alone; with all of them every case passes" ||
	echo "FAILED: see the rows above"
} >"$out/table.txt"
cat "$out/table.txt"
exit $rc
