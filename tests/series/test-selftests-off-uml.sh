#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every installed um kselftest skips, quickly, off UML.
#
# Usage: test-selftests-off-uml.sh INSTALL_DIR
#
# INSTALL_DIR is the INSTALL_PATH of "make -C tools/testing/selftests
# TARGETS=um install": it holds kselftest-list.txt ("um:<test>" lines) and
# the test binaries in um/.  Each test is run directly on this host, which
# must not be a UML guest, under "timeout 30".  A test passes if it exits
# with 4 (KSFT_SKIP) within 10 s and prints a "# SKIP <reason>" line.
# Exits 0 if every test passed, 1 otherwise, 2 on a usage error.

set -uo pipefail

readonly KSFT_SKIP=4
readonly TIMEOUT_S=30
readonly MAX_MS=10000

usage() {
	echo "usage: ${0##*/} INSTALL_DIR" >&2
	exit 2
}

[[ $# -eq 1 ]] || usage
dir=$1
list=$dir/kselftest-list.txt
if [[ ! -f $list ]]; then
	echo "error: no $list (run the selftests' make install first)" >&2
	exit 2
fi

if grep -qs '^vendor_id[[:space:]]*: User Mode Linux$' /proc/cpuinfo; then
	echo "error: this host is a UML guest; run this check on an ordinary host" >&2
	exit 1
fi

# Wall-clock time in milliseconds.
now_ms() {
	local us=${EPOCHREALTIME/[.,]/}

	echo $((us / 1000))
}

passed=0
failed=0
while IFS=: read -r collection test; do
	[[ $collection == um && -n $test ]] || continue

	start=$(now_ms)
	out=$(cd "$dir/$collection" && timeout "$TIMEOUT_S" "./$test" 2>&1 </dev/null)
	rc=$?
	ms=$(($(now_ms) - start))
	secs=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
	reason=$(sed -n 's/^.*# SKIP *//p' <<<"$out" | head -n 1)

	if [[ $rc -eq $KSFT_SKIP && $ms -le $MAX_MS && -n $reason ]]; then
		echo "PASS: $test skipped in $secs s: $reason"
		passed=$((passed + 1))
		continue
	fi

	if [[ $rc -eq 124 ]]; then
		why="timed out after $TIMEOUT_S s"
	elif [[ $rc -ne $KSFT_SKIP ]]; then
		why="not a skip: $(tail -n 1 <<<"$out")"
	elif [[ $ms -gt $MAX_MS ]]; then
		why="took more than $((MAX_MS / 1000)) s to skip"
	else
		why="no '# SKIP <reason>' line"
	fi
	echo "FAIL: $test exit $rc in $secs s: $why"
	failed=$((failed + 1))
done <"$list"

if [[ $((passed + failed)) -eq 0 ]]; then
	echo "FAIL: no um tests listed in $list"
	exit 1
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
