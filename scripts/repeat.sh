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

# step DIR NAME SUITE KERNEL_ARGS REPORT_ARGS...: one boot, judged
step() {
	local d=$1 name=$2 suite=$3 args=$4
	shift 4
	kunit_run "[$target] $name" "$kdir" "$d/$name" 1200 "$args" "$suite" \
		>/dev/null
	"$PYTHON" "$TOP/scripts/kunit-report.py" --target "$target" \
		--json "$d/$name.json" --log "$d/$name.log" --suite "$suite" \
		--source "$src" --allow-skip "$T_SKIP" \
		--counts "$d/$name.counts" "$@" >"$d/$name.report"
}

good=0
for i in $(seq 1 "$n"); do
	d=$out/$i
	mkdir -p "$d"
	ok=yes
	step "$d" suite kmap_local "$(suite_kernel_args 3000)" \
		${T_HIGHMEM:+--need-highmem} || ok=
	if [ -n "$T_HIGHMEM" ]; then
		step "$d" warn kmap_local_warn "test_kmap_local.warn=1" \
			--expect-warn "__kmap_to_page kunmap_local_indexed" || ok=
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
