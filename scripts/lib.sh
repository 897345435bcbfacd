# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the series tools.  Sourced, not executed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=${TREE:-$TOP/work/linux}
BUILD=${BUILD:-$TOP/build}
BASE_BRANCH=base
SERIES_BRANCH=kmap-local
# Neutral identity and fixed date for the imported base commit, so that the
# same tarball gives the same commit id on every machine.
BASE_IDENT_NAME="kmap_local series"
BASE_IDENT_EMAIL="kmap-local-series@example.invalid"
BASE_DATE="2024-11-17T12:00:00+0000"

msg()  { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# run_logged LABEL LOG CMD...: run CMD with its output in LOG, print a
# progress line every 30 s, and on failure the tail of LOG.
run_logged() {
	local label=$1 log=$2 start pid rc
	shift 2
	mkdir -p "$(dirname "$log")"
	start=$SECONDS
	"$@" >"$log" 2>&1 &
	pid=$!
	while ! wait_for "$pid" 30; do
		printf '    %s: %dm%02ds elapsed%s\n' "$label" \
			$(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) \
			"$(progress_hint)"
	done
	wait "$pid"
	rc=$?
	if [ $rc -ne 0 ]; then
		printf '    %s: FAILED after %ds (exit %d); last lines of %s:\n' \
			"$label" $((SECONDS - start)) $rc "$log" >&2
		tail -n 40 "$log" | sed 's/^/    | /' >&2
		return $rc
	fi
	printf '    %s: done in %ds\n' "$label" $((SECONDS - start))
}

# wait_for PID SECONDS: true once PID has exited, false after SECONDS.
wait_for() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

# Callers may set PROGRESS_DIR to report how many objects a build has made.
progress_hint() {
	[ -n "${PROGRESS_DIR:-}" ] && [ -d "$PROGRESS_DIR" ] || return 0
	printf ', %d objects built' \
		"$(find "$PROGRESS_DIR" -name '*.o' 2>/dev/null | wc -l)"
}

tree_git() { git -C "$TREE" "$@"; }

# The base branch: our import of the tarball, or a branch of our own at the
# HEAD of the user's KERNEL_SRC repository.
base_ref() {
	case "$(cat "$TOP/work/source" 2>/dev/null)${KERNEL_SRC:+git}" in
	git*) echo "$SERIES_BRANCH-base" ;;
	*) echo "$BASE_BRANCH" ;;
	esac
}

tree_is_dirty() {
	[ -n "$(tree_git status --porcelain --untracked-files=normal)" ]
}

series_patches() {
	find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}
