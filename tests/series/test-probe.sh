#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-probe.sh KERNEL: boot KERNEL under a host seccomp filter that makes
# SECCOMP_FILTER_FLAG_NEW_LISTENER fail with EINVAL, as on a host without
# user notification.  seccomp=on must stop at boot naming the feature;
# seccomp=auto must say so in one line and boot in ptrace mode, or, with
# 2 CPUs, stop saying why and what to do; seccomp=on must stop too where
# the host cannot put an fd into the notifying task.  Then the same under a host
# filter whose listener another process holds (as with a container runtime
# that intercepts system calls): the host refuses UML's listener with EBUSY,
# and the messages must say that, not that a feature is missing, with
# seccomp=on and auto, 1 and 2 CPUs.  What is judged are the kernel's boot
# messages and whether init ran, not TAP: read from the console logs.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
KERNEL=${1:?usage: test-probe.sh KERNEL}
WRAP=$BUILD/tests/no-listener
BUSY=$BUILD/tests/busy-listener
LOGS=$BUILD/logs
FEATURE=SECCOMP_FILTER_FLAG_NEW_LISTENER
fail=0

mkdir -p "$(dirname "$WRAP")" "$LOGS"
gcc -O2 -Wall -o "$WRAP" tests/series/host/no-listener.c || { echo "FAIL: cannot build the wrapper"; exit 1; }
gcc -O2 -Wall -o "$BUSY" tests/series/host/busy-listener.c || { echo "FAIL: cannot build the busy wrapper"; exit 1; }

scripts/boot.sh --kernel "$KERNEL" --seccomp on --timeout 120 --wrapper "$WRAP" \
	--log "$LOGS/probe-on.console.log" >/dev/null 2>&1
if grep -q "SECCOMP userspace requested, but the host lacks $FEATURE" "$LOGS/probe-on.console.log" &&
   ! grep -q '^UMLBENCH-BEGIN' "$LOGS/probe-on.console.log"; then
	echo "PASS: seccomp=on stops at boot: $(grep -m1 'host lacks' "$LOGS/probe-on.console.log")"
else
	echo "FAIL: seccomp=on did not stop naming $FEATURE, see $LOGS/probe-on.console.log"
	fail=1
fi

if scripts/boot.sh --kernel "$KERNEL" --seccomp auto --timeout 300 --wrapper "$WRAP" \
	--log "$LOGS/probe-auto.console.log" >/dev/null 2>&1 &&
   grep -q "SECCOMP userspace unavailable (host lacks $FEATURE), using ptrace" "$LOGS/probe-auto.console.log"; then
	echo "PASS: seccomp=auto falls back to ptrace: $(grep -m1 'using ptrace' "$LOGS/probe-auto.console.log")"
else
	echo "FAIL: seccomp=auto did not boot in ptrace mode with the message, see $LOGS/probe-auto.console.log"
	fail=1
fi
# With more than one CPU there is no ptrace mode to fall back to: the boot
# must stop saying why and what to do (the base booted in seccomp mode).
scripts/boot.sh --kernel "$KERNEL" --seccomp auto --ncpus 2 --timeout 120 --wrapper "$WRAP" \
	--log "$LOGS/probe-auto-smp.console.log" >/dev/null 2>&1
if grep -q "SMP needs SECCOMP userspace, but the host lacks $FEATURE" "$LOGS/probe-auto-smp.console.log" &&
   grep -q "Use ncpus=1, or a host with Linux 5.9 or later" "$LOGS/probe-auto-smp.console.log" &&
   ! grep -q '^UMLBENCH-BEGIN' "$LOGS/probe-auto-smp.console.log"; then
	echo "PASS: seccomp=auto with 2 CPUs stops saying why: $(grep -m1 'SMP needs' "$LOGS/probe-auto-smp.console.log")"
else
	echo "FAIL: seccomp=auto with 2 CPUs did not stop with the reason and what to do, see $LOGS/probe-auto-smp.console.log"
	fail=1
fi

# A host that lets UML have a listener but cannot put an fd into the
# notifying task (before 5.9): seccomp mode cannot hand a batch its fds.
log=$LOGS/probe-no-addfd.console.log
printf '#!/bin/sh\nexec %s -a "$@"\n' "$(realpath "$WRAP")" > "$WRAP-addfd"
chmod +x "$WRAP-addfd"
scripts/boot.sh --kernel "$KERNEL" --seccomp on --timeout 120 --wrapper "$WRAP-addfd" \
	--log "$log" >/dev/null 2>&1
if grep -q "SECCOMP userspace requested, but the host lacks SECCOMP_IOCTL_NOTIF_ADDFD" "$log" &&
   ! grep -q '^UMLBENCH-BEGIN' "$log"; then
	echo "PASS: seccomp=on without ADDFD stops at boot: $(grep -m1 'host lacks' "$log")"
else
	echo "FAIL: seccomp=on without SECCOMP_IOCTL_NOTIF_ADDFD did not stop naming it, see $log"
	fail=1
fi

# EBUSY: the host has every feature, but a listener is in the way.
REFUSED="the host refused its seccomp listener (EBUSY)"
busy_stops() {	# NAME SECCOMP NCPUS WHAT: the boot must stop with WHAT and the reason
	local log=$LOGS/probe-busy-$1.console.log
	scripts/boot.sh --kernel "$KERNEL" --seccomp "$2" --ncpus "$3" --timeout 120 \
		--wrapper "$BUSY" --log "$log" >/dev/null 2>&1
	if grep -q "$4, but $REFUSED" "$log" &&
	   grep -q "Seccomp mode needs its own listener" "$log" &&
	   ! grep -q "host lacks" "$log" && ! grep -q '^UMLBENCH-BEGIN' "$log"; then
		echo "PASS: seccomp=$2 with $3 CPU(s) under a busy listener stops: $(grep -m1 "$REFUSED" "$log" | cut -c1-100)..."
	else
		echo "FAIL: seccomp=$2 with $3 CPU(s) under a busy listener did not stop saying what is in the way, see $log"
		fail=1
	fi
}
busy_stops on-1cpu on 1 "SECCOMP userspace requested"
busy_stops on-2cpu on 2 "SECCOMP userspace requested"
busy_stops auto-2cpu auto 2 "SMP needs SECCOMP userspace"

log=$LOGS/probe-busy-auto-1cpu.console.log
if scripts/boot.sh --kernel "$KERNEL" --seccomp auto --timeout 300 --wrapper "$BUSY" \
	--log "$log" >/dev/null 2>&1 &&
   grep -q "refused (EBUSY): another listener is in the way" "$log" &&
   grep -q "SECCOMP userspace unavailable (a seccomp filter around UML has a listener already), using ptrace" "$log"; then
	echo "PASS: seccomp=auto under a busy listener falls back to ptrace: $(grep -m1 'using ptrace' "$log")"
else
	echo "FAIL: seccomp=auto under a busy listener did not boot in ptrace mode saying why, see $log"
	fail=1
fi
exit $fail
