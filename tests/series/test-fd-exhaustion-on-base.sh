#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-fd-exhaustion-on-base.sh BASE_KERNEL KSFT: fork_fd_exhaustion_test
# must bring the unpatched kernel down.  A fork that fails because UML has
# no host fd left for the new stub leaves the freed mm on UML's list of
# address spaces; when a stub then dies, UML's SIGCHLD handler walks that
# list through the freed memory, which slub_debug=P fills with poison: the
# guest panics in mm_sigchld_irq() (or, without the poison, hangs there).
# The boot matrix checks that the same test passes with the series.
# With --judge instead of BASE_KERNEL KSFT, judges the boot's JSON in
# $BUILD/logs again without booting.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
LOG=$BUILD/logs/fd-exhaustion-on-base.console.log
JSON=$BUILD/logs/fd-exhaustion-on-base.json

if [ "${1:-}" != --judge ]; then
	KERNEL=${1:?usage: test-fd-exhaustion-on-base.sh BASE_KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-fd-exhaustion-on-base.sh BASE_KERNEL KSFT | --judge}
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$KSFT" \
		--tests fork_fd_exhaustion_test --extra slub_debug=P \
		--timeout 120 --log "$LOG" --json "$JSON"
	echo "(boot.sh's verdict above is expected to be a failure: the base kernel dies in the test)"
	# The files the dead guest left open on its hostfs root
	rm -rf "$BUILD"/rootfs/um-fd-exhaustion.*
fi

python3 - "$JSON" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("FAIL: no verdict of the boot: %s" % e)
    sys.exit(1)
test = "um:fork_fd_exhaustion_test"
ran = [t for t in r["tests"] if t["name"] == test]
if not ran:
    print("FAIL: fork_fd_exhaustion_test did not run on the base kernel: %s" % r["reason"])
    sys.exit(1)
bugs = [b for b in r["kernel_bugs"] if b.get("test") == test]
if bugs:
    print("PASS: the base kernel died in fork_fd_exhaustion_test: %s" % bugs[0]["message"])
elif r["timeout"] and test in r["crashed"]:
    print("PASS: the base kernel hung in fork_fd_exhaustion_test")
else:
    print("FAIL: the base kernel survived fork_fd_exhaustion_test (%s): %s"
          % (ran[0]["result"], r["reason"]))
    sys.exit(1)
PY
