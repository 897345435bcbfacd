#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one target's kernel (as make kunit-TARGET last built it) N times,
# the suite and, on highmem targets, the WARN suite each time, and count
# the boots that passed: a test that fails now and then shows up here.
# Usage: repeat.sh TARGET N.  Each boot's logs: build/repeat/TARGET/N/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

target=${1:?usage: $0 TARGET N}
n=${2:-10}
kdir=$BUILD/$target/kernel
kunit_setup "$target" "$TREE" "$kdir"
[ -f "$kdir/$(kernel_image "$T_ARCH")" ] ||
	die "no $target kernel in $kdir: run 'make kunit-$target' first"
export_dtb "$kdir" || die "no device tree in $kdir"
src=$TREE/lib/test_kmap_local.c
out=$BUILD/repeat/$target
rm -rf "$out"

good=0
for i in $(seq 1 "$n"); do
	d=$out/$i
	mkdir -p "$d"
	ok=yes
	kunit_judge "$target" "$kdir" "$src" "$d/suite" kmap_local \
		"$(suite_kernel_args 3000)" ${T_HIGHMEM:+--need-highmem} \
		>"$d/suite.report" || ok=
	if warn_suite_runs "$src"; then
		warn_suite_expect "$TREE" "$src"
		kunit_judge "$target" "$kdir" "$src" "$d/warn" kmap_local_warn \
			"$(warn_suite_args "$TREE" "$src")" "${WARN_EXPECT[@]}" \
			>"$d/warn.report" || ok=
	fi
	if [ -n "$ok" ]; then
		good=$((good + 1))
		echo "    [$target] boot $i/$n: passed"
	else
		echo "    [$target] boot $i/$n: FAILED:"
		grep -hE 'FAIL|ERROR' "$d"/*.report | sed 's/^/        /'
	fi
done
echo "    [$target] $good of $n boots passed"
[ "$good" -eq "$n" ]
