#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: does the suite catch known-bad versions of the series?
#
# Each mutant below is one small change to the series' code, given as the
# exact text it replaces.  For each, a scratch worktree of the series
# (work/mutant) gets the change, the kernel of the given target is built
# and the kmap_local suite runs, then, if it passed, the kmap_local_warn
# suite as make test runs it.  A mutant is caught when a case fails or the
# kernel log shows a BUG, WARN or oops, or the boot dies; it survives when
# both suites pass.  A surviving mutant needs a test or the reason,
# written next to it here, why no test on QEMU can see it.
#
# TARGET:icount boots under -icount shift=auto: QEMU then takes an
# interrupt after any instruction, where plain TCG takes them only between
# translation blocks, so a mutant that opens a window in straight-line
# code (a push moved after the write it covers) can be hit.  Not shift=0:
# that clock is exact, and a periodic timer phase-locks with a loop that
# takes a fixed number of instructions, hitting the same point each time;
# shift=auto follows the host's clock, so the phase drifts.  i386-4g is
# the target without DEBUG_KMAP_LOCAL: every slot is used, and a task that
# holds one mapping makes a run of exactly one slot.
# MUTANTS="name..." runs only those; MUTANTS_DRY=1 only checks that each
# still applies to the series.
# Not part of make test: it builds and boots a kernel per mutant.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/mutants
wt=$TOP/work/mutant
ONLY=${MUTANTS:-}

# name|target|file|old|new|why it may survive (empty: it must be caught)
# OLD and NEW may hold several changes to the file, separated by @@; \n is
# a newline and \x7c a '|'.
MUTANTS=$(cat <<'EOF'
map-before-push|i386|mm/highmem.c|		kmap_local_idx_push(stack, i);\n		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);|		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);\n		kmap_local_idx_push(stack, i);|
pop-before-run-flush|i386|mm/highmem.c|	arch_kmap_local_unmap_run(kmap_local_run_start(depth),\n				  kmap_local_run_end());\n	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);|	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);\n	arch_kmap_local_unmap_run(kmap_local_run_start(depth),\n				  kmap_local_run_end());|sched-out runs with interrupts off: only an NMI that maps a page between the pops and the flush could see it, and QEMU gives the suite no NMI it can place there
no-run-flush-x86|i386|arch/x86/mm/highmem_32.c|	for (addr = start; addr < end; addr += PAGE_SIZE)\n		flush_tlb_one_kernel(addr);|	(void)addr;|
no-unmap-flush-x86|i386|arch/x86/include/asm/highmem.h|		flush_tlb_one_kernel((vaddr));		\|		(void)(vaddr);			\|
no-run-flush-arm|arm|arch/arm/mm/highmem.c|	local_flush_tlb_kernel_pages(start, end);|	(void)start;|
no-unmap-flush-arm|arm|arch/arm/include/asm/highmem.h|#define arch_kmap_local_post_unmap(vaddr)				\\n	local_flush_tlb_kernel_page(vaddr)|#define arch_kmap_local_post_unmap(vaddr)	do { } while (0)|without it the slot's TLB entry outlives the mapping until the next map of the slot flushes it (arch_kmap_local_post_map()): meanwhile the CPU may speculatively access the old page, which may have been freed and reused, and a use after unmap reaches it; QEMU does not speculate and the suite makes no use after unmap, so no test here can see it
no-map-run-flush-arm|arm|arch/arm/include/asm/highmem.h|#define arch_kmap_local_map_run arch_kmap_local_flush_run|#define arch_kmap_local_map_run(start, end) do { } while (0)|QEMU: the invalidations find nothing (the slots were flushed when they were last cleared), but the flush's barriers are what the restore needs on hardware: the DSB makes the PTE writes visible to the table walker and the ISB completes that before the slots are used (patch 10's changelog); QEMU has no store buffer and its walker reads the page tables as written, so without them nothing changes under emulation
no-vivt-flush|armv5|arch/arm/include/asm/highmem.h|__cpuc_flush_dcache_area((void *)vaddr, PAGE_SIZE);|(void)(vaddr);|QEMU does not model caches: a missing VIVT cache flush loses no data under emulation, only on a real ARMv5
short-restore|i386|mm/highmem.c|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {|	for (i = KM_INCR - 1; i < depth - KM_INCR; i += KM_INCR) {|
no-unmap-at-sched-out|i386|mm/highmem.c|		arch_kmap_local_pre_unmap(addr);\n		pte_clear(&init_mm, addr, ptep);|		arch_kmap_local_pre_unmap(addr);|
no-pop-at-sched-out|i386|mm/highmem.c|	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);|	(void)i;|
reverse-restore|arm|mm/highmem.c|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {\n		pte_t pteval = kctrl->pteval[i];|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {\n		pte_t pteval = kctrl->pteval[depth - 1 - i + KM_INCR - 1];|
no-pop-at-unmap|i386|mm/highmem.c|	arch_kmap_local_post_unmap(addr);\n	kmap_local_idx_pop(stack);|	arch_kmap_local_post_unmap(addr);|
no-kmap-hooks-nohigh|i386-nohigh|mm/highmem.c|#include <asm/highmem.h>\n\nstatic inline int kmap_local_calc_idx|static inline int kmap_local_calc_idx|
no-save-at-sched-out|arm|mm/highmem.c|		if (save)\n			save[i] = pteval;|		(void)save;|
no-take-down-at-sched-in|i386|mm/highmem.c|	if (WARN_ON_ONCE(READ_ONCE(stack->idx)))\n		kmap_local_take_down(stack, NULL);|	WARN_ON_ONCE(READ_ONCE(stack->idx));|only reached when an interrupt returns with a mapping held and the switch comes in the window after interrupts are enabled again in finish_task_switch() and before the restore: a bug no case can place there
no-depth-bound|i386|mm/highmem.c|	if (WARN_ON_ONCE((unsigned int)depth >= KM_MAX_IDX))\n		depth = 0;|	(void)0;|
no-post-unmap-per-slot|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);|the slot's TLB entry outlives the mapping until the slot is next written, and every write of a slot (the map path, the restore) flushes it afterwards with post_map: only a use after unmap or speculation reaches the stale entry, and the suite does none and QEMU does not speculate; removing this flush and the restore's post_map together is caught (no-per-slot-flushes)
no-post-map-per-slot|ppc32|mm/highmem.c|		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		(void)pteval;|the slot was flushed when it was last cleared (post_unmap at kunmap_local() and at the take-down), so the restore finds no stale entry to flush; removing the take-down's post_unmap as well is caught (no-per-slot-flushes)
no-per-slot-flushes|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);@@		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		kmap_local_idx_pop(stack);@@		(void)pteval;|
no-per-slot-flushes-mips|mips32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);@@		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		kmap_local_idx_pop(stack);@@		(void)pteval;|
pop-before-post-unmap|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);\n		arch_kmap_local_post_unmap(addr);|sched-out runs with interrupts off: only an NMI that maps a page between the pop and the flush could see it, and QEMU gives the suite no NMI it can place there
no-post-unmap-per-slot-mips|mips32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);|the slot's TLB entry outlives the mapping until the slot is next written, and every write of a slot (the map path, the restore) flushes it afterwards with post_map: only a use after unmap or speculation reaches the stale entry, and the suite does none and QEMU does not speculate; removing this flush and the restore's post_map together is caught (no-per-slot-flushes)
no-post-map-per-slot-mips|mips32|mm/highmem.c|		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		(void)pteval;|the slot was flushed when it was last cleared (post_unmap at kunmap_local() and at the take-down), so the restore finds no stale entry to flush; removing the take-down's post_unmap as well is caught (no-per-slot-flushes)
no-debug-slot-check|i386|mm/highmem.c|	WARN_ON_ONCE(pte_pfn(ptep_get(ptep)) != pte_pfn(pteval));|	(void)ptep;|
no-debug-slot-check-ppc32|ppc32|mm/highmem.c|	WARN_ON_ONCE(pte_pfn(ptep_get(ptep)) != pte_pfn(pteval));|	(void)ptep;|
no-sched-in-clear|arm|mm/highmem.c|					kmap_local_run_end());\n	kctrl->idx = 0;|					kmap_local_run_end());|
no-fork-clear|arm|mm/highmem.c|	tsk->kmap_ctrl.idx = 0;|	(void)tsk;|
assert-reads-copy|arm|include/linux/highmem-internal.h|	DEBUG_LOCKS_WARN_ON(__this_cpu_read(kmap_local_stack.idx));|	DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx);|
no-restore-index-check|arm|mm/highmem.c|		if (IS_ENABLED(CONFIG_DEBUG_KMAP_LOCAL))\n			WARN_ON_ONCE(READ_ONCE(stack->idx) != i + 1 - KM_INCR);|		(void)0;|reports a bug no case can make without breaking the kernel first: an interrupt that returns with a slot still mapped, between two slots of a restore
map-no-migrate-disable|i386-4g|mm/highmem.c|	migrate_disable();\n	preempt_disable();\n|	preempt_disable();\n|
map-no-preempt-disable|i386-4g|mm/highmem.c|	migrate_disable();\n	preempt_disable();\n|	migrate_disable();\n|
map-no-none-check|i386-4g|mm/highmem.c|	BUG_ON(!pte_none(ptep_get(kmap_pte)));|	(void)kmap_pte;|a BUG_ON(): the slot above the index is clear in a kernel that works, and a case that writes it to see the BUG ends the boot
map-push-after-write|i386-4g:icount|mm/highmem.c|	kmap_local_idx_push(stack, top);\n	stack->pteval[top] = pteval;\n	arch_kmap_local_set_pte(&init_mm, vaddr, kmap_pte, pteval);|	stack->pteval[top] = pteval;\n	arch_kmap_local_set_pte(&init_mm, vaddr, kmap_pte, pteval);\n	kmap_local_idx_push(stack, top);|
map-no-push|i386-4g|mm/highmem.c|	kmap_local_idx_push(stack, top);\n	stack->pteval[top] = pteval;|	stack->pteval[top] = pteval;|
map-no-save-entry|i386-4g|mm/highmem.c|	kmap_local_idx_push(stack, top);\n	stack->pteval[top] = pteval;|	kmap_local_idx_push(stack, top);|
map-no-set-pte|i386-4g|mm/highmem.c|	arch_kmap_local_set_pte(&init_mm, vaddr, kmap_pte, pteval);\n	arch_kmap_local_post_map(vaddr, pteval);|	arch_kmap_local_post_map(vaddr, pteval);|
map-no-preempt-enable|i386-4g|mm/highmem.c|	arch_kmap_local_post_map(vaddr, pteval);\n	preempt_enable();|	arch_kmap_local_post_map(vaddr, pteval);|
map-no-post-map-ppc32|ppc32|mm/highmem.c|	arch_kmap_local_post_map(vaddr, pteval);\n	preempt_enable();|	preempt_enable();|the slot was flushed when it was last cleared (post_unmap at kunmap_local() and at the take-down), so no stale entry is left for this flush to remove; QEMU does not speculate, which is what could load one in between on hardware
unmap-no-preempt-disable|i386-4g|mm/highmem.c|	preempt_disable();\n	stack = this_cpu_ptr(&kmap_local_stack);\n	top = kmap_local_idx(stack);|	stack = this_cpu_ptr(&kmap_local_stack);\n	top = kmap_local_idx(stack);|
unmap-no-empty-check|i386-4g|mm/highmem.c|	if (WARN_ON_ONCE(top < 0)) {\n		preempt_enable();\n		return;\n	}|	(void)0;|
unmap-no-order-check|i386-4g|mm/highmem.c|	WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx));|	(void)0;|
unmap-no-clear|i386-4g|mm/highmem.c|	arch_kmap_local_pre_unmap(addr);\n	pte_clear(&init_mm, addr, kmap_pte);|	arch_kmap_local_pre_unmap(addr);\n	(void)kmap_pte;|
unmap-pop-before-clear|i386-4g:icount|mm/highmem.c|	arch_kmap_local_pre_unmap(addr);\n	pte_clear(&init_mm, addr, kmap_pte);\n	arch_kmap_local_post_unmap(addr);\n	kmap_local_idx_pop(stack);|	kmap_local_idx_pop(stack);\n	arch_kmap_local_pre_unmap(addr);\n	pte_clear(&init_mm, addr, kmap_pte);\n	arch_kmap_local_post_unmap(addr);|
unmap-no-preempt-enable|i386-4g|mm/highmem.c|	kmap_local_idx_pop(stack);\n	preempt_enable();\n	migrate_enable();|	kmap_local_idx_pop(stack);\n	migrate_enable();|
unmap-no-migrate-enable|i386-4g|mm/highmem.c|	kmap_local_idx_pop(stack);\n	preempt_enable();\n	migrate_enable();|	kmap_local_idx_pop(stack);\n	preempt_enable();|
unmap-no-high-get|armv5|mm/highmem.c|		if (!kmap_high_unmap_local(addr))\n			WARN_ON_ONCE(addr < PAGE_OFFSET);|		WARN_ON_ONCE(addr < PAGE_OFFSET);|
unmap-no-user-warn|i386-4g|mm/highmem.c|			WARN_ON_ONCE(addr < PAGE_OFFSET);\n		return;|			(void)0;\n		return;|
no-check-slot-call|ppc32|mm/highmem.c|		kmap_local_check_slot(i, ptep, pteval);\n|		(void)0;\n|
no-guard-check|ppc32|mm/highmem.c|	WARN_ON_ONCE(!pte_none(ptep_get(kmap_get_pte(addr, idx))));|	(void)kmap_get_pte(addr, idx);|
take-down-no-continue|i386-4g|mm/highmem.c|		if (kmap_local_runs())\n			continue;\n		arch_kmap_local_post_unmap(addr);|		arch_kmap_local_post_unmap(addr);|
take-down-flush-empty-run|i386-4g|mm/highmem.c|	if (!kmap_local_runs() \x7c\x7c !depth)\n		return;|	if (!kmap_local_runs())\n		return;|with nothing held the run is empty (its start is its end), so the flush does nothing and no slot is popped: the test only saves the call, for the switch with nothing held (make bench)
take-down-no-run-call|i386-4g|mm/highmem.c|	arch_kmap_local_unmap_run(kmap_local_run_start(depth),\n				  kmap_local_run_end());\n	for|	for|
run-flush-skips-top-x86|i386-4g|arch/x86/mm/highmem_32.c|	for (addr = start; addr < end; addr += PAGE_SIZE)|	for (addr = start + PAGE_SIZE; addr < end; addr += PAGE_SIZE)|
run-flush-skips-top-x86-debug|i386|arch/x86/mm/highmem_32.c|	for (addr = start; addr < end; addr += PAGE_SIZE)|	for (addr = start + PAGE_SIZE; addr < end; addr += PAGE_SIZE)|QEMU: with DEBUG_KMAP_LOCAL a run holds a guard slot besides the top one, and QEMU flushes its whole TLB for an invlpg inside the range it keeps for large pages, which covers the fixmap here; the mutant is caught without DEBUG_KMAP_LOCAL (run-flush-skips-top-x86)
run-flush-no-lazy-x86|i386-4g|arch/x86/mm/highmem_32.c|		flush_tlb_one_kernel(addr);\n	arch_flush_lazy_mmu_mode();|		flush_tlb_one_kernel(addr);|arch_flush_lazy_mmu_mode() is empty on x86-32: lazy MMU mode belongs to PARAVIRT_XXL, which only Xen PV selects, and Xen PV is 64-bit only; kept as arch_kmap_local_post_map() keeps it for one slot
sched-out-no-save-depth|i386-4g|mm/highmem.c|	kctrl->idx = READ_ONCE(stack->idx);\n	kmap_local_take_down(stack, kctrl->pteval);|	kmap_local_take_down(stack, kctrl->pteval);|
sched-out-no-take-down|i386-4g|mm/highmem.c|	kctrl->idx = READ_ONCE(stack->idx);\n	kmap_local_take_down(stack, kctrl->pteval);|	kctrl->idx = READ_ONCE(stack->idx);|
sched-in-no-push|i386-4g|mm/highmem.c|		kmap_local_idx_push(stack, i);\n		stack->pteval[i] = pteval;|		stack->pteval[i] = pteval;|
sched-in-no-save-entry|i386-4g|mm/highmem.c|		kmap_local_idx_push(stack, i);\n		stack->pteval[i] = pteval;|		kmap_local_idx_push(stack, i);|
sched-in-no-set-pte|i386-4g|mm/highmem.c|		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);\n		if (!kmap_local_runs())|		(void)ptep;\n		if (!kmap_local_runs())|
sched-in-push-after-write|i386-4g:icount|mm/highmem.c|		kmap_local_idx_push(stack, i);\n		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);|		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);\n		kmap_local_idx_push(stack, i);|
no-depth-bound-nodebug|i386-4g|mm/highmem.c|	if (WARN_ON_ONCE((unsigned int)depth >= KM_MAX_IDX))\n		depth = 0;|	(void)0;|
map-run-no-lazy-x86|i386-4g|arch/x86/include/asm/highmem.h|					   unsigned long end)\n{\n	arch_flush_lazy_mmu_mode();\n}|					   unsigned long end)\n{\n}|arch_flush_lazy_mmu_mode() is empty on x86-32 (see run-flush-no-lazy-x86): the mutant builds the same code
fork-no-warn|i386-4g|mm/highmem.c|	WARN_ON_ONCE(this_cpu_read(kmap_local_stack.idx));\n	/*|	/*|a fork with a mapping held: no case forks its own task (kthread_create() forks from kthreadd, not from the caller, and the suite does not call kernel_thread(), which is not exported); the same check mainline makes
no-fork-clear-nodebug|i386-4g|mm/highmem.c|	tsk->kmap_ctrl.idx = 0;|	(void)tsk;|
no-sched-in-clear-nodebug|i386-4g|mm/highmem.c|					kmap_local_run_end());\n	kctrl->idx = 0;|					kmap_local_run_end());|
no-pop-per-slot|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);\n	}|		arch_kmap_local_post_unmap(addr);\n	}|
revert-kmap-to-page-first-slot|i386-4g|mm/highmem.c|			 base <= __fix_to_virt(FIX_KMAP_BEGIN))) {|			 base < __fix_to_virt(FIX_KMAP_BEGIN))) {|
kmap-to-page-no-none-check|i386-4g|mm/highmem.c|		if (!pte_none(pteval))\n			return pte_page(pteval);|		return pte_page(pteval);|kmap_to_page() of a slot nothing maps, a caller's bug its WARN already reports: without the test it returns PFN 0's page instead of virt_to_page() of a fixmap address, and both answers are wrong
assert-reads-copy-nodebug|i386-4g|include/linux/highmem-internal.h|	DEBUG_LOCKS_WARN_ON(__this_cpu_read(kmap_local_stack.idx));|	DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx);|
no-assert-nomap|i386-4g|include/linux/highmem-internal.h|	DEBUG_LOCKS_WARN_ON(__this_cpu_read(kmap_local_stack.idx));|	do { } while (0);|
revert-is-kmap-addr-first-slot|i386-4g|include/linux/highmem-internal.h|		 addr < __fix_to_virt(FIX_KMAP_BEGIN) + PAGE_SIZE);|		 addr < __fix_to_virt(FIX_KMAP_BEGIN));|
map-ptes-not-looked-up|i386-4g|mm/highmem.c|		ptes = kmap_local_find_ptes();|		kmap_local_find_ptes();|
unmap-no-round|i386-4g|mm/highmem.c|	}\n	addr &= PAGE_MASK;\n|	}\n|
unmap-bound-page-start|i386-4g|mm/highmem.c|	    addr >= __fix_to_virt(FIX_KMAP_BEGIN) + PAGE_SIZE) {|	    addr > __fix_to_virt(FIX_KMAP_BEGIN)) {|
EOF
)

[ -d "$TREE/.git" ] || [ -f "$TREE/.git" ] || die "no tree at $TREE: run 'make tree'"
mkdir -p "$out"
if [ -e "$wt/.git" ]; then
	git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"
else
	mkdir -p "$(dirname "$wt")"
	tree_git worktree add -q --detach "$wt" "$SERIES_BRANCH"
fi
trap 'git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH" 2>/dev/null || true' EXIT
msg "mutants of $(git -C "$wt" log -1 --format='%h %s')"

# apply FILE OLD NEW: replace exactly one occurrence, or fail.
apply() {
	"$PYTHON" - "$wt/$1" "$2" "$3" <<'EOF'
import sys
path, olds, news = sys.argv[1], sys.argv[2].split('@@'), sys.argv[3].split('@@')
text = open(path).read()
if len(olds) != len(news):
    sys.exit('%d changes but %d replacements' % (len(olds), len(news)))
for old, new in zip(olds, news):
    old, new = (x.replace('\\n', '\n').replace('\\x7c', '|') for x in (old, new))
    if text.count(old) != 1:
        sys.exit('the text to change is found %d times' % text.count(old))
    text = text.replace(old, new)
open(path, 'w').write(text)
EOF
}

ICOUNT="-icount shift=auto,sleep=off"

# judge NAME TARGET: both suites on the kernel built in $out/TARGET
judge() {
	local name=$1 target=$2 src=$wt/lib/test_kmap_local.c
	KUNIT_TIMEOUT=$timeout kunit_judge "$target" "$out/$target" "$src" \
		"$out/$name" kmap_local "$(suite_kernel_args 3000)" || return 1
	warn_suite_runs "$src" || return 0
	warn_suite_expect "$wt" "$src"
	KUNIT_TIMEOUT=$timeout kunit_judge "$target" "$out/$target" "$src" \
		"$out/$name-warn" kmap_local_warn "$(warn_suite_args "$wt" "$src")" \
		"${WARN_EXPECT[@]}"
}

row() {	# NAME TARGET VERDICT, also kept in NAME.verdict for docs
	printf '%-32s %-15s %s\n' "$@" | tee -a "$table"
	printf '%s|%s|%s|%s\n' "$1" "$2" "$3" \
		"$(git -C "$wt" rev-parse --short "$SERIES_BRANCH")" >"$out/$1.verdict"
}

# setup NAME TARGET[:MODE]: kunit_setup for the target, in $t, with its
# QEMU options and timeout
setup() {
	local mode=${2#*:}
	[ "$mode" != "$2" ] || mode=
	t=${2%%:*}
	kunit_setup "$t" "$wt" "$out/$t"
	timeout=300
	if [ "$mode" = icount ]; then
		T_QEMU="$T_QEMU $ICOUNT"
		timeout=900
	fi
}

selected() {	# the mutants to run, one line each, in the order MUTANTS names them
	local n
	if [ -z "$ONLY" ]; then
		grep -v '^$' <<<"$MUTANTS"
		return
	fi
	for n in $ONLY; do
		grep "^$n|" <<<"$MUTANTS"
	done
}

# a name MUTANTS gives that no mutant has is a typo: stop before building
for n in $ONLY; do
	grep -q "^$n|" <<<"$MUTANTS" || die "no mutant named $n"
done

# control TARGET[:MODE]: the series itself must pass on every target and
# mode the mutants use, or every mutant would look caught; run before the
# first mutant of each.
controlled=" "
control() {
	[[ "$controlled" != *" $1 "* ]] || return 0
	git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"
	setup control "$1"
	msg "[control] the series unchanged on $1"
	kunit_build "$t" "$out/$t" "$out/control-$t.build.log" ||
		die "[control] the series does not build for $t: $out/control-$t.build.log"
	export_dtb "$out/$t" || die "[control] the build made no device tree"
	judge "control-${1/:/-}" "$t" >"$out/control-${1/:/-}.report" ||
		die "[control] the series itself fails on $1: $out/control-${1/:/-}.report"
	controlled+="$1 "
}

caught=0 survived=0 broken=0
table=$out/table
: >"$table"
while IFS='|' read -r name target file old new why <&3; do
	[ -n "${MUTANTS_DRY:-}" ] || control "$target"
	git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"
	if ! apply "$file" "$old" "$new" 2>"$out/$name.apply.log"; then
		broken=$((broken + 1))
		row "$name" "$target" "STALE: $(cat "$out/$name.apply.log")"
		continue
	fi
	if [ -n "${MUTANTS_DRY:-}" ]; then
		printf '%-32s %-15s applies\n' "$name" "$target"
		continue
	fi
	setup "$name" "$target"
	msg "[$name] $file on $target"
	if ! kunit_build "$t" "$out/$t" "$out/$name.build.log"; then
		broken=$((broken + 1))
		row "$name" "$target" "BUILD FAILED"
		continue
	fi
	export_dtb "$out/$t" || die "[$name] the build made no device tree"
	if judge "$name" "$t" >"$out/$name.report"; then
		survived=$((survived + 1))
		verdict="SURVIVED${why:+ (why: $why)}"
	else
		caught=$((caught + 1))
		# the first three findings (grep may die of SIGPIPE: not an error)
		verdict="caught: $({ grep -E 'FAIL|ERROR:|kernel log:|did not show' "$out/$name.report" || true; } |
			head -n 3 | sed -E 's/^ +//; s/ +/ /g' | cut -c1-160 | paste -sd ';' - || true)"
	fi
	row "$name" "$target" "$verdict"
done 3< <(selected)

# Every mutant with its last verdict, as a Markdown table for docs/
{
	echo "| mutant | target | file | verdict | series | why it may survive |"
	echo "|---|---|---|---|---|---|"
	while IFS='|' read -r name target file _ _ why; do
		[ -n "$name" ] || continue
		v="not run" rev=-
		if [ -f "$out/$name.verdict" ]; then
			IFS='|' read -r _ _ v rev <"$out/$name.verdict"
			v=${v%% (why:*}
		fi
		printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$target" \
			"${file##*/}" "${v//|//}" "$rev" "${why:--}"
	done <<<"$MUTANTS"
} >"$out/table.md"

echo
printf '%-32s %-15s %s\n' mutant target verdict
cat "$table"
echo "every mutant's last verdict: $out/table.md"
echo "$caught caught, $survived survived, $broken could not be tried"
# A survivor without a written reason is a hole in the suite.
! grep -E 'SURVIVED$|STALE|BUILD FAILED' "$table" >/dev/null
