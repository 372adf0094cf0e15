#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bisect-tree.sh COMMIT: check out COMMIT (detached) in $BUILD/linux-bisect,
# a worktree of $BUILD/linux kept for the workbench's own use (per-patch
# builds, sparse, docs), so that $BUILD/linux, where the series is edited,
# is never checked out by a script.  Creates the worktree when it is
# missing, and makes it again when it belongs to a tree that is gone.
set -euo pipefail

BUILD=${BUILD:-build}
TREE=$BUILD/linux
# A link to $BUILD/trees/bisect/linux, made by mktree.sh
WT=$BUILD/linux-bisect

[ $# -eq 1 ] || { echo "usage: bisect-tree.sh COMMIT" >&2; exit 2; }
[ -d "$TREE/.git" ] || { echo "bisect-tree: no kernel tree at $TREE: run 'make tree' first" >&2; exit 1; }
c=$(git -C "$TREE" rev-parse -q --verify "$1^{commit}") ||
	{ echo "bisect-tree: $TREE has no commit '$1'" >&2; exit 1; }

common() { git -C "$1" rev-parse --path-format=absolute --git-common-dir 2>/dev/null; }

[ -L "$WT" ] || { echo "bisect-tree: $WT is not a link to $BUILD/trees/bisect/linux: run scripts/mktree.sh" >&2; exit 1; }
WT=$(realpath -m "$WT")

if [ -e "$WT" ] && [ "$(common "$WT" || true)" != "$(common "$TREE")" ]; then
	# Left over from a $BUILD/linux that was removed and made again.
	echo "bisect-tree: $WT is not a worktree of $TREE; making it again" >&2
	rm -rf "$WT"
fi
if [ ! -e "$WT" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$(realpath -m "$WT")" "$c"
	exit 0
fi
if [ -n "$(git -C "$WT" status --porcelain --untracked-files=no)" ]; then
	echo "bisect-tree: $WT has local changes, but it is the workbench's scratch tree." >&2
	echo "bisect-tree: edit $TREE instead; drop them with 'git -C $WT checkout -f HEAD' or remove $WT" >&2
	exit 1
fi
git -C "$WT" checkout -q --detach "$c"
