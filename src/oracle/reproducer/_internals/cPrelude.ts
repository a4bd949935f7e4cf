// The fixed parts of every C reproducer around the shared readers of the observables
// (src/oracle/observables.h, which the emitter pastes in between, verbatim): what the program
// includes, how it compares what it read with what the model predicted, and how it reports a
// difference; the process it runs in follows (cProcess.ts). Kept as plain C so the emitted
// file reads top to bottom.

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
/* Where the pad of the program's own data goes (pad_program_data): far from every region. */
#define PAD_HINT 0x580000000000UL
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
	printf("%s%d: %s\n    kernel: %s\n    model %s predicts: %s\n", LINE_AT, line, stmt, seen, MODEL, predicted);
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

/* The flags of the page at addr as words ("present anon thp head"), as the executor's page request. */
HELPER void check_page(int line, const char *stmt, unsigned long addr, const char *list, int has)
{
	char words[128];
	checks++;
	int kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	int e = kf < 0 ? errno : !pfns_visible() ? EPERM : page_flag_words(kf, addr, words, sizeof words);
	if (kf >= 0) close(kf);
	if (e != 0) {
		differs(line, stmt, "page flags unreadable (pagemap PFNs and /proc/kpageflags need root)", stmt + 6);
		return;
	}
	/* An absent page has none of the words: it lacks them all. */
	if (mnemonics_match(words, list, has)) return;
	differs(line, stmt, words[0] ? words : "not present", stmt + 6);
}

/* A numeric check (src/trace/judge.ts:compareNumbers): op is = != < <= > or >=. */
HELPER int compare_numbers(const char *op, u64 a, u64 b)
{
	if (!strcmp(op, "=")) return a == b;
	if (!strcmp(op, "!=")) return a != b;
	if (!strcmp(op, "<")) return a < b;
	if (!strcmp(op, "<=")) return a <= b;
	if (!strcmp(op, ">")) return a > b;
	return a >= b;
}

HELPER const char *bytes_text(u64 bytes, char *buf, size_t size)
{
	if (bytes % PAGE == 0) snprintf(buf, size, "%lu pages", (unsigned long)(bytes / PAGE));
	else snprintf(buf, size, "%lu bytes", (unsigned long)bytes);
	return buf;
}

/* VmLck, VmData or AnonHugePages over the trace's regions, read by the executor's reader. */
HELPER void check_bytes(int line, const char *stmt, const char *what, int (*read_bytes)(u64 *), const char *op, unsigned long want)
{
	char seen[96], pred[96], n[48];
	u64 got = 0;
	checks++;
	if (read_bytes(&got) != 0) {
		snprintf(seen, sizeof seen, "%s unreadable", what);
		differs(line, stmt, seen, "a value");
		return;
	}
	if (compare_numbers(op, got, want)) return;
	snprintf(seen, sizeof seen, "%s %s", what, bytes_text(got, n, sizeof n));
	snprintf(pred, sizeof pred, "%s %s %s", what, op, bytes_text(want, n, sizeof n));
	differs(line, stmt, seen, pred);
}

/* vmas(ADDR, LEN): how many VMAs meet the range. */
HELPER void check_vmas(int line, const char *stmt, unsigned long addr, unsigned long len, const char *op, unsigned long want)
{
	char seen[64], pred[64];
	int count = 0;
	u64 s = 0, e = 0;
	checks++;
	if (vmas_in(addr, len, &count, &s, &e) != 0) {
		differs(line, stmt, "maps unreadable", "a count");
		return;
	}
	if (compare_numbers(op, (u64)count, want)) return;
	snprintf(seen, sizeof seen, "%d VMAs", count);
	snprintf(pred, sizeof pred, "%s %lu VMAs", op, want);
	differs(line, stmt, seen, pred);
}
`;
