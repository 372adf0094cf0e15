#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write the commits base..series of $BUILD/linux back to patches/ as
# "git format-patch" files.  The cover letter's subject and text are kept
# from patches/0000-cover-letter.patch; its headers, shortlog and diffstat
# are regenerated.  Deterministic: no dates or hashes change
# unless the commits do.
set -euo pipefail

. "$(dirname "$0")/common.sh"
PATCHES=${PATCHES:-patches}
TREE=$BUILD/linux
COVER=$PATCHES/0000-cover-letter.patch

[ -d "$TREE/.git" ] || { echo "export: no kernel tree at $TREE: run 'make tree' first" >&2; exit 1; }
if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
	echo "export: $TREE has uncommitted changes: commit them (git -C $TREE commit) first" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=$(git -C "$TREE" rev-list --count base..HEAD)
# No --base: "base" is our import of Debian's tarball, a commit nobody
# else has; the cover letter names the base in words.
args=(--zero-commit --no-signature --no-numbered-files -o "$tmp")
[ "$n" -gt 0 ] && args+=(--cover-letter)
# The cover letter is from whoever git thinks is committing: make that the
# series' author, not the machine's configuration or a GIT_COMMITTER_*
# left in the environment (it wins over user.name).
GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an HEAD)
GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae HEAD)
export GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
git -C "$TREE" format-patch -q "${args[@]}" base..HEAD

if [ -f "$tmp/0000-cover-letter.patch" ]; then
	title="*** SUBJECT HERE ***"
	body="$tmp/body"
	echo "*** BLURB HERE ***" > "$body"
	if [ -f "$COVER" ]; then
		title=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$COVER" | head -1)
		# Text between the headers and the shortlog's "Author (N):" line.
		awk 'hdr && /^[^ \t].* \([0-9]+\):$/ { exit }
		     hdr { print }
		     !hdr && /^$/ { hdr = 1 }' "$COVER" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$body"
	fi
	# Dated like the newest commit, not "now": the export is reproducible.
	awk -v title="$title" -v body="$body" -v date="$(git -C "$TREE" log -1 --format=%aD)" '
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, title) }
		/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < body) > 0) print l; next }
		/^Date: / && !dated { print "Date: " date; dated = 1; next }
		{ print }' "$tmp/0000-cover-letter.patch" > "$tmp/cover"
	mv "$tmp/cover" "$tmp/0000-cover-letter.patch"
fi

mkdir -p "$PATCHES"
find "$PATCHES" -maxdepth 1 -name '*.patch' -delete
cp "$tmp"/*.patch "$PATCHES"/ 2>/dev/null || true
# The tree now holds exactly patches/: record it, so mktree.sh keeps it.
echo "$(series_hash "$PATCHES") $(git -C "$TREE" rev-parse HEAD)" > "$TREE/$SERIES_STAMP"
echo "export: $n patch(es) written to $PATCHES/"
