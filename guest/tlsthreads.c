// SPDX-License-Identifier: GPL-2.0
/*
 * tlsthreads: two threads of one process fault at once, each catching its
 * SIGSEGV with a handler that reads the thread's own __thread state.
 * Reproduces a base bug of i386 UML with 2 vCPUs in seccomp mode, which
 * patch 9 fixes (its selftest, tls_threads_test, is what make i386 runs;
 * this program is not run by make check or make i386): the threads of one address space share one
 * stub, whose TLS entries are loaded at context switch, so a thread that
 * enters the stub after another thread of its process ran there on the
 * other vCPU runs with that thread's TLS.  The handler then reads the other
 * thread's state ("missed"), or glibc reports stack smashing (its canary is
 * at %gs:0x14).  x86_64 keeps FS/GS in the register set and passes.
 *
 * Build: gcc -m32 -static -O2 -pthread -o tlsthreads guest/tlsthreads.c
 * Run: scripts/boot.sh --kernel build/i386/out/series/linux --ncpus 2
 *      --rootfs build/i386/rootfs --ksft DIR --run cmd
 *      --cmd /kselftest/tlsthreads (with BUSYBOX set as scripts/i386.sh does)
 * Prints "TLSTHREADS handled N missed M"; exits 1 if M > 0.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define ROUNDS 100000

static __thread volatile int armed;
static __thread sigjmp_buf env;
static volatile int handled, missed;

static void trap(int sig, siginfo_t *si, void *uc)
{
	if (armed) {
		armed = 0;
		__atomic_fetch_add(&handled, 1, __ATOMIC_RELAXED);
		siglongjmp(env, sig);
	}
	/* Not this thread's fault as far as its TLS says: die of it */
	__atomic_fetch_add(&missed, 1, __ATOMIC_RELAXED);
	printf("TLSTHREADS missed a fault: armed is 0 in the handler\n");
	fflush(stdout);
	signal(sig, SIG_DFL);
}

static void *fault_loop(void *arg)
{
	volatile char *p;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		munmap((void *)p, 4096);
		if (sigsetjmp(env, 1) == 0) {
			armed = 1;
			(void)*p;
			armed = 0;
		}
	}
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = trap;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);

	if (pthread_create(&t, NULL, fault_loop, NULL))
		return 2;
	fault_loop(NULL);
	pthread_join(t, NULL);
	printf("TLSTHREADS handled %d missed %d\n", handled, missed);

	return missed ? 1 : 0;
}
