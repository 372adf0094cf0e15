// SPDX-License-Identifier: GPL-2.0
/*
 * mktree DIR NFILES: create DIR/dNN/fNNNN.txt, NFILES text files of 1 to
 * 32 KiB (about 16 KiB on average) spread over 16 directories.  The text
 * is lines of words drawn from a small vocabulary by a fixed-seed
 * generator: the same tree on every run and kernel, and data that gzip
 * compresses about as well as source code or logs, unlike random bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long long state = 0x2545f4914f6cdd1dULL;

static unsigned int next(void)
{
	/* xorshift64*: enough for filler text, the same everywhere. */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (unsigned int)((state * 0x2545f4914f6cdd1dULL) >> 32);
}

static const char *const words[] = {
	"static", "int", "return", "struct", "page", "mm", "stub", "if", "else",
	"for", "while", "unsigned", "long", "char", "void", "const", "err", "fd",
	"len", "addr", "map", "unmap", "lock", "unlock", "the", "kernel", "host",
	"guest", "process", "signal", "seccomp", "notify", "=", "==", "{", "}",
	"(", ")", ";", "->", "0", "1", "NULL", "sizeof", "goto", "out", "case",
};

static int mkdir_p(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		fprintf(stderr, "mktree: mkdir %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const int nwords = sizeof(words) / sizeof(words[0]);
	char path[4096];
	long nfiles, i;
	FILE *f;

	if (argc != 3 || (nfiles = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: mktree DIR NFILES (NFILES > 0)\n");
		return 2;
	}
	if (mkdir_p(argv[1]))
		return 1;
	for (i = 0; i < 16; i++) {
		snprintf(path, sizeof(path), "%s/d%02ld", argv[1], i);
		if (mkdir_p(path))
			return 1;
	}
	for (i = 0; i < nfiles; i++) {
		long size = 1024 + next() % (31 * 1024), n = 0;
		int col = 0;

		snprintf(path, sizeof(path), "%s/d%02ld/f%04ld.txt", argv[1], i % 16, i);
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "mktree: cannot create %s: %s\n", path, strerror(errno));
			return 1;
		}
		while (n < size) {
			const char *w = words[next() % nwords];

			n += fprintf(f, "%s", w);
			col += strlen(w);
			if (col > 60 || next() % 16 == 0) {
				n += fprintf(f, "\n");
				col = 0;
			} else {
				n += fprintf(f, " ");
				col++;
			}
		}
		if (fclose(f)) {
			fprintf(stderr, "mktree: writing %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	return 0;
}
