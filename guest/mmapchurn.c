// SPDX-License-Identifier: GPL-2.0
/*
 * mmapchurn KIB ROUNDS [THREADS]: ROUNDS times mmap KIB KiB of anonymous
 * memory, write to each of its pages and munmap it: many small mappings
 * that live briefly, as an allocator returning memory to the system does.
 * With THREADS (1-64, default 1), that many threads of one process share
 * the rounds.  In UML's seccomp mode the threads share one stub, and with
 * SMP every munmap of one thread has to stop the stub if another thread is
 * running guest code in it.
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
			perror("mmapchurn: mmap");
			exit(1);
		}
		for (off = 0; off < len; off += page)
			p[off] = (char)r;
		if (munmap((void *)p, len)) {
			perror("mmapchurn: munmap");
			exit(1);
		}
	}
	return arg;
}

int main(int argc, char **argv)
{
	long threads = 1, rounds, i;
	pthread_t tids[64];

	page = sysconf(_SC_PAGESIZE);
	if (argc == 4)
		threads = atol(argv[3]);
	if (argc < 3 || argc > 4 || (kib = atol(argv[1])) <= 0 ||
	    (rounds = atol(argv[2])) <= 0 || threads <= 0 || threads > 64) {
		fprintf(stderr, "usage: mmapchurn KIB ROUNDS [THREADS] (all > 0, at most 64 threads)\n");
		return 2;
	}
	rounds_each = (rounds + threads - 1) / threads;
	if (threads == 1) {
		churn(NULL);
		return 0;
	}
	for (i = 0; i < threads; i++) {
		if (pthread_create(&tids[i], NULL, churn, NULL)) {
			fprintf(stderr, "mmapchurn: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
