#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-false-kills.sh KERNEL KSFT: the series must never take an honest
# process for a stub that blocks SIGALRM.  Runs cpu_hog_test (a CPU-bound
# process on every vCPU plus one that blocks SIGALRM with sigprocmask(),
# HOG_SECONDS each, default 60) while two host processes burn the host's
# CPUs:
#   1. with 2 vCPUs;
#   2. with 1 vCPU, UML's whole process group stopped (SIGSTOP) for
#      STOP_SECONDS (default 5) in the middle and then continued.
# Each must pass with no line of a stub killed in the console log.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-false-kills.sh KERNEL KSFT}
KSFT=${2:?usage: test-false-kills.sh KERNEL KSFT}
HOG_SECONDS=${HOG_SECONDS:-60}
STOP_SECONDS=${STOP_SECONDS:-5}
KILLED='stub .*process killed'
BURNERS=()
failed=0

stop_burners() {
	[ ${#BURNERS[@]} -gt 0 ] && kill "${BURNERS[@]}" 2>/dev/null
	BURNERS=()
}
trap stop_burners EXIT

start_burners() {
	local _
	for _ in 1 2; do
		bash -c 'while :; do :; done' &
		BURNERS+=($!)
	done
}

# run NAME NCPUS STOP: one boot; STOP=1 stops and continues UML mid-run.
run() {
	local name=$1 ncpus=$2 stop=$3 log=$BUILD/logs/false-kills-$1.console.log
	local json=$BUILD/logs/false-kills-$1.json pid pgid='' t0=$SECONDS rc hogs

	start_burners
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus "$ncpus" \
		--ksft "$KSFT" --tests cpu_hog_test \
		--extra "UM_CPU_HOG_SECONDS=$HOG_SECONDS" \
		--timeout $((HOG_SECONDS * 4 + 300)) --log "$log" --json "$json" &
	pid=$!
	if [ "$stop" = 1 ]; then
		# Stop once the hogs have run for a third of their time (the live
		# log: there is no JSON before the boot ends).
		for _ in $(seq 600); do
			grep -q '^# selftests: um: cpu_hog_test' "$log" 2>/dev/null && break
			sleep 0.5
		done
		sleep $((HOG_SECONDS / 3))
		pgid=$(sed -n 's/^UMLBENCH-HOST: group=\([0-9]*\)$/\1/p' "$log")
		if [ -n "$pgid" ] && kill -STOP -- "-$pgid" 2>/dev/null; then
			echo "false-kills: $name: UML group $pgid stopped for $STOP_SECONDS s"
			sleep "$STOP_SECONDS"
			kill -CONT -- "-$pgid"
		else
			echo "FAIL: $name: could not stop UML (pgid '$pgid')"
			failed=1
		fi
	fi
	wait "$pid"
	rc=$?
	stop_burners

	# The kills are the kernel's own lines, not TAP: read from the log.
	hogs=$(scripts/uml_log.py log "$json" '^cpu-hogs: .* ran' | head -n 1)
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $name: the boot failed (rc=$rc, log: $log)"
		failed=1
	elif grep -q "$KILLED" "$log"; then
		echo "FAIL: $name: an honest process was killed:"
		grep "$KILLED" "$log" | sed 's/^/  /'
		failed=1
	elif [ -z "$hogs" ]; then
		echo "FAIL: $name: cpu_hog_test did not report its run (log: $log)"
		failed=1
	else
		echo "PASS: $name: $hogs, no process killed, $((SECONDS - t0)) s"
	fi
}

run 2cpu-busy-host 2 0
run 1cpu-busy-host-stopped 1 1
exit $failed
