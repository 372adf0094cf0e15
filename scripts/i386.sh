#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# i386.sh ("make i386"): the series on 32-bit UML.  Build it with
# SUBARCH=i386, the um selftests with gcc -m32, and a hostfs root with
# Debian's i386 busybox-static (fetched through a private apt state, as
# fetch-base.sh does); then boot it in seccomp mode on 1 and 2 vCPUs and
# in ptrace mode, each running the selftests.  The tests that forge x86_64
# frames skip themselves.  Then the reproducer of patch 9 on the base:
# tls_threads_test must fail on the i386 base with 2 vCPUs in seccomp
# mode, where threads of a process run with each other's TLS.  Needs a
# host that runs 32-bit programs (IA32 emulation) and gcc-multilib.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh
. scripts/common.sh

I=$BUILD/i386
mkdir -p "$I"

die() { echo "i386: $*" >&2; exit 1; }

# Debian's i386 busybox-static, unpacked into $I/busybox-deb
busybox32() {
	local apt m deb
	apt=$(realpath -m "$I/apt")
	[ -x "$I/busybox-deb/bin/busybox" ] && return 0
	m=$(debian_mirror) || die "no Debian mirror found in /etc/apt (set DEBIAN_MIRROR=http://<mirror>/debian)"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"
	echo "deb [arch=i386 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m bookworm main" \
		>"$apt/sources.list"
	local o=(-o "Dir::Etc::SourceList=$apt/sources.list"
		 -o "Dir::Etc::SourceParts=$apt/none"
		 -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
		 -o "APT::Sandbox::User=root"
		 -o "APT::Architecture=i386" -o "APT::Architectures=i386")
	apt-get -q "${o[@]}" update >"$apt/update.log" 2>&1 ||
		die "apt-get update of the private i386 index failed (see $apt/update.log)"
	rm -f "$apt/dl/"*.deb
	(cd "$apt/dl" && apt-get -q "${o[@]}" download busybox-static:i386) \
		>"$apt/download.log" 2>&1 ||
		die "apt-get download busybox-static:i386 failed (see $apt/download.log)"
	deb=$(ls "$apt/dl/"*.deb)
	rm -rf "$I/busybox-deb"
	dpkg-deb -x "$deb" "$I/busybox-deb"
}

host32() {
	echo 'int main(void) { return 0; }' >"$I/t.c"
	gcc -m32 -static -o "$I/t32" "$I/t.c" 2>"$I/t.log" ||
		die "gcc -m32 -static cannot link (apt-get install gcc-multilib), see $I/t.log"
	"$I/t32" || die "this host does not run 32-bit programs (no IA32 emulation)"
}

ksft32() {
	rm -rf "$I/ksft"
	make -s -C "$BUILD/linux/tools/testing/selftests" TARGETS=um \
		CC="gcc -m32" USERLDFLAGS=-static \
		O="$(realpath -m "$I/ksft/obj")" \
		INSTALL_PATH="$(realpath -m "$I/ksft/install")" install
}

boot32() {	# NAME KERNEL ARGS...
	local name=$1 kernel=$2
	shift 2
	step "$name" env BUSYBOX="$BUSYBOX" scripts/boot.sh --kernel "$kernel" --rootfs "$I/rootfs" \
		--ksft "$I/ksft/install" --log "$LOGS/$name.console.log" "$@"
}

must i386-host		host32
must i386-busybox	busybox32
# boot.sh makes its --rootfs again whenever BUSYBOX differs from the one
# the root was made with
BUSYBOX=$(realpath -m "$I/busybox-deb/bin/busybox")
must i386-rootfs	env BUSYBOX="$BUSYBOX" scripts/mkrootfs.sh "$I/rootfs"
must i386-tree		scripts/mktree.sh
must i386-build		env UML_SUBARCH=i386 scripts/build.sh "$BUILD/linux" "$I/out/series"
must i386-selftests	ksft32
K=$I/out/series/linux
boot32 i386-seccomp-1cpu	"$K" --seccomp on --ncpus 1
boot32 i386-seccomp-2cpu	"$K" --seccomp on --ncpus 2
boot32 i386-ptrace-1cpu		"$K" --seccomp off --ncpus 1
scripts/uml_log.py summary "$LOGS"/i386-{seccomp-1cpu,seccomp-2cpu,ptrace-1cpu}.json 2>/dev/null || true

# The base: tls_threads_test must fail there (its boot's own verdict is
# a failure, so it is judged here instead)
tls_on_base() {
	local log=$LOGS/i386-tls-on-base.console.log json=$LOGS/i386-tls-on-base.json
	env BUSYBOX="$BUSYBOX" scripts/boot.sh --kernel "$I/out/base/linux" --rootfs "$I/rootfs" \
		--ksft "$I/ksft/install" --seccomp on --ncpus 2 --tests tls_threads_test \
		--log "$log" --json "$json" >/dev/null 2>&1
	if scripts/uml_log.py find "$json" threads_keep_their_own_tls | grep -q '^fail'; then
		echo "PASS: tls_threads_test failed on the i386 base (2 vCPUs, seccomp)"
	else
		echo "FAIL: tls_threads_test did not fail on the i386 base (see $log)"
		return 1
	fi
}
must i386-build-base	env UML_SUBARCH=i386 scripts/build.sh "$BUILD/linux-base" "$I/out/base"
step i386-tls-on-base	tls_on_base
summary
