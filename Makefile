# SPDX-License-Identifier: GPL-2.0
#
# kmap_local per-CPU slot index series: workspace, tests and checks.
# The series lives in patches/; everything else here is tooling.
#
#   make run         install what is missing, prepare the 6.12 tree, apply
#                    the series, build and boot the i386 HIGHMEM64G kernel
#                    and print the kmap_local KUnit results
#   make test        the full matrix (i386, arm, x86_64) plus checkpatch
#                    --strict on every patch; ends "N passed, N failed"
#
#   make deps        install missing Debian packages (needs root)
#   make tree        prepare work/linux and git am patches/
#                    (KERNEL_SRC=<kernel git tree> to use your own tree,
#                    FORCE=1 to re-apply over unexported commits)
#   make export      write work/linux's series branch back to patches/
#   make kunit-TARGET  one target: kunit-i386, kunit-arm, kunit-x86_64
#   make checkpatch  checkpatch.pl --strict on every patch
#   make each-patch  the whole matrix at every patch of the series
#   make outbox      the series re-signed with your git identity, ready for
#                    git send-email (nothing is sent)
#   make clean       remove build output (keeps ccache)
#   make distclean   remove build output, ccache and the work tree

S := scripts
TARGETS := i386 arm x86_64

.PHONY: run test deps tree export checkpatch each-patch outbox clean distclean \
	$(addprefix kunit-,$(TARGETS))

run: deps tree
	$(S)/kunit-target.sh i386

test: deps tree
	$(S)/test-matrix.sh

deps:
	$(S)/deps.sh

tree:
	$(S)/prepare-tree.sh

export:
	$(S)/export-series.sh

$(addprefix kunit-,$(TARGETS)): kunit-%:
	$(S)/kunit-target.sh $*

checkpatch:
	$(S)/checkpatch.sh

each-patch: deps tree
	$(S)/each-patch.sh

outbox:
	$(S)/outbox.sh

clean:
	rm -rf build/i386 build/arm build/x86_64 build/checkpatch build/logs \
		build/each-patch build/outbox

distclean:
	@if [ -f work/linux/.git ]; then \
		git -C work/linux worktree remove --force . 2>/dev/null || \
		git -C "$$(git -C work/linux rev-parse --git-common-dir)" worktree prune; fi
	rm -rf build work
