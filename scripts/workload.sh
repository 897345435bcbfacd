#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a HIGHMEM kernel with workload/kmapwork.c as its init and judge the
# result: data through tmpfs, pipes, ext4 on virtio-blk and zram swap,
# every byte checked, while the kernel maps those highmem pages with
# kmap_local_page().
#
# Usage: workload.sh i386|arm KERNEL_IMAGE OUTDIR [MIB]
#   KERNEL_IMAGE  arch/x86/boot/bzImage (i386) or arch/arm/boot/zImage (arm)
#                 of a kernel built with configs/workload.config
#   OUTDIR        gets kmapwork, initramfs.cpio.gz, ext4.img, console.log
#                 and result ("gib seconds mismatches splats PASS|FAIL")
#   MIB           MiB per phase (default 64)
# Environment:
#   WORKLOAD_ARGS     more kernel parameters, e.g. "kmapwork.workers=4
#                     kmapwork.rounds=3 kmapwork.serial=1" (see kmapwork.c)
#   WORKLOAD_TIMEOUT  seconds before the guest is killed (default scales
#                     with MIB)
#   ARM_CC            compiler for arm (default arm-linux-gnueabihf-gcc; the
#                     kernel needs CONFIG_VFP=y, as Debian's armhf glibc
#                     moves 64-bit values through VFP registers)
#
# Debian packages: gcc-i686-linux-gnu libc6-dev-i386-cross (i386),
# gcc-arm-linux-gnueabihf libc6-dev-armhf-cross (arm), qemu-system-x86,
# qemu-system-arm, e2fsprogs, cpio, gzip, coreutils.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: $0 i386|arm KERNEL_IMAGE OUTDIR [MIB]"
arch=${1:?$usage}
kernel=${2:?$usage}
out=${3:?$usage}
mib=${4:-64}
[[ "$mib" =~ ^[1-9][0-9]*$ ]] || die "MIB must be a positive number, not '$mib'"

case "$arch" in
i386)
	cc=i686-linux-gnu-gcc
	qemu_bin="qemu-system-i386"
	qemu_pkg="qemu-system-x86"
	# the i386 target's CPU and RAM (scripts/targets.sh)
	# shellcheck disable=SC2206
	qemu=($I386_QEMU
	      -drive "file=$out/ext4.img,if=virtio,format=raw")
	console=ttyS0 ;;
arm)
	cc=${ARM_CC:-arm-linux-gnueabihf-gcc}
	# the arm target's CPU and RAM, above 4 GiB, and so its QEMU binary
	# (scripts/targets.sh: qemu-system-arm 7.2 cannot walk page tables
	# above 4 GiB)
	qemu_bin="qemu-system-aarch64"
	qemu_pkg="qemu-system-arm"
	# shellcheck disable=SC2206
	qemu=(-M virt $ARM_HIGH_QEMU
	      -drive "if=none,file=$out/ext4.img,format=raw,id=d0"
	      -device "virtio-blk-device,drive=d0")
	console=ttyAMA0 ;;
*)
	die "unknown ARCH '$arch' (i386 or arm)" ;;
esac

triplet=${cc%-gcc}
case "$triplet" in
i686-linux-gnu) libc_pkg=libc6-dev-i386-cross ;;
arm-linux-gnueabi) libc_pkg=libc6-dev-armel-cross ;;
arm-linux-gnueabihf) libc_pkg=libc6-dev-armhf-cross ;;
*) libc_pkg="a C library for $triplet" ;;
esac
cc_pkg=gcc-$triplet
libc_hdr=/usr/$triplet/include/stdio.h

# Say everything that is missing at once, with the package to install.
missing=
need() {	# need COMMAND PACKAGE
	command -v "$1" >/dev/null || missing="$missing $1 ($2)"
}
need "$cc" "$cc_pkg"
need "$qemu_bin" "$qemu_pkg"
need mkfs.ext4 e2fsprogs
need e2fsck e2fsprogs
need cpio cpio
need gzip gzip
need timeout coreutils
need truncate coreutils
[ -f "$libc_hdr" ] || missing="$missing $libc_hdr ($libc_pkg)"
[ -z "$missing" ] || die "missing:$missing; install with apt-get"
[ -f "$kernel" ] || die "no kernel image at '$kernel'"

# Under TCG the guests check about 25 (i386) and 10 (arm) MiB/s of data;
# leave plenty of room so that only a hang times out.
timeout_s=${WORKLOAD_TIMEOUT:-$((600 + mib * 4))}

mkdir -p "$out"
out=$(cd "$out" && pwd)
kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
log=$out/console.log
rm -f "$out/result" "$log"

msg "[$arch] building kmapwork with $cc"
run_logged "[$arch] compile" "$out/compile.log" \
	"$cc" -O2 -Wall -Wextra -static -o "$out/kmapwork" \
	"$TOP/workload/kmapwork.c" || die "compiling kmapwork failed"

# The initramfs is the program alone, as /init: it mounts /dev itself
# and opens /dev/console there, so no device nodes (and no root) needed.
msg "[$arch] packing the initramfs"
rm -rf "$out/initramfs"
mkdir -p "$out/initramfs"
cp "$out/kmapwork" "$out/initramfs/init"
(cd "$out/initramfs" && find . | LC_ALL=C sort |
	cpio -o -H newc --owner=0:0 --quiet) | gzip -9 >"$out/initramfs.cpio.gz"

# Room for one round of the ext4 phase's files plus the journal.
img_mib=$((mib * 5 / 4 + 128))
msg "[$arch] making a ${img_mib} MiB ext4 image"
rm -f "$out/ext4.img"
truncate -s "${img_mib}M" "$out/ext4.img"
mkfs.ext4 -F -q -L kmapwork "$out/ext4.img"

append="console=$console kunit.enable=0 panic=-1 kmapwork.mib=$mib"
append+=${WORKLOAD_ARGS:+ $WORKLOAD_ARGS}

msg "[$arch] booting $qemu_bin ${qemu[*]:0:6} (timeout ${timeout_s}s)"
msg "[$arch] kernel command line: $append"
start=$SECONDS
rc=0
# --foreground keeps qemu in our process group, so that a Ctrl-C or a
# kill of this script's group stops the guest too.
run_logged "[$arch] workload" "$log" \
	timeout --foreground -k 10 "$timeout_s" "$qemu_bin" "${qemu[@]}" \
	-nographic -no-reboot -kernel "$kernel" \
	-initrd "$out/initramfs.cpio.gz" -append "$append" </dev/null || rc=$?
wall=$((SECONDS - start))
[ $rc -eq 124 ] && warn "[$arch] qemu killed after ${timeout_s}s"

# Serial consoles end lines in \r\n; kernel messages can land in the
# middle of a line of ours, so search anywhere in a line.
clean=$out/console.txt
tr -d '\r' <"$log" >"$clean"

splat_re='WARNING:|BUG:|Oops|Kernel panic|general protection fault'
splat_re+='|Unable to handle kernel|INFO: task .* blocked'
splat_re+='|possible circular locking|possible recursive locking'
splat_re+='|inconsistent lock state|suspicious RCU usage'
splats=$(grep -aEc "$splat_re" "$clean" || true)

total=$(grep -aEo 'kmapwork: total gib=.*result=(PASS|FAIL)' "$clean" |
	tail -n 1 || true)
field() { sed -nE "s/.* $1=([^ ]*).*/\1/p" <<<"$total"; }

grep -aE 'kmapwork: (meminfo when=before|setup |phase [a-z0-9]+ mib=|highmem |ERROR|MISMATCH)' \
	"$clean" | sed -E 's/^.*(kmapwork: )/    \1/' | head -n 60 || true
if [ "$splats" -gt 0 ]; then
	echo "    log splats:"
	grep -aEn "$splat_re" "$clean" | head -n 20 | sed 's/^/    | /'
fi

# The image must still be a clean file system after the guest unmounted it.
fsck_ok=1
if ! e2fsck -fn "$out/ext4.img" >"$out/fsck.log" 2>&1; then
	fsck_ok=0
	warn "[$arch] e2fsck -fn found problems in ext4.img: see $out/fsck.log"
fi

if [ -z "$total" ]; then
	echo "0.00 0 0 $splats FAIL" >"$out/result"
	echo "    no result block in the console log (qemu exit $rc after ${wall}s); last lines:"
	tail -n 40 "$clean" | sed 's/^/    | /'
	echo "workload $arch: 0.00 GiB moved in ${wall} s, ? mismatches, $splats log splats, FAIL"
	exit 1
fi

gib=$(field gib)
secs=$(field seconds)
mismatches=$(field mismatches)
verdict=$(field result)
if [ "$verdict" != PASS ] || [ "$mismatches" != 0 ] || [ "$splats" -ne 0 ] ||
	[ $fsck_ok -ne 1 ] || [ $rc -ne 0 ]; then
	verdict=FAIL
fi
echo "$gib $secs $mismatches $splats $verdict" >"$out/result"
msg "[$arch] guest ran ${wall}s; console log: $log"
echo "workload $arch: $gib GiB moved in $secs s, $mismatches mismatches, $splats log splats, $verdict"
if [ "$verdict" != PASS ]; then
	[ $rc -ne 0 ] && echo "    qemu exit status $rc"
	echo "    last lines of the console log:"
	tail -n 20 "$clean" | sed 's/^/    | /'
	exit 1
fi
