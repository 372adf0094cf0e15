#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-big-munmap.sh KERNEL KSFT: an honest process that touches several
# GiB and unmaps them in one munmap() must never be killed.  In seccomp
# mode every touched page is one host mapping in the stub, and the guest's
# munmap() one host munmap() of them all, which keeps the host busy for
# long.  Runs big_munmap_test (UM_BIG_MUNMAP_MIB, default 4160 MiB, touched
# and unmapped UM_BIG_MUNMAP_ROUNDS times, default 3) in a guest of MEM
# (default 6G), in seccomp mode:
#   1. on 1 vCPU;
#   2. on 2 vCPUs, with one busy loop per host CPU;
#   3. on 1 vCPU, UML's whole process group stopped (SIGSTOP) for
#      STOP_SECONDS (default 5) in the second round's munmap() and then
#      continued.
# Each must pass, the child must exit normally, and the console log must
# have no line of a stub killed.  The host's vm.max_map_count is raised to
# at least 1100000 (one host mapping per page) for the run and restored;
# if it cannot be, the test is skipped.  Console logs:
# $BUILD/logs/big-munmap-NAME-CASE.console.log, NAME from build/out/NAME/linux.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-big-munmap.sh KERNEL KSFT}
KSFT=${2:?usage: test-big-munmap.sh KERNEL KSFT}
MIB=${UM_BIG_MUNMAP_MIB:-4160}
ROUNDS=${UM_BIG_MUNMAP_ROUNDS:-3}
MEM=${MEM:-6G}
STOP_SECONDS=${STOP_SECONDS:-5}
KILLED='stub .*process killed'
# The logs are named after the kernel's directory (build/out/NAME/linux)
TAG=$(basename "$(dirname "$KERNEL")")
# One host mapping per 4 KiB page, and room for UML's own
MAP_COUNT=$((MIB * 256 + 65536))
[ "$MAP_COUNT" -ge 1100000 ] || MAP_COUNT=1100000
OLD_MAP_COUNT=''
BURNERS=()
BOOT=''
failed=0

stop_burners() {
	[ ${#BURNERS[@]} -gt 0 ] && kill "${BURNERS[@]}" 2>/dev/null
	BURNERS=()
}

# shellcheck disable=SC2317 # called by the EXIT trap
restore() {
	# boot.sh kills the guest when it is terminated
	[ -z "$BOOT" ] || kill "$BOOT" 2>/dev/null
	stop_burners
	if [ -n "$OLD_MAP_COUNT" ]; then
		sysctl -q -w vm.max_map_count="$OLD_MAP_COUNT" ||
			echo "big-munmap: could not restore vm.max_map_count=$OLD_MAP_COUNT"
	fi
}
trap restore EXIT

start_burners() {
	local _
	for _ in $(seq "$(nproc)"); do
		bash -c 'while :; do :; done' &
		BURNERS+=($!)
	done
}

# rss_of PID: set RSS to the KiB of UML's memory file that host process PID
# has mapped (RssShmem); false once PID is gone.  (Not with read: the
# file changes between the reads of its lines.)
rss_of() {
	RSS=$(awk '/^RssShmem:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$RSS" ]
}

# stop_mid_test LOG BOOT: stop UML's group for STOP_SECONDS in the host
# munmap() of the second round, then continue it.  The console is no
# clock for that (the guest's lines come late, and with 1 vCPU the guest
# waits for the munmap()), so watch the test's stub on the host: its
# mapped memory grows past 1 GiB while the test touches, and falls while
# the host unmaps.
stop_mid_test() {
	local log=$1 boot=$2 pgid='' stub='' peak=0 munmaps=0 p

	while [ -z "$stub" ]; do
		kill -0 "$boot" 2>/dev/null || return 1
		sleep 0.2
		pgid=$(sed -n 's/^UMLBENCH-HOST: group=\([0-9]*\)$/\1/p' "$log" 2>/dev/null)
		[ -n "$pgid" ] || continue
		for p in $(pgrep -g "$pgid" -x uml-userspace); do
			if rss_of "$p" && [ "$RSS" -ge $((1 << 20)) ]; then
				stub=$p
			fi
		done
	done
	while rss_of "$stub"; do
		if [ "$RSS" -gt "$peak" ]; then
			peak=$RSS
		elif [ "$peak" -ge $((1 << 20)) ] && [ "$RSS" -lt $((peak - (64 << 10))) ]; then
			munmaps=$((munmaps + 1))
			[ "$munmaps" = 2 ] && break
			# Wait out the first munmap() before looking for the next
			while rss_of "$stub" && [ "$RSS" -gt $((64 << 10)) ]; do
				sleep 0.01
			done
			peak=0
		fi
		sleep 0.01
	done
	if [ "$munmaps" -lt 2 ] || ! kill -STOP -- "-$pgid" 2>/dev/null; then
		return 1
	fi
	echo "big-munmap: UML group $pgid stopped for $STOP_SECONDS s in round 1's munmap()" \
		"(stub $stub: $((RSS >> 10)) of $((peak >> 10)) MiB still mapped)"
	sleep "$STOP_SECONDS"
	kill -CONT -- "-$pgid"
}

# run NAME NCPUS BUSY STOP: one boot; BUSY=1 burns the host's CPUs, STOP=1
# stops and continues UML in the middle.
run() {
	local name=$1 ncpus=$2 busy=$3 stop=$4 log=$BUILD/logs/big-munmap-$TAG-$1.console.log
	local json=$BUILD/logs/big-munmap-$TAG-$1.json t0=$SECONDS rc outcome

	[ "$busy" = 1 ] && start_burners
	rm -f "$log"
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus "$ncpus" --mem "$MEM" \
		--ksft "$KSFT" --tests big_munmap_test \
		--extra "UM_BIG_MUNMAP_MIB=$MIB UM_BIG_MUNMAP_ROUNDS=$ROUNDS" \
		--timeout 900 --log "$log" --json "$json" &
	BOOT=$!
	if [ "$stop" = 1 ] && ! stop_mid_test "$log" "$BOOT"; then
		echo "FAIL: $name: found no second munmap() to stop UML in (the boot ended first?)"
		failed=1
	fi
	wait "$BOOT"
	rc=$?
	BOOT=''
	stop_burners

	scripts/uml_log.py log "$json" '^big-munmap: round' 2>/dev/null | sed "s/^/  $name: /"
	outcome=$(scripts/uml_log.py log "$json" 'the child' 2>/dev/null | head -n 1)
	if grep -q "$KILLED" "$log" 2>/dev/null; then
		echo "FAIL: $name: an honest process was killed:"
		grep "$KILLED" "$log" | sed 's/^/  /'
		[ -z "$outcome" ] || echo "  $outcome"
		failed=1
	elif [ "$rc" -ne 0 ]; then
		echo "FAIL: $name: the boot failed (rc=$rc, log: $log)"
		failed=1
	elif [[ $outcome != *"exited with 0"* ]]; then
		echo "FAIL: $name: big_munmap_test did not run to its end (log: $log)"
		failed=1
	else
		echo "PASS: $name: $outcome, no process killed, $((SECONDS - t0)) s"
	fi
}

OLD_MAP_COUNT=$(sysctl -n vm.max_map_count) || exit 1
if [ "$OLD_MAP_COUNT" -ge "$MAP_COUNT" ]; then
	OLD_MAP_COUNT=''
elif ! sysctl -q -w vm.max_map_count="$MAP_COUNT" 2>/dev/null; then
	echo "SKIP: cannot raise the host's vm.max_map_count from $OLD_MAP_COUNT to $MAP_COUNT (not root, or /proc/sys is read-only)"
	echo "big-munmap: skipped"
	OLD_MAP_COUNT=''
	exit 0
fi

run 1cpu 1 0 0
run 2cpu-busy-host 2 1 0
run 1cpu-stopped 1 0 1
exit $failed
