// SPDX-License-Identifier: GPL-2.0
/*
 * sleepers [MAX [HOLD]]: fork up to MAX children that sleep, one address
 * space each, until a fork fails; print how many there are and why it
 * stopped, hold them HOLD seconds (for the host to count UML's fds), then
 * end them.  The defaults come from the kernel parameters sleepers_max
 * (1500) and sleepers_hold (3), which init passes on in the environment.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *env_max = getenv("sleepers_max");
	const char *env_hold = getenv("sleepers_hold");
	int max = env_max ? atoi(env_max) : 1500;
	int hold = env_hold ? atoi(env_hold) : 3;
	int n, i, err = 0;
	pid_t *pids;

	if (argc > 1)
		max = atoi(argv[1]);
	if (argc > 2)
		hold = atoi(argv[2]);
	if (argc > 3 || max <= 0 || hold < 0) {
		fprintf(stderr, "usage: sleepers [MAX [HOLD]]\n");
		return 2;
	}
	pids = calloc(max, sizeof(*pids));
	if (!pids) {
		perror("sleepers");
		return 1;
	}
	for (n = 0; n < max; n++) {
		pids[n] = fork();
		if (pids[n] < 0) {
			err = errno;
			break;
		}
		if (pids[n] == 0) {
			pause();
			_exit(0);
		}
	}
	printf("SLEEPERS %d of %d%s%s\n", n, max, err ? ", fork: " : "",
	       err ? strerror(err) : "");
	fflush(stdout);
	sleep(hold);
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	printf("SLEEPERS-END\n");
	return 0;
}
