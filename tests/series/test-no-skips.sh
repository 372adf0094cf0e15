#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-no-skips.sh LOG...: fail when a kselftest in one of the boots was
# skipped, at any depth, naming the test and the reason it gave.  The
# skips allowed: smp_unmap_race_test's "needs 2 CPUs" with one vCPU, and
# big_munmap_test's "needs N MiB available" (test-big-munmap.sh gives it
# the memory).  Each LOG is a console log (its JSON verdict, written by boot.sh
# next to it, is read) or that JSON itself.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. scripts/common.sh

[ $# -gt 0 ] || { echo "usage: $0 CONSOLE-LOG|JSON..." >&2; exit 2; }
rc=0
for log in "$@"; do
	json=$log
	[[ $log == *.json ]] || json=$(json_of "$log")
	if [ ! -s "$json" ]; then
		echo "FAIL: $json is missing or empty: did its boot run?"
		rc=1
		continue
	fi
	if ! skips=$(scripts/uml_log.py skips "$json") ||
	   ! ncpus=$(scripts/uml_log.py get "$json" host.ncpus) ||
	   ! leaves=$(scripts/uml_log.py get "$json" counts.passed); then
		echo "FAIL: cannot read $json"
		rc=1
		continue
	fi
	allowed=''
	if [ "$ncpus" = 1 ]; then
		allowed=$(grep -E '(^|/)smp_unmap_race\.[^	]*	needs 2 CPUs' <<<"$skips")
		skips=$(grep -vE '(^|/)smp_unmap_race\.[^	]*	needs 2 CPUs' <<<"$skips")
	fi
	# Several GiB of guest memory: tests/series/test-big-munmap.sh boots for it
	big=$(grep -E '(^|/)big_munmap\.[^	]*	needs [0-9]+ MiB available' <<<"$skips")
	skips=$(grep -vE '(^|/)big_munmap\.[^	]*	needs [0-9]+ MiB available' <<<"$skips")
	allowed=$(printf '%s\n%s' "$allowed" "$big" | grep .)
	if [ -n "$skips" ]; then
		echo "FAIL: skipped tests in $json (the kernel or rootfs lacks what they need):"
		sed 's/	/ # SKIP /; s/^/  /' <<<"$skips"
		rc=1
	else
		[ -z "$allowed" ] || leaves=$((leaves + $(grep -c . <<<"$allowed")))
		echo "ok: $json: $leaves subtests, none skipped${allowed:+ but those allowed: ${allowed//	/ # SKIP }}"
	fi
done
exit $rc
