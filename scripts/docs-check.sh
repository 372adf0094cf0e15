#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the series' documentation of seccomp mode,
# Documentation/virt/uml/seccomp-notif.rst, with the kernel's own Sphinx
# build, narrowed to Documentation/virt (make SPHINXDIRS=virt htmldocs),
# from $BUILD/linux-bisect at 'series' into $BUILD/out/docs.  Fails on any
# Sphinx warning or error about that document.
set -euo pipefail

BUILD=${BUILD:-build}
WT=$BUILD/linux-bisect
OUT=$BUILD/out/docs
DOC=Documentation/virt/uml/seccomp-notif.rst
HTML=Documentation/output/virt/uml/seccomp-notif.html
HERE=$(dirname "$0")

die() { echo "docs-check: $*" >&2; exit 1; }

command -v sphinx-build >/dev/null ||
	die "sphinx-build not found: apt-get install python3-sphinx (or run scripts/deps.sh)"
"$HERE/bisect-tree.sh" series
[ -f "$WT/$DOC" ] || die "the series has no $DOC"

# From scratch: Sphinx does not read an unchanged document again, so an
# incremental build would not repeat its warnings.
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
log=$OUT/htmldocs.log
if ! make -C "$WT" O="$OUT" SPHINXDIRS=virt htmldocs >"$log" 2>&1; then
	tail -n 20 "$log"
	die "make SPHINXDIRS=virt htmldocs failed (log: $log)"
fi
[ -f "$OUT/$HTML" ] || die "$OUT/$HTML was not written (log: $log)"

bad=$(grep -E 'seccomp-notif\.rst.*(WARNING|ERROR|SEVERE|CRITICAL)' "$log" || true)
if [ -n "$bad" ]; then
	echo "docs-check: Sphinx complains about $DOC:"
	printf '%s\n' "$bad" | sed "s#$(realpath "$WT")/##; s/^/  /"
	exit 1
fi
echo "docs-check: $DOC builds without warnings: $OUT/$HTML"
