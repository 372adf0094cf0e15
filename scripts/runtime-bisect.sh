#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the UML binary of every patch of the series, as kept by
# per-patch-build.sh in $BUILD/bisect, in seccomp mode with 1 vCPU, and
# run the fork/exec storm selftest in each, BISECT_CHILDREN (500) children
# per test case instead of the test's 2000: a quarter of the boot time, and
# still every kind of batch a fork, an exec and an exit make.  The selftests are the series
# head's ($BUILD/ksft/series/install): tools/testing/selftests/um only
# appears with the selftest patches.  One line per patch (ok/FAIL, seconds,
# subject); fails if any patch fails, naming it.  A patch that changes
# nothing the kernel is built from (only selftests, Documentation/ or
# MAINTAINERS) has the kernel of the patch before it, and is not booted
# again: its line says "same".
#
# A patch whose boot fails is booted once more, only to tell a fault that
# comes and goes from one that does not: the patch fails either way, and its
# line says "(FAIL at the 1st boot, ok at the 2nd)" or "(FAIL at both
# boots)".  The first boot's console log is kept as
# bisect-NN.try1.console.log.  A retry that passed used to count as a pass;
# it hid a hang of an earlier version's patches (a spurious POLLERR on
# the listener ended the wait for the batch's notifications) that came in
# about one boot in three of the fork/exec benchmark with a 1-vCPU guest
# on an idle 2-CPU host.
set -euo pipefail

BUILD=${BUILD:-build}
TREE=$BUILD/linux
SAVE=$BUILD/bisect
LOGS=$BUILD/logs
KSFT=${KSFT:-$BUILD/ksft/series/install}
# Patch 13 comes before SYNC_WAKE_UP (patch 14): with the host's cross-CPU
# wake-ups its boot takes longest (61-108 s for its first version, where
# the others took 25-40 s).
TIMEOUT=${BISECT_TIMEOUT:-300}
TEST=fork_exec_test
CHILDREN=${BISECT_CHILDREN:-500}
HERE=$(dirname "$0")

die() { echo "runtime-bisect: $*" >&2; exit 1; }

[ -s "$SAVE/list" ] ||
	die "no per-patch builds in $SAVE: run scripts/per-patch-build.sh first"
[ -x "$KSFT/um/$TEST" ] ||
	die "no $TEST in $KSFT: run 'scripts/ksft.sh $TREE $BUILD/ksft/series' first"

# The verdicts are about the commits that were built; say so when the
# series has moved on since.
built=$(cut -d' ' -f2 "$SAVE/list")
if [ "$built" != "$(git -C "$TREE" rev-list --reverse base..series 2>/dev/null)" ]; then
	echo "runtime-bisect: note: $SAVE was built from an older 'series'; run per-patch-build.sh to refresh it"
fi

mkdir -p "$LOGS"
rc=0
while read -r nn c subj <&3; do
	[ -x "$SAVE/$nn-linux" ] || die "$SAVE/$nn-linux is missing: run scripts/per-patch-build.sh again"
	if [ "$nn" != 01 ] && git -C "$TREE" diff --quiet "$c^" "$c" -- . ':!tools/testing/selftests' \
			':!Documentation' ':!MAINTAINERS' 2>/dev/null; then
		printf '%-4s %s %4ss  %s %s\n' same "$nn" 0 "${c:0:12}" \
			"$subj (the kernel of the patch before, not booted again)"
		continue
	fi
	log=$LOGS/bisect-$nn.console.log
	rm -f "$LOGS/bisect-$nn.try1.console.log" "$LOGS/bisect-$nn.try1.json"
	t0=$(date +%s)
	res=FAIL
	for try in 1 2; do
		if out=$("$HERE/boot.sh" --kernel "$SAVE/$nn-linux" --seccomp on --ncpus 1 \
				--ksft "$KSFT" --tests "$TEST" --timeout "$TIMEOUT" \
				--extra "UM_FORK_EXEC_CHILDREN=$CHILDREN" \
				--log "$log" </dev/null 2>&1); then
			res=ok
			break
		fi
		if [ "$try" = 1 ]; then
			first=$out
			[ ! -f "$log" ] || mv "$log" "$LOGS/bisect-$nn.try1.console.log"
			[ ! -f "$LOGS/bisect-$nn.json" ] || mv "$LOGS/bisect-$nn.json" "$LOGS/bisect-$nn.try1.json"
		fi
	done
	note=
	if [ "$try" = 2 ]; then
		rc=1
		if [ "$res" = ok ]; then
			res=FAIL
			note=" (FAIL at the 1st boot, ok at the 2nd)"
		else
			note=" (FAIL at both boots)"
		fi
	fi
	printf '%-4s %s %4ss  %s %s\n' "$res" "$nn" $(( $(date +%s) - t0 )) "${c:0:12}" "$subj$note"
	if [ "$try" = 2 ]; then
		echo "$first" | tail -n 8 | sed 's/^/    | 1st boot: /'
		echo "    | console log of the 1st boot: $LOGS/bisect-$nn.try1.console.log"
	fi
	if [ "$res" = FAIL ] && [ "$note" = " (FAIL at both boots)" ]; then
		echo "$out" | tail -n 8 | sed 's/^/    | 2nd boot: /'
		echo "    | console log of the 2nd boot: $log"
	fi
done 3< "$SAVE/list"
exit $rc
