#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-attacks-on-base.sh BASE_KERNEL KSFT: the attack selftests must see
# every attack succeed on the unpatched kernel (so each of those tests
# fails there), while the guest itself survives to the end of the run.
# The boot matrix checks that the same tests pass with the series.
# With --judge instead of BASE_KERNEL KSFT, judges the boot's JSON in
# $BUILD/logs again without booting.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
LOG=$BUILD/logs/attacks-on-base.console.log
JSON=$BUILD/logs/attacks-on-base.json
ATTACKS="anonymous_mmap_into_unmapped_space_is_denied mmap_over_stub_data_page_is_denied
munmap_of_guest_data_page_is_denied munmap_of_stub_data_pages_is_denied
kept_memory_fd_cannot_be_mapped"

if [ "${1:-}" != --judge ]; then
	KERNEL=${1:?usage: test-attacks-on-base.sh BASE_KERNEL KSFT | --judge}
	KSFT=${2:?usage: test-attacks-on-base.sh BASE_KERNEL KSFT | --judge}
	scripts/boot.sh --kernel "$KERNEL" --seccomp on --ncpus 1 --ksft "$KSFT" \
		--tests stub_attack_test --timeout 300 --log "$LOG" --json "$JSON"
	echo "(boot.sh's verdict above is expected to be a failure: the attacks succeed)"
fi

python3 - "$JSON" $ATTACKS <<'PY'
import json, sys
attacks = sys.argv[2:]
try:
    r = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("FAIL: no verdict of the boot: %s" % e)
    sys.exit(1)
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
