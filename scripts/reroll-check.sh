#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make reroll-check: the series from v1 to v2 the way b4 does it, offline,
# as a throwaway sender, with nothing leaving the machine:
#   1. make outbox re-signs the series as "Test Sender"; git am puts it on
#      the base in a scratch clone of work/linux (work/reroll-check);
#   2. b4 prep enrolls that branch, takes cover-letter.txt as its cover
#      letter and get_maintainer.pl's To and Cc (--auto-to-cc);
#   3. b4 send mails v1 to an SMTP sink on 127.0.0.1 (scripts/
#      outbox-check.py sink); b4 tags it sent/<branch>-v1 and starts v2;
#   4. a reviewer's reply to patch 7 with a Reviewed-by joins the thread
#      received; b4 trailers -u takes it from that mbox into patch 7;
#   5. b4 prep --compare-to v1 is the range-diff: patch 7 changed, by the
#      trailer, and nothing else; b4 send -o writes v2.
# The reviewer is a fixture, "Test Reviewer <reviewer@example.invalid>",
# and nothing of this run reaches patches/.  One line per check; writes
# "passed failed skipped" to build/reroll-check/counts.
# shellcheck disable=SC2317	# functions run by check, cleanup by trap
set -uo pipefail
export BASE=mainline
. "$(dirname "$0")/lib.sh"

SENDER_NAME="Test Sender"
SENDER_EMAIL="test.sender@example.org"
REVIEWER="Test Reviewer <reviewer@example.invalid>"
helper=$TOP/scripts/outbox-check.py
out=$BUILD/reroll-check
wt=$TOP/work/reroll-check
T=$out/tmp
branch=kmap-local-b4

command -v b4 >/dev/null || die "b4 is not installed: make deps"
rm -rf "$out" "$wt"
mkdir -p "$out" "$T/home"
log=$out/checks.log
: >"$log"

CHECK_NAME=reroll-check
. "$TOP/scripts/mailcheck.sh"
cleanup() {
	stop_sink
	rm -rf "$T" "$wt"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

throwaway_sender
b4() { (cd "$wt" && command b4 --offline-mode "$@") </dev/null; }
n=$(series_patches | wc -l)
# commits, as the clone has neither branch
base=$(tree_git rev-parse --verify "$(base_ref)^{commit}") || die "no base in $TREE"
series=$(tree_git rev-parse --verify "$SERIES_BRANCH^{commit}") || die "no $SERIES_BRANCH in $TREE"
msg "reroll-check: v1 to v2 with b4 $(command b4 --version), as $SENDER_NAME"

# 1. the series as the sender would have it
ob=$out/outbox
check "make outbox re-signs the series as $SENDER_NAME" \
	env -u SPLIT BUILD="$out" "$TOP/scripts/outbox.sh" || finish
clone() {
	git clone -q --shared --no-checkout "$TREE" "$wt" &&
	git -C "$wt" checkout -q -b "$branch" "$base" &&
	git -C "$wt" am -q "$ob"/000[1-9]-*.patch "$ob"/00[1-9][0-9]-*.patch &&
	[ "$(git -C "$wt" rev-list --count "$base..HEAD")" -eq "$n" ] &&
	git -C "$wt" diff --quiet HEAD "$series"
}
check "git am of the $n re-signed patches onto the base in a clone: $SERIES_BRANCH's tree" clone || finish

# 2. b4 prep
cover_subject=$(head -n 1 "$TOP/cover-letter.txt")
prep() {
	b4 prep -e "$base" &&
	EDITOR="sh -c 'cp \"$TOP/cover-letter.txt\" \"\$1\"' --" b4 prep --edit-cover &&
	b4 prep --auto-to-cc &&
	b4 prep --show-info >"$out/info.v1" &&
	grep -qxF "cover-subject: $cover_subject" "$out/info.v1" &&
	grep -qx 'revision: 1' "$out/info.v1" &&
	[ "$(grep -c '^commit-' "$out/info.v1")" -eq "$n" ]
}
check "b4 prep enrolls the $n patches, with cover-letter.txt and get_maintainer's To and Cc" prep || finish

# 3. v1 to the sink
check "an SMTP sink listens on 127.0.0.1" start_sink || finish
send_v1() {
	git -C "$wt" config sendemail.smtpServer 127.0.0.1 &&
	git -C "$wt" config sendemail.smtpServerPort "$(cat "$out/port")" &&
	# b4 asks for Enter before it sends
	(cd "$wt" && echo | command b4 --offline-mode send --no-sign) >"$out/send-v1.log" 2>&1 &&
	"$PYTHON" "$helper" count "$out/maildir" $((n + 1)) &&
	git -C "$wt" rev-parse -q --verify "refs/tags/sent/$branch-v1" >/dev/null &&
	b4 prep --show-revision 2>&1 | grep -qx v2
}
check "b4 send mails v1 ($((n + 1)) mails arrive), tags sent/$branch-v1 and starts v2" send_v1 || finish

# 4. a reply with a trailer, then b4 trailers -u
reply() {
	"$PYTHON" - "$out/maildir" "$out/thread.mbox" "$REVIEWER" <<'EOF'
import email.utils, mailbox, re, sys
from email.message import EmailMessage
md, mbox, reviewer = sys.argv[1:]
box = mailbox.mbox(mbox)
p7 = None
for _, m in mailbox.Maildir(md, create=False).items():
    box.add(m)
    if re.search(r'\[PATCH 0*7/', ' '.join(m['Subject'].split())):
        p7 = m
r = EmailMessage()
r['From'] = reviewer
r['To'] = p7['From']
r['Subject'] = 'Re: ' + ' '.join(p7['Subject'].split())
r['Date'] = email.utils.formatdate()
r['Message-Id'] = '<reroll-check-reply-7@example.invalid>'
r['In-Reply-To'] = r['References'] = p7['Message-Id']
r.set_content('> %s\n\nLooks right to me.\n\nReviewed-by: %s\n'
              % (' '.join(p7['Subject'].split()), reviewer))
box.add(r)
box.flush()
EOF
}
check "a reply to patch 7 with \"Reviewed-by: $REVIEWER\" joins the thread" reply || finish
trailers() {
	local c
	b4 trailers -u -m "$out/thread.mbox" || return 1
	c=$(git -C "$wt" log --format='%H %s' "$base..HEAD" |
		grep -F " mm/highmem: restore kmap_local slots with" | cut -d' ' -f1)
	git -C "$wt" log -1 --format='%(trailers:key=Reviewed-by)' "$c" |
		grep -qxF "Reviewed-by: $REVIEWER" &&
	[ "$(git -C "$wt" log --format='%(trailers:key=Reviewed-by)' "$base..HEAD" |
		grep -c .)" -eq 1 ]
}
check "b4 trailers -u takes the Reviewed-by from the local mbox into patch 7, and only there" trailers
compare() {
	b4 prep --compare-to v1 >"$out/range-diff.txt" 2>&1 &&
	[ "$(grep -cE '^ *[0-9]+: +[0-9a-f]+ = ' "$out/range-diff.txt")" -eq $((n - 1)) ] &&
	grep -qE '^ *7: +[0-9a-f]+ ! ' "$out/range-diff.txt" &&
	grep -qF "+    Reviewed-by: $REVIEWER" "$out/range-diff.txt"
}
check "b4 prep --compare-to v1: patch 7 gained the trailer, the other $((n - 1)) are unchanged" compare
send_v2() {
	# b4 sends no cover letter with its EDITME lines left in
	EDITOR="sed -i -e 's/^- EDITME: describe.*/- Patch 7: Reviewed-by collected./' -e '/^- EDITME:/d'" \
		b4 prep --edit-cover &&
	(cd "$wt" && command b4 --offline-mode send --no-sign -o "$out/v2") \
		</dev/null >"$out/send-v2.log" 2>&1 &&
	[ "$(find "$out/v2" -type f | wc -l)" -eq $((n + 1)) ] &&
	[ "$(grep -lE "^Subject: \[PATCH v2 [0-9]+/$n\]" "$out/v2"/* | wc -l)" -eq $((n + 1)) ] &&
	grep -q '^Changes in v2:' "$out"/v2/0000-* &&
	grep -qx -- '- Patch 7: Reviewed-by collected.' "$out"/v2/0000-* &&
	grep -q "^- Link to v1: " "$out"/v2/0000-*
}
check "b4 send -o writes v2: [PATCH v2 i/$n], the cover letter with what changed and a link to v1" send_v2
finish
