#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make selftest": the workbench's own checks that need no kernel, no
# download and no boot, in seconds: shellcheck (warnings and errors) on
# every shell script, the Python scripts compile, and the unit tests of
# the console log parser and of the benchmark report on recorded and
# made-up data, the parser's JSON schema on every recorded log, and that
# every script the Makefile and check.sh name exists.  "make check" runs it first.  The workbench tests that
# need a tree, a kernel or the network (fetch errors, mktree/export,
# submit-prep, hung guest, runtime bisection verdicts) stay in
# "make check".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

rc=0
t0=$(date +%s%N)

command -v shellcheck >/dev/null ||
	{ echo "selftest: shellcheck not found: apt-get install shellcheck (or run scripts/deps.sh)" >&2; exit 1; }
mapfile -t sh < <(git ls-files 2>/dev/null | grep -E '\.sh$|^\.ci/run$' ||
		  find scripts tests guest .ci -name '*.sh' -o -path .ci/run)
if shellcheck -S warning -f gcc "${sh[@]}"; then
	echo "ok: shellcheck -S warning, ${#sh[@]} scripts"
else
	echo "FAIL: shellcheck -S warning (above)"
	rc=1
fi

mapfile -t py < <(git ls-files 2>/dev/null | grep -E '\.py$' || find . -name '*.py' -not -path './build/*')
if python3 -m py_compile "${py[@]}"; then
	echo "ok: ${#py[@]} Python files compile"
else
	echo "FAIL: Python files do not compile (above)"
	rc=1
fi

for t in tests/workbench/test_uml_log.py tests/workbench/test_bench_report.py; do
	if out=$(python3 -m unittest -q "$t" 2>&1); then
		echo "ok: $t ($(echo "$out" | grep -o 'Ran [0-9]* tests*'))"
	else
		echo "FAIL: $t"
		echo "$out" | tail -n 30 | sed 's/^/  | /'
		rc=1
	fi
done

# The parser's JSON against its schema, on every recorded console log
if out=$(python3 - tests/workbench/test_data/*.log <<'PY' 2>&1
import sys
sys.path.insert(0, "scripts")
import uml_log
bad = 0
for log in sys.argv[1:]:
    v = uml_log.to_json(uml_log.parse_log(uml_log.read_lines(log)))
    for problem in uml_log.check_json(v):
        print("%s: %s" % (log, problem))
        bad = 1
print("%d logs" % (len(sys.argv) - 1))
sys.exit(bad)
PY
); then
	echo "ok: uml_log.py JSON schema on $(tail -n 1 <<<"$out")"
else
	echo "FAIL: uml_log.py JSON schema"
	echo "$out" | tail -n 30 | sed 's/^/  | /'
	rc=1
fi

# Every script that make and make check run exists and is executable (what
# they source, without a #! line, need only exist)
missing=$(grep -ohE '(scripts|tests/(series|workbench))/[A-Za-z0-9_.-]+\.(sh|py)' \
	Makefile scripts/check.sh scripts/run.sh | sort -u |
	while read -r f; do
		[ -x "$f" ] || { [ -f "$f" ] && [ "$(head -c 2 "$f")" != '#!' ]; } || echo "$f"
	done)
if [ -z "$missing" ]; then
	echo "ok: every script named by Makefile, check.sh and run.sh is there"
else
	echo "FAIL: named but missing or not executable: $(echo "$missing" | paste -sd' ')"
	rc=1
fi

# series-text.sh must catch a workbench name and a fix without its record,
# and pass the same series once both are mended.
st=$(mktemp -d)
printf 'Subject: [PATCH 00/01] x\n\nMeasured with make bench.\n\nx (1):\n' > "$st/0000-cover-letter.patch"
printf 'Subject: [PATCH 01/01] y\n\nFix.\n\nFixes: 123456789abc ("z")\n---\n' > "$st/0001-y.patch"
out=$(scripts/series-text.sh "$st" 2>&1)
bad=$?
printf 'Subject: [PATCH 00/01] x\n\nMeasured.\n\n - Patch 1.  Reproducer: a.\n   scripts/get_maintainer.pl: b.  Not done: c.\n   Threat model: d.\n\nx (1):\n' \
	> "$st/0000-cover-letter.patch"
scripts/series-text.sh "$st" >/dev/null 2>&1
good=$?
rm -rf "$st"
if [ "$bad" -ne 0 ] && [ "$good" -eq 0 ] && grep -q '"make bench"' <<<"$out" &&
   grep -q 'no " - Patch 1." record' <<<"$out"; then
	echo "ok: series-text.sh finds a workbench name and a fix without its record"
else
	echo "FAIL: series-text.sh (made-up series: rc $bad, then $good once mended)"
	echo "$out" | sed 's/^/  | /'
	rc=1
fi

echo "selftest: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
exit $rc
