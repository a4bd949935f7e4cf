// The fixed part of every C reproducer: how it reads the observables of a trace off the
// running kernel (the same sources as src/oracle/executor.c: /proc/self/smaps VmFlags,
// /proc/self/pagemap + /proc/kpageflags, VmLck of /proc/self/status) and how it reports a
// difference. Kept as plain C so the emitted file reads top to bottom.

export const C_PRELUDE = String.raw`#define _GNU_SOURCE
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
#define KPF_ZERO_PAGE 24
#define KPF_MLOCKED 33
/* Helpers a given trace may not need: no warning for the unused ones. */
#define HELPER static __attribute__((unused))

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

/* "7f00...-7f00... rw-p ..." starts an smaps entry; "Size:  4 kB" and the rest do not. */
HELPER int is_vma_header(const char *line, unsigned long *s, unsigned long *e)
{
	char perms[8];
	return sscanf(line, "%lx-%lx %7s", s, e, perms) == 3;
}

/* The VmFlags line of the smaps entry holding addr, or "" when no VMA holds it. */
HELPER void vmflags_of(unsigned long addr, char *out, size_t size)
{
	char line[512];
	unsigned long s, e;
	int inside = 0;
	FILE *f = fopen("/proc/self/smaps", "r");
	out[0] = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (is_vma_header(line, &s, &e))
			inside = s <= addr && addr < e;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(out, size, "%s", line + 8);
			out[strcspn(out, "\n")] = 0;
			break;
		}
	}
	if (f) fclose(f);
}

HELPER int has_mnemonic(const char *flags, const char *m)
{
	char want[8];
	snprintf(want, sizeof want, " %s", m);
	for (const char *p = strstr(flags, want); p; p = strstr(p + 1, want))
		if (p[3] == ' ' || p[3] == '\n' || p[3] == 0) return 1;
	return 0;
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
	vmflags_of(addr, flags, sizeof flags);
	if (flags[0] && mnemonics_match(flags, list, has)) return;
	differs(line, stmt, flags[0] ? flags : "no VMA", stmt + 6);
}

/* def_flags cannot be read: map a probe page and see what it inherits (EAGAIN: VM_LOCKED). */
HELPER void def_flags_of(char *out, size_t size)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(out, size, errno == EAGAIN ? " lo" : " ");
		return;
	}
	vmflags_of((unsigned long)p, out, size);
	munmap(p, PAGE);
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
	char text[128], pred[128], l[512];
	unsigned long vs = 0, ve = 0, a, b;
	FILE *f = fopen("/proc/self/maps", "r");
	checks++;
	while (f && fgets(l, sizeof l, f))
		if (sscanf(l, "%lx-%lx", &a, &b) == 2 && a <= addr && addr < b) vs = a, ve = b;
	if (f) fclose(f);
	if (vs == s && ve == e) return;
	snprintf(text, sizeof text, vs ? "%#lx .. %#lx" : "none", vs, ve);
	snprintf(pred, sizeof pred, s ? "%#lx .. %#lx" : "none", s, e);
	differs(line, stmt, text, pred);
}

/* One letter a page: '.' absent, 'z' zero page, 'p' present, 'L' present and mlocked. */
HELPER void page_letters(unsigned long addr, unsigned long n, char *out)
{
	int pm = open("/proc/self/pagemap", O_RDONLY), kf = open("/proc/kpageflags", O_RDONLY);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t e = 0, flags = 0;
		out[i] = '?';
		if (pm < 0 || pread(pm, &e, 8, (off_t)((addr / PAGE + i) * 8)) != 8) continue;
		if (!(e >> 63 & 1)) { out[i] = '.'; continue; }
		if (kf < 0 || pread(kf, &flags, 8, (off_t)((e & ((1ULL << 55) - 1)) * 8)) != 8) continue;
		out[i] = flags >> KPF_ZERO_PAGE & 1 ? 'z' : flags >> KPF_MLOCKED & 1 ? 'L' : 'p';
	}
	out[n] = 0;
	if (pm >= 0) close(pm);
	if (kf >= 0) close(kf);
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

HELPER void check_pages(int line, const char *stmt, unsigned long addr, unsigned long len, const char *pat)
{
	char seen[64];
	checks++;
	page_letters(addr, (len + PAGE - 1) / PAGE, seen);
	if (pattern_match(seen, pat)) return;
	differs(line, stmt, seen, pat);
}

/* The program's own mappings before the trace ran: what VmLck must not count. */
static unsigned long baseline[512][2];
static int nbaseline;

HELPER void record_baseline(void)
{
	char l[512];
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && nbaseline < 512 && fgets(l, sizeof l, f))
		if (sscanf(l, "%lx-%lx", &baseline[nbaseline][0], &baseline[nbaseline][1]) == 2) nbaseline++;
	if (f) fclose(f);
}

HELPER unsigned long own_bytes(unsigned long s, unsigned long e)
{
	unsigned long n = 0;
	for (int i = 0; i < nbaseline; i++) {
		unsigned long a = s > baseline[i][0] ? s : baseline[i][0];
		unsigned long b = e < baseline[i][1] ? e : baseline[i][1];
		if (a < b) n += b - a;
	}
	return n;
}

/* VmLck over the trace's regions: locked_vm less the program's own VM_LOCKED mappings. */
HELPER unsigned long vmlck_bytes(void)
{
	char l[512];
	unsigned long kb = 0, own = 0, s = 0, e = 0, a, b;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(l, sizeof l, f)) sscanf(l, "VmLck: %lu kB", &kb);
	if (f) fclose(f);
	f = fopen("/proc/self/smaps", "r");
	while (f && fgets(l, sizeof l, f)) {
		if (is_vma_header(l, &a, &b)) {
			s = a, e = b;
			continue;
		}
		if (strncmp(l, "VmFlags:", 8) == 0 && has_mnemonic(l + 8, "lo")) own += own_bytes(s, e);
	}
	if (f) fclose(f);
	return kb * 1024 - own;
}

HELPER void check_vmlck(int line, const char *stmt, unsigned long want)
{
	char seen[64], pred[64];
	unsigned long got = vmlck_bytes();
	checks++;
	if (got == want) return;
	snprintf(seen, sizeof seen, "VmLck %lu pages", got / PAGE);
	snprintf(pred, sizeof pred, "VmLck %lu pages", want / PAGE);
	differs(line, stmt, seen, pred);
}

HELPER void set_rlimit_memlock(unsigned long bytes)
{
	struct rlimit r = { bytes, bytes };
	if (setrlimit(RLIMIT_MEMLOCK, &r) != 0) perror("setrlimit(RLIMIT_MEMLOCK)"), exit(3);
}

/* cap CAP_IPC_LOCK off: drop it from the effective set (capset, linux/capability.h). */
HELPER void drop_cap_ipc_lock(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) != 0) perror("capget"), exit(3);
	d[CAP_IPC_LOCK / 32].effective &= ~(1U << (CAP_IPC_LOCK % 32));
	if (syscall(SYS_capset, &h, d) != 0) perror("capset"), exit(3);
}

HELPER int wait_child(pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
`;
