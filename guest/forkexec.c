// SPDX-License-Identifier: GPL-2.0
/*
 * forkexec N PATH: N times fork, exec PATH (no arguments) and wait for
 * it.  Each round makes a new mm in the guest, which in seccomp mode is a
 * new host stub process, and maps PATH's pages into it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n;
	int status;
	pid_t pid;

	if (argc != 3 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: forkexec N PATH (N > 0)\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "forkexec: fork %ld: %s\n", i, strerror(errno));
			return 1;
		}
		if (pid == 0) {
			execl(argv[2], argv[2], (char *)NULL);
			_exit(127);
		}
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				perror("forkexec: waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "forkexec: round %ld: %s did not exit 0 (status 0x%x)\n",
				i, argv[2], status);
			return 1;
		}
	}
	return 0;
}
