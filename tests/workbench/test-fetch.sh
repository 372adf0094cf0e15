#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-base.sh must fail cleanly, with one line naming the package,
# version and suite, on a hash mismatch and on a version that is not there.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. scripts/common.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

expect_failure() {	# NAME PATTERN ENV...
	local name=$1 pat=$2 out rc
	shift 2
	out=$(env BUILD="$tmp/$name" "$@" scripts/fetch-base.sh 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q -- "$pat" <<<"$out" &&
	   [ ! -e "$tmp/$name/cache/$BASE_PKG.tar.xz" ]; then
		echo "PASS: $name: $(echo "$out" | grep -- "$pat")"
	else
		echo "FAIL: $name: exit $rc, output:"
		echo "$out" | sed 's/^/  /'
		fail=1
	fi
}

expect_failure bad-hash "$BASE_PKG $BASE_VER from Debian $BASE_SUITE: sha256 mismatch" \
	BASE_SHA256=0000000000000000000000000000000000000000000000000000000000000000
expect_failure missing-version "$BASE_PKG 0.0-0 from Debian $BASE_SUITE: apt-get download failed" \
	BASE_VER=0.0-0
exit $fail
