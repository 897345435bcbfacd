#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what kmap_local costs before and after the series.
#
# Two kernels per arch from one tree: "base" is the base commit plus only
# those patches of the series that touch nothing but lib/ and MAINTAINERS
# (the KUnit suite and its benchmarks), "series" is the whole series.  Both
# are built without DEBUG_KMAP_LOCAL and booted under the same QEMU
# settings, running only the benchmark cases of the suite:
#   tcg      plain TCG: real time of an emulation, noisy;
#   icount   -icount shift=0: a virtual clock of one nanosecond per guest
#            instruction; it repeats exactly, so it is run twice to show it.
# Results: build/bench/ (logs, results.json, results.csv, *.png, and
# TARGET-bloat.txt: scripts/bloat-o-meter -t of the two vmlinux files, and
# its last line, the growth outside the suite).
# With --build-only it stops after the builds (make workload uses them).
# BENCH_PAIRS sets the pairs per batch (default 20000), BENCH_MODES the
# modes (default "tcg icount icount2").  BENCH_BASE and BENCH_SERIES choose
# the two sides: a commit of the tree (a patch's own cost: the commit
# before it against it), or "+N,M" for the base, the test patches and
# patches N and M of the series alone (patch 11 alone: BENCH_SERIES=+11;
# the rest of the series against that: BENCH_BASE=+11).  Defaults: the
# base with the test patches, and the whole series.  BENCH_FIXES names
# directories of patches (patches-arm-hugetlb) applied on top of both
# sides: fixes of the base outside the series that a load needs (make
# peer on arm).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PAIRS=${BENCH_PAIRS:-20000}
MODES=${BENCH_MODES:-tcg icount icount2}
# The virtual clock, and nothing else that differs from run to run: the
# RTC runs on it from a fixed date, and ARM's virt machine passes no random
# seeds in its device tree.
ICOUNT="-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
out=$BUILD/bench
BT=$(bench_dir)
start=$SECONDS

[ -d "$TREE/.git" ] || [ -f "$TREE/.git" ] || die "no tree at $TREE: run 'make tree'"
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
"$PYTHON" -c 'import matplotlib' 2>/dev/null ||
	die "python3-matplotlib is missing: run 'make deps'"

# The base commit: base plus the series' test-only patches that come
# before its first feature patch (one neither test-only nor a fix: later
# test patches test the feature), and the patches numbered in $1
# ("11,13"), applied to a scratch index, so the same series gives the same
# commit every time.
bench_base_commit() {
	local idx c tree n=0 extra=",${1:-}," feature=
	idx=$(mktemp)
	GIT_INDEX_FILE=$idx tree_git read-tree "$(base_ref)"
	for c in $(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH"); do
		n=$((n + 1))
		if [[ "$extra" != *",$n,"* ]]; then
			if tree_git diff-tree --no-commit-id --name-only -r "$c" |
				grep -qvE '^(lib/|MAINTAINERS$)'; then
				tree_git log -1 --format=%B "$c" | grep -q '^Fixes: ' ||
					feature=yes
				continue
			fi
			[ -z "$feature" ] || continue
		fi
		tree_git diff "$c^" "$c" |
			GIT_INDEX_FILE=$idx tree_git apply --cached ||
			{ rm -f "$idx"; die "could not apply $(tree_git log -1 --format=%s "$c") to the bench base"; }
		echo "    has: $(tree_git log -1 --format=%s "$c")" >&2
	done
	tree=$(GIT_INDEX_FILE=$idx tree_git write-tree)
	rm -f "$idx"
	bench_commit "$tree" "$(base_ref)" \
		"bench: $(tree_git log -1 --format=%s "$(base_ref)"), the test patches${1:+ and patches $1}"
}

# bench_commit TREE PARENT MESSAGE: a commit with the neutral identity and
# date, so that the same input gives the same commit id every time
bench_commit() {
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		tree_git commit-tree "$1" -p "$2" -m "$3"
}

# bench_side SPEC: the commit a side builds ("+N,M", a commit, or empty)
bench_side() {
	case "$1" in
	"")	bench_base_commit "" ;;
	+*)	bench_base_commit "${1#+}" ;;
	*)	tree_git rev-parse --verify -q "$1^{commit}" ||
			die "BENCH_BASE/BENCH_SERIES: '$1' is no commit of $TREE" ;;
	esac
}

# bench_with_fixes COMMIT: COMMIT with the patches of $BENCH_FIXES on top,
# one commit each, made the same way every time (no identity needed)
bench_with_fixes() {
	local c=$1 d p idx tree
	for d in ${BENCH_FIXES:-}; do
		for p in "$TOP/$d"/[0-9][0-9][0-9][0-9]-*.patch; do
			[ -f "$p" ] || die "BENCH_FIXES: no patches in $d"
			idx=$(mktemp)
			GIT_INDEX_FILE=$idx tree_git read-tree "$c"
			GIT_INDEX_FILE=$idx tree_git apply --cached "$p" ||
				{ rm -f "$idx"; die "$(basename "$p") does not apply to $(tree_git log -1 --format='%h %s' "$c")"; }
			tree=$(GIT_INDEX_FILE=$idx tree_git write-tree)
			rm -f "$idx"
			c=$(bench_commit "$tree" "$c" \
				"$(sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\{0,1\}//p' "$p" | head -n 1)")
			echo "    has: $(basename "$p")" >&2
		done
	done
	echo "$c"
}

# A worktree per side, so that each keeps its build and switching between
# them rebuilds nothing.  checkout only rewrites the files that differ.
bench_worktree() {
	local wt=$BT/$1
	if [ -e "$wt/.git" ]; then
		git -C "$wt" checkout -q --detach "$2"
	else
		mkdir -p "$BT"
		tree_git worktree add -q --detach "$wt" "$2"
	fi
}

msg "bench: $PAIRS pairs per batch"
base_c=$(bench_side "${BENCH_BASE:-}")
base_c=$(bench_with_fixes "$base_c")
series_c=$(bench_side "${BENCH_SERIES:-$SERIES_BRANCH}")
series_c=$(bench_with_fixes "$series_c")
bench_worktree base "$base_c"
bench_worktree series "$series_c"
msg "bench: base = $(git -C "$BT/base" log -1 --format='%h %s')"
msg "bench: series = $(git -C "$BT/series" log -1 --format='%h %s')"

mkdir -p "$out"
# the last run's logs go, unless only kernels are wanted (make peer,
# make workload)
[ "${1:-}" = --build-only ] || rm -f "$out"/*.log
for t in $BENCH_TARGETS; do
	for side in base series; do
		kunit_setup "$t" "$BT/$side" "$out/$t-$side"
		msg "[$t $side] building"
		kunit_build "$t" "$out/$t-$side" "$out/$t-$side.build.log" ||
			die "[$t $side] build failed; whole log: $out/$t-$side.build.log"
	done
done

[ "${1:-}" = --build-only ] && exit 0

# suite_text DIR: bytes of function text in DIR's lib/test_kmap_local.o
suite_text() {
	"${T_CROSS}nm" -S "$1/lib/test_kmap_local.o" | "$PYTHON" -c '
import sys
print(sum(int(f[1], 16) for f in map(str.split, sys.stdin)
          if len(f) == 4 and f[2] in "tT"))'
}

# Code size: the series' vmlinux against its base's, symbol by symbol.  The
# series adds cases to the suite too (patch 15), so the suite's own growth,
# the function text of lib/test_kmap_local.o, is taken out of the total to
# give what the series costs the kernel outside it.
for t in $BENCH_TARGETS; do
	target_vars "$t"
	bloat=$out/$t-bloat.txt
	"$PYTHON" "$BT/series/scripts/bloat-o-meter" -t \
		"$out/$t-base/vmlinux" "$out/$t-series/vmlinux" >"$bloat" ||
		die "[$t] bloat-o-meter failed"
	total=$(sed -n 's/^add\/remove: .* (\(-\{0,1\}[0-9]*\))$/\1/p' "$bloat")
	base_suite=$(suite_text "$out/$t-base") && series_suite=$(suite_text "$out/$t-series") ||
		die "[$t] no function text read from lib/test_kmap_local.o"
	[ -n "$total" ] || die "[$t] no total in $bloat"
	suite=$((series_suite - base_suite))
	echo "outside lib/test_kmap_local.c: $((total - suite)) bytes (total $total, the suite $suite)" >>"$bloat"
	msg "[$t] vmlinux text, series against base: $(grep -m1 '^add/remove' "$bloat")"
	msg "[$t] $(tail -n 1 "$bloat")"
done

n=0 total=$(($(wc -w <<<"$BENCH_TARGETS") * 2 * $(wc -w <<<"$MODES")))
for t in $BENCH_TARGETS; do
	for mode in $MODES; do
		for side in base series; do
			n=$((n + 1))
			kunit_setup "$t" "$BT/$side" "$out/$t-$side"
			qemu=$T_QEMU
			[ "$mode" = tcg ] || qemu="$qemu ${T_ICOUNT:-$ICOUNT}"
			[ "$mode" = tcg ] || [ "$T_ARCH" != arm ] ||
				qemu="$qemu -machine dtb-randomness=off"
			log=$out/$t-$side-$mode.log
			msg "[$n/$total] $t $side $mode: qemu $qemu"
			run_logged "[$t $side $mode] boot" "$out/$t-$side-$mode.exec.log" \
				"${KUNIT[@]}" exec "${KARGS[@]}" --qemu_args="$qemu" \
				--timeout=1800 \
				--kernel_args="test_kmap_local.bench=$PAIRS $T_CMDLINE" \
				'kmap_local.kmap_local_bench_*' || true
			cp "$out/$t-$side/test.log" "$log"
			grep -q 'bench switch held=8' "$log" ||
				die "[$t $side $mode] no benchmark figures; see $log"
		done
	done
done

msg "bench: all runs done in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
"$PYTHON" "$TOP/scripts/bench-report.py" --dir "$out" --targets "$BENCH_TARGETS" \
	--modes "$MODES"
