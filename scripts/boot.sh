#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh --kernel PATH [options]: boot a UML kernel on a hostfs root, run
# kselftests (or a command, or a deliberate hang) in it under a hard
# timeout, log the console, then judge the log with uml_log.py, write its
# JSON next to the log (NAME.console.log -> NAME.json) and exit with its
# status.  Needs neither root nor network.
set -euo pipefail

HERE=$(dirname "$(realpath "$0")")
BUILD=$(realpath -m "${BUILD:-$HERE/../build}")
. "$HERE/common.sh"

usage() {
	cat <<EOF
usage: boot.sh --kernel PATH [options]
  --kernel PATH      UML binary (required)
  --seccomp MODE     on | off | auto (default on); off means ptrace
  --ncpus N          guest CPUs (default 1; more than 1 needs seccomp)
  --mem SIZE         guest memory (default 512M)
  --rootfs DIR       hostfs root (default build/rootfs, made by mkrootfs.sh)
  --ksft DIR         installed kselftest tree (optional)
  --tests LIST       comma-separated tests, NAME means um:NAME (optional)
  --run MODE         kselftest | hang | cmd (default kselftest)
  --cmd PATH         guest path of the command for --run cmd
  --timeout SECONDS  hard timeout for the whole boot (default 900)
  --log FILE         console log (default build/logs/NAME-SECCOMP-Ncpu.console.log)
  --json FILE        uml_log.py's JSON verdict (default: the log's name, .json for .console.log)
  --count PATTERN    count guest kernel log lines matching PATTERN (repeatable)
  --extra "ARGS"     extra kernel parameters
  --wrapper PATH     run the kernel as "PATH KERNEL ARGS..." (e.g. under a host seccomp filter)
  --verbose          echo the console to stderr while it runs
EOF
	exit "${1:-2}"
}

die() { echo "boot: $*" >&2; exit 2; }

KERNEL='' SECCOMP=on NCPUS=1 MEM=512M ROOTFS=$BUILD/rootfs KSFT='' TESTS=''
RUN=kselftest CMD='' TIMEOUT=900 LOG='' JSON='' EXTRA='' VERBOSE='' WRAPPER=''
COUNT=()
while [ $# -gt 0 ]; do
	case $1 in
	--verbose) VERBOSE=1; shift; continue ;;
	-h | --help) usage 0 ;;
	--*) [ $# -ge 2 ] || die "$1 needs a value (see --help)" ;;
	*) die "unexpected argument '$1' (see --help)" ;;
	esac
	case $1 in
	--kernel) KERNEL=$2 ;;
	--seccomp) SECCOMP=$2 ;;
	--ncpus) NCPUS=$2 ;;
	--mem) MEM=$2 ;;
	--rootfs) ROOTFS=$2 ;;
	--ksft) KSFT=$2 ;;
	--tests) TESTS=$2 ;;
	--run) RUN=$2 ;;
	--cmd) CMD=$2 ;;
	--timeout) TIMEOUT=$2 ;;
	--log) LOG=$2 ;;
	--json) JSON=$2 ;;
	--count) COUNT+=(--count "$2") ;;
	--extra) EXTRA=$2 ;;
	--wrapper) WRAPPER=$(realpath "$2") ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift 2
done

[ -n "$KERNEL" ] || die "--kernel PATH is required (e.g. build/out/base/linux)"
[ -x "$KERNEL" ] || die "kernel $KERNEL is not an executable file: build it first"
KERNEL=$(realpath "$KERNEL")
case $SECCOMP in on | off | auto) ;; *) die "--seccomp must be on, off or auto, not '$SECCOMP'" ;; esac
[[ $NCPUS =~ ^[1-9][0-9]*$ ]] || die "--ncpus must be a positive number, not '$NCPUS'"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, not '$TIMEOUT'"
[[ $MEM =~ ^[0-9]+[KMG]?$ ]] || die "--mem must look like 512M, not '$MEM'"
# UML refuses SMP without seccomp; say so before booting.
[ "$SECCOMP" != off ] || [ "$NCPUS" -eq 1 ] ||
	die "--ncpus $NCPUS needs --seccomp on (ptrace mode is uniprocessor)"
case $RUN in
kselftest | hang) ;;
cmd) [ -n "$CMD" ] || die "--run cmd needs --cmd PATH (a path inside the guest)" ;;
*) die "--run must be kselftest, hang or cmd, not '$RUN'" ;;
esac

# Kernel parameters are split at blanks and hostfs options at commas, so
# paths holding either cannot be passed.
plain_path() {
	[[ $2 != *[[:space:],]* ]] || die "$1 path '$2' contains a blank or comma: use another directory"
}
ROOTFS=$(realpath -m "$ROOTFS")
plain_path --rootfs "$ROOTFS"
if [ -n "$KSFT" ]; then
	[ -d "$KSFT" ] || die "--ksft $KSFT is not a directory: install the kselftests there first"
	KSFT=$(realpath "$KSFT")
	plain_path --ksft "$KSFT"
fi
[[ $TESTS$CMD != *[[:space:]]* ]] || die "--tests and --cmd must not contain blanks"

"$HERE/mkrootfs.sh" "$ROOTFS"

if [ -z "$LOG" ]; then
	LOG=$BUILD/logs/$(basename "$(dirname "$KERNEL")")-$SECCOMP-${NCPUS}cpu.console.log
fi
mkdir -p "$(dirname "$LOG")"
LOG=$(realpath -m "$LOG")
# Every consumer reads the verdict from the JSON, never the log again.
[ -n "$JSON" ] || JSON=$(json_of "$LOG")
rm -f "$JSON"

# UML backs guest memory with a file in $TMPDIR, else /dev/shm, which must
# allow PROT_EXEC mappings; a private directory keeps no litter behind.
if [ -z "${TMPDIR:-}" ]; then
	if [ -w /dev/shm ] && ! findmnt -no OPTIONS --target /dev/shm | grep -qw noexec; then
		TMPDIR=/dev/shm
	else
		TMPDIR=$BUILD/tmp
		mkdir -p "$TMPDIR"
	fi
fi
TMPDIR=$(mktemp -d "$TMPDIR/umlbench.XXXXXX") || die "cannot create a directory in $TMPDIR: set TMPDIR to a writable directory"
export TMPDIR

# con0 (tty0, the kernel console and init's stdio) writes to stdout, input
# is discarded; every other console and serial line goes nowhere, so UML
# never tries to start xterms or allocate ptys.  UML exits by itself on a
# panic (its panic notifier aborts), so no panic= is needed.  uml_dir: the
# mconsole socket and pid file go to the private directory, not ~/.uml.
# shellcheck disable=SC2054 # the commas belong to con0=
ARGS=(mem="$MEM" ncpus="$NCPUS" seccomp="$SECCOMP"
      root=/dev/root rootfstype=hostfs rootflags="$ROOTFS" rw init=/init
      con0=null,fd:1 con=null ssl=null uml_dir="$TMPDIR"
      umlbench_run="$RUN")
[ -n "$KSFT" ] && ARGS+=(umlbench_ksft="$KSFT")
[ -n "$TESTS" ] && ARGS+=(umlbench_tests="$TESTS")
[ -n "$CMD" ] && ARGS+=(umlbench_cmd="$CMD")
# shellcheck disable=SC2206 # --extra is a list of parameters on purpose
[ -n "$EXTRA" ] && ARGS+=($EXTRA)

PID='' TAIL=''
# True while PID runs; a zombie is not running (kill -0 would say so).
running() {
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}
# True once no process of UML's group runs, waiting up to $1 tenths of a
# second: killed stubs take a moment to go.  Dead stubs stay zombies until
# the host's init reaps them, which is no concern of ours.
group_gone() {
	local _ p
	for _ in $(seq "$1"); do
		for p in $(pgrep -g "$PID"); do
			if running "$p"; then sleep 0.1; continue 2; fi
		done
		return 0
	done
	return 1
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	# Whatever happens to us, the guest and its stubs go too.
	if [ -n "$PID" ]; then
		kill -KILL -- "-$PID" 2>/dev/null
		group_gone 50
		echo "UMLBENCH-HOST: interrupted: guest killed" >>"$LOG"
	fi
	if [ -n "$TAIL" ]; then kill "$TAIL" 2>/dev/null; fi
	rm -rf "$TMPDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

echo "UMLBENCH-HOST: kernel=$KERNEL seccomp=$SECCOMP ncpus=$NCPUS mem=$MEM run=$RUN timeout=${TIMEOUT}s" >"$LOG"
echo "UMLBENCH-HOST: cmdline: $KERNEL ${ARGS[*]}" >>"$LOG"
echo "boot: $(basename "$(dirname "$KERNEL")") seccomp=$SECCOMP ncpus=$NCPUS run=$RUN -> $LOG" >&2

# A panicking UML dumps core through abort(); a core of the whole guest
# memory is of no use here.
ulimit -c 0
start=$(now_ms)
# setsid: UML and every stub it forks share one new process group, which
# the timeout kills at once.  (UML also signals its own group on panic;
# that must not reach us.)
# The private directory is also the working directory: UML opens
# ./root_fs as ubd0 when it exists, and that must never be a stray file.
# For whoever needs to signal the guest while it runs (SIGSTOP, say), the
# group is logged on a line of its own, before UML can write a byte.
(echo "UMLBENCH-HOST: group=$BASHPID" >>"$LOG" && cd "$TMPDIR" &&
	exec setsid $WRAPPER "$KERNEL" "${ARGS[@]}" </dev/null >>"$LOG" 2>&1) &
PID=$!
if [ -n "$VERBOSE" ]; then
	tail -n +1 -f "$LOG" >&2 &
	TAIL=$!
fi

# A line of ours in the log (and on stderr with --verbose).
host() {
	echo "UMLBENCH-HOST: $*" >>"$LOG"
	if [ -n "$VERBOSE" ]; then echo "UMLBENCH-HOST: $*" >&2; fi
}

# Wait for UML, killing its group at the deadline.  Sets rc and timed_out.
# Run with stderr to /dev/null: bash reports a job that died of a signal
# ("Killed", "Aborted") on its own, and the log already says so.
supervise() {
	local deadline=$(($(now_ms) + TIMEOUT * 1000))
	timed_out=
	while running "$PID"; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			timed_out=1
			kill -KILL -- "-$PID" || true
			break
		fi
		sleep 0.2
	done
	rc=0
	wait "$PID" || rc=$?
}
supervise 2>/dev/null
elapsed=$(($(now_ms) - start))
if [ -n "$TAIL" ]; then
	sleep 0.3  # let tail print the last lines
	{ kill "$TAIL"; wait "$TAIL"; } 2>/dev/null || true
	TAIL=''
fi

# The stubs die with UML (PR_SET_PDEATHSIG) or from our SIGKILL, but not
# at once.  Give them a moment, then kill whatever is left and say so.
if ! group_gone 20; then
	kill -KILL -- "-$PID" 2>/dev/null || true
	host "killed processes left in group $PID after UML ended"
	group_gone 50 || host "processes of group $PID still exist after SIGKILL"
fi
PGID=$PID
PID=

if [ -n "$timed_out" ]; then host "TIMEOUT after $TIMEOUT s"; fi
host "exit=$rc"
host "pgid=$PGID"
host "$(printf 'elapsed=%d.%03ds' $((elapsed / 1000)) $((elapsed % 1000)))"

prc=0
"$HERE/uml_log.py" "$LOG" --json "$JSON" "${COUNT[@]}" || prc=$?
exit "$prc"
