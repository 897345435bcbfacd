#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the series for mailing in build/outbox/: the neutral project
# identity is replaced by the sender's own (git config user.name and
# user.email), who thereby certifies the DCO, and the recipients are set
# the way mm series are addressed: To the mm maintainer and linux-mm, Cc
# everyone else get_maintainer.pl names for the files touched, and those
# who designed or reviewed kmap_local in the threads this series comes
# from (get_maintainer.pl cannot find them without git history).  Patches
# that carry "Cc: stable@vger.kernel.org" reach stable through that tag.
#
# Then git send-email --dry-run shows exactly what would go to whom,
# threaded under the cover letter.  Nothing is ever sent: the real command
# is printed for the sender to run.
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
DESIGNERS="Thomas Gleixner <tglx@linutronix.de>
Linus Torvalds <torvalds@linux-foundation.org>
Ira Weiny <ira.weiny@intel.com>
Matthew Wilcox <willy@infradead.org>
Fabio M. De Francesco <fmdefrancesco@gmail.com>"

out=$BUILD/outbox
rm -rf "$out"
mkdir -p "$out"
neutral="$BASE_IDENT_NAME <$BASE_IDENT_EMAIL>"
for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	sed -e "s|^From: $neutral\$|From: $name <$email>|" \
	    -e "s|^Signed-off-by: $neutral\$|Signed-off-by: $name <$email>|" \
	    "$p" >"$out/$(basename "$p")"
done
if grep -l "$BASE_IDENT_EMAIL" "$out"/*.patch; then
	die "the files above still carry the project identity"
fi

# get_maintainer.pl for the whole series, minus those already in To.
# shellcheck disable=SC2046
(cd "$TREE" && ./scripts/get_maintainer.pl --no-rolestats --no-git \
	--no-git-fallback $(series_patches)) >"$out/get_maintainer" 2>/dev/null || true
{
	cat "$out/get_maintainer"
	echo "$DESIGNERS"
} | grep -v -F -x -f <(echo "$TO") | grep -v -i -F 'akpm@linux-foundation.org' |
	awk '!seen[tolower($0)]++' >"$out/cc"
echo "$TO" >"$out/to"

args=(--confirm=never --no-chain-reply-to --thread --suppress-cc=self
      --from="$name <$email>")
while read -r r; do args+=(--to="$r"); done <"$out/to"
while read -r r; do args+=(--cc="$r"); done <"$out/cc"

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
echo
{
	echo "#!/bin/bash"
	echo "# Written by make outbox: sends the series for real."
	printf '%q ' git send-email "${args[@]}"
	echo "$out/*.patch"
} >"$out/send.sh"
echo "    to send, review the patches, then run: bash $out/send.sh"
