#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-no-skips.sh LOG...: fail when a kselftest in one of the console logs
# was skipped, naming the test and the reason it gave.  The one skip that a
# boot with one vCPU must give is smp_unmap_race_test's "needs 2 CPUs".
set -uo pipefail

[ $# -gt 0 ] || { echo "usage: $0 CONSOLE-LOG..." >&2; exit 2; }
rc=0
for log in "$@"; do
	if [ ! -s "$log" ]; then
		echo "FAIL: $log is missing or empty: did its boot run?"
		rc=1
		continue
	fi
	skips=$(grep -E '^# (not )?ok [0-9]+ .* # SKIP' "$log")
	if grep -qm1 '^UMLBENCH-HOST: kernel=.* ncpus=1 ' "$log"; then
		skips=$(grep -v ' smp_unmap_race\..* # SKIP needs 2 CPUs' <<<"$skips")
	fi
	if [ -n "$skips" ]; then
		echo "FAIL: skipped tests in $log (the kernel or rootfs lacks what they need):"
		echo "$skips" | sed 's/^/  /'
		rc=1
	else
		echo "ok: $log: $(grep -cE '^# ok [0-9]+ ' "$log") subtests, none skipped"
	fi
done
exit $rc
