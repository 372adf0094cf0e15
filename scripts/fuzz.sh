#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make fuzz": the stub protocol fuzzer (stub_fuzz_test) in the series
# kernel, seccomp mode, with 1 and with 2 vCPUs, FUZZ_SECONDS each.  Every
# run prints its seed; FUZZ_SEED=N repeats a run.  Fails on a failed test
# (a canary leak, a wedge the test itself saw), a panic, or a guest that
# hangs (the boot's timeout, FUZZ_SECONDS + 180 s).  Then the SMP race
# (smp_unmap_race_test) for FUZZ_SECONDS (540 at most, the test's limit) on
# 2 vCPUs (SMP_RACE_CPUS) with the same seed rules: a marker or a stale zero
# read by its reader fails.  "fuzz.sh --judge" judges the last runs' JSON
# again without booting.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
JUDGE_ONLY=
[ "${1:-}" != --judge ] || JUDGE_ONLY=1
K=${KERNEL:-$BUILD/out/series/linux}
KSFT=${KSFT:-$BUILD/ksft/series/install}
SECONDS_EACH=${FUZZ_SECONDS:-600}
CPUS=${FUZZ_CPUS:-1 2}

[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_SECONDS must be a number of seconds" >&2; exit 2; }
[ -n "$JUDGE_ONLY" ] || [ -x "$KSFT/um/stub_fuzz_test" ] ||
	{ echo "fuzz: no $KSFT/um/stub_fuzz_test: run scripts/ksft.sh $BUILD/linux $BUILD/ksft/series" >&2; exit 2; }

failed=0
# one TAG TEST VAR NCPUS SECONDS SUMMARY: boot the series kernel with NCPUS,
# run um/TEST with VAR_SECONDS and VAR_SEED, print the last line of its
# output that matches SUMMARY (from the boot's JSON) and the verdict.
one() {
	local tag=$1 test=$2 var=$3 n=$4 secs=$5 summary=$6 seed log json verdict=ok
	# Decimal without leading zeros: the tests read the seed with strtoull(,, 0)
	seed=${FUZZ_SEED:-$((10#$(date +%s%N | cut -c7-15)))}
	log=$BUILD/logs/$tag-${n}cpu.console.log
	json=$BUILD/logs/$tag-${n}cpu.json
	if [ -n "$JUDGE_ONLY" ]; then
		seed=$(scripts/uml_log.py log "$json" "^[a-z_]+: seed[= ][0-9]" | head -n 1 | sed -E 's/.*seed[= ]([0-9]+).*/\1/')
		[ "$(scripts/uml_log.py get "$json" verdict)" = pass ] || { verdict=FAILED; failed=1; }
	else
		echo "$tag: $n vCPU(s), $secs s, seed $seed (log: $log)"
		scripts/boot.sh --kernel "$K" --seccomp on --ncpus "$n" --ksft "$KSFT" \
			--run cmd --cmd "/kselftest/um/$test" \
			--extra "${var}_SECONDS=$secs ${var}_SEED=$seed" \
			--timeout $((secs + 180)) --log "$log" --json "$json" || { verdict=FAILED; failed=1; }
	fi
	scripts/uml_log.py log "$json" "$summary" | tail -n 1 | sed "s/^/$tag: /"
	echo "$tag: $n vCPU(s), seed $seed: $verdict"
}

for n in $CPUS; do
	one fuzz stub_fuzz_test UM_FUZZ "$n" "$SECONDS_EACH" '^stub_fuzz: .*iterations='
done
# The race test's own limit is 540 s.
for n in ${SMP_RACE_CPUS:-2}; do
	one smp-race smp_unmap_race_test UM_SMP_RACE "$n" $((SECONDS_EACH < 540 ? SECONDS_EACH : 540)) \
		'^smp_unmap_race: rounds '
done
exit $failed
