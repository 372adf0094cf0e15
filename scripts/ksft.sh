#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksft.sh TREE OUT: build the um kselftests of TREE, statically linked for
# the busybox guest, and install them with their runner into OUT/install.
# Leaves OUT/install without tests (and says so) when TREE has none.
set -euo pipefail

TREE=$(realpath "$1")
OUT=$(realpath -m "$2")

rm -rf "$OUT/install"
mkdir -p "$OUT/install"
if [ ! -d "$TREE/tools/testing/selftests/um" ]; then
	echo "ksft: $TREE has no tools/testing/selftests/um yet; nothing to run"
	exit 0
fi
make -s -C "$TREE/tools/testing/selftests" TARGETS=um USERLDFLAGS=-static \
	O="$OUT/obj" INSTALL_PATH="$OUT/install" install
