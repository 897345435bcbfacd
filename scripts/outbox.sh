#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the series for mailing in build/outbox/: the neutral project
# identity is replaced by the sender's own (git config user.name and
# user.email), who thereby certifies the DCO, and the recipients are set
# the way mm series are addressed: To the mm maintainer and linux-mm, Cc
# everyone else get_maintainer.pl names for the files touched, and those
# who designed or reviewed kmap_local in the threads this series comes
# from (get_maintainer.pl cannot find them without git history).  Patches
# that carry "Cc: stable@vger.kernel.org" reach stable through that tag,
# once merged; stable@ itself is not mailed (see the --cc-cmd below).
#
# SPLIT=fixes: the fixes first, as their own posting.  The patches with a
# Fixes: tag, which must come first in the series, go to build/outbox/fixes/
# as a short series with the cover letter of cover-fixes.txt, and the rest
# to build/outbox/feature/ as the series that applies on top of them, each
# made by git format-patch from the series branch of work/linux, with its
# own recipients, dry run and send.sh.
#
# SPLIT=arm-hugetlb: the fix of patches-arm-hugetlb/ instead, a bug of the
# base that make peer met outside the series: one patch, no cover letter,
# To the ARM port (get_maintainer.pl), Cc linux-mm, the mm maintainer and
# the hugetlb maintainers (the commit it fixes is theirs), in
# build/outbox/arm-hugetlb/.
#
# SPLIT=uffd-poison: the three fixes of patches-uffd-poison/ with their
# cover letter, another base bug make peer met (docs/uffd-poison.md), in
# build/outbox/uffd-poison/.
#
# Then git send-email --dry-run shows exactly what would go to whom,
# threaded under the cover letter.  Nothing is ever sent: the real command
# is printed for the sender to run and written to send.sh, and its
# arguments (all but the patches) to send-args, one a line, for make
# outbox-check to send the same way to a local SMTP sink.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=$(git config user.name || true)
email=$(git config user.email || true)
if [ -z "$name" ] || [ -z "$email" ]; then
	cat >&2 <<EOT
error: make outbox signs the patches with your own identity, and git has none.
The Signed-off-by: line certifies the Developer's Certificate of Origin,
so it must be yours.  Set it with:

    git config --global user.name "Your Name"
    git config --global user.email "you@example.org"

and run 'make outbox' again.
EOT
	exit 1
fi
[ -x "$TREE/scripts/get_maintainer.pl" ] || die "no tree at $TREE: run 'make tree'"
ls "$TOP"/patches/0000-*.patch >/dev/null 2>&1 || die "no series in patches/: run 'make export'"

# The mm tree takes this series: To its maintainer and list.
TO="Andrew Morton <akpm@linux-foundation.org>
linux-mm@kvack.org"
# Designed or reviewed kmap_local in the threads of ../shared/seeds/.
# A name with a dot is quoted, as RFC 5322 wants: git send-email would
# send the bare one as "Fabio M . De Francesco".
DESIGNERS="Thomas Gleixner <tglx@linutronix.de>
Linus Torvalds <torvalds@linux-foundation.org>
Ira Weiny <ira.weiny@intel.com>
Matthew Wilcox <willy@infradead.org>
\"Fabio M. De Francesco\" <fmdefrancesco@gmail.com>"

# sed_re/sed_repl STRING: STRING quoted for a sed s||| pattern/replacement
sed_re()   { printf '%s' "$1" | sed -e 's/[][\\.*^$|]/\\&/g'; }
sed_repl() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
neutral=$(sed_re "$BASE_IDENT_NAME <$BASE_IDENT_EMAIL>")
sender=$(sed_repl "$name <$email>")
# prepare OUT SRC: the posting of the patches in SRC (format-patch output,
# project identity), re-signed and addressed, in OUT
prepare() {
	local out=$1 src=$2 p r
	local -a args
	mkdir -p "$out"
	# The project identity is in From: and Signed-off-by: of every patch, and
	# heads the cover letter's shortlog ("kmap_local series (16):").
	for p in "$src"/[0-9][0-9][0-9][0-9]-*.patch; do
		sed -e "s|^From: $neutral\$|From: $sender|" \
		    -e "s|^Signed-off-by: $neutral\$|Signed-off-by: $sender|" \
		    -e "s|^$(sed_re "$BASE_IDENT_NAME") (\([0-9][0-9]*\)):\$|$(sed_repl "$name") (\1):|" \
		    "$p" >"$out/$(basename "$p")"
	done
	if grep -l -F -e "$BASE_IDENT_EMAIL" -e "$BASE_IDENT_NAME <" "$out"/*.patch ||
	   grep -l -x "$(sed_re "$BASE_IDENT_NAME") ([0-9]*):" "$out"/*.patch; then
		die "the files above still carry the project identity"
	fi

	# get_maintainer.pl for the whole series, minus those already in To.
	# shellcheck disable=SC2046
	(cd "$TREE" && ./scripts/get_maintainer.pl --no-rolestats --no-git \
		--no-git-fallback $(PATCHES=$src series_patches)) \
		>"$out/get_maintainer" 2>/dev/null || true
	echo "$TO" >"$out/to"
	# Cc: get_maintainer.pl's list, then the designers, less those in To and
	# anyone already listed.  A person counts once, by address and also by
	# name: get_maintainer.pl gives the address MAINTAINERS has today, and the
	# review threads may have an older one (Thomas Gleixner is tglx@kernel.org
	# in MAINTAINERS, tglx@linutronix.de in the threads).  Mailing both only
	# delivers the mail twice, so the first one, get_maintainer.pl's, is kept.
	# Names compare lowercased and unquoted; lists, which have no name, by
	# address only.
	{
		cat "$out/get_maintainer"
		echo "$DESIGNERS"
	} | awk '
		function addr(s) {
			if (match(s, /<[^>]*>/))
				s = substr(s, RSTART + 1, RLENGTH - 2)
			gsub(/^[ \t]+|[ \t]+$/, "", s)
			return tolower(s)
		}
		function name(s) {
			if (!match(s, /<[^>]*>/))
				return ""
			s = substr(s, 1, RSTART - 1)
			gsub(/"/, "", s)
			gsub(/[ \t]+/, " ", s)
			gsub(/^ | $/, "", s)
			return tolower(s)
		}
		NF == 0 { next }
		{ a = addr($0); n = name($0) }
		FNR == NR { seen_a[a] = 1; if (n != "") seen_n[n] = 1; next }
		(a in seen_a) || (n != "" && n in seen_n) { next }
		{ seen_a[a] = 1; if (n != "") seen_n[n] = 1; print }
		' "$out/to" - >"$out/cc"

	# git send-email mails whoever a Cc: tag in a patch names.  The x86
	# handbook (maintainer-tip.rst) says: add "Cc: stable@vger.kernel.org" to
	# a fix that should be backported, "but do not Cc stable when sending your
	# mail": the tag stays in the patch, where stable finds it once the patch
	# is merged, and the body's Cc: tags are mailed through outbox-cc.sh,
	# which leaves stable@ out.
	args=(--confirm=never --no-chain-reply-to --thread --suppress-cc=self
	      --suppress-cc=bodycc --cc-cmd="$TOP/scripts/outbox-cc.sh"
	      --from="$name <$email>")
	while read -r r; do args+=(--to="$r"); done <"$out/to"
	while read -r r; do args+=(--cc="$r"); done <"$out/cc"
	printf '%s\n' "${args[@]}" >"$out/send-args"

	msg "re-signed as $name <$email> in $out"
	msg "dry run of git send-email (nothing is sent)"
	if ! git send-email --dry-run "${args[@]}" "$out"/*.patch >"$out/dry-run.log" 2>&1 </dev/null; then
		sed 's/^/    | /' "$out/dry-run.log" | tail -n 30 >&2
		die "git send-email --dry-run failed (is Debian's git-email installed? make deps)"
	fi
	# One line per mail: subject, then who gets it.
	awk '/^Dry-OK\. Log says:/{m=1; next}
	     m && /^From:/{next}
	     m && /^To:/{print "      To: " substr($0, 5)}
	     m && /^Cc:/{print "      Cc: " substr($0, 5)}
	     m && /^Subject:/{print "    " substr($0, 10)}
	     m && /^$/{m=0}' "$out/dry-run.log"
	echo
	echo "    To: $(paste -sd, "$out/to")"
	echo "    Cc: $(wc -l <"$out/cc") people and lists, in $out/cc"
	echo "    whole dry run: $out/dry-run.log"
	[ ! -f "$out/0000-cover-letter.patch" ] || base_line "$out/0000-cover-letter.patch"
	echo
	{
		echo "#!/bin/bash"
		echo "# Written by make outbox: sends the series for real."
		printf '%q ' git send-email "${args[@]}"
		echo "$out/*.patch"
	} >"$out/send.sh"
	echo "    to send, review the patches, then run: bash $out/send.sh"
}

# base_line COVER: whether the posting names its base by base-commit:, and
# if not, why
base_line() {
	local c
	c=$(sed -n 's/^base-commit: //p' "$1")
	if [ -n "$c" ]; then
		echo "    base-commit: $c ($(tree_git log -1 --format=%s "$c" 2>/dev/null || echo 'not in work/linux'))"
	elif base_has_history; then
		echo "    no base-commit: patches/ was exported before the tree was made from KERNEL_SRC: run make export"
	else
		echo "    no base-commit: the base is Debian's linux-source tarball, which has no git history; the cover letter names the release and package version (for base-commit:, make tree KERNEL_SRC=/path/to/a/mainline/clone)"
	fi
}

# split SRC: patches/ as two postings, the fixes (cover-fixes.txt) and the
# rest, made in SRC/fixes and SRC/feature
split() {
	local n=0 k=0 p subject
	for p in $(series_patches); do
		n=$((n + 1))
		if grep -q '^Fixes: ' "$p"; then
			[ $k -eq $((n - 1)) ] || die "$(basename "$p") has a Fixes: tag but follows a patch without one: the fixes must come first"
			k=$n
		fi
	done
	[ $k -gt 0 ] || die "no patch of patches/ has a Fixes: tag: nothing to post first"
	[ $k -lt "$n" ] || die "every patch is a fix: post them with make outbox"
	# Made from the series branch: check that it is patches/.
	"$TOP/scripts/export-series.sh" --to "$1/all" >/dev/null
	for p in $(series_patches); do
		cmp -s "$p" "$1/all/$(basename "$p")" ||
			die "branch $SERIES_BRANCH of $TREE differs from patches/ ($(basename "$p")): make export, or make tree FORCE=1"
	done
	"$TOP/scripts/export-series.sh" --to "$1/fixes" --cover "$TOP/cover-fixes.txt" \
		--range "$(base_ref)" "$SERIES_BRANCH~$((n - k))" >/dev/null
	# The feature series' cover letter: cover-letter.txt, saying first
	# which posting it applies on top of (its patch numbers stay those of
	# the whole series).
	subject=$(git mailinfo -k /dev/null /dev/null <"$1/fixes/0000-cover-letter.patch" |
		sed -n 's/^Subject: //p')
	{
		sed -n 1p "$COVER"
		echo
		echo "This series applies on top of the $k fixes posted as"
		echo "\"$subject\"."
		echo "Patch numbers below are those of the whole series: 1-$k are those"
		echo "fixes, $((k + 1))-$n this posting's 1-$((n - k))."
		sed -n '2,$p' "$COVER"
	} >"$1/cover-feature.txt"
	"$TOP/scripts/export-series.sh" --to "$1/feature" --cover "$1/cover-feature.txt" \
		--range "$SERIES_BRANCH~$((n - k))" "$SERIES_BRANCH" >/dev/null
}

rm -rf "$BUILD/outbox"
case "${SPLIT:-}" in
"")
	prepare "$BUILD/outbox" "$PATCHES" ;;
fixes)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	split "$tmp"
	msg "the fixes, posted first"
	prepare "$BUILD/outbox/fixes" "$tmp/fixes"
	msg "the feature series, on top of them"
	prepare "$BUILD/outbox/feature" "$tmp/feature" ;;
arm-hugetlb)
	ls "$TOP"/patches-arm-hugetlb/0001-*.patch >/dev/null 2>&1 ||
		die "no patch in patches-arm-hugetlb/"
	TO="Russell King <linux@armlinux.org.uk>
linux-arm-kernel@lists.infradead.org"
	DESIGNERS="Andrew Morton <akpm@linux-foundation.org>
linux-mm@kvack.org
Muchun Song <muchun.song@linux.dev>
Oscar Salvador <osalvador@suse.de>
David Hildenbrand <david@kernel.org>"
	prepare "$BUILD/outbox/arm-hugetlb" "$TOP/patches-arm-hugetlb" ;;
uffd-poison)
	ls "$TOP"/patches-uffd-poison/0001-*.patch >/dev/null 2>&1 ||
		die "no patch in patches-uffd-poison/"
	# three architectures' fault handlers, one bug of the mm feature: To
	# the mm maintainer and list (mm-hotfixes can take all three), Cc the
	# architectures (get_maintainer.pl), the userfaultfd maintainers and
	# UFFDIO_POISON's author
	DESIGNERS="Mike Rapoport <rppt@kernel.org>
Peter Xu <peterx@redhat.com>
Axel Rasmussen <axelrasmussen@google.com>"
	prepare "$BUILD/outbox/uffd-poison" "$TOP/patches-uffd-poison" ;;
*)
	die "SPLIT=$SPLIT: SPLIT=fixes posts the fixes first, apart, SPLIT=arm-hugetlb the ARM hugetlb fix, SPLIT=uffd-poison the UFFDIO_POISON fixes; nothing else is known" ;;
esac
