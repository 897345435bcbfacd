#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: does the suite catch known-bad versions of the series?
#
# Each mutant below is one small change to the series' code, given as the
# exact text it replaces.  For each, a scratch worktree of the series
# (work/mutant) gets the change, the kernel of the given target is built
# and the kmap_local suite runs.  A mutant is caught when a case fails or
# the kernel log shows a BUG, WARN or oops, or the boot dies; it survives
# when the suite passes.  A surviving mutant needs a test or the reason,
# written next to it here, why no test on QEMU can see it.
# Not part of make test: it builds and boots a kernel per mutant.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/mutants
wt=$TOP/work/mutant
ONLY=${MUTANTS:-}

# name|target|file|old|new|why it may survive (empty: it must be caught)
# OLD and NEW may hold several changes to the file, separated by @@.
MUTANTS=$(cat <<'EOF'
map-before-push|i386|mm/highmem.c|		kmap_local_idx_push(stack, i);\n		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);|		stack->pteval[i] = pteval;\n		/* See kmap_local_take_down() */\n		idx = arch_kmap_local_map_idx(i, pte_pfn(pteval));\n		addr = __fix_to_virt(FIX_KMAP_BEGIN + idx);\n		ptep = kmap_get_pte(addr, idx);\n		arch_kmap_local_set_pte(&init_mm, addr, ptep, pteval);\n		kmap_local_idx_push(stack, i);|
pop-before-run-flush|i386|mm/highmem.c|	arch_kmap_local_unmap_run(kmap_local_run_start(depth),\n				  kmap_local_run_end());\n	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);|	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);\n	arch_kmap_local_unmap_run(kmap_local_run_start(depth),\n				  kmap_local_run_end());|sched-out runs with interrupts off: only an NMI that maps a page between the pops and the flush could see it, and QEMU gives the suite no NMI it can place there
no-run-flush-x86|i386|arch/x86/mm/highmem_32.c|	for (addr = start; addr < end; addr += PAGE_SIZE)\n		flush_tlb_one_kernel(addr);|	(void)addr;|
no-unmap-flush-x86|i386|arch/x86/include/asm/highmem.h|		flush_tlb_one_kernel((vaddr));		\|		(void)(vaddr);			\|
no-run-flush-arm|arm|arch/arm/mm/highmem.c|	local_flush_tlb_kernel_pages(start, end);|	(void)start;|
no-unmap-flush-arm|arm|arch/arm/include/asm/highmem.h|#define arch_kmap_local_post_unmap(vaddr)				\\n	local_flush_tlb_kernel_page(vaddr)|#define arch_kmap_local_post_unmap(vaddr)	do { } while (0)|without it the slot's TLB entry outlives the mapping until the next map of the slot flushes it (arch_kmap_local_post_map()): meanwhile the CPU may speculatively access the old page, which may have been freed and reused, and a use after unmap reaches it; QEMU does not speculate and the suite makes no use after unmap, so no test here can see it
no-map-run-flush-arm|arm|arch/arm/include/asm/highmem.h|#define arch_kmap_local_map_run arch_kmap_local_flush_run|#define arch_kmap_local_map_run(start, end) do { } while (0)|a precaution, as arch_kmap_local_post_map() is for one slot: the run's slots were flushed when they were last cleared, so no stale entry is left to remove
no-vivt-flush|armv5|arch/arm/include/asm/highmem.h|__cpuc_flush_dcache_area((void *)vaddr, PAGE_SIZE);|(void)(vaddr);|QEMU does not model caches: a missing VIVT cache flush loses no data under emulation, only on a real ARMv5
short-restore|i386|mm/highmem.c|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {|	for (i = KM_INCR - 1; i < depth - KM_INCR; i += KM_INCR) {|
no-unmap-at-sched-out|i386|mm/highmem.c|		arch_kmap_local_pre_unmap(addr);\n		pte_clear(&init_mm, addr, ptep);|		arch_kmap_local_pre_unmap(addr);|
no-pop-at-sched-out|i386|mm/highmem.c|	for (i = depth - 1; i >= 0; i -= KM_INCR)\n		kmap_local_idx_pop(stack);|	(void)i;|
reverse-restore|arm|mm/highmem.c|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {\n		pte_t pteval = kctrl->pteval[i];|	for (i = KM_INCR - 1; i < depth; i += KM_INCR) {\n		pte_t pteval = kctrl->pteval[depth - 1 - i + KM_INCR - 1];|
no-pop-at-unmap|i386|mm/highmem.c|	arch_kmap_local_post_unmap(addr);\n	kmap_local_idx_pop(stack);|	arch_kmap_local_post_unmap(addr);|
no-kmap-hooks-nohigh|i386-nohigh|mm/highmem.c|#include <asm/highmem.h>\n\nstatic inline int kmap_local_calc_idx|static inline int kmap_local_calc_idx|
no-save-at-sched-out|arm|mm/highmem.c|		if (save)\n			save[i] = pteval;|		(void)save;|
no-take-down-at-sched-in|i386|mm/highmem.c|	if (WARN_ON_ONCE(READ_ONCE(stack->idx)))\n		kmap_local_take_down(stack, NULL);|	WARN_ON_ONCE(READ_ONCE(stack->idx));|only reached when an interrupt returns with a mapping held and the switch comes in the window after interrupts are enabled again in finish_task_switch() and before the restore: a bug no case can place there
no-depth-bound|i386|mm/highmem.c|	if (WARN_ON_ONCE((unsigned int)depth >= KM_MAX_IDX))\n		depth = 0;|	(void)0;|the saved depth comes from an index the map path bounds; only memory corruption of task_struct reaches the check
no-post-unmap-per-slot|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);|the slot's TLB entry outlives the mapping until the slot is next written, and every write of a slot (the map path, the restore) flushes it afterwards with post_map: only a use after unmap or speculation reaches the stale entry, and the suite does none and QEMU does not speculate; removing this flush and the restore's post_map together is caught (no-per-slot-flushes)
no-post-map-per-slot|ppc32|mm/highmem.c|		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		(void)pteval;|the slot was flushed when it was last cleared (post_unmap at kunmap_local() and at the take-down), so the restore finds no stale entry to flush; removing the take-down's post_unmap as well is caught (no-per-slot-flushes)
no-per-slot-flushes|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);@@		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		kmap_local_idx_pop(stack);@@		(void)pteval;|
no-per-slot-flushes-mips|mips32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);@@		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		kmap_local_idx_pop(stack);@@		(void)pteval;|
pop-before-post-unmap|ppc32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);\n		arch_kmap_local_post_unmap(addr);|sched-out runs with interrupts off: only an NMI that maps a page between the pop and the flush could see it, and QEMU gives the suite no NMI it can place there
no-post-unmap-per-slot-mips|mips32|mm/highmem.c|		arch_kmap_local_post_unmap(addr);\n		kmap_local_idx_pop(stack);|		kmap_local_idx_pop(stack);|the slot's TLB entry outlives the mapping until the slot is next written, and every write of a slot (the map path, the restore) flushes it afterwards with post_map: only a use after unmap or speculation reaches the stale entry, and the suite does none and QEMU does not speculate; removing this flush and the restore's post_map together is caught (no-per-slot-flushes)
no-post-map-per-slot-mips|mips32|mm/highmem.c|		if (!kmap_local_runs())\n			arch_kmap_local_post_map(addr, pteval);|		(void)pteval;|the slot was flushed when it was last cleared (post_unmap at kunmap_local() and at the take-down), so the restore finds no stale entry to flush; removing the take-down's post_unmap as well is caught (no-per-slot-flushes)
no-debug-slot-check|i386|mm/highmem.c|	WARN_ON_ONCE(pte_pfn(ptep_get(ptep)) != pte_pfn(pteval));|	(void)ptep;|checks that nothing wrote a slot behind the index's back; in a correct kernel nothing does, and the suite has no case that corrupts a slot
no-sched-in-clear|arm|mm/highmem.c|					kmap_local_run_end());\n	kctrl->idx = 0;|					kmap_local_run_end());|
no-fork-clear|arm|mm/highmem.c|	tsk->kmap_ctrl.idx = 0;|	(void)tsk;|
assert-reads-copy|arm|include/linux/highmem-internal.h|	DEBUG_LOCKS_WARN_ON(__this_cpu_read(kmap_local_stack.idx));|	DEBUG_LOCKS_WARN_ON(current->kmap_ctrl.idx);|
no-restore-index-check|arm|mm/highmem.c|		if (IS_ENABLED(CONFIG_DEBUG_KMAP_LOCAL))\n			WARN_ON_ONCE(READ_ONCE(stack->idx) != i + 1 - KM_INCR);|		(void)0;|reports a bug no case can make without breaking the kernel first: an interrupt that returns with a slot still mapped, between two slots of a restore
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
    old, new = old.replace('\\n', '\n'), new.replace('\\n', '\n')
    if text.count(old) != 1:
        sys.exit('the text to change is found %d times' % text.count(old))
    text = text.replace(old, new)
open(path, 'w').write(text)
EOF
}

caught=0 survived=0 broken=0
table=$out/table
: >"$table"
while IFS='|' read -r name target file old new why; do
	[ -n "$name" ] || continue
	[ -z "$ONLY" ] || [[ " $ONLY " == *" $name "* ]] || continue
	git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"
	if ! apply "$file" "$old" "$new" 2>"$out/$name.apply.log"; then
		broken=$((broken + 1))
		printf '%-22s %-7s %s\n' "$name" "$target" "STALE: $(cat "$out/$name.apply.log")" | tee -a "$table"
		continue
	fi
	kunit_setup "$target" "$wt" "$out/$target"
	msg "[$name] $file on $target"
	if ! kunit_build "$target" "$out/$target" "$out/$name.build.log"; then
		broken=$((broken + 1))
		printf '%-22s %-7s %s\n' "$name" "$target" "BUILD FAILED" | tee -a "$table"
		continue
	fi
	export_dtb "$out/$target" || die "[$name] the build made no device tree"
	if KUNIT_TIMEOUT=300 kunit_judge "$target" "$out/$target" \
		"$wt/lib/test_kmap_local.c" "$out/$name" kmap_local \
		"$(suite_kernel_args 3000)" >"$out/$name.report"; then
		survived=$((survived + 1))
		verdict="SURVIVED${why:+ (why: $why)}"
	else
		caught=$((caught + 1))
		verdict="caught: $(grep -E 'FAIL|ERROR:' "$out/$name.report" | head -n 3 |
			sed -E 's/^ +//; s/ +/ /g' | paste -sd ';' -)"
	fi
	printf '%-22s %-7s %s\n' "$name" "$target" "$verdict" | tee -a "$table"
done <<<"$MUTANTS"

echo
printf '%-22s %-7s %s\n' mutant target verdict
cat "$table"
echo "$caught caught, $survived survived, $broken could not be tried"
# A survivor without a written reason is a hole in the suite.
! grep -E 'SURVIVED$|STALE|BUILD FAILED' "$table" >/dev/null
