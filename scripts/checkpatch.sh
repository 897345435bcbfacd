#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series, with the tree's own
# script.  One check per patch; logs in build/checkpatch/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no tree at $TREE: run 'make tree'"
# checkpatch asks "does MAINTAINERS need updating?" of every patch that
# adds a file.  Answer that with get_maintainer.pl rather than ignore it:
# print the added files that fall in no MAINTAINERS section but THE REST.
unmaintained_files() {
	local f
	grep -q '^+++ b/MAINTAINERS' "$1" && return 0
	for f in $(awk '/^diff --git /{f = $4} /^new file mode/{print substr(f, 3)}' "$1"); do
		(cd "$TREE" && ./scripts/get_maintainer.pl --no-git \
			--no-git-fallback --sections -f "$f" 2>/dev/null) |
			grep -E '^[A-Z][^:]*$' | grep -qvx 'THE REST' || echo "$f"
	done
}

out=$BUILD/checkpatch
mkdir -p "$out"
passed=0 failed=0
for p in $(series_patches); do
	name=$(basename "$p" .patch)
	orphans=
	# Debian's python3 (with python3-ply) for scripts/spdxcheck.py
	if (cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
		--quiet --ignore FILE_PATH_CHANGES "$p") >"$out/$name.log" 2>&1 &&
	   orphans=$(unmaintained_files "$p") && [ -z "$orphans" ]; then
		passed=$((passed + 1))
		printf '    checkpatch %-60.60s ok\n' "$name"
	else
		failed=$((failed + 1))
		[ -n "${orphans:-}" ] && echo "added files without a MAINTAINERS entry: $orphans" >>"$out/$name.log"
		printf '    checkpatch %-60.60s FAILED: %s\n' "$name" \
			"$(grep -E '^total:|^added files' "$out/$name.log" || echo 'see log')"
		sed 's/^/    | /' "$out/$name.log" | head -n 30
	fi
done
[ $((passed + failed)) -gt 0 ] || { failed=1; echo "    checkpatch: no patches in patches/"; }
echo "$passed $failed 0" >"$out/counts"
[ "$failed" -eq 0 ]
