// SPDX-License-Identifier: GPL-2.0
/*
 * notif_rtt [-n CALLS] [-r REPS] [-c CPU]: the bare host cost of one
 * seccomp user-notification round trip, the price the series pays for
 * each stub mmap.
 *
 * A child installs a filter (SECCOMP_FILTER_FLAG_NEW_LISTENER) that sends
 * getppid() to the listener, hands the listener to the parent over a unix
 * socket (SCM_RIGHTS), as the stub does to the UML kernel, and then makes
 * CALLS notified getppid() calls, timing them.  The parent answers each as
 * the UML kernel does: poll, SECCOMP_IOCTL_NOTIF_RECV, then
 * SECCOMP_IOCTL_NOTIF_SEND with SECCOMP_USER_NOTIF_FLAG_CONTINUE.
 *
 * Kinds measured, each REPS times, pinned to CPU (both processes on it,
 * like a UML pinned with taskset) and unpinned:
 *   syscall     plain getppid(), no filter: the reference
 *   notif       a notified getppid()
 *   notif_sync  the same with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP on the
 *               listener (Linux 6.6+; "n/a" where the host lacks it)
 * One line per kind and CPU setting:
 *   NOTIF-RTT cpu=pinned|unpinned kind=K median_ns=X min_ns=Y max_ns=Z reps=R calls=N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Debian 12's 6.1 headers predate these (Linux 6.6). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	1UL
#endif

#define POLL_MS 10000	/* a child that stopped calling is a failure, not a hang */

enum kind { SYSCALL, NOTIF, NOTIF_SYNC, NKINDS };
static const char *const kind_name[NKINDS] = { "syscall", "notif", "notif_sync" };

static long calls = 200000;

static void die(const char *what)
{
	fprintf(stderr, "notif_rtt: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ns per plain getppid(); syscall() so that no libc shortcut is timed. */
static double plain_syscall(void)
{
	double t0 = now_ns();
	long i;

	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
	return (now_ns() - t0) / calls;
}

static int install_filter(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(insns) / sizeof(insns[0]), .filter = insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS");
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		       SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static void send_fd(int sock, int fd)
{
	char byte = 0, cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		die("child: sendmsg(SCM_RIGHTS)");
}

static int recv_fd(int sock)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		die("recvmsg(SCM_RIGHTS): the child did not send the listener");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS) {
		fprintf(stderr, "notif_rtt: no listener in the child's message\n");
		exit(1);
	}
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* The child: calls/10 warm-up calls, then calls timed ones; sends ns/call. */
static void child(int sock)
{
	double t0, ns;
	char go;
	long i;
	int fd = install_filter();

	if (fd < 0)
		die("child: seccomp(NEW_LISTENER) (host without user notification?)");
	send_fd(sock, fd);
	close(fd);
	if (read(sock, &go, 1) != 1)
		_exit(0);	/* the parent gave up (no SYNC_WAKE_UP) */
	for (i = 0; i < calls / 10; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
	ns = (now_ns() - t0) / calls;
	if (write(sock, &ns, sizeof(ns)) != sizeof(ns))
		die("child: write result");
	_exit(0);
}

/*
 * ns per notified call, or -1 when sync is asked for and the host does
 * not have SYNC_WAKE_UP.
 */
static double notified(int sync)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct pollfd pfd;
	long answered, total = calls + calls / 10;
	int sv[2], fd, status;
	double ns = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(sv[0]);
		child(sv[1]);
	}
	close(sv[1]);
	fd = recv_fd(sv[0]);
	if (sync && ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)) {
		if (errno != EINVAL && errno != ENOTTY)
			die("SECCOMP_IOCTL_NOTIF_SET_FLAGS");
		goto out;	/* closing the socket lets the child go */
	}
	if (write(sv[0], "g", 1) != 1)
		die("write go");
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (answered = 0; answered < total; answered++) {
		int n = poll(&pfd, 1, POLL_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("poll");
		if (n == 0 || !(pfd.revents & POLLIN)) {
			fprintf(stderr, "notif_rtt: no notification after %ld of %ld (revents 0x%x)\n",
				answered, total, pfd.revents);
			exit(1);
		}
		/* RECV insists on a zeroed request. */
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			die("SECCOMP_IOCTL_NOTIF_RECV");
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
			die("SECCOMP_IOCTL_NOTIF_SEND");
	}
	if (read(sv[0], &ns, sizeof(ns)) != sizeof(ns))
		die("read the child's result");
out:
	close(fd);
	close(sv[0]);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "notif_rtt: child failed (status 0x%x)\n", status);
		exit(1);
	}
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	cpu_set_t all, one;
	long reps = 5, cpu = 1, r;
	int opt, pin, k;

	while ((opt = getopt(argc, argv, "n:r:c:")) != -1) {
		switch (opt) {
		case 'n': calls = atol(optarg); break;
		case 'r': reps = atol(optarg); break;
		case 'c': cpu = atol(optarg); break;
		default: goto usage;
		}
	}
	if (optind != argc || calls <= 0 || reps <= 0 || cpu < 0 || cpu >= CPU_SETSIZE)
		goto usage;
	if (sched_getaffinity(0, sizeof(all), &all))
		die("sched_getaffinity");
	if (!CPU_ISSET(cpu, &all)) {
		fprintf(stderr, "notif_rtt: CPU %ld is not available to us (see -c)\n", cpu);
		return 1;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);

	for (pin = 1; pin >= 0; pin--) {
		double res[NKINDS][reps];
		int avail[NKINDS] = { 1, 1, 1 };

		/* The child inherits the mask: both ends share CPU when pinned. */
		if (sched_setaffinity(0, sizeof(cpu_set_t), pin ? &one : &all))
			die("sched_setaffinity");
		/* Kinds interleaved, so drift in the machine's load hits each alike. */
		for (r = 0; r < reps; r++) {
			res[SYSCALL][r] = plain_syscall();
			res[NOTIF][r] = notified(0);
			res[NOTIF_SYNC][r] = notified(1);
			if (res[NOTIF_SYNC][r] < 0)
				avail[NOTIF_SYNC] = 0;
		}
		for (k = 0; k < NKINDS; k++) {
			const char *cpus = pin ? "pinned" : "unpinned";

			if (!avail[k]) {
				printf("NOTIF-RTT cpu=%s kind=%s median_ns=n/a min_ns=n/a max_ns=n/a reps=0 calls=%ld\n",
				       cpus, kind_name[k], calls);
				continue;
			}
			qsort(res[k], reps, sizeof(double), cmp_double);
			printf("NOTIF-RTT cpu=%s kind=%s median_ns=%.1f min_ns=%.1f max_ns=%.1f reps=%ld calls=%ld\n",
			       cpus, kind_name[k],
			       reps % 2 ? res[k][reps / 2] : (res[k][reps / 2 - 1] + res[k][reps / 2]) / 2,
			       res[k][0], res[k][reps - 1], reps, calls);
		}
		fflush(stdout);
	}
	return 0;
usage:
	fprintf(stderr, "usage: notif_rtt [-n CALLS] [-r REPS] [-c CPU]\n");
	return 2;
}
