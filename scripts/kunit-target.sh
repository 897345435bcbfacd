#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one target's kernel with the tree's own kunit.py, boot it in QEMU
# and judge the kmap_local results, in up to three steps:
#   suite     the kmap_local suite, with a short stress run and a smoke run
#             of the benchmarks (figures not judged);
#   warn      the kmap_local_warn suite, whose cases WARN by design,
#             suppressed where the kernel can (lib.sh, warn_suite_args);
#   workload  on targets that have it, the userspace workload that checks
#             its data (scripts/workload.sh), short;
#   peer      on targets that have it, Debian's stress-ng with --verify,
#             a few seconds per stressor (make peer's short form,
#             scripts/peer-run.sh).
# Usage: kunit-target.sh TARGET [--highlights]   (targets: scripts/targets.sh)
# Writes build/TARGET/counts ("passed failed skipped") for the summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

target=${1:?usage: $0 TARGET [--highlights]}
highlights=${2:-}
out=$BUILD/$target
kdir=$out/kernel
STRESS_MS=${STRESS_MS:-3000}
WORKLOAD_MIB=${WORKLOAD_MIB:-64}
# a target of the 6.12 flavour runs on its tree
target_vars "$target" && [ -n "$T_BASE" ] && [ -z "$tree_env" ] && use_base "$T_BASE"
kunit_setup "$target" "$TREE" "$kdir"
mkdir -p "$out"
rm -f "$out"/counts "$out"/*.counts "$out"/peer/counts "$out"/*.json "$out/build.ok" "$out/build.time" "$kdir/test.log"

fail_all() {	# the build or boot failed: that counts as one failed check
	echo "0 1 0" >"$out/counts"
	die "$*"
}

msg "[$target] building Linux $(make -s -C "$TREE" kernelversion 2>/dev/null) ($(tree_git log -1 --format='%h %s'))"
t0=$SECONDS
kunit_build "$target" "$kdir" "$out/build.log" ||
	fail_all "[$target] build failed; whole log: $out/build.log"
echo $((SECONDS - t0)) >"$out/build.time"
touch "$out/build.ok"
export_dtb "$kdir" || fail_all "[$target] the build made no device tree"

src=$TREE/lib/test_kmap_local.c
if [ "$T_BOOT" = no ]; then
	# no QEMU model to boot it on: the build (with the suite) is the check
	echo "1 0 0" >"$out/counts"
	echo "    [$target] built${T_SUITE:+ with the kmap_local suite}; build only (QEMU has no $T_ARCH machine)"
	exit 0
fi
if [ -z "$T_SUITE" ]; then
	# the patches before the suite: the build is the check
	echo "1 0 0" >"$out/counts"
	echo "    [$target] no kmap_local suite at this patch: build only"
	exit 0
fi
# kunit_step NAME SUITE KERNEL_ARGS REPORT_ARGS...
kunit_step() {
	local name=$1 suite=$2 args=$3
	shift 3
	msg "[$target] $name: $(qemu_bin "$T_ARCH") $T_QEMU"
	kunit_judge "$target" "$kdir" "$src" "$out/$name" "$suite" "$args" "$@" ||
		echo "    [$target] $name: whole kernel log: $out/$name.log"
}

kunit_step suite kmap_local "$(suite_kernel_args "$STRESS_MS")" \
	${T_HIGHMEM:+--need-highmem}
warn_step=
warn_suite_runs "$src" && warn_step=yes
if [ -n "$warn_step" ]; then
	warn_suite_expect "$TREE" "$src"
	kunit_step warn kmap_local_warn "$(warn_suite_args "$TREE" "$src")" \
		"${WARN_EXPECT[@]}"
fi
# NO_WORKLOAD=1 skips it (make each-patch: the suite is the check there)
[ -z "${NO_WORKLOAD:-}" ] || T_WORKLOAD=
if [ -n "$T_WORKLOAD" ] && [ -x "$TOP/scripts/workload.sh" ]; then
	msg "[$target] workload: $WORKLOAD_MIB MiB per phase"
	if "$TOP/scripts/workload.sh" "$T_ARCH" "$kdir/$(kernel_image "$T_ARCH")" \
		"$out/workload" "$WORKLOAD_MIB"; then
		echo "1 0 0" >"$out/workload.counts"
	else
		echo "0 1 0" >"$out/workload.counts"
	fi
fi

[ -z "${NO_WORKLOAD:-}" ] || T_PEER=
if [ -n "$T_PEER" ]; then
	msg "[$target] peer: Debian's stress-ng, short form"
	rm -f "$out/peer/counts"
	# sock needs the network stack, which make peer's kernels have; one
	# bogo op of tmpfs takes two minutes here (memfd covers shmem)
	PEER_SKIP=sock,tmpfs "$TOP/scripts/peer-run.sh" "$T_PEER" "$kdir/$(kernel_image "$T_ARCH")" \
		"$out/peer" 1 || echo "    [$target] peer: whole log: $out/peer/console.log"
	cp "$out/peer/counts" "$out/peer.counts" 2>/dev/null || true
fi

# Add up the steps; a step that left no counts failed.
p=0 f=0 s=0
for step in suite warn workload peer; do
	[ "$step" = warn ] && [ -z "$warn_step" ] && continue
	[ "$step" = workload ] && [ -z "$T_WORKLOAD" ] && continue
	[ "$step" = peer ] && [ -z "$T_PEER" ] && continue
	if read -r a b c <"$out/$step.counts" 2>/dev/null; then
		p=$((p + a)) f=$((f + b)) s=$((s + c))
	else
		f=$((f + 1))
	fi
done
echo "$p $f $s" >"$out/counts"
if [ -n "$highlights" ]; then
	"$PYTHON" "$TOP/scripts/kunit-report.py" --highlights --target "$target" \
		--log "$out/suite.log" --json "$out/suite.json" --suite kmap_local \
		--counts /dev/null --workload "$out/workload/result"
fi
echo "    [$target] $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
