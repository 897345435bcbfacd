#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Add up the counts each step wrote and print the closing line.
# Usage: summary.sh STEP...   (a step without counts counts as one failure)
. "$(dirname "$0")/lib.sh"

mmss() {	# FILE: the seconds it holds as m:ss, or nothing
	local t
	read -r t 2>/dev/null <"$1" || return 0
	printf '%d:%02d' $((t / 60)) $((t % 60))
}

tp=0 tf=0 ts=0
# time: the step's wall time; build: the part of it spent building
printf '\n    %-14s %7s %7s %7s %7s %7s\n' step passed failed skipped time build
for step in "$@"; do
	if read -r p f s 2>/dev/null <"$BUILD/$step/counts"; then :; else
		p=0 f=1 s=0
	fi
	printf '    %-14s %7d %7d %7d %7s %7s\n' "$step" "$p" "$f" "$s" \
		"$(mmss "$BUILD/$step/time")" "$(mmss "$BUILD/$step/build.time")"
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
done
echo
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
