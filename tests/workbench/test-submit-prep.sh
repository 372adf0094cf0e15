#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make submit-prep must refuse a placeholder identity (the sign-off would
# certify nothing) and an Assisted-by: tag not in the form of
# Documentation/process/coding-assistants.rst, and sign off with a real one: every patch mail that
# b4 send -o writes to $BUILD/submit has its Signed-off-by: and From:.
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

# refused WHAT WHY NAME EMAIL: submit-prep as NAME <EMAIL> must stop, saying WHY
refused() {
	local what=$1 why=$2 out
	shift 2
	if out=$(run "$@"); then
		echo "FAIL: submit-prep accepted $what"
		fail=1
	elif grep -q "$why" <<<"$out"; then
		echo "PASS: refused $what: $(grep -m1 "$why" <<<"$out")"
	else
		echo "FAIL: $what refused without saying why:"
		echo "$out" | sed 's/^/  /'
		fail=1
	fi
}

for id in "Your Name|you@example.org" "UML seccomp series|uml-seccomp@localhost" \
	  "Seed maintainers|maintainers@users.noreply.r-seed.example" "Ada Lovelace|ada@host.invalid"; do
	refused "\"${id%|*} <${id#*|}>\"" placeholder "${id%|*}" "${id#*|}"
done

# An Assisted-by: tag not in the form of coding-assistants.rst
bad=$(mktemp -d)
cp patches/*.patch "$bad"/
sed -i 's/^Assisted-by: LLM/Assisted-by: Claude:claude-opus-4/' "$(find "$bad" -name '0001-*.patch')"
PATCHES=$bad refused "an Assisted-by: of another form" "Assisted-by: is not" "Ada Lovelace" "ada@kernel.org"
rm -rf "$bad"

# b4 send -o writes NNNN-subject.eml, 0000 the cover letter
sob='Signed-off-by: Ada Lovelace <ada@kernel.org>'
if out=$(run "Ada Lovelace" "ada@kernel.org"); then
	npatch=$(find patches -maxdepth 1 -name '0*.patch' ! -name '0000-*' | wc -l)
	mapfile -t mails < <(find "$BUILD/submit" -maxdepth 1 -name '0*.eml' ! -name '0000-*' | sort)
	unsigned=$(for m in "${mails[@]}"; do grep -qxF "$sob" "$m" || basename "$m"; done)
	if [ "$npatch" -gt 0 ] && [ ${#mails[@]} -eq "$npatch" ] && [ -z "$unsigned" ] &&
	   grep -q '^From: Ada Lovelace <ada@kernel.org>$' "${mails[0]}"; then
		echo "PASS: a real identity signs off and sends every patch (${#mails[@]} mails): $(echo "$out" | head -1)"
	else
		echo "FAIL: ${#mails[@]} patch mails for $npatch patches; not signed off: ${unsigned:-none}"
		echo "$out" | sed 's/^/  /'
		fail=1
	fi
else
	echo "FAIL: submit-prep with a real identity:"
	echo "$out" | sed 's/^/  /'
	fail=1
fi
rm -rf "$BUILD/submit"
exit $fail
