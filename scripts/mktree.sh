#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make $BUILD/linux: the pinned base as a git repository (commit tagged
# "base"), with the series from patches/ applied by "git am", one commit a
# patch.  Also keeps $BUILD/linux-base, a worktree of the pristine base,
# and clears away stale worktrees ($BUILD/linux-bisect, bisect-tree.sh).
#
# The worktrees live at $BUILD/trees/NAME/linux and build into
# $BUILD/trees/NAME/out/uml; $BUILD/linux-NAME and $BUILD/out/NAME are
# links to them.  So every tree is "../../linux" seen from its output
# directory, as $BUILD/linux is from $BUILD/out/series, and ccache
# (CCACHE_BASEDIR, see build.sh) finds the objects they have in common:
# the first patch's build reuses the base's, the series' those of the
# per-patch build of its last commit.
#
# An existing tree is reused when it already holds exactly patches/.  If
# patches/ changed and the tree holds nothing that was not exported, the
# series is re-applied; otherwise we stop rather than lose work.
set -euo pipefail

. "$(dirname "$0")/common.sh"
PATCHES=${PATCHES:-patches}
TREE=$BUILD/linux
TARBALL=$BASE_TARBALL
STAMP=$TREE/$SERIES_STAMP

export GIT_AUTHOR_NAME="$BASE_IDENT"
export GIT_AUTHOR_EMAIL="base@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-11-15T22:30:00Z"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"

make_base() {
	local tmp=$BUILD/linux.tmp

	[ -s "$TARBALL" ] || { echo "mktree: $TARBALL missing: run scripts/fetch-base.sh" >&2; exit 1; }
	echo "mktree: unpacking the base into $TREE"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1
	# Debian's packaging adds "/*" and "!/debian/" to the top-level
	# .gitignore, which would make git ignore every file, new files added
	# by a patch included.  Drop both rules in the base commit.
	sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$tmp/.gitignore"
	git -C "$tmp" init -q -b base-branch
	git -C "$tmp" config core.autocrlf false
	git -C "$tmp" config gc.auto 0
	git -C "$tmp" add -A -f .
	git -C "$tmp" commit -q --no-verify -m "Linux ${BASE_VER%%-*} (Debian $BASE_PKG $BASE_VER)"
	git -C "$tmp" tag base
	git -C "$tmp" checkout -q -b series
	mv "$tmp" "$TREE"
}

apply_series() {
	local p

	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" checkout -q -f -B series base
	for p in $(series_patches); do
		if ! out=$(git -C "$TREE" am -q --keep-cr "$(realpath "$p")" 2>&1); then
			git -C "$TREE" am --abort >/dev/null 2>&1 || true
			echo "mktree: patch $(basename "$p") does not apply to the base:" >&2
			echo "$out" | sed 's/^/  /' >&2
			echo "mktree: fix or drop it in $PATCHES/, then run make again" >&2
			exit 1
		fi
	done
	echo "$(series_hash) $(git -C "$TREE" rev-parse HEAD)" > "$STAMP"
	echo "mktree: applied $(series_patches | wc -l) patch(es) on base"
}

[ -d "$TREE/.git" ] || make_base
git -C "$TREE" rev-parse -q --verify base >/dev/null ||
	{ echo "mktree: $TREE has no 'base' tag; remove it and run again" >&2; exit 1; }

for name in base bisect; do
	for d in "$BUILD/linux-$name" "$BUILD/out/$name"; do
		# A worktree or output directory of the earlier layout
		if [ -d "$d" ] && [ ! -L "$d" ] && { [ -f "$d/.git" ] || [ -f "$d/.config" ]; }; then
			echo "mktree: $d moves to $BUILD/trees/$name"
			rm -rf "$d"
		fi
	done
	mkdir -p "$BUILD/trees/$name/out/uml" "$BUILD/out"
	[ -e "$BUILD/linux-$name" ] || ln -sfn "trees/$name/linux" "$BUILD/linux-$name"
	[ -e "$BUILD/out/$name" ] || ln -sfn "../trees/$name/out/uml" "$BUILD/out/$name"
done

# A worktree whose repository is gone ($TREE was removed and made again)
# is removed: linux-base is made again below, linux-bisect (the scripts'
# own checkout, bisect-tree.sh) when a script needs it.
for wt in "$BUILD/trees/base/linux" "$BUILD/trees/bisect/linux"; do
	[ -f "$wt/.git" ] || continue
	[ "$(git -C "$wt" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)" = \
	  "$(git -C "$TREE" rev-parse --path-format=absolute --git-common-dir)" ] && continue
	echo "mktree: removing $wt, a worktree of an earlier $TREE"
	rm -rf "$wt"
done
git -C "$TREE" worktree prune
if [ ! -d "$BUILD/linux-base" ]; then
	git -C "$TREE" worktree add -q --detach "$(realpath -m "$BUILD/linux-base")" base
fi

# --reset: drop whatever the tree holds beyond patches/
[ "${1:-}" = --reset ] && rm -f "$STAMP"

if [ -f "$STAMP" ]; then
	read -r hash head < "$STAMP"
	[ "$hash" = "$(series_hash)" ] && exit 0
	if [ "$head" != "$(git -C "$TREE" rev-parse HEAD)" ] ||
	   [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		echo "mktree: patches/ changed, but $TREE has commits or changes that are not in patches/." >&2
		echo "mktree: run 'make export' to keep the tree's work, or 'make reset-tree' to drop it" >&2
		exit 1
	fi
fi
apply_series
