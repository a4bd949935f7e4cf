/*
 * How mmspec reads what a trace observes off the running kernel: the pages of a range
 * (/proc/self/pagemap + /proc/kpageflags), a VMA's VmFlags (/proc/self/smaps), VmLck
 * (/proc/self/status less the program's own VM_LOCKED mappings), VmData (likewise, less its
 * own data mappings), def_flags (a probe mapping) and VMA extents (/proc/self/maps); and the
 * one CPU a trace runs on (pin_to_one_cpu). ONE definition of each reader, for two users:
 *   - the executor (src/oracle/executor.c) #includes this file;
 *   - every C reproducer `mmspec check --emit-c` writes carries it verbatim
 *     (src/oracle/reproducer/emitC.ts reads it from the package when it emits),
 * so a fix here reaches both.
 *
 * Nothing here allocates or uses stdio: once a trace runs, the executor's own memory must not
 * change under what the trace observes. Readers return 0 or a positive errno unless they say
 * otherwise. The includer defines _GNU_SOURCE before its first #include, and lost_setup(),
 * called when a probe cannot put the trace's capabilities back (better to die than lie).
 */
#ifndef MMSPEC_OBSERVABLES_H
#define MMSPEC_OBSERVABLES_H

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* A reproducer uses only some readers: no warning for the others. */
#define OBSERVABLE static __attribute__((unused))

typedef uint64_t u64;

#define PAGE_SHIFT 12
#define PROBE_HINT 0x600000000000ULL /* far from regionHint() and from mmap_base */
#define STACK_RESERVE (8ULL << 20)   /* the stack may grow this far under the baseline */

/*
 * One CPU for the trace and its fork children (they inherit the mask): mlock and munlock go
 * through a per-CPU folio batch (mm/mlock.c), drained only on the CPU that queued them, so a
 * trace spread over two CPUs would see a batch drained or not depending on where each step
 * ran. The models assume one CPU, so every reader here assumes it too: the executor and each C
 * reproducer pin themselves before they run a trace. A host that forbids the change keeps its mask.
 */
OBSERVABLE void pin_to_one_cpu(void)
{
	cpu_set_t allowed, one;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		(void)sched_setaffinity(0, sizeof(one), &one);
		return;
	}
}

/* Documentation/admin-guide/mm/pagemap.rst */
#define KPF_DIRTY 4
#define KPF_ANON 12
#define KPF_ZERO_PAGE 24
#define KPF_COMPOUND_HEAD 15
#define KPF_COMPOUND_TAIL 16
#define KPF_THP 22
#define KPF_MLOCKED 33 /* a "kernel hacking" bit, absent from the uapi header */
#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

static void lost_setup(void) __attribute__((noreturn));

/* ---------------------------------------------------------------- words of a line */

/* Splits off the next space-separated word (empty at the end of the line). */
OBSERVABLE char *word(char **p)
{
	while (**p == ' ')
		(*p)++;
	char *w = *p;
	while (**p && **p != ' ')
		(*p)++;
	if (**p)
		*(*p)++ = 0;
	return w;
}

OBSERVABLE u64 parse_hex(const char *s)
{
	u64 v = 0;
	for (; *s; s++) {
		int d = *s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10;
		v = v << 4 | (u64)(d & 15);
	}
	return v;
}

/*
 * Whether a VmFlags list (" rd wr mr mw me ac lo") holds the mnemonic m as a whole word
 * (fs/proc/task_mmu.c:show_smap_vma_flags prints two letters a flag).
 */
OBSERVABLE int has_mnemonic(const char *flags, const char *m)
{
	size_t n = strlen(m);
	for (const char *p = strstr(flags, m); p; p = strstr(p + 1, m))
		if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == 0))
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- /proc line reader */

typedef int (*line_fn)(char *line, void *ctx); /* returns nonzero to stop early */

static char procbuf[1 << 16];

/* Feeds every line of a /proc file to fn. Returns 0, or -errno when the file cannot be read. */
OBSERVABLE int proc_lines(const char *path, line_fn fn, void *ctx)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = 0;
	int stop = 0, rc = 0;
	for (;;) {
		ssize_t got = read(fd, procbuf + len, sizeof(procbuf) - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = got < 0 ? -errno : 0;
			break;
		}
		len += (size_t)got;
		char *start = procbuf, *nl;
		while (!stop && (nl = memchr(start, '\n', len - (size_t)(start - procbuf)))) {
			*nl = 0;
			stop = fn(start, ctx);
			start = nl + 1;
		}
		len -= (size_t)(start - procbuf);
		memmove(procbuf, start, len);
		if (len == sizeof(procbuf) - 1)
			rc = -E2BIG; /* a line longer than the buffer: not a /proc file we know */
		if (stop || rc)
			break;
	}
	close(fd);
	return rc;
}

/* A VMA header of maps/smaps: "start-end perms offset dev inode   path". */
OBSERVABLE int vma_header(char *line, u64 *start, u64 *end, char **path)
{
	char c = line[0];
	if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
		return 0;
	char *p = line;
	char *range = word(&p);
	char *dash = strchr(range, '-');
	if (!dash)
		return 0;
	*dash = 0;
	*start = parse_hex(range);
	*end = parse_hex(dash + 1);
	for (int i = 0; i < 4; i++)
		word(&p);
	while (*p == ' ')
		p++;
	*path = p;
	return 1;
}

/* "VmLck:      8 kB" -> bytes; returns 1 when the line has that key. */
OBSERVABLE int status_kb(const char *line, const char *key, u64 *bytes)
{
	size_t n = strlen(key);
	if (strncmp(line, key, n) != 0)
		return 0;
	u64 kb = 0;
	for (const char *s = line + n; *s; s++)
		if (*s >= '0' && *s <= '9')
			kb = kb * 10 + (u64)(*s - '0');
	*bytes = kb << 10;
	return 1;
}

/* ---------------------------------------------------------------- the program's own mappings */

struct range {
	u64 start, end;
};

/* The program's own mappings when the trace began (what `VmLck` must not count). */
static struct range baseline[512];
static int nbaseline;
/* Mappings the trace bound with `existing`: they belong to the trace from then on. */
static struct range adopted[64];
static int nadopted;

/* Records a maps line in the baseline; adds its size to *total_vm as mm->total_vm counts it. */
static int add_baseline(char *line, void *ctx)
{
	u64 *total_vm = ctx;
	u64 s, e;
	char *path;
	if (!vma_header(line, &s, &e, &path) || nbaseline == (int)(sizeof(baseline) / sizeof(*baseline)))
		return 0;
	/* The gate area is printed by maps but is no VMA of the mm (arch/x86/entry/vsyscall). */
	if (strcmp(path, "[vsyscall]") != 0)
		*total_vm += e - s;
	/* The stack may grow during the trace; the growth is still the program's own. maps is
	 * sorted, so the reserve stops at the mapping below (mmap_base keeps that far away). */
	if (strcmp(path, "[stack]") == 0) {
		s = s > STACK_RESERVE ? s - STACK_RESERVE : 0;
		if (nbaseline > 0 && s < baseline[nbaseline - 1].end)
			s = baseline[nbaseline - 1].end;
	}
	baseline[nbaseline++] = (struct range){ s, e };
	return 0;
}

/* Takes the program's mappings as its own, forgetting adopted ones; *total_vm in bytes. */
OBSERVABLE int record_baseline(u64 *total_vm)
{
	nbaseline = 0;
	nadopted = 0;
	*total_vm = 0;
	int rc = proc_lines("/proc/self/maps", add_baseline, total_vm);
	return rc < 0 ? -rc : 0;
}

/* [start, end) joins the trace (`existing`): no longer the program's own. */
OBSERVABLE void adopt_range(u64 start, u64 end)
{
	for (int i = 0; i < nadopted; i++)
		if (adopted[i].start == start)
			return;
	if (nadopted < (int)(sizeof(adopted) / sizeof(*adopted)))
		adopted[nadopted++] = (struct range){ start, end };
}

static u64 overlap(u64 s1, u64 e1, u64 s2, u64 e2)
{
	u64 s = s1 > s2 ? s1 : s2, e = e1 < e2 ? e1 : e2;
	return e > s ? e - s : 0;
}

/* Bytes of [s, e) that belong to the program (baseline minus adopted; neither overlaps itself). */
static u64 own_bytes(u64 s, u64 e)
{
	u64 total = 0;
	for (int i = 0; i < nbaseline; i++) {
		u64 bs = baseline[i].start > s ? baseline[i].start : s;
		u64 be = baseline[i].end < e ? baseline[i].end : e;
		if (be <= bs)
			continue;
		total += be - bs;
		for (int j = 0; j < nadopted; j++)
			total -= overlap(bs, be, adopted[j].start, adopted[j].end);
	}
	return total;
}

/* ---------------------------------------------------------------- smaps: VmFlags */

/* What a walk over /proc/self/smaps collects. */
struct smaps_walk {
	u64 addr;          /* the address whose VMA's VmFlags to keep */
	int in_target;     /* the VMA being read holds addr */
	int found;         /* found the VMA; then flags holds its VmFlags */
	char flags[256];
	u64 cur_start, cur_end;
	u64 own_locked;    /* bytes of `lo` VMAs that are the program's own */
	u64 anon_huge;     /* AnonHugePages of the VMAs that are the trace's, in bytes */
	u64 own_data;      /* bytes of data VMAs (is_data_mapping) that are the program's own */
};

/*
 * include/linux/mm.h:is_data_mapping as VmFlags show it: written privately and not a stack
 * (VM_WRITE without VM_SHARED or VM_STACK, which is VM_GROWSDOWN on x86).
 */
static int is_data_vmflags(const char *flags)
{
	return has_mnemonic(flags, "wr") && !has_mnemonic(flags, "sh") && !has_mnemonic(flags, "gd");
}

static int smaps_line(char *line, void *ctx)
{
	struct smaps_walk *w = ctx;
	char *path;
	if (vma_header(line, &w->cur_start, &w->cur_end, &path)) {
		w->in_target = w->addr >= w->cur_start && w->addr < w->cur_end;
		return 0;
	}
	u64 huge;
	if (status_kb(line, "AnonHugePages:", &huge)) {
		if (!own_bytes(w->cur_start, w->cur_end))
			w->anon_huge += huge;
		return 0;
	}
	if (strncmp(line, "VmFlags:", 8) != 0)
		return 0;
	if (w->in_target) {
		size_t n = strlen(line + 8);
		if (n >= sizeof(w->flags))
			n = sizeof(w->flags) - 1;
		memcpy(w->flags, line + 8, n);
		w->flags[n] = 0;
		w->found = 1;
	}
	if (has_mnemonic(line + 8, "lo"))
		w->own_locked += own_bytes(w->cur_start, w->cur_end);
	if (is_data_vmflags(line + 8))
		w->own_data += own_bytes(w->cur_start, w->cur_end);
	return 0;
}

/* Static, not on the stack: the executor's stack must not grow under the trace. */
static struct smaps_walk smaps;

static int walk_smaps(u64 addr)
{
	memset(&smaps, 0, sizeof(smaps));
	smaps.addr = addr;
	int rc = proc_lines("/proc/self/smaps", smaps_line, &smaps);
	return rc < 0 ? -rc : 0;
}

/*
 * The VmFlags of the VMA holding addr (" rd wr ... lo") into out: 1 when a VMA holds it, 0
 * when none does (out is then ""), -errno when smaps cannot be read.
 */
OBSERVABLE int vmflags_of(u64 addr, char *out, size_t size)
{
	int rc = walk_smaps(addr);
	out[0] = 0;
	if (rc)
		return -rc;
	if (!smaps.found)
		return 0;
	size_t n = strlen(smaps.flags);
	if (n >= size)
		n = size - 1;
	memcpy(out, smaps.flags, n);
	out[n] = 0;
	return 1;
}

/* ---------------------------------------------------------------- status: VmLck, VmData */

struct status_walk {
	const char *key;
	u64 bytes;
};

static int status_line(char *line, void *ctx)
{
	struct status_walk *w = ctx;
	return status_kb(line, w->key, &w->bytes);
}

/* A counter of /proc/self/status (`key` as it prints it), in bytes. */
static int status_bytes(const char *key, u64 *bytes)
{
	struct status_walk w = { key, 0 };
	int rc = proc_lines("/proc/self/status", status_line, &w);
	if (rc < 0)
		return -rc;
	*bytes = w.bytes;
	return 0;
}

/* A counter of /proc/self/status less the program's own share of it (`own`, which the smaps
 * walk fills in): what the trace's own mappings add to it. */
static int status_less_own(const char *key, const u64 *own, u64 *bytes)
{
	u64 total;
	int rc = status_bytes(key, &total);
	if (rc)
		return rc;
	rc = walk_smaps(0);
	if (rc)
		return rc;
	*bytes = total - *own;
	return 0;
}

/*
 * VmLck over the trace's regions: mm->locked_vm (fs/proc/task_mmu.c:task_mem prints it as
 * VmLck) minus the program's own `lo` VMAs, which mlockall(MCL_CURRENT) locks too. Taking
 * the counter, not the sum of the trace's `lo` VMAs, keeps leaks of locked_vm visible.
 */
OBSERVABLE int vmlck_bytes(u64 *bytes)
{
	return status_less_own("VmLck:", &smaps.own_locked, bytes);
}

/*
 * AnonHugePages over the trace's regions: anonymous memory mapped by PMDs
 * (fs/proc/task_mmu.c:smaps_pmd_entry counts a PMD-mapped anonymous THP; a THP split down to
 * PTEs no longer counts, though the folio stays large). 0 before 2.6.38 had THP.
 */
OBSERVABLE int anon_huge_bytes(u64 *bytes)
{
	int rc = walk_smaps(0);
	if (rc)
		return rc;
	*bytes = smaps.anon_huge;
	return 0;
}

/*
 * VmData over the trace's regions: mm->data_vm (fs/proc/task_mmu.c:task_mem prints it as
 * VmData; mm/mmap.c:vm_stat_account keeps it) minus the program's own data mappings as they
 * lie within the baseline (.data, .bss, [heap]: a brk growth past the recorded heap is the
 * trace's, as for VmLck). The counter, not the sum of the trace's VMAs, so an accounting leak
 * stays visible. Before 4.5 (84638335900f) task_mem derived VmData from total_vm, shared_vm
 * and stack_vm instead.
 */
OBSERVABLE int vmdata_bytes(u64 *bytes)
{
	return status_less_own("VmData:", &smaps.own_data, bytes);
}

/* Where the program's data lies, and how much data_vm it has, all in bytes. */
struct data_layout {
	u64 data_vm;                          /* /proc/self/status VmData */
	u64 start_data, end_data, start_brk; /* /proc/self/stat fields 45 to 47 (since 3.3) */
	int seen;
};

static int stat_line(char *line, void *ctx)
{
	struct data_layout *w = ctx;
	char *p = strrchr(line, ')'); /* the command name may hold spaces */
	if (!p)
		return 1;
	p++;
	for (int field = 3; field <= 47; field++) {
		u64 n = 0;
		for (const char *v = word(&p); *v >= '0' && *v <= '9'; v++)
			n = n * 10 + (u64)(*v - '0');
		if (field == 45)
			w->start_data = n;
		else if (field == 46)
			w->end_data = n;
		else if (field == 47)
			w->start_brk = n, w->seen = 1;
	}
	return 1;
}

/*
 * The program's data segment, where its heap starts and its data_vm: what RLIMIT_DATA is
 * checked against (check_data_rlimit, may_expand_vm). A C reproducer pads its own to the
 * executor's with it (src/oracle/reproducer).
 */
OBSERVABLE int data_layout_of(struct data_layout *out)
{
	memset(out, 0, sizeof(*out));
	int rc = proc_lines("/proc/self/stat", stat_line, out);
	if (rc < 0)
		return -rc;
	if (!out->seen)
		return ENOENT;
	return status_bytes("VmData:", &out->data_vm);
}

/* ---------------------------------------------------------------- meminfo: the counters */

struct counters_walk {
	u64 mlocked, unevictable;
	int seen;
};

static int counters_line(char *line, void *ctx)
{
	struct counters_walk *w = ctx;
	w->seen += status_kb(line, "Mlocked:", &w->mlocked);
	w->seen += status_kb(line, "Unevictable:", &w->unevictable);
	return w->seen == 2;
}

/*
 * The system's Mlocked and Unevictable (/proc/meminfo: NR_MLOCK and the unevictable LRU), in
 * bytes. They are global, and each CPU keeps a part of every counter to itself until vmstat
 * folds it in (mm/vmstat.c, about once a second): writing /proc/sys/vm/stat_refresh folds
 * every CPU's part first (root only), so the figures are exact when nothing else runs. The
 * caller drains its CPU's mlock batch before (NR_UNEVICTABLE moves when the batch is
 * processed). A memory cgroup would scope them to the trace, but memory.stat has no mlocked
 * line and is flushed lazily (mm/memcontrol.c: every 2 s below a threshold of changes), so
 * a few pages' change does not show at once.
 */
OBSERVABLE int meminfo_counters(u64 *mlocked, u64 *unevictable)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = write(fd, "1", 1) < 0 ? errno : 0;
	close(fd);
	if (e)
		return e;
	struct counters_walk w = { 0, 0, 0 };
	int rc = proc_lines("/proc/meminfo", counters_line, &w);
	if (rc < 0)
		return -rc;
	if (w.seen != 2)
		return ENOENT;
	*mlocked = w.mlocked;
	*unevictable = w.unevictable;
	return 0;
}

/* ---------------------------------------------------------------- def_flags: a probe */

/* Raw capget/capset (no libcap): CAP_IPC_LOCK in or out of the effective set. */
OBSERVABLE int set_cap_ipc_lock(int on)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	uint32_t bit = 1u << CAP_IPC_LOCK; /* 14: in the first 32-bit word */
	if (syscall(SYS_capget, &h, d) < 0)
		return errno;
	if (on && !(d[0].permitted & bit))
		return EPERM;
	d[0].effective = on ? d[0].effective | bit : d[0].effective & ~bit;
	return syscall(SYS_capset, &h, d) < 0 ? errno : 0;
}

static void *probe_map(void)
{
	return mmap((void *)PROBE_HINT, 1 << PAGE_SHIFT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void *probe_with_cap(void)
{
	if (set_cap_ipc_lock(1) != 0)
		return MAP_FAILED;
	void *probe = probe_map();
	if (set_cap_ipc_lock(0) != 0)
		lost_setup();
	return probe;
}

/*
 * def_flags cannot be read; map a probe page and see what it inherits: its VmFlags into
 * out. The probe is itself subject to MCL_FUTURE and to RLIMIT_MEMLOCK (mm/mmap.c:do_mmap
 * adds mm->def_flags, then mlock_future_ok), and an EAGAIN proves VM_LOCKED is in def_flags:
 * only a VM_LOCKED mapping is charged. To still learn `lf` then, the probe is retried with
 * CAP_IPC_LOCK raised back into the effective set for the instant of the probe (it stays in
 * the permitted set when a trace turns it off); when that is impossible, out is " lo" alone.
 */
OBSERVABLE int def_flags_probe(char *out, size_t size)
{
	int eagain = 0;
	void *probe = probe_map();
	out[0] = 0;
	if (probe == MAP_FAILED && errno == EAGAIN) {
		eagain = 1;
		probe = probe_with_cap();
	}
	if (probe == MAP_FAILED) {
		if (!eagain)
			return errno;
		strncpy(out, " lo", size - 1);
		out[size - 1] = 0;
		return 0;
	}
	int found = vmflags_of((u64)(uintptr_t)probe, out, size);
	munmap(probe, 1 << PAGE_SHIFT);
	return found < 0 ? -found : found == 0 ? ENOENT : 0;
}

/* ---------------------------------------------------------------- maps: VMA extents */

/* What a walk over /proc/self/maps collects. */
struct maps_walk {
	u64 lo, hi;        /* the range asked about: [lo, hi) */
	int count;         /* VMAs intersecting it */
	u64 start, end;    /* the first of them */
	const char *name;  /* the mapping name to find instead (`existing`) */
};

static int maps_line(char *line, void *ctx)
{
	struct maps_walk *w = ctx;
	u64 s, e;
	char *path;
	if (!vma_header(line, &s, &e, &path))
		return 0;
	int hit = w->name ? strcmp(path, w->name) == 0 : s < w->hi && e > w->lo;
	if (hit && w->count++ == 0) {
		w->start = s;
		w->end = e;
	}
	return hit && w->name != NULL;
}

static int walk_maps(struct maps_walk *w)
{
	int rc = proc_lines("/proc/self/maps", maps_line, w);
	return rc < 0 ? -rc : 0;
}

/* How many VMAs intersect [addr, addr + len), and the first one's extent. */
OBSERVABLE int vmas_in(u64 addr, u64 len, int *count, u64 *start, u64 *end)
{
	struct maps_walk w = { 0 };
	w.lo = addr;
	w.hi = addr + len < addr ? ~0ULL : addr + len;
	int rc = walk_maps(&w);
	*count = w.count;
	*start = w.start;
	*end = w.end;
	return rc;
}

/* The VMA holding addr: its extent, count 0 when none does. */
OBSERVABLE int vma_of(u64 addr, int *count, u64 *start, u64 *end)
{
	return vmas_in(addr, 1, count, start, end);
}

/* The first mapping named `name` ("[vvar]"): its extent, count 0 when there is none. */
OBSERVABLE int mapping_named(const char *name, int *count, u64 *start, u64 *end)
{
	struct maps_walk w = { 0 };
	w.name = name;
	int rc = walk_maps(&w);
	*count = w.count;
	*start = w.start;
	*end = w.end;
	return rc;
}

/* ---------------------------------------------------------------- pagemap: pages */

/* Whether pagemap shows PFNs (CAP_SYS_ADMIN, fs/proc/task_mmu.c:pagemap_open). */
OBSERVABLE int pfns_visible(void)
{
	static volatile u64 touched = 1;
	u64 entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	touched++;
	ssize_t got = pread(fd, &entry, 8, (off_t)(((uintptr_t)&touched >> PAGE_SHIFT) * 8));
	close(fd);
	return got == 8 && (entry & PM_PRESENT) && (entry & PM_PFN_MASK);
}

/*
 * One letter a page: '.' absent, 'z' the zero page, 'p' present, 'L' present and mlocked.
 * pagemap bit 63 says present and bits 0-54 give the PFN (root only), whose kpageflags say
 * zero page or mlocked. KPF_UNEVICTABLE is not used: the move to the unevictable LRU lags in
 * a per-CPU batch (mm/mlock.c:mlock_folio_batch), while PG_mlocked is set at once.
 * Returns 0 when kpageflags cannot be read.
 */
static char page_letter(int kpageflags, u64 entry)
{
	if (!(entry & PM_PRESENT))
		return '.';
	u64 kflags = 0;
	if (pread(kpageflags, &kflags, 8, (off_t)((entry & PM_PFN_MASK) * 8)) != 8)
		return 0;
	if (kflags & (1ULL << KPF_ZERO_PAGE))
		return 'z';
	return kflags & (1ULL << KPF_MLOCKED) ? 'L' : 'p';
}

/* Letters of the pages [first, last) (page numbers) into out, given /proc/kpageflags open. */
OBSERVABLE int page_letters(int kpageflags, u64 first, u64 last, char *out)
{
	static u64 entries[512];
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = 0;
	for (u64 at = first; at < last && !e;) {
		u64 n = last - at < 512 ? last - at : 512;
		ssize_t got = pread(fd, entries, n * 8, (off_t)(at * 8));
		if (got <= 0) {
			e = got < 0 ? errno : ERANGE;
			break;
		}
		for (u64 i = 0; i < (u64)got / 8 && !e; i++, out++) {
			*out = page_letter(kpageflags, entries[i]);
			if (!*out)
				e = EIO;
		}
		at += (u64)got / 8;
	}
	close(fd);
	return e;
}

/*
 * The flags of the page at addr as words (src/uapi/pageFlags.ts), into out: "" when it is not
 * present, else "present" and any of "zero", "anon", "dirty", "thp", "head", "tail"
 * (KPF_ZERO_PAGE, KPF_ANON, KPF_DIRTY, KPF_THP, KPF_COMPOUND_HEAD, KPF_COMPOUND_TAIL of its PFN). KPF_DIRTY is the folio's PG_dirty, not the PTE's dirty bit: an
 * anonymous page reads clean while mapped, and a shmem page written through a PTE its read
 * fault made writable reads clean until the PTE is zapped.
 */
OBSERVABLE int page_flag_words(int kpageflags, u64 addr, char *out, size_t size)
{
	u64 entry = 0, kflags = 0;
	out[0] = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t got = pread(fd, &entry, 8, (off_t)((addr >> PAGE_SHIFT) * 8));
	int e = got == 8 ? 0 : got < 0 ? errno : ERANGE;
	close(fd);
	if (e || !(entry & PM_PRESENT))
		return e;
	if (pread(kpageflags, &kflags, 8, (off_t)((entry & PM_PFN_MASK) * 8)) != 8)
		return EIO;
	static const struct {
		int bit;
		const char *word;
	} words[] = { { KPF_ZERO_PAGE, " zero" }, { KPF_ANON, " anon" }, { KPF_DIRTY, " dirty" },
		      { KPF_THP, " thp" },	      { KPF_COMPOUND_HEAD, " head" },
		      { KPF_COMPOUND_TAIL, " tail" } };
	strncpy(out, "present", size - 1);
	out[size - 1] = 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if ((kflags & (1ULL << words[i].bit)) && strlen(out) + strlen(words[i].word) < size)
			strcat(out, words[i].word);
	return 0;
}

/* ---------------------------------------------------------------- THP: the machine's mode */

/*
 * Whether a MADV_HUGEPAGE region may fault in transparent hugepages here once the process
 * clears PR_SET_THP_DISABLE (a trace's `thp on`): 0 when
 * /sys/kernel/mm/transparent_hugepage/enabled says `always` or `madvise`; ENOENT without
 * CONFIG_TRANSPARENT_HUGEPAGE, EOPNOTSUPP in mode `never` (the machine's to set, not the
 * trace's), EIO when it cannot be read.
 */
OBSERVABLE int thp_mode_allows(void)
{
	char mode[128] = { 0 };
	int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t got = read(fd, mode, sizeof(mode) - 1);
	close(fd);
	if (got < 0)
		return EIO;
	return got == 0 || strstr(mode, "[never]") ? EOPNOTSUPP : 0;
}

#endif /* MMSPEC_OBSERVABLES_H */
