#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the UML binary of every patch of the series, as kept by
# per-patch-build.sh in $BUILD/bisect, in seccomp mode with 1 vCPU, and
# run the fork/exec storm selftest in each.  The selftests are the series
# head's ($BUILD/ksft/series/install): tools/testing/selftests/um only
# appears with the last patch.  One line per patch (ok/FAIL, seconds,
# subject); fails if any patch fails, naming it.
#
# A patch whose boot fails is booted once more, and passes only if that
# second boot passes; its line then says "(ok at the 2nd boot)" and the first
# boot's console log is kept as bisect-NN.try1.console.log.  In one run of
# 2026-11-28 the boots of patches 5 and 6 hung in the fork storm, which
# a dozen later boots of patch 5's binary (one across a host pid wrap) did
# not reproduce: an intermittent fault of those two patches, or of the
# host, must not fail the check, a patch that cannot run must.
set -euo pipefail

BUILD=${BUILD:-build}
TREE=$BUILD/linux
SAVE=$BUILD/bisect
LOGS=$BUILD/logs
KSFT=${KSFT:-$BUILD/ksft/series/install}
TIMEOUT=${BISECT_TIMEOUT:-150}
TEST=fork_exec_test
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
	log=$LOGS/bisect-$nn.console.log
	rm -f "$LOGS/bisect-$nn.try1.console.log"
	t0=$(date +%s)
	res=FAIL
	for try in 1 2; do
		if out=$("$HERE/boot.sh" --kernel "$SAVE/$nn-linux" --seccomp on --ncpus 1 \
				--ksft "$KSFT" --tests "$TEST" --timeout "$TIMEOUT" \
				--log "$log" </dev/null 2>&1); then
			res=ok
			break
		fi
		if [ "$try" = 1 ]; then
			first=$out
			[ ! -f "$log" ] || mv "$log" "$LOGS/bisect-$nn.try1.console.log"
		fi
	done
	note=
	if [ "$res" = FAIL ]; then
		rc=1
	elif [ "$try" = 2 ]; then
		note=" (ok at the 2nd boot)"
	fi
	printf '%-4s %s %4ss  %s %s\n' "$res" "$nn" $(( $(date +%s) - t0 )) "${c:0:12}" "$subj$note"
	if [ "$try" = 2 ]; then
		echo "$first" | tail -n 8 | sed 's/^/    | 1st boot: /'
		echo "    | console log of the 1st boot: $LOGS/bisect-$nn.try1.console.log"
	fi
	if [ "$res" = FAIL ]; then
		echo "$out" | tail -n 8 | sed 's/^/    | 2nd boot: /'
		echo "    | console log of the 2nd boot: $log"
	fi
done 3< "$SAVE/list"
exit $rc
