#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh SRC OUT [FRAGMENT]: configure (defconfig + config/uml.config, then
# FRAGMENT if given) and build the UML kernel of source tree SRC into the
# output directory OUT.  Incremental: the configuration is only redone when
# the fragments changed.
set -euo pipefail
. "$(dirname "$0")/common.sh"

SRC=$1
OUT=$2
FRAGS=("$(realpath "$(dirname "$0")/../config/uml.config")")
[ -n "${3:-}" ] && FRAGS+=("$(realpath "$3")")
JOBS=${JOBS:-$(nproc)}
CC="${CC:-gcc}"
command -v ccache >/dev/null && CC="ccache $CC"
export CCACHE_DIR=${CCACHE_DIR:-$(realpath -m "${BUILD:-build}/ccache")}
CCACHE_BASEDIR=$(realpath -m "${BUILD:-build}")
export CCACHE_BASEDIR
export KBUILD_BUILD_TIMESTAMP="2026-11-15" KBUILD_BUILD_USER=uml KBUILD_BUILD_HOST=bench

mkdir -p "$OUT"
OUT=$(realpath "$OUT")
M=(uml_make "$SRC" "$OUT" CC="$CC" HOSTCC="$CC" -j"$JOBS")

# Print each option of the fragments that this tree defines but that is not
# set in $OUT/.config the way the fragments say.
unstuck() {
	local opt sym
	for opt in $(grep -ohE '^CONFIG_[A-Z0-9_]*=[^#]*' "${FRAGS[@]}"); do
		sym=${opt%%=*}
		# A symbol this tree does not define (e.g. one the series adds)
		grep -rqs --include='Kconfig*' "^config ${sym#CONFIG_}\$" "$SRC/arch/um" "$SRC/lib" "$SRC/fs" "$SRC/init" "$SRC/kernel" "$SRC/mm" || continue
		grep -qx "$opt" "$OUT/.config" || echo "$opt"
	done
}

# Reconfigure when the fragment changed, and also when one of its options
# is missing: an output directory configured for an older tree of the
# series (one that did not define the option yet) keeps building without
# it otherwise, because olddefconfig gives new symbols their defaults.
if ! cat "${FRAGS[@]}" | cmp -s - "$OUT/.fragment" || [ ! -f "$OUT/.config" ] ||
   [ -n "$(unstuck)" ]; then
	"${M[@]}" defconfig >/dev/null
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "${FRAGS[@]}" >/dev/null
	"${M[@]}" olddefconfig >/dev/null
	missing=$(unstuck)
	if [ -n "$missing" ]; then
		echo "build: did not stick in $OUT/.config:" $missing >&2
		exit 1
	fi
	cat "${FRAGS[@]}" > "$OUT/.fragment"
fi
"${M[@]}" linux
