#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lava: the boots of make test as LAVA jobs, run through Debian 12's
# LAVA dispatcher (lava-run) on this machine.
#
#   1. Fetch lava-run, LAVA's schema validator and the qemu device type
#      (scripts/lava-fetch.sh; nothing is installed).
#   2. For each target of LAVA_TARGETS that make test has booted, one job
#      per KUnit boot (the kmap_local suite, and the kmap_local_warn suite
#      where it ran): the QEMU command kunit.py printed becomes the job's
#      context (arch, machine, CPU, RAM, CPUs) and the deploy of the same
#      kernel, device tree and command line (scripts/lava-job.py).  The
#      KTAP case lines become LAVA test cases through a monitor; a boot
#      that does not ask for WARNs gets panic_on_warn=1.
#   3. Check every job with lava-schema.py --strict, and the device
#      dictionary rendered from LAVA's qemu.jinja2 for it.
#   4. Run the jobs of LAVA_RUN's targets (default: all of them) with
#      lava-run and compare their test cases with make test's count for
#      the same boot.
#
# LAVA_URL=https://host/dir/ writes the images' URLs under it instead of
# file:// paths, for a lab (build/lava/images/ holds the files to put
# there; docs/lava.md).  Needs make test's boots: run it first, or
# make kunit-TARGET for one target.  Writes "passed failed skipped" to
# build/lava/counts.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

LAVA_TARGETS=${LAVA_TARGETS:-$TEST_TARGETS}
LAVA_RUN=${LAVA_RUN:-$LAVA_TARGETS}
out=$BUILD/lava
rm -rf "$out/jobs" "$out/devices" "$out/runs" "$out/images" "$out/tmp" "$out/counts"
mkdir -p "$out/jobs" "$out/devices" "$out/runs" "$out/tmp"
fail() { echo "0 1 0" >"$out/counts"; die "$*"; }
runs() { case " $LAVA_RUN " in *" $1 "*) return 0 ;; esac; return 1; }
suite_of() { if [ "$1" = warn ]; then echo kmap_local_warn; else echo kmap_local; fi; }

root=$("$TOP/scripts/lava-fetch.sh" | tail -n 1) || fail "could not fetch LAVA"
export PYTHONPATH=$root/shim:$root/usr/lib/python3/dist-packages
templates=$root/usr/share/lava-server/device-types
schema=$root/usr/share/lava-common/lava-schema.py
# lava-run's scratch directory is under build/, not /var/lib/lava
echo "prefix: $out/tmp/" >"$out/dispatcher.yaml"

p=0 f=0 s=0
jobs=()
msg "LAVA jobs from make test's boots"
for t in $LAVA_TARGETS; do
	target_vars "$t"
	for step in suite warn; do
		suite=$(suite_of "$step")
		exec_log=$BUILD/$t/$step.exec.log
		if [ ! -f "$BUILD/$t/$step.counts" ] || ! grep -q '^\$ qemu-system-' "$exec_log" 2>/dev/null; then
			# the suite boots on every target; the warn suite not everywhere
			if [ "$step" = suite ] && runs "$t"; then
				echo "    $t: make test has not booted it (make kunit-$t)"
				f=$((f + 1))
			fi
			continue
		fi
		job=$out/jobs/$t-$step.yaml
		url=()
		if [ -n "${LAVA_URL:-}" ]; then
			mkdir -p "$out/images/$t"
			url=(--url-base "${LAVA_URL%/}/$t" --copy-to "$out/images/$t")
		fi
		"$PYTHON" "$TOP/scripts/lava-job.py" job "$exec_log" "$suite" "$job" "${url[@]}" \
			--metadata "target=$t" --metadata "step=$step" \
			--metadata "series=$(tree_git log -1 --format=%h 2>/dev/null)" ||
			fail "$t $step: could not write the job"
		"$PYTHON" "$TOP/scripts/lava-job.py" device "$templates" "$job" \
			"$out/devices/$t-$step.yaml" || fail "$t $step: could not render the device"
		jobs+=("$t-$step")
	done
done
[ ${#jobs[@]} -gt 0 ] || fail "no boot of make test to make a job of: run make test first"
echo "    ${#jobs[@]} jobs in $out/jobs: ${jobs[*]}"

# LAVA's own checks: the job schema (strict, as a server with strict
# checking) and the device dictionaries
if "$PYTHON" "$schema" job --strict "$out"/jobs/*.yaml >"$out/schema.log" 2>&1 &&
	"$PYTHON" "$schema" device "$out"/devices/*.yaml >>"$out/schema.log" 2>&1 &&
	! grep -q -- '->' "$out/schema.log"; then
	echo "    lava-schema.py: ${#jobs[@]} jobs and their devices valid"
	p=$((p + 1))
else
	sed 's/^/    /' "$out/schema.log"
	echo "    lava-schema.py: invalid (above)"
	f=$((f + 1))
fi

# Run them; a job matches when it completes and its test cases add up to
# make test's count for the same boot.
printf '\n    %-16s %-22s %-22s %s\n' job "make test (p/f/s)" "lava-run (p/f/s)" verdict
for j in "${jobs[@]}"; do
	t=${j%-*} step=${j##*-}
	runs "$t" || continue
	suite=$(suite_of "$step")
	log=$out/runs/$j.log
	timeout 1800 "$PYTHON" "$root/usr/bin/lava-run" --job-id "$j" \
		--output-dir "$out/runs/$j" --device "$out/devices/$j.yaml" \
		--dispatcher "$out/dispatcher.yaml" "$out/jobs/$j.yaml" >"$log" 2>&1
	"$PYTHON" "$TOP/scripts/lava-job.py" results "$log" "$suite" >"$out/runs/$j.results"
	read -r lp lf ls lres <"$out/runs/$j.results"
	read -r mp mf ms <"$BUILD/$t/$step.counts"
	if [ "$lres" = pass ] && [ "$lp $lf $ls" = "$mp $mf $ms" ]; then
		verdict=same p=$((p + 1))
	else
		verdict="DIFFERENT (job $lres; $log)" f=$((f + 1))
	fi
	printf '    %-16s %-22s %-22s %s\n' "$j" "$mp/$mf/$ms" "$lp/$lf/$ls" "$verdict"
done
echo "$p $f $s" >"$out/counts"
echo
echo "    lava: $p passed, $f failed"
[ "$f" -eq 0 ]
