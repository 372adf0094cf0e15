#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/measure-fds.sh: a fork+exec+exit storm between two
# markers that the host watches for.
n=${fdstorm_forks:-10000}
SRC=$(dirname "$0")
mkdir -p /tmp/fds && cp "$SRC/nop" "$SRC/forkexec" /tmp/fds/ || exit 1
sleep 1
echo "FDSTORM-START"
sleep 1
/tmp/fds/forkexec "$n" /tmp/fds/nop || exit 1
sleep 1
echo "FDSTORM-END"
sleep 1
