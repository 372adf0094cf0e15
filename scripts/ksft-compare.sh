#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make ksft-compare": upstream kselftests that ordinary processes use to
# exercise what the series changes around them (exit, reaping, signals,
# futexes, seccomp): the futex, pidfd, clone3 and seccomp targets of the
# base tree (KSFT_COMPARE_TARGETS), built statically, booted in the base and
# in the series kernel, seccomp mode, with 1 and 2 vCPUs,
# KSFT_COMPARE_RUNS times each (default 2), each boot under a hard timeout of
# KSFT_COMPARE_TIMEOUT seconds (1200).  Both kernels are built for this in
# $BUILD/out/ksft-{base,series}, with what the targets' config files ask
# for on top of config/uml.config (and CONFIG_NET, without which there is
# no CONFIG_SECCOMP_FILTER).  seccomp_benchmark is left out:
# it judges timings.  Prints, per test, how many runs passed on each kernel
# and which subtests failed, and marks where base and series differ: in how
# many runs passed (DIFFERS), or only in which subtests failed (SUBTESTS
# DIFFER; with few runs, a flaky subtest shows up here).
# Exit status 0 when they agree everywhere, 1 when they differ or a boot
# failed outright (a panic, a hang), 2 on a setup error.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
. scripts/common.sh

TARGETS=${KSFT_COMPARE_TARGETS:-futex pidfd clone3 seccomp}
RUNS=${KSFT_COMPARE_RUNS:-2}
CPUS=${KSFT_COMPARE_CPUS:-1 2}
TIMEOUT=${KSFT_COMPARE_TIMEOUT:-1200}
BASE_K=$BUILD/out/ksft-base/linux
SERIES_K=$BUILD/out/ksft-series/linux
OUT=$BUILD/ksft/upstream
LOGS=$BUILD/logs/ksft-compare

die() { echo "ksft-compare: $*" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "KSFT_COMPARE_RUNS must be a number of runs"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "KSFT_COMPARE_TIMEOUT must be a number of seconds"
for t in linux-base linux; do
	[ -d "$BUILD/$t/tools/testing/selftests" ] || die "no kernel tree $BUILD/$t: run 'make tree' first"
done
[ -f /usr/include/sys/capability.h ] ||
	die "libcap-dev is missing (seccomp_bpf and clone3 need it): apt-get install libcap-dev"

rm -rf "$OUT/install"
mkdir -p "$OUT" "$LOGS"

# The kernels, configured for the targets
frag=$OUT/ksft.config
{
	echo "# What the kselftest targets ($TARGETS) ask for"
	for t in $TARGETS; do
		cat "$BUILD/linux-base/tools/testing/selftests/$t/config" 2>/dev/null || true
	done
	echo "CONFIG_NET=y"
} > "$frag"
for label in base series; do
	tree=$BUILD/linux
	[ "$label" = base ] && tree=$BUILD/linux-base
	echo "ksft-compare: building the $label kernel (log: $OUT/build-$label.log)"
	scripts/build.sh "$tree" "$BUILD/out/ksft-$label" "$frag" >"$OUT/build-$label.log" 2>&1 ||
		die "building the $label kernel failed, see $OUT/build-$label.log"
	for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=y' "$frag"); do
		grep -qx "$opt" "$BUILD/out/ksft-$label/.config" ||
			echo "ksft-compare: note: $opt is not set in the $label kernel"
	done
done
# shellcheck disable=SC2086 # TARGETS is a list
make -s -C "$BUILD/linux-base/tools/testing/selftests" TARGETS="$TARGETS" \
	USERLDFLAGS=-static O="$(realpath -m "$OUT/obj")" \
	INSTALL_PATH="$(realpath -m "$OUT/install")" install >"$OUT/build.log" 2>&1 ||
	die "building the upstream kselftests failed, see $OUT/build.log"
tests=$(grep -v '^seccomp:seccomp_benchmark$' "$OUT/install/kselftest-list.txt" | paste -sd, -)
[ -n "$tests" ] || die "no tests were installed, see $OUT/build.log"

for n in $CPUS; do
	for run in $(seq "$RUNS"); do
		for label in base series; do
			k=$BASE_K
			[ "$label" = series ] && k=$SERIES_K
			name=$label-${n}cpu-$run
			echo "ksft-compare: $name"
			scripts/boot.sh --kernel "$k" --seccomp on --ncpus "$n" --ksft "$OUT/install" \
				--tests "$tests" --timeout "$TIMEOUT" --log "$LOGS/$name.console.log" \
				--json "$LOGS/$name.json" >"$LOGS/$name.boot.log" 2>&1
			tail -n 1 "$LOGS/$name.boot.log" | sed 's/^/  /'
		done
	done
done

python3 - "$LOGS" "$RUNS" "$CPUS" <<'PY'
import json, os, sys
logs, runs, cpus = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
res = {}      # (test, ncpus, label) -> [passes, fails, {subtest: count}]
broken = []
for n in cpus:
    for run in range(1, runs + 1):
        for label in ("base", "series"):
            path = os.path.join(logs, "%s-%scpu-%d.json" % (label, n, run))
            try:
                r = json.load(open(path))
            except (OSError, ValueError):
                broken.append("%s, %s vCPU(s), run %d: no verdict" % (label, n, run))
                continue
            if r.get("timeout") or r.get("kernel_bugs") or r.get("crashed"):
                broken.append("%s, %s vCPU(s), run %d: %s" % (label, n, run, r.get("reason")))
            for t in r["tests"]:
                # A test the guest stopped in has no result: the boot is
                # broken (above), the test is not counted.
                if t["result"] == "crashed":
                    continue
                e = res.setdefault((t["name"], n, label), [0, 0, {}])
                if t["result"] in ("pass", "skip"):
                    e[0] += 1
                else:
                    e[1] += 1
                    for s in t.get("failed_subtests") or ["(the test as a whole)"]:
                        e[2][s] = e[2].get(s, 0) + 1
names = sorted({k[0] for k in res})
differ = 0
print("%-42s %s" % ("test (runs passed)", "  ".join("%s vCPU base/series" % n for n in cpus)))
for name in names:
    cells, mark = [], ""
    for n in cpus:
        b = res.get((name, n, "base"), [0, 0, {}])
        s = res.get((name, n, "series"), [0, 0, {}])
        cells.append("%d/%d  %d/%d" % (b[0], b[0] + b[1], s[0], s[0] + s[1]))
        if b[0] * (s[0] + s[1]) != s[0] * (b[0] + b[1]):
            mark = "  DIFFERS"
        elif set(b[2]) != set(s[2]) and not mark:
            mark = "  SUBTESTS DIFFER"
    differ += bool(mark)
    print("%-42s %s%s" % (name, "        ".join("%-12s" % c for c in cells), mark))
    for n in cpus:
        for label in ("base", "series"):
            for sub, c in sorted(res.get((name, n, label), [0, 0, {}])[2].items()):
                print("    %s vCPU %-6s failed %dx: %s" % (n, label, c, sub))
for b in broken:
    print("BROKEN BOOT: " + b)
print("ksft-compare: %d test(s), %d differ between base and series, %d broken boot(s)"
      % (len(names), differ, len(broken)))
sys.exit(1 if differ or broken else 0)
PY
