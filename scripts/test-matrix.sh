#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The full test: every KUnit target plus checkpatch on every patch.
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

TARGETS=${TARGETS:-"i386 arm x86_64"}
start=$SECONDS
rm -f "$BUILD"/*/counts
for t in $TARGETS; do
	"$TOP/scripts/kunit-target.sh" "$t"
done
msg "checkpatch --strict"
"$TOP/scripts/checkpatch.sh"
printf '\n==> matrix finished in %dm%02ds\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60))
# shellcheck disable=SC2086
exec "$TOP/scripts/summary.sh" $TARGETS checkpatch
