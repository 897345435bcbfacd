#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the series branch of the work tree back to patches/ (BASE=6.12:
# patches-6.12/) as
# `git format-patch` output with a cover letter built from cover-letter.txt.
# Output depends only on the commits: no commit ids, dates or versions that
# drift, so re-running on an unchanged tree changes no byte.
#
# When the base has a git history (make tree KERNEL_SRC=), the cover letter
# ends with base-commit: (and prerequisite-patch-id: for what lies between
# the base and the range); Debian's tarball import has no history anyone
# else has, so then there is none and the cover letter names the release.
#
#   --to DIR          write to DIR instead
#   --cover FILE      the cover letter's text (subject, blank line, body)
#   --range FROM UPTO only the commits FROM..UPTO of the series (make
#                     outbox SPLIT=fixes)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$PATCHES cover=$COVER from='' upto=$SERIES_BRANCH
while [ $# -gt 0 ]; do
	case "$1" in
	--to) out=$2; shift 2 ;;
	--cover) cover=$2; shift 2 ;;
	--range) from=$2 upto=$3; shift 3 ;;
	*) die "usage: $0 [--to DIR] [--cover FILE] [--range FROM UPTO]" ;;
	esac
done
[ -d "$TREE/.git" ] || [ -f "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
base=$(base_ref)
from=${from:-$base}
n=$(tree_git rev-list --count "$from..$upto")
[ "$n" -gt 0 ] || die "no commits in $from..$upto"
if base_has_history; then
	base_opt=--base=$(tree_git rev-parse --verify "$base^{commit}")
else
	base_opt=--no-base
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# format-patch takes the cover letter from the description of the branch
# at the tip of the range.  For a part of the series, that branch is made
# in a scratch repository that borrows the tree's objects: the tree's own
# refs are left alone.
repo=$TREE
if [ "$upto" != "$SERIES_BRANCH" ]; then
	repo=$tmp/repo
	git init -q --bare "$repo"
	echo "$(tree_git rev-parse --path-format=absolute --git-common-dir)/objects" \
		>"$repo/objects/info/alternates"
	git -C "$repo" update-ref "refs/heads/$SERIES_BRANCH" \
		"$(tree_git rev-parse --verify "$upto^{commit}")"
	from=$(tree_git rev-parse --verify "$from^{commit}")
fi
date=$(tree_git log -1 --format=%aD "$upto")
GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
GIT_COMMITTER_DATE=$date \
	git -C "$repo" \
	-c "branch.$SERIES_BRANCH.description=$(cat "$cover")" \
	-c format.signOff=false -c format.useAutoBase=false \
	-c format.thread=false -c diff.noprefix=false \
	format-patch -q --zero-commit --no-signature --cover-letter \
	--cover-from-description=subject "$base_opt" -o "$tmp/out" \
	"$from..$SERIES_BRANCH"

mkdir -p "$out"
changed=0
for f in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] || continue
	[ -e "$tmp/out/$(basename "$f")" ] || { rm -f "$f"; changed=$((changed + 1)); }
done
for f in "$tmp/out"/*.patch; do
	cmp -s "$f" "$out/$(basename "$f")" && continue
	cp "$f" "$out/"
	changed=$((changed + 1))
done
msg "exported $n patches and a cover letter to $out ($changed files changed)"
