/*
 * mmspec's real-kernel executor: runs the calls of a trace in a fresh process and reports what
 * the kernel did. Driven by src/oracle/kernelEngine.ts over stdin/stdout with a line protocol
 * (documented in src/oracle/_internals/protocol.ts; one request, one reply, never pipelined).
 *
 * Process tree:  server (this program, one per executor in the Engine's pool)
 *                  `- trace process (one per Session, forked on `start`)
 *                       `- fork-block child (one per nested `fork {`), and so on.
 * Whichever process is innermost reads the next request from the shared stdin while its
 * parents sit in waitpid(), so a fork child serves the same pipes for free. Because requests
 * are never pipelined, no process ever holds unread input when it forks or exits.
 *
 * Once a trace runs, nothing here allocates: no malloc, no stdio, only static buffers and
 * write(2), so the executor's own memory never changes under what the trace observes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

typedef uint64_t u64;

/* Exit codes that carry meaning up the process tree. */
#define EXIT_FORK_BLOCK 0 /* `exit`: a fork block ended normally */
#define EXIT_END 97       /* `end`: unwind every level, the session is over */
#define EXIT_SETUP 98     /* the trace process already reported its setup failure */
#define EXIT_EOF 99       /* the driver went away */
#define EXIT_IDLE 96      /* a trace process answered a request outside a trace */

#define PAGE_SHIFT 12
#define KPAGEFLAGS_FD 900 /* out of the way, so the trace's files get 3, 4, ... */
#define PROBE_HINT 0x600000000000ULL /* far from regionHint() and from mmap_base */
#define STACK_RESERVE (8ULL << 20)   /* the stack may grow this far under the baseline */

#define KPF_ZERO_PAGE 24
#define KPF_MLOCKED 33 /* a "kernel hacking" bit, absent from the uapi header */
#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

/* ---------------------------------------------------------------- output, without stdio */

static char outbuf[1 << 16];
static size_t outlen;

static void flush_out(void)
{
	size_t off = 0;
	while (off < outlen) {
		ssize_t n = write(1, outbuf + off, outlen - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(EXIT_EOF);
		off += (size_t)n;
	}
	outlen = 0;
}

static void put_char(char c)
{
	if (outlen == sizeof(outbuf))
		flush_out();
	outbuf[outlen++] = c;
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_hex(u64 v)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put_char(' ');
	while (n)
		put_char(tmp[--n]);
}

static void end_line(void)
{
	put_char('\n');
	flush_out();
}

static void reply_value(u64 v)
{
	put_str("ok");
	put_hex(v);
	end_line();
}

static void reply_errno(int e)
{
	put_str("err");
	put_hex((u64)e);
	end_line();
}

/* An executor-level failure (not a result of the trace): the driver throws with this text. */
static void reply_fail(const char *what, int e)
{
	put_str("fail ");
	put_str(what);
	put_hex((u64)e);
	end_line();
}

/* ---------------------------------------------------------------- input */

static char inbuf[4096];
static size_t inlen;

/* The next request line, NUL-terminated; exits when the driver closes the pipe. */
static char *read_line(void)
{
	static char line[sizeof(inbuf)];
	for (;;) {
		char *nl = memchr(inbuf, '\n', inlen);
		if (nl) {
			size_t n = (size_t)(nl - inbuf);
			memcpy(line, inbuf, n);
			line[n] = 0;
			inlen -= n + 1;
			memmove(inbuf, nl + 1, inlen);
			return line;
		}
		if (inlen == sizeof(inbuf))
			_exit(EXIT_EOF); /* a line this long is not ours */
		ssize_t got = read(0, inbuf + inlen, sizeof(inbuf) - inlen);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			_exit(EXIT_EOF);
		inlen += (size_t)got;
	}
}

/* Splits off the next space-separated word (empty at the end of the line). */
static char *word(char **p)
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

static u64 parse_hex(const char *s)
{
	u64 v = 0;
	for (; *s; s++) {
		int d = *s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10;
		v = v << 4 | (u64)(d & 15);
	}
	return v;
}

static u64 parse_dec(const char *s)
{
	u64 v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (u64)(*s - '0');
	return v;
}

static u64 hex_word(char **p)
{
	return parse_hex(word(p));
}

/* ---------------------------------------------------------------- /proc line reader */

typedef int (*line_fn)(char *line, void *ctx); /* returns nonzero to stop early */

static char procbuf[1 << 16];

/* Feeds every line of a /proc file to fn. Returns 0, or -errno when the file cannot be read. */
static int proc_lines(const char *path, line_fn fn, void *ctx)
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
static int vma_header(char *line, u64 *start, u64 *end, char **path)
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
static int status_kb(const char *line, const char *key, u64 *bytes)
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

/* ---------------------------------------------------------------- the process's own mappings */

struct range {
	u64 start, end;
};

/* The executor's own mappings when the trace began (what `VmLck` must not count). */
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
	/* The stack may grow during the trace; the growth is still the executor's own. maps is
	 * sorted, so the reserve stops at the mapping below (mmap_base keeps that far away). */
	if (strcmp(path, "[stack]") == 0) {
		s = s > STACK_RESERVE ? s - STACK_RESERVE : 0;
		if (nbaseline > 0 && s < baseline[nbaseline - 1].end)
			s = baseline[nbaseline - 1].end;
	}
	baseline[nbaseline++] = (struct range){ s, e };
	return 0;
}

static u64 overlap(u64 s1, u64 e1, u64 s2, u64 e2)
{
	u64 s = s1 > s2 ? s1 : s2, e = e1 < e2 ? e1 : e2;
	return e > s ? e - s : 0;
}

/* Bytes of [s, e) that belong to the executor (baseline minus adopted; neither overlaps itself). */
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

/* ---------------------------------------------------------------- observables from smaps/maps */

/* What a walk over /proc/self/smaps collects. */
struct smaps_walk {
	u64 addr;          /* vmflags: the address to find */
	int in_target;     /* the VMA being read holds addr */
	int found;         /* vmflags: found the VMA; then flags holds its VmFlags */
	char flags[256];
	u64 cur_start, cur_end;
	u64 own_locked;    /* VmLck: bytes of `lo` VMAs that are the executor's own */
};

static int smaps_line(char *line, void *ctx)
{
	struct smaps_walk *w = ctx;
	char *path;
	if (vma_header(line, &w->cur_start, &w->cur_end, &path)) {
		w->in_target = w->addr >= w->cur_start && w->addr < w->cur_end;
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
	/* fs/proc/task_mmu.c:show_smap_vma_flags prints "lo" for VM_LOCKED. */
	if (strstr(line, " lo"))
		w->own_locked += own_bytes(w->cur_start, w->cur_end);
	return 0;
}

static int walk_smaps(struct smaps_walk *w, u64 addr)
{
	memset(w, 0, sizeof(*w));
	w->addr = addr;
	return proc_lines("/proc/self/smaps", smaps_line, w);
}

static void observe_vmflags(char **p)
{
	static struct smaps_walk w;
	int rc = walk_smaps(&w, hex_word(p));
	if (rc < 0) {
		reply_fail("smaps", -rc);
		return;
	}
	if (!w.found) {
		put_str("none");
		end_line();
		return;
	}
	put_str("flags ");
	put_str(w.flags);
	end_line();
}

/* What a walk over /proc/self/maps collects. */
struct maps_walk {
	u64 lo, hi;        /* the range asked about: [lo, hi) */
	int count;         /* VMAs intersecting it */
	u64 start, end;    /* the first of them */
	const char *name;  /* existing: the mapping name to find */
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
	return proc_lines("/proc/self/maps", maps_line, w);
}

static void observe_vma(char **p)
{
	struct maps_walk w = { 0 };
	w.lo = hex_word(p);
	w.hi = w.lo + 1;
	int rc = walk_maps(&w);
	if (rc < 0) {
		reply_fail("maps", -rc);
		return;
	}
	if (w.count == 0) {
		put_str("none");
		end_line();
		return;
	}
	put_str("ok");
	put_hex(w.start);
	put_hex(w.end);
	end_line();
}

static void observe_vmas(char **p)
{
	struct maps_walk w = { 0 };
	w.lo = hex_word(p);
	u64 len = hex_word(p);
	w.hi = w.lo + len < w.lo ? ~0ULL : w.lo + len;
	int rc = walk_maps(&w);
	if (rc < 0)
		reply_fail("maps", -rc);
	else
		reply_value((u64)w.count);
}

/* existing(name): the start of a mapping the process already has; it joins the trace. */
static void do_existing(char **p)
{
	struct maps_walk w = { 0 };
	w.name = word(p);
	int rc = walk_maps(&w);
	if (rc < 0) {
		reply_fail("maps", -rc);
		return;
	}
	if (w.count == 0) {
		put_str("none");
		end_line();
		return;
	}
	int known = 0;
	for (int i = 0; i < nadopted; i++)
		known |= adopted[i].start == w.start;
	if (!known && nadopted < (int)(sizeof(adopted) / sizeof(*adopted)))
		adopted[nadopted++] = (struct range){ w.start, w.end };
	reply_value(w.start);
}

struct status_walk {
	const char *key;
	u64 bytes;
};

static int status_line(char *line, void *ctx)
{
	struct status_walk *w = ctx;
	return status_kb(line, w->key, &w->bytes);
}

/* A "VmLck:" value of /proc/self/status, in bytes; -errno on failure. */
static int status_bytes(const char *key, u64 *bytes)
{
	struct status_walk w = { key, 0 };
	int rc = proc_lines("/proc/self/status", status_line, &w);
	*bytes = w.bytes;
	return rc;
}

/*
 * VmLck over the trace's regions: mm->locked_vm (fs/proc/task_mmu.c:task_mem prints it as
 * VmLck) minus the executor's own `lo` VMAs, which mlockall(MCL_CURRENT) locks too. Taking
 * the counter, not the sum of the trace's `lo` VMAs, keeps leaks of locked_vm visible.
 */
static void observe_vmlck(void)
{
	static struct smaps_walk w;
	u64 locked;
	int rc = status_bytes("VmLck:", &locked);
	if (rc == 0)
		rc = walk_smaps(&w, 0);
	if (rc < 0) {
		reply_fail("VmLck", -rc);
		return;
	}
	reply_value(locked - w.own_locked);
}

/*
 * def_flags cannot be read; map a probe page and see what it inherits. The probe is itself
 * subject to MCL_FUTURE and to RLIMIT_MEMLOCK (mm/mmap.c:do_mmap adds mm->def_flags, then
 * mlock_future_ok), and an EAGAIN proves VM_LOCKED is in def_flags: only a VM_LOCKED mapping
 * is charged. To still learn `lf` then, the probe is retried with CAP_IPC_LOCK raised back
 * into the effective set for the instant of the probe (it stays in the permitted set when a
 * trace turns it off); when that is impossible, the answer is `lo` alone.
 */
static void *probe_map(void)
{
	return mmap((void *)PROBE_HINT, 1 << PAGE_SHIFT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int set_cap_ipc_lock(int on);

static void *probe_with_cap(void)
{
	if (set_cap_ipc_lock(1) != 0)
		return MAP_FAILED;
	void *probe = probe_map();
	if (set_cap_ipc_lock(0) != 0)
		_exit(EXIT_EOF); /* cannot put the trace's setup back: better to die than lie */
	return probe;
}

static void reply_def_flags(const char *flags)
{
	put_str("flags");
	/* fs/proc/task_mmu.c:show_smap_vma_flags: "lo" VM_LOCKED, "lf" VM_LOCKONFAULT */
	if (strstr(flags, " lo"))
		put_str(" lo");
	if (strstr(flags, " lf"))
		put_str(" lf");
	end_line();
}

static void observe_def_flags(void)
{
	static struct smaps_walk w;
	int eagain = 0;
	void *probe = probe_map();
	if (probe == MAP_FAILED && errno == EAGAIN) {
		eagain = 1;
		probe = probe_with_cap();
	}
	if (probe == MAP_FAILED) {
		if (eagain)
			reply_def_flags(" lo");
		else
			reply_fail("probe", errno);
		return;
	}
	int rc = walk_smaps(&w, (u64)(uintptr_t)probe);
	munmap(probe, 1 << PAGE_SHIFT);
	if (rc < 0 || !w.found)
		reply_fail("probe smaps", rc < 0 ? -rc : ENOENT);
	else
		reply_def_flags(w.flags);
}

/* ---------------------------------------------------------------- pages */

static int kpageflags_ok; /* the server opened /proc/kpageflags at KPAGEFLAGS_FD */

/*
 * One letter a page (Documentation/admin-guide/mm/pagemap.rst): pagemap bit 63 says present
 * and bits 0-54 give the PFN (root only), whose kpageflags say zero page or mlocked.
 * KPF_UNEVICTABLE is not used: the move to the unevictable LRU lags in a per-CPU batch
 * (mm/mlock.c:mlock_folio_batch), while PG_mlocked is set at once.
 */
static char page_letter(u64 entry)
{
	if (!(entry & PM_PRESENT))
		return '.';
	u64 kflags = 0;
	if (pread(KPAGEFLAGS_FD, &kflags, 8, (off_t)((entry & PM_PFN_MASK) * 8)) != 8)
		return 0;
	if (kflags & (1ULL << KPF_ZERO_PAGE))
		return 'z';
	return kflags & (1ULL << KPF_MLOCKED) ? 'L' : 'p';
}

#define MAX_PAGES (1 << 15) /* the driver refuses longer pages() ranges first */

/* Letters of pages [first, last) into out; 0, or an errno. */
static int page_letters(int fd, u64 first, u64 last, char *out)
{
	static u64 entries[512];
	for (u64 at = first; at < last;) {
		u64 n = last - at < 512 ? last - at : 512;
		ssize_t got = pread(fd, entries, n * 8, (off_t)(at * 8));
		if (got <= 0)
			return got < 0 ? errno : ERANGE;
		for (u64 i = 0; i < (u64)got / 8; i++, out++) {
			*out = page_letter(entries[i]);
			if (!*out)
				return EIO;
		}
		at += (u64)got / 8;
	}
	return 0;
}

static void observe_pages(char **p)
{
	static char letters[MAX_PAGES + 1];
	u64 addr = hex_word(p), len = hex_word(p);
	u64 first = addr >> PAGE_SHIFT;
	u64 last = (addr + len + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT;
	if (!kpageflags_ok || last < first || last - first > MAX_PAGES) {
		reply_fail(kpageflags_ok ? "pages range" : "kpageflags", kpageflags_ok ? E2BIG : EACCES);
		return;
	}
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		reply_fail("pagemap", errno);
		return;
	}
	int e = page_letters(fd, first, last, letters);
	close(fd);
	if (e) {
		reply_fail("pagemap read", e);
		return;
	}
	letters[last - first] = 0;
	put_str("pages ");
	put_str(letters);
	end_line();
}

/* ---------------------------------------------------------------- user accesses */

static sigjmp_buf access_env;
static volatile sig_atomic_t in_access;
static char altstack[1 << 16];

/* A fault inside a trace's read/write is its result; anywhere else it kills, as it would. */
static void on_fault(int sig)
{
	if (in_access) {
		in_access = 0;
		siglongjmp(access_env, sig);
	}
	signal(sig, SIG_DFL); /* returning re-executes the access and dies of it */
}

static void install_fault_handlers(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_ONSTACK;
	sigaltstack(&ss, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

static void do_access(char **p, int is_write)
{
	volatile unsigned char *at = (volatile unsigned char *)(uintptr_t)hex_word(p);
	unsigned char byte = (unsigned char)hex_word(p);
	unsigned value = 0;
	int sig = sigsetjmp(access_env, 1);
	if (sig) {
		put_str("sig");
		put_hex((u64)sig);
		end_line();
		return;
	}
	in_access = 1;
	if (is_write)
		*at = byte;
	else
		value = *at;
	in_access = 0;
	reply_value(value);
}

/* ---------------------------------------------------------------- calls and files */

static void do_call(char **p)
{
	long nr = (long)hex_word(p);
	u64 a[6];
	for (int i = 0; i < 6; i++)
		a[i] = hex_word(p);
	/* Raw syscall(): no libc wrapper checks or rewrites an argument (mlock2, memfd_secret). */
	long rc = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (rc == -1)
		reply_errno(errno);
	else
		reply_value((u64)rc);
}

static void reply_sized_fd(int fd, u64 len)
{
	if (fd < 0) {
		reply_errno(errno);
		return;
	}
	if (ftruncate(fd, (off_t)len) < 0) {
		int e = errno;
		close(fd);
		reply_errno(e);
		return;
	}
	reply_value((u64)fd);
}

/*
 * tmpfile(LEN): an unlinked sparse regular file. O_TMPFILE in /tmp, which is the root ext4
 * filesystem on the reference machine (not tmpfs), so these are page-cache pages of a real
 * disk file system; a tmpfs /tmp would give shmem pages instead.
 */
static void do_tmpfile(char **p)
{
	u64 len = hex_word(p);
	reply_sized_fd(open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600), len);
}

static void do_memfd_secret(char **p)
{
	u64 len = hex_word(p);
	reply_sized_fd((int)syscall(447 /* __NR_memfd_secret */, 0), len);
}

/* ---------------------------------------------------------------- processes */

static unsigned trace_timeout = 30; /* seconds; SIGALRM's default action ends a stuck trace */

static int wait_child(pid_t pid)
{
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

/* Every process of a trace dies with its parent, so none outlives the driver. */
static void become_child(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(EXIT_EOF);
	alarm(trace_timeout);
}

/* A trace process died of something the trace did not ask for (a signal, the alarm). */
static void report_dead(int status)
{
	put_str("dead");
	put_hex((u64)status);
	end_line();
}


/* `fork {`: the child goes on serving; the parent waits for it and reports how it ended. */
static void do_fork(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		reply_errno(errno);
		return;
	}
	if (pid == 0) {
		become_child(parent);
		put_str("ok");
		end_line();
		return;
	}
	int st = wait_child(pid);
	if (WIFEXITED(st) && (WEXITSTATUS(st) == EXIT_END || WEXITSTATUS(st) == EXIT_EOF))
		_exit(WEXITSTATUS(st)); /* pass `end`, or the driver's going away, up the tree */
	if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_FORK_BLOCK)
		reply_value(0);
	else
		report_dead(st);
}

static void serve(void)
{
	for (;;) {
		char *p = read_line();
		char *cmd = word(&p);
		if (!strcmp(cmd, "call")) do_call(&p);
		else if (!strcmp(cmd, "read")) do_access(&p, 0);
		else if (!strcmp(cmd, "write")) do_access(&p, 1);
		else if (!strcmp(cmd, "pages")) observe_pages(&p);
		else if (!strcmp(cmd, "vmflags")) observe_vmflags(&p);
		else if (!strcmp(cmd, "vma")) observe_vma(&p);
		else if (!strcmp(cmd, "vmas")) observe_vmas(&p);
		else if (!strcmp(cmd, "vmlck")) observe_vmlck();
		else if (!strcmp(cmd, "def_flags")) observe_def_flags();
		else if (!strcmp(cmd, "tmpfile")) do_tmpfile(&p);
		else if (!strcmp(cmd, "memfd_secret")) do_memfd_secret(&p);
		else if (!strcmp(cmd, "existing")) do_existing(&p);
		else if (!strcmp(cmd, "fork")) do_fork();
		else if (!strcmp(cmd, "exit")) _exit(EXIT_FORK_BLOCK);
		else if (!strcmp(cmd, "end")) _exit(EXIT_END);
		else reply_fail("unknown request", EINVAL);
	}
}

/* ---------------------------------------------------------------- containment: cgroups */

/*
 * Where /sys/fs/cgroup is writable, every trace process joins a cgroup of this executor with
 * a memory and a pids limit (the driver passes them: src/trace/budget/budgetLimits.ts), so a
 * trace that escapes the driver's budget is stopped by the kernel (the memcg OOM killer,
 * fork's EAGAIN) instead of the machine. cgroup v2 when its root offers both controllers;
 * else the v1 memory and pids hierarchies (a hybrid host); else none, the budget alone.
 * The server makes the cgroups at start, removes them when it exits, and removes those of
 * executors that died without doing so.
 */
#define CG_PREFIX "mmspec-executor."
#define CG_ROOT "/sys/fs/cgroup"

static char cg_dirs[2][512]; /* the cgroups made; "" when none */
static const char *cg_mode = "-";
static char cg_procs[2][32]; /* the file a process writes its pid to, in each */

static void str_cat(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
	size_t n = 0;
	for (const char *parts[3] = { a, b, c }, **q = parts; q < parts + 3; q++)
		for (const char *s = *q; s && *s && n + 1 < cap; s++)
			dst[n++] = *s;
	dst[n] = 0;
}

static void dec(u64 v, char *out)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = 0;
}

/* Writes text to dir/file; 0 or an errno. */
static int write_at(const char *dir, const char *file, const char *text)
{
	char path[600];
	str_cat(path, sizeof(path), dir, "/", file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t n = write(fd, text, strlen(text));
	int e = n < 0 ? errno : 0;
	close(fd);
	return e;
}

/* Reads a small file into buf (NUL-terminated); 0 or an errno. */
static int read_small(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t n = read(fd, buf, cap - 1);
	int e = n < 0 ? errno : 0;
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return e;
}

static int has_word(const char *text, const char *w)
{
	size_t n = strlen(w);
	for (const char *s = strstr(text, w); s; s = strstr(s + 1, w))
		if ((s == text || s[-1] == ' ' || s[-1] == '\n') && (s[n] == ' ' || s[n] == '\n' || !s[n]))
			return 1;
	return 0;
}

/* Removes cgroups CG_PREFIXpid under parent whose executor is gone (empty ones only). */
static void sweep_stale(const char *parent)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (strncmp(e->d_name, CG_PREFIX, strlen(CG_PREFIX)) != 0)
			continue;
		pid_t pid = (pid_t)parse_dec(e->d_name + strlen(CG_PREFIX));
		if (pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH))
			continue;
		char path[600];
		str_cat(path, sizeof(path), parent, "/", e->d_name);
		rmdir(path);
	}
	closedir(d);
}

/* Makes parent/CG_PREFIXpid with limit file = value; 0 or an errno (then nothing is left). */
static int make_cgroup(int slot, const char *parent, const char *file, const char *value,
		       const char *procs)
{
	char name[64];
	char pid[24];
	dec((u64)getpid(), pid);
	str_cat(name, sizeof(name), CG_PREFIX, pid, "");
	sweep_stale(parent);
	str_cat(cg_dirs[slot], sizeof(cg_dirs[slot]), parent, "/", name);
	if (mkdir(cg_dirs[slot], 0755) < 0 && errno != EEXIST) {
		int e = errno;
		cg_dirs[slot][0] = 0;
		return e;
	}
	int e = write_at(cg_dirs[slot], file, value);
	if (e) {
		rmdir(cg_dirs[slot]);
		cg_dirs[slot][0] = 0;
		return e;
	}
	str_cat(cg_procs[slot], sizeof(cg_procs[slot]), procs, "", "");
	return 0;
}

static void remove_cgroups(void)
{
	for (int i = 0; i < 2; i++)
		if (cg_dirs[i][0])
			rmdir(cg_dirs[i]);
}

/* v1: this process's cgroup in the hierarchy of `controller`, from /proc/self/cgroup. */
static int v1_parent(const char *controller, char *out, size_t cap)
{
	static char text[4096];
	if (read_small("/proc/self/cgroup", text, sizeof(text)))
		return 0;
	char key[32];
	str_cat(key, sizeof(key), ":", controller, ":");
	char *at = strstr(text, key);
	if (!at)
		return 0;
	char *path = at + strlen(key), *nl = strchr(path, '\n');
	if (nl)
		*nl = 0;
	str_cat(out, cap, CG_ROOT "/", controller, strcmp(path, "/") ? path : "");
	return 1;
}

static void setup_cgroups(u64 mem, u64 pids)
{
	char m[24], p[24], controllers[256];
	dec(mem, m);
	dec(pids, p);
	if (!read_small(CG_ROOT "/cgroup.controllers", controllers, sizeof(controllers)) &&
	    has_word(controllers, "memory") && has_word(controllers, "pids")) {
		(void)write_at(CG_ROOT, "cgroup.subtree_control", "+memory +pids");
		if (!make_cgroup(0, CG_ROOT, "memory.max", m, "cgroup.procs") &&
		    !write_at(cg_dirs[0], "pids.max", p)) {
			(void)write_at(cg_dirs[0], "memory.swap.max", "0");
			cg_mode = "v2";
			return;
		}
		remove_cgroups();
		cg_dirs[0][0] = 0;
	}
	char mp[512], pp[512];
	if (v1_parent("memory", mp, sizeof(mp)) && v1_parent("pids", pp, sizeof(pp)) &&
	    !make_cgroup(0, mp, "memory.limit_in_bytes", m, "cgroup.procs") &&
	    !make_cgroup(1, pp, "pids.max", p, "cgroup.procs")) {
		cg_mode = "v1";
		return;
	}
	remove_cgroups();
	cg_dirs[0][0] = cg_dirs[1][0] = 0;
}

/* The trace process joins the executor's cgroups; its fork children are born in them. */
static int join_cgroups(void)
{
	char pid[24];
	dec((u64)getpid(), pid);
	for (int i = 0; i < 2; i++) {
		if (!cg_dirs[i][0])
			continue;
		int e = write_at(cg_dirs[i], cg_procs[i], pid);
		if (e)
			return e;
	}
	return 0;
}

/* ---------------------------------------------------------------- trace setup */

/* Raw capget/capset (no libcap): CAP_IPC_LOCK in or out of the effective set. */
static int set_cap_ipc_lock(int on)
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

/*
 * RLIMIT_MEMLOCK soft = hard = *v. Lowering always works; raising the hard limit needs
 * CAP_SYS_RESOURCE (kernel/sys.c:do_prlimit), which a container may lack. Then, if the trace
 * holds CAP_IPC_LOCK, the highest limit allowed stands in for *v: every check of the limit a
 * modelled call makes is skipped under CAP_IPC_LOCK (mm/mlock.c:can_do_mlock, do_mlock,
 * SYSCALL_DEFINE1(mlockall); mm/mmap.c:mlock_future_ok), so no result can tell them apart.
 * *v becomes the limit actually set.
 */
static int set_memlock_limit(rlim_t *v, int cap)
{
	struct rlimit rl = { *v, *v };
	if (setrlimit(RLIMIT_MEMLOCK, &rl) == 0)
		return 0;
	if (errno != EPERM || !cap || getrlimit(RLIMIT_MEMLOCK, &rl) < 0 || rl.rlim_max >= *v)
		return errno;
	*v = rl.rlim_max;
	rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_MEMLOCK, &rl) < 0 ? errno : 0;
}

static u64 stack_limit; /* RLIMIT_STACK of trace processes; 0 leaves the executor's */

/*
 * Soft and hard RLIMIT_STACK = stack_limit, or lower if the hard limit already is: how far a
 * MAP_GROWSDOWN mapping or the stack may grow (mm/mmap.c:acct_stack_growth), which the
 * budget counts. Lowering needs no privilege.
 */
static int set_stack_limit(void)
{
	struct rlimit rl;
	if (!stack_limit)
		return 0;
	if (getrlimit(RLIMIT_STACK, &rl) < 0)
		return errno;
	rlim_t v = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < stack_limit ? rl.rlim_max : stack_limit;
	rl.rlim_cur = rl.rlim_max = v;
	return setrlimit(RLIMIT_STACK, &rl) < 0 ? errno : 0;
}

static void unsupported(const char *what, int e)
{
	put_str("unsupported ");
	put_str(what);
	put_hex((u64)e);
	end_line();
	_exit(EXIT_SETUP);
}

/*
 * One CPU for the trace and its fork children (they inherit the mask): mlock and munlock go
 * through a per-CPU folio batch (mm/mlock.c), drained only on the CPU that queued them, so a
 * trace spread over two CPUs would see a batch drained or not depending on where each step
 * ran. The models assume one CPU. A host that forbids the change keeps its mask.
 */
static void pin_to_one_cpu(void)
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

/* `start RLIMIT|- CAP TIMEOUT`: the trace process sets itself up, then serves the trace. */
static void __attribute__((noreturn)) trace_main(char **p, pid_t server)
{
	char *limit = word(p);
	int cap = (int)hex_word(p);
	trace_timeout = (unsigned)hex_word(p);
	become_child(server); /* again, now with the alarm */
	int joined = join_cgroups();
	if (joined)
		unsupported("cgroup", joined);
	joined = set_stack_limit();
	if (joined)
		unsupported("stack", joined);
	rlim_t v = strcmp(limit, "-") ? (rlim_t)parse_hex(limit) : RLIM_INFINITY;
	int e = set_memlock_limit(&v, cap);
	if (e)
		unsupported("rlimit", e);
	e = set_cap_ipc_lock(cap);
	if (e)
		unsupported("cap", e);
	/* THP off (MMF_DISABLE_THP), so every page is a 4 KiB page as the models assume. */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) < 0)
		unsupported("thp", errno);
	pin_to_one_cpu();
	nbaseline = 0;
	nadopted = 0;
	u64 vmsize = 0; /* VmSize, i.e. total_vm, summed from maps to save reading status */
	int rc = proc_lines("/proc/self/maps", add_baseline, &vmsize);
	if (rc < 0)
		unsupported("proc", -rc);
	put_str("ok");
	put_hex(vmsize >> PAGE_SHIFT);
	put_hex(v);
	end_line();
	serve();
	_exit(EXIT_END);
}

/*
 * The next trace process, forked before its `start` arrives, so the fork is off the
 * critical path. It reads one request: `start` makes it the trace process; anything else is
 * answered and it exits, and the server forks another.
 */
static void __attribute__((noreturn)) idle_child(pid_t server)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != server)
		_exit(EXIT_EOF);
	char *p = read_line();
	char *cmd = word(&p);
	if (!strcmp(cmd, "start"))
		trace_main(&p, server);
	if (!strcmp(cmd, "end"))
		reply_value(0); /* the trace process already died: nothing to end */
	else
		reply_fail("no trace is running", EINVAL);
	_exit(EXIT_IDLE);
}

/*
 * Waits for every child left: the fork-block processes of a trace process that was killed
 * (the alarm, the cgroup's OOM killer) are orphaned to the server, a child subreaper, and
 * die of PR_SET_PDEATHSIG; reaping them here leaves no zombie and no process behind.
 */
static void reap_orphans(void)
{
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

/*
 * Drains the mlock batch of the CPU the traces run on (pin_to_one_cpu picks the same one each
 * time): the munlocks of a trace process's exit wait in that CPU's per-CPU batch
 * (mm/mlock.c:mlock_folio_batch) until something drains it, so Mlocked in /proc/meminfo would
 * lag and the next trace would start with someone else's pending work. munmap drains the local
 * batch (mm/vma.c:unmap_region calls lru_add_drain, which calls mlock_drain_local).
 */
static void drain_trace_cpu(void)
{
	cpu_set_t all;
	if (sched_getaffinity(0, sizeof(all), &all) < 0)
		return;
	pin_to_one_cpu();
	void *page = mmap(NULL, 1 << PAGE_SHIFT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED)
		munmap(page, 1 << PAGE_SHIFT);
	(void)sched_setaffinity(0, sizeof(all), &all);
}

/* Forks trace processes one after another and reports how each ended. */
static void __attribute__((noreturn)) serve_traces(void)
{
	pid_t server = getpid();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (;;) {
		pid_t pid = fork();
		if (pid < 0) {
			read_line();
			reply_fail("fork", errno);
			continue;
		}
		if (pid == 0)
			idle_child(server);
		int st = wait_child(pid);
		reap_orphans();
		drain_trace_cpu();
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (code == EXIT_EOF) {
			remove_cgroups(); /* every trace process has exited: they are empty */
			_exit(0); /* stdin closed: the driver is done with this executor */
		}
		if (code == EXIT_END) {
			put_str("ok");
			end_line();
		} else if (code != EXIT_SETUP && code != EXIT_IDLE) {
			report_dead(st);
		}
	}
}

/* ---------------------------------------------------------------- the server */

/* Grow the stack now, so the trace's VmSize does not move under it as the executor runs. */
static void grow_stack(void)
{
	volatile char pad[256 << 10];
	for (size_t i = 0; i < sizeof(pad); i += 1 << PAGE_SHIFT)
		pad[i] = 0;
}

/* Whether pagemap shows PFNs (CAP_SYS_ADMIN, fs/proc/task_mmu.c:pagemap_open). */
static int pfns_visible(void)
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

/* /proc/kpageflags (root only), kept open at a fixed descriptor for every trace process. */
static int open_kpageflags(int wanted)
{
	if (!wanted)
		return EACCES;
	int fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		return errno;
	if (dup2(fd, KPAGEFLAGS_FD) < 0)
		return errno;
	close(fd);
	return 0;
}

/*
 * `executor [--no-kpageflags] [--cgroup MEMORY_BYTES PIDS] [--stack BYTES]` (numbers in hex):
 * says `hello KPAGEFLAGS_ERRNO PFNS_VISIBLE MEMLOCK_HARD_LIMIT CGROUP` (the limit as "-" when
 * infinite; CGROUP v2, v1 or - for none), then serves one trace after another.
 */
int main(int argc, char **argv)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	int want_kpageflags = 1;
	u64 cg_memory = 0, cg_pids = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-kpageflags"))
			want_kpageflags = 0;
		else if (!strcmp(argv[i], "--cgroup") && i + 2 < argc) {
			cg_memory = parse_hex(argv[++i]);
			cg_pids = parse_hex(argv[++i]);
		} else if (!strcmp(argv[i], "--stack") && i + 1 < argc)
			stack_limit = parse_hex(argv[++i]);
	}
	int kerr = open_kpageflags(want_kpageflags);
	int pfns = pfns_visible();
	kpageflags_ok = !kerr && pfns;
	install_fault_handlers();
	grow_stack();
	if (cg_memory && cg_pids)
		setup_cgroups(cg_memory, cg_pids);
	struct rlimit rl = { 0, 0 };
	getrlimit(RLIMIT_MEMLOCK, &rl);
	put_str("hello");
	put_hex((u64)kerr);
	put_hex((u64)pfns);
	if (rl.rlim_max == RLIM_INFINITY)
		put_str(" -");
	else
		put_hex(rl.rlim_max);
	put_char(' ');
	put_str(cg_mode);
	end_line();
	serve_traces();
}
