#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu-system-* as kunit.py runs it, under TCG whatever it asks for.
# kunit.py (7.x) starts QEMU with "-accel kvm -accel hvf -accel tcg"; where
# /dev/kvm exists an i386 guest then runs under KVM, and on these machines
# it faults on its first rdrand without printing a line.  Every figure of
# make bench is a TCG figure too.  scripts/lib.sh puts a link to this
# script, named like the QEMU binary, first in PATH; it runs the next
# binary of that name in PATH.
args=()
while [ $# -gt 0 ]; do
	if [ "$1" = -accel ] && [ "${2:-}" != tcg ]; then
		shift 2
		continue
	fi
	args+=("$1")
	shift
done
# the real binary: the next one of that name in PATH after this link
name=$(basename "$0")
self=$(cd "$(dirname "$0")" && pwd)
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
	[ "$(cd "$dir" 2>/dev/null && pwd)" = "$self" ] && continue
	[ -x "$dir/$name" ] && exec "$dir/$name" "${args[@]}"
done
echo "qemu-tcg.sh: no $name in PATH besides this wrapper" >&2
exit 127
