#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the UML guest (busybox sh).  boot.sh passes its settings as
# kernel parameters, which the kernel hands to init as environment:
#   umlbench_run    kselftest (default) | hang | cmd
#   umlbench_ksft   host directory with an installed kselftest tree
#   umlbench_tests  comma-separated tests for run_kselftest.sh -t
#   umlbench_cmd    guest path of the command to run with umlbench_run=cmd
# The host side (uml_log.py) reads the UMLBENCH-* lines on the console.
# No "set -e": PID 1 must always reach the power-off at the end.

export PATH=/sbin:/usr/sbin:/bin:/usr/bin
export HOME=/root
# The console is a tty: without this, every line of user output would end
# in CR LF in the host's log.
stty -onlcr 2>/dev/null

mount -t proc proc /proc
mount -t sysfs sysfs /sys
# CONFIG_DEVTMPFS_MOUNT usually mounted /dev already.
grep -q '^[^ ]* /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# devtmpfs lacks the links udev would make; without /dev/stdout the
# kselftest runner ("... >> /dev/stdout") writes all test output to a file.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do
	[ -e "/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%%:*}" "/dev/${i#*:}"
done
# POSIX shared memory and semaphores need /dev/shm, ptys /dev/pts.
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

end() {
	echo "UMLBENCH-END rc=$1"
	sync
	poweroff -f
	# Still here: exiting makes the kernel panic, and UML exits on panic.
	echo "UMLBENCH-POWEROFF-FAILED"
	exit 1
}

# Mount the kselftest tree (also used by umlbench_run=cmd); prints why not.
mount_ksft() {
	[ -n "${umlbench_ksft:-}" ] || { echo "umlbench_ksft not set"; return 1; }
	mkdir -p /kselftest
	mount -t hostfs none /kselftest -o "$umlbench_ksft" ||
		{ echo "cannot mount host directory $umlbench_ksft"; return 2; }
}

run_kselftest() {
	why=$(mount_ksft)
	case $? in
	1) echo "UMLBENCH-BEGIN"; echo "UMLBENCH-NOTESTS $why"; end 0 ;;
	2) echo "UMLBENCH-BEGIN"; echo "UMLBENCH-ERROR $why"; end 1 ;;
	esac
	echo "UMLBENCH-BEGIN"
	if [ ! -f /kselftest/run_kselftest.sh ]; then
		echo "UMLBENCH-NOTESTS no run_kselftest.sh in $umlbench_ksft"
		end 0
	fi
	set --
	# "NAME" means um:NAME; "COLLECTION:NAME" is passed as is.
	for t in $(echo "${umlbench_tests:-}" | tr ',' ' '); do
		case $t in
		*:*) set -- "$@" -t "$t" ;;
		*) set -- "$@" -t "um:$t" ;;
		esac
	done
	cd /kselftest || end 1
	# stdin from /dev/null: a test that reads the console must not block.
	./run_kselftest.sh "$@" </dev/null 2>&1
	rc=$?
	cd /
	end $rc
}

case ${umlbench_run:-kselftest} in
kselftest)
	run_kselftest
	;;
hang)
	echo "UMLBENCH-BEGIN"
	while :; do sleep 3600; done
	;;
cmd)
	why=$(mount_ksft)
	mrc=$?
	echo "UMLBENCH-BEGIN"
	if [ $mrc -eq 2 ]; then
		echo "UMLBENCH-ERROR $why"
		end 1
	fi
	if [ -z "${umlbench_cmd:-}" ]; then
		echo "UMLBENCH-ERROR umlbench_run=cmd but umlbench_cmd not set"
		end 1
	fi
	"$umlbench_cmd" </dev/null 2>&1
	end $?
	;;
*)
	echo "UMLBENCH-BEGIN"
	echo "UMLBENCH-ERROR unknown umlbench_run=$umlbench_run"
	end 1
	;;
esac
