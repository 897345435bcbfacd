#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A sparse that can read this tree.  7.x compiles __typeof_unqual__ under
# __CHECKER__ (include/linux/compiler_types.h), which Debian 12's sparse
# 0.6.4 cannot parse, so kbuild's scripts/checker-valid.sh turns C=1/C=2
# off with "not available or not up to date".  Debian sid's sparse
# (0.6.5~rc1) parses it, but its binary needs sid's glibc: build it from
# sid's source package instead.  apt runs on a private state under
# build/sparse/apt (deb-src of sid from the machine's own mirror; apt
# checks the files against the signed Sources index); the machine's apt
# configuration is not touched and nothing is installed.
#
# Prints the path of the sparse binary on stdout (progress goes to
# stderr); if the system's sparse already passes checker-valid.sh, that
# one.  Fails (and says why) when neither can be had.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
exec 3>&1 1>&2

valid() {	# SPARSE: true if kbuild would run SPARSE on this tree
	[ -x "$(command -v "$1")" ] &&
		[ "$(cd "$TREE" && sh scripts/checker-valid.sh "$1")" = 1 ]
}

[ -f "$TREE/scripts/checker-valid.sh" ] || die "no kernel tree at $TREE (make tree)"
if valid sparse; then
	command -v sparse >&3
	exit 0
fi

S=$BUILD/sparse
A=$S/apt
mkdir -p "$S/src"
apt_state "$A" "deb-src [signed-by=$APT_KEYRING] $(debian_mirror) sid main"
apt_private_update "$A" || msg "could not read sid's source lists; using what $S has"
ver=$(apt-cache "${APT_OPTS[@]}" showsrc sparse 2>/dev/null |
	sed -n 's/^Version: //p' | sort -V | tail -n 1) || true
[ -n "$ver" ] || ver=$(cat "$S/version" 2>/dev/null) ||
	die "no sparse source package in sid, and none fetched before"

bin=$S/sparse-$ver/sparse
if [ ! -x "$bin" ]; then
	msg "building sparse $ver from Debian sid's source package"
	rm -rf "$S/src"/* "$S/sparse-$ver"
	(cd "$S/src" && run_logged "apt-get source sparse=$ver" "$S/download.log" \
		apt-get "${APT_OPTS[@]}" source --download-only "sparse=$ver") ||
		die "could not download sparse $ver's source"
	# the upstream tarball alone: Debian's patches only pick gcc-16 and
	# linker flags for sid
	tar -C "$S/src" -xf "$S"/src/sparse_*.orig.tar.* ||
		die "could not unpack sparse $ver"
	mv "$S"/src/sparse-*/ "$S/sparse-$ver"
	run_logged "make sparse" "$S/build.log" \
		make -C "$S/sparse-$ver" -j"$(nproc)" sparse \
		HAVE_LLVM=no HAVE_GTK=no HAVE_SQLITE=no HAVE_LIBXML=no ||
		die "could not build sparse $ver (see $S/build.log)"
	echo "$ver" >"$S/version"
fi
valid "$bin" || die "sparse $ver ($bin) does not pass $TREE/scripts/checker-valid.sh"
msg "sparse $ver from Debian sid's source, built here"
echo "$bin" >&3
