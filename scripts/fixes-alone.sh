#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fixes-6.12: the series' fixes as stable would take them on 6.12.
# The fix patches are those of patches-6.12/ with a Fixes: tag.  Checks:
#   - each applies alone to the 6.12 base, those with Cc: stable apply
#     together without the others, and all of them apply in series order
#     (stable's order) with git am;
#   - the suite (its first patch only, as a test on top: stable takes no
#     test) is run on 6.12 with and without the fixes, and the case that
#     shows each fix must fail without it and pass with it.
# Kernels: i386-4g (no DEBUG_KMAP_LOCAL, so that CPU 0's first mapping
# takes the first slot: patches 1 and 2) and i386-nohigh (patch 3), each
# built from a worktree of work/linux-6.12, in build/fixes-6.12/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
use_base 6.12

out=$BUILD/fixes-6.12
wt=$TOP/work/fixes-6.12
ID_ENV=(GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL")
# The case that shows each fix, by the subject's function: target case.
fix_case() {
	case "$1" in
	*kmap_to_page*) echo "i386-4g kmap_local_warn_kmap_to_page" ;;
	*is_kmap_addr*) echo "i386-4g kmap_local_test_first_slot" ;;
	*"without HIGHMEM"*) echo "i386-nohigh kmap_local_test_slot_reuse" ;;
	*) echo "- -" ;;
	esac
}

[ -d "$TREE" ] || die "no 6.12 tree: run 'make tree-6.12'"
mapfile -t fixes < <(grep -l '^Fixes: ' $(series_patches))
[ ${#fixes[@]} -gt 0 ] || die "no patch in $PATCHES has a Fixes: tag"
suite=$(grep -l '^+++ b/lib/test_kmap_local.c' $(series_patches) | head -n 1)
[ -n "$suite" ] || die "no patch in $PATCHES adds lib/test_kmap_local.c"
mkdir -p "$out"
rm -f "$out"/*.log
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
if [ -e "$wt/.git" ]; then
	git -C "$wt" am --abort >/dev/null 2>&1
	git -C "$wt" checkout -q -f --detach "$(base_ref)"
else
	tree_git worktree add -q --detach "$wt" "$(base_ref)"
fi
am() { env "${ID_ENV[@]}" git -C "$wt" -c commit.gpgsign=false am -q --keep-cr "$@" >>"$out/am.log" 2>&1; }

msg "fixes on $(tree_git log -1 --format=%s "$(base_ref)"): ${#fixes[@]} patches with a Fixes: tag"
declare -A alone
for p in "${fixes[@]}"; do
	git -C "$wt" apply --check "$p" 2>>"$out/am.log" && alone[$p]=ok || alone[$p]=FAIL
done
# the Cc: stable ones alone, in order, as stable's own queue would have them
mapfile -t cc_stable < <(grep -l '^Cc: stable@vger.kernel.org' "${fixes[@]}")
stable_only=ok
[ ${#cc_stable[@]} -eq 0 ] || am "${cc_stable[@]}" ||
	{ stable_only=FAIL; git -C "$wt" am --abort >/dev/null 2>&1; }
git -C "$wt" checkout -q -f --detach "$(base_ref)"
inorder=ok
am "${fixes[@]}" || { inorder=FAIL; git -C "$wt" am --abort >/dev/null 2>&1; }
[ $inorder = ok ] && am "$suite" || inorder=FAIL
git -C "$wt" branch -q -f fixes-6.12-with HEAD
git -C "$wt" checkout -q -f --detach "$(base_ref)"
am "$suite" || die "$(basename "$suite") does not apply to the 6.12 base (see $out/am.log)"
git -C "$wt" branch -q -f fixes-6.12-without HEAD

rc=0
for v in without with; do
	[ $v = with ] && [ $inorder = FAIL ] && break
	git -C "$wt" checkout -q -f fixes-6.12-$v
	for t in i386-4g i386-nohigh; do
		msg "[$t] 6.12 $v the fixes"
		TREE=$wt BUILD=$out/$v NO_WORKLOAD=1 STRESS_MS=1000 \
			"$TOP/scripts/kunit-target.sh" "$t" >"$out/$v-$t.log" 2>&1
		tail -n 1 "$out/$v-$t.log" | sed 's/^/    /'
	done
done
git -C "$wt" checkout -q -f --detach "$(base_ref)"

# result TARGET CASE VARIANT: the case's result in that run's table
result() {
	awk -v t="$1" -v c="$2" '$1 == t && $2 == c { r = $3 } END { print r ? r : "-" }' \
		"$out/$3-$1.log" 2>/dev/null
}
{
echo
printf '%-50s %-7s %-6s %-9s %-40s %-8s %-6s\n' "fix (stable's order)" stable alone "in order" \
	"case (target)" without with
i=0
for p in "${fixes[@]}"; do
	i=$((i + 1))
	subj=$(git mailinfo /dev/null /dev/null <"$p" | sed -n 's/^Subject: //p')
	read -r t c < <(fix_case "$subj")
	wo=$(result "$t" "$c" without) w=$(result "$t" "$c" with)
	cc=no
	grep -q '^Cc: stable@vger.kernel.org' "$p" && cc=Cc
	printf '%-50.50s %-7s %-6s %-9s %-40s %-8s %-6s\n' "$subj" "$cc" "${alone[$p]}" "$inorder" \
		"$c ($t)" "$wo" "$w"
	[ "${alone[$p]}" = ok ] && [ $inorder = ok ] && [ "$wo" = FAIL ] && [ "$w" = PASS ] || rc=1
done
echo "the Cc: stable patches alone, in order (${#cc_stable[@]}): $stable_only"
[ $stable_only = ok ] || rc=1
for t in i386-4g i386-nohigh; do
	echo "6.12 with the fixes, $t: $(tail -n 1 "$out/with-$t.log" 2>/dev/null | sed 's/^ *//')"
done
echo "logs: $out/"
[ $rc -eq 0 ] && echo "every fix applies alone and in order, and its case fails without it and passes with it" ||
	echo "FAILED: see the rows above"
} >"$out/table.txt"
cat "$out/table.txt"
exit $rc
