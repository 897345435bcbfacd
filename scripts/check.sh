#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: everything a maintainer runs before sending, one row per
# patch:
#   applies      the patch applies with git am on the previous one
#   build        every target's kernel builds at this patch
#   suite        every target passes (KUnit, WARN suite, workload)
#   checkpatch   checkpatch.pl --strict, as scripts/checkpatch.sh judges it
#   sparse, W=1  no new sparse (C=2) or W=1 warning in the files the series
#                touches, compared with the base
#   kernel-doc   scripts/kernel-doc -none is silent on the touched files
# and, for the whole series, no new Sphinx warning in make htmldocs of
# Documentation/mm.  SKIP_EACH_PATCH=1 reuses the last make each-patch.
# CHECK_TARGETS lists the targets built and run at every patch (default:
# make test's and FULL_TARGETS; on 2 cores that takes several hours).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/check
wt=$TOP/work/check
mkdir -p "$out"
base=$(base_ref)
commits=$(tree_git rev-list --reverse "$base..$SERIES_BRANCH")
files=$(tree_git diff --name-only "$base" "$SERIES_BRANCH")
CHECK_TARGETS=${CHECK_TARGETS:-$TEST_TARGETS $FULL_TARGETS}

# 1. applies, and checkpatch, per patch file
msg "check: git am, one patch at a time"
if [ -e "$wt/.git" ]; then
	git -C "$wt" checkout -q -f --detach "$base"
else
	mkdir -p "$(dirname "$wt")"
	tree_git worktree add -q --detach "$wt" "$base"
fi
i=0
for p in $(series_patches); do
	i=$((i + 1))
	if GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
		git -C "$wt" am -q --keep-cr "$p" >"$out/$i.am.log" 2>&1; then
		echo ok >"$out/$i.applies"
	else
		git -C "$wt" am --abort >/dev/null 2>&1
		echo FAIL >"$out/$i.applies"
		break
	fi
done
msg "check: checkpatch --strict"
"$TOP/scripts/checkpatch.sh" >"$out/checkpatch.log" 2>&1
i=0
for p in $(series_patches); do
	i=$((i + 1))
	if grep -q "checkpatch $(basename "$p" .patch | cut -c1-60).* ok" "$out/checkpatch.log"; then
		echo ok >"$out/$i.checkpatch"
	else
		echo FAIL >"$out/$i.checkpatch"
	fi
done

# 2. sparse and W=1 on the touched C files, base first, then every patch
check_objs() {	# ARCH: the objects to check for ARCH that exist here
	local f
	for f in $files; do
		case "$f" in
		arch/x86/*) [ "$1" = i386 ] || continue ;;
		arch/arm/*) [ "$1" = arm ] || continue ;;
		esac
		[[ "$f" == *.c ]] && [ -f "$wt/$f" ] && echo "${f%.c}.o"
	done
	# headers are checked through the files that include them
	[ -f "$wt/kernel/sched/core.c" ] && echo kernel/sched/core.o
}

# kbuild's C=2 runs sparse only if scripts/checker-valid.sh accepts it;
# Debian 12's 0.6.4 cannot read 7.x, so sparse-fetch.sh builds sid's.
if ! SPARSE=$("$TOP/scripts/sparse-fetch.sh"); then
	msg "check: no sparse that reads this tree; trying the system's"
	SPARSE=sparse
fi

# The architectures whose touched files are compiled with C=2 W=1, each
# with the target whose .config it takes (arc: built, never booted).
W1_ARCHES=${W1_ARCHES:-i386 arm arc}
w1_target() {
	case "$1" in
	arm) echo arm ;; arc) echo arc ;; *) echo i386 ;;
	esac
}

warnings() {	# NAME: sparse + W=1 warnings in touched files at this commit
	local arch cross config
	for arch in $W1_ARCHES; do
		target_vars "$(w1_target $arch)"
		cross=$T_CROSS
		config=$BUILD/$(w1_target $arch)/kernel/.config
		[ -f "$config" ] || "$TOP/scripts/kunit-target.sh" "$(w1_target $arch)" >/dev/null ||
			die "no $config: make kunit-$(w1_target $arch) failed"
		mkdir -p "$out/obj-$arch"
		cp "$config" "$out/obj-$arch/.config"
		make -s -C "$wt" O="$out/obj-$arch" ARCH=$arch CROSS_COMPILE=$cross \
			olddefconfig >/dev/null 2>&1
		# compiled again every time, so that every warning shows
		(cd "$out/obj-$arch" && rm -f $(check_objs $arch))
		# shellcheck disable=SC2046
		make -C "$wt" O="$out/obj-$arch" ARCH=$arch CROSS_COMPILE=$cross \
			C=2 W=1 CHECK="$SPARSE" -j"$(nproc)" $(check_objs $arch) \
			>"$out/make-$arch.log" 2>&1
		# kbuild drops C=2 when sparse is too old for the tree (7.x
		# needs __typeof_unqual__)
		grep -q 'is not available or not up to date' "$out/make-$arch.log" &&
			touch "$out/sparse-not-run"
		grep -E '(warning|error):' "$out/make-$arch.log" |
			grep -F -f <(echo "$files") |
			sed -E "s|^.*/work/check/||; s|:[0-9]+:[0-9]+:|:|; s|^|$arch: |"
	done | sort
}

kdoc() {	# kernel-doc -none of the touched sources at this commit
	local f
	for f in $files; do
		[[ "$f" == *.[ch] ]] && [ -f "$wt/$f" ] && echo "$f"
	done | (cd "$wt" && xargs -r ./scripts/kernel-doc -none 2>&1)
}

rm -f "$out/sparse-not-run"
msg "check: sparse and W=1 at the base"
git -C "$wt" checkout -q -f --detach "$base"
warnings >"$out/base.warnings"
i=0
for c in $commits; do
	i=$((i + 1))
	msg "check: sparse, W=1 and kernel-doc at patch $i"
	git -C "$wt" checkout -q -f --detach "$c"
	warnings >"$out/$i.warnings"
	comm -13 "$out/base.warnings" "$out/$i.warnings" >"$out/$i.new-warnings"
	kdoc >"$out/$i.kdoc" || true
done

# 3. build and suite at every patch
if [ -z "${SKIP_EACH_PATCH:-}" ]; then
	TARGETS=$CHECK_TARGETS "$TOP/scripts/each-patch.sh" || true
fi
git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"

# 4. the documentation, base against series
htmldocs() {	# LOG: Sphinx warnings of Documentation/mm at this commit
	make -C "$wt" O="$out/docs" SPHINXDIRS=mm htmldocs >"$1.full" 2>&1
	grep -E 'WARNING|ERROR' "$1.full" | sed -E 's|^.*/work/check/||; s|:[0-9]+:|:|' | sort >"$1"
}
if command -v sphinx-build >/dev/null; then
	msg "check: make SPHINXDIRS=mm htmldocs, base and series"
	git -C "$wt" checkout -q -f --detach "$base"
	htmldocs "$out/docs-base.log"
	git -C "$wt" checkout -q -f --detach "$SERIES_BRANCH"
	htmldocs "$out/docs-series.log"
	docs_new=$(comm -13 "$out/docs-base.log" "$out/docs-series.log" | wc -l)
else
	docs_new=-
fi

# 5. the table
n=$(wc -w <<<"$commits")
echo
echo "build and suite at every patch on: $CHECK_TARGETS"
printf '%-3s %-46s %-7s %-11s %-11s %-10s %-6s %-6s %-10s\n' \
	'#' patch applies build suite checkpatch sparse W=1 kernel-doc
bad=0 i=0
for c in $commits; do
	i=$((i + 1))
	ap=$(cat "$out/$i.applies" 2>/dev/null || echo -)
	b=ok s=ok ran=0
	for t in $CHECK_TARGETS; do
		[ -f "$BUILD/each-patch/$i-$t.build-ok" ] || b=FAIL
		read -r _ f _ <"$BUILD/each-patch/$i-$t.counts" 2>/dev/null || f=1
		[ "$f" -eq 0 ] || s=FAIL
		grep -q 'no kmap_local suite at this patch' \
			"$BUILD/each-patch/$i-$t.log" 2>/dev/null || ran=$((ran + 1))
	done
	# no suite before the patch that adds it: only the build counts
	[ "$s" = ok ] && [ "$ran" -eq 0 ] && s="no suite"
	cp=$(cat "$out/$i.checkpatch" 2>/dev/null || echo -)
	sparse_new=$(grep -c -v -- '\[-W' "$out/$i.new-warnings" || true)
	w1_new=$(grep -c -- '\[-W' "$out/$i.new-warnings" || true)
	kd=$(wc -l <"$out/$i.kdoc")
	row=$(printf '%-3s %-46.46s %-7s %-11s %-11s %-10s %-6s %-6s %-10s' "$i" \
		"$(tree_git log -1 --format=%s "$c")" "$ap" "$b" "$s" "$cp" \
		"$(if [ -f "$out/sparse-not-run" ]; then echo 'n/a'
		   elif [ "$sparse_new" -eq 0 ]; then echo ok
		   else echo "$sparse_new new"; fi)" \
		"$([ "$w1_new" -eq 0 ] && echo ok || echo "$w1_new new")" \
		"$([ "$kd" -eq 0 ] && echo ok || echo "$kd msgs")")
	echo "$row"
	[[ "$row" == *FAIL* || "$row" == *new* || "$row" == *msgs* ]] && bad=$((bad + 1))
done
echo "htmldocs (Documentation/mm): $([ "$docs_new" = 0 ] && echo 'no new warning' || echo "$docs_new new warnings, see $out/docs-series.log")"
[ "$docs_new" = 0 ] || bad=$((bad + 1))
[ -f "$out/sparse-not-run" ] &&
	echo "sparse: NOT RUN: $SPARSE ($("$SPARSE" --version 2>/dev/null || echo 'not found')) is too old for this tree (kbuild: \"not available or not up to date\"); n/a above"
[ -f "$out/sparse-not-run" ] || echo "sparse: $SPARSE, run by kbuild (C=2) on the touched files of: $W1_ARCHES"
echo "details: $out/ (N.new-warnings, N.kdoc, checkpatch.log), $BUILD/each-patch/"
[ $bad -eq 0 ] && echo "all clean" || echo "$bad rows with findings"
[ $bad -eq 0 ]
