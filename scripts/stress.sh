#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make stress": the no-false-positive run of the series.  Boots the series
# kernel in seccomp mode with 2 vCPUs, runs bench/stress.sh (by default 4
# workers: 100,000 fork+exec and 10.0 million page faults in all, plus
# mmap churn), and requires every workload to succeed with no stub call
# denied and no stub lost.  Takes several minutes; not part of make check.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/out/series/linux}
OUT=$BUILD/stress
GUEST=$OUT/guest
LOG=$BUILD/logs/stress.console.log

[ -x "$KERNEL" ] || { echo "stress: $KERNEL missing: run 'make build' first" >&2; exit 1; }
mkdir -p "$GUEST"
for p in nop forkexec pagefault mmapchurn; do
	gcc -static -O2 -Wall -o "$GUEST/$p" "bench/$p.c"
done
install -m 755 bench/stress.sh "$GUEST/"

extra="stress_workers=${STRESS_WORKERS:-4} stress_forks=${STRESS_FORKS:-25000}"
extra+=" stress_pf_mib=${STRESS_PF_MIB:-64} stress_pf_rounds=${STRESS_PF_ROUNDS:-153}"
extra+=" stress_churn_rounds=${STRESS_CHURN_ROUNDS:-20000}"
t0=$SECONDS
rc=0
scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 2 --mem 1G --ksft "$GUEST" \
	--run cmd --cmd /kselftest/stress.sh --timeout 3600 --log "$LOG" --extra "$extra" \
	--count "was not queued by the kernel" --count "Unexpectedly lost MM child" \
	--count "failed to wait for stub" || rc=$?
denied=$(grep -c "was not queued by the kernel" "$LOG" || true)
lost=$(grep -c "Unexpectedly lost MM child\|failed to wait for stub" "$LOG" || true)
echo "stress: $(grep -h '^STRESS ' "$LOG" || echo 'no totals')"
echo "stress: $((SECONDS - t0)) s, denials logged: $denied, stubs lost: $lost, guest verdict: $([ $rc -eq 0 ] && echo ok || echo FAILED)"
[ "$rc" -eq 0 ] && [ "$denied" -eq 0 ] && [ "$lost" -eq 0 ]
