#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series, with the tree's own
# script.  One check per patch; logs in build/checkpatch/.  A message is
# accepted only if checkpatch.accept names its file and type, with the
# reason it stays; the accepted ones are listed, every other one fails the
# patch.
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

# judge LOG: print the messages checkpatch.accept does not accept; the
# accepted ones go to LOG.accepted.
judge() {
	"$PYTHON" - "$1" "$TOP/checkpatch.accept" <<'PY'
import re, sys
log, accept = sys.argv[1], sys.argv[2]
ok = {}
for line in open(accept):
    if line.strip() and not line.startswith('#'):
        f, t, why = line.rstrip('\n').split('|', 2)
        ok[(f, t)] = why
text = open(log).read()
# a message: "WARNING:TYPE: text" up to the blank line after it
rest, accepted = [], []
for block in re.split(r'\n\s*\n', text):
    m = re.match(r'(ERROR|WARNING|CHECK):(\w+):', block)
    if not m:
        continue
    f = re.search(r'FILE: ([^:]+):', block)
    key = (f.group(1) if f else '', m.group(2))
    (accepted if key in ok else rest).append(block)
with open(log + '.accepted', 'w') as out:
    for b in accepted:
        f = re.search(r'FILE: ([^:]+):', b)
        t = re.match(r'\w+:(\w+):', b).group(1)
        out.write('accepted (%s): %s\n' % (ok[(f.group(1), t)], b.splitlines()[0]))
for b in rest:
    print(b + '\n')
PY
}

out=$BUILD/checkpatch
mkdir -p "$out"
# Fixes: tags name mainline commits.  A tree imported from Debian's
# tarball has no history to look them up in; a KERNEL_SRC tree with
# history gets them checked.
ignore=FILE_PATH_CHANGES
if [ "$(tree_git rev-list --count --max-count=2 "$(base_ref)")" -lt 2 ]; then
	ignore=$ignore,UNKNOWN_COMMIT_ID
	echo "    checkpatch: $(base_ref) has no history, commit ids in Fixes: tags are not checked"
fi
# On mainline, the fixes of the base that stand apart from the series
# (patches-arm-hugetlb/ and patches-uffd-poison/: make peer met those
# bugs) are checked too; cover letters are not patches.
extra=
if [ "$PATCHES" = "$TOP/patches" ]; then
	for d in patches-arm-hugetlb patches-uffd-poison; do
		[ -d "$TOP/$d" ] || continue
		extra="$extra $(find "$TOP/$d" -maxdepth 1 -name '[0-9]*.patch' ! -name '0000-*' | sort)"
	done
fi
passed=0 failed=0
for p in $(series_patches) $extra; do
	name=$(basename "$p" .patch)
	orphans=
	# Debian's python3 (with python3-ply) for scripts/spdxcheck.py
	(cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
		--show-types --ignore "$ignore" "$p") >"$out/$name.log" 2>&1 || true
	judge "$out/$name.log" >"$out/$name.rejected"
	orphans=$(unmaintained_files "$p")
	n_acc=$(wc -l <"$out/$name.log.accepted")
	if [ ! -s "$out/$name.rejected" ] && [ -z "$orphans" ] &&
	   grep -q '^total: ' "$out/$name.log"; then
		passed=$((passed + 1))
		printf '    checkpatch %-60.60s ok%s\n' "$name" \
			"$([ "$n_acc" -eq 0 ] || echo " ($n_acc accepted, see checkpatch.accept)")"
	else
		failed=$((failed + 1))
		[ -n "$orphans" ] && echo "added files without a MAINTAINERS entry: $orphans" >>"$out/$name.rejected"
		printf '    checkpatch %-60.60s FAILED\n' "$name"
		sed 's/^/    | /' "$out/$name.rejected" | head -n 30
	fi
done
[ $((passed + failed)) -gt 0 ] || { failed=1; echo "    checkpatch: no patches in patches/"; }
echo "$passed $failed 0" >"$out/counts"
[ "$failed" -eq 0 ]
