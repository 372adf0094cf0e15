// SPDX-License-Identifier: GPL-2.0
/*
 * mmapchurn KIB ROUNDS: ROUNDS times mmap KIB KiB of anonymous memory,
 * write to each of its pages and munmap it: many small mappings that
 * live briefly, as an allocator returning memory to the system does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long kib, rounds, r, page = sysconf(_SC_PAGESIZE);
	size_t len, off;
	volatile char *p;

	if (argc != 3 || (kib = atol(argv[1])) <= 0 || (rounds = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: mmapchurn KIB ROUNDS (both > 0)\n");
		return 2;
	}
	len = (size_t)kib << 10;
	for (r = 0; r < rounds; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmapchurn: mmap");
			return 1;
		}
		for (off = 0; off < len; off += page)
			p[off] = (char)r;
		if (munmap((void *)p, len)) {
			perror("mmapchurn: munmap");
			return 1;
		}
	}
	return 0;
}
