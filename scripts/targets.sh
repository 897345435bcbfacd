# SPDX-License-Identifier: GPL-2.0
# The kernels the tools build and boot, one per target.  Sourced, not
# executed.  A target is a list of kconfig fragments from configs/ plus how
# QEMU boots it; kunit.py builds and runs it.
#
# target_vars NAME sets:
#   T_ARCH        kunit.py --arch
#   T_CROSS       cross compiler prefix, empty for a native build
#   T_FRAGS       kconfig fragments (configs/<name>.config)
#   T_QEMU        extra QEMU arguments
#   T_QEMU_CONFIG kunit.py --qemu_config file, if the arch default won't do
#   T_DTB         the device tree the QEMU config needs (KMAP_LOCAL_DTB)
#   T_CMDLINE     extra kernel command line
#   T_SKIP        globs of the cases this target may skip, with the reason
#                 in a comment next to it; "case/variant" for one variant
#                 of a parameterized case
#   T_HIGHMEM     "yes" if the boot must show HighMem
#   T_WORKLOAD    "yes" if the userspace workload runs on this kernel
#   T_PEER        the machine scripts/peer-run.sh boots Debian's
#                 stress-ng on (i386, arm or i386-64g), if it runs there
#                 (make peer, and its short form in make test)
#   T_PEER_FIXES  directories of patches make peer applies to both sides:
#                 fixes of base bugs outside the series that its load
#                 meets (bench.sh's BENCH_FIXES)
#   T_BOOT        "no" for a target that is only built (no QEMU model)
#   T_BASE        the flavour of the series it runs (lib.sh, use_base):
#                 empty for mainline, 6.12 for the LTS flavour

# The targets of `make test`, in the order they run.
TEST_TARGETS="i386 arm armv5 ppc32 mips32 sparc32"
# make test-full runs these after make test's, and make check builds
# the mainline ones at every patch.  make test must stay within 75
# minutes cold on 2 cores, on a machine as slow as the slowest seen here:
# its cold builds take 8 to 14 minutes for an x86 or ARMv7 kernel (i386
# 14, i386-nohigh 12.5, arm 8.5), and the fifteen-target gate of stop 26
# would have taken well over two hours there (it took 82 minutes on a
# faster one).  These cover what the gate's targets mostly cover too:
# i386-nohigh (patch 3's case: slots without HIGHMEM), i386-4g (x86-32
# without PAE or DEBUG_KMAP_LOCAL), arm-classic (2-level page tables, the
# non-linear PTE array, KASAN), x86_64 (no kmap_local slots at all), arc
# (built only: QEMU has no ARC machine; make check builds it with W=1).
FULL_TARGETS="i386-nohigh arm-classic i386-4g x86_64 arc"
# The 6.12 LTS flavour (patches-6.12/ in work/linux-6.12), in make
# test-full after the mainline targets: i386 with HIGHMEM64G, which
# mainline no longer has, and ARM LPAE.  BASE=6.12 make run boots the
# first alone.
LTS_TARGETS="i386-64g arm-6.12"
# Targets only run when asked for (make test TARGETS=..., make kunit-NAME).
# i386-rt: on PREEMPT_RT, 6.12 printed the serial console from a kthread and
# kernel_restart() does not flush it, so the reboot that ends a KUnit run
# can cut off the last result lines (2 to 6 boots in 25 here), which no
# kernel argument avoids; a gate must not depend on that.
# mips32-smp: QEMU 7.2's malta brings up both VPEs of a 34Kf and the
# migration and stress cases pass, but the benchmark that runs a thread
# on each CPU stalled with QEMU idle (docs/arch-targets.md).
EXTRA_TARGETS="i386-rt mips32-smp"
# The kernels `make bench` compares (built twice: base and series);
# BENCH_TARGETS="bench-ppc32" make bench measures one of them.
BENCH_TARGETS=${BENCH_TARGETS:-bench-i386 bench-arm bench-ppc32 bench-mips32}

# x86-32 uses no RAM above 4 GiB since 6.15 (HIGHMEM64G is gone), so 3 GiB
# (all of it below QEMU's PCI hole).  qemu32 has no NX, whose absence
# makes PAE kernels with DEBUG_VM warn on every ioremap() (+nx); +pse36
# gives it the 36 physical address bits a PAE kernel assumes.
I386_QEMU="-m 3G -smp 2 -cpu qemu32,+pse36,+nx"
# 6.12 with HIGHMEM64G uses RAM above 4 GiB: 5 GiB, of which QEMU's pc
# machine puts 2 GiB above 4 GiB (the rest below its PCI hole).
I386_64G_QEMU="-m 5G -smp 2 -cpu qemu32,+pse36,+nx"
# The virt machine's RAM starts at 1 GiB, so 3 GiB end at 4 GiB.
ARM_QEMU="-cpu cortex-a15 -m 3G -smp 2"
# The arm target has RAM above 4 GiB (5 GiB, up to 6 GiB physical), for
# the page-above-4-GiB case.  QEMU 7.2's qemu-system-arm cuts the address
# of a translation table above 4 GiB to 32 bits, and with HIGHPTE user PTE
# tables land there: the guest hangs or oopses on its walks, 6.12 at its
# first process and 7.3 under load.  qemu-system-aarch64 runs the same
# 32-bit guest, kernel unchanged, with 64-bit addresses
# (docs/arm-above-4g.md).  The other arm targets stay at 3 GiB.
ARM_HIGH_QEMU="-cpu cortex-a15 -m 5G -smp 2"
ARM_HIGH_QEMU_CONFIG=$TOP/configs/qemu/arm-a64.py

# Without HIGHMEM kmap_local_page() is page_address(): the cases that need
# it to take a slot skip (the slot reuse case maps a pfn and runs).
X86_NOSLOT_SKIP="*_nesting *_preempt *_migration *_hardirq *_above_4g
	*_switch_heavy *_stress *_hotplug *_atomic *_pfn *_first_slot
	*_misuse_quiet *_kmap_alias *_task_copy *_assert_nomap"

# One CPU: the cases that need a second CPU (migration, hotplug).
UP_SKIP="*_migration *_hotplug"

target_vars() {
	T_CROSS= T_QEMU_CONFIG= T_DTB= T_CMDLINE= T_HIGHMEM=yes T_WORKLOAD= T_BASE=
	T_ICOUNT=
	T_PEER=
	T_PEER_FIXES=
	T_BOOT=yes
	# kmap_atomic() sections are only preemptible on PREEMPT_RT
	T_SKIP="*_atomic/preempted*"
	case "$1" in
	i386)	# PAE, and every debug option a developer would turn on
		T_ARCH=i386
		T_FRAGS="i386-pae debug-kmap debug-locks workload peer"
		T_QEMU="$I386_QEMU"
		# x86-32 uses no RAM above 4 GiB since 6.15
		T_SKIP="$T_SKIP *_above_4g"
		T_WORKLOAD=yes T_PEER=i386 ;;
	i386-4g) # no PAE, no DEBUG_KMAP_LOCAL: the indexing users run
		T_ARCH=i386
		T_FRAGS="i386-4g preempt"
		T_QEMU="-m 3G -smp 2 -cpu qemu32"
		# RAM ends below 4 GiB without PAE
		T_SKIP="$T_SKIP *_above_4g" ;;
	i386-nohigh) # no HIGHMEM: the slots serve io_mapping_map_local_wc() only
		T_ARCH=i386
		T_FRAGS="i386-nohigh preempt debug-kmap"
		T_QEMU="-m 1G -smp 2 -cpu qemu32"
		T_HIGHMEM=
		# kmap_local_page() never takes a slot without HIGHMEM: the
		# cases that need one for it
		T_SKIP="$X86_NOSLOT_SKIP" ;;
	i386-rt) # i386-4g on PREEMPT_RT; not in make test, see EXTRA_TARGETS
		T_ARCH=i386
		T_FRAGS="i386-4g preempt-rt"
		T_QEMU="-m 3G -smp 2 -cpu qemu32"
		# RAM ends below 4 GiB without PAE; PREEMPT_RT: no atomic skip
		T_SKIP="*_above_4g" ;;
	arm)	# LPAE, DEBUG_KMAP_LOCAL, RAM above 4 GiB
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="arm-lpae debug-kmap workload peer"
		T_QEMU=$ARM_HIGH_QEMU
		T_QEMU_CONFIG=$ARM_HIGH_QEMU_CONFIG
		T_WORKLOAD=yes T_PEER=arm ;;
	peer-i386) # make peer: the i386 target with the network stack (sock)
		T_ARCH=i386
		T_FRAGS="i386-pae debug-kmap debug-locks workload peer peer-full"
		T_QEMU="$I386_QEMU"
		T_PEER=i386 ;;
	peer-arm) # make peer: the arm target with the network stack (sock)
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="arm-lpae debug-kmap workload peer peer-full"
		T_QEMU=$ARM_HIGH_QEMU
		T_QEMU_CONFIG=$ARM_HIGH_QEMU_CONFIG
		# 7.3-rc7 places hugetlb mappings unaligned on ARM, and the
		# selftests cow and uffd-unit-tests end in a BUG() on both
		# sides without the fix (docs/arm-hugetlb.md)
		T_PEER=arm T_PEER_FIXES=patches-arm-hugetlb ;;
	arm-classic) # 2-level page tables, 32-bit PTEs; KASAN
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="arm-classic kasan"
		T_QEMU="-cpu cortex-a15 -m 3G -smp 2"
		# 32-bit physical addresses without LPAE
		T_SKIP="$T_SKIP *_above_4g" ;;
	armv5)	# ARM926EJ-S: VIVT cache, kmap_high_get(); uniprocessor.  No
		# DEBUG_KMAP_LOCAL: the one target of make test where every slot
		# is used, so CPU 0's first mapping takes FIX_KMAP_BEGIN itself
		# and the first-slot cases (patches 1 and 2) assert on it
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="armv5"
		T_QEMU_CONFIG=$TOP/configs/qemu/armv5.py
		T_DTB=versatile-pb.dtb
		T_QEMU="-m 256M"
		# a small lowmem, so that most of the 256 MiB is HighMem
		T_CMDLINE="vmalloc=880M"
		# uniprocessor; no RAM above 4 GiB
		T_SKIP="$T_SKIP *_migration *_hotplug *_above_4g" ;;
	x86_64)	# no HIGHMEM: kmap_local_page() is page_address()
		T_ARCH=x86_64
		T_FRAGS="x86_64"
		T_QEMU="-m 1G -smp 2"
		T_HIGHMEM=
		# the cases that need a slot for kmap_local_page(), and the
		# one that needs kmap_local_fork()
		T_SKIP="$X86_NOSLOT_SKIP *_fork_copy" ;;
	sparc64) # make uffd-poison only (a base bug, not the series'): SPARC64
		# on QEMU's sun4u, kunit.py's sparc64 config; no HighMem
		T_ARCH=sparc64 T_CROSS=sparc64-linux-gnu-
		T_FRAGS="sparc64"
		T_QEMU= T_HIGHMEM= ;;
	ppc32)	# powerpc book3s/32, g3beige: the per-slot switch path
		T_ARCH=powerpc32 T_CROSS=powerpc-linux-gnu-
		# no PROVE_LOCKING: 7.3-rc7's powerpc32 interrupt exit turns
		# interrupts off behind lockdep's back (hard_irq_disable() is
		# arch_local_irq_disable() there), so every kernel-mode page
		# fault WARNs in irqentry_exit() (docs/arch-targets.md)
		T_FRAGS="ppc32 debug-kmap debug-vm"
		# QEMU's g3beige takes at most 2 GiB; lowmem ends at 768 MiB
		T_QEMU="-m 1536"
		# g3beige has one CPU; no RAM above 4 GiB
		T_SKIP="$T_SKIP $UP_SKIP *_above_4g" ;;
	mips32)	# MIPS32 big-endian, malta: the per-slot switch path
		T_ARCH=mips T_CROSS=mips-linux-gnu-
		T_FRAGS="mips32 debug-kmap debug-locks"
		# lowmem ends at 256 MiB
		T_QEMU="-m 1G"
		T_SKIP="$T_SKIP $UP_SKIP *_above_4g" ;;
	mips32-smp) # mips32 on two VPEs of a 34Kf; not in make test
		T_ARCH=mips T_CROSS=mips-linux-gnu-
		T_FRAGS="mips32 mips32-smp debug-kmap debug-locks"
		T_QEMU="-m 1G -cpu 34Kf -smp 2"
		# MIPS MT SMP has no CPU hotplug; no RAM above 4 GiB
		T_SKIP="$T_SKIP *_hotplug *_above_4g" ;;
	sparc32) # SPARC32 sun4m: slots outside a fixmap, per-slot path
		T_ARCH=sparc T_CROSS=sparc64-linux-gnu-
		# SPARC32 has no lockdep (no LOCKDEP_SUPPORT)
		T_FRAGS="sparc32 debug-kmap debug-vm"
		# kunit.py's sparc config boots with -m 256 mem=256M
		T_QEMU=
		T_SKIP="$T_SKIP $UP_SKIP *_above_4g" ;;
	arc)	# ARC HS38 with PAE40: built, with the suite, never booted
		T_ARCH=arc T_CROSS=arc-linux-gnu-
		T_FRAGS="arc debug-kmap"
		T_QEMU_CONFIG=$TOP/configs/qemu/arc-build.py
		T_QEMU= T_BOOT=no ;;
	i386-64g) # 6.12: HIGHMEM64G, RAM above 4 GiB, the i386 target's options
		T_BASE=6.12
		T_ARCH=i386
		T_FRAGS="i386-64g debug-kmap debug-locks"
		T_QEMU=$I386_64G_QEMU ;;
	peer-i386-64g) # make peer: i386-64g with what make peer's load needs
		T_BASE=6.12
		T_ARCH=i386
		T_FRAGS="i386-64g debug-kmap debug-locks workload peer peer-full"
		T_QEMU=$I386_64G_QEMU
		T_PEER=i386-64g ;;
	arm-6.12) # 6.12: the arm target (LPAE, RAM above 4 GiB)
		T_BASE=6.12
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="arm-lpae debug-kmap"
		T_QEMU=$ARM_HIGH_QEMU
		T_QEMU_CONFIG=$ARM_HIGH_QEMU_CONFIG ;;
	bench-i386)
		T_ARCH=i386
		T_FRAGS="i386-pae workload"
		T_QEMU=$I386_QEMU ;;
	bench-arm)
		T_ARCH=arm T_CROSS=arm-linux-gnueabihf-
		T_FRAGS="arm-lpae workload"
		T_QEMU=$ARM_QEMU ;;
	bench-ppc32) # the ppc32 and mips32 kernels without DEBUG_KMAP_LOCAL
		T_ARCH=powerpc32 T_CROSS=powerpc-linux-gnu-
		T_FRAGS="ppc32"
		T_QEMU="-m 1536" ;;
	bench-mips32)
		T_ARCH=mips T_CROSS=mips-linux-gnu-
		T_FRAGS="mips32"
		# QEMU 7.2's malta spins after the console comes up with
		# sleep=off and -rtc clock=vm together (docs/arch-targets.md);
		# sleep on: the benchmark loops never idle
		T_ICOUNT="-icount shift=0 -rtc base=2024-01-01T00:00:00,clock=vm"
		T_QEMU="-m 1G" ;;
	*)
		return 1 ;;
	esac
	# kmap_assert_nomap()'s case turns lock debugging off and on again,
	# which lockdep would not survive
	case " $T_FRAGS " in
	*" debug-locks "*) T_SKIP="$T_SKIP *_assert_nomap" ;;
	esac
	# the slot checks it tests are DEBUG_KMAP_LOCAL's
	case " $T_FRAGS " in
	*" debug-kmap "*) ;;
	*) T_SKIP="$T_SKIP *_slot_check" ;;
	esac
}
