#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the series tools need, if any are missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# kernel builds and QEMU boots; checkpatch (ply, git); the workload's
# cross compilers and image tools; plots; send-email dry runs, and
# outbox-check's SMTP sink and b4; the docs;
# the per-slot architectures (powerpc, MIPS, SPARC32 booted, ARC built).
PKGS="linux-source-6.12 build-essential gcc-arm-linux-gnueabihf
      qemu-system-x86 qemu-system-arm qemu-system-ppc qemu-system-mips
      qemu-system-sparc gcc-powerpc-linux-gnu gcc-mips-linux-gnu
      gcc-sparc64-linux-gnu gcc-arc-linux-gnu flex bison libelf-dev libssl-dev bc
      cpio sparse ccache git python3 python3-ply python3-git perl rsync
      xz-utils gzip e2fsprogs gcc-i686-linux-gnu libc6-dev-i386-cross
      libc6-dev-armhf-cross python3-matplotlib git-email libmailtools-perl
      python3-aiosmtpd b4 python3-sphinx
      python3-sphinx-rtd-theme python3-yaml"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done

if [ -z "$missing" ]; then
	msg "all required packages are installed"
	exit 0
fi

msg "installing:$missing"
[ "$(id -u)" -eq 0 ] || die "missing packages:$missing (run as root, or install them with apt-get)"
export DEBIAN_FRONTEND=noninteractive
run_logged "apt-get update" "$BUILD/logs/apt-update.log" apt-get update ||
	die "apt-get update failed"
# shellcheck disable=SC2086
run_logged "apt-get install" "$BUILD/logs/apt-install.log" \
	apt-get install -y --no-install-recommends $missing ||
	die "could not install:$missing"
