#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkrootfs.sh ROOTFS: make ROOTFS a directory that UML can boot from with
# rootfstype=hostfs: a static busybox with its applet links, /init (a copy of
# guest/init.sh) and the empty mount points.  A stamp records what it
# was made from, so a second call is a no-op unless an input changed.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: mkrootfs.sh ROOTFS" >&2; exit 2; }
ROOTFS=$1
HERE=$(dirname "$(realpath "$0")")
INIT=$HERE/../guest/init.sh
BUSYBOX=${BUSYBOX:-/bin/busybox}
STAMP=$ROOTFS/.umlbench-rootfs

die() { echo "mkrootfs: $*" >&2; exit 1; }

[ -x "$BUSYBOX" ] || die "$BUSYBOX not found: apt-get install busybox-static"
# The guest has no shared libraries, so a dynamic busybox cannot run there.
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is dynamically linked: apt-get install busybox-static"
fi
[ -r "$INIT" ] || die "$INIT missing: restore guest/init.sh"

want=$(cat "$BUSYBOX" "$INIT" "$0" | sha256sum | cut -d' ' -f1)
[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && exit 0

rm -f "$STAMP"
mkdir -p "$ROOTFS"
cd "$ROOTFS"
mkdir -p bin sbin usr/bin usr/sbin proc sys dev tmp mnt etc root kselftest
chmod 1777 tmp
cp "$BUSYBOX" "bin/busybox.new.$$"
mv -f "bin/busybox.new.$$" bin/busybox

# Links come from busybox itself, so they match the applets it really has.
# No usr/bin/timeout: the kselftest runner would run "timeout --foreground",
# which busybox lacks, and fail every test; without it the runner runs the
# tests directly and boot.sh's hard timeout covers hangs.  linuxrc is for
# initrds only.
"$BUSYBOX" --list-full | while read -r path; do
	case $path in
	bin/busybox | linuxrc | usr/bin/timeout | usr/bin/perl) continue ;;
	esac
	[ -d "${path%/*}" ] || mkdir -p "${path%/*}"
	ln -sfn /bin/busybox "$path"
done
# Drop links an older rootfs may have had (see above).
for f in usr/bin/timeout usr/bin/perl; do
	if [ "$(readlink "$f" || true)" = /bin/busybox ]; then rm -f "$f"; fi
done

# Some tests look up users and groups by name.
[ -f etc/passwd ] || echo "root:x:0:0:root:/root:/bin/sh" > etc/passwd
[ -f etc/group ] || echo "root:x:0:" > etc/group

cp "$INIT" "init.new.$$"
chmod 755 "init.new.$$"
mv -f "init.new.$$" init
echo "$want" > "$STAMP"
