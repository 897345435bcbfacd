#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: the tooling tests, the targets of TEST_TARGETS (FULL=1, make
# test-full: and those of FULL_TARGETS and the 6.12 flavour's; KUnit
# suite, the WARN suite and, where the target has it, the userspace
# workload), checkpatch on every patch, and the series mailed to a local
# SMTP sink and applied back (outbox-check), and the targets' KUnit boots
# run again as LAVA jobs by LAVA's own dispatcher (lava).  Ends with
# "N passed, N failed, N skipped"; exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${TARGETS:-$TEST_TARGETS${FULL:+ $FULL_TARGETS $LTS_TARGETS}}
start=$SECONDS
rm -f "$BUILD"/*/counts "$BUILD"/*/time
timed() {	# STEP CMD...: run CMD, its wall time to build/STEP/time
	local step=$1 t0=$SECONDS
	shift
	"$@"
	mkdir -p "$BUILD/$step"
	echo $((SECONDS - t0)) >"$BUILD/$step/time"
}
msg "tools: the scripts themselves, on a synthetic tree"
timed tools "$TOP/scripts/test-tools.sh"
for t in $TARGETS; do
	timed "$t" "$TOP/scripts/kunit-target.sh" "$t"
done
msg "checkpatch --strict"
timed checkpatch "$TOP/scripts/checkpatch.sh"
msg "outbox-check: the series mailed to a local SMTP sink, and applied back"
timed outbox-check "$TOP/scripts/outbox-check.sh"
msg "lava: make test's boots as LAVA jobs, run again by lava-run"
timed lava "$TOP/scripts/lava.sh"
printf '\n==> matrix finished in %dm%02ds\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60))
# shellcheck disable=SC2086
exec "$TOP/scripts/summary.sh" tools $TARGETS checkpatch outbox-check lava
