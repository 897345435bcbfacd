#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make workload: the userspace workload (scripts/workload.sh) on the base
# and the series kernels that make bench builds, i386 (PAE) and arm
# (LPAE), without DEBUG_KMAP_LOCAL.  WORKLOAD_MIB sets the MiB per phase
# (default 1024).  Prints GiB moved, seconds, mismatches and log splats.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MIB=${WORKLOAD_MIB:-1024}
out=$BUILD/workload
"$TOP/scripts/bench.sh" --build-only
mkdir -p "$out"
rc=0
table=$out/table
: >"$table"
for t in $BENCH_TARGETS; do
	target_vars "$t"
	for side in base series; do
		img=$BUILD/bench/$t-$side/$(kernel_image "$T_ARCH")
		msg "[$t $side] workload, $MIB MiB per phase"
		if "$TOP/scripts/workload.sh" "$T_ARCH" "$img" "$out/$t-$side" "$MIB"; then
			verdict=PASS
		else
			verdict=FAIL rc=1
		fi
		read -r gib secs bad splats _ <"$out/$t-$side/result" 2>/dev/null ||
			gib=- secs=- bad=- splats=-
		printf '%-11s %-7s %8s %8s %11s %7s  %s\n' "$t" "$side" "$gib" \
			"$secs" "$bad" "$splats" "$verdict" >>"$table"
	done
done
printf '\n%-11s %-7s %8s %8s %11s %7s\n' target kernel GiB seconds mismatches splats
cat "$table"
exit $rc
