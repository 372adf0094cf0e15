#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the committed series, base..series of $BUILD/linux, at every
# commit in order, in the worktree $BUILD/linux-bisect (bisect-tree.sh)
# into $BUILD/out/bisect (incremental; ccache makes revisited states
# cheap).  $BUILD/linux is only read: work in progress there is neither
# built nor disturbed.  The UML binary of patch NN is kept as
# $BUILD/bisect/NN-linux and listed, with its commit and subject, in
# $BUILD/bisect/list for runtime-bisect.sh.
set -euo pipefail

BUILD=${BUILD:-build}
TREE=$BUILD/linux
WT=$BUILD/linux-bisect
OUT=$BUILD/out/bisect
SAVE=$BUILD/bisect
LOGS=$BUILD/logs
HERE=$(dirname "$0")

git -C "$TREE" rev-parse -q --verify series >/dev/null ||
	{ echo "per-patch-build: $TREE has no branch 'series': run 'make tree' first" >&2; exit 1; }
commits=$(git -C "$TREE" rev-list --reverse base..series)
[ -n "$commits" ] || { echo "per-patch-build: no commits on 'series' after 'base': nothing to build" >&2; exit 1; }

mkdir -p "$SAVE" "$LOGS"
rm -f "$SAVE"/[0-9][0-9]-linux "$SAVE/list"
n=0
prev=''
for c in $commits; do
	n=$((n + 1))
	nn=$(printf '%02d' "$n")
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	log=$LOGS/build-$c.log
	"$HERE/bisect-tree.sh" "$c"
	# build.sh configures only when the fragment changed; a commit that
	# changes a Kconfig file (a symbol of the fragment appears) needs it
	# redone, and so does the first, whatever the out dir held before.
	if [ -z "$prev" ] || [ -n "$(git -C "$TREE" diff --name-only "$prev" "$c" -- '*Kconfig*')" ]; then
		rm -f "$OUT/.fragment"
	fi
	prev=$c
	t0=$(date +%s)
	if ! "$HERE/build.sh" "$WT" "$OUT" > "$log" 2>&1; then
		echo "FAIL: $nn does not build: $subj (log: $log)"
		tail -n 20 "$log"
		exit 1
	fi
	cp "$OUT/linux" "$SAVE/$nn-linux"
	echo "$nn $c $subj" >> "$SAVE/list"
	echo "ok: $nn builds ($(( $(date +%s) - t0 ))s): $subj"
done
echo "per-patch-build: $n commit(s) built; binaries in $SAVE/"
