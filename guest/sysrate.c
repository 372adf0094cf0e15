// SPDX-License-Identifier: GPL-2.0
/*
 * sysrate [N]: time N (default: $SYSRATE_CALLS, or 100000) getppid()
 * calls, each a round trip through UML's stub, and print
 *   SYSRATE calls=N ns_per_call=X
 * Used to measure what a change to the entry into the stub costs per
 * syscall (patch 9 on i386: one host set_thread_area() per entry and TLS
 * entry in use; a static glibc program has one).
 * Build: gcc [-m32] -static -O2 -o sysrate guest/sysrate.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *env = getenv("SYSRATE_CALLS");
	long n = argc > 1 ? atol(argv[1]) : env ? atol(env) : 100000, i;
	struct timespec a, b;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("SYSRATE calls=%ld ns_per_call=%.0f\n", n, ns / n);

	return 0;
}
