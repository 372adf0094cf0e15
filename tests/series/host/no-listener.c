// SPDX-License-Identifier: GPL-2.0
/*
 * no-listener [-k] [-s] PROGRAM [ARGS...]: run PROGRAM under a seccomp
 * filter that makes a seccomp feature fail with EINVAL, as on an older
 * host:
 *
 *   (default) seccomp(SECCOMP_SET_MODE_FILTER) with
 *             SECCOMP_FILTER_FLAG_NEW_LISTENER: no user notification
 *             (before Linux 5.0);
 *   -k        the same with SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only
 *             (before Linux 5.19);
 *   -s        ioctl(SECCOMP_IOCTL_NOTIF_SET_FLAGS), so no
 *             SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (before Linux 6.6);
 *   -a        only ioctl(SECCOMP_IOCTL_NOTIF_ADDFD), listeners are
 *             allowed (before Linux 5.9).
 *
 * Used to test UML's host capability probe and its seccomp mode on such
 * hosts.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1UL << 5)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif

#define LD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
				 offsetof(struct seccomp_data, field))
#define RET(val)	BPF_STMT(BPF_RET | BPF_K, (val))

int main(int argc, char *argv[])
{
	unsigned int flag = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	unsigned int refused_ioctl = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+ksa")) != -1) {
		if (opt == 'k')
			flag = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
		else if (opt == 's')
			refused_ioctl = SECCOMP_IOCTL_NOTIF_SET_FLAGS;
		else if (opt == 'a') {
			refused_ioctl = SECCOMP_IOCTL_NOTIF_ADDFD;
			flag = 0;
		} else
			return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: %s [-k] [-s] [-a] PROGRAM [ARGS...]\n", argv[0]);
		return 2;
	}

	struct sock_filter filter[] = {
		/* [0] */ LD(arch),
		/* [1] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 9),
		/* [2] */ LD(nr),
		/* [3] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 2),
		/* [4] */ LD(args[1]),
		/* [5] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, refused_ioctl, 6, 5),
		/* [6] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 4),
		/* [7] */ LD(args[0]),
		/* [8] */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_SET_MODE_FILTER, 0, 2),
		/* [9] */ LD(args[1]),
		/* [10] */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, flag, 1, 0),
		/* [11] */ RET(SECCOMP_RET_ALLOW),
		/* [12] */ RET(SECCOMP_RET_ERRNO | EINVAL),
	};
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("no-listener: cannot install the filter");
		return 2;
	}
	execv(argv[optind], argv + optind);
	perror("no-listener: exec");
	return 2;
}
