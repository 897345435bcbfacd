#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make peer: load nobody here wrote, on the series and on its base.  Each
# target's kernel (make test's configuration plus the network stack) is
# built twice from the tree as make bench builds it (base: the base
# commit plus the suite's patches; series: the whole series), both boot
# the same initramfs of Debian's stress-ng under the same QEMU settings
# and -icount, with the base tree's own selftests/mm cross-built static
# (scripts/peer-selftests.sh), and one table shows them side by side: per
# stressor, pass/fail, --verify failures, splats and bogo ops per second;
# per selftest, its exit status and TAP totals.  A selftest that fails on
# both sides is listed as a known failure of the base.  A target's
# T_PEER_FIXES (scripts/targets.sh) go on top of both sides: fixes of
# base bugs outside the series that the load would otherwise die of.
#
# Environment:
#   PEER_TARGETS  targets (default "peer-i386 peer-arm peer-i386-64g": the
#                 i386 and arm targets of make test with the network stack
#                 added, and the 6.12 flavour's i386 HIGHMEM64G target the
#                 same way, scripts/targets.sh)
#   PEER_SCALE    bogo ops per stressor, as a multiple of the short form
#                 make test runs (default 4)
#   PEER_ONLY     only these stressors (comma-separated)
# Results: build/peer/TARGET-{base,series}/ (console.log, result.json),
# build/peer/table.md; exits non-zero if the series fails a stressor the
# base passes, or either side did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${PEER_TARGETS:-peer-i386 peer-arm peer-i386-64g}
SCALE=${PEER_SCALE:-4}
out=$BUILD/peer
start=$SECONDS

for t in $TARGETS; do
	target_vars "$t" || die "unknown target '$t'"
	[ -n "$T_PEER" ] || die "target '$t' has no stress-ng run (T_PEER in scripts/targets.sh)"
done

# Each flavour's kernels are built from its own tree (a target's T_BASE:
# the 6.12 flavour's from work/linux-6.12), as make bench builds them.
for t in $TARGETS; do
	target_vars "$t"
	msg "peer: building base and series kernels for $t${T_BASE:+ (the $T_BASE flavour)}"
	BASE=${T_BASE:-mainline} BENCH_TARGETS=$t BENCH_FIXES=$T_PEER_FIXES \
		"$TOP/scripts/bench.sh" --build-only ||
		die "[$t] the kernels did not build"
	# what each side was built from (the worktrees move on with the next
	# target's build)
	bt=$(bench_dir "${T_BASE:-mainline}")
	mkdir -p "$out"
	for side in base series; do
		git -C "$bt/$side" log -1 --format='%h %s' >"$out/$t-$side.commit"
	done
done

rc=0
for t in $TARGETS; do
	target_vars "$t"
	bt=$(bench_dir "${T_BASE:-mainline}")
	# the base tree's selftests/mm, one set of binaries for both sides
	st=$out/selftests-$T_ARCH${T_BASE:+-$T_BASE}
	"$TOP/scripts/peer-selftests.sh" "$T_ARCH" "$bt/base" "$st" ||
		die "[$t] the selftests did not build"
	# -icount, so that bogo ops per second compare; not on arm, whose
	# base kernel here stopped booting under -icount shift=0 right after
	# the console came up, QEMU spinning for 14 minutes (docs/peer.md);
	# plain TCG there, as make test's short form runs
	icount=1 mode="-icount shift=0"
	[ "$T_ARCH" != arm ] || icount= mode="plain TCG"
	for side in base series; do
		img=$BUILD/bench/$t-$side/$(kernel_image "$T_ARCH")
		msg "[$t $side] stress-ng, scale $SCALE, and selftests/mm, $mode"
		PEER_ICOUNT=$icount PEER_SELFTESTS=$st "$TOP/scripts/peer-run.sh" \
			"$T_PEER" "$img" "$out/$t-$side" "$SCALE" || rc=1
	done
	# this target's part of the table, kept until its next run
	{
		echo "## $t, $(date -u +%Y-%m-%d), PEER_SCALE=$SCALE, $mode"
		echo
		for side in base series; do
			echo "- $side: $(cat "$out/$t-$side.commit")"
		done
		[ -z "$T_PEER_FIXES" ] ||
			echo "- both sides also carry $T_PEER_FIXES/ (a fix of the base outside the series)"
		echo
	} >"$out/$t.md"
	"$PYTHON" "$TOP/scripts/peer-report.py" table --target "$t" --md "$out/$t.md" \
		--side "base=$out/$t-base/result.json" \
		--side "series=$out/$t-series/result.json" || rc=1
done

# One table of every target's last run.
table=$out/table.md
{
	echo "# make peer: Debian's stress-ng and selftests/mm, base against series"
	echo
	echo "Bogo ops per second under -icount shift=0 are of a virtual clock of"
	echo "one nanosecond per guest instruction; under plain TCG of the host's"
	echo "clock. Neither is a cost measure: make bench is."
	echo
	for t in peer-i386 peer-arm peer-i386-64g; do
		[ ! -f "$out/$t.md" ] || { cat "$out/$t.md"; echo; }
	done
} >"$table"
msg "peer: done in $(((SECONDS - start) / 60)) min; table: $table"
[ $rc -eq 0 ] && echo "peer: every stressor passes on base and series" ||
	echo "peer: FAILED (see the table and build/peer/*/console.log)"
exit $rc
