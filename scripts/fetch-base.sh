#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the pinned base (common.sh): Debian's $BASE_PKG binary package
# from $BASE_SUITE, verified by sha256, and leave its kernel tarball at
# $BASE_TARBALL.  Uses a private apt state below
# $BUILD/apt; the machine's apt configuration is only read, never changed.
set -euo pipefail

. "$(dirname "$0")/common.sh"
PKG=$BASE_PKG
VER=$BASE_VER
SUITE=$BASE_SUITE
SHA256=$BASE_SHA256
TARBALL=$BASE_TARBALL

die() {
	echo "fetch-base: cannot get $PKG $VER from Debian $SUITE: $*" >&2
	exit 1
}

[ -s "$TARBALL" ] && [ -s "$TARBALL.ok" ] && exit 0

M=$(debian_mirror) || die "no Debian mirror found in /etc/apt (set DEBIAN_MIRROR=http://<mirror>/debian)"
APT=$(realpath -m "$BUILD/apt")
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/dl" "$BUILD/cache"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing (apt-get install debian-archive-keyring)"
echo "deb [signed-by=$KEYRING] $M $SUITE main" > "$APT/sources.list"
OPTS=(-o "Dir::Etc::SourceList=$APT/sources.list"
      -o "Dir::Etc::SourceParts=$APT/none"
      -o "Dir::State::Lists=$APT/lists"
      -o "Dir::Cache=$APT/cache"
      -o "APT::Sandbox::User=root")

echo "fetch-base: $PKG=$VER from $M $SUITE"
apt-get -q "${OPTS[@]}" update >"$APT/update.log" 2>&1 ||
	die "apt-get update of the private index failed (see $APT/update.log)"
rm -f "$APT/dl/"*.deb
(cd "$APT/dl" && apt-get -q "${OPTS[@]}" download "$PKG=$VER") >"$APT/download.log" 2>&1 ||
	die "apt-get download failed (see $APT/download.log)"
DEB=$(ls "$APT/dl/"*.deb)
GOT=$(sha256sum "$DEB" | cut -d' ' -f1)
[ "$GOT" = "$SHA256" ] || die "sha256 mismatch: got $GOT, expected $SHA256"

rm -rf "$APT/x"
dpkg-deb -x "$DEB" "$APT/x" || die "cannot unpack $DEB"
mv "$APT/x/usr/src/$PKG.tar.xz" "$TARBALL"
echo "$SHA256  $(basename "$DEB")" > "$TARBALL.ok"
rm -rf "$APT/x" "$DEB"
echo "fetch-base: verified, cached in $TARBALL"
