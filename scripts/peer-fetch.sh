#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian 12's stress-ng and busybox-static for a guest architecture
# and make the root make peer packs into its initramfs: busybox, stress-ng
# and the shared libraries stress-ng needs, nothing else.  As for the base
# tree, apt runs on a private state (build/apt-peer: its own sources.list,
# lists and cache, no dpkg status) with the mirror the machine's own apt
# sources name; the machine's apt and dpkg configuration are not touched,
# nothing is installed, and the packages stay cached for the next run.
#
# Usage: peer-fetch.sh i386|armhf|armel
# Prints the root's path on its last line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: $0 i386|armhf|armel}
case "$arch" in
i386 | armhf | armel) ;;
*) die "unknown Debian architecture '$arch' (i386, armhf or armel)" ;;
esac
PKGS="stress-ng busybox-static"
A=$BUILD/apt-peer
root=$BUILD/peer/root-$arch
mkdir -p "$A/deb-$arch"
command -v objdump >/dev/null || die "objdump not found (apt-get install binutils)"
apt_private "$A" "$arch" i386,armhf,armel
if ! apt_private_update "$A"; then
	ls "$A/deb-$arch"/stress-ng_*.deb >/dev/null 2>&1 ||
		die "could not read Debian 12's package lists and have no packages cached"
	warn "could not read Debian 12's package lists: using the cached packages"
fi

if [ -f "$A/lists/.updated" ]; then
	# the packages and everything they depend on, for $arch
	# shellcheck disable=SC2046
	deps=$(apt-cache "${APT_OPTS[@]}" depends --recurse --no-recommends \
		--no-suggests --no-conflicts --no-breaks --no-replaces \
		--no-enhances $(printf '%s:'"$arch"' ' $PKGS) |
		grep -v -e '^ ' -e '^<' | sed 's/:.*//' | sort -u)
	# shellcheck disable=SC2046
	apt_private_download "$A/deb-$arch" "$A/download-$arch.log" \
		$(printf '%s:'"$arch"' ' $deps) ||
		die "could not download the packages for $arch"
fi

# Unpack everything once per set of packages.
unpack_debs "$A/deb-$arch" "$root" || true
[ -x "$root/usr/bin/stress-ng" ] || die "no stress-ng in $root"
[ -x "$root/bin/busybox" ] || die "no busybox in $root"
msg "stress-ng $(dpkg-deb -f "$A/deb-$arch"/stress-ng_*.deb Version) and busybox for $arch in $root"
echo "$root"
