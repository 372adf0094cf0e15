#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make submit-prep must refuse a placeholder identity (the sign-off would
# certify nothing) and sign off with a real one.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
fail=0

# run NAME EMAIL: submit-prep with that git identity, whatever git config says
run() {
	GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$1" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$2" \
	BUILD="$BUILD" scripts/submit-prep.sh 2>&1
}

for id in "Your Name|you@example.org" "UML seccomp series|uml-seccomp@localhost" \
	  "Seed maintainers|maintainers@users.noreply.r-seed.example" "Ada Lovelace|ada@host.invalid"; do
	if out=$(run "${id%|*}" "${id#*|}"); then
		echo "FAIL: submit-prep accepted \"${id%|*} <${id#*|}>\""
		fail=1
	elif grep -q "placeholder" <<<"$out"; then
		echo "PASS: refused \"${id%|*} <${id#*|}>\": $(echo "$out" | sed -n 2p)"
	else
		echo "FAIL: \"${id%|*} <${id#*|}>\" refused without saying why:"
		echo "$out" | sed 's/^/  /'
		fail=1
	fi
done

if out=$(run "Ada Lovelace" "ada@kernel.org") &&
   grep -q '^Signed-off-by: Ada Lovelace <ada@kernel.org>$' "$BUILD"/submit/0001-*.patch; then
	echo "PASS: a real identity signs off every patch"
else
	echo "FAIL: submit-prep with a real identity:"
	echo "$out" | sed 's/^/  /'
	fail=1
fi
rm -rf "$BUILD/submit"
exit $fail
