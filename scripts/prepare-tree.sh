#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the kernel work tree and apply the series from patches/.
# BASE=6.12: the LTS flavour, patches-6.12/ on Debian 12's linux-source-6.12
# (TARBALL_6_12=<tarball> for another) in work/linux-6.12 (scripts/lib.sh,
# use_base); TARBALL and KERNEL_SRC are mainline's.
#
# Default: import the newest mainline source Debian ships (linux-source-7.*
# of experimental, else sid: scripts/fetch-base.sh) as one base commit
# (fixed identity and date, so the same tarball gives the same id).
# TARBALL=<linux-source tarball> imports that one instead.
# With KERNEL_SRC=<git tree>: add a worktree of that repository at its HEAD,
# on branches of our own; the user's checked-out branch is never touched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"


want_source() {
	if [ -n "$LTS_TARBALL" ]; then
		echo "debian:$LTS_TARBALL"
	elif [ -n "${KERNEL_SRC:-}" ]; then
		echo "git:$(cd "$KERNEL_SRC" && pwd)"
	elif [ -n "${TARBALL:-}" ]; then
		echo "debian:$TARBALL"
	else
		echo "debian:newest linux-source-7.*"
	fi
}

# kernel_version DIR: "7.3-rc7" from DIR/Makefile
kernel_version() {
	awk -F' = ' '/^VERSION/ { v = $2 } /^PATCHLEVEL/ { p = $2 }
		/^SUBLEVEL/ { s = $2 } /^EXTRAVERSION/ { e = $2 }
		/^NAME/ { exit } END { printf "%s.%s%s%s\n", v, p,
		s ? "." s : "", e }' "$1/Makefile"
}

import_tarball() {
	local tmp=$TREE.import version line pkg
	[ -z "$LTS_TARBALL" ] || TARBALL=$LTS_TARBALL
	if [ -z "${TARBALL:-}" ]; then
		line=$("$TOP/scripts/fetch-base.sh" | tail -n 1)
		TARBALL=${line% *} version=${line##* }
	else
		[ -f "$TARBALL" ] || die "$TARBALL not found (make deps installs Debian 12's linux-source-6.12)"
		pkg=$(basename "$TARBALL" .tar.xz)
		version=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo unknown)
	fi
	msg "importing $TARBALL ($version) as the base commit"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	run_logged "extract" "$BUILD/logs/extract.log" \
		tar -xf "$TARBALL" -C "$tmp" --strip-components=1
	# Debian's top-level .gitignore ignores everything but debian/; drop
	# that packaging rule so files the series adds are seen by git.
	sed -i '/^# Debian packaging/,$d' "$tmp/.gitignore"
	git -C "$tmp" init -q -b "$BASE_BRANCH"
	run_logged "git add" "$BUILD/logs/import.log" git -C "$tmp" add -A -f
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		git -C "$tmp" -c commit.gpgsign=false commit -q --no-verify \
		-m "Linux $(kernel_version "$tmp") from Debian $(basename "$TARBALL" .tar.xz) $version" \
		-m "Imported from $(basename "$TARBALL"). The Debian packaging rule at the end of the top-level .gitignore is dropped."
	mv "$tmp" "$TREE"
}

add_worktree() {
	local src=$1
	git -C "$src" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KERNEL_SRC=$src is not a git tree"
	[ -f "$src/mm/highmem.c" ] || die "KERNEL_SRC=$src does not look like a kernel tree"
	msg "adding a worktree of $src at its HEAD ($(git -C "$src" log -1 --format='%h %s'))"
	git -C "$src" branch -f "$(base_ref)" HEAD
	git -C "$src" worktree add -q --detach "$TREE" "$(base_ref)"
}

# Does the series branch already hold exactly patches/, on top of the base?
series_matches() {
	local tmp rc=0
	tree_git rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null || return 1
	tree_git merge-base --is-ancestor "$(base_ref)" "$SERIES_BRANCH" || return 1
	tmp=$(mktemp -d)
	if ! "$TOP/scripts/export-series.sh" --to "$tmp" >"$tmp.log" 2>&1; then
		# not a difference: say why the comparison could not be made
		echo "warning: cannot export $SERIES_BRANCH to compare it with patches/:" >&2
		sed 's/^/    | /' "$tmp.log" >&2
		rc=1
	fi
	rm -f "$tmp.log"
	if [ $rc -eq 0 ]; then
		diff -q <(cd "$tmp" && ls [0-9]*.patch | grep -v '^0000-') \
			<(series_patches | xargs -rn1 basename) >/dev/null || rc=1
		for p in $(series_patches); do
			cmp -s "$p" "$tmp/$(basename "$p")" || rc=1
		done
	fi
	rm -rf "$tmp"
	return $rc
}


# git am needs a committer.  The series branch belongs to this tool: when
# the user has no identity of their own, commit as the project, through the
# environment only (their git config is never written).
committer_env() {
	local name email
	name=$(tree_git config user.name || true)
	email=$(tree_git config user.email || true)
	if [ -z "$name" ] || [ -z "$email" ]; then
		echo "GIT_COMMITTER_NAME=$BASE_IDENT_NAME"
		echo "GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL"
	fi
}

apply_series() {
	local base prev p n=0 log file
	local -a ident
	base=$(base_ref)
	prev=$(tree_git symbolic-ref -q --short HEAD || tree_git rev-parse HEAD)
	mapfile -t ident < <(committer_env)
	log=$BUILD/logs/git-am.log
	mkdir -p "$(dirname "$log")"
	tree_git checkout -q -B "$SERIES_BRANCH-new" "$base"
	for p in $(series_patches); do
		n=$((n + 1))
		if ! env "${ident[@]}" git -C "$TREE" -c commit.gpgsign=false \
			am -q --keep-cr "$p" >"$log" 2>&1; then
			env "${ident[@]}" git -C "$TREE" am --abort >/dev/null 2>&1 || true
			tree_git checkout -q "$prev"
			tree_git branch -q -D "$SERIES_BRANCH-new"
			echo "git am said (also in $log):" >&2
			sed 's/^/    | /' "$log" >&2
			file=$(sed -n 's/^error: patch failed: \(.*\):[0-9]*$/\1/p; s/^error: \(.*\): does not exist in index$/\1/p' "$log" | head -n 1)
			die "$(basename "$p")${file:+ (at $file)} could not be applied to $(tree_git log -1 --format=%s "$base"); the tree is left as it was.
The series was last tested on $SERIES_TESTED_ON (README). To use a tree of your own: make distclean; make tree KERNEL_SRC=/path/to/linux"
		fi
	done
	tree_git branch -q -M "$SERIES_BRANCH-new" "$SERIES_BRANCH"
	msg "applied $n patches on $(tree_git log -1 --format='%h (%s)' "$base")"
}

mkdir -p "$TOP/work"
source=$(want_source)
if [ -e "$TREE" ]; then
	[ "$(cat "$SOURCE_FILE" 2>/dev/null)" = "$source" ] ||
		die "$TREE was prepared from $(cat "$SOURCE_FILE" 2>/dev/null || echo '?'), not $source: run 'make distclean' first"
	tree_is_dirty && die "$TREE has uncommitted changes: commit or stash them first"
else
	if [ -n "${KERNEL_SRC:-}" ]; then
		add_worktree "${source#git:}"
	else
		import_tarball
	fi
	echo "$source" >"$SOURCE_FILE"
fi

# --base-only: the base is all the caller wants (make backport)
[ "${1:-}" != --base-only ] || exit 0

if series_matches; then
	# make each-patch (and make check) walks the tree through the series'
	# commits: checking the branch out under it would test the wrong code.
	lock=$BUILD/each-patch.lock
	if [ -f "$lock" ] && kill -0 "$(cat "$lock")" 2>/dev/null; then
		msg "$TREE: branch $SERIES_BRANCH already matches patches/; the checkout belongs to make each-patch (pid $(cat "$lock")) and is left alone"
	else
		tree_git checkout -q "$SERIES_BRANCH"
		msg "$TREE: branch $SERIES_BRANCH already matches patches/"
	fi
elif tree_git rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null &&
     [ -z "${FORCE:-}" ]; then
	if [ -n "$LTS_TARBALL" ]; then
		die "branch $SERIES_BRANCH in $TREE differs from patches-6.12/: 'make backport-record' (or 'BASE=6.12 make export') to keep it, or FORCE=1 to re-apply patches-6.12/"
	fi
	die "branch $SERIES_BRANCH in $TREE differs from patches/: 'make export' to keep it, or FORCE=1 to re-apply patches/"
else
	apply_series
fi
msg "tree ready: $TREE ($(tree_git log -1 --format='%h %s'))"
