#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make measure-fds": boot the series kernel (seccomp, 1 vCPU), run 10,000
# fork+exec+exit in the guest, and read the UML process's open-fd count from
# the host (/proc/PID/fd) before, during and after.  Every guest process has
# a stub with a listener fd in the kernel: the count must come back.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/out/series/linux}
GUEST=$BUILD/fds/guest
LOG=$BUILD/logs/measure-fds.console.log
N=${FORKS:-10000}

[ -x "$KERNEL" ] || { echo "measure-fds: $KERNEL missing: run 'make build' first" >&2; exit 1; }
mkdir -p "$GUEST"
for p in nop forkexec; do gcc -static -O2 -Wall -o "$GUEST/$p" "guest/$p.c"; done
install -m 755 guest/fdstorm.sh "$GUEST/"
KERNEL=$(realpath "$KERNEL")

scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$GUEST" --run cmd \
	--cmd /kselftest/fdstorm.sh --extra "fdstorm_forks=$N" --timeout 900 --log "$LOG" &
boot=$!

# The UML process: the one running KERNEL whose parent is not a UML process.
uml=''
for _ in $(seq 100); do
	for p in $(pgrep -f "^$KERNEL " || true); do
		[ "$(ps -o comm= -p "$(ps -o ppid= -p "$p" | tr -d ' ')")" = linux ] || uml=$p
	done
	[ -n "$uml" ] && break
	sleep 0.1
done
[ -n "$uml" ] || { echo "measure-fds: UML did not start" >&2; wait $boot; exit 1; }

count() { ls "/proc/$uml/fd" 2>/dev/null | wc -l; }
before='' after='' max=0
while kill -0 "$uml" 2>/dev/null; do
	c=$(count)
	[ "$c" -gt "$max" ] && max=$c
	if [ -z "$before" ] && grep -q '^FDSTORM-START' "$LOG"; then before=$c; fi
	if [ -z "$after" ] && grep -q '^FDSTORM-END' "$LOG"; then after=$c; fi
	sleep 0.2
done
rc=0
wait $boot || rc=$?
echo "measure-fds: UML pid $uml, open fds before the storm: ${before:-?}, after $N fork+exec+exit: ${after:-?}, most seen: $max"
[ "$rc" -eq 0 ] && [ -n "$before" ] && [ "$before" = "$after" ]
