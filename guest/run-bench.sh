#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench.sh (busybox sh).  boot.sh mounts the host's
# build/bench/guest at /kselftest and runs this with --run cmd.  Sizes come
# as kernel parameters, which the kernel hands to init, and init to us, as
# environment; the defaults are the full benchmark's:
#   bench_forks=1000        forkexec: fork+exec+wait rounds of a static no-op
#   bench_pf_mib=64         pagefault: MiB touched per round
#   bench_pf_rounds=10      pagefault: rounds, munmap in between
#   bench_churn_kib=64      mmapchurn: KiB per mapping
#   bench_churn_rounds=20000  mmapchurn: mmap/touch/munmap rounds
#   bench_threads=2         threadchurn: mmapchurn with that many threads
#   bench_mixed_files=1000  mixed: files in the tree (about 16 KiB each)
#   bench_only=a,b          run only these workloads (default: all)
# For each workload benchtime prints "BENCH name=W seconds=S" and, when the
# kernel has /sys/kernel/debug/um/stub_notifications (the series' counters,
# "NAME VALUE" a line), the stub notifications the workload caused, every
# counter of the file by name:
#   BENCH-NOTIF name=W mmap=N munmap=N report=N denied=N
# benchtime reads the file itself, just around the timed command: a cat
# here would add its own process's notifications to every count.  Without
# the file (the base kernel, ptrace mode) there is no BENCH-NOTIF line and
# one "BENCH-INFO ... n/a" line.  STUB_NOTIF_FILE names another file, for
# trying this on the host.
# Exit status non-zero if any workload failed.

forks=${bench_forks:-1000}
pf_mib=${bench_pf_mib:-64}
pf_rounds=${bench_pf_rounds:-10}
churn_kib=${bench_churn_kib:-64}
churn_rounds=${bench_churn_rounds:-20000}
threads=${bench_threads:-2}
mixed_files=${bench_mixed_files:-1000}
only=${bench_only:-forkexec,pagefault,mmapchurn,threadchurn,mixed}

SRC=$(dirname "$0")
W=/tmp/bench
# Run from tmpfs: hostfs reads (host syscalls made by the UML kernel on
# every page-cache miss) must not be part of what is timed.
rm -rf "$W"
mkdir -p "$W"
for f in benchtime nop forkexec pagefault mmapchurn mktree mixed.sh; do
	cp "$SRC/$f" "$W/$f" || { echo "UMLBENCH-ERROR bench: $SRC/$f missing: rebuild with scripts/bench.sh"; exit 1; }
done

echo "BENCH-CONFIG forks=$forks pf_mib=$pf_mib pf_rounds=$pf_rounds churn_kib=$churn_kib churn_rounds=$churn_rounds threads=$threads mixed_files=$mixed_files"
notif_file=${STUB_NOTIF_FILE:-/sys/kernel/debug/um/stub_notifications}
[ -r "$notif_file" ] ||
	echo "BENCH-INFO no $notif_file: notification counts n/a"

rc=0
run() {
	case ",$only," in *",$1,"*) ;; *) return 0 ;; esac
	"$W/benchtime" "$@" || { echo "UMLBENCH-ERROR workload $1 failed"; rc=1; }
}

run forkexec "$W/forkexec" "$forks" "$W/nop"
run pagefault "$W/pagefault" "$pf_mib" "$pf_rounds"
run mmapchurn "$W/mmapchurn" "$churn_kib" "$churn_rounds"
run threadchurn "$W/mmapchurn" "$churn_kib" "$churn_rounds" "$threads"
# The tree is made before timing starts: only the processing is measured.
case ",$only," in *,mixed,*)
	mkdir -p "$W/mixed"
	"$W/mktree" "$W/mixed/src" "$mixed_files" || { echo "UMLBENCH-ERROR mktree failed"; rc=1; }
	;;
esac
run mixed sh "$W/mixed.sh" "$W/mixed"
rm -rf "$W"
echo "BENCH-DONE rc=$rc"
exit $rc
