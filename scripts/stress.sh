#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make stress": the no-false-positive run of the series.  Boots the series
# kernel in seccomp mode with 2 vCPUs, runs guest/stress.sh (by default 4
# workers: 100,000 fork+exec and 10.0 million page faults in all, plus
# mmap churn), and requires every workload to succeed with no stub call
# denied and no stub lost.  Takes several minutes; not part of make check.
# "stress.sh --judge" judges the last run's JSON again without booting.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/out/series/linux}
OUT=$BUILD/stress
GUEST=$OUT/guest
LOG=$BUILD/logs/stress.console.log
JSON=$BUILD/logs/stress.json
DENIED="was not queued by the kernel"
LOST=("Unexpectedly lost MM child" "failed to wait for stub")

# judge RC SECONDS: the verdict from the boot's JSON (boot.sh counted the
# kernel's lines of denials and lost stubs with --count)
judge() {
	local rc=$1 denied lost=0 p n
	denied=$(scripts/uml_log.py count "$JSON" "$DENIED") || return 1
	for p in "${LOST[@]}"; do
		n=$(scripts/uml_log.py count "$JSON" "$p") || return 1
		lost=$((lost + n))
	done
	echo "stress: $(scripts/uml_log.py log "$JSON" '^STRESS ' || echo 'no totals')"
	echo "stress: $2 s, denials logged: $denied, stubs lost: $lost, guest verdict: $([ "$rc" -eq 0 ] && echo ok || echo FAILED)"
	[ "$rc" -eq 0 ] && [ "$denied" -eq 0 ] && [ "$lost" -eq 0 ]
}

if [ "${1:-}" = --judge ]; then
	rc=1
	[ "$(scripts/uml_log.py get "$JSON" verdict)" != pass ] || rc=0
	judge "$rc" "?"
	exit
fi

[ -x "$KERNEL" ] || { echo "stress: $KERNEL missing: run 'make build' first" >&2; exit 1; }
mkdir -p "$GUEST"
for p in nop forkexec pagefault mmapchurn; do
	gcc -static -O2 -Wall -o "$GUEST/$p" "guest/$p.c"
done
install -m 755 guest/stress.sh "$GUEST/"

extra="stress_workers=${STRESS_WORKERS:-4} stress_forks=${STRESS_FORKS:-25000}"
extra+=" stress_pf_mib=${STRESS_PF_MIB:-64} stress_pf_rounds=${STRESS_PF_ROUNDS:-153}"
extra+=" stress_churn_rounds=${STRESS_CHURN_ROUNDS:-20000}"
t0=$SECONDS
rc=0
scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 2 --mem 1G --ksft "$GUEST" \
	--run cmd --cmd /kselftest/stress.sh --timeout 3600 --log "$LOG" --extra "$extra" \
	--json "$JSON" --count "$DENIED" --count "${LOST[0]}" --count "${LOST[1]}" || rc=$?
judge "$rc" $((SECONDS - t0))
