#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# measure-procs.sh [N...]: UML's host processes per guest address space.
#
# Boot the base and the series kernel in seccomp mode, 1 and 2 vCPUs, as a
# non-root host uid (PROCS_UID, 65534 by default: RLIMIT_NPROC does not
# bind uid 0) with the host's RLIMIT_NPROC at N (ulimit -u; default
# "256 1024"), and start sleeping guest processes until fork fails: how
# many there are, why the fork failed, and how many host tasks of that uid
# (threads included, which is what RLIMIT_NPROC counts) each one costs.
# RLIMIT_NOFILE is NOFILE (default: the hard limit, as root cannot raise it
# without CAP_SYS_RESOURCE) so that host fds are not the limit; the
# guest has MEM (2G) of memory.  Must run as root (to switch uid), and no
# other task may run as PROCS_UID.  The kernels are copied to build/procs
# first, so that a rebuild while this runs changes nothing.
#
#   scripts/measure-procs.sh                # N = 256 and 1024
#   scripts/measure-procs.sh 256 1024 4096
#   CONFIGS="series-1" scripts/measure-procs.sh 256   # one kernel and vCPU count
#
# Console logs: build/logs/measure-procs-N-KERNEL-VCPUS.console.log.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
BUILD=${BUILD:-build}
KERNEL=${KERNEL:-$BUILD/out/series/linux}
BASE_KERNEL=${BASE_KERNEL:-$BUILD/out/base/linux}
PROCS_UID=${PROCS_UID:-65534}
PROCS_GID=${PROCS_GID:-$PROCS_UID}
NOFILE=${NOFILE:-$(ulimit -Hn)}
MEM=${MEM:-2G}
HOLD=${HOLD:-5}
TIMEOUT=${TIMEOUT:-900}
CONFIGS=${CONFIGS:-base-1 series-1 base-2 series-2}
DIR=$BUILD/procs
GUEST=$DIR/guest
LOGS=$BUILD/logs
LIMITS=("$@")
[ ${#LIMITS[@]} -gt 0 ] || LIMITS=(256 1024)

die() { echo "measure-procs: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root: UML must be started under uid $PROCS_UID with its RLIMIT_NPROC"
for n in "${LIMITS[@]}"; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$n'"; done
for k in "$KERNEL" "$BASE_KERNEL"; do
	[ -x "$k" ] || die "$k missing: run 'make build build-base' first"
done

# The tasks (threads included) whose real uid is PROCS_UID: what the host
# counts against RLIMIT_NPROC.
tasks() { ps -L -U "$PROCS_UID" --no-headers -o lwp 2>/dev/null | wc -l; }
# No task of PROCS_UID may run but UML's own (waiting a while for the last
# boot's stubs to be reaped).
idle_uid() {
	local _
	for _ in $(seq 100); do
		[ "$(tasks)" -eq 0 ] && return 0
		sleep 0.1
	done
	die "tasks of uid $PROCS_UID are running: $(ps -L -U "$PROCS_UID" --no-headers -o pid,lwp,comm | head -n 5 | tr '\n' ';')"
}
idle_uid

mkdir -p "$GUEST" "$LOGS" "$DIR/base" "$DIR/series"
gcc -static -O2 -Wall -o "$GUEST/sleepers" guest/sleepers.c
cp "$BASE_KERNEL" "$DIR/base/linux.new.$$" && mv -f "$DIR/base/linux.new.$$" "$DIR/base/linux"
cp "$KERNEL" "$DIR/series/linux.new.$$" && mv -f "$DIR/series/linux.new.$$" "$DIR/series/linux"
chmod 755 "$DIR/base/linux" "$DIR/series/linux" "$GUEST/sleepers"
echo "measure-procs: base   $(sha256sum <"$DIR/base/linux" | cut -c1-16) from $(realpath "$BASE_KERNEL")"
echo "measure-procs: series $(sha256sum <"$DIR/series/linux" | cut -c1-16) from $(realpath "$KERNEL")"
# Everything UML opens as PROCS_UID must be readable by it.
setpriv --reuid="$PROCS_UID" --regid="$PROCS_GID" --clear-groups \
	sh -c 'test -x "$1" && test -x "$2" && test -x "$3" && test -r "$4/init"' sh \
	"$DIR/base/linux" "$DIR/series/linux" "$GUEST/sleepers" "$BUILD/rootfs" ||
	die "uid $PROCS_UID cannot read the kernels, $GUEST or $BUILD/rootfs"

# The wrapper boot.sh runs UML through, in boot.sh's private directory
# (uml_dir and TMPDIR), which it hands to PROCS_UID.
wrapper() {
	local w=$DIR/nproc-$1
	cat >"$w" <<EOF
#!/bin/bash
# Made by scripts/measure-procs.sh: run "\$@" as uid $PROCS_UID with RLIMIT_NPROC $1.
ulimit -n $NOFILE || exit 1
ulimit -u $1 || exit 1
chown $PROCS_UID:$PROCS_GID "\$TMPDIR" || exit 1
exec setpriv --reuid=$PROCS_UID --regid=$PROCS_GID --clear-groups "\$@"
EOF
	chmod 755 "$w"
	echo "$w"
}

# "TOTAL OWN OTHERS STUBS HELPERS": the tasks of PROCS_UID, those of the
# UML process $1 (its threads), the others, and of those the stubs'
# processes ("uml-userspace", one per guest address space) and the
# series' helpers ("uml-unmapper").
census() {
	ps -L -U "$PROCS_UID" --no-headers -o pid=,lwp=,comm= 2>/dev/null |
		awk -v u="$1" '{ t++; if ($1 == u) o++; else { x++
			if ($1 == $2 && $3 == "uml-userspace") s++
			if ($1 == $2 && $3 == "uml-unmapper") h++ } }
			END { print t + 0, o + 0, x + 0, s + 0, h + 0 }'
}


declare -A result
t0=$(date +%s)
for nproc in "${LIMITS[@]}"; do
	LIMIT=$(wrapper "$nproc")
	for cfg in $CONFIGS; do
		name=${cfg%-*} ncpus=${cfg#*-}
		LOG=$LOGS/measure-procs-$nproc-$name-$ncpus.console.log
		rm -f "$LOG"
		idle_uid
		s=$(date +%s)
		scripts/boot.sh --kernel "$DIR/$name/linux" --seccomp on --ncpus "$ncpus" --mem "$MEM" \
			--ksft "$GUEST" --run cmd --cmd /kselftest/sleepers --wrapper "$LIMIT" \
			--extra "sleepers_max=$((nproc + 100)) sleepers_hold=$HOLD" \
			--timeout "$TIMEOUT" --log "$LOG" >/dev/null 2>&1 &
		boot=$!
		uml=$(uml_pid "$LOG" 300) || { echo "measure-procs: UML did not start ($LOG)" >&2; wait $boot || true; exit 1; }
		max=0 snap='0 0 0 0'
		while kill -0 "$uml" 2>/dev/null; do
			c=$(census "$uml")
			[ "${c%% *}" -gt "$max" ] && { max=${c%% *}; snap=${c#* }; }
			grep -qs '^SLEEPERS-END' "$LOG" && break
			sleep 0.3
		done
		wait $boot || true
		n=$(sed -n 's/^SLEEPERS \([0-9]*\) of .*/\1/p' "$LOG" | head -n 1 || true)
		why=$(sed -n 's/^SLEEPERS [0-9]* of [0-9]*, //p' "$LOG" | head -n 1 || true)
		read -r own others stubs helpers <<<"$snap"
		per='?'
		[ "$stubs" -gt 0 ] && per=$(awk -v o="$others" -v s="$stubs" 'BEGIN { printf "%.2f", o / s }')
		printf 'N=%-5s %-6s %s vCPU: %5s processes (%s); most host tasks: %s = UML %s + %s others (%s uml-userspace, %s uml-unmapper): %s per address space; %ss\n' \
			"$nproc" "$name" "$ncpus" "${n:-?}" "${why:-no fork error}" "$max" "$own" "$others" \
			"$stubs" "$helpers" "$per" "$(($(date +%s) - s))"
		# Guest kernel lines after the boot, and UML's own, that may matter.
		sed -n '/^UMLBENCH-BEGIN/,$p' "$LOG" | grep -v -e '^SLEEPERS' -e '^UMLBENCH-END' \
			-e '^UMLBENCH-HOST: \(exit=0\|pgid=\|elapsed=\)' -e 'reboot: Power down' -e '^$' \
			-e '^UMLBENCH-BEGIN' | sed 's/^/    | /' | head -n 20 || true
		result[$nproc,$cfg]="${n:-?}"
		result[$nproc,$cfg,per]=$per
	done
done

echo
printf '%-6s' N
for cfg in $CONFIGS; do printf ' %16s' "$cfg"; done
echo
for nproc in "${LIMITS[@]}"; do
	printf '%-6s' "$nproc"
	for cfg in $CONFIGS; do printf ' %16s' "${result[$nproc,$cfg]} (${result[$nproc,$cfg,per]})"; done
	echo
done
echo "(sleeping guest processes started before guest fork failed; in brackets host tasks"
echo " of uid $PROCS_UID besides UML's own threads per guest address space; $(($(date +%s) - t0)) s)"
