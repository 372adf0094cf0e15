#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-older-host.sh KERNEL KSFT: boot KERNEL as on a host older than Linux
# 5.19, under a host seccomp filter that makes
# SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV and SECCOMP_IOCTL_NOTIF_SET_FLAGS
# (so SYNC_WAKE_UP) fail with EINVAL.  seccomp=on must still boot in
# seccomp mode and say what it goes without; the storms and the attack
# tests must pass on 2 vCPUs while UML's process group is stopped and
# continued every STORM_PERIOD seconds: without a killable wait, each stop
# interrupts the stub's notified call, which then comes again, and no
# honest process may be killed for it.
# With --judge instead of KERNEL KSFT, judges the boot's log and JSON in
# $BUILD/logs again without booting (the count of stops is not known then).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
LOGS=$BUILD/logs
LOG=$LOGS/older-host.console.log
JSON=$LOGS/older-host.json
WRAP=$BUILD/tests/no-listener
OLDER=$BUILD/tests/older-host
STORM_PERIOD=${STORM_PERIOD:-0.3}
TESTS=fork_exec_test,memory_test,concurrency_test,stub_attack_test
KILLED='stub .*process killed'
# stub_attack_test's processes are meant to be killed
ATTACKER='stub_attack_tes'
fail=0

# boot_under_storm: boot KERNEL as on the older host, stop and continue it
# all along; sets rc (boot.sh's) and stops.
boot_under_storm() {
	local boot pgid _

	mkdir -p "$(dirname "$WRAP")" "$LOGS"
	gcc -O2 -Wall -o "$WRAP" tests/series/host/no-listener.c || { echo "FAIL: cannot build the wrapper"; exit 1; }
	printf '#!/bin/sh\nexec %s -k -s "$@"\n' "$(realpath "$WRAP")" > "$OLDER"
	chmod +x "$OLDER"

	rm -f "$LOG"
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 2 --ksft "$KSFT" \
		--tests "$TESTS" --timeout 900 --wrapper "$OLDER" --log "$LOG" --json "$JSON" \
		>"$LOGS/older-host.boot.out" 2>&1 &
	boot=$!

	# The stop/continue storm, from the first selftest to the end of the
	# boot (the live log: there is no JSON before the boot ends)
	for _ in $(seq 1200); do
		grep -q '^# selftests: um:' "$LOG" 2>/dev/null && break
		kill -0 "$boot" 2>/dev/null || break
		sleep 0.5
	done
	pgid=$(sed -n 's/^UMLBENCH-HOST: group=\([0-9]*\)$/\1/p' "$LOG" 2>/dev/null)
	stops=0
	while [ -n "$pgid" ] && kill -0 "$boot" 2>/dev/null; do
		kill -STOP -- "-$pgid" 2>/dev/null || break
		sleep 0.05
		kill -CONT -- "-$pgid" 2>/dev/null
		stops=$((stops + 1))
		sleep "$STORM_PERIOD"
	done
	wait "$boot"
	rc=$?
}

judge_only=
if [ "${1:-}" = --judge ]; then
	judge_only=1
	rc=1
	[ "$(scripts/uml_log.py get "$JSON" verdict)" != pass ] || rc=0
	stops=
else
	KERNEL=${1:?usage: test-older-host.sh KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-older-host.sh KERNEL KSFT | --judge}
	boot_under_storm
fi

# The boot messages and the kills are the kernel's own lines, not TAP:
# they are read from the console log.
if ! grep -q 'seccomp user notification works\.\.\.OK.*(without SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)' "$LOG"; then
	echo "FAIL: the boot did not say it goes without WAIT_KILLABLE_RECV (log: $LOG)"
	fail=1
elif grep -q 'with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP' "$LOG"; then
	echo "FAIL: SYNC_WAKE_UP was used although the host filter refuses it (log: $LOG)"
	fail=1
else
	echo "ok: $(grep -o 'Checking that seccomp user notification works.*' "$LOG" | head -n 1)"
fi
if [ -n "$judge_only" ]; then
	echo "(not judged: how often UML was stopped; --judge)"
elif [ "$stops" -lt 20 ]; then
	echo "FAIL: UML's process group was stopped only $stops times"
	fail=1
fi
# Count, not grep -q: under pipefail a grep that stops reading early can
# fail the pipeline with SIGPIPE and hide a kill.
honest=$(grep "$KILLED" "$LOG" | grep -cv "$ATTACKER")
if [ "${honest:-0}" -gt 0 ]; then
	echo "FAIL: an honest process was killed during the stop/continue storm:"
	grep "$KILLED" "$LOG" | grep -v "$ATTACKER" | sed 's/^/  /'
	fail=1
else
	echo "ok: no honest process killed; $(grep "$KILLED" "$LOG" | grep -c "$ATTACKER") attacking processes killed"
fi
if [ "$rc" -ne 0 ]; then
	echo "FAIL: the boot or its selftests failed (rc=$rc, log: $LOG):"
	tail -n 5 "$LOGS/older-host.boot.out" | sed 's/^/  /'
	fail=1
else
	echo "ok: $(scripts/uml_log.py summary "$JSON")${stops:+ with UML stopped and continued $stops times}"
fi
exit $fail
