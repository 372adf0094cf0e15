#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-wedge-on-base.sh BASE_KERNEL KSFT: the SIGALRM attack selftest
# (stub_sigalrm_test: a process blocks SIGALRM in its stub through a forged
# rt_sigreturn and spins) must wedge the unpatched kernel on one vCPU: the
# guest hangs and boot.sh's timeout ends it.  That is how the test fails
# there; the boot matrix checks that it passes with the series.
# With --judge instead of BASE_KERNEL KSFT, judges the boot's JSON in
# $BUILD/logs again without booting.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
LOG=$BUILD/logs/wedge-on-base.console.log
JSON=$BUILD/logs/wedge-on-base.json
TIMEOUT=${WEDGE_TIMEOUT:-60}

if [ "${1:-}" != --judge ]; then
	KERNEL=${1:?usage: test-wedge-on-base.sh BASE_KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-wedge-on-base.sh BASE_KERNEL KSFT | --judge}
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$KSFT" \
		--tests stub_sigalrm_test --extra UM_SIGALRM_TRIALS=1 \
		--timeout "$TIMEOUT" --log "$LOG" --json "$JSON"
	echo "(boot.sh's verdict above is expected to be a timeout: the guest is wedged)"
fi

python3 - "$JSON" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("FAIL: no verdict of the boot: %s" % e)
    sys.exit(1)
if not r["timeout"]:
    print("FAIL: the base guest did not hang (%s): the attack was not seen" % r["reason"])
    sys.exit(1)
# The harness's own output is buffered; the runner's line and the first
# test's result (the attack is the second) are not: the test that hung
# must be stub_sigalrm_test, after its first case passed.
t = [t for t in r["tests"] if t["name"] == "um:stub_sigalrm_test" and t["result"] == "crashed"]
first = t[0]["subtests"][:1] if t else []
if not first or first[0]["name"] != "global.stub_sigalrm_test_is_written_for_x86_64" or \
        first[0]["result"] != "pass":
    print("FAIL: the guest hung before the SIGALRM attack started (%s)" % r["reason"])
    sys.exit(1)
print("PASS: the SIGALRM attack wedged the base kernel (boot timed out)")
PY
