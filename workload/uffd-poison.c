// SPDX-License-Identifier: GPL-2.0
/*
 * uffd-poison: read a page poisoned with UFFDIO_POISON, as an unprivileged
 * user, and say which signal it raised.  The userfaultfd documentation
 * promises SIGBUS; an architecture whose page-fault handler does not know
 * VM_FAULT_HWPOISON either sends another signal (32-bit ARM: SIGSEGV) or
 * hits the BUG() at the end of its fault-error decoding (MIPS, SPARC32 and
 * others), a kernel BUG any user can reach (UFFD_USER_MODE_ONLY needs no
 * privilege).
 *
 * Built static against the kernel's own nolibc (tools/include/nolibc) and
 * run as init of an initramfs by scripts/uffd-poison.sh; it prints one
 * line "uffd-poison: RESULT ..." and restarts the machine (QEMU runs with
 * -no-reboot, so that ends it; sparc64 powers off).
 */
#include <linux/reboot.h>
#include <linux/userfaultfd.h>

#if defined(__sparc__) && defined(__arch64__)
#define IS_SPARC64 1
#else
#define IS_SPARC64 0
#endif

#ifndef __NR_setuid32
#define __NR_setuid32 __NR_setuid
#define __NR_setgid32 __NR_setgid
#endif

static int child(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct uffdio_poison poison = { 0 };
	long page = getpagesize();
	char *p;
	int fd;

	/*
	 * nolibc's getpagesize() gives no page size on SPARC here (mmap()
	 * said ENOMEM for the length): sparc64 has 8 KiB pages, the other
	 * targets 4 KiB
	 */
	if (page <= 0) {
		page = IS_SPARC64 ? 8192 : 4096;
		printf("uffd-poison: no page size from getpagesize(), taking %ld\n",
		       page);
	}

	/* nobody: what follows needs no privilege */
	if (syscall(__NR_setgid32, 65534) || syscall(__NR_setuid32, 65534)) {
		printf("uffd-poison: ERROR cannot drop privilege\n");
		return 2;
	}
	fd = syscall(__NR_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	if (fd < 0 || syscall(__NR_ioctl, fd, UFFDIO_API, &api)) {
		printf("uffd-poison: ERROR userfaultfd: %d\n", errno);
		return 2;
	}
	if (!(api.ioctls & (1ULL << _UFFDIO_REGISTER)) ||
	    !(api.features & UFFD_FEATURE_POISON)) {
		printf("uffd-poison: SKIP no UFFD_FEATURE_POISON\n");
		return 3;
	}
	p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("uffd-poison: ERROR mmap: %d\n", errno);
		return 2;
	}
	reg.range.start = (unsigned long)p;
	reg.range.len = page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	poison.range = reg.range;
	if (syscall(__NR_ioctl, fd, UFFDIO_REGISTER, &reg) ||
	    syscall(__NR_ioctl, fd, UFFDIO_POISON, &poison)) {
		printf("uffd-poison: ERROR register/poison: %d\n", errno);
		return 2;
	}
	printf("uffd-poison: uid %d reads the poisoned page at %p\n",
	       (int)syscall(__NR_getuid), p);
	return *(volatile char *)p;
}

int main(void)
{
	int status = 0, i;
	pid_t pid, ret = 0;

	/* it restarts the machine at the end: only ever as a guest's init */
	if (getpid() != 1) {
		printf("uffd-poison: runs as init of a test machine only\n");
		return 2;
	}
	pid = fork();
	if (pid == 0)
		return child();
	/*
	 * A kernel BUG() in the child's page fault kills it with its mmap
	 * lock held, and it never finishes exiting (on MIPS here): give it
	 * 30 seconds, where it needs well under one under emulation.
	 */
	for (i = 0; pid > 0 && i < 300; i++) {
		ret = waitpid(pid, &status, WNOHANG);
		if (ret)
			break;
		msleep(100);
	}
	if (pid > 0 && !ret)
		printf("uffd-poison: FAIL the reader never finished (stuck in the kernel)\n");
	else if (pid < 0 || ret != pid)
		printf("uffd-poison: ERROR fork/wait\n");
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS)
		printf("uffd-poison: PASS SIGBUS, as documented\n");
	else if (WIFSIGNALED(status))
		printf("uffd-poison: FAIL signal %d, not SIGBUS (%d)\n",
		       WTERMSIG(status), SIGBUS);
	else if (WEXITSTATUS(status) == 3)
		printf("uffd-poison: SKIP\n");
	else
		printf("uffd-poison: FAIL exit status %d, no signal\n",
		       WEXITSTATUS(status));
	/* sparc64 cannot restart under QEMU (a panic): power off there */
	reboot(IS_SPARC64 ? LINUX_REBOOT_CMD_POWER_OFF :
		LINUX_REBOOT_CMD_RESTART);
	return 0;
}
