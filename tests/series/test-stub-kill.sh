#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-stub-kill.sh [--on-base] KERNEL [MODE...]: a host stub that dies
# while the kernel runs a batch of its calls (as when the host's OOM killer
# or an administrator kills it) must cost its own process only.  For each
# MODE (ptrace, seccomp; default both), boot KERNEL with 1 vCPU, run
# guest/stubkill.c, and SIGKILL from the host the stub of each of its KILLS
# (default 10) children while the child maps memory, which is nearly all
# the time.  Every child must die, the guest must get to its end, and its
# log must show no kernel bug.
# --on-base: KERNEL is the unpatched kernel, which must hang or panic in
# each mode.  In ptrace mode it kills the task from within um_tlb_sync(),
# page table lock held, and the task then spins on that lock in
# exit_mmap(); or it panics when it cannot continue the dead stub (fixed by
# patch 8).  In seccomp mode it hangs after "wait_stub_done_seccomp : failed
# to wait for stub" (2 boots of 2; fixed by patch 4, which a boot of patches
# 1-3 and one of 1-4 showed).  One hang or panic per mode is enough.
# Console logs: $BUILD/logs/stub-kill-{series,base}-MODE.console.log.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
KILLS=${KILLS:-10}
ON_BASE=0
if [ "${1:-}" = --on-base ]; then
	ON_BASE=1
	shift
fi
KERNEL=${1:?usage: test-stub-kill.sh [--on-base] KERNEL [ptrace|seccomp ...]}
shift
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(ptrace seccomp)
GUEST=$BUILD/stubkill
mkdir -p "$GUEST" "$BUILD/logs"
gcc -static -O2 -Wall -o "$GUEST/stubkill" guest/stubkill.c || exit 1
BOOT=''
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { [ -z "$BOOT" ] || kill "$BOOT" 2>/dev/null; }
trap cleanup EXIT

# The newest stub: the churning child's (the helper of a stub, in seccomp
# mode, is called uml-unmapper)
newest_stub() {
	pgrep -n -g "$1" -x uml-userspace
}

# run MODE: one boot; sets KILLED to the number of stubs killed
run() {
	local mode=$1 tag=series seccomp=on log json pgid='' i stub t timeout=45
	# The base hangs within the first kills, a few seconds in
	[ "$ON_BASE" = 1 ] && tag=base timeout=25
	[ "$mode" = ptrace ] && seccomp=off
	log=$BUILD/logs/stub-kill-$tag-$mode.console.log
	json=${log%.console.log}.json
	rm -f "$log"
	scripts/boot.sh --kernel "$KERNEL" --seccomp "$seccomp" --ksft "$GUEST" \
		--run cmd --cmd /kselftest/stubkill --extra "stubkill_children=$KILLS" \
		--timeout "$timeout" --log "$log" --json "$json" >/dev/null 2>&1 &
	BOOT=$!
	KILLED=0
	for i in $(seq "$KILLS"); do
		t=0
		until grep -qs "^STUBKILL-READY $i\$" "$log"; do
			kill -0 "$BOOT" 2>/dev/null && [ "$t" -lt 300 ] || break 2
			sleep 0.1
			t=$((t + 1))
		done
		[ -n "$pgid" ] || pgid=$(sed -n 's/^UMLBENCH-HOST: group=\([0-9]*\)$/\1/p' "$log")
		# Let the child get to its batches
		sleep 0.3
		stub=$(newest_stub "$pgid")
		[ -n "$stub" ] || break
		kill -KILL "$stub" && KILLED=$((KILLED + 1))
	done
	wait "$BOOT"
	BOOT=''
	LOG=$log
	JSON=$json
}

failed=0
for mode in "${MODES[@]}"; do
	run "$mode"
	deaths=$(grep -c '^STUBKILL child [0-9]*: killed by signal' "$LOG")
	bug=$(scripts/uml_log.py bugs "$JSON" 2>/dev/null | head -n 1)
	hung=$(scripts/uml_log.py get "$JSON" timeout 2>/dev/null)
	what="$KILLED stubs killed, $deaths children died"
	if [ "$ON_BASE" = 1 ]; then
		if [ -n "$hung" ] && ! grep -q '^STUBKILL-DONE' "$LOG"; then
			echo "PASS: base, $mode: the guest hung after $what (log: $LOG)"
		elif [ -n "$bug" ]; then
			echo "PASS: base, $mode: the guest died after $what: ${bug#*	}"
		else
			echo "FAIL: base, $mode: no hang: $what${bug:+, $bug} (log: $LOG)"
			failed=1
		fi
	elif [ -n "$hung" ] || [ -n "$bug" ] || ! grep -q '^STUBKILL-DONE' "$LOG"; then
		echo "FAIL: $mode: $what; ${hung:+hung, }${bug:-no kernel bug}, (log: $LOG)"
		failed=1
	elif [ "$KILLED" -ne "$KILLS" ] || [ "$deaths" -ne "$KILLS" ]; then
		echo "FAIL: $mode: $what, of $KILLS (log: $LOG)"
		failed=1
	else
		echo "PASS: $mode: $what, the guest carried on to its end"
	fi
done
exit $failed
