// SPDX-License-Identifier: GPL-2.0
/*
 * benchtime NAME CMD [ARG...]: run CMD and print
 *   BENCH name=NAME seconds=S
 * with S measured on CLOCK_MONOTONIC inside the guest: busybox's date has
 * no sub-second clock, and a second process to read the clock would add a
 * fork+exec to every measurement.
 *
 * If /sys/kernel/debug/um/stub_notifications exists (the series kernel's
 * cumulative counters of stub notifications, one "NAME VALUE" per line:
 * mmap, munmap, report, denied, maybe more), it is read just before and
 * after CMD and the differences are printed, every name in the file's
 * order:
 *   BENCH-NOTIF name=NAME mmap=N munmap=N report=N denied=N
 * Nothing is printed when the file is missing (the base kernel, ptrace
 * mode) or unreadable.  Reading it here rather than with cat keeps the
 * reads themselves from adding a process's worth of notifications, and
 * counts over exactly the timed interval.  STUB_NOTIF_FILE, when set,
 * names another file (tests on the host).
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

#define NOTIF_FILE "/sys/kernel/debug/um/stub_notifications"
#define MAX_COUNTERS 32
#define NAME_LEN 32

struct counters {
	int n;
	char name[MAX_COUNTERS][NAME_LEN];
	long long value[MAX_COUNTERS];
};

/*
 * Fills c from the counter file; -1 when there is none, or when it is not
 * what we expect (then says so on stderr: no numbers beat wrong ones).
 */
static int read_counters(const char *path, struct counters *c)
{
	char buf[4096], *line, *save;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	/* debugfs files may hand out their text in pieces. */
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	if (n < 0 || len == sizeof(buf) - 1) {
		fprintf(stderr, "benchtime: cannot read %s%s\n", path, n < 0 ? "" : ": too long");
		return -1;
	}
	buf[len] = '\0';
	c->n = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int end = -1;

		if (c->n == MAX_COUNTERS ||
		    sscanf(line, "%31[A-Za-z0-9_-] %lld %n", c->name[c->n], &c->value[c->n], &end) < 2 ||
		    end < 0 || line[end]) {
			fprintf(stderr, "benchtime: %s: unexpected line '%s'\n", path, line);
			return -1;
		}
		c->n++;
	}
	if (!c->n) {
		fprintf(stderr, "benchtime: %s is empty\n", path);
		return -1;
	}
	return 0;
}

/* One line of differences, names in the order of the second reading. */
static void print_counters(const char *workload, const struct counters *c0,
			   const struct counters *c1)
{
	int i, j;

	printf("BENCH-NOTIF name=%s", workload);
	for (i = 0; i < c1->n; i++) {
		for (j = 0; j < c0->n && strcmp(c0->name[j], c1->name[i]); j++)
			;
		if (j < c0->n)
			printf(" %s=%lld", c1->name[i], c1->value[i] - c0->value[j]);
	}
	printf("\n");
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
	const char *notif_file = getenv("STUB_NOTIF_FILE");
	struct counters c0, c1;
	int have_c0, have_c1 = 0, status, rc;
	double t0, t1;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: benchtime NAME CMD [ARG...]\n");
		return 2;
	}
	/* Our output must not sit in a buffer the child's output overtakes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!notif_file || !*notif_file)
		notif_file = NOTIF_FILE;

	have_c0 = !read_counters(notif_file, &c0);
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
	if (have_c0)
		have_c1 = !read_counters(notif_file, &c1);

	printf("BENCH name=%s seconds=%.6f\n", argv[1], t1 - t0);
	if (have_c1)
		print_counters(argv[1], &c0, &c1);

	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else
		rc = 128 + WTERMSIG(status);
	if (rc)
		printf("BENCH-FAIL name=%s status=%d\n", argv[1], rc);
	return rc;
}
