#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": every test of the series and of the workbench.  Ends with
# "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh
. scripts/common.sh

K=$BUILD/out/series/linux
KSFT=$BUILD/ksft/series/install
PATCHES=$(series_patches patches)

must deps			scripts/deps.sh
# The workbench's own checks first: seconds, no kernel needed.
step workbench-selftest		scripts/selftest.sh
must fetch-base			scripts/fetch-base.sh
must tree			scripts/mktree.sh
step checkpatch			scripts/checkpatch.sh $PATCHES
# The series reads without the workbench; each fix has its record
step series-text			scripts/series-text.sh patches
must build-base			scripts/build.sh "$BUILD/linux-base" "$BUILD/out/base"
step per-patch-build		scripts/per-patch-build.sh
must build-series		scripts/build.sh "$BUILD/linux" "$BUILD/out/series"
step stub-call-sites		tests/series/test-stub-sites.sh "$BUILD/out/series/vmlinux"
step w1-warnings		scripts/w1-check.sh
step sparse			scripts/sparse.sh
step docs-build			scripts/docs-check.sh
must selftests-build		scripts/ksft.sh "$BUILD/linux" "$BUILD/ksft/series"
# Off UML (here, on the host) every um selftest must skip at once.
step selftests-skip-off-uml	tests/series/test-selftests-off-uml.sh "$KSFT"
step runtime-bisect		scripts/runtime-bisect.sh

boot() {	# NAME ARGS...: one boot of the series kernel with the selftests
	local name=$1
	shift
	step "$name" scripts/boot.sh --kernel "$K" --ksft "$KSFT" \
		--log "$LOGS/$name.console.log" "$@"
}
# The stub protocol fuzzer runs for 2 minutes in each seccomp boot.
boot boot-seccomp-1cpu		--seccomp on --ncpus 1 --extra UM_FUZZ_SECONDS=120
boot boot-seccomp-2cpu		--seccomp on --ncpus 2 --extra UM_FUZZ_SECONDS=120
boot boot-ptrace-1cpu		--seccomp off --ncpus 1
# In seccomp mode every selftest must run: a skip there means a kernel
# built without an option the tests need, which would hide their failures.
step seccomp-nothing-skipped	tests/series/test-no-skips.sh "$LOGS"/boot-seccomp-*.console.log

step attacks-detected-on-base	tests/series/test-attacks-on-base.sh "$BUILD/out/base/linux" "$KSFT"
step sigalrm-wedge-on-base	tests/series/test-wedge-on-base.sh "$BUILD/out/base/linux" "$KSFT"
step protocol-attacks-on-base	tests/series/test-protocol-attacks-on-base.sh "$BUILD/out/base/linux" "$KSFT"
step smp-race-detected-on-base	tests/series/test-smp-race-on-base.sh "$BUILD/out/base/linux" "$KSFT"
step fd-exhaustion-on-base	tests/series/test-fd-exhaustion-on-base.sh "$BUILD/out/base/linux" "$KSFT"
# A stub that the host kills in a batch: the base hangs or panics in
# either mode, the series kills only its process
step stub-kill-on-base		tests/series/test-stub-kill.sh --on-base "$BUILD/out/base/linux"
step stub-kill-costs-its-process	tests/series/test-stub-kill.sh "$K"
# As many processes as the base at a login shell's RLIMIT_NOFILE of 1024
step processes-at-fd-limit	env STORM=0 scripts/measure-fds.sh
step sigalrm-no-false-kills	tests/series/test-false-kills.sh "$K" "$KSFT"
# Several GiB unmapped in one call: alone, on a loaded host, UML stopped
step big-munmap-no-kills	tests/series/test-big-munmap.sh "$K" "$KSFT"
step probe-without-listener	tests/series/test-probe.sh "$K"
# As on a host before 5.19 (no WAIT_KILLABLE_RECV, no SYNC_WAKE_UP), with
# UML's process group stopped and continued all along.
step older-host-stop-storm	tests/series/test-older-host.sh "$K" "$KSFT"
step workbench-fetch-errors	tests/workbench/test-fetch.sh
step workbench-mktree-export	tests/workbench/test-mktree.sh
step workbench-submit-prep	tests/workbench/test-submit-prep.sh
step workbench-hung-guest	tests/workbench/test-boot.sh "$K"
step workbench-runtime-bisect	tests/workbench/test-runtime-bisect.sh "$K" "$KSFT"

# From the boots' JSON verdicts, not their logs
scripts/uml_log.py summary "$LOGS"/boot-*.json 2>/dev/null || true
summary
