# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the series tools.  Sourced, not executed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE_BRANCH=base
SERIES_BRANCH=kmap-local
# Neutral identity and fixed date for the imported base commit, so that the
# same tarball gives the same commit id on every machine.
BASE_IDENT_NAME="kmap_local series"
BASE_IDENT_EMAIL="kmap-local-series@example.invalid"
BASE_DATE="2024-11-17T12:00:00+0000"

# use_base NAME: which flavour of the series the tools work on.
#   mainline  patches/ in work/linux, on the newest linux-source-7.* of
#             Debian (the series that is sent);
#   6.12      patches-6.12/ in work/linux-6.12, on Debian 12's
#             linux-source-6.12: the LTS flavour, made from the mainline
#             series by scripts/backport.sh.
# Sets TREE, PATCHES, SOURCE_FILE, LTS_TARBALL, COVER and SERIES_TESTED_ON (the
# base the series was last made and tested on: make tree takes the newest
# Debian has, which may have moved on).
use_base() {
	case "$1" in
	mainline | "")
		TREE=$TOP/work/linux PATCHES=$TOP/patches
		SOURCE_FILE=$TOP/work/source LTS_TARBALL=
		COVER=$TOP/cover-letter.txt
		SERIES_TESTED_ON="Linux 7.3-rc7, Debian linux-source-7.3 7.3~rc7-1~exp1" ;;
	6.12)
		TREE=$TOP/work/linux-6.12 PATCHES=$TOP/patches-6.12
		SOURCE_FILE=$TOP/work/source-6.12
		LTS_TARBALL=${TARBALL_6_12:-/usr/src/linux-source-6.12.tar.xz}
		COVER=$TOP/backport/6.12/cover-letter.txt
		SERIES_TESTED_ON="Linux 6.12.118, Debian linux-source-6.12 6.12.118-1~deb12u1" ;;
	*)
		die "BASE=$1: no such base (mainline or 6.12)" ;;
	esac
}
# Debian's python3, which has the packages make deps installs (matplotlib,
# ply), whatever python3 comes first in PATH.
PYTHON=${PYTHON:-/usr/bin/python3}

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

# Callers may set PROGRESS_DIR to report how many objects a build has
# made there: of about PROGRESS_TOTAL for a build from scratch, or since
# the file PROGRESS_SINCE was touched for one that rebuilds what changed.
progress_hint() {
	local n
	[ -n "${PROGRESS_DIR:-}" ] && [ -d "$PROGRESS_DIR" ] || return 0
	if [ -n "${PROGRESS_SINCE:-}" ]; then
		n=$(find "$PROGRESS_DIR" -name '*.o' -newer "$PROGRESS_SINCE" 2>/dev/null | wc -l)
		printf ', %d objects rebuilt' "$n"
	elif [ -n "${PROGRESS_TOTAL:-}" ]; then
		n=$(find "$PROGRESS_DIR" -name '*.o' 2>/dev/null | wc -l)
		printf ', %d of about %d objects (%d%%)' "$n" "$PROGRESS_TOTAL" \
			$((n * 100 / PROGRESS_TOTAL > 100 ? 100 : n * 100 / PROGRESS_TOTAL))
	fi
}

tree_git() { git -C "$TREE" "$@"; }

# debian_mirror: the Debian mirror the machine's apt sources name (deb822
# .sources or sources.list), for the private apt states of fetch-base.sh,
# peer-fetch.sh and lava-fetch.sh.
debian_mirror() {
	local m
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n' |
		grep -E '/debian/?$' | head -n 1)
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list 2>/dev/null |
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' |
		grep -E '/debian/?$' | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

# apt_private DIR ARCH ARCHS: a private apt state in DIR (its own
# sources.list naming Debian 12 from debian_mirror, lists and cache, no
# dpkg status) for apt-get download and apt-cache, in the array APT_OPTS;
# ARCH is the one packages are chosen for, ARCHS (comma-separated) all the
# lists read.  The machine's apt and dpkg configuration are not touched
# and nothing is installed.
apt_private() {
	apt_state "$1" "deb [arch=$3 signed-by=$APT_KEYRING] $(debian_mirror) bookworm main"
	APT_OPTS+=(-o "APT::Architecture=$2" -o "APT::Architectures=$3")
}

# apt_state DIR LINE...: a private apt state in DIR whose sources.list
# holds the LINEs (Debian's archive keyring), its options in APT_OPTS
APT_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
apt_state() {
	local A=$1
	mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/parts"
	[ -f "$APT_KEYRING" ] || die "$APT_KEYRING not found (apt-get install debian-archive-keyring)"
	shift
	printf '%s\n' "$@" >"$A/sources.list"
	APT_OPTS=(-o "Dir::Etc::sourcelist=$A/sources.list"
		-o "Dir::Etc::sourceparts=$A/parts"
		-o "Dir::State::Lists=$A/lists"
		-o "Dir::Cache=$A/cache"
		-o "Dir::State::status=/dev/null"
		-o "APT::Sandbox::User=root")
}

# apt_private_update DIR: read the lists of apt_private's state, once a
# day at most; false if they could not be read (a run without network
# then uses the packages it has cached)
apt_private_update() {
	local stamp=$1/lists/.updated
	[ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ] || return 0
	run_logged "apt-get update (private)" "$1/update.log" \
		apt-get "${APT_OPTS[@]}" update || return 1
	touch "$stamp"
}

# apt_private_download DEBDIR LOG PKG...: apt-get download, with
# apt_private's state, those of PKG (name or name:arch) that DEBDIR has no
# .deb of yet
apt_private_download() {
	local dir=$1 log=$2 p want=
	shift 2
	for p in "$@"; do
		ls "$dir/${p%%:*}_"*.deb >/dev/null 2>&1 || want="$want $p"
	done
	[ -n "$want" ] || return 0
	msg "downloading:$want"
	# shellcheck disable=SC2086
	(cd "$dir" && run_logged "apt-get download" "$log" \
		apt-get "${APT_OPTS[@]}" download $want)
}

# unpack_debs DEBDIR ROOT: every .deb of DEBDIR unpacked into ROOT, made
# again only when the set of packages changed; true if it was made again
unpack_debs() {
	local sum d
	sum=$(cd "$1" && ls ./*.deb | md5sum | cut -c1-16)
	[ "$(cat "$2.sum" 2>/dev/null)" != "$sum" ] || return 1
	msg "unpacking $(ls "$1" | wc -l) packages into $2"
	rm -rf "$2" "$2.sum"
	mkdir -p "$2"
	for d in "$1"/*.deb; do
		dpkg-deb -x "$d" "$2" || die "could not unpack $d"
	done
	echo "$sum" >"$2.sum"
}

# git_project DIR ARGS...: git in DIR committing as the project: git am,
# and even git am --abort, need a committer, and the user may have none
git_project() {
	local dir=$1
	shift
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
		git -C "$dir" -c commit.gpgsign=false "$@"
}

# patch_subject PATCH: the subject of a format-patch file, without [PATCH]
patch_subject() { git mailinfo /dev/null /dev/null <"$1" | sed -n 's/^Subject: //p'; }

# The base branch: our import of the tarball, or a branch of our own at the
# HEAD of the user's KERNEL_SRC repository.
base_ref() {
	case "$(cat "$SOURCE_FILE" 2>/dev/null)${KERNEL_SRC:+git}" in
	git*) echo "$SERIES_BRANCH-base" ;;
	*) echo "$BASE_BRANCH" ;;
	esac
}

# base_has_history: whether the base is a real git history (KERNEL_SRC=),
# which others have too, so that the series can name it by base-commit:
base_has_history() { [ "$(base_ref)" != "$BASE_BRANCH" ]; }

tree_is_dirty() {
	[ -n "$(tree_git status --porcelain --untracked-files=normal)" ]
}

series_patches() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}

. "$TOP/scripts/targets.sh"
# TREE=<dir> in the environment still names the tree (a worktree of it)
tree_env=${TREE:-}
use_base "${BASE:-mainline}"
[ -z "$tree_env" ] || TREE=$tree_env

# bench_dir [BASE]: where make bench keeps its base and series worktrees
# of a flavour's tree (make peer builds there too)
bench_dir() {
	case "${1:-${BASE:-mainline}}" in
	mainline) echo "$TOP/work/bench" ;;
	*) echo "$TOP/work/bench-${1:-$BASE}" ;;
	esac
}

# Objects in a first build of a target's kernel, as measured here; later
# builds compare against the count of the previous build of the same dir.
first_build_objects() {
	case "$1" in
	ppc32) echo 900 ;; mips32) echo 900 ;; sparc32) echo 800 ;; arc) echo 800 ;;
	i386 | i386-64g) echo 1350 ;; i386-4g | i386-rt | i386-nohigh) echo 1140 ;; arm | arm-6.12) echo 960 ;;
	arm-classic) echo 810 ;; armv5) echo 770 ;; x86_64) echo 1200 ;;
	bench-i386) echo 1310 ;; bench-arm) echo 960 ;; *) echo 1200 ;;
	esac
}

# The image kunit.py boots, relative to the build directory.
kernel_image() {
	case "$1" in
	arm) echo arch/arm/boot/zImage ;;
	powerpc32) echo vmlinux ;;
	mips) echo vmlinuz ;;
	sparc) echo arch/sparc/boot/zImage ;;
	arc) echo vmlinux ;;
	*) echo arch/x86/boot/bzImage ;;
	esac
}

# kunit_setup TARGET TREE OUTDIR: the kunit.py command line for TARGET's
# kernel built from TREE in OUTDIR, in the arrays KUNIT and KARGS.
kunit_setup() {
	local f
	target_vars "$1" || die "unknown target '$1' (targets: $TEST_TARGETS $LTS_TARGETS $FULL_TARGETS $EXTRA_TARGETS $BENCH_TARGETS)"
	command -v "${T_CROSS}gcc" >/dev/null || die "${T_CROSS}gcc not found: run 'make deps'"
	[ "$T_BOOT" = no ] || command -v "$(qemu_bin "$T_ARCH")" >/dev/null ||
		die "$(qemu_bin "$T_ARCH") not found: run 'make deps'"
	qemu_tcg_path
	[ -f "$2/tools/testing/kunit/kunit.py" ] || die "no kernel tree at $2: run 'make tree'"
	KUNIT=("$2/tools/testing/kunit/kunit.py")
	KARGS=(--arch="$T_ARCH" --build_dir="$3")
	for f in $T_FRAGS; do
		KARGS+=(--kunitconfig="$TOP/configs/$f.config")
	done
	# the suite, once the series has added it
	T_SUITE=
	if [ -f "$2/lib/test_kmap_local.c" ]; then
		T_SUITE=yes
		KARGS+=(--kunitconfig="$TOP/configs/suite.config")
		# its benchmarks, where an option gates them (v5 on): make test
		# runs them short (bench=64) to check their rows and data
		if grep -qx 'config KMAP_LOCAL_KUNIT_BENCHMARK' "$2/lib/Kconfig.debug"; then
			KARGS+=(--kunitconfig="$TOP/configs/suite-bench.config")
		fi
	fi
	KARGS+=(--make_options="CC=ccache ${T_CROSS}gcc")
	[ -z "$T_CROSS" ] || KARGS+=(--cross_compile="$T_CROSS")
	[ -z "$T_QEMU_CONFIG" ] || KARGS+=(--qemu_config="$T_QEMU_CONFIG")
	export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
}

# qemu_bin ARCH: the QEMU binary kunit.py runs for its --arch ARCH
qemu_bin() {
	case "$1" in
	powerpc32) echo qemu-system-ppc ;;
	*) echo "qemu-system-$1" ;;
	esac
}

# qemu_tcg_path: put scripts/qemu-tcg.sh first in PATH as every
# qemu-system-* that kunit.py may start, so that guests run under TCG.
qemu_tcg_path() {
	local a d=$BUILD/qemu-tcg
	mkdir -p "$d"
	for a in i386 x86_64 arm aarch64 ppc mips sparc sparc64; do
		ln -sfn "$TOP/scripts/qemu-tcg.sh" "$d/qemu-system-$a"
	done
	case ":$PATH:" in
	*":$d:"*) ;;
	*) export PATH="$d:$PATH" ;;
	esac
}

# suite_kernel_args STRESS_MS: the kernel command line of a suite run, the
# same for make test, make stress and make mutants: a short stress run, a
# smoke run of the benchmarks (figures not judged), the top of memory in
# ZONE_MOVABLE so that the page above 4 GiB is among the first ones handed
# out, and an oops that ends the run instead of hanging it.
suite_kernel_args() {
	echo "test_kmap_local.stress_ms=$1 test_kmap_local.bench=64 test_kmap_local.hotplug=1 movablecore=256M oops=panic panic=-1"
}

# export_dtb KDIR: boards booted with a QEMU config (armv5) need the device
# tree the build made; configs/qemu/armv5.py reads it from KMAP_LOCAL_DTB.
export_dtb() {
	[ -n "$T_DTB" ] || return 0
	KMAP_LOCAL_DTB=$(find "$1/arch/arm/boot/dts" -name "$T_DTB" | head -n 1)
	export KMAP_LOCAL_DTB
	[ -f "$KMAP_LOCAL_DTB" ] || { warn "no $T_DTB in $1"; return 1; }
}

# kunit_run LABEL KDIR OUT TIMEOUT KERNEL_ARGS FILTER: boot the kernel that
# kunit_setup set up and KDIR holds, running the cases FILTER matches; the
# kunit.py output goes to OUT.exec.log, its results to OUT.json and the
# raw kernel log to OUT.log (empty when the boot left none).
kunit_run() {
	local label=$1 kdir=$2 out=$3 timeout=$4 args=$5 filter=$6
	rm -f "$kdir/test.log"
	run_logged "$label" "$out.exec.log" \
		"${KUNIT[@]}" exec "${KARGS[@]}" --qemu_args="$T_QEMU" \
		--timeout="$timeout" --json="$out.json" \
		--kernel_args="$args $T_CMDLINE" "$filter" || true
	cp -f "$kdir/test.log" "$out.log" 2>/dev/null || : >"$out.log"
}

# The WARN suite (kmap_local_warn).  Where the kernel has KUnit's warning
# suppression (7.x) the suite suppresses and counts its WARNs, so none may
# show in the log; it then runs by default on the architectures whose
# suppressed WARN_ON_ONCE() stays armed (__WARN_FLAGS: x86, powerpc), and
# elsewhere with warn=1.  Without suppression (6.12) it runs with warn=1
# and the WARNs of WARN_SUITE_FUNCS, and only those, must show (with
# the series' own cases, also the restore's depth bound and the slot
# checks of DEBUG_KMAP_LOCAL, all targets of 6.12 having it).
WARN_SUITE_FUNCS="__kmap_to_page kunmap_local_indexed"

# warn_suite_runs SRC: whether the WARN suite runs on this target and
# source: it needs slots to misuse (highmem targets) and to exist yet.
warn_suite_runs() {
	[ -n "$T_HIGHMEM" ] && grep -q 'kmap_local_warn_cases' "$1"
}

# warn_suppressed TREE SRC: whether the suite in SRC suppresses its WARNs
warn_suppressed() {
	grep -q 'kunit_start_suppress_warning' "$1/include/kunit/test.h" 2>/dev/null &&
		grep -q 'kunit_start_suppress_warning' "$2"
}

# warn_suite_args TREE SRC: the kernel arguments of the WARN suite's boot
warn_suite_args() {
	if warn_suppressed "$1" "$2"; then
		case "$T_ARCH" in
		i386 | x86_64 | powerpc32) return 0 ;;	# runs by default
		esac
	fi
	echo "test_kmap_local.warn=1"
}

# warn_suite_expect TREE SRC: kunit-report.py's arguments for its WARNs,
# in the array WARN_EXPECT
warn_suite_expect() {
	WARN_EXPECT=()
	local funcs=$WARN_SUITE_FUNCS
	grep -q 'kmap_local_warn_depth_bound' "$2" && funcs+=" __kmap_local_sched_in"
	# static, and inlined where the compiler likes
	grep -q 'kmap_local_warn_slot_check' "$2" &&
		funcs+=" kmap_local_check_slot/kmap_local_take_down/__kmap_local_sched_out"
	warn_suppressed "$1" "$2" || WARN_EXPECT=(--expect-warn "$funcs")
}

# kunit_judge TARGET KDIR SRC OUT SUITE KERNEL_ARGS [REPORT_ARGS...]: one
# boot (kunit_run, KUNIT_TIMEOUT seconds at most) judged by
# kunit-report.py against the suite source SRC: the table on stdout (the
# boot's progress on stderr), counts in OUT.counts, false if it failed.
kunit_judge() {
	local target=$1 kdir=$2 src=$3 out=$4 suite=$5 args=$6
	shift 6
	kunit_run "[$target] $(basename "$out")" "$kdir" "$out" \
		"${KUNIT_TIMEOUT:-1200}" "$args" "$suite" >&2
	"$PYTHON" "$TOP/scripts/kunit-report.py" --target "$target" \
		--json "$out.json" --log "$out.log" --suite "$suite" \
		--source "$src" --allow-skip "$T_SKIP" --counts "$out.counts" "$@"
}

# kunit_build TARGET OUTDIR LOG: build the kernel set up by kunit_setup,
# showing progress: against the object count of this target's last full
# build, or, when OUTDIR holds a build already, what is rebuilt.
kunit_build() {
	local count=$2/.nr-objects stamp=$2/.build-start rc=0
	mkdir -p "$2"
	touch "$stamp"
	if [ -f "$count" ]; then
		PROGRESS_SINCE=$stamp PROGRESS_DIR=$2 \
			run_logged "[$1] build" "$3" \
			"${KUNIT[@]}" build "${KARGS[@]}" --jobs="$(nproc)" || rc=$?
	else
		PROGRESS_TOTAL=$(first_build_objects "$1") PROGRESS_DIR=$2 \
			run_logged "[$1] build" "$3" \
			"${KUNIT[@]}" build "${KARGS[@]}" --jobs="$(nproc)" || rc=$?
	fi
	[ $rc -ne 0 ] || find "$2" -name '*.o' | wc -l >"$count"
	return $rc
}
