#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-attacks-on-base.sh BASE_KERNEL KSFT: the attack selftests must see
# every attack succeed on the unpatched kernel (so each of those tests
# fails there), while the guest itself survives to the end of the run.
# The boot matrix checks that the same tests pass with the series.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-attacks-on-base.sh BASE_KERNEL KSFT}
KSFT=${2:?usage: test-attacks-on-base.sh BASE_KERNEL KSFT}
LOG=$BUILD/logs/attacks-on-base.console.log
JSON=$BUILD/logs/attacks-on-base.json
ATTACKS="anonymous_mmap_into_unmapped_space_is_denied mmap_over_stub_data_page_is_denied
munmap_of_guest_data_page_is_denied munmap_of_stub_data_pages_is_denied
kept_memory_fd_cannot_be_mapped"

scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$KSFT" \
	--tests stub_attack_test --timeout 300 --log "$LOG" --json "$JSON"
echo "(boot.sh's verdict above is expected to be a failure: the attacks succeed)"

python3 - "$JSON" $ATTACKS <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
attacks = sys.argv[2:]
bad = []
if r["timeout"] or r["end_rc"] is None or r["kernel_bugs"]:
    bad.append("the base guest did not survive the attacks: %s" % r["reason"])
t = [t for t in r["tests"] if t["name"].endswith("stub_attack_test")]
if not t:
    bad.append("stub_attack_test did not run")
else:
    failed = " ".join(t[0]["failed_subtests"])
    for a in attacks:
        if a in failed:
            print("PASS: attack detected as succeeding on base: %s" % a)
        else:
            bad.append("attack not detected on base: %s" % a)
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
