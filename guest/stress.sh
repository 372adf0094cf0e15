#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/stress.sh (busybox sh): several workers at once,
# each running a fork/exec storm, demand paging and mmap churn, every
# result checked by the programs themselves.  Sizes come as environment
# (kernel parameters):
#   stress_workers=4  stress_forks=25000 (per worker)
#   stress_pf_mib=64  stress_pf_rounds=153 (per worker; 256 faults per MiB)
#   stress_churn_rounds=20000 (per worker, 64 KiB each)
# Prints "STRESS forkexec=N pagefaults=N" and exits non-zero if any worker
# failed.

workers=${stress_workers:-4}
forks=${stress_forks:-25000}
pf_mib=${stress_pf_mib:-64}
pf_rounds=${stress_pf_rounds:-153}
churn=${stress_churn_rounds:-20000}
SRC=$(dirname "$0")
W=/tmp/stress

mkdir -p $W
cp "$SRC/nop" "$SRC/forkexec" "$SRC/pagefault" "$SRC/mmapchurn" $W/ || exit 1

worker() {
	$W/forkexec "$forks" $W/nop &&
	$W/pagefault "$pf_mib" "$pf_rounds" &&
	$W/mmapchurn 64 "$churn"
}

pids=
i=0
while [ $i -lt "$workers" ]; do
	worker > $W/worker.$i.log 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done

rc=0
i=0
for p in $pids; do
	if ! wait "$p"; then
		echo "STRESS-FAIL worker $i:"
		cat $W/worker.$i.log
		rc=1
	fi
	i=$((i + 1))
done
echo "STRESS forkexec=$((workers * forks)) pagefaults=$((workers * pf_mib * 256 * pf_rounds)) churn=$((workers * churn))"
exit $rc
