// SPDX-License-Identifier: GPL-2.0
/*
 * stubkill [CHILDREN]: start CHILDREN children (default: the kernel
 * parameter stubkill_children, which init passes on in the environment,
 * else 10), one after the other, for tests/series/test-stub-kill.sh to
 * kill their host stubs.  Each child maps 32 MiB read-only and populated
 * (the zero page everywhere: one host mmap per page, so the kernel spends
 * its time in full stub batches) and unmaps it, for ever.  The parent
 * prints "STUBKILL-READY N" once child N runs, how it ended, and
 * "STUBKILL-DONE" after the last one.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE	(32UL << 20)

static void churn(void)
{
	for (;;) {
		void *p = mmap(NULL, SIZE, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p == MAP_FAILED)
			_exit(1);
		munmap(p, SIZE);
	}
}

int main(int argc, char **argv)
{
	const char *env = getenv("stubkill_children");
	int n = argc > 1 ? atoi(argv[1]) : env ? atoi(env) : 10;
	int i, status;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i <= n; i++) {
		pid = fork();
		if (pid < 0) {
			perror("stubkill: fork");
			return 1;
		}
		if (pid == 0)
			churn();
		printf("STUBKILL-READY %d\n", i);
		if (waitpid(pid, &status, 0) != pid) {
			perror("stubkill: waitpid");
			return 1;
		}
		if (WIFSIGNALED(status))
			printf("STUBKILL child %d: killed by signal %d\n", i,
			       WTERMSIG(status));
		else
			printf("STUBKILL child %d: exited with %d\n", i,
			       WEXITSTATUS(status));
	}
	printf("STUBKILL-DONE\n");
	return 0;
}
