# SPDX-License-Identifier: GPL-2.0
# What make outbox-check and make reroll-check share: one line per check,
# a throwaway sender with nothing of the machine's git or b4 config, and
# the SMTP sink of scripts/outbox-check.py.  Sourced, after lib.sh, by a
# script that has set CHECK_NAME, out (its build directory), T (its
# scratch directory, with T/home), log, helper, SENDER_NAME and
# SENDER_EMAIL.
# shellcheck shell=bash disable=SC2154

passed=0 failed=0 skipped=0
check() {	# DESCRIPTION COMMAND...: one line, ok or FAILED and why
	local what=$1 rc
	shift
	printf '\n### %s\n' "$what" >>"$log"
	"$@" >"$T/check.out" 2>&1
	rc=$?
	cat "$T/check.out" >>"$log"
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf '    ok      %s\n' "$what"
	else
		failed=$((failed + 1))
		printf '    FAILED  %s\n' "$what"
		tail -n 8 "$T/check.out" | sed 's/^/            | /'
	fi
	return $rc
}
skip() {
	skipped=$((skipped + 1))
	printf '    skipped %s\n' "$1"
}
finish() {
	echo "$passed $failed $skipped" >"$out/counts"
	printf '    %s: %d passed, %d failed, %d skipped (log: %s)\n' \
		"$CHECK_NAME" "$passed" "$failed" "$skipped" "$log"
	[ "$failed" -eq 0 ]
	exit
}

# The sender's own git and b4 configuration, nothing of the machine's: no
# global or system git config, a home of its own (b4's config and cache).
throwaway_sender() {
	printf '[user]\n\tname = %s\n\temail = %s\n' "$SENDER_NAME" "$SENDER_EMAIL" >"$T/gitconfig"
	export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_CACHE_HOME=$T/home/.cache
	export GIT_CONFIG_GLOBAL=$T/gitconfig GIT_CONFIG_NOSYSTEM=1
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
		EMAIL GIT_DIR GIT_WORK_TREE
}

sink_pid=
start_sink() {	# the sink on a free port of 127.0.0.1, written to $out/port
	"$PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
		{ echo "python3-aiosmtpd is not installed: make deps"; return 1; }
	"$PYTHON" "$helper" sink "$out/port" "$out/maildir" "$out/envelopes" \
		>"$out/sink.log" 2>&1 </dev/null &
	sink_pid=$!
	: >"$out/envelopes"
	for _ in $(seq 100); do
		[ -s "$out/port" ] && { echo "listening on 127.0.0.1:$(cat "$out/port")"; return 0; }
		kill -0 "$sink_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "the sink did not start:"
	cat "$out/sink.log"
	return 1
}
stop_sink() {
	[ -n "$sink_pid" ] || return 0
	kill "$sink_pid" 2>/dev/null
	wait "$sink_pid" 2>/dev/null
	sink_pid=
}
