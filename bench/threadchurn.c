// SPDX-License-Identifier: GPL-2.0
/*
 * threadchurn THREADS KIB ROUNDS: THREADS threads of one process share
 * ROUNDS rounds of mmapchurn's work (mmap KIB KiB of anonymous memory,
 * write to each page, munmap it).  In UML's seccomp mode the threads share
 * one stub, and with SMP every munmap of one thread has to stop the stub
 * if another thread is running guest code in it: the cost of that shows
 * here, and not in the single-threaded workloads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static long kib, rounds_each, page;

static void *churn(void *arg)
{
	size_t len = (size_t)kib << 10, off;
	volatile char *p;
	long r;

	for (r = 0; r < rounds_each; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("threadchurn: mmap");
			exit(1);
		}
		for (off = 0; off < len; off += page)
			p[off] = (char)r;
		if (munmap((void *)p, len)) {
			perror("threadchurn: munmap");
			exit(1);
		}
	}
	return arg;
}

int main(int argc, char **argv)
{
	long threads, rounds, i;
	pthread_t *tids;

	page = sysconf(_SC_PAGESIZE);
	if (argc != 4 || (threads = atol(argv[1])) <= 0 || threads > 64 ||
	    (kib = atol(argv[2])) <= 0 || (rounds = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: threadchurn THREADS KIB ROUNDS (1-64 threads, all > 0)\n");
		return 2;
	}
	rounds_each = (rounds + threads - 1) / threads;
	tids = calloc(threads, sizeof(*tids));
	if (!tids)
		return 1;
	for (i = 0; i < threads; i++) {
		if (pthread_create(&tids[i], NULL, churn, NULL)) {
			fprintf(stderr, "threadchurn: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
