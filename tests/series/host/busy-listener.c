// SPDX-License-Identifier: GPL-2.0
/*
 * busy-listener PROGRAM [ARGS...]: run PROGRAM under a seccomp filter
 * whose user notification listener another process holds, as a container
 * runtime that intercepts system calls (LXD/Incus, Sysbox) does.  The host
 * then refuses PROGRAM a listener of its own with EBUSY.
 *
 * The filter notifies only acct(2), which UML never calls; the holder
 * answers any notification with "continue", and dies with PROGRAM (it is
 * under the filter too, so the listener never hangs up by itself).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE	(1UL << 0)
#endif

/* Answer whatever comes until PROGRAM exits */
static void hold(int fd, pid_t parent)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(0);

	for (;;) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			break;
		if (pfd.revents & POLLHUP)
			break;
		if (!(pfd.revents & POLLIN))
			continue;
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			continue;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	_exit(0);
}

int main(int argc, char *argv[])
{
	struct sock_filter filter[] = {
		/* [0] */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* [1] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_acct, 0, 1),
		/* [2] */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		/* [3] */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};
	pid_t pid, parent = getpid();
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n", argv[0]);
		return 2;
	}

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("busy-listener: PR_SET_NO_NEW_PRIVS");
		return 2;
	}
	fd = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0) {
		perror("busy-listener: cannot install the filter with a listener");
		return 2;
	}

	pid = fork();
	if (pid < 0) {
		perror("busy-listener: fork");
		return 2;
	}
	if (pid == 0)
		hold(fd, parent);

	/* Only the holder keeps the listener; PROGRAM inherits the filter */
	close(fd);
	execv(argv[1], argv + 1);
	perror("busy-listener: exec");
	kill(pid, SIGKILL);
	return 2;
}
