#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Cross-build the kernel's own tools/testing/selftests/mm that make peer
# runs, static, with the cross compilers make deps installs: the same
# binaries then run on the base and on the series.  rmap and
# mlock-random-test need libnuma and libcap, which Debian's cross
# toolchains lack: their -dev packages for the guest's architecture are
# fetched from Debian 12 on make peer's private apt state (as
# peer-fetch.sh fetches stress-ng) and unpacked into OUTDIR/sysroot,
# whose headers and static libraries the build then uses.
#
# Usage: peer-selftests.sh i386|arm TREE OUTDIR
#   TREE    the kernel tree whose selftests and UAPI headers are used
#   OUTDIR  gets the binaries (and hdr/, build.log)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: $0 i386|arm TREE OUTDIR"
arch=${1:?$usage}
tree=${2:?$usage}
out=${3:?$usage}
case "$arch" in
i386) karch=i386 sarch=x86 cross=i686-linux-gnu- darch=i386 triplet=i386-linux-gnu ;;
arm) karch=arm sarch=arm cross=arm-linux-gnueabihf- darch=armhf triplet=arm-linux-gnueabihf ;;
*) die "unknown ARCH '$arch' (i386 or arm)" ;;
esac
command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found: run 'make deps'"
[ -d "$tree/tools/testing/selftests/mm" ] || die "no selftests/mm in $tree"

# cow: copy-on-write of anonymous and shared pages; gup_test: GUP and
# pin_user_pages() through debugfs; ksm_functional_tests: KSM merging
# compares and copies pages; compaction_test: page migration;
# uffd-unit-tests, uffd-stress: userfaultfd copies and moves; rmap:
# KSM merging and migration of shared pages; mlock-random-test: mlock()
# under RLIMIT_MEMLOCK.
# Those the tree has (6.12 has no rmap).
TESTS=
# uffd-unit-tests and cow run last: on arm their hugetlb cases hit a
# kernel BUG in 7.3-rc7 (docs/peer.md), which ends the boot.
for t in gup_test ksm_functional_tests compaction_test uffd-stress rmap \
	mlock-random-test uffd-unit-tests cow; do
	if [ -f "$tree/tools/testing/selftests/mm/$t.c" ]; then
		TESTS="$TESTS${TESTS:+ }$t"
	else
		msg "[$arch] selftests/mm: no $t in $tree"
	fi
done
SYSPKGS="libnuma-dev libnuma1 libcap-dev libcap2"

mkdir -p "$out"
out=$(cd "$out" && pwd)
# built already from this very tree?
src=$(git -C "$tree" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$src" != unknown ] && [ "$(cat "$out/source" 2>/dev/null)" = "$src $TESTS" ]; then
	msg "[$arch] selftests/mm: built already from $src"
	exit 0
fi
rm -f "$out/source"

# libnuma and libcap for the guest's architecture, headers and static
# libraries, unpacked into a sysroot
A=$BUILD/apt-peer
sysroot=$out/sysroot
mkdir -p "$A/dev-$darch"
apt_private "$A" "$darch" i386,armhf,armel
if ! apt_private_update "$A"; then
	ls "$A/dev-$darch"/libnuma-dev_*.deb >/dev/null 2>&1 ||
		die "could not read Debian 12's package lists and have no libnuma-dev cached"
	warn "could not read Debian 12's package lists: using the cached packages"
fi
# shellcheck disable=SC2046
apt_private_download "$A/dev-$darch" "$A/download-dev-$darch.log" \
	$(printf '%s:'"$darch"' ' $SYSPKGS) ||
	die "could not download $SYSPKGS for $darch"
unpack_debs "$A/dev-$darch" "$sysroot" || true
for f in usr/include/numa.h usr/include/sys/capability.h \
	usr/lib/$triplet/libnuma.a usr/lib/$triplet/libcap.a; do
	[ -f "$sysroot/$f" ] || die "no $f in $sysroot"
done

msg "[$arch] selftests/mm: UAPI headers"
run_logged "[$arch] headers_install" "$out/headers.log" \
	make -C "$tree" ARCH="$karch" O="$out/hdr-build" headers_install \
	INSTALL_HDR_PATH="$out/hdr" || die "headers_install failed"
targets=
for t in $TESTS; do
	targets="$targets $out/$t"
done
msg "[$arch] selftests/mm: $TESTS"
# shellcheck disable=SC2086
run_logged "[$arch] selftests" "$out/build.log" \
	make -C "$tree/tools/testing/selftests/mm" ARCH="$sarch" \
	CROSS_COMPILE="$cross" CC="${cross}gcc" \
	LDFLAGS="-static -L$sysroot/usr/lib/$triplet" \
	EXTRA_CFLAGS="-idirafter $sysroot/usr/include" \
	KHDR_INCLUDES="-isystem $out/hdr/include" OUTPUT="$out" $targets ||
	die "the selftests did not build"
for t in $TESTS; do
	[ -x "$out/$t" ] || die "no $t in $out"
done
echo "$TESTS" >"$out/tests"
echo "$src $TESTS" >"$out/source"
