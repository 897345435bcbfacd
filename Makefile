# SPDX-License-Identifier: GPL-2.0
#
# kmap_local per-CPU slot index series: workspace, tests and checks.
# The series lives in patches/; everything else here is tooling.
#
#   make run         install what is missing, fetch the newest mainline
#                    source Debian has, apply the series, build and boot
#                    the i386 PAE kernel and print the kmap_local results
#                    (BASE=6.12 make run: the 6.12 flavour, i386 HIGHMEM64G)
#   make test        the quick gate: tooling tests, the targets of
#                    TEST_TARGETS in scripts/targets.sh (KUnit suite,
#                    WARN suite, a short stress run and, on i386 and arm,
#                    the userspace workload), checkpatch --strict on every
#                    patch of patches/, make outbox-check and make lava;
#                    ends "N passed, N failed, ..."
#   make test-full   make test and the targets it leaves out to stay
#                    within its time (FULL_TARGETS and LTS_TARGETS in
#                    scripts/targets.sh: i386-nohigh, arm-classic,
#                    i386-4g, x86_64, arc, and the 6.12 flavour's
#                    i386-64g and arm-6.12)
#
#   BASE=6.12        on make tree, export, kunit-*, checkpatch, check:
#                    the 6.12 LTS flavour (patches-6.12/, work/linux-6.12)
#   make backport    make patches-6.12/ again from patches/ and what 6.12
#                    forces (backport/6.12/); stops on a patch that no
#                    longer goes in, leaving the 6.12 tree as it was
#   make backport-record  after porting by hand in work/linux-6.12: record
#                    what 6.12 forces, and check that it replays
#   make fixes-6.12  the fix patches on 6.12 as stable takes them: alone
#                    and in order; each one's case fails without it and
#                    passes with it alone, and with all of them the suite
#                    passes
#
#   make deps        install missing Debian packages (needs root)
#   make tree        prepare work/linux (newest linux-source-7.* of Debian
#                    experimental, else sid) and git am patches/
#                    (KERNEL_SRC=<kernel git tree> to use your own tree,
#                    FORCE=1 to re-apply over unexported commits)
#   make export      write work/linux's series branch back to patches/
#   make kunit-TARGET  one target, e.g. kunit-i386, kunit-armv5, kunit-i386-rt
#                    (PREEMPT_RT, not in make test: see scripts/targets.sh)
#   make repeat-TARGET  boot that target's last built kernel N times
#                    (N=10) and count the boots that passed
#   make bench       base against series: map/unmap and switch costs,
#                    table, JSON, CSV and plots in build/bench/
#   make base-suite  the suite on base + fixes + suite patches alone, on
#                    the per-slot targets, against the series' results
#   make stress      the stress case for STRESS_MS (default 60 s) on the
#                    i386 and arm targets
#   make workload    the userspace workload, base and series, i386 and arm
#   make peer        Debian's stress-ng (fetched, not installed) on base
#                    and series, i386 and arm, under -icount, side by side
#                    (PEER_SCALE=N: N times make test's short form)
#   make uffd-poison  a base bug make peer met, apart from the series: a
#                    page poisoned by UFFDIO_POISON, read, on arm, mips32,
#                    sparc32 and sparc64, base and with patches-uffd-poison/
#   make lava        make test's boots as LAVA job definitions, checked
#                    by LAVA's schema, and run by Debian's lava-run
#                    (fetched, not installed) with the same results
#                    (LAVA_RUN="i386 arm": some; LAVA_URL=... for a lab)
#   make mutants     known-bad changes to the series: is each one caught?
#   make checkpatch  checkpatch.pl --strict on every patch
#   make check       before sending: a table of every check at every patch
#   make each-patch  the whole test matrix at every patch of the series
#   make outbox      the series re-signed with your git identity, and a
#                    git send-email --dry-run of it (nothing is sent)
#                    (SPLIT=fixes: the fix patches as their own posting,
#                    build/outbox/fixes/, and the rest on top of them,
#                    build/outbox/feature/; SPLIT=arm-hugetlb: the ARM
#                    hugetlb fix of patches-arm-hugetlb/, apart;
#                    SPLIT=uffd-poison: patches-uffd-poison/)
#   make reroll-check  v1 to v2 with b4, offline: b4 prep, b4 send into an
#                    SMTP sink, a reviewer's Reviewed-by collected with
#                    b4 trailers -u, the range-diff, v2 written out
#   make outbox-check  make outbox as a throwaway sender, sent for real to
#                    an SMTP sink on 127.0.0.1: threading, To/Cc, identity,
#                    and the mails git am (and b4 am) back to the series
#   make clean       remove build output (keeps ccache)
#   make distclean   remove build output, ccache and the work tree

S := scripts
TARGETS := i386 i386-4g i386-nohigh arm arm-classic armv5 x86_64 i386-rt \
	i386-64g arm-6.12 ppc32 mips32 mips32-smp sparc32 arc
RUN_TARGET := $(if $(filter 6.12,$(BASE)),i386-64g,i386)

.PHONY: run test test-full reroll-check deps tree tree-6.12 base-suite backport backport-record fixes-6.12 export checkpatch check each-patch outbox outbox-check bench \
	stress workload peer uffd-poison lava mutants clean distclean $(addprefix kunit-,$(TARGETS)) \
	$(addprefix repeat-,$(TARGETS))

run: deps tree
	$(S)/kunit-target.sh $(RUN_TARGET) --highlights

test: deps tree
	$(S)/test-matrix.sh

test-full: deps tree tree-6.12
	FULL=1 $(S)/test-matrix.sh

deps:
	$(S)/deps.sh

tree:
	$(S)/prepare-tree.sh

tree-6.12:
	BASE=6.12 $(S)/prepare-tree.sh

backport: deps tree
	$(S)/backport.sh

backport-record: deps tree
	$(S)/backport.sh --record

fixes-6.12: deps tree-6.12
	$(S)/fixes-alone.sh

export:
	$(S)/export-series.sh

$(addprefix kunit-,$(TARGETS)): kunit-%:
	$(S)/kunit-target.sh $*

N ?= 10
$(addprefix repeat-,$(TARGETS)): repeat-%:
	$(S)/repeat.sh $* $(N)

bench: deps tree
	$(S)/bench.sh

base-suite: deps tree
	$(S)/suite-on-base.sh $(TARGETS_BASE_SUITE)

stress: deps tree
	$(S)/stress.sh

workload: deps tree
	$(S)/workload-compare.sh

peer: deps tree
	$(S)/peer.sh

uffd-poison: deps tree
	$(S)/uffd-poison.sh

lava: deps tree
	$(S)/lava.sh

mutants: deps tree
	$(S)/mutants.sh

checkpatch:
	$(S)/checkpatch.sh

check: deps tree
	$(S)/check.sh

each-patch: deps tree
	$(S)/each-patch.sh

outbox:
	$(S)/outbox.sh

reroll-check: deps tree
	$(S)/reroll-check.sh

outbox-check:
	$(S)/outbox-check.sh

clean:
	rm -rf $(addprefix build/,$(TARGETS)) build/checkpatch build/logs \
		build/each-patch build/outbox build/bench build/tools \
		build/check build/mutants build/stress build/workload \
		build/fixes-6.12 build/backport build/base-suite build/outbox-check \
		build/lava

distclean:
	@for wt in work/bench/base work/bench/series work/mutant work/base-suite \
		work/outbox-check; do \
		[ -e $$wt/.git ] && git -C work/linux worktree remove --force \
			$$PWD/$$wt 2>/dev/null; done; \
	if [ -f work/linux/.git ]; then \
		git -C work/linux worktree remove --force . 2>/dev/null || \
		git -C "$$(git -C work/linux rev-parse --git-common-dir)" worktree prune; fi
	rm -rf build work
