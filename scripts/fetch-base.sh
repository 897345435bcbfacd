#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the newest mainline kernel source Debian ships: the newest
# linux-source-7.* of experimental, else of sid.  The machine's apt
# configuration is never touched: apt runs on a private state under
# build/apt (its own sources.list, lists and cache, no dpkg status), with
# the mirror the machine's own apt sources name.  Nothing is installed;
# the package is unpacked under build/apt/root.
#
# Prints "TARBALL VERSION" of what it fetched on its last line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

A=$BUILD/apt
mkdir -p "$A/deb"
m=$(debian_mirror)
apt_state "$A" "deb [signed-by=$APT_KEYRING] $m experimental main" \
	"deb [signed-by=$APT_KEYRING] $m sid main"

msg "looking up linux-source-7.* in Debian experimental and sid ($m), private apt state in $A"
run_logged "apt-get update (private)" "$A/update.log" \
	apt-get "${APT_OPTS[@]}" update ||
	die "could not read the package lists of experimental and sid from $m"

# Every version of every linux-source-7.* package; take the newest.
best= bestver=
while read -r pkg; do
	while read -r ver; do
		if [ -z "$bestver" ] || dpkg --compare-versions "$ver" gt "$bestver"; then
			best=$pkg bestver=$ver
		fi
	done < <(apt-cache "${APT_OPTS[@]}" madison "$pkg" | awk -F'|' '{gsub(/ /, "", $2); print $2}')
done < <(apt-cache "${APT_OPTS[@]}" pkgnames linux-source-7. | sort)
[ -n "$best" ] || die "no linux-source-7.* in Debian experimental or sid"

tarball=$A/root/usr/src/$best.tar.xz
if [ "$(cat "$A/version" 2>/dev/null)" != "$best $bestver" ] || [ ! -f "$tarball" ]; then
	msg "downloading $best $bestver"
	rm -rf "$A/deb"/*.deb "$A/root"
	(cd "$A/deb" && run_logged "apt-get download" "$A/download.log" \
		apt-get "${APT_OPTS[@]}" download "$best=$bestver") ||
		die "could not download $best $bestver"
	dpkg-deb -x "$A"/deb/"${best}"_*.deb "$A/root" ||
		die "could not unpack $best $bestver"
	[ -f "$tarball" ] || die "$best $bestver holds no $tarball"
	echo "$best $bestver" >"$A/version"
fi
msg "newest mainline source in Debian: $best $bestver"
echo "$tarball $bestver"
