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
# TARGET-bloat.txt: scripts/bloat-o-meter -t of the two vmlinux files).
# With --build-only it stops after the builds (make workload uses them).
# BENCH_PAIRS sets the pairs per batch (default 20000), BENCH_SERIES the
# commit to measure as "series" (default: the whole series).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PAIRS=${BENCH_PAIRS:-20000}
MODES="tcg icount icount2"
# The virtual clock, and nothing else that differs from run to run: the
# RTC runs on it from a fixed date, and ARM's virt machine passes no random
# seeds in its device tree.
ICOUNT="-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm"
out=$BUILD/bench
BT=$TOP/work/bench
start=$SECONDS

[ -d "$TREE/.git" ] || [ -f "$TREE/.git" ] || die "no tree at $TREE: run 'make tree'"
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
"$PYTHON" -c 'import matplotlib' 2>/dev/null ||
	die "python3-matplotlib is missing: run 'make deps'"

# The base commit: base plus the series' test-only patches, applied to a
# scratch index, so the same series gives the same commit every time.
bench_base_commit() {
	local idx c tree
	idx=$(mktemp)
	GIT_INDEX_FILE=$idx tree_git read-tree "$(base_ref)"
	for c in $(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH"); do
		tree_git diff-tree --no-commit-id --name-only -r "$c" |
			grep -qvE '^(lib/|MAINTAINERS$)' && continue
		tree_git diff "$c^" "$c" |
			GIT_INDEX_FILE=$idx tree_git apply --cached ||
			{ rm -f "$idx"; die "could not apply $(tree_git log -1 --format=%s "$c") to the bench base"; }
		echo "    base has: $(tree_git log -1 --format=%s "$c")" >&2
	done
	tree=$(GIT_INDEX_FILE=$idx tree_git write-tree)
	rm -f "$idx"
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		tree_git commit-tree "$tree" -p "$(base_ref)" \
		-m "bench base: $(tree_git log -1 --format=%s "$(base_ref)") and the test patches"
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

msg "bench: $PAIRS pairs per batch; base = $(tree_git log -1 --format=%s "$(base_ref)") + test patches"
bench_worktree base "$(bench_base_commit)"
# BENCH_SERIES=<commit> measures the series up to that commit instead.
bench_worktree series "${BENCH_SERIES:-$SERIES_BRANCH}"
msg "bench: series = $(git -C "$BT/series" log -1 --format='%h %s')"

mkdir -p "$out"
rm -f "$out"/*.log
for t in $BENCH_TARGETS; do
	for side in base series; do
		kunit_setup "$t" "$BT/$side" "$out/$t-$side"
		msg "[$t $side] building"
		kunit_build "$t" "$out/$t-$side" "$out/$t-$side.build.log" ||
			die "[$t $side] build failed; whole log: $out/$t-$side.build.log"
	done
done

[ "${1:-}" = --build-only ] && exit 0

# Code size: the series' vmlinux against its base's, symbol by symbol.  The
# suite is the same on both sides, so what differs is outside it.
for t in $BENCH_TARGETS; do
	"$PYTHON" "$BT/series/scripts/bloat-o-meter" -t \
		"$out/$t-base/vmlinux" "$out/$t-series/vmlinux" >"$out/$t-bloat.txt" ||
		die "[$t] bloat-o-meter failed"
	msg "[$t] vmlinux text, series against base: $(grep -m1 '^add/remove' "$out/$t-bloat.txt")"
done

n=0 total=$(($(wc -w <<<"$BENCH_TARGETS") * 2 * $(wc -w <<<"$MODES")))
for t in $BENCH_TARGETS; do
	for mode in $MODES; do
		for side in base series; do
			n=$((n + 1))
			kunit_setup "$t" "$BT/$side" "$out/$t-$side"
			qemu=$T_QEMU
			[ "$mode" = tcg ] || qemu="$qemu $ICOUNT"
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
