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
HERE=$(dirname "$(realpath "$0")")
LOG=$(mktemp /tmp/umlbench-test-boot.XXXXXX.console.log)
# boot.sh writes its JSON verdict next to the log
trap 'rm -f "$LOG" "${LOG%.console.log}.json"' EXIT
# Zombies do not count: dead stubs wait for the host's init to reap them.
LIVE=(-r "R,S,D,T,t,I,P")

fail() { echo "FAIL: $*"; [ -s "$LOG" ] && tail -n 5 "$LOG" | sed 's/^/  log: /'; exit 1; }
quote() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'; }
# pgrep ARGS...: fail with the list when some live process matches.
none_left() {
	local what=$1
	shift
	if pgrep "${LIVE[@]}" "$@" >/dev/null; then
		pgrep -a "${LIVE[@]}" "$@" | sed 's/^/  left: /'
		fail "$what still running after boot.sh returned"
	fi
}

start=$SECONDS
rc=0
"$HERE/../../scripts/boot.sh" --kernel "$KERNEL" --run hang --timeout 20 \
	--log "$LOG" >/dev/null 2>&1 || rc=$?
took=$((SECONDS - start))

[ "$rc" -ne 0 ] || fail "boot.sh exited 0 for a guest that hangs"
[ "$took" -le 40 ] || fail "boot.sh took $took s for a 20 s timeout"
# boot.sh's own lines (not TAP) are what is tested here: read from the log.
grep -q '^UMLBENCH-HOST: TIMEOUT after 20 s' "$LOG" || fail "no TIMEOUT line in the log"
grep -q '^UMLBENCH-BEGIN' "$LOG" || fail "the guest never started init, so the hang was not tested"

# Other UMLs of the same kernel may run beside us: look only for ours, the
# process group (stubs are called uml-userspace) and the UML whose command
# line holds this run's private uml_dir.
PGID=$(sed -n 's/^UMLBENCH-HOST: pgid=\([0-9]*\)$/\1/p' "$LOG")
UMLDIR=$(sed -n 's/^UMLBENCH-HOST: cmdline: .* uml_dir=\([^ ]*\).*/\1/p' "$LOG")
[[ -n $PGID && -n $UMLDIR ]] || fail "no pgid or cmdline line in the log"
none_left "processes of UML group $PGID" -g "$PGID"
none_left "UML $KERNEL" -f -- "^$(quote "$KERNEL") .*uml_dir=$(quote "$UMLDIR")( |$)"
[ ! -e "$UMLDIR" ] || fail "boot.sh left its directory $UMLDIR behind"
echo "PASS: hanging guest stopped after $took s (boot.sh rc=$rc), timeout logged, nothing left running"
