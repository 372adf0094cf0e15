#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-wedge-on-base.sh BASE_KERNEL KSFT: the SIGALRM attack selftest
# (stub_sigalrm_test: a process blocks SIGALRM in its stub through a forged
# rt_sigreturn and spins) must wedge the unpatched kernel on one vCPU: the
# guest hangs and boot.sh's timeout ends it.  That is how the test fails
# there; the boot matrix checks that it passes with the series.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-wedge-on-base.sh BASE_KERNEL KSFT}
KSFT=${2:?usage: test-wedge-on-base.sh BASE_KERNEL KSFT}
LOG=$BUILD/logs/wedge-on-base.console.log
JSON=$BUILD/logs/wedge-on-base.json
TIMEOUT=${WEDGE_TIMEOUT:-60}

scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$KSFT" \
	--tests stub_sigalrm_test --extra UM_SIGALRM_TRIALS=1 \
	--timeout "$TIMEOUT" --log "$LOG" --json "$JSON"
echo "(boot.sh's verdict above is expected to be a timeout: the guest is wedged)"

python3 - "$JSON" "$LOG" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
log = open(sys.argv[2], errors="replace").read()
if not r["timeout"]:
    print("FAIL: the base guest did not hang (%s): the attack was not seen" % r["reason"])
    sys.exit(1)
# The harness's own output is buffered; the runner's line and the first
# test's result (the attack is the second) are not.
if ("# selftests: um: stub_sigalrm_test" not in log or
        "ok 1 global.stub_sigalrm_test_is_written_for_x86_64" not in log):
    print("FAIL: the guest hung before the SIGALRM attack started")
    sys.exit(1)
print("PASS: the SIGALRM attack wedged the base kernel (boot timed out)")
PY
