#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-boot.sh KERNEL: self-test of boot.sh's hard timeout.  Boots a guest
# that hangs on purpose and checks that boot.sh fails in time, logs the
# timeout and leaves no UML or stub process behind.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: test-boot.sh KERNEL" >&2; exit 2; }
[ -x "$1" ] || { echo "FAIL: kernel $1 is not an executable file: build it first"; exit 1; }
KERNEL=$(realpath "$1")
# pgrep pattern: the kernel path, regex-quoted, as the start of a command line.
PAT="^$(printf '%s' "$KERNEL" | sed 's/[][\\.*^$+?(){}|]/\\&/g')( |$)"
HERE=$(dirname "$(realpath "$0")")
LOG=$(mktemp /tmp/umlbench-test-boot.XXXXXX.log)
trap 'rm -f "$LOG"' EXIT

fail() { echo "FAIL: $*"; [ -s "$LOG" ] && tail -n 5 "$LOG" | sed 's/^/  log: /'; exit 1; }

# Only UMLs of this kernel count; a leftover from an earlier run would make
# the last check meaningless.
pgrep -f -- "$PAT" >/dev/null &&
	fail "UML processes of $KERNEL are already running; stop them first"

start=$SECONDS
rc=0
"$HERE/../scripts/boot.sh" --kernel "$KERNEL" --run hang --timeout 20 \
	--log "$LOG" >/dev/null 2>&1 || rc=$?
took=$((SECONDS - start))

[ "$rc" -ne 0 ] || fail "boot.sh exited 0 for a guest that hangs"
[ "$took" -le 40 ] || fail "boot.sh took $took s for a 20 s timeout"
grep -q '^UMLBENCH-HOST: TIMEOUT after 20 s$' "$LOG" || fail "no TIMEOUT line in the log"
grep -q '^UMLBENCH-BEGIN$' "$LOG" || fail "the guest never started init, so the hang was not tested"
# Stubs are called uml-userspace, so look for the whole process group too.
PGID=$(sed -n 's/^UMLBENCH-HOST: pgid=\([0-9]*\)$/\1/p' "$LOG")
[ -n "$PGID" ] || fail "no pgid line in the log"
if pgrep -g "$PGID" >/dev/null; then
	pgrep -a -g "$PGID" | sed 's/^/  left: /'
	fail "processes of UML group $PGID are still running after boot.sh returned"
fi
if pgrep -f -- "$PAT" >/dev/null; then
	pgrep -a -f -- "$PAT" | sed 's/^/  left: /'
	fail "UML processes of $KERNEL are still running after boot.sh returned"
fi
echo "PASS: hanging guest stopped after $took s (boot.sh rc=$rc), timeout logged, nothing left running"
