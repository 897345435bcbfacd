#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make uffd-poison: what a read of a page poisoned with UFFDIO_POISON does
# on each architecture's page fault handler, on the base and with
# patches-uffd-poison/ (a bug of the base that make peer met, apart from
# the kmap_local series; docs/uffd-poison.md).  For each target: build its
# make test kernel from the base commit (the tree's kunit.py, the
# target's fragments plus configs/uffd-poison.config), build
# workload/uffd-poison.c static against the tree's nolibc with the
# target's cross compiler, boot it as init of an initramfs, then apply
# the patches, rebuild and boot again.  Each boot says SIGBUS (right),
# another signal, or a kernel BUG.
#
# Usage: uffd-poison.sh [TARGET...]   (default: arm mips32 sparc32
# sparc64, the architectures the patches change; x86 decodes the value
# already)
# Environment: UFFD_POISON_TIMEOUT (seconds per boot, default 600).
# Results: build/uffd-poison/TARGET-{base,fixed}.{log,result} and
# build/uffd-poison/table.txt (this run's targets and the last result of
# any other, so that targets can run one at a time).  Exits non-zero if a kernel did not build
# or boot, or if a kernel with the patches does not give SIGBUS; the
# base's own answer is what the table shows, not a failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

targets=${*:-arm mips32 sparc32 sparc64}
timeout_s=${UFFD_POISON_TIMEOUT:-600}
out=$BUILD/uffd-poison
wt=$TOP/work/uffd-poison
# the patches, not the cover letter (0000)
fixes=()
for p in "$TOP"/patches-uffd-poison/[0-9][0-9][0-9][0-9]-*.patch; do
	case "${p##*/}" in 0000-*) ;; *) fixes+=("$p") ;; esac
done
command -v cpio >/dev/null || die "cpio not found: run 'make deps'"
[ ${#fixes[@]} -gt 0 ] || die "no patches in patches-uffd-poison/"
[ -d "$TREE/tools/include/nolibc" ] || die "no kernel tree at $TREE: run 'make tree'"

# a worktree of the base commit, its own so that the series tree is left
# alone; the patches go on as changes to its files, and come off again
base=$(tree_git rev-parse --verify "$(base_ref)^{commit}")
if [ -e "$wt/.git" ]; then
	git -C "$wt" reset -q --hard && git -C "$wt" checkout -q --detach "$base"
else
	tree_git worktree add -q --detach "$wt" "$base"
fi
trap 'git -C "$wt" reset -q --hard' EXIT

# boot SIDE: build the kernel in $kdir from $wt, boot the program, and
# write $out/$t-SIDE.result ("PASS ..." or "FAIL ..."); non-zero if the
# kernel did not build or boot
boot() {
	local side=$1 log=$out/$t-$1.log res bug
	rm -f "$out/$t-$side.result"
	kunit_build "$t" "$kdir" "$out/$t-$side.build.log" ||
		{ warn "[$t $side] build failed: $out/$t-$side.build.log"; return 1; }
	msg "[$t $side] booting the program as init"
	"${KUNIT[@]}" exec "${KARGS[@]}" --raw_output=all --timeout="$timeout_s" \
		--qemu_args="$T_QEMU -initrd $tdir/initramfs.cpio" \
		--kernel_args="rdinit=/init kunit.enable=0 $T_CMDLINE" \
		>"$log" 2>&1 || true
	res=$(grep -m1 -o 'uffd-poison: \(PASS\|FAIL\|SKIP\|ERROR\).*' "$log" | tr -d '\r' || true)
	[ -n "$res" ] || { warn "[$t $side] no result in $log (boot failed?)"; return 1; }
	bug=$(grep -m1 -o 'Kernel bug detected\|kernel BUG at [^ ]*\|Oops[^:]*' "$log" | tr -d '\r' || true)
	# where, on architectures whose BUG() does not say (MIPS: the epc line)
	[ -z "$bug" ] || [ "${bug#kernel BUG at}" != "$bug" ] ||
		bug="$bug $(grep -m1 -oE '(epc *: [0-9a-f]+ |PC is at )[^ ]+' "$log" |
			sed -E 's/^(epc *: [0-9a-f]+ |PC is at )//' | tr -d '\r' || true)"
	echo "${res#uffd-poison: }${bug:+; kernel: $bug}" >"$out/$t-$side.result"
	echo "    [$t $side] $(cat "$out/$t-$side.result")"
}

rc=0
mkdir -p "$out"
for t in $targets; do
	tdir=$out/$t
	kdir=$tdir/kernel
	kunit_setup "$t" "$wt" "$kdir"
	[ "$T_BOOT" != no ] || die "[$t] has no QEMU machine"
	KARGS+=(--kunitconfig="$TOP/configs/uffd-poison.config")
	# the target's QEMU config, with KUnit's shutdown turned off: the
	# program is init and restarts the machine itself (-no-reboot)
	export KMAP_LOCAL_QEMU_CONFIG=${T_QEMU_CONFIG:-$wt/tools/testing/kunit/qemu_configs/$T_ARCH.py}
	KARGS+=(--qemu_config="$TOP/configs/qemu/no-shutdown.py")

	# the program, static against nolibc and the tree's uapi headers
	# (libgcc where the compiler has one for the ABI: sparc64-linux-gnu-gcc
	# has no 32-bit one, and the program needs none)
	libgcc=-lgcc
	case "$T_ARCH" in
	i386) cc=i686-linux-gnu-gcc karch=x86 ;;
	sparc) cc="${T_CROSS}gcc -m32 -mcpu=v8" karch=sparc libgcc= ;;
	sparc64) cc=${T_CROSS}gcc karch=sparc ;;
	powerpc32) cc="${T_CROSS}gcc -m32" karch=powerpc ;;
	*) cc=${T_CROSS}gcc karch=$T_ARCH ;;
	esac
	rm -rf "$tdir/sysroot" "$tdir/initramfs"
	mkdir -p "$tdir/initramfs"
	{ make -s -C "$wt" O="$tdir/hdr" ARCH="$karch" headers_install \
		INSTALL_HDR_PATH="$tdir/sysroot" &&
	  make -s -C "$wt/tools/include/nolibc" headers OUTPUT="$tdir/"; } \
		>"$tdir/headers.log" 2>&1 || die "[$t] headers: $tdir/headers.log"
	# shellcheck disable=SC2086
	$cc -Os -Wall -static -nostdlib -nostdinc -fno-stack-protector \
		-fno-asynchronous-unwind-tables -isystem "$tdir/sysroot/include" \
		-include "$tdir/sysroot/include/nolibc.h" \
		-o "$tdir/initramfs/init" "$TOP/workload/uffd-poison.c" $libgcc \
		>"$tdir/compile.log" 2>&1 || die "[$t] compiling: $tdir/compile.log"
	(cd "$tdir/initramfs" && echo init | cpio -o -H newc --owner=0:0 --quiet) \
		>"$tdir/initramfs.cpio"

	msg "[$t] the base, $(git -C "$wt" log -1 --format='%h %s')"
	git -C "$wt" reset -q --hard
	boot base || rc=1
	msg "[$t] the base with patches-uffd-poison/"
	git -C "$wt" apply "${fixes[@]}" || die "patches-uffd-poison/ does not apply to the base"
	if boot fixed; then
		grep -q '^PASS' "$out/$t-fixed.result" ||
			{ warn "[$t] still no SIGBUS with the patches"; rc=1; }
	else
		rc=1
	fi
	git -C "$wt" reset -q --hard
done

{
	echo "# make uffd-poison, $(date -u +%Y-%m-%d): a read of a page poisoned with UFFDIO_POISON, as uid 65534"
	echo "# base: $(git -C "$wt" log -1 --format='%h %s')"
	printf '%s | %s | %s\n' target base "with patches-uffd-poison/"
	# this run's targets and the last result of any other
	shown=" "
	# shellcheck disable=SC2086,SC2046
	for t in $targets $(find "$out" -maxdepth 1 -name '*-base.result' -printf '%f\n' |
			sed 's/-base\.result$//' | sort); do
		case "$shown" in *" $t "*) continue ;; esac
		shown="$shown$t "
		printf '%s | %s | %s\n' "$t" \
			"$(cat "$out/$t-base.result" 2>/dev/null || echo -)" \
			"$(cat "$out/$t-fixed.result" 2>/dev/null || echo -)"
	done
} | tee "$out/table.txt"
exit $rc
