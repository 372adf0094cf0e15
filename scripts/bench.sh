#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: what the series costs.  Boots the base and the series kernel
# alternately (base, series, base, series, ...) in seccomp mode with one
# vCPU, PINNED_PAIRS times pinned to host CPU PIN_CPU and PAIRS times unpinned,
# plus the base kernel in ptrace mode (seccomp=off) PTRACE_RUNS times in
# each setting for scale, plus NCPU2_PAIRS base/series pairs with two
# vCPUs, unpinned.  Each boot runs guest/run-bench.sh in the guest
# (forkexec, pagefault, mmapchurn, threadchurn, mixed; see that file), which also counts
# the stub notifications of each workload where the series kernel has
# /sys/kernel/debug/um/stub_notifications.  Also runs scripts/notif_rtt.c on the
# host: the bare cost of one user-notification round trip.  Then fairness:
# the series kernel boots FAIRNESS_RUNS times with 1 and with 2 vCPUs
# (seccomp mode, unpinned) and runs the um selftest stub_sigalrm_test, whose
# victim sleeps 1 ms at a time for FAIRNESS_SECONDS beside a process that
# blocks SIGALRM in its stub and spins, beside that process while another
# punches holes in pages it maps, beside a plain CPU hog, and beside a
# CPU hog and the same puncher (the control of the puncher case).
#
# Prints, through scripts/bench_report.py: per setting (pinned, unpinned, 2 vCPUs)
# a table of seconds per workload (median [min-max]), series/base (median
# of the per-pair ratios), ptrace/base, and the series' notifications per
# run (median; n/a without the counter file); the round-trip times; and the
# budget lines of issue 6, each per workload "met", "missed" or "n/a" with
# the numbers behind it:
#   (a) pinned, 1 vCPU: series - base <= 1.10 x notifications x round trip
#       (notif_rtt pinned, with SYNC_WAKE_UP where the host has it)
#   (b) unpinned, 1 and 2 vCPUs: series/base <= 1.00
#   (c) 1 vCPU, pinned and unpinned: ptrace/series >= 1.5
# and per vCPU count the victim's wake-ups per second and worst gap between
# two wake-ups beside each of the four, the worst gap beside each hostile
# process over that beside its control (the CPU hog, with the puncher for
# the puncher case), and the puncher's punches per second and worst punch.  stub_sigalrm_test's own verdict is reported,
# not enforced: a fairness boot fails only if it printed no numbers.
# $BENCH_OUT/results.json holds every run's numbers and notification
# counters, the statistics, the round-trip times and the budget lines.
# The budget lines are reported, never enforced: the exit status is
# non-zero only if a boot or a workload failed.
#
# Run time with the defaults: about 19.5 minutes on the 2-CPU development
# host when it is otherwise idle (16.5 minutes, 989 s, with 5 pinned
# pairs on 2026-11-28; each further pinned pair adds about 55 s; 1812 s
# on 2026-12-03, when the host was slow all day), plus
# the cold kernel builds when they are not done yet, plus about 25 s for
# each of the 2 fairness boots.  34 boots; one boot
# each, at full size: seccomp pinned 15-20 s, seccomp unpinned 20-25 s for
# the series and 65 s for the base, ptrace pinned 25 s, ptrace unpinned
# about 125 s, 2 vCPUs unpinned 65-70 s for the base and 25 s for the
# series; notif_rtt 15-30 s.  Issue 6 asks for at least 5 base/series
# pairs pinned and 5 unpinned and for under 20 minutes; pinned runs on
# the development VM scatter by several percent from boot to boot (the
# per-pair ratios of the mixed workload spanned 1.04-1.27 in 5 pairs on
# 2026-12-03), so the pinned ratios, which the issues budget to +0.03,
# take 8 pairs.  ptrace mode runs once per setting, for scale (a second
# unpinned ptrace boot alone would take 2 more minutes).  Re-measure and
# lower the sizes if the workloads grow.  A smoke test (about a minute;
# its numbers mean nothing):
#   PAIRS=1 PINNED_PAIRS=1 PTRACE_RUNS=1 NCPU2_PAIRS=1 BENCH_FORKS=200 BENCH_PF_ROUNDS=2 \
#   BENCH_CHURN_ROUNDS=4000 BENCH_MIXED_FILES=200 RTT_CALLS=10000 RTT_REPS=3 \
#   make bench
#
# Settings (environment):
#   PAIRS=5 PINNED_PAIRS=8 PTRACE_RUNS=1 NCPU2_PAIRS=2 PIN_CPU=1 BOOT_TIMEOUT=600
#   BASE_KERNEL=build/out/base/linux SERIES_KERNEL=build/out/series/linux
#   FAIRNESS_RUNS=1 (boots per vCPU count; 0 skips) FAIRNESS_SECONDS=5
#   SERIES_TREE=build/linux (its um selftests are built into BENCH_OUT/ksft),
#   or FAIRNESS_KSFT=DIR (an installed kselftest tree to use instead)
#   BENCH_OUT=build/bench   (logs/, guest/, results.json)
#   RTT_CALLS=50000 RTT_REPS=5   (notif_rtt; RTT_REPS=0 skips it)
#   guest sizes: BENCH_FORKS=1000 BENCH_PF_MIB=64 BENCH_PF_ROUNDS=10
#     BENCH_CHURN_KIB=64 BENCH_CHURN_ROUNDS=20000 BENCH_MIXED_FILES=1000
#     BENCH_THREADS=2 BENCH_ONLY=forkexec,pagefault,mmapchurn,threadchurn,mixed
# Numbers from a busy machine are noise; the pairing only evens out slow
# drift.
set -euo pipefail

HERE=$(dirname "$(realpath "$0")")
TOP=$(realpath "$HERE/..")
BUILD=$(realpath -m "${BUILD:-$TOP/build}")

die() { echo "bench: $*" >&2; exit 2; }

case ${1:-} in
'') ;;
-h | --help) sed -n '4,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
*) die "no arguments, only environment settings (see --help)" ;;
esac

PAIRS=${PAIRS:-5}
PINNED_PAIRS=${PINNED_PAIRS:-8}
PTRACE_RUNS=${PTRACE_RUNS:-1}
NCPU2_PAIRS=${NCPU2_PAIRS:-2}
PIN_CPU=${PIN_CPU:-1}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}
BASE_KERNEL=${BASE_KERNEL:-$BUILD/out/base/linux}
SERIES_KERNEL=${SERIES_KERNEL:-$BUILD/out/series/linux}
OUT=$(realpath -m "${BENCH_OUT:-$BUILD/bench}")
RTT_CALLS=${RTT_CALLS:-50000}
RTT_REPS=${RTT_REPS:-5}
BENCH_FORKS=${BENCH_FORKS:-1000}
BENCH_PF_MIB=${BENCH_PF_MIB:-64}
BENCH_PF_ROUNDS=${BENCH_PF_ROUNDS:-10}
BENCH_CHURN_KIB=${BENCH_CHURN_KIB:-64}
BENCH_CHURN_ROUNDS=${BENCH_CHURN_ROUNDS:-20000}
BENCH_MIXED_FILES=${BENCH_MIXED_FILES:-1000}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_ONLY=${BENCH_ONLY:-forkexec,pagefault,mmapchurn,threadchurn,mixed}
FAIRNESS_RUNS=${FAIRNESS_RUNS:-1}
FAIRNESS_SECONDS=${FAIRNESS_SECONDS:-5}
SERIES_TREE=${SERIES_TREE:-$BUILD/linux}
FAIRNESS_KSFT=${FAIRNESS_KSFT:-}

for v in PAIRS PINNED_PAIRS PTRACE_RUNS NCPU2_PAIRS PIN_CPU BOOT_TIMEOUT RTT_CALLS RTT_REPS BENCH_FORKS BENCH_PF_MIB \
	BENCH_PF_ROUNDS BENCH_CHURN_KIB BENCH_CHURN_ROUNDS BENCH_THREADS BENCH_MIXED_FILES \
	FAIRNESS_RUNS FAIRNESS_SECONDS; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
[ "$PAIRS" -ge 1 ] || die "PAIRS must be at least 1"
[ "$PINNED_PAIRS" -ge 1 ] || die "PINNED_PAIRS must be at least 1"
[ "$RTT_CALLS" -ge 1 ] || die "RTT_CALLS must be at least 1"
W_RE='(forkexec|pagefault|mmapchurn|threadchurn|mixed)'
[[ $BENCH_ONLY =~ ^$W_RE(,$W_RE)*$ ]] ||
	die "BENCH_ONLY must be a comma-separated list of forkexec, pagefault, mmapchurn, threadchurn, mixed"
[ "$BENCH_THREADS" -ge 1 ] && [ "$BENCH_THREADS" -le 64 ] || die "BENCH_THREADS must be 1 to 64"
((FAIRNESS_SECONDS >= 1 && FAIRNESS_SECONDS <= 60)) || die "FAIRNESS_SECONDS must be 1 to 60"
for k in "$BASE_KERNEL" "$SERIES_KERNEL"; do
	[ -x "$k" ] || die "kernel $k missing: run 'make build-base' and 'make build' first"
done
taskset -c "$PIN_CPU" true 2>/dev/null || die "cannot pin to CPU $PIN_CPU (taskset from util-linux, or set PIN_CPU)"
command -v python3 >/dev/null || die "python3 is needed for the report"

# Guest programs: static, as the busybox-only guest has no libc.
GUEST=$OUT/guest
mkdir -p "$GUEST" "$OUT/logs"
rm -f "$OUT"/logs/*.log "$OUT"/logs/*.json "$OUT"/logs/*.log.verdict "$OUT/runs.tsv" "$OUT/notif_rtt.txt" "$OUT/results.json"
for p in benchtime nop forkexec pagefault mmapchurn mktree; do
	gcc -static -O2 -Wall -o "$GUEST/$p" "$TOP/guest/$p.c" -lpthread ||
		die "cannot build guest/$p.c statically (gcc and libc6-dev needed)"
done
install -m 755 "$TOP/guest/run-bench.sh" "$TOP/guest/mixed.sh" "$GUEST/"
gcc -O2 -Wall -o "$OUT/notif_rtt" "$TOP/scripts/notif_rtt.c" || die "cannot build scripts/notif_rtt.c"
if [ "$FAIRNESS_RUNS" -gt 0 ] && [ -z "$FAIRNESS_KSFT" ]; then
	"$HERE/ksft.sh" "$SERIES_TREE" "$OUT/ksft" >/dev/null ||
		die "cannot build the um selftests of $SERIES_TREE"
	FAIRNESS_KSFT=$OUT/ksft/install
fi
[ "$FAIRNESS_RUNS" -eq 0 ] || [ -x "$FAIRNESS_KSFT/um/stub_sigalrm_test" ] ||
	die "no um/stub_sigalrm_test in $FAIRNESS_KSFT"

# boot.sh --wrapper takes one program: this one pins UML, and so every stub
# it forks, to one CPU, leaving boot.sh's own polling loop unpinned.
PIN=$OUT/pin-cpu
printf '#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0\n# Made by scripts/bench.sh.\nexec taskset -c %s "$@"\n' \
	"$PIN_CPU" >"$PIN"
chmod 755 "$PIN"

T0=$SECONDS
if [ "$RTT_REPS" -gt 0 ]; then
	echo "bench: notif_rtt ($RTT_CALLS calls x $RTT_REPS reps, pinned to CPU $PIN_CPU and unpinned)" >&2
	"$OUT/notif_rtt" -n "$RTT_CALLS" -r "$RTT_REPS" -c "$PIN_CPU" >"$OUT/notif_rtt.txt" ||
		die "notif_rtt failed (does the host have seccomp user notification?)"
fi

# Kernel parameters become the guest driver's environment (see run-bench.sh).
EXTRA="bench_forks=$BENCH_FORKS bench_pf_mib=$BENCH_PF_MIB bench_pf_rounds=$BENCH_PF_ROUNDS"
EXTRA+=" bench_churn_kib=$BENCH_CHURN_KIB bench_churn_rounds=$BENCH_CHURN_ROUNDS bench_threads=$BENCH_THREADS"
EXTRA+=" bench_mixed_files=$BENCH_MIXED_FILES bench_only=$BENCH_ONLY"

MAXRUNS=$((PAIRS > PTRACE_RUNS ? PAIRS : PTRACE_RUNS))
MAXRUNS=$((MAXRUNS > PINNED_PAIRS ? MAXRUNS : PINNED_PAIRS))
MAXRUNS=$((MAXRUNS > NCPU2_PAIRS ? MAXRUNS : NCPU2_PAIRS))
TOTAL=$((2 * PINNED_PAIRS + 2 * PAIRS + 2 * PTRACE_RUNS + 2 * NCPU2_PAIRS + 2 * FAIRNESS_RUNS))
n=0 failed=0
# boot SETTING LABEL KERNEL SECCOMP RUN; SETTING 2vcpu boots two vCPUs.
boot() {
	local setting=$1 label=$2 kernel=$3 seccomp=$4 run=$5 log rc=0 t0 args ncpus=1
	log=$OUT/logs/$setting-$label-$run.log
	[ "$setting" = 2vcpu ] && ncpus=2
	args=(--kernel "$kernel" --seccomp "$seccomp" --ncpus "$ncpus" --run cmd
	      --cmd /kselftest/run-bench.sh --ksft "$GUEST" --timeout "$BOOT_TIMEOUT"
	      --log "$log" --extra "$EXTRA")
	[ "$setting" = pinned ] && args+=(--wrapper "$PIN")
	n=$((n + 1))
	t0=$SECONDS
	"$HERE/boot.sh" "${args[@]}" >"$log.verdict" 2>&1 || rc=$?
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$setting" "$label" "$seccomp" "$run" "$rc" \
		"$((SECONDS - t0))" >>"$OUT/runs.tsv"
	printf 'bench: [%d/%d] %-8s %-6s #%d %3ds %s %s\n' "$n" "$TOTAL" "$setting" "$label" "$run" \
		"$((SECONDS - t0))" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (rc=$rc, $log)")" \
		"$(grep -o 'BENCH name=[^ ]* seconds=[0-9.]*' "$log" | sed 's/BENCH name=//; s/ seconds=/=/' | tr '\n' ' ')" >&2
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		sed 's/^/bench:   | /' "$log.verdict" | head -n 6 >&2
	fi
}

# fair_boot NCPUS RUN: the series kernel runs stub_sigalrm_test, which
# prints a "fairness:" line for each process its victim ran beside.
fair_boot() {
	local setting=fairness-${1}vcpu log rc=0 t0 lines
	log=$OUT/logs/$setting-series-$2.log
	n=$((n + 1))
	t0=$SECONDS
	"$HERE/boot.sh" --kernel "$SERIES_KERNEL" --seccomp on --ncpus "$1" --ksft "$FAIRNESS_KSFT" \
		--tests stub_sigalrm_test --extra "UM_SIGALRM_SECONDS=$FAIRNESS_SECONDS" \
		--timeout "$BOOT_TIMEOUT" --log "$log" >"$log.verdict" 2>&1 || rc=$?
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$setting" series on "$2" "$rc" "$((SECONDS - t0))" \
		>>"$OUT/runs.tsv"
	printf 'bench: [%d/%d] %-14s #%d %3ds selftest %s: %s\n' "$n" "$TOTAL" "$setting" "$2" \
		"$((SECONDS - t0))" "$([ "$rc" -eq 0 ] && echo passed || echo "FAILED (rc=$rc, $log)")" \
		"$(sed -n 's/.*fairness: hostile=\([^ ]*\) .* worst_gap_ms=\([0-9.]*\) end=\([a-z]*\).*/\1 \2ms \3/p' \
		"$log" 2>/dev/null | paste -sd, -)" >&2
	# The selftest's verdict is the report's to show; no numbers is a failure.
	lines=$(grep -c 'fairness: hostile=' "$log" 2>/dev/null) || lines=0
	if [ "$lines" -lt 3 ]; then
		failed=$((failed + 1))
		sed 's/^/bench:   | /' "$log.verdict" | head -n 6 >&2
	fi
}

# Pairs alternate base and series in both settings; the ptrace runs and
# the 2-vCPU pairs are spread over the first iterations so that slow drift
# in the machine's load touches every kind of run alike.
for i in $(seq "$MAXRUNS"); do
	for setting in pinned unpinned; do
		pairs=$PAIRS
		[ "$setting" = pinned ] && pairs=$PINNED_PAIRS
		if [ "$i" -le "$pairs" ]; then
			boot "$setting" base "$BASE_KERNEL" on "$i"
			boot "$setting" series "$SERIES_KERNEL" on "$i"
		fi
		if [ "$i" -le "$PTRACE_RUNS" ]; then
			boot "$setting" ptrace "$BASE_KERNEL" off "$i"
		fi
	done
	if [ "$i" -le "$NCPU2_PAIRS" ]; then
		boot 2vcpu base "$BASE_KERNEL" on "$i"
		boot 2vcpu series "$SERIES_KERNEL" on "$i"
	fi
done

for i in $(seq "$FAIRNESS_RUNS"); do
	fair_boot 1 "$i"
	fair_boot 2 "$i"
done

echo "bench: $TOTAL boots and notif_rtt took $((SECONDS - T0)) s" >&2
# The budget lines are printed, never judged here: the exit status only
# says whether every boot and workload ran.
python3 "$TOP/scripts/bench_report.py" --dir "$OUT" --pin-cpu "$PIN_CPU" \
	--meta "pairs=$PAIRS" --meta "pinned_pairs=$PINNED_PAIRS" --meta "ptrace_runs=$PTRACE_RUNS" --meta "ncpu2_pairs=$NCPU2_PAIRS" \
	--meta "fairness_runs=$FAIRNESS_RUNS" --meta "fairness_seconds=$FAIRNESS_SECONDS" \
	--meta "wall_seconds=$((SECONDS - T0))" \
	--meta "base_kernel=$BASE_KERNEL" --meta "series_kernel=$SERIES_KERNEL" \
	--meta "host_kernel=$(uname -r)" --meta "host_cpus=$(nproc)" --meta "guest_params=$EXTRA" ||
	die "report.py failed"
if [ "$failed" -gt 0 ]; then
	echo "bench: $failed of $TOTAL boots failed: their logs are in $OUT/logs" >&2
	exit 1
fi
