#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of make peer's initramfs (scripts/peer-run.sh): Debian's stress-ng
# on highmem pages, with --verify where the stressor has it.  Each
# stressor runs for a fixed number of bogo ops, times peer.scale (kernel
# command line, default 1); peer.only=a,b runs only those, peer.skip=a,b
# all but those.  Everything the
# host reads is on the console between "PEER " markers.
#
# What each stressor makes 7.3 map with kmap_local_page() (or
# kmap_local_folio()) when its pages are in highmem:
#   vm-rw      process_vm_readv/writev: copy_page_to_iter() and
#              copy_page_from_iter() on the other process's pages
#   pipe       pipe buffers are GFP_HIGHUSER pages, copied in and out
#              through copy_page_{from,to}_iter()
#   switch     context switches with pipe I/O in between: pipe copies
#              while tasks switch
#   copy-file  copy_file_range() on ext4: page cache pages (highmem) read
#              and written through the iov_iter copies
#   hdd        write/read/fsync on ext4 over virtio-blk: page cache copies,
#              and ext4's own kmap_local_folio() of data blocks
#   fork       copy-on-write after fork(): copy_user_highpage()
#   vm         anonymous memory faulted, written and checked:
#              clear_user_highpage() on every new page
#   memfd      shmem pages of memfds, zeroed by clear_highpage() on
#              fallocate/fault and copied on write
#   tmpfs      files on tmpfs (shmem pages) mapped and written
#   pageswap   anonymous pages pushed out to zram swap and back: zram
#              compresses and decompresses each page through a
#              kmap_local_page() mapping
#   userfaultfd  UFFDIO_COPY copies the caller's data into a new page
#              through kmap_local_folio() (mm/userfaultfd.c)
#   sock       MSG_ZEROCOPY sends put the sender's pages into skb
#              fragments, which the receiver copies out with
#              kmap_local_page() (__skb_datagram_iter())

export PATH=/bin:/usr/bin
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt /bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# small tmpfs mounts: the tmpfs stressor fills the one it picks
mount -t tmpfs -o size=64M tmp /tmp
mkdir -p /dev/shm && mount -t tmpfs -o size=64M shm /dev/shm

scale=1
only=
skip=,
for a in $(cat /proc/cmdline); do
	case "$a" in
	peer.scale=*) scale=${a#peer.scale=} ;;
	peer.only=*) only=",${a#peer.only=}," ;;
	peer.skip=*) skip=",${a#peer.skip=}," ;;
	esac
done

meminfo() {	# meminfo WHEN
	echo "PEER meminfo when=$1 $(awk '/^(MemTotal|MemFree|HighTotal|HighFree|SwapTotal|SwapFree):/ { printf "%s=%s ", $1, $2 }' /proc/meminfo | tr -d :)"
}
meminfo before

# the loopback device for sock
ip link set lo up 2>/dev/null && echo "PEER setup lo=up"
# zram swap for pageswap (and for anything else that reclaims)
if [ -e /sys/block/zram0/disksize ]; then
	echo lzo-rle >/sys/block/zram0/comp_algorithm 2>/dev/null
	echo 512M >/sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0 &&
		echo "PEER setup zram-swap=512M"
fi
# the ext4 disk for copy-file and hdd
disk=/tmp
if [ -b /dev/vda ] && mount -t ext4 /dev/vda /mnt; then
	disk=/mnt
	echo "PEER setup ext4=/dev/vda"
fi

# The lowest HighFree seen while the stressors run, sampled once a second.
(
	low=
	while :; do
		h=$(awk '/^HighFree:/ { print $2 }' /proc/meminfo)
		if [ -z "$low" ] || [ "$h" -lt "$low" ]; then
			low=$h
			echo "$low" >/tmp/highfree.low
		fi
		sleep 1
	done
) &
sampler=$!

# name instances ops extra-options
run() {
	name=$1 n=$2 ops=$(($3 * scale))
	shift 3
	case "$only" in
	"" | *",$name,"*) ;;
	*) return ;;
	esac
	case "$skip" in
	*",$name,"*) echo "PEER left-out $name"; return ;;
	esac
	echo "PEER begin $name"
	t0=$(date +%s)
	stress-ng --"$name" "$n" --"$name"-ops "$ops" "$@" --verify \
		--metrics-brief --timeout 1200 --temp-path "$disk" 2>&1
	rc=$?
	echo "PEER end $name rc=$rc secs=$(($(date +%s) - t0)) ops=$ops"
}

run vm-rw 1 100 --vm-rw-bytes 16M
run pipe 2 20000 --pipe-data-size 4096
run switch 2 20000
run copy-file 1 20 --copy-file-bytes 128M
run hdd 1 2000 --hdd-bytes 64M
run fork 2 500
run vm 2 1000 --vm-bytes 256M
run memfd 1 4 --memfd-bytes 64M --memfd-fds 32
run tmpfs 1 1
run pageswap 1 200
run userfaultfd 1 1000 --userfaultfd-bytes 32M
run sock 1 2000 --sock-zerocopy

# The kernel's own selftests/mm, when make peer packed them: each with
# its kselftest exit status (0 pass, 4 skip) and TAP totals.
if [ -f /selftests/tests ]; then
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	cd /selftests
	for t in $(cat tests); do
		case "$t" in
		gup_test) runs="gup_test:-u gup_test:-a" ;;
		uffd-stress) runs="uffd-stress:anon,32,16" ;;
		*) runs=$t ;;
		esac
		for r in $runs; do
			bin=${r%%:*}
			args=
			[ "$r" = "$bin" ] || args=$(echo "${r#*:}" | tr , ' ')
			name=$bin${args:+ $args}
			echo "PEER test-begin $name"
			t0=$(date +%s)
			# shellcheck disable=SC2086
			timeout 1200 ./"$bin" $args 2>&1
			echo "PEER test-end $name rc=$? secs=$(($(date +%s) - t0))"
		done
	done
	cd /
fi

kill "$sampler" 2>/dev/null
echo "PEER highfree-low kb=$(cat /tmp/highfree.low 2>/dev/null)"
meminfo after
swapoff /dev/zram0 2>/dev/null
[ "$disk" = /mnt ] && umount /mnt
echo "PEER done"
sync
poweroff -f
