#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the series for mailing in build/outbox/: the neutral project
# identity is replaced by the sender's own (git config user.name and
# user.email), who thereby certifies the DCO; recipients come from
# get_maintainer.pl.  Nothing is sent: the git send-email line is printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=$(git config user.name || true)
email=$(git config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "set your identity first: git config --global user.name/user.email"
[ -x "$TREE/scripts/get_maintainer.pl" ] || die "no tree at $TREE: run 'make tree'"

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
(cd "$TREE" && ./scripts/get_maintainer.pl --no-rolestats --no-git \
	--no-git-fallback $(series_patches)) >"$out/recipients" 2>/dev/null || true
msg "re-signed as $name <$email> in $out; recipients in $out/recipients"
echo "    review, then: git send-email \$(sed 's/^/--to=/' $out/recipients | head -n 1) \\"
echo "        \$(sed '1d; s/^/--cc=/' $out/recipients) $out/*.patch"
