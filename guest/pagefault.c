// SPDX-License-Identifier: GPL-2.0
/*
 * pagefault MIB ROUNDS: ROUNDS times map MIB MiB of anonymous memory,
 * write one byte to each page (the first touch is what costs: a guest
 * page fault and, in UML, a host mapping made by the stub), unmap it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long mib, rounds, r, page = sysconf(_SC_PAGESIZE);
	size_t len, off;
	volatile char *p;

	if (argc != 3 || (mib = atol(argv[1])) <= 0 || (rounds = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: pagefault MIB ROUNDS (both > 0)\n");
		return 2;
	}
	len = (size_t)mib << 20;
	for (r = 0; r < rounds; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("pagefault: mmap");
			return 1;
		}
		for (off = 0; off < len; off += page)
			p[off] = 1;
		if (munmap((void *)p, len)) {
			perror("pagefault: munmap");
			return 1;
		}
	}
	return 0;
}
