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
# both sides is listed as a known failure of the base.
#
# Environment:
#   PEER_TARGETS  targets (default "peer-i386 peer-arm": the i386 and arm
#                 targets of make test with the network stack added,
#                 scripts/targets.sh)
#   PEER_SCALE    bogo ops per stressor, as a multiple of the short form
#                 make test runs (default 4)
#   PEER_ONLY     only these stressors (comma-separated)
# Results: build/peer/TARGET-{base,series}/ (console.log, result.json),
# build/peer/table.md; exits non-zero if the series fails a stressor the
# base passes, or either side did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${PEER_TARGETS:-peer-i386 peer-arm}
SCALE=${PEER_SCALE:-4}
out=$BUILD/peer
start=$SECONDS

for t in $TARGETS; do
	target_vars "$t" || die "unknown target '$t'"
	[ -n "$T_PEER" ] || die "target '$t' has no stress-ng run (T_PEER in scripts/targets.sh)"
	[ -z "$T_BASE" ] || die "target '$t' is of the $T_BASE flavour: make peer runs mainline targets only"
done

msg "peer: building base and series kernels for: $TARGETS"
BENCH_TARGETS=$TARGETS "$TOP/scripts/bench.sh" --build-only ||
	die "the kernels did not build"

mkdir -p "$out"
table=$out/table.md
{
	echo "# make peer: Debian's stress-ng, base against series"
	echo
	echo "PEER_SCALE=$SCALE, -icount shift=0: bogo ops per second of a virtual"
	echo "clock of one nanosecond per guest instruction."
	echo
} >"$table"
rc=0
for t in $TARGETS; do
	target_vars "$t"
	# the base tree's selftests/mm, one set of binaries for both sides
	st=$out/selftests-$T_ARCH
	"$TOP/scripts/peer-selftests.sh" "$T_ARCH" "$TOP/work/bench/base" "$st" ||
		die "[$t] the selftests did not build"
	for side in base series; do
		img=$BUILD/bench/$t-$side/$(kernel_image "$T_ARCH")
		msg "[$t $side] stress-ng, scale $SCALE, and selftests/mm"
		PEER_ICOUNT=1 PEER_SELFTESTS=$st "$TOP/scripts/peer-run.sh" \
			"$T_ARCH" "$img" "$out/$t-$side" "$SCALE" || rc=1
	done
	"$PYTHON" "$TOP/scripts/peer-report.py" table --target "$t" --md "$table" \
		--side "base=$out/$t-base/result.json" \
		--side "series=$out/$t-series/result.json" || rc=1
done
msg "peer: done in $(((SECONDS - start) / 60)) min; table: $table"
[ $rc -eq 0 ] && echo "peer: every stressor passes on base and series" ||
	echo "peer: FAILED (see the table and build/peer/*/console.log)"
exit $rc
