#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mktree.sh must stop at a patch that does not apply, naming the patch and
# giving git's reason; export.sh must reproduce patches/ byte for byte.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# A cheap copy of the tree: shares the objects, holds the base tag.
git clone -q --shared --no-checkout "$BUILD/linux" "$tmp/linux"
git -C "$tmp/linux" fetch -q origin 'refs/tags/base:refs/tags/base'
git -C "$tmp/linux" checkout -q -B series base
mkdir -p "$tmp/linux-base" "$tmp/patches"
cat > "$tmp/patches/0001-bad.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@localhost>
Date: Sun, 15 Nov 2026 00:00:00 +0000
Subject: [PATCH] test: a patch that does not apply

---
 Makefile | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/Makefile b/Makefile
--- a/Makefile
+++ b/Makefile
@@ -1,3 +1,3 @@
 # SPDX-License-Identifier: GPL-2.0
-VERSION = 6
+VERSION = 8
 PATCHLEVEL = 3
PATCH
out=$(BUILD="$tmp" PATCHES="$tmp/patches" scripts/mktree.sh 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && grep -q "patch 0001-bad.patch does not apply" <<<"$out" &&
   grep -q "patch failed\|does not apply\|error:" <<<"$out"; then
	echo "PASS: bad patch stops mktree:"
	echo "$out" | sed 's/^/  /'
else
	echo "FAIL: bad patch: exit $rc, output:"
	echo "$out" | sed 's/^/  /'
	fail=1
fi

# Exporting the tree that holds patches/ must give patches/ again, whoever
# git thinks the committer is (CI has no GIT_COMMITTER_*, a shell may).
mkdir -p "$tmp/export"
cp patches/*.patch "$tmp/export/" 2>/dev/null || true
if GIT_COMMITTER_NAME=Someone GIT_COMMITTER_EMAIL=someone@example.org \
   PATCHES="$tmp/export" scripts/export.sh >/dev/null &&
   diff -r patches "$tmp/export" >/dev/null; then
	echo "PASS: export reproduces patches/"
else
	echo "FAIL: export differs from patches/:"
	diff -r patches "$tmp/export" | head -40
	fail=1
fi
exit $fail
