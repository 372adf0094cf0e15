#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-protocol-attacks-on-base.sh BASE_KERNEL KSFT: every attack of
# stub_protocol_test (forged reports, scribbled stub data, a stub that
# keeps the kernel waiting with SIGALRM blocked) must be seen to succeed on
# the unpatched kernel, one boot per case (UM_PROTOCOL_CASE), since most of
# them take the whole guest down:
#   fails        the guest survives and the case's test fails (disclosure)
#   panic:TEXT   the kernel panics with TEXT
#   hang         the guest hangs in the case's test until the boot's timeout
# A case boots with 1 vCPU, those in SMP_CASES with 2.
# The boot matrix checks that the same tests pass with the series.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-protocol-attacks-on-base.sh BASE_KERNEL KSFT}
KSFT=${2:?usage: test-protocol-attacks-on-base.sh BASE_KERNEL KSFT}
HANG_TIMEOUT=${HANG_TIMEOUT:-25}

RESTART='panic:Programming error: Flag to only run syscalls in child was not cleared!'
CASES=(
	"skipped_munmap_batch stub_protocol.skipped_munmap_batch fails"
	"batch_error_then_int3 scribbled_stub_data.batch_error_then_int3 panic:Syscall data was corrupted by stub"
	"restart_wait_then_int3 scribbled_stub_data.restart_wait_then_int3 $RESTART"
	"restart_wait_then_ud2 scribbled_stub_data.restart_wait_then_ud2 $RESTART"
	"restart_wait_then_divide_by_zero scribbled_stub_data.restart_wait_then_divide_by_zero $RESTART"
	"restart_wait_then_write_fault scribbled_stub_data.restart_wait_then_write_fault $RESTART"
	"restart_wait_then_syscall scribbled_stub_data.restart_wait_then_syscall $RESTART"
	"sigalrm_blocked_futex_sleep blocked_sigalrm.then_asleep_on_the_stub_futex hang"
	"sigalrm_blocked_close_loop blocked_sigalrm.then_closing_in_a_loop hang"
	"sigalrm_blocked_futex_wake_loop blocked_sigalrm.then_waking_the_stub_futex_in_a_loop hang"
	"sigalrm_blocked_sibling_unmaps blocked_sigalrm.then_asleep_while_a_sibling_unmaps hang"
)
SMP_CASES=" sigalrm_blocked_sibling_unmaps "

failed=0
for c in "${CASES[@]}"; do
	read -r name test expect <<< "$c"
	ncpus=1
	[[ $SMP_CASES == *" $name "* ]] && ncpus=2
	log=$BUILD/logs/protocol-on-base-$name.console.log
	timeout=120
	[ "$expect" = hang ] && timeout=$HANG_TIMEOUT
	# Run directly, not through the kselftest runner, whose pipe would
	# hold back the test's last lines when the guest panics or hangs.
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus "$ncpus" --ksft "$KSFT" \
		--run cmd --cmd /kselftest/um/stub_protocol_test \
		--extra "UM_PROTOCOL_CASE=$name" \
		--timeout "$timeout" --log "$log" >/dev/null 2>&1
	started=$(grep -c "RUN .*$test" "$log")
	case $expect in
	fails)
		grep -Eq "not ok [0-9]+ $test" "$log" && grep -q '^UMLBENCH-END' "$log"
		ok=$?
		what="the test failed and the guest went on"
		;;
	panic:*)
		grep -qF "Kernel panic - not syncing: ${expect#panic:}" "$log"
		ok=$?
		what="the kernel panicked: ${expect#panic:}"
		;;
	hang)
		grep -q '^UMLBENCH-HOST: TIMEOUT' "$log" && ! grep -q "OK .*$test" "$log"
		ok=$?
		what="the guest hung until the ${HANG_TIMEOUT} s timeout"
		;;
	esac
	if [ "$started" -gt 0 ] && [ "$ok" -eq 0 ]; then
		echo "PASS: $name succeeds on base: $what"
	else
		echo "FAIL: $name: expected on base: $what; not seen (log: $log)"
		grep -v '^\[' "$log" | tail -n 5 | sed 's/^/  | /'
		failed=1
	fi
done
exit $failed
