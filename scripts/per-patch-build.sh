#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the series tree at every commit on top of base, in order, into
# $BUILD/out/series (incremental; ccache makes revisited states cheap).
# The tree is left on the commit it was on.
set -euo pipefail

BUILD=${BUILD:-build}
TREE=$BUILD/linux
HERE=$(dirname "$0")

if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
	echo "per-patch-build: $TREE has uncommitted changes; commit or stash them first" >&2
	exit 1
fi
orig=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
trap 'git -C "$TREE" checkout -q "$orig"' EXIT

for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$TREE" checkout -q --detach "$c"
	t0=$(date +%s)
	if ! "$HERE/build.sh" "$TREE" "$BUILD/out/series" > "$BUILD/logs/build-$c.log" 2>&1; then
		echo "FAIL: does not build at '$subj' (log: $BUILD/logs/build-$c.log)"
		tail -n 20 "$BUILD/logs/build-$c.log"
		exit 1
	fi
	echo "ok: builds at '$subj' ($(( $(date +%s) - t0 ))s)"
done
