# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034  # its variables are for the scripts that source it
#
# Sourced by the scripts: what more than one of them must agree on.  The
# settings can be overridden from the environment.

BUILD=${BUILD:-build}

# The pinned base: Debian's binary package of the kernel source, from
# $BASE_SUITE through a private apt state (fetch-base.sh).  The package
# ships the tree as /usr/src/$BASE_PKG.tar.xz.
BASE_PKG=${BASE_PKG:-linux-source-7.3}
BASE_VER=${BASE_VER:-7.3.4-1~bpo13+1}
BASE_SUITE=${BASE_SUITE:-trixie-backports}
BASE_SHA256=${BASE_SHA256:-703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3}
BASE_TARBALL=$BUILD/cache/$BASE_PKG.tar.xz
# The author of the base commit in $BUILD/linux (never a sign-off)
BASE_IDENT="Debian $BASE_PKG"

# series_patches [DIR]: the series' patch files in DIR (default
# $PATCHES or patches), in order, without the cover letter.
series_patches() {
	find "${1:-${PATCHES:-patches}}" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' | sort
}

# series_hash [DIR]: one hash of those patches' contents.  A tree records
# it with its HEAD in TREE/$SERIES_STAMP when it holds exactly them.
series_hash() {
	series_patches "$@" | xargs -r cat | sha256sum | cut -d' ' -f1
}
SERIES_STAMP=.git/series-applied

# The series' b4 change-id (b4 prep): the same for every version of the
# series, so that v2 and later are recognised as versions of v1.
SUBMIT_CHANGE_ID=${SUBMIT_CHANGE_ID:-20261203-uml-seccomp-notif-69781c719009}

# uml_make SRC OUT ARGS...: make in the kernel tree SRC for UML (x86_64,
# or UML_SUBARCH), output in OUT.
uml_make() {
	local src=$1 out=$2

	shift 2
	make -s -C "$src" O="$(realpath -m "$out")" ARCH=um \
		SUBARCH="${UML_SUBARCH:-x86_64}" "$@"
}

# The mirror the machine already uses for Debian (first deb.sources URI or
# sources.list line naming a Debian archive), unless DEBIAN_MIRROR is set.
debian_mirror() {
	local f
	[ -n "${DEBIAN_MIRROR:-}" ] && { echo "$DEBIAN_MIRROR"; return; }
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$f"
	done | grep -m1 -E '/debian/?$' && return
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' |
		grep -m1 -E '/debian/?$' && return
	return 1
}

# uml_pid LOG [TRIES]: the UML process of the boot that logs to LOG, once
# it runs: of the processes with that boot's uml_dir= (unique, boot.sh's
# first log line names it), the one whose parent is not a UML process.
# Looks TRIES (100) times, 0.1 s apart.
uml_pid() {
	local p dir='' i

	for ((i = 0; i < ${2:-100}; i++)); do
		[ -n "$dir" ] || dir=$(sed -n 's/^UMLBENCH-HOST: cmdline: .* uml_dir=\([^ ]*\).*/\1/p' "$1" 2>/dev/null | head -n 1 || true)
		for p in $( [ -z "$dir" ] || pgrep -f "uml_dir=$dir( |$)" || true); do
			[ "$(ps -o comm= -p "$(ps -o ppid= -p "$p" | tr -d ' ')")" = linux ] || { echo "$p"; return 0; }
		done
		sleep 0.1
	done
	return 1
}

# json_of LOG: where boot.sh writes the JSON verdict of console log LOG:
# NAME.console.log -> NAME.json (NAME.log -> NAME.json, else LOG.json).
json_of() {
	case $1 in
	*.console.log) echo "${1%.console.log}.json" ;;
	*.log) echo "${1%.log}.json" ;;
	*) echo "$1.json" ;;
	esac
}

# The tag of Documentation/process/coding-assistants.rst: "Assisted-by: LLM"
# and optional names of specialized tools
ASSISTED_BY_RE='^Assisted-by: LLM( [A-Za-z0-9][A-Za-z0-9_.+-]*)*$'
