#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one test target with the tree's own kunit.py, boot it in QEMU and
# judge the kmap_local results.  Usage: kunit-target.sh i386|arm|x86_64
set -euo pipefail
. "$(dirname "$0")/lib.sh"

target=${1:?usage: $0 i386|arm|x86_64}
cross=
case "$target" in
i386)
	arch=i386
	qemu="-m 5G -smp 2 -cpu qemu32,+pse36"
	allow_skip=
	highmem=--need-highmem ;;
arm)
	arch=arm
	cross=arm-linux-gnueabihf-
	qemu="-cpu cortex-a15 -m 3G -smp 2"
	# the virt machine's RAM starts at 1 GiB: with -m 3G it ends at 4 GiB
	allow_skip="*_above_4g"
	highmem=--need-highmem ;;
x86_64)
	arch=x86_64
	qemu="-m 1G -smp 2"
	# Without HIGHMEM kmap_local_page() is page_address(), force-map or
	# not: the cases that need a fixmap slot skip, the API contract runs.
	allow_skip="*_nesting *_preempt *_migration *_hardirq *_above_4g
		    *_switch_heavy"
	highmem= ;;
*)
	die "unknown target '$target' (i386, arm, x86_64)" ;;
esac

command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found: run 'make deps'"
command -v "qemu-system-$arch" >/dev/null ||
	die "qemu-system-$arch not found: run 'make deps'"
[ -f "$TREE/tools/testing/kunit/kunit.py" ] || die "no tree at $TREE: run 'make tree'"

out=$BUILD/$target
mkdir -p "$out"
kunitconfigs=(--kunitconfig="$TOP/configs/$target.config")
[ -f "$TREE/lib/.kunitconfig" ] && kunitconfigs+=(--kunitconfig="$TREE/lib/.kunitconfig")
common=(--arch="$arch" --build_dir="$out/kernel" "${kunitconfigs[@]}"
	--make_options="CC=ccache ${cross}gcc")
[ -n "$cross" ] && common+=(--cross_compile="$cross")
kunit=("$TREE/tools/testing/kunit/kunit.py")
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

rm -f "$out/results.json" "$out/counts" "$out/kernel/test.log"
msg "[$target] building kernel ($(tree_git log -1 --format='%h %s'))"
PROGRESS_DIR=$out/kernel run_logged "[$target] build" "$out/build.log" \
	"${kunit[@]}" build "${common[@]}" --jobs="$(nproc)" || {
	echo "0 1 0" >"$out/counts"	# the build counts as one failed check
	die "[$target] build failed; whole log: $out/build.log"
}

msg "[$target] booting qemu-system-$arch $qemu"
run_logged "[$target] boot and test" "$out/exec.log" \
	"${kunit[@]}" exec "${common[@]}" --qemu_args="$qemu" \
	--timeout=900 --json="$out/results.json" kmap_local || true
cp -f "$out/kernel/test.log" "$out/kernel.log" 2>/dev/null || true

cases=0
[ -f "$TREE/lib/test_kmap_local.c" ] &&
	cases=$(grep -cE '^\s*KUNIT_CASE' "$TREE/lib/test_kmap_local.c" || true)
if ! python3 "$TOP/scripts/kunit-report.py" --target "$target" \
	--json "$out/results.json" --log "$out/kernel.log" --cases "$cases" \
	--allow-skip "$allow_skip" $highmem --counts "$out/counts"; then
	echo "    whole kernel log: $out/kernel.log"
	exit 1
fi
