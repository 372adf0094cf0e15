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
# With --judge instead of BASE_KERNEL KSFT, judges the boots' JSON in
# $BUILD/logs again without booting.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. scripts/common.sh
JUDGE_ONLY=
if [ "${1:-}" = --judge ]; then
	JUDGE_ONLY=1
else
	KERNEL=${1:?usage: test-protocol-attacks-on-base.sh BASE_KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-protocol-attacks-on-base.sh BASE_KERNEL KSFT | --judge}
fi
HANG_TIMEOUT=${HANG_TIMEOUT:-25}

RESTART='panic:Programming error: Flag to only run syscalls in child was not cleared!'
CASES=(
	"skipped_munmap_batch stub_protocol.skipped_munmap_batch fails"
	"read_before_batch_gadget read_before_batch.through_the_gadget fails"
	"read_before_batch_site read_before_batch.at_the_report_site fails"
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
	"sigalrm_blocked_sigreturn_loop blocked_sigalrm.then_sigreturning_in_a_loop hang"
)
SMP_CASES=" sigalrm_blocked_sibling_unmaps "

# judge TEST EXPECT JSON: true if the boot shows what EXPECT says; sets
# "what" to say it.  TEST is a prefix of the case's full name.
judge() {
	local test=$1 expect=$2 json=$3 status
	# The case's status in the tree: crashed if it started but never ended
	status=$(scripts/uml_log.py find "$json" "$test" | awk -F'\t' 'NR == 1 { print $1 }')
	case $expect in
	fails)
		what="the test failed and the guest went on"
		[ "$status" = fail ] && [ -n "$(scripts/uml_log.py get "$json" end_rc)" ]
		;;
	panic:*)
		what="the kernel panicked: ${expect#panic:}"
		[ -n "$status" ] && scripts/uml_log.py bugs "$json" |
			grep -qF "panic	Kernel panic - not syncing: ${expect#panic:}"
		;;
	hang)
		what="the guest hung until the ${HANG_TIMEOUT} s timeout"
		[ "$status" = crashed ] && [ -n "$(scripts/uml_log.py get "$json" timeout)" ]
		;;
	esac
}

failed=0
for c in "${CASES[@]}"; do
	read -r name test expect <<< "$c"
	ncpus=1
	[[ $SMP_CASES == *" $name "* ]] && ncpus=2
	log=$BUILD/logs/protocol-on-base-$name.console.log
	json=$(json_of "$log")
	timeout=120
	[ "$expect" = hang ] && timeout=$HANG_TIMEOUT
	# Run directly, not through the kselftest runner, whose pipe would
	# hold back the test's last lines when the guest panics or hangs.
	[ -n "$JUDGE_ONLY" ] ||
		scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus "$ncpus" --ksft "$KSFT" \
			--run cmd --cmd /kselftest/um/stub_protocol_test \
			--extra "UM_PROTOCOL_CASE=$name" \
			--timeout "$timeout" --log "$log" >/dev/null 2>&1
	if judge "$test" "$expect" "$json"; then
		echo "PASS: $name succeeds on base: $what"
	else
		echo "FAIL: $name: expected on base: $what; not seen (log: $log)"
		grep -v '^\[' "$log" | tail -n 5 | sed 's/^/  | /'
		failed=1
	fi
done
exit $failed
