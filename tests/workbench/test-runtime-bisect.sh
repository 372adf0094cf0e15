#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-runtime-bisect.sh KERNEL KSFT: self-test of runtime-bisect.sh's
# verdicts, with stand-ins for the per-patch binaries: a patch whose boot
# always fails, one that fails once and then boots KERNEL (a fault that
# comes and goes must fail the check too), and KERNEL itself, which must
# pass.  KSFT is the installed selftests (fork_exec_test runs in the boot).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: test-runtime-bisect.sh KERNEL KSFT" >&2; exit 2; }
[ -x "$1" ] || { echo "FAIL: kernel $1 is not an executable file: build it first"; exit 1; }
KERNEL=$(realpath "$1")
KSFT=$(realpath "$2")
HERE=$(dirname "$(realpath "$0")")
TMP=$(mktemp -d /tmp/umlbench-test-bisect.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*"; sed 's/^/  out: /' "$TMP/out"; exit 1; }

# bisect CASE LINE: run runtime-bisect.sh on one stand-in patch
bisect() {
	local build=$TMP/$1

	mkdir -p "$build/bisect"
	printf '#!/bin/sh\n%s\n' "$2" > "$build/bisect/01-linux"
	chmod +x "$build/bisect/01-linux"
	echo "01 0123456789abcdef0123456789abcdef01234567 stand-in for a patch" > "$build/bisect/list"
	rc=0
	BUILD=$build KSFT=$KSFT BISECT_TIMEOUT=150 "$HERE/../../scripts/runtime-bisect.sh" \
		> "$TMP/out" 2>&1 || rc=$?
}

bisect broken 'exit 1'
[ "$rc" -ne 0 ] || fail "a patch whose boots always fail passed"
grep -q '^FAIL 01 .*(FAIL at both boots)$' "$TMP/out" || fail "no 'FAIL at both boots' line"

bisect flaky "if [ ! -e '$TMP/booted' ]; then : > '$TMP/booted'; exit 1; fi
exec '$KERNEL' \"\$@\""
[ "$rc" -ne 0 ] || fail "a patch that failed its first boot passed"
grep -q '^FAIL 01 .*(FAIL at the 1st boot, ok at the 2nd)$' "$TMP/out" ||
	fail "no 'FAIL at the 1st boot, ok at the 2nd' line"
[ -s "$TMP/flaky/logs/bisect-01.try1.console.log" ] || fail "the first boot's console log was not kept"

bisect good "exec '$KERNEL' \"\$@\""
[ "$rc" -eq 0 ] || fail "a patch that boots and passes failed"
grep -q '^ok   01 ' "$TMP/out" || fail "no 'ok' line for a patch that passes"

echo "PASS: always failing and once failing patches fail (and say which), a good one passes"
