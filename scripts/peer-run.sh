#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a HIGHMEM kernel with Debian's stress-ng (workload/peer-init.sh as
# /init) and judge what it did: per stressor, its exit status, bogo ops
# and bogo ops per second, --verify failures, and splats in the log.
#
# Usage: peer-run.sh i386|arm|i386-64g KERNEL_IMAGE OUTDIR [SCALE]
#   SCALE  multiplies every stressor's bogo-op count (default 1: a few
#          seconds each under TCG, make test's short form)
# Environment:
#   PEER_ICOUNT=1  run under -icount shift=0 (one virtual nanosecond per
#                  guest instruction), so that bogo ops per second compare
#                  between two kernels; plain TCG otherwise
#   PEER_ONLY=a,b  only these stressors
#   PEER_SKIP=a,b  all but these (the kernel was built without what they
#                  need: make test's kernels have no network stack)
#   PEER_SELFTESTS=DIR  also run the selftests/mm binaries in DIR (made by
#                  scripts/peer-selftests.sh, listed in DIR/tests)
# Writes OUTDIR/console.log, OUTDIR/result.json and OUTDIR/counts; exits non-zero if a
# stressor failed, a verification failed, the log has a splat, or the
# guest did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: $0 i386|arm|i386-64g KERNEL_IMAGE OUTDIR [SCALE]"
arch=${1:?$usage}
kernel=${2:?$usage}
out=${3:?$usage}
scale=${4:-1}
[[ "$scale" =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive number, not '$scale'"

case "$arch" in
i386 | i386-64g)
	deb_arch=i386
	qemu_bin=qemu-system-i386
	[ "$arch" = i386 ] && ram=$I386_QEMU || ram=$I386_64G_QEMU
	# shellcheck disable=SC2206
	qemu=(-accel tcg $ram -drive "file=$out/ext4.img,if=virtio,format=raw")
	console=ttyS0 ;;
arm)
	deb_arch=armhf
	# RAM above 4 GiB: qemu-system-aarch64 (scripts/targets.sh)
	qemu_bin=qemu-system-aarch64
	# shellcheck disable=SC2206
	qemu=(-M virt -accel tcg $ARM_HIGH_QEMU
	      -drive "if=none,file=$out/ext4.img,format=raw,id=d0"
	      -device "virtio-blk-device,drive=d0")
	console=ttyAMA0 ;;
*)
	die "unknown ARCH '$arch' (i386, arm or i386-64g)" ;;
esac
[ -n "${PEER_ICOUNT:-}" ] &&
	qemu+=(-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm)

missing=
for c in "$qemu_bin" mkfs.ext4 cpio gzip objdump timeout; do
	command -v "$c" >/dev/null || missing="$missing $c"
done
[ -z "$missing" ] || die "missing:$missing: run 'make deps'"
[ -f "$kernel" ] || die "no kernel image at '$kernel'"

root=$("$TOP/scripts/peer-fetch.sh" "$deb_arch" | tail -n 1)
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/console.log
rm -f "$log" "$out/result.json"

# The initramfs: busybox, stress-ng and the libraries it needs, found by
# following DT_NEEDED from the binary, and the selftests if asked for.
msg "[$arch] packing stress-ng, busybox and their libraries${PEER_SELFTESTS:+, and selftests/mm}"
ir=$out/initramfs
initramfs=$out/initramfs.cpio.gz
rm -rf "$ir"
mkdir -p "$ir/bin" "$ir/usr/bin" "$ir/lib"
cp "$root/bin/busybox" "$ir/bin/"
cp "$root/usr/bin/stress-ng" "$ir/usr/bin/"
install -m 755 "$TOP/workload/peer-init.sh" "$ir/init"
todo=$root/usr/bin/stress-ng seen=" "
while [ -n "$todo" ]; do
	read -r f todo <<<"$todo"
	for n in $(objdump -p "$f" | awk '/NEEDED/ { print $2 }'); do
		[[ "$seen" == *" $n "* ]] && continue
		seen="$seen$n "
		p=$(find "$root/lib" "$root/usr/lib" -name "$n" | head -n 1)
		[ -n "$p" ] || die "$n, which stress-ng needs, is not in $root"
		cp -L "$p" "$ir/lib/"
		todo="$todo $p"
	done
done
if [ -n "${PEER_SELFTESTS:-}" ]; then
	[ -f "$PEER_SELFTESTS/tests" ] || die "no selftests in $PEER_SELFTESTS"
	mkdir -p "$ir/selftests"
	cp "$PEER_SELFTESTS/tests" "$ir/selftests/"
	for t in $(cat "$PEER_SELFTESTS/tests"); do
		cp "$PEER_SELFTESTS/$t" "$ir/selftests/"
	done
fi
(cd "$ir" && find . | LC_ALL=C sort |
	cpio -o -H newc --owner=0:0 --quiet) | gzip -6 >"$initramfs"
rm -rf "$ir"
msg "[$arch] initramfs: $(du -k "$initramfs" | cut -f1) KiB"

# ext4 for copy-file and hdd, made afresh for every boot
rm -f "$out/ext4.img"
truncate -s $((512 + 128 * scale))M "$out/ext4.img"
mkfs.ext4 -F -q -L peer "$out/ext4.img"

append="console=$console kunit.enable=0 oops=panic panic=-1 peer.scale=$scale"
[ -z "${PEER_ONLY:-}" ] || append+=" peer.only=$PEER_ONLY"
[ -z "${PEER_SKIP:-}" ] || append+=" peer.skip=$PEER_SKIP"
timeout_s=${PEER_TIMEOUT:-$((900 * scale + 600))}
msg "[$arch] stress-ng under $qemu_bin ${qemu[*]:0:8}${PEER_ICOUNT:+ (icount)}, scale $scale, timeout ${timeout_s}s"
rc=0
run_logged "[$arch] stress-ng" "$log" \
	timeout --foreground -k 10 "$timeout_s" "$qemu_bin" "${qemu[@]}" \
	-nographic -no-reboot -kernel "$kernel" -initrd "$initramfs" \
	-append "$append" </dev/null || rc=$?
[ $rc -eq 124 ] && warn "[$arch] qemu killed after ${timeout_s}s"

"$PYTHON" "$TOP/scripts/peer-report.py" parse "$log" "$out/result.json" \
	--qemu-exit "$rc" --counts "$out/counts"
