#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian 12's LAVA dispatcher (lava-run), LAVA's schema validator
# (lava-common), lavacli and the device-type templates, and unpack them
# into build/lava/root, for make lava.  As for stress-ng (peer-fetch.sh),
# apt runs on a private state (build/apt-lava); nothing is installed.
#
# Installed as Debian means it, lava-dispatcher brings 142 packages here,
# systemd, udev, LVM and libguestfs's appliance among them, for a worker
# that drives boards.  lava-run needs only its Python modules, and those
# of the few Python packages below that the machine lacks.  Two of its
# imports at load time serve deploy actions these jobs do not use:
# lava_dispatcher_host (the host side of device containers) comes unpacked
# with the rest, but guestfs would need libguestfs with its appliance, so
# a module that raises when it is used stands in for it (shim/guestfs.py;
# used only by deploys that build disk images, "to: tmpfs" never).
# The device-type templates (qemu.jinja2, base.jinja2) come from Debian's
# lava-server, of which nothing else is used.
#
# Usage: lava-fetch.sh      Prints the root's path on its last line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS="lava-dispatcher lava-dispatcher-host lava-common lavacli lava-server
      python3-voluptuous python3-pexpect python3-ptyprocess
      python3-setproctitle python3-configobj python3-netifaces
      python3-pyudev python3-magic python3-tz python3-jinja2
      python3-markupsafe python3-requests python3-yaml"
A=$BUILD/apt-lava
root=$BUILD/lava/root
mkdir -p "$A/deb"
host=$(dpkg --print-architecture)
apt_private "$A" "$host" "$host"
if ! apt_private_update "$A"; then
	ls "$A/deb"/lava-dispatcher_*.deb >/dev/null 2>&1 ||
		die "could not read Debian 12's package lists and have no LAVA packages cached"
	warn "could not read Debian 12's package lists: using the cached packages"
fi
# shellcheck disable=SC2086
apt_private_download "$A/deb" "$A/download.log" $PKGS ||
	die "could not download the LAVA packages"
if unpack_debs "$A/deb" "$root"; then
	mkdir -p "$root/shim"
	cat >"$root/shim/guestfs.py" <<'EOT'
# Stands in for Debian's python3-guestfs, which lava_dispatcher imports at
# load time; only deploys that build disk images use it (scripts/lava-fetch.sh).
class GuestFS:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("libguestfs is not installed: make lava's jobs deploy to tmpfs")
EOT
fi
[ -f "$root/usr/bin/lava-run" ] || die "no lava-run in $root"
[ -f "$root/usr/share/lava-server/device-types/qemu.jinja2" ] ||
	die "no qemu device-type template in $root"
msg "lava-dispatcher $(dpkg-deb -f "$A/deb"/lava-dispatcher_*.deb Version) in $root"
echo "$root"
