#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-smp-race-on-base.sh BASE_KERNEL KSFT: smp_unmap_race_test must fail on
# the unpatched kernel with 2 vCPUs: a thread running in its stub keeps host
# mappings of pages that another vCPU freed, and reads what other processes
# write there (a leak) or the zeros of their fresh pages (a stale read).
# That is how the test fails there; the boot matrix checks that it passes
# with the series.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-smp-race-on-base.sh BASE_KERNEL KSFT}
KSFT=${2:?usage: test-smp-race-on-base.sh BASE_KERNEL KSFT}
LOG=$BUILD/logs/smp-race-on-base.console.log
SECONDS_RUN=${SMP_RACE_BASE_SECONDS:-30}

scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 2 --ksft "$KSFT" \
	--tests smp_unmap_race_test --extra "UM_SMP_RACE_SECONDS=$SECONDS_RUN" \
	--timeout $((SECONDS_RUN + 240)) --log "$LOG"
echo "(boot.sh's verdict above is expected to be a failure of smp_unmap_race_test)"

summary=$(grep -m1 -E '^(# )+smp_unmap_race: rounds ' "$LOG" | sed -E 's/^(# )+//')
if [ -z "$summary" ]; then
	echo "FAIL: smp_unmap_race_test gave no summary on the base kernel (see $LOG)"
	exit 1
fi
echo "base: $summary"
if ! grep -qE '^(# )+not ok 1 smp_unmap_race\.' "$LOG"; then
	echo "FAIL: smp_unmap_race_test passed on the base kernel: the race was not seen in ${SECONDS_RUN} s"
	exit 1
fi
if grep -q 'stale rounds 0, leaks 0 ' <<<"$summary"; then
	echo "FAIL: smp_unmap_race_test failed on the base kernel, but not for a leak or a stale read"
	exit 1
fi
echo "PASS: the base kernel let a stub read freed pages (smp_unmap_race_test failed)"
