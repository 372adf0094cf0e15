# SPDX-License-Identifier: GPL-2.0
#
# Workbench for the UML seccomp hardening series.  See README.md.

BUILD ?= build
export BUILD

.PHONY: all check tree reset-tree export build build-base clean help bench stress measure-fds measure-procs \
	submit-prep fuzz selftest ksft-compare i386

all:
	@scripts/run.sh

check:
	@scripts/check.sh

# The workbench's own checks (shellcheck, parser and report unit tests).
selftest:
	@scripts/deps.sh && scripts/selftest.sh

tree:
	@scripts/deps.sh && scripts/fetch-base.sh && scripts/mktree.sh

# Drop whatever the kernel tree holds beyond patches/ and apply patches/ again.
reset-tree:
	@scripts/deps.sh && scripts/fetch-base.sh && scripts/mktree.sh --reset

export:
	@scripts/export.sh

build: tree
	@scripts/build.sh $(BUILD)/linux $(BUILD)/out/series

build-base: tree
	@scripts/build.sh $(BUILD)/linux-base $(BUILD)/out/base

# The measurements build what they boot, so they also run from a fresh clone.
bench: build build-base
	@scripts/bench.sh

stress: build
	@scripts/stress.sh

measure-fds: build
	@scripts/measure-fds.sh

measure-procs: build build-base
	@scripts/measure-procs.sh

# The stub protocol fuzzer, FUZZ_SECONDS (default 600) on 1 and 2 vCPUs,
# then the SMP unmap race as long on 2 vCPUs.
fuzz: build
	@scripts/ksft.sh $(BUILD)/linux $(BUILD)/ksft/series >/dev/null && scripts/fuzz.sh

# The series on 32-bit UML: built with SUBARCH=i386, booted in seccomp mode
# (1 and 2 vCPUs) and ptrace mode with the selftests built by gcc -m32.
i386:
	@scripts/deps.sh gcc-multilib && scripts/i386.sh

# Upstream futex, pidfd, clone3 and seccomp kselftests: base against series,
# 1 and 2 vCPUs, KSFT_COMPARE_RUNS (2) boots each.
ksft-compare: tree
	@scripts/deps.sh && scripts/ksft-compare.sh

# patches/ signed off and written as mails by b4 in $(BUILD)/submit (sends nothing).
submit-prep:
	@scripts/submit-prep.sh

clean:
	rm -rf $(BUILD)/out $(BUILD)/trees/*/out $(BUILD)/ksft $(BUILD)/logs $(BUILD)/rootfs \
		$(BUILD)/bisect $(BUILD)/submit

help:
	@echo "make              build the series, boot it (seccomp), run the um selftests, print a summary"
	@echo "make check        every check: workbench selftest, checkpatch, per-patch builds and boots, W=1, sparse, docs, boot matrix, attack tests on base, workbench tests"
	@echo "make selftest     the workbench's own checks in seconds: shellcheck, Python unit tests, the parser's JSON schema, the scripts make check names"
	@echo "make tree         fetch the pinned base and apply patches/ to $(BUILD)/linux"
	@echo "make reset-tree   re-apply patches/ to $(BUILD)/linux, dropping unexported work"
	@echo "make export       write the kernel tree's commits on top of 'base' to patches/"
	@echo "make build        build the series' UML kernel into $(BUILD)/out/series"
	@echo "make build-base   build the pristine base into $(BUILD)/out/base"
	@echo "make bench        base/series/ptrace benchmark (see README)"
	@echo "make stress       the series under a long fork/paging/churn storm"
	@echo "make measure-fds  host file descriptors per guest process, base and series"
	@echo "make measure-procs host processes per guest process at RLIMIT_NPROC, base and series"
	@echo "make fuzz         the stub protocol fuzzer, FUZZ_SECONDS (600) on 1 and 2 vCPUs, then the SMP unmap race as long; FUZZ_SEED=N to repeat"
	@echo "make i386         the series on 32-bit UML: seccomp (1 and 2 vCPUs) and ptrace boots with the selftests built -m32"
	@echo "make ksft-compare upstream futex/pidfd/clone3/seccomp kselftests on base and series, 1 and 2 vCPUs, verdicts compared test by test"
	@echo "make submit-prep  patches/ signed off, as mails by b4 (prep, send -o) in $(BUILD)/submit, and the b4 send command (sends nothing)"
	@echo "make clean        remove build outputs, logs and boots; keeps downloads, trees and ccache"
	@echo "make help         this list"
