#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the 6.12 LTS flavour of the series (patches-6.12/) from the mainline
# one (patches/), patch for patch.
#
#   backport.sh           apply each patch of patches/ to the 6.12 base in
#                         work/linux-6.12 with `git am -3`, then what 6.12
#                         forces on it, as recorded in backport/6.12/; the
#                         result becomes branch kmap-local there and is
#                         exported to patches-6.12/.  A patch that no longer
#                         goes in that way stops it, and the tree is left as
#                         it was (like make tree).
#   backport.sh --record  after porting by hand in work/linux-6.12 (branch
#                         kmap-local, one commit per mainline patch, same
#                         subjects): write what each commit differs from its
#                         mainline patch to backport/6.12/, replay it, check
#                         that the replay gives the same commits, and export
#                         the branch to patches-6.12/.
#
# For a mainline patch NNNN-<slug>.patch, backport/6.12/ may hold:
#   <slug>.exclude  files whose mainline hunks do not go into 6.12 as they
#                   are (the fixup holds the 6.12 change to them), and
#                   <slug>.sum, a checksum of those hunks as they were when
#                   recorded: when they change, the patch is ported again;
#   <slug>.diff     the fixup: applied after the mainline patch;
#   <slug>.msg      the changelog, where 6.12 needs other words, and
#                   <slug>.msgsum, a checksum of the mainline changelog it
#                   was written from: when that changes, it is written again.
# <slug> is the name format-patch gave the patch, without its number (a
# record whose slug matches no patch of patches/ stops the replay).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

use_base mainline
MAIN_TREE=$TREE MAIN_PATCHES=$PATCHES MAIN_BASE=$(base_ref)
use_base 6.12
export BASE=6.12
BP=$TOP/backport/6.12
mode=${1:-replay}

[ -n "$(ls "$MAIN_PATCHES"/[0-9]*.patch 2>/dev/null)" ] || die "no patches in $MAIN_PATCHES"
# the 6.12 base (imported from Debian 12's tarball if need be)
"$TOP/scripts/prepare-tree.sh" --base-only
tree_is_dirty && die "$TREE has uncommitted changes: commit or stash them first"
# git am -3 falls back on the blobs a patch's index lines name, which are
# mainline's: let the 6.12 repository read the mainline tree's objects.
# It keeps reading them (a blob both have is not copied), so the two
# trees under work/ go together, as make distclean removes them.
main_objects=$(cd "$MAIN_TREE" && cd "$(git rev-parse --git-common-dir)/objects" && pwd) ||
	die "no mainline tree at $MAIN_TREE: run 'make tree'"
alternates=$(tree_git rev-parse --git-common-dir)/objects/info/alternates
case "$alternates" in /*) ;; *) alternates=$TREE/$alternates ;; esac
grep -qxF "$main_objects" "$alternates" 2>/dev/null ||
	echo "$main_objects" >>"$alternates"

# msg_sum PATCH: checksum of PATCH's subject and changelog
msg_sum() {
	local m
	m=$(mktemp)
	git mailinfo "$m" /dev/null <"$1" >/dev/null
	{ patch_subject "$1"; cat "$m"; } | sha256sum | cut -d' ' -f1
	rm -f "$m"
}

main_patches() { find "$MAIN_PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort; }
slug() { local b; b=$(basename "$1" .patch); echo "${b#[0-9][0-9][0-9][0-9]-}"; }

# hunks_sum PATCH FILE...: checksum of PATCH's hunks for FILEs, without
# the index lines and line numbers that move with the tree
hunks_sum() {
	local p=$1
	shift
	awk -v files="$*" '
		BEGIN { n = split(files, f, " "); for (i = 1; i <= n; i++) want["a/" f[i]] = 1 }
		/^diff --git / { on = ($3 in want); }
		/^-- $/ { on = 0 }
		on && !/^index / { sub(/^@@ [^@]* @@/, "@@"); print }' "$p" | sha256sum | cut -d' ' -f1
}

# git in the 6.12 tree as the project, without a rerere cache of the user's
git_id() { git_project "$TREE" -c rerere.enabled=false "$@"; }

# am_one PATCH EXCLUDES...: git am -3 PATCH onto HEAD without EXCLUDES
am_one() {
	local p=$1 x args=()
	shift
	for x in "$@"; do args+=(--exclude="$x"); done
	git_id am -q -3 --keep-cr "${args[@]}" "$p" >"$LOG" 2>&1
}

amend() { git_id commit -q --amend --no-verify "$@"; }

# replay BRANCH: build BRANCH from the 6.12 base, patch by patch; false,
# with the reason in $WHY, on the first patch that does not go in.
replay() {
	local br=$1 p s x
	local -a ex
	tree_git checkout -q -B "$br" "$(base_ref)" || { WHY="could not check out $(base_ref)"; return 1; }
	for p in $(main_patches); do
		s=$(slug "$p")
		ex=()
		[ -f "$BP/$s.exclude" ] && mapfile -t ex <"$BP/$s.exclude"
		if [ ${#ex[@]} -gt 0 ] &&
		   [ "$(hunks_sum "$p" "${ex[@]}")" != "$(cat "$BP/$s.sum" 2>/dev/null)" ]; then
			WHY="$(basename "$p") changed ${ex[*]} since its 6.12 port was recorded: port it again by hand (docs/backport.md)"
			return 1
		fi
		if [ -f "$BP/$s.msg" ] && [ "$(msg_sum "$p")" != "$(cat "$BP/$s.msgsum" 2>/dev/null)" ]; then
			WHY="the changelog of $(basename "$p") changed since its 6.12 wording (backport/6.12/$s.msg) was recorded: port it again (docs/backport.md)"
			return 1
		fi
		if ! am_one "$p" "${ex[@]}"; then
			x=$(tree_git diff --name-only --diff-filter=U | tr '\n' ' ')
			git_id am --abort >/dev/null 2>&1 || true
			WHY="$(basename "$p") does not apply to 6.12${x:+ (conflicts in $x)}; git am said:
$(sed 's/^/    | /' "$LOG")"
			return 1
		fi
		if [ -f "$BP/$s.diff" ]; then
			if ! tree_git apply --index --whitespace=nowarn "$BP/$s.diff" >"$LOG" 2>&1; then
				tree_git reset -q --hard
				WHY="the 6.12 fixup backport/6.12/$s.diff no longer applies after $(basename "$p"):
$(sed 's/^/    | /' "$LOG")"
				return 1
			fi
		fi
		if [ -f "$BP/$s.msg" ]; then
			amend -F "$BP/$s.msg" || { WHY="could not commit $(basename "$p")"; return 1; }
		elif [ -f "$BP/$s.diff" ]; then
			amend --no-edit || { WHY="could not commit $(basename "$p")"; return 1; }
		fi
		echo "    $(basename "$p")${ex[*]:+ (6.12 port of ${ex[*]})}$([ -f "$BP/$s.diff" ] && echo ", 6.12 fixup")"
	done
}

# range_diff: git range-diff of the mainline series and the 6.12 one, in
# build/backport/range-diff.txt, and its one-line-per-patch summary
range_diff() {
	local rd=$BUILD/backport/range-diff.txt
	mkdir -p "$(dirname "$rd")"
	if ! tree_git fetch -q "$MAIN_TREE" "+refs/heads/$SERIES_BRANCH:refs/mainline/series" \
		"+refs/heads/$MAIN_BASE:refs/mainline/base"; then
		warn "no range-diff: could not fetch the mainline series from $MAIN_TREE"
		return 0
	fi
	tree_git -c color.ui=never range-diff --creation-factor=95 refs/mainline/base..refs/mainline/series \
		"$(base_ref)..$SERIES_BRANCH" >"$rd"
	msg "git range-diff mainline..6.12 ($rd):"
	grep -E '^ *[0-9-]+: ' "$rd" | sed 's/^/    /'
}

LOG=$BUILD/logs/backport.log
mkdir -p "$(dirname "$LOG")" "$BP"
[ -d "$(tree_git rev-parse --git-path rebase-apply)" ] &&
	die "a git am is in progress in $TREE: finish or abort it first"
lock=$BUILD/each-patch.lock
[ -f "$lock" ] && kill -0 "$(cat "$lock")" 2>/dev/null &&
	die "make each-patch (pid $(cat "$lock")) is using the checkout: wait for it"
prev=$(tree_git symbolic-ref -q --short HEAD || tree_git rev-parse HEAD)

# Whatever stops us (an error, ^C), put the 6.12 tree back as it was;
# the patches that did go in stay under refs/backport/partial.
TMPBR=
cleanup() {
	rm -rf "${REC:-}"
	[ -n "$TMPBR" ] || return 0
	git_id am --abort >/dev/null 2>&1 || true
	tree_git reset -q --hard
	tree_git update-ref refs/backport/partial "$TMPBR" 2>/dev/null || true
	tree_git checkout -q -f "$prev"
	tree_git branch -q -D "$TMPBR" 2>/dev/null || true
	TMPBR=
}
trap cleanup EXIT

if [ "$mode" = --record ]; then
	mapfile -t commits < <(tree_git rev-list --reverse "$(base_ref)..$SERIES_BRANCH")
	mapfile -t mains < <(main_patches)
	[ ${#commits[@]} -eq ${#mains[@]} ] ||
		die "$SERIES_BRANCH in $TREE has ${#commits[@]} commits, patches/ has ${#mains[@]} patches"
	for i in "${!mains[@]}"; do
		[ "$(tree_git log -1 --format=%s "${commits[$i]}")" = \
		  "$(patch_subject "${mains[$i]}")" ] ||
			die "commit $((i + 1)) of $SERIES_BRANCH is not $(basename "${mains[$i]}") (subjects differ)"
	done
	# the record is written aside and only replaces backport/6.12/ once
	# it reproduces the branch
	REC=$(mktemp -d)
	cp "$BP/cover-letter.txt" "$REC/" 2>/dev/null || true
	realbp=$BP BP=$REC
	TMPBR=$SERIES_BRANCH-record
	tree_git branch -q -f "$TMPBR" "$SERIES_BRANCH"
	for i in "${!mains[@]}"; do
		p=${mains[$i]} s=$(slug "$p") c=${commits[$i]}
		tree_git checkout -q -B "$TMPBR" "${commits[$i]}~1"
		ex=()
		if ! am_one "$p"; then
			git_id am --abort >/dev/null 2>&1 || true
			# the files whose hunks do not go in, even 3-way
			for f in $(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$p"); do
				git_id apply -q --3way --include="$f" "$p" >>"$LOG" 2>&1 || ex+=("$f")
				git_id reset -q --hard
			done
			[ ${#ex[@]} -gt 0 ] && am_one "$p" "${ex[@]}" ||
				die "$(basename "$p") does not go onto its 6.12 parent even without its conflicting files (see $LOG)"
			printf '%s\n' "${ex[@]}" >"$BP/$s.exclude"
			hunks_sum "$p" "${ex[@]}" >"$BP/$s.sum"
		fi
		tree_git diff --binary HEAD "$c" >"$BP/$s.diff"
		[ -s "$BP/$s.diff" ] || rm -f "$BP/$s.diff"
		tree_git log -1 --format=%B "$c" >"$BP/$s.msg"
		if cmp -s "$BP/$s.msg" <(tree_git log -1 --format=%B HEAD); then
			rm -f "$BP/$s.msg"
		else
			msg_sum "$p" >"$BP/$s.msgsum"
		fi
	done
	msg "recorded what 6.12 forces on each patch; replaying to check it"
	replay "$TMPBR" || die "the record does not replay: $WHY"
	bad=0
	for i in "${!commits[@]}"; do
		r=$(tree_git rev-parse "$TMPBR~$((${#commits[@]} - 1 - i))")
		tree_git diff --quiet "${commits[$i]}" "$r" || { warn "replayed commit $((i + 1)) differs from the hand port"; bad=1; }
		[ "$(tree_git log -1 --format='%an %ae %ad%n%B' "${commits[$i]}")" = \
		  "$(tree_git log -1 --format='%an %ae %ad%n%B' "$r")" ] ||
			{ warn "replayed commit $((i + 1)) has another author, date or changelog"; bad=1; }
	done
	[ $bad -eq 0 ] || die "the record does not reproduce $SERIES_BRANCH; backport/6.12/ is left as it was"
	tree_git checkout -q -f "$prev"
	tree_git branch -q -D "$TMPBR"
	TMPBR=
	rm -f "$realbp"/*.exclude "$realbp"/*.sum "$realbp"/*.diff "$realbp"/*.msg "$realbp"/*.msgsum
	cp "$REC"/* "$realbp/"
	msg "the record reproduces all ${#commits[@]} commits of $SERIES_BRANCH: written to $realbp"
	"$TOP/scripts/export-series.sh"
	range_diff
	exit 0
fi

# Replay.  Hand work on the branch that is not in patches-6.12/ yet would
# be lost: refuse, as make tree does, unless FORCE=1.
# A record that matches no patch of patches/ (a subject changed) would
# silently not be applied.
for f in "$BP"/*.exclude "$BP"/*.sum "$BP"/*.diff "$BP"/*.msg "$BP"/*.msgsum; do
	[ -e "$f" ] || continue
	s=$(basename "${f%.*}")
	ls "$MAIN_PATCHES"/[0-9][0-9][0-9][0-9]-"$s".patch >/dev/null 2>&1 ||
		die "backport/6.12/$(basename "$f") belongs to no patch of patches/ (was its subject changed?): rename it after the patch, or port again (docs/backport.md)"
done
if tree_git rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null && [ -z "${FORCE:-}" ]; then
	tmp=$(mktemp -d)
	"$TOP/scripts/export-series.sh" --to "$tmp" >/dev/null 2>&1 || true
	diff -qr -x '0000-*' "$tmp" "$PATCHES" >/dev/null 2>&1 || {
		rm -rf "$tmp"
		die "branch $SERIES_BRANCH in $TREE differs from patches-6.12/: 'BASE=6.12 make export' or 'make backport-record' to keep it, FORCE=1 to replace it"
	}
	rm -rf "$tmp"
fi
msg "backporting $(ls "$MAIN_PATCHES"/[0-9]*.patch | grep -vc /0000-) patches of patches/ to $(tree_git log -1 --format=%s "$(base_ref)")"
TMPBR=$SERIES_BRANCH-new
replay "$TMPBR" || die "$WHY
The 6.12 tree is left as it was; the patches before that one, as they went
in, are at refs/backport/partial (docs/backport.md)."
# HEAD is on the new branch: the rename takes it along
tree_git branch -q -M "$TMPBR" "$SERIES_BRANCH"
TMPBR=
"$TOP/scripts/export-series.sh"
range_diff
