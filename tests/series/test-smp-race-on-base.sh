#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-smp-race-on-base.sh BASE_KERNEL KSFT: smp_unmap_race_test must fail on
# the unpatched kernel with 2 vCPUs: a thread running in its stub keeps host
# mappings of pages that another vCPU freed, and reads what other processes
# write there (a leak) or the zeros of their fresh pages (a stale read).
# That is how the test fails there; the boot matrix checks that it passes
# with the series.
# With --judge instead of BASE_KERNEL KSFT, judges the boot's JSON in
# $BUILD/logs again without booting.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
LOG=$BUILD/logs/smp-race-on-base.console.log
JSON=$BUILD/logs/smp-race-on-base.json
SECONDS_RUN=${SMP_RACE_BASE_SECONDS:-30}

if [ "${1:-}" != --judge ]; then
	KERNEL=${1:?usage: test-smp-race-on-base.sh BASE_KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-smp-race-on-base.sh BASE_KERNEL KSFT | --judge}
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 2 --ksft "$KSFT" \
		--tests smp_unmap_race_test --extra "UM_SMP_RACE_SECONDS=$SECONDS_RUN" \
		--timeout $((SECONDS_RUN + 240)) --log "$LOG" --json "$JSON"
	echo "(boot.sh's verdict above is expected to be a failure of smp_unmap_race_test)"
fi

summary=$(scripts/uml_log.py log "$JSON" '^smp_unmap_race: rounds ' | head -n 1)
if [ -z "$summary" ]; then
	echo "FAIL: smp_unmap_race_test gave no summary on the base kernel (see $LOG)"
	exit 1
fi
echo "base: $summary"
# The harness's test case (smp_unmap_race.*) in the tree, not the runner's
if ! scripts/uml_log.py find "$JSON" smp_unmap_race. | grep -q '^fail	\(.*/\)\{0,1\}smp_unmap_race\.'; then
	echo "FAIL: smp_unmap_race_test passed on the base kernel: the race was not seen in ${SECONDS_RUN} s"
	exit 1
fi
if grep -q 'stale rounds 0, leaks 0 ' <<<"$summary"; then
	echo "FAIL: smp_unmap_race_test failed on the base kernel, but not for a leak or a stale read"
	exit 1
fi
echo "PASS: the base kernel let a stub read freed pages (smp_unmap_race_test failed)"
