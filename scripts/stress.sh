#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stress: the suite's stress case, long, on the i386 and arm targets
# (the same kernels as make test).  STRESS_MS sets the duration (default
# 60000 ms per target), STRESS_TARGETS the targets.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

STRESS_MS=${STRESS_MS:-60000}
STRESS_TARGETS=${STRESS_TARGETS:-"i386 arm"}
out=$BUILD/stress
mkdir -p "$out"
rc=0
for t in $STRESS_TARGETS; do
	kunit_setup "$t" "$TREE" "$BUILD/$t/kernel"
	msg "[$t] building kernel ($(tree_git log -1 --format='%h %s'))"
	kunit_build "$t" "$BUILD/$t/kernel" "$out/$t.build.log" ||
		die "[$t] build failed; whole log: $out/$t.build.log"
	export_dtb "$BUILD/$t/kernel" || die "[$t] the build made no device tree"
	msg "[$t] stress for $((STRESS_MS / 1000)) s"
	kunit_run "[$t] stress" "$BUILD/$t/kernel" "$out/$t" \
		$((STRESS_MS / 1000 + 900)) "$(suite_kernel_args "$STRESS_MS")" \
		'kmap_local.kmap_local_test_stress'
	"$PYTHON" "$TOP/scripts/kunit-report.py" --target "$t" --json "$out/$t.json" \
		--log "$out/$t.log" --suite kmap_local --allow-skip "$T_SKIP" \
		--counts "$out/$t.counts" || rc=1
	grep -o 'stress [0-9]* ms.*' "$out/$t.log" | sed "s/^/    [$t] /" || rc=1
done
exit $rc
