// The fixed parts of every C reproducer around the shared readers of the observables
// (src/oracle/observables.h, which the emitter pastes in between, verbatim): what the program
// includes, how it compares what it read with what the model predicted, and how it reports a
// difference. Kept as plain C so the emitted file reads top to bottom.

/** Before the shared readers: the includes and the reproducer's own constants. */
export const C_PRELUDE_HEAD = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
/* Where the trace runner puts region k (src/uapi/engine.ts:regionHint). */
#define REGION_BASE 0x200000000000UL
#define REGION_STRIDE 0x40000000UL
#define REGION_HINT(k) (REGION_BASE + (unsigned long)(k) * REGION_STRIDE)
`;

/** After the shared readers: the checks, in the terms of the trace's statements. */
export const C_PRELUDE_CHECKS = String.raw`/* Helpers a given trace may not need: no warning for the unused ones. */
#define HELPER static __attribute__((unused))

/* A def_flags probe could not drop CAP_IPC_LOCK again: the trace's setup is gone. */
static void lost_setup(void)
{
	printf("cannot set up the trace: CAP_IPC_LOCK could not be dropped again after the def_flags probe\n");
	exit(3);
}

HELPER int failures, checks;

HELPER void differs(int line, const char *stmt, const char *seen, const char *predicted)
{
	failures++;
	printf("line %d: %s\n    kernel: %s\n    model %s predicts: %s\n", line, stmt, seen, MODEL, predicted);
}

HELPER const char *result_text(long r, int e, char *buf)
{
	if (r == -1) snprintf(buf, 64, "-1 %s", strerrorname_np(e) ? strerrorname_np(e) : "?");
	else snprintf(buf, 64, "%ld", r);
	return buf;
}

HELPER void expect(int line, const char *stmt, long r, int e, long want, int want_errno)
{
	char seen[64], pred[64];
	checks++;
	if (want_errno ? (r == -1 && e == want_errno) : (r == want)) return;
	differs(line, stmt, result_text(r, e, seen), result_text(want_errno ? -1 : want, want_errno, pred));
}

/* A user access that may fault: the byte read (0 for a write), or -SIGSEGV / -SIGBUS. */
static sigjmp_buf access_env;
HELPER void on_fault(int sig) { siglongjmp(access_env, sig); }

HELPER long access_byte(unsigned long addr, int is_write, int byte)
{
	struct sigaction sa = { .sa_handler = on_fault };
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	int sig = sigsetjmp(access_env, 1);
	if (sig != 0) return -sig;
	if (!is_write) return *(volatile unsigned char *)addr;
	*(volatile unsigned char *)addr = (unsigned char)byte;
	return 0;
}

HELPER long make_tmpfile(unsigned long len)
{
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)len) != 0) return -1;
	return fd;
}

/* "lo lf" all present (has) or all absent (!has) in flags. */
HELPER int mnemonics_match(const char *flags, const char *list, int has)
{
	char copy[64];
	snprintf(copy, sizeof copy, "%s", list);
	for (char *m = strtok(copy, " "); m; m = strtok(NULL, " "))
		if (has_mnemonic(flags, m) != has) return 0;
	return 1;
}

HELPER void check_vmflags(int line, const char *stmt, unsigned long addr, const char *list, int has)
{
	char flags[256];
	checks++;
	if (vmflags_of(addr, flags, sizeof flags) < 0) flags[0] = 0;
	if (flags[0] && mnemonics_match(flags, list, has)) return;
	differs(line, stmt, flags[0] ? flags : "no VMA", stmt + 6);
}

/* The VmFlags def_flags gives a new mapping ("" when the probe fails). */
HELPER void def_flags_of(char *out, size_t size)
{
	if (def_flags_probe(out, size) != 0) out[0] = 0;
}

HELPER void check_def_flags(int line, const char *stmt, const char *list, int has)
{
	char flags[256];
	checks++;
	def_flags_of(flags, sizeof flags);
	if (mnemonics_match(flags, list, has)) return;
	differs(line, stmt, flags, stmt + 6);
}

HELPER void check_vma(int line, const char *stmt, unsigned long addr, unsigned long s, unsigned long e)
{
	char text[128], pred[128];
	int count = 0;
	u64 vs = 0, ve = 0;
	checks++;
	if (vma_of(addr, &count, &vs, &ve) != 0 || count == 0) vs = ve = 0;
	if (vs == s && ve == e) return;
	snprintf(text, sizeof text, vs ? "%#lx .. %#lx" : "none", (unsigned long)vs, (unsigned long)ve);
	snprintf(pred, sizeof pred, s ? "%#lx .. %#lx" : "none", s, e);
	differs(line, stmt, text, pred);
}

/* A pages pattern: a letter, '?' for any, or [..] for any letter inside. */
HELPER int pattern_match(const char *seen, const char *pat)
{
	while (*pat) {
		if (!*seen) return 0;
		if (*pat == '[') {
			const char *close = strchr(pat, ']');
			if (!close || !memchr(pat + 1, *seen, (size_t)(close - pat - 1))) return 0;
			pat = close + 1;
		} else {
			if (*pat != '?' && *pat != *seen) return 0;
			pat++;
		}
		seen++;
	}
	return *seen == 0;
}

/* The letters of n pages from addr; '?' for every page when pagemap or kpageflags cannot be read. */
HELPER void pages_seen(unsigned long addr, unsigned long n, char *out)
{
	int kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (kf < 0 || !pfns_visible() || page_letters(kf, addr / PAGE, addr / PAGE + n, out) != 0)
		memset(out, '?', n);
	out[n] = 0;
	if (kf >= 0) close(kf);
}

HELPER void check_pages(int line, const char *stmt, unsigned long addr, unsigned long len, const char *pat)
{
	static char seen[(1 << 15) + 1];
	unsigned long n = (len + PAGE - 1) / PAGE;
	checks++;
	if (n >= sizeof seen) n = sizeof seen - 1; /* as the executor, which refuses longer ranges */
	pages_seen(addr, n, seen);
	if (pattern_match(seen, pat)) return;
	differs(line, stmt, seen, pat);
}

HELPER void check_vmlck(int line, const char *stmt, unsigned long want)
{
	char seen[64], pred[64];
	u64 got = 0;
	checks++;
	if (vmlck_bytes(&got) != 0) {
		differs(line, stmt, "VmLck unreadable", "a value");
		return;
	}
	if (got == want) return;
	snprintf(seen, sizeof seen, "VmLck %lu pages", (unsigned long)(got / PAGE));
	snprintf(pred, sizeof pred, "VmLck %lu pages", want / PAGE);
	differs(line, stmt, seen, pred);
}

/* The program's own mappings before the trace ran: what VmLck must not count. */
HELPER void take_baseline(void)
{
	u64 total_vm;
	int e = record_baseline(&total_vm);
	if (e != 0) errno = e, perror("cannot read the baseline mappings"), exit(3);
}

HELPER void set_rlimit_memlock(unsigned long bytes)
{
	struct rlimit r = { bytes, bytes };
	if (setrlimit(RLIMIT_MEMLOCK, &r) != 0) perror("setrlimit(RLIMIT_MEMLOCK)"), exit(3);
}

/* cap CAP_IPC_LOCK off: out of the effective set; it stays permitted, as in the executor. */
HELPER void drop_cap_ipc_lock(void)
{
	int e = set_cap_ipc_lock(0);
	if (e != 0) errno = e, perror("capset"), exit(3);
}

/* setrlimit(RESOURCE, N) mid-trace: soft = hard = N, as the executor's request sets it. */
HELPER long trace_setrlimit(unsigned long resource, unsigned long bytes)
{
	struct rlimit r = { bytes, bytes };
	return syscall(SYS_setrlimit, resource, &r);
}

/* capset(CAP_IPC_LOCK, ON) mid-trace: in or out of the effective set, kept permitted. */
HELPER long trace_capset(unsigned long cap, unsigned long on)
{
	int e = cap == CAP_IPC_LOCK ? set_cap_ipc_lock(on != 0) : EINVAL;
	if (e != 0) errno = e;
	return e != 0 ? -1 : 0;
}

/* No CAP_SYS_RESOURCE, as in the executor's trace process: a raised hard limit is EPERM. */
HELPER void drop_cap_sys_resource(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) != 0) perror("capget"), exit(3);
	d[0].effective &= ~(1u << CAP_SYS_RESOURCE);
	if (syscall(SYS_capset, &h, d) != 0) perror("capset"), exit(3);
}

HELPER int wait_child(pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
`;
