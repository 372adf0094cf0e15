// SPDX-License-Identifier: GPL-2.0
/*
 * benchtime NAME CMD [ARG...]: run CMD and print
 *   BENCH name=NAME seconds=S
 * with S measured on CLOCK_MONOTONIC inside the guest: busybox's date has
 * no sub-second clock, and a second process to read the clock would add a
 * fork+exec to every measurement.
 *
 * If /sys/kernel/debug/um/stub_notifications exists (a counter the series
 * may expose), it is read just before and after CMD and
 *   BENCH-NOTIF name=NAME count=DELTA
 * is printed too.  Reading it here rather than with cat keeps the reads
 * themselves from adding a process's worth of notifications.
 *
 * Exits with CMD's status (128+N for a signal), after printing
 *   BENCH-FAIL name=NAME status=...
 * when CMD failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOTIF_COUNTER "/sys/kernel/debug/um/stub_notifications"

/* The counter's value, or -1 when there is none to read. */
static long long read_counter(void)
{
	char buf[64];
	ssize_t n;
	int fd = open(NOTIF_COUNTER, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static double now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts)) {
		perror("benchtime: clock_gettime");
		exit(125);
	}
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long long c0, c1;
	double t0, t1;
	int status, rc;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: benchtime NAME CMD [ARG...]\n");
		return 2;
	}
	/* Our output must not sit in a buffer the child's output overtakes. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	c0 = read_counter();
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("benchtime: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "benchtime: cannot run %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("benchtime: waitpid");
			return 125;
		}
	}
	t1 = now();
	c1 = read_counter();

	printf("BENCH name=%s seconds=%.6f\n", argv[1], t1 - t0);
	if (c0 >= 0 && c1 >= 0)
		printf("BENCH-NOTIF name=%s count=%lld\n", argv[1], c1 - c0);

	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else
		rc = 128 + WTERMSIG(status);
	if (rc)
		printf("BENCH-FAIL name=%s status=%d\n", argv[1], rc);
	return rc;
}
