#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job ("make"): fetch the base, apply the series, build it, boot
# it in seccomp mode and run the um selftests inside, then summarise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh

must deps		scripts/deps.sh
must fetch-base		scripts/fetch-base.sh
must tree		scripts/mktree.sh
must build-series	scripts/build.sh "$BUILD/linux" "$BUILD/out/series"
must selftests-build	scripts/ksft.sh "$BUILD/linux" "$BUILD/ksft/series"
step boot-seccomp-1cpu	scripts/boot.sh --kernel "$BUILD/out/series/linux" \
			--seccomp on --ncpus 1 --ksft "$BUILD/ksft/series/install" \
			--log "$LOGS/boot-seccomp-1cpu.console.log"
# From the boot's JSON verdict, not its log
scripts/uml_log.py summary "$LOGS/boot-seccomp-1cpu.json" 2>/dev/null || true
summary
