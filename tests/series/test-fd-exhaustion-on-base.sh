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

# Only this test runs in the boot, so any kernel bug is its own
ran=$(scripts/uml_log.py find "$JSON" um:fork_fd_exhaustion_test 2>/dev/null | head -n 1)
bug=$(scripts/uml_log.py bugs "$JSON" 2>/dev/null | head -n 1)
if [ -z "$ran" ]; then
	echo "FAIL: fork_fd_exhaustion_test did not run on the base kernel (see $LOG)"
	exit 1
elif [ -n "$bug" ]; then
	echo "PASS: the base kernel died in fork_fd_exhaustion_test: ${bug#*	}"
elif [ -n "$(scripts/uml_log.py get "$JSON" timeout)" ] && [ "${ran%%	*}" = crashed ]; then
	echo "PASS: the base kernel hung in fork_fd_exhaustion_test"
else
	echo "FAIL: the base kernel survived fork_fd_exhaustion_test (${ran%%	*}), see $LOG"
	exit 1
fi
