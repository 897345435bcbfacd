#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make outbox-check: mail the series for real, to a local SMTP sink, and
# check what arrives.
#
# make outbox runs as a throwaway sender, "Test Sender
# <test.sender@example.org>" (a git config of its own: the machine's
# identity is neither needed nor used), into build/outbox-check/outbox, so
# that the sender's own build/outbox is left alone.  git send-email then
# sends it, with the arguments make outbox wrote to send-args, to an SMTP
# sink on 127.0.0.1 (scripts/outbox-check.py, python3-aiosmtpd), which
# files every mail in a Maildir.  The checks:
#   - N+1 mails (N patches and the cover letter), each patch a reply to
#     the cover letter (In-Reply-To, References);
#   - To and Cc are those make outbox meant (its to and cc files, and the
#     patch's own Cc: trailers), no one twice, under one address or two;
#   - the project identity is nowhere, and the shortlog is the sender's;
#   - the mails, in thread order, git am onto the base in a worktree of
#     work/linux (work/outbox-check, removed at the end) give the tree of
#     the series branch, patch-id for patch-id; and so does b4 am of them,
#     offline, when b4 is installed (a skipped check when it is not).
# Nothing leaves the machine.  Prints one line per check and writes
# "passed failed skipped" to build/outbox-check/counts; exits non-zero on
# any failure.
# shellcheck disable=SC2317	# functions run by check, cleanup by trap
set -uo pipefail
# The mainline series is the one that is mailed.
export BASE=mainline
. "$(dirname "$0")/lib.sh"

SENDER_NAME="Test Sender"
SENDER_EMAIL="test.sender@example.org"
sender="$SENDER_NAME <$SENDER_EMAIL>"
helper=$TOP/scripts/outbox-check.py
out=$BUILD/outbox-check
wt=$TOP/work/outbox-check
T=$out/tmp

# one run at a time: they share the worktree and the output directory
mkdir -p "$BUILD"
exec 9>"$BUILD/.outbox-check.lock"
flock -n 9 || die "another make outbox-check is running"
rm -rf "$out"
mkdir -p "$out" "$T/home"
log=$out/checks.log
: >"$log"

CHECK_NAME=outbox-check
. "$TOP/scripts/mailcheck.sh"

wt_mine='' wt_ok=''
cleanup() {
	stop_sink
	[ -z "$wt_ok" ] || git -C "$wt" am --abort >/dev/null 2>&1
	# -f -f: also one that a killed worktree add left locked
	[ -z "$wt_mine" ] || git -C "$TREE" worktree remove -f -f "$wt" >/dev/null 2>&1
	git -C "$TREE" worktree prune >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

throwaway_sender
# git am's committer, given here: the check commits nothing anyone keeps
am_git() {
	GIT_COMMITTER_NAME="outbox-check" GIT_COMMITTER_EMAIL="outbox-check@example.invalid" \
		git -C "$wt" -c commit.gpgsign=false "$@"
}

n=$(series_patches | wc -l)
base=$(base_ref)
msg "outbox-check: the $n patches and cover letter sent as $sender to a local SMTP sink"

# 1. make outbox, as the test sender
ob=$out/outbox
check "make outbox prepares the series as $SENDER_NAME" \
	env -u SPLIT BUILD="$out" "$TOP/scripts/outbox.sh" </dev/null || finish
check "make outbox wrote the send-email arguments, To and Cc" \
	test -s "$ob/send-args" -a -s "$ob/to" -a -s "$ob/cc" || finish

# 2. the SMTP sink, and git send-email into it
check "an SMTP sink listens on 127.0.0.1" start_sink || finish
port=$(cat "$out/port")
send() {
	local args
	mapfile -t args <"$ob/send-args"
	# no TLS: git 2.39 takes no empty --smtp-encryption=, and any value
	# but tls or ssl means none
	(cd "$ob" && git send-email "${args[@]}" --smtp-server=127.0.0.1 \
		--smtp-server-port="$port" --smtp-encryption=none \
		--smtp-domain=localhost [0-9][0-9][0-9][0-9]-*.patch) \
		</dev/null >"$out/send-email.log" 2>&1 ||
		{ tail -n 20 "$out/send-email.log"; return 1; }
}
check "git send-email sends the series to 127.0.0.1:$port" send
# everything has arrived once git send-email is done: stop the sink
stop_sink

# 3. what arrived
md=$out/maildir
check "$((n + 1)) mails arrived" "$PYTHON" "$helper" count "$md" $((n + 1))
check "each patch replies to the cover letter (In-Reply-To, References)" \
	"$PYTHON" "$helper" thread "$md" "$n" "$out"
# the mails in order, threaded or not; none without the cover letter
[ -s "$out/order" ] || finish
check "To and Cc are make outbox's, each person once" \
	"$PYTHON" "$helper" recipients "$md" "$out" "$ob" "$out/envelopes" "$SENDER_EMAIL"
check "every mail is from $SENDER_NAME; the project identity is in none" \
	"$PYTHON" "$helper" identity "$md" "$out" "$BASE_IDENT_NAME" "$BASE_IDENT_EMAIL" "$sender"
check "the cover letter's shortlog reads \"$SENDER_NAME ($n):\"" \
	"$PYTHON" "$helper" shortlog "$md" "$out" "$SENDER_NAME" "$n"

# 4. the mails applied onto the base, in a worktree of our own
new_worktree() {
	if [ -e "$wt" ]; then
		# left by a run that was killed: ours only if work/linux has it
		git -C "$TREE" worktree list --porcelain | grep -qxF "worktree $wt" ||
			{ echo "$wt exists and is no worktree of $TREE: remove it"; return 1; }
		git -C "$TREE" worktree remove -f -f "$wt" || return 1
	fi
	git -C "$TREE" worktree prune
	wt_mine=1
	git -C "$TREE" worktree add -q --detach "$wt" "$base" || return 1
	# every git -C "$wt" below must reach this worktree, never a repository around it
	if [ "$(git -C "$wt" rev-parse --show-toplevel)" != "$(cd "$wt" && pwd -P)" ] ||
	   [ "$(git -C "$wt" rev-parse --path-format=absolute --git-common-dir)" != \
	     "$(git -C "$TREE" rev-parse --path-format=absolute --git-common-dir)" ]; then
		echo "$wt is not the worktree of $TREE that was just added"
		return 1
	fi
	wt_ok=1
}
check "a worktree of work/linux at $base ($wt)" new_worktree || finish
series=$(git -C "$TREE" rev-parse --verify -q "$SERIES_BRANCH^{commit}")

same_tree() {	# same_tree WHAT: HEAD's tree is the series branch's
	local got want
	got=$(git -C "$wt" rev-parse "HEAD^{tree}") want=$(git -C "$wt" rev-parse "$series^{tree}")
	[ "$got" = "$want" ] ||
		{ echo "$1 gives tree $got, $SERIES_BRANCH has $want:"; git -C "$wt" diff --stat HEAD "$series" | tail -n 5; return 1; }
}
git_am() {
	am_git am -q --patch-format=mboxrd "$out/patches.mbox" || return 1
	local c
	c=$(git -C "$wt" rev-list --count "$base..HEAD")
	[ "$c" -eq "$n" ] || { echo "$c commits on $base, not $n"; return 1; }
}
check "git am of the $n received patches, in thread order, onto $base" git_am
check "the result has $SERIES_BRANCH's tree" same_tree "git am"
patch_ids() {	# patch_ids RANGE: the stable patch-id of each commit, in order
	local c
	for c in $(git -C "$wt" rev-list --reverse "$1"); do
		git -C "$wt" diff-tree -p "$c" | git patch-id --stable | cut -d' ' -f1
	done
}
same_patch_ids() {
	patch_ids "$base..HEAD" >"$T/ids.applied"
	patch_ids "$base..$series" >"$T/ids.series"
	diff -u "$T/ids.series" "$T/ids.applied" >/dev/null ||
		{ echo "patch-ids differ (series, applied):"; diff "$T/ids.series" "$T/ids.applied"; return 1; }
	[ -s "$T/ids.applied" ]
}
check "each applied commit has its series commit's patch-id" same_patch_ids
authored() {
	local bad
	bad=$(git -C "$wt" log --format='%an <%ae>' "$base..HEAD" | grep -v -x -F "$sender")
	[ -z "$bad" ] || { echo "authors other than $sender: $bad"; return 1; }
}
check "each applied commit is authored by $SENDER_NAME" authored

if command -v b4 >/dev/null; then
	b4_am() {
		am_git am --abort >/dev/null 2>&1
		git -C "$wt" checkout -q -f --detach "$base" || return 1
		mkdir -p "$out/b4"
		(cd "$wt" && b4 --offline-mode --no-interactive --no-stdin am \
			--use-local-mbox "$md" --outdir "$out/b4" --mbox-name series \
			"$(cat "$out/cover-msgid")") </dev/null || return 1
		am_git am -q "$out/b4/series.mbx" || return 1
		same_tree "b4 am"
	}
	check "b4 am (offline) of the received mails gives $SERIES_BRANCH's tree" b4_am
else
	skip "b4 am: b4 is not installed (apt-get install b4), so not checked"
fi

finish
