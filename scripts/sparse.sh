#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run sparse (make C=2) on every C file of the kernel that the series
# touches and the UML configuration builds: in the base ($BUILD/linux-base,
# built in $BUILD/out/base) and in the committed series ($BUILD/linux-bisect
# at 'series', built in $BUILD/out/bisect by per-patch-build.sh).  Only the
# objects asked for are rebuilt if stale; sparse runs on them either way.
# Fail on any sparse warning or error the series adds.  Compared without
# line and column numbers, so moved code still matches.  (arch/um/os-Linux
# is built against the host's headers and is noisy under sparse: only what
# the series adds counts.)  SPARSE=PATH names another sparse binary.
#
# The kernel's headers use __typeof_unqual__ under __CHECKER__, which
# sparse 0.6.4 (the last release, Debian 12's) cannot parse: kbuild then
# skips the check with a mere warning.  Such a sparse is run through a
# shim that reads __typeof_unqual__ as __typeof__, for base and series
# alike (qualifiers are kept where the kernel drops them: a few more
# warnings, the same on both sides).
set -euo pipefail

. "$(dirname "$0")/common.sh"
TREE=$BUILD/linux
BASE=$BUILD/linux-base
WT=$BUILD/linux-bisect
LOGS=$BUILD/logs
HERE=$(dirname "$0")

die() { echo "sparse: $*" >&2; exit 1; }

SPARSE=$(command -v "${SPARSE:-sparse}") ||
	die "${SPARSE:-sparse} not found: apt-get install sparse (or run scripts/deps.sh)"
valid() { [ "$(sh "$BASE/scripts/checker-valid.sh" "$1" 2>/dev/null)" = 1 ]; }
if ! valid "$SPARSE"; then
	shim=$(realpath -m "$BUILD/out/sparse-shim/sparse")
	mkdir -p "$(dirname "$shim")"
	printf '#!/bin/sh\nexec %s -D__typeof_unqual__=__typeof__ "$@"\n' "$SPARSE" > "$shim"
	chmod +x "$shim"
	valid "$shim" ||
		die "$SPARSE ($("$SPARSE" --version 2>&1)) cannot check this kernel, not even through $shim: build sparse from its git tree and run with SPARSE=/path/to/sparse"
	echo "sparse: $SPARSE ($("$SPARSE" --version 2>&1)) lacks __typeof_unqual__: using -D__typeof_unqual__=__typeof__"
	SPARSE=$shim
fi
[ -f "$BUILD/out/base/.config" ] || die "$BUILD/out/base is not configured: run 'make build-base' first"
[ -f "$BUILD/out/bisect/.config" ] || die "$BUILD/out/bisect is not configured: run scripts/per-patch-build.sh first"
[ -e "$BASE/.git" ] || die "no base worktree at $BASE: run 'make tree' first"

# check NAME SRC OUT OBJ...: the normalised sparse warnings of OBJ...,
# built from SRC in OUT; make's output goes to $LOGS/sparse-NAME.log.
check() {
	local log=$LOGS/sparse-$1.log src out rc=0
	src=$(realpath "$2")
	out=$(realpath "$3")
	shift 3
	uml_make "$src" "$out" -k -j"${JOBS:-$(nproc)}" \
		C=2 CHECK="$SPARSE" "$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "sparse: make C=2 $* in $out failed (exit $rc):" >&2
		tail -n 20 "$log" >&2
		return 1
	fi
	if grep -q 'specified, but .* is not available or not up to date' "$log"; then
		echo "sparse: kbuild did not run $SPARSE in $out (see $log)" >&2
		return 1
	fi
	grep -E ': (warning|error): ' "$log" |
		sed -E "s#^$src/##; s#^\./##; s/:[0-9]+:[0-9]+: /: /" | sort -u || true
}

# The kernel's C files that the series adds or changes, as objects, and
# only those the UML configuration builds (selftests are no kernel objects).
objs=()
for f in $(git -C "$TREE" diff --name-only --diff-filter=AM base..series -- '*.c'); do
	o=${f%.c}.o
	if [ -f "$BUILD/out/bisect/$o" ] || [ -f "$BUILD/out/series/$o" ]; then
		objs+=("$o")
	fi
done
[ ${#objs[@]} -gt 0 ] || { echo "sparse: the series changes no C file of the UML build"; exit 0; }

"$HERE/bisect-tree.sh" series
mkdir -p "$LOGS"
# Files the series adds are not in the base.
base_objs=()
for o in "${objs[@]}"; do
	[ -f "$BASE/${o%.o}.c" ] && base_objs+=("$o")
done
old=''
if [ ${#base_objs[@]} -gt 0 ]; then
	old=$(check base "$BASE" "$BUILD/out/base" "${base_objs[@]}")
fi
new=$(check series "$WT" "$BUILD/out/bisect" "${objs[@]}")

count() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi; }
echo "sparse: checked ${objs[*]}"
echo "sparse: $(count "$old") distinct warning(s) in base, $(count "$new") in the series"
added=$(comm -13 <(echo "$old") <(echo "$new") | sed '/^$/d')
if [ -n "$added" ]; then
	echo "sparse: warnings the series adds:"
	printf '%s\n' "$added" | sed 's/^/  /'
	exit 1
fi
echo "sparse: no new warnings"
