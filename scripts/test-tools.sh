#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the tools around the series, without building a kernel: a copy of
# this project's Makefile and scripts works on a tiny synthetic "kernel"
# (a tarball laid out like Debian's linux-source, and a git tree standing
# in for a user's KERNEL_SRC) as a user with no git identity at all.
# Prints one line per check and writes "passed failed 0" to
# build/tools/counts.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/tools
rm -rf "$out"
mkdir -p "$out"
T=$out/tmp
P=$T/proj		# the project copy under test
mkdir -p "$T/home" "$P/patches"
cp -r "$TOP/Makefile" "$TOP/scripts" "$TOP/cover-letter.txt" "$P/"
mkdir -p "$P/backport/6.12"
cp "$TOP/backport/6.12/cover-letter.txt" "$P/backport/6.12/"

passed=0 failed=0
check() {	# check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@" >>"$out/checks.log" 2>&1; then
		passed=$((passed + 1))
		printf '    ok      %s\n' "$what"
	else
		failed=$((failed + 1))
		printf '    FAILED  %s (see %s)\n' "$what" "$out/checks.log"
	fi
}

# A user without any git identity: no global or system config, a fresh HOME.
export HOME=$T/home GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
	EMAIL KERNEL_SRC TREE BUILD FORCE BASE TARBALL_6_12
# Test set-up commits only: the tools themselves never get an identity.
as_someone() {
	GIT_AUTHOR_NAME=Someone GIT_AUTHOR_EMAIL=someone@example.invalid \
	GIT_COMMITTER_NAME=Someone GIT_COMMITTER_EMAIL=someone@example.invalid \
		"$@"
}
# Series commits are the project's, as in the real series.
as_project() {
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
		"$@"
}
pmake() { make -s -C "$P" "$@"; }
tree() { git -C "$P/work/linux" "$@" 2>>"$out/checks.log"; }
patch_sums() { (cd "$P/patches" && sha256sum -- *.patch); }

# The synthetic kernel source, as Debian ships it: one top-level
# directory, and a .gitignore that ends with the packaging rule.
src=$T/linux-source-6.12
mkdir -p "$src/mm" "$src/lib" "$src/scripts"
printf '*.o\n\n# Debian packaging\n/*\n!/debian/\n' >"$src/.gitignore"
printf 'int highmem;\nint kmap_local;\nint slots = 16;\n' >"$src/mm/highmem.c"
# Thomas Gleixner as MAINTAINERS has him: make outbox's list has him at
# another address, and must Cc him once.
cat >"$src/scripts/get_maintainer.pl" <<'EOF'
#!/bin/sh
echo "Maintainer <maintainer@example.invalid>"
echo "Thomas Gleixner <tglx@kernel.org>"
echo "linux-mm@kvack.org"
EOF
chmod +x "$src/scripts/get_maintainer.pl"
tar -C "$T" -cJf "$T/linux-source-6.12.tar.xz" linux-source-6.12
export TARBALL=$T/linux-source-6.12.tar.xz

msg "tools: no git identity, synthetic tarball import"
check "import and empty series without a git identity" pmake tree
check "no git identity was configured" \
	test -z "$(git config user.name)" -a ! -e "$HOME/.gitconfig"
check "files the series adds are not ignored (Debian rule dropped)" \
	sh -c "! git -C '$P/work/linux' check-ignore -q lib/new.c"

# Write a two-patch series the way a developer does: commit, export.
echo 'int test;' >"$P/work/linux/lib/test_kmap_local.c"
tree add lib/test_kmap_local.c
as_project tree commit -q -s -m "lib: add a test" -m "Body."
sed -i 's/slots = 16/slots = 8/' "$P/work/linux/mm/highmem.c"
as_project tree commit -q -s -a -m "mm/highmem: fewer slots" -m "Body."
check "make export writes the series" pmake export
check "export wrote a cover letter and two patches" \
	test "$(ls "$P/patches" | wc -l)" -eq 3
check "a tarball base, with no history, gives no base-commit:" \
	sh -c "! grep -q '^base-commit:' '$P'/patches/0000-*.patch"
sums=$(patch_sums)
check "make export again changes no byte" \
	sh -c "make -s -C '$P' export && test \"\$(cd '$P/patches' && sha256sum -- *.patch)\" = '$sums'"

msg "tools: a fresh tree applies the series without an identity"
pmake distclean
check "make tree applies the series with no identity" pmake tree
check "series commits carry the project identity as committer" \
	test "$(tree log -1 --format='%cn <%ce>' kmap-local)" = \
	"$BASE_IDENT_NAME <$BASE_IDENT_EMAIL>"
check "two commits on the base" \
	test "$(tree rev-list --count base..kmap-local)" -eq 2
check "export of the applied tree is byte-identical" \
	sh -c "make -s -C '$P' export && test \"\$(cd '$P/patches' && sha256sum -- *.patch)\" = '$sums'"

msg "tools: a dirty tree is refused"
echo 'int dirt;' >>"$P/work/linux/mm/highmem.c"
head=$(tree rev-parse HEAD)
check "make tree refuses a tree with uncommitted changes" \
	sh -c "! make -s -C '$P' tree 2>'$T/err' && grep -q 'uncommitted changes' '$T/err'"
check "the uncommitted change is still there" \
	grep -q 'int dirt;' "$P/work/linux/mm/highmem.c"
check "HEAD did not move" test "$(tree rev-parse HEAD)" = "$head"
tree checkout -q -- mm/highmem.c

msg "tools: unexported commits are refused unless FORCE=1"
echo 'int more;' >>"$P/work/linux/mm/highmem.c"
as_someone tree commit -q -a -m "mm/highmem: not exported"
head=$(tree rev-parse HEAD)
check "make tree refuses a series branch with unexported commits" \
	sh -c "! make -s -C '$P' tree 2>'$T/err' && grep -q 'make export' '$T/err'"
check "the unexported commit is kept" test "$(tree rev-parse HEAD)" = "$head"
check "FORCE=1 re-applies patches/" pmake tree FORCE=1
check "the branch is patches/ again" \
	test "$(tree rev-list --count base..kmap-local)" -eq 2

msg "tools: a patch that does not apply"
good=$(tree rev-parse kmap-local)
cat >"$P/patches/0003-mm-highmem-conflict.patch" <<'EOF'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: kmap_local series <kmap-local-series@example.invalid>
Date: Sat, 21 Nov 2026 21:10:20 +0000
Subject: [PATCH 3/3] mm/highmem: conflict

Body.
---
 mm/highmem.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/highmem.c b/mm/highmem.c
--- a/mm/highmem.c
+++ b/mm/highmem.c
@@ -1,3 +1,3 @@
 int highmem;
-int no_such_line;
+int kmap_local;
 int slots = 8;
EOF
check "make tree names the patch and the file that failed" \
	sh -c "! make -s -C '$P' tree FORCE=1 2>'$T/err' && grep -q '0003-mm-highmem-conflict.patch (at mm/highmem.c)' '$T/err'"
check "git am's own words are shown" grep -q 'patch failed' "$T/err"
check "no git am left in progress" \
	test ! -d "$(tree rev-parse --git-path rebase-apply)"
check "the series branch is as it was" \
	test "$(tree rev-parse kmap-local)" = "$good"
check "no temporary branch is left behind" \
	sh -c "! git -C '$P/work/linux' rev-parse -q --verify kmap-local-new"
check "the work tree is clean" test -z "$(tree status --porcelain)"
rm "$P/patches/0003-mm-highmem-conflict.patch"

msg "tools: KERNEL_SRC, the user's own kernel git tree"
pmake distclean
user=$T/user-linux
cp -r "$src" "$user"
sed -i '/^# Debian packaging/,$d' "$user/.gitignore"
git -C "$user" init -q -b master
as_someone git -C "$user" add -A
as_someone git -C "$user" commit -q -m "user's base"
as_someone git -C "$user" checkout -q -b mywork
echo 'user work' >"$user/NOTES"
as_someone git -C "$user" add NOTES
as_someone git -C "$user" commit -q -m "user's work"
echo 'uncommitted' >>"$user/NOTES"
echo 'untracked' >"$user/scratch"
ustat=$(git -C "$user" status --porcelain) uhead=$(git -C "$user" rev-parse HEAD)
check "make tree KERNEL_SRC= applies the series" pmake tree KERNEL_SRC="$user"
check "the user's branch is still checked out, at the same commit" \
	test "$(git -C "$user" symbolic-ref --short HEAD) $(git -C "$user" rev-parse HEAD)" = "mywork $uhead"
check "the user's work tree is untouched" \
	test "$(git -C "$user" status --porcelain)" = "$ustat"
check "the series sits on the user's HEAD" \
	test "$(tree rev-parse kmap-local~2)" = "$uhead"
check "export from the user's tree: the same patches" \
	sh -c "make -s -C '$P' export KERNEL_SRC='$user' && test \"\$(cd '$P/patches' && sha256sum -- 0[0-9][0-9][1-9]-*.patch)\" = '$(echo "$sums" | grep -v ' 0000-')'"
check "and its cover letter names the base: base-commit: the user's HEAD" \
	grep -qx "base-commit: $uhead" "$P"/patches/0000-*.patch
check "a part of the series names the commits before it by prerequisite-patch-id:" \
	sh -c "KERNEL_SRC='$user' '$P/scripts/export-series.sh' --to '$T/part' --range kmap-local~1 kmap-local &&
	       grep -qx 'base-commit: $uhead' '$T'/part/0000-*.patch &&
	       grep -q '^prerequisite-patch-id: ' '$T'/part/0000-*.patch &&
	       grep -q 'Subject: \[PATCH 1/1\] mm/highmem: fewer slots' '$T'/part/0001-*.patch"
pmake distclean
as_someone git -C "$user" branch -f kmap-local master
check "a foreign kmap-local branch in the user's tree is refused" \
	sh -c "! make -s -C '$P' tree KERNEL_SRC='$user' 2>'$T/err'"
check "and the user's branch is left alone" \
	test "$(git -C "$user" rev-parse kmap-local)" = "$(git -C "$user" rev-parse master)"
pmake distclean >/dev/null 2>&1
pmake tree >/dev/null 2>&1
pmake export >/dev/null 2>&1	# the cover letter without base-commit: again

msg "tools: make backport (the 6.12 flavour)"
# A synthetic "6.12" tarball where the line the second patch changes
# differs, so that not even git am -3 (which reads mainline's blobs) can
# put it in.
lts=$T/lts/linux-source-6.12
mkdir -p "$lts"
cp -r "$src/." "$lts/"
printf 'int highmem;\nint kmap_local;\nint slots = 16; /* 6.12 */\n' >"$lts/mm/highmem.c"
tar -C "$T/lts" -cJf "$T/lts.tar.xz" linux-source-6.12
export TARBALL_6_12=$T/lts.tar.xz
lt() { git -C "$P/work/linux-6.12" "$@" 2>>"$out/checks.log"; }
check "make backport stops at the patch that does not go into 6.12" \
	sh -c "! make -s -C '$P' backport 2>'$T/err' && grep -q '0002-mm-highmem-fewer-slots.patch does not apply to 6.12' '$T/err'"
check "the 6.12 tree is left as it was: on its base, clean, no git am" \
	sh -c "test \"\$(git -C '$P/work/linux-6.12' symbolic-ref --short HEAD)\" = base &&
	       test -z \"\$(git -C '$P/work/linux-6.12' status --porcelain)\" &&
	       test ! -d '$P/work/linux-6.12/.git/rebase-apply' &&
	       ! git -C '$P/work/linux-6.12' rev-parse -q --verify kmap-local-new"
check "and no patches-6.12/ was written" test ! -e "$P/patches-6.12"
# Port it by hand, the way a developer does, and record that.
lt checkout -q -b kmap-local base
as_project lt am -q "$P"/patches/0001-*.patch
as_project lt am -q -3 "$P"/patches/0002-*.patch >/dev/null 2>&1
printf 'int highmem;\nint kmap_local;\nint slots = 8; /* 6.12 */\n' \
	>"$P/work/linux-6.12/mm/highmem.c"
lt add mm/highmem.c
as_project lt am --continue >/dev/null
as_project lt commit -q --amend -m "mm/highmem: fewer slots" -m "Body, for 6.12."
check "make backport-record records the port and checks it replays" \
	sh -c "make -s -C '$P' backport-record >'$T/out' 2>&1 && grep -q 'reproduces all 2 commits' '$T/out'"
check "what 6.12 forces is recorded as a fixup and a changelog" \
	test -s "$P/backport/6.12/mm-highmem-fewer-slots.diff" -a \
	     -s "$P/backport/6.12/mm-highmem-fewer-slots.msg"
check "patches-6.12/ holds the two patches with the mainline subjects" \
	sh -c "grep -q 'Subject: \[PATCH 2/2\] mm/highmem: fewer slots' '$P'/patches-6.12/0002-*.patch"
lsums=$(cd "$P/patches-6.12" && sha256sum -- *.patch)
check "make backport replays it, byte for byte" \
	sh -c "make -s -C '$P' backport && test \"\$(cd '$P/patches-6.12' && sha256sum -- *.patch)\" = '$lsums'"
lhead=$(lt rev-parse kmap-local)
sed -i 's/^+int slots = 8;/+int slots = 4;/' "$P"/patches/0002-*.patch
check "a mainline change to a hand-ported file stops make backport" \
	sh -c "! make -s -C '$P' backport FORCE=1 2>'$T/err' && grep -q 'changed mm/highmem.c since its 6.12 port' '$T/err'"
check "and the 6.12 branch is as it was" test "$(lt rev-parse kmap-local)" = "$lhead"
sed -i 's/^+int slots = 4;/+int slots = 8;/' "$P"/patches/0002-*.patch
sed -i 's/^Body\.$/Body, reworded in mainline./' "$P"/patches/0002-*.patch
check "a mainline changelog reworded after its 6.12 wording stops it" \
	sh -c "! make -s -C '$P' backport FORCE=1 2>'$T/err' && grep -q 'changelog of 0002-mm-highmem-fewer-slots.patch changed' '$T/err'"
sed -i 's/^Body, reworded in mainline\.$/Body./' "$P"/patches/0002-*.patch
cp "$P/backport/6.12/mm-highmem-fewer-slots.diff" "$P/backport/6.12/mm-highmem-old-subject.diff"
check "a record that belongs to no patch stops it" \
	sh -c "! make -s -C '$P' backport FORCE=1 2>'$T/err' && grep -q 'mm-highmem-old-subject.diff belongs to no patch' '$T/err'"
rm "$P/backport/6.12/mm-highmem-old-subject.diff"
check "with the record in order again, it replays" pmake backport FORCE=1
unset TARBALL_6_12

msg "tools: make outbox"
check "make outbox without an identity says how to set one" \
	sh -c "! make -s -C '$P' outbox 2>'$T/err' && grep -q 'git config --global user.email' '$T/err'"
printf '[user]\n\tname = Jane Sender\n\temail = jane@example.org\n' >"$T/gitconfig"
check "make outbox with an identity re-signs the series" \
	env GIT_CONFIG_GLOBAL="$T/gitconfig" make -s -C "$P" outbox
check "every patch is from and signed off by the sender" \
	sh -c "grep -L '^From: Jane Sender <jane@example.org>' '$P'/build/outbox/0*.patch | grep -q . && exit 1; ! grep -q '$BASE_IDENT_EMAIL' '$P'/build/outbox/0*.patch"
check "the cover letter's shortlog is the sender's" \
	grep -qx 'Jane Sender (2):' "$P/build/outbox/0000-cover-letter.patch"
check "one person under two addresses is Cc'd once, at get_maintainer.pl's" \
	test "$(grep -c 'Thomas Gleixner' "$P/build/outbox/cc")" = 1 -a \
	     "$(grep 'Thomas Gleixner' "$P/build/outbox/cc")" = "Thomas Gleixner <tglx@kernel.org>"
check "make outbox says there is no base-commit:, and why" \
	sh -c "env GIT_CONFIG_GLOBAL='$T/gitconfig' make -s -C '$P' outbox | grep -q \"no base-commit: the base is Debian's linux-source tarball\""
check "make outbox-check: the synthetic series mailed to a sink and applied back" \
	sh -c "make -s -C '$P' outbox-check >'$T/out' 2>&1 || { cat '$T/out'; exit 1; }"

msg "tools: make outbox SPLIT=fixes"
check "SPLIT=fixes with no Fixes: tag says so" \
	sh -c "! env GIT_CONFIG_GLOBAL='$T/gitconfig' make -s -C '$P' outbox SPLIT=fixes 2>'$T/err' && grep -q 'no patch of patches/ has a Fixes: tag' '$T/err'"
# The first patch becomes a fix for stable, in patches/ and on the branch.
sed -i 's/^Signed-off-by: /Fixes: 123456789abc ("mm: old bug")\nCc: stable@vger.kernel.org\n&/' \
	"$P"/patches/0001-*.patch
pmake tree FORCE=1 >/dev/null 2>&1
cp "$P/cover-letter.txt" "$P/cover-fixes.txt"
ob=$P/build/outbox
check "make outbox SPLIT=fixes makes the two postings" \
	env GIT_CONFIG_GLOBAL="$T/gitconfig" make -s -C "$P" outbox SPLIT=fixes
check "the fix as [PATCH 1/1], signed off by the sender" \
	sh -c "grep -q '^Subject: \[PATCH 1/1\] lib: add a test' '$ob'/fixes/0001-*.patch &&
	       grep -qx 'Signed-off-by: Jane Sender <jane@example.org>' '$ob'/fixes/0001-*.patch"
check "the rest as [PATCH 1/1] too, its cover letter naming the fixes posting" \
	sh -c "grep -q '^Subject: \[PATCH 1/1\] mm/highmem: fewer slots' '$ob'/feature/0001-*.patch &&
	       grep -q 'applies on top of the 1 fixes posted as' '$ob'/feature/0000-cover-letter.patch &&
	       test -s '$ob'/fixes/send.sh -a -s '$ob'/feature/send.sh"
check "the Cc: stable tag stays in the fix, and stable@ is not mailed" \
	sh -c "grep -qx 'Cc: stable@vger.kernel.org' '$ob'/fixes/0001-*.patch &&
	       grep -q '^Dry-OK' '$ob'/fixes/dry-run.log &&
	       ! grep -qi 'stable@vger' '$ob'/fixes/dry-run.log '$ob'/feature/dry-run.log"

msg "tools: make outbox SPLIT=arm-hugetlb"
# the fix (Cc: stable) stands in for the ARM patch
mkdir -p "$P/patches-arm-hugetlb"
cp "$P"/patches/0001-*.patch "$P/patches-arm-hugetlb/"
check "SPLIT=arm-hugetlb: To the ARM port, Cc linux-mm, re-signed, stable@ not mailed" \
	sh -c "env GIT_CONFIG_GLOBAL='$T/gitconfig' make -s -C '$P' outbox SPLIT=arm-hugetlb >/dev/null &&
	       grep -qx 'linux-arm-kernel@lists.infradead.org' '$ob'/arm-hugetlb/to &&
	       grep -qx 'linux-mm@kvack.org' '$ob'/arm-hugetlb/cc &&
	       grep -qx 'Signed-off-by: Jane Sender <jane@example.org>' '$ob'/arm-hugetlb/0001-*.patch &&
	       grep -q '^Dry-OK' '$ob'/arm-hugetlb/dry-run.log &&
	       ! grep -qi 'stable@vger' '$ob'/arm-hugetlb/dry-run.log"
rm -r "$P/patches-arm-hugetlb"

msg "tools: make outbox SPLIT=uffd-poison"
cp -r "$TOP/patches-uffd-poison" "$P/"
check "SPLIT=uffd-poison: the cover and three fixes To linux-mm, Cc userfaultfd, re-signed, stable@ not mailed" \
	sh -c "env GIT_CONFIG_GLOBAL='$T/gitconfig' make -s -C '$P' outbox SPLIT=uffd-poison >/dev/null &&
	       test \$(ls '$ob'/uffd-poison/000[0-3]-*.patch | wc -l) -eq 4 &&
	       grep -qx 'linux-mm@kvack.org' '$ob'/uffd-poison/to &&
	       grep -qx 'Peter Xu <peterx@redhat.com>' '$ob'/uffd-poison/cc &&
	       test \$(grep -lx 'Signed-off-by: Jane Sender <jane@example.org>' '$ob'/uffd-poison/000[1-3]-*.patch | wc -l) -eq 3 &&
	       grep -q '^Dry-OK' '$ob'/uffd-poison/dry-run.log &&
	       ! grep -qi 'stable@vger' '$ob'/uffd-poison/dry-run.log"
rm -r "$P/patches-uffd-poison"

msg "tools: QEMU under TCG (qemu-tcg.sh)"
# A stand-in QEMU that prints its arguments, behind the wrapper's link.
mkdir -p "$T/qemu-real" "$T/qemu-wrap"
printf '#!/bin/sh\necho "$@"\n' >"$T/qemu-real/qemu-system-i386"
chmod +x "$T/qemu-real/qemu-system-i386"
ln -s "$P/scripts/qemu-tcg.sh" "$T/qemu-wrap/qemu-system-i386"
PATH="$T/qemu-wrap:$T/qemu-real:$PATH" "$T/qemu-wrap/qemu-system-i386" \
	-nodefaults -accel kvm -accel hvf -accel tcg -m 3G >"$T/qemu-args" 2>&1
check "kunit.py's -accel kvm and hvf are dropped, tcg and the rest kept" \
	grep -qx -- '-nodefaults -accel tcg -m 3G' "$T/qemu-args"

msg "tools: judging a KUnit run (kunit-report.py)"
# A suite of three cases, and the kunit.py results and kernel logs of runs.
R=$T/report
mkdir -p "$R"
cat >"$R/suite.c" <<'EOF'
static struct kunit_case demo_cases[] = {
	KUNIT_CASE(demo_one),
	KUNIT_CASE_PARAM(demo_two, demo_gen_params),
	KUNIT_CASE_SLOW(demo_three),
	{}
};
static struct kunit_suite demo_suite = {
	.name = "demo",
	.test_cases = demo_cases,
};
EOF
results() {	# results FILE STATUS_OF_demo_three|none [STATUS_OF_demo_one]
	local three=
	[ "$2" = none ] || three=", {\"name\": \"demo_three\", \"status\": \"$2\"}"
	cat >"$1" <<EOF
{"name": "main", "sub_groups": [{"name": "demo", "sub_groups": [
 {"name": "demo_two", "test_cases": [{"name": "a", "status": "PASS"}]}],
 "test_cases": [{"name": "demo_one", "status": "${3:-PASS}"}$three]}]}
EOF
}
report() {	# report JSON LOG [ARGS...]: kunit-report.py on them, quietly
	local json=$1 log=$2
	shift 2
	"$PYTHON" "$P/scripts/kunit-report.py" --target demo --suite demo \
		--source "$R/suite.c" --json "$json" --log "$log" \
		--counts "$R/counts" "$@" >"$R/out" 2>&1
}
fails() { ! report "$@"; }
says() { grep -q "$1" "$R/out"; }
printf 'Linux version 6.12.0 #1 SMP PREEMPT\n# demo: highmem=10 pages\n' >"$R/clean.log"
printf 'Linux version 6.12.0 #1 SMP PREEMPT_RT\n# demo: highmem=10 pages\n' >"$R/rt.log"
printf 'Linux version 6.12.0 #1 SMP PREEMPT\n# demo: highmem=0 pages\n' >"$R/low.log"
cp "$R/clean.log" "$R/warn.log"
echo 'WARNING: CPU: 1 PID: 7 at mm/highmem.c:600 kunmap_local_indexed+0x1/0x2' >>"$R/warn.log"
# the same WARN as 7.x prints it
cp "$R/clean.log" "$R/warn7.log"
echo 'WARNING: mm/highmem.c:600 at kunmap_local_indexed+0x1/0x2, CPU#1: kunit_try_catch/42' >>"$R/warn7.log"
results "$R/all.json" PASS
results "$R/short.json" none
results "$R/skip.json" PASS SKIP
check "a complete, clean run passes and counts every case" \
	eval 'report "$R/all.json" "$R/clean.log" --need-highmem && test "$(cat "$R/counts")" = "3 0 0"'
check "a WARN in the log fails the run" \
	eval 'fails "$R/all.json" "$R/warn.log" && says "kernel log: WARNING"'
check "a WARN in 7.x's format fails the run too" \
	eval 'fails "$R/all.json" "$R/warn7.log" && says "kernel log: WARNING: mm/highmem.c:600"'
check "an expected WARN in 7.x's format passes" \
	eval 'report "$R/all.json" "$R/warn7.log" --expect-warn kunmap_local_indexed'
check "an expected WARN passes, and must show" \
	eval 'report "$R/all.json" "$R/warn.log" --expect-warn kunmap_local_indexed &&
	      fails "$R/all.json" "$R/clean.log" --expect-warn kunmap_local_indexed'
check "an expected WARN may name the functions it can be inlined into" \
	eval 'report "$R/all.json" "$R/warn.log" --expect-warn "kmap_local_check_slot/kunmap_local_indexed" &&
	      fails "$R/all.json" "$R/warn.log" --expect-warn "kmap_local_check_slot/kmap_local_take_down" &&
	      says "WARN in kmap_local_check_slot() or kmap_local_take_down() did not show"'
check "a skip passes only where the target allows it" \
	eval 'fails "$R/skip.json" "$R/clean.log" && report "$R/skip.json" "$R/clean.log" --allow-skip "*_one"'
check "a case missing from the results fails" \
	eval 'fails "$R/short.json" "$R/clean.log" && says "2 of 3 cases reported a result, none for demo_three" && ! says console'
check "on PREEMPT_RT the missing case is named, and the console blamed" \
	eval 'fails "$R/short.json" "$R/rt.log" && says "none for demo_three; no crash" && says "console kthread"'
check "a boot without highmem fails where highmem is needed" \
	eval 'fails "$R/all.json" "$R/low.log" --need-highmem && says "booted without highmem"'

# The WARN suite's boot: suppressed and by default where the kernel can
# (x86, powerpc), warn=1 elsewhere, and the old way on 6.12 (lib.sh)
W=$T/warnargs
mkdir -p "$W/new/include/kunit" "$W/old/include/kunit"
echo 'struct kunit_suppressed_warning *kunit_start_suppress_warning(struct kunit *test);' \
	>"$W/new/include/kunit/test.h"
: >"$W/old/include/kunit/test.h"
echo 'w = kunit_start_suppress_warning(test);' >"$W/src.c"
wargs() {	# wargs ARCH TREE: "args|expect" as the warn step gets them
	(. "$P/scripts/lib.sh"; T_ARCH=$1; warn_suite_expect "$2" "$W/src.c"
	 echo "$(warn_suite_args "$2" "$W/src.c")|${WARN_EXPECT[*]}")
}
check "warn suite: suppressed and by default on i386 and ppc32" \
	eval 'test "$(wargs i386 "$W/new")" = "|" && test "$(wargs powerpc32 "$W/new")" = "|"'
check "warn suite: suppressed, behind warn=1 on arm" \
	eval 'test "$(wargs arm "$W/new")" = "test_kmap_local.warn=1|"'
check "warn suite: a kernel without suppression prints its WARNs, and must" \
	eval 'test "$(wargs i386 "$W/old")" = "test_kmap_local.warn=1|--expect-warn __kmap_to_page kunmap_local_indexed"'
check "warn suite: without suppression the series' own cases' WARNs must show too" \
	eval 'cp "$W/src.c" "$W/src0.c"; printf "kmap_local_warn_depth_bound\nkmap_local_warn_slot_check\n" >>"$W/src.c";
	      r=$(wargs i386 "$W/old"); mv "$W/src0.c" "$W/src.c";
	      test "$r" = "test_kmap_local.warn=1|--expect-warn __kmap_to_page kunmap_local_indexed __kmap_local_sched_in kmap_local_check_slot/kmap_local_take_down/__kmap_local_sched_out"'

# make peer's judge (scripts/peer-report.py) on console logs of the shape
# workload/peer-init.sh and stress-ng 0.15 print
Q=$T/peer
mkdir -p "$Q"
peerlog() {	# peerlog FILE [LINES...]: a finished boot, LINES in vm-rw's block
	local f=$1
	shift
	{
		echo 'PEER meminfo when=before MemTotal=3000000 HighTotal=2200000 HighFree=2100000'
		echo 'PEER begin vm-rw'
		echo 'stress-ng: metrc: [49] vm-rw              100     10.00      1.00      9.00        10.00          10.00'
		printf '%s\n' "$@"
		echo 'PEER end vm-rw rc=0 secs=10 ops=100'
		echo 'PEER begin pipe'
		echo 'stress-ng: metrc: [55] pipe             20000      4.41      0.42      7.62      4534.81        2488.46'
		echo 'PEER end pipe rc=0 secs=5 ops=20000'
		echo 'PEER highfree-low kb=1500000'
		echo 'PEER done'
	} >"$f"
}
peer() {	# peer LOG: parse it quietly, counts in $Q/counts
	"$PYTHON" "$P/scripts/peer-report.py" parse "$1" "$Q/r.json" \
		--counts "$Q/counts" >"$Q/out" 2>&1
}
peerlog "$Q/clean.log"
peerlog "$Q/verify.log" 'stress-ng: fail:  [50] vm-rw: parent verify failed, byte 7'
peerlog "$Q/splat.log" 'WARNING: mm/highmem.c:600 at kunmap_local_indexed+0x1/0x2, CPU#1: stress-ng/50'
peerlog "$Q/skip.log" 'stress-ng: info:  [752] userfaultfd: stressor will be skipped, userfaultfd() not supported'
sed 's/^stress-ng: metrc: \[49\].*//' "$Q/skip.log" >"$Q/skip2.log"
grep -v 'PEER done' "$Q/clean.log" >"$Q/cut.log"
check "stress-ng: a clean boot passes, every stressor counted" \
	eval 'peer "$Q/clean.log" && test "$(cat "$Q/counts")" = "2 0 0" &&
	      grep -q "lowest 1464 MiB" "$Q/out"'
check "stress-ng: a --verify failure fails its stressor" \
	eval '! peer "$Q/verify.log" && test "$(cat "$Q/counts")" = "1 1 0" &&
	      grep -q "vm-rw .*FAIL" "$Q/out"'
check "stress-ng: a WARN while a stressor runs fails it" \
	eval '! peer "$Q/splat.log" && grep -q "vm-rw .*FAIL .* 1  WARNING" "$Q/out"'
check "stress-ng: a skipped stressor is a failed check" \
	eval '! peer "$Q/skip2.log" && test "$(cat "$Q/counts")" = "1 1 0" &&
	      grep -q "vm-rw .*skip" "$Q/out"'
check "stress-ng: a boot that did not finish fails" \
	eval '! peer "$Q/cut.log" && grep -q "did not finish" "$Q/out"'
cp "$Q/r.json" "$Q/cut.json"
peer "$Q/clean.log"; cp "$Q/r.json" "$Q/clean.json"
peer "$Q/verify.log"; cp "$Q/r.json" "$Q/verify.json"
check "stress-ng table: base and series both clean pass, ratio shown" \
	eval '"$PYTHON" "$P/scripts/peer-report.py" table --target t \
	      --side base="$Q/clean.json" --side series="$Q/clean.json" >"$Q/out" &&
	      grep -q "| t | vm-rw | pass | 10.00 | pass | 10.00 | 1.000 |" "$Q/out"'
check "stress-ng table: a failure on the series only fails the run" \
	eval '! "$PYTHON" "$P/scripts/peer-report.py" table --target t \
	      --side base="$Q/clean.json" --side series="$Q/verify.json" >"$Q/out" &&
	      grep -q "not on series: vm-rw" "$Q/out" &&
	      "$PYTHON" "$P/scripts/peer-report.py" table --target t \
	      --side base="$Q/verify.json" --side series="$Q/verify.json" >"$Q/out"'

check "make peer: each target boots its own machine, 6.12's from its own tree" \
	eval '( . "$P/scripts/lib.sh"; target_vars peer-arm; [ "$T_PEER" = arm ] &&
	        target_vars peer-i386-64g; [ "$T_PEER" = i386-64g ] &&
	        [ "$T_BASE" = 6.12 ] && [ "$(bench_dir 6.12)" = "$P/work/bench-6.12" ] &&
	        [ "$(bench_dir)" = "$P/work/bench" ] )'


# make lava's jobs (scripts/lava-job.py): a job from a kunit.py output, its
# monitor pattern against KTAP lines, and lava-run's results counted
msg "tools: make lava's job writer"
Q=$T/lava
mkdir -p "$Q"
printf '%s\n' "Running tests with:" \
	"\$ qemu-system-i386 -nodefaults -m 1024 -kernel /k/bzImage -append 'a=1  kunit.filter_glob=kmap_local console=ttyS0' -no-reboot -nographic -accel kvm -accel hvf -accel tcg -serial stdio -m 3G -smp 2 -cpu qemu32,+pse36" \
	>"$Q/exec.log"
"$PYTHON" "$P/scripts/lava-job.py" job "$Q/exec.log" kmap_local "$Q/job.yaml" >"$Q/out" 2>&1
check "lava: the job boots what kunit.py booted, under TCG, with panic_on_warn" \
	"$PYTHON" -c '
import sys, yaml
j = yaml.safe_load(open(sys.argv[1]))
c = j["context"]
k = j["actions"][0]["deploy"]["images"]["kernel"]
assert (c["arch"], c["memory"], c["cpu"], c["no_kvm"]) == ("i386", "3G", "qemu32,+pse36", True), c
assert c["extra_options"] == ["-no-reboot -smp 2"], c
assert k["url"] == "file:///k/bzImage", k
assert k["image_arg"] == "-kernel {kernel} -append '"'"'a=1 kunit.filter_glob=kmap_local console=ttyS0 panic_on_warn=1'"'"'", k
' "$Q/job.yaml"
check "lava: the monitor takes each case line's result, and nothing else" \
	"$PYTHON" -c '
import re, sys, yaml
m = yaml.safe_load(open(sys.argv[1]))["actions"][2]["test"]["monitors"][0]
fix = m["fixupdict"]
log = ("\r\n    # Subtest: kmap_local\r\r\n    ok 1 a_case\r\r\n        ok 1 a param\r\r\n"
       "        not ok 2 other param\r\r\n    not ok 2 b_case\r\r\n"
       "    ok 3 c_case # SKIP why\r\r\n    ok 4 d_case\r\r\nok 1 kmap_local\r\r\n")
got = [(x["test_case_id"], fix[x["result"]]) for x in re.finditer(m["pattern"], log)]
assert got == [("a_case", "pass"), ("b_case", "fail"), ("c_case", "skip"), ("d_case", "pass")], got
assert re.search(m["start"], log) and re.search(m["end"], log).start() > log.index("d_case")
assert not re.search(m["end"], "\nok 1 kmap_local_warn\n")
' "$Q/job.yaml"
printf '%s\n' "\$ qemu-system-sparc -nodefaults -m 1024 -kernel /k/zImage -append 'x' -no-reboot -m 256" >"$Q/sparc.log"
check "lava: a machine without PCI gets its own NIC, named or QEMU's default" \
	sh -c "'$PYTHON' '$P/scripts/lava-job.py' job '$Q/sparc.log' kmap_local '$Q/sparc.yaml' &&
	       grep -qx '  model: model=lance' '$Q/sparc.yaml' &&
	       '$PYTHON' '$P/scripts/lava-job.py' job '$Q/exec.log' kmap_local '$Q/x.yaml' &&
	       ! grep -q 'model:' '$Q/x.yaml'"
printf '%s\n' '{"lvl": "target", "msg": "    ok 1 a_case"}' \
	'{"lvl": "results", "msg": {"case": "a_case", "definition": "kmap_local", "result": "pass"}}' \
	'{"lvl": "results", "msg": {"case": "b_case", "definition": "kmap_local", "result": "skip"}}' \
	'{"lvl": "results", "msg": {"case": "validate", "definition": "lava", "result": "pass"}}' \
	'{"lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "pass"}}' >"$Q/run.log"
check "lava: lava-run's results counted per suite, with the job's result" \
	sh -c "'$PYTHON' '$P/scripts/lava-job.py' results '$Q/run.log' kmap_local | sed -n 1p | grep -qx '1 0 1 pass' &&
	       '$PYTHON' '$P/scripts/lava-job.py' results '$Q/run.log' kmap_local_warn | sed -n 1p | grep -qx '0 0 0 pass'"
head -n 2 "$Q/run.log" >"$Q/cut.log"
check "lava: a job that never ended is incomplete" \
	sh -c "'$PYTHON' '$P/scripts/lava-job.py' results '$Q/cut.log' kmap_local | sed -n 1p | grep -qx '1 0 0 incomplete'"

# sparse-fetch.sh: a tree whose checker-valid.sh accepts the system's
# sparse gets that one and nothing is fetched; no tree is a clear error
S=$T/sparse-tree
mkdir -p "$S/scripts" "$T/bin"
printf '#!/bin/sh\necho 1\n' >"$S/scripts/checker-valid.sh"
printf '#!/bin/sh\necho 0.6.4\n' >"$T/bin/sparse"
chmod 755 "$T/bin/sparse"
check "sparse-fetch: the system's sparse when the tree accepts it, nothing fetched" \
	sh -c "[ \"\$(PATH='$T/bin':\$PATH TREE='$S' BUILD='$T/sb' '$P/scripts/sparse-fetch.sh' 2>/dev/null)\" = '$T/bin/sparse' ] &&
	       [ ! -e '$T/sb/sparse' ]"
check "sparse-fetch: no kernel tree is a clear error" \
	sh -c "! TREE='$T/none' BUILD='$T/sb' '$P/scripts/sparse-fetch.sh' 2>'$T/sp.err' &&
	       grep -q 'no kernel tree' '$T/sp.err'"

echo "$passed $failed 0" >"$out/counts"
printf '    tools: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ] && rm -rf "$T"
[ "$failed" -eq 0 ]
