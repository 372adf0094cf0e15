#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make measure-fds": UML's host file descriptors per guest address space.
#
# 1. Boot the series kernel (seccomp, 1 vCPU), run FORKS (10,000)
#    fork+exec+exit in the guest, and read the UML process's open-fd count
#    from the host (/proc/PID/fd) before, during and after: the count must
#    come back.
# 2. Boot the base and the series kernel in seccomp mode, 1 and 2 vCPUs,
#    with the host's RLIMIT_NOFILE at NOFILE (1024, a login shell's
#    default), and start sleeping guest processes until fork fails (1500
#    at most): how many there are, and the host fds each one costs.  The
#    series must allow at least as many as the base.
# STORM=0 skips the first part (make check runs the second).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/out/series/linux}
BASE_KERNEL=${BASE_KERNEL:-$BUILD/out/base/linux}
GUEST=$BUILD/fds/guest
LOGS=$BUILD/logs
N=${FORKS:-10000}
NOFILE=${NOFILE:-1024}

for k in "$KERNEL" "$BASE_KERNEL"; do
	[ -x "$k" ] || { echo "measure-fds: $k missing: run 'make build build-base' first" >&2; exit 1; }
done
mkdir -p "$GUEST" "$LOGS"
for p in nop forkexec sleepers; do gcc -static -O2 -Wall -o "$GUEST/$p" "guest/$p.c"; done
install -m 755 guest/fdstorm.sh "$GUEST/"
KERNEL=$(realpath "$KERNEL")
BASE_KERNEL=$(realpath "$BASE_KERNEL")
LIMIT=$BUILD/fds/nofile
printf '#!/bin/sh\n# Made by scripts/measure-fds.sh.\nulimit -n %s || exit 1\nexec "$@"\n' "$NOFILE" > "$LIMIT"
chmod +x "$LIMIT"

count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

ok=1
# 1. The storm
if [ "${STORM:-1}" != 0 ]; then
LOG=$LOGS/measure-fds.console.log
rm -f "$LOG"
scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$GUEST" --run cmd \
	--cmd /kselftest/fdstorm.sh --extra "fdstorm_forks=$N" --timeout 900 --log "$LOG" &
boot=$!
uml=$(uml_pid "$LOG") || { echo "measure-fds: UML did not start" >&2; wait $boot; exit 1; }
before='' after='' max=0
while kill -0 "$uml" 2>/dev/null; do
	c=$(count "$uml")
	[ "$c" -gt "$max" ] && max=$c
	if [ -z "$before" ] && grep -q '^FDSTORM-START' "$LOG"; then before=$c; fi
	if [ -z "$after" ] && grep -q '^FDSTORM-END' "$LOG"; then after=$c; fi
	sleep 0.2
done
rc=0
wait $boot || rc=$?
echo "measure-fds: UML pid $uml, open fds before the storm: ${before:-?}, after $N fork+exec+exit: ${after:-?}, most seen: $max"
{ [ "$rc" -eq 0 ] && [ -n "$before" ] && [ "$before" = "$after" ]; } || ok=0
fi

# 2. Processes at RLIMIT_NOFILE=$NOFILE
printf '%-7s %-6s %10s %14s\n' kernel vcpus processes "fds/process"
declare -A procs
for ncpus in 1 2; do
	for name in base series; do
		k=$KERNEL
		[ "$name" = base ] && k=$BASE_KERNEL
		LOG=$LOGS/measure-fds-$name-$ncpus.console.log
		rm -f "$LOG"
		scripts/boot.sh --kernel "$k" --seccomp on --ncpus "$ncpus" --ksft "$GUEST" \
			--run cmd --cmd /kselftest/sleepers --wrapper "$LIMIT" --timeout 300 \
			--log "$LOG" >/dev/null 2>&1 &
		boot=$!
		uml=$(uml_pid "$LOG") || { echo "measure-fds: UML did not start" >&2; wait $boot; exit 1; }
		start='' max=0
		while kill -0 "$uml" 2>/dev/null; do
			c=$(count "$uml")
			[ "$c" -gt "$max" ] && max=$c
			[ -z "$start" ] && grep -qs '^UMLBENCH-BEGIN' "$LOG" && start=$c
			sleep 0.1
		done
		wait $boot || true
		n=$(sed -n 's/^SLEEPERS \([0-9]*\) of .*/\1/p' "$LOG" | head -n 1 || true)
		per='?'
		[ -n "$n" ] && [ "$n" -gt 0 ] && [ -n "$start" ] &&
			per=$(awk -v a="$max" -v b="$start" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }')
		printf '%-7s %-6s %10s %14s   %s\n' "$name" "$ncpus" "${n:-?}" "$per" \
			"$(sed -n 's/^SLEEPERS [0-9]* of [0-9]*, //p' "$LOG" | head -n 1)"
		procs[$name]=${n:-0}
	done
	if [ "${procs[series]}" -lt "${procs[base]}" ]; then
		echo "measure-fds: with $ncpus vCPU(s) the series ran fewer processes than the base"
		ok=0
	fi
done
[ "$ok" = 1 ]
