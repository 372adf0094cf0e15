#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mixed.sh DIR: the "real-world" workload, timed as a whole by benchtime.
# DIR holds src/, a tree made by mktree.  What it does is a packaging or
# CI step: archive and compress a source tree, unpack it elsewhere, check
# that it came back intact, checksum every file and sort a large text.
# Each stage is a busybox process (a static binary, as everything in this
# guest is), so it mixes what the other workloads isolate: fork+exec of
# pipelines, file I/O on tmpfs, and heap growth and page faults in gzip,
# tar and sort.  The compiler a real build would use is not in the guest.
set -eu
cd "$1"
rm -rf out src.tar.gz sums sorted
tar -cf - src | gzip -6 >src.tar.gz
mkdir out
gzip -dc src.tar.gz | tar -xf - -C out
diff -r src out/src >/dev/null
find src -type f | sort | xargs md5sum >sums
cat src/*/* | sort >sorted
rm -rf out
