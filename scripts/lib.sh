# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by run.sh and check.sh: run named steps, log each one, keep a
# tally, print the summary line.

BUILD=${BUILD:-build}
export BUILD
LOGS=$BUILD/logs
RESULTS=$LOGS/results.txt
mkdir -p "$LOGS"

now() { date +%s; }

# step NAME CMD...: run CMD with its output in $LOGS/NAME.log
step() {
	local name=$1 log=$LOGS/$1.log t0 rc
	shift
	t0=$(now)
	printf '%-44s ' "$name"
	if "$@" >"$log" 2>&1; then rc=0; else rc=$?; fi
	if [ "$rc" -eq 0 ]; then
		printf 'PASS (%ss)\n' $(( $(now) - t0 ))
		echo "PASS $name" >> "$RESULTS"
	else
		printf 'FAIL (%ss, exit %s), log: %s\n' $(( $(now) - t0 )) "$rc" "$log"
		tail -n 12 "$log" | sed 's/^/    | /'
		echo "FAIL $name" >> "$RESULTS"
	fi
	return "$rc"
}

# must NAME CMD...: a step the later ones depend on; stop at its failure
must() {
	step "$@" || { summary; exit 1; }
}

summary() {
	local p f
	p=$(grep -c '^PASS' "$RESULTS" || true)
	f=$(grep -c '^FAIL' "$RESULTS" || true)
	echo
	grep '^FAIL' "$RESULTS" | sed 's/^FAIL /failed: /' || true
	echo "wall time: $(( $(now) - T0 ))s"
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
}

T0=$(now)
: > "$RESULTS"
