#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile every C file the series touches under arch/um with W=1, in the
# base and in the series build, and fail on any warning the series adds.
# Warnings are compared without line numbers, so moved code still matches.
set -euo pipefail

. "$(dirname "$0")/common.sh"
TREE=$BUILD/linux
BASE=$BUILD/linux-base

w1() {	# SRC OUT OBJ: the W=1 warnings of one object, normalised
	uml_make "$1" "$2" W=1 "$3" 2>&1 |
		grep -E 'warning:' | sed -E 's/:[0-9]+:[0-9]+:/:/; s#^.*/(arch/)#\1#' | sort -u || true
}

rc=0
for f in $(git -C "$TREE" diff --name-only --diff-filter=AM base..HEAD -- 'arch/um/*.c'); do
	obj=${f%.c}.o
	new=$(w1 "$TREE" "$BUILD/out/series" "$obj")
	old=""
	[ -f "$BASE/$f" ] && old=$(w1 "$BASE" "$BUILD/out/base" "$obj")
	added=$(comm -13 <(echo "$old") <(echo "$new") | sed '/^$/d')
	if [ -n "$added" ]; then
		echo "$f: new W=1 warnings:"
		echo "$added" | sed 's/^/  /'
		rc=1
	else
		echo "$f: no new W=1 warnings"
	fi
done
exit $rc
