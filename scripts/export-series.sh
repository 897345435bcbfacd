#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the series branch of the work tree back to patches/ (BASE=6.12:
# patches-6.12/) as
# `git format-patch` output with a cover letter built from cover-letter.txt.
# Output depends only on the commits: no commit ids, dates or versions that
# drift, so re-running on an unchanged tree changes no byte.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$PATCHES
[ "${1:-}" = "--to" ] && out=$2
[ -d "$TREE/.git" ] || [ -f "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
tree_is_dirty && die "$TREE has uncommitted changes: commit them first"
base=$(base_ref)
n=$(tree_git rev-list --count "$base..$SERIES_BRANCH")
[ "$n" -gt 0 ] || die "branch $SERIES_BRANCH has no commits on top of $base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
date=$(tree_git log -1 --format=%aD "$SERIES_BRANCH")
GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
GIT_COMMITTER_DATE=$date \
	git -C "$TREE" \
	-c "branch.$SERIES_BRANCH.description=$(cat "$COVER")" \
	-c format.signOff=false -c format.useAutoBase=false \
	-c format.thread=false -c diff.noprefix=false \
	format-patch -q --zero-commit --no-signature --cover-letter \
	--cover-from-description=subject --no-base -o "$tmp" \
	"$base..$SERIES_BRANCH"

mkdir -p "$out"
changed=0
for f in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] || continue
	[ -e "$tmp/$(basename "$f")" ] || { rm -f "$f"; changed=$((changed + 1)); }
done
for f in "$tmp"/*.patch; do
	cmp -s "$f" "$out/$(basename "$f")" && continue
	cp "$f" "$out/"
	changed=$((changed + 1))
done
msg "exported $n patches and a cover letter to $out ($changed files changed)"
