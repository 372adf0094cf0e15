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
# read by its reader fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
K=${KERNEL:-$BUILD/out/series/linux}
KSFT=${KSFT:-$BUILD/ksft/series/install}
SECONDS_EACH=${FUZZ_SECONDS:-600}
CPUS=${FUZZ_CPUS:-1 2}

[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_SECONDS must be a number of seconds" >&2; exit 2; }
[ -x "$KSFT/um/stub_fuzz_test" ] ||
	{ echo "fuzz: no $KSFT/um/stub_fuzz_test: run scripts/ksft.sh $BUILD/linux $BUILD/ksft/series" >&2; exit 2; }

failed=0
for n in $CPUS; do
	seed=${FUZZ_SEED:-$(date +%s%N | cut -c7-15)}
	log=$BUILD/logs/fuzz-${n}cpu.console.log
	echo "fuzz: $n vCPU(s), $SECONDS_EACH s, seed $seed (log: $log)"
	if scripts/boot.sh --kernel "$K" --seccomp on --ncpus "$n" --ksft "$KSFT" \
		--run cmd --cmd /kselftest/um/stub_fuzz_test \
		--extra "UM_FUZZ_SECONDS=$SECONDS_EACH UM_FUZZ_SEED=$seed" \
		--timeout $((SECONDS_EACH + 180)) --log "$log"; then
		verdict=ok
	else
		verdict=FAILED
		failed=1
	fi
	grep -h '# stub_fuzz: .*iterations=' "$log" | tail -n 1 | sed 's/^# */fuzz: /'
	echo "fuzz: $n vCPU(s), seed $seed: $verdict"
done

race_seconds=$((SECONDS_EACH < 540 ? SECONDS_EACH : 540))
for n in ${SMP_RACE_CPUS:-2}; do
	seed=${FUZZ_SEED:-$(date +%s%N | cut -c7-15)}
	log=$BUILD/logs/smp-race-${n}cpu.console.log
	echo "smp race: $n vCPUs, $race_seconds s, seed $seed (log: $log)"
	if scripts/boot.sh --kernel "$K" --seccomp on --ncpus "$n" --ksft "$KSFT" \
		--run cmd --cmd /kselftest/um/smp_unmap_race_test \
		--extra "UM_SMP_RACE_SECONDS=$race_seconds UM_SMP_RACE_SEED=$seed" \
		--timeout $((race_seconds + 180)) --log "$log"; then
		verdict=ok
	else
		verdict=FAILED
		failed=1
	fi
	grep -h '# smp_unmap_race: rounds ' "$log" | tail -n 1 | sed 's/^# */smp race: /'
	echo "smp race: $n vCPUs, seed $seed: $verdict"
done
exit $failed
