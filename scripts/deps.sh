#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh [PACKAGE...]: install the Debian packages the workbench needs,
# and PACKAGEs, only those missing.
# Without root, print the apt-get line to run and stop.
set -euo pipefail

PKGS=(build-essential flex bison bc git xz-utils python3 perl
      busybox-static ccache sparse codespell python3-sphinx rsync shellcheck
      debian-archive-keyring libcap-dev b4)
# and what the caller needs beyond them
PKGS+=("$@")

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root:  apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q "${missing[@]}" >/tmp/umlbench-apt.log 2>&1; then
	apt-get update -q >/dev/null 2>&1 || true
	apt-get install -y -q "${missing[@]}" >/tmp/umlbench-apt.log 2>&1 || {
		echo "deps: apt-get install ${missing[*]} failed, see /tmp/umlbench-apt.log" >&2
		exit 1
	}
fi
