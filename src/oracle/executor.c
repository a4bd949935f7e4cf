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
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
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

#include "observables.h" /* the readers of the observables, shared with the C reproducers */

/* Exit codes that carry meaning up the process tree. */
#define EXIT_FORK_BLOCK 0 /* `exit`: a fork block ended normally */
#define EXIT_END 97       /* `end`: unwind every level, the session is over */
#define EXIT_SETUP 98     /* the trace process already reported its setup failure */
#define EXIT_EOF 99       /* the driver went away */
#define EXIT_IDLE 96      /* a trace process answered a request outside a trace */

#define KPAGEFLAGS_FD 900 /* out of the way, so the trace's files get 3, 4, ... */

/* A def_flags probe could not drop CAP_IPC_LOCK again: the trace's setup is gone. */
static void lost_setup(void)
{
	_exit(EXIT_EOF);
}

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

enum mapping_key { BY_ADDRESS, BY_NAME };

/*
 * Reads the next word of *p (an address within the mapping, or its name in /proc/self/maps),
 * looks the mapping up and replies a failure or "none" here (returns 0); with a mapping found
 * nothing is replied yet and its range is in *start, *end (returns 1).
 */
static int lookup_mapping(char **p, enum mapping_key key, u64 *start, u64 *end)
{
	int count;
	int rc = key == BY_NAME ? mapping_named(word(p), &count, start, end)
				: vma_of(hex_word(p), &count, start, end);
	if (rc) {
		reply_fail("maps", rc);
		return 0;
	}
	if (count == 0) {
		put_str("none");
		end_line();
		return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------- observables */

static void observe_vmflags(char **p)
{
	static char flags[256];
	int found = vmflags_of(hex_word(p), flags, sizeof(flags));
	if (found < 0) {
		reply_fail("smaps", -found);
		return;
	}
	if (!found) {
		put_str("none");
		end_line();
		return;
	}
	put_str("flags ");
	put_str(flags);
	end_line();
}

static void observe_vma(char **p)
{
	u64 start, end;
	if (!lookup_mapping(p, BY_ADDRESS, &start, &end))
		return;
	put_str("ok");
	put_hex(start);
	put_hex(end);
	end_line();
}

static void observe_vmas(char **p)
{
	int count;
	u64 start, end;
	u64 addr = hex_word(p);
	int rc = vmas_in(addr, hex_word(p), &count, &start, &end);
	if (rc)
		reply_fail("maps", rc);
	else
		reply_value((u64)count);
}

/* existing(name): the start of a mapping the process already has; it joins the trace. */
static void do_existing(char **p)
{
	u64 start, end;
	if (!lookup_mapping(p, BY_NAME, &start, &end))
		return;
	adopt_range(start, end);
	reply_value(start);
}

/* `ok BYTES` read by `read_bytes`, or `fail WHAT ERRNO` when it cannot be read. */
static void reply_bytes(const char *what, int (*read_bytes)(u64 *))
{
	u64 bytes;
	int rc = read_bytes(&bytes);
	if (rc)
		reply_fail(what, rc);
	else
		reply_value(bytes);
}

/* `vmlck`: /proc/self/status VmLck. */
static void observe_vmlck(void)
{
	reply_bytes("VmLck", vmlck_bytes);
}

/* `anonhuge`: `ok BYTES`, smaps AnonHugePages over the trace's regions. */
static void observe_anon_huge(void)
{
	reply_bytes("AnonHugePages", anon_huge_bytes);
}

/* `vmdata`: `ok BYTES`, /proc/self/status VmData over the trace's regions. */
static void observe_vmdata(void)
{
	reply_bytes("VmData", vmdata_bytes);
}

static void drain_local(void);

/* Mlocked and Unevictable when the trace began; valid 0 after an execve (a new image). */
static u64 counters_base[2];
static int counters_valid;

static void record_counters(void)
{
	drain_local();
	counters_valid = !meminfo_counters(&counters_base[0], &counters_base[1]);
}

/* `counters`: `ok MLOCKED UNEVICTABLE`, each less its value when the trace began. */
static void observe_counters(void)
{
	u64 now[2];
	if (!counters_valid) {
		reply_fail("counters (no baseline: /proc/sys/vm/stat_refresh, or an execve)", EINVAL);
		return;
	}
	drain_local();
	int e = meminfo_counters(&now[0], &now[1]);
	if (e) {
		reply_fail("meminfo", e);
		return;
	}
	put_str("ok");
	put_hex(now[0] - counters_base[0]);
	put_hex(now[1] - counters_base[1]);
	end_line();
}

/* Only the lock bits: all a trace's `def_flags` check names (src/trace). */
static void observe_def_flags(void)
{
	static char flags[256];
	int rc = def_flags_probe(flags, sizeof(flags));
	if (rc) {
		reply_fail("probe", rc);
		return;
	}
	put_str("flags");
	if (has_mnemonic(flags, "lo"))
		put_str(" lo");
	if (has_mnemonic(flags, "lf"))
		put_str(" lf");
	end_line();
}

static int kpageflags_ok; /* the server opened /proc/kpageflags at KPAGEFLAGS_FD */

#define MAX_PAGES (1 << 15) /* the driver refuses longer pages() ranges first */

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
	int e = page_letters(KPAGEFLAGS_FD, first, last, letters);
	if (e) {
		reply_fail("pagemap read", e);
		return;
	}
	letters[last - first] = 0;
	put_str("pages ");
	put_str(letters);
	end_line();
}

/* `page ADDR`: the page's flags as words, "flags" alone when it is not present. */
static void observe_page(char **p)
{
	static char words[64];
	u64 addr = hex_word(p);
	if (!kpageflags_ok) {
		reply_fail("kpageflags", EACCES);
		return;
	}
	int e = page_flag_words(KPAGEFLAGS_FD, addr, words, sizeof(words));
	if (e) {
		reply_fail("pagemap read", e);
		return;
	}
	put_str("flags ");
	put_str(words);
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

static void disarm_injected(void);

static void do_access(char **p, int is_write)
{
	volatile unsigned char *at = (volatile unsigned char *)(uintptr_t)hex_word(p);
	unsigned char byte = (unsigned char)hex_word(p);
	unsigned value = 0;
	int sig = sigsetjmp(access_env, 1);
	if (sig) {
		disarm_injected();
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
	disarm_injected();
	reply_value(value);
}

/* ---------------------------------------------------------------- injected faults */

/*
 * The environment's answers a trace injects before a call (`inject FAULT at ADDR`, issue 14.3),
 * as far as a real kernel lets user space cause them:
 * - VM_FAULT_SIGBUS: a userfaultfd with UFFD_FEATURE_SIGBUS registered (missing mode) on the
 *   page: a fault of the missing page answers VM_FAULT_SIGBUS (fs/userfaultfd.c:
 *   handle_userfault). Registered for the next call only, then unregistered (the VMA split by
 *   the registration merges back). Anonymous and shmem pages only.
 * - VM_FAULT_HWPOISON: madvise(MADV_HWPOISON) on the page now (CONFIG_MEMORY_FAILURE): the
 *   page stays poisoned. A SIGBUS memory_failure sends this process (BUS_MCEERR_AR, a dirty
 *   page) is absorbed here.
 * Others (VM_FAULT_OOM, VM_FAULT_RETRY): EOPNOTSUPP, no kernel here can be told to.
 */
#define MAX_INJECTED 8
static int injected_uffd[MAX_INJECTED];
static u64 injected_page[MAX_INJECTED];
static int injected_count;

static int inject_sigbus(u64 addr)
{
	if (injected_count >= MAX_INJECTED) return E2BIG;
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) return errno;
	struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_SIGBUS };
	struct uffdio_register reg = {
		.range = { .start = addr & ~(u64)4095, .len = 4096 },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	if (ioctl(fd, UFFDIO_API, &api) < 0 || ioctl(fd, UFFDIO_REGISTER, &reg) < 0) {
		int e = errno;
		close(fd);
		return e;
	}
	injected_page[injected_count] = addr & ~(u64)4095;
	injected_uffd[injected_count++] = fd;
	return 0;
}

/* Pages this trace process poisoned: they stay poisoned, so a later injection there holds. */
static u64 poisoned_page[MAX_INJECTED];
static int poisoned_count;

static int inject_hwpoison(u64 addr)
{
	u64 page = addr & ~(u64)4095;
	for (int i = 0; i < poisoned_count; i++)
		if (poisoned_page[i] == page) return 0;
	if (poisoned_count >= MAX_INJECTED) return E2BIG;
	int sig = sigsetjmp(access_env, 1);
	if (!sig) {
		in_access = 1;
		long rc = syscall(SYS_madvise, page, 4096, MADV_HWPOISON);
		in_access = 0;
		if (rc != 0) return errno;
	} /* else memory_failure signalled us (BUS_MCEERR_AR): the page is poisoned */
	poisoned_page[poisoned_count++] = page;
	return 0;
}

/* `inject KIND ADDR`: arm one answer for the next call or access. */
static void do_inject(char **p)
{
	char *kind = word(p);
	u64 addr = hex_word(p);
	int e = EOPNOTSUPP;
	if (!strcmp(kind, "VM_FAULT_SIGBUS")) e = inject_sigbus(addr);
	else if (!strcmp(kind, "VM_FAULT_HWPOISON")) e = inject_hwpoison(addr);
	if (e) reply_errno(e);
	else reply_value(0);
}

/*
 * After the call: unregister (which merges the split VMA back where it can: UFFDIO_UNREGISTER
 * tries both neighbours) and close every userfaultfd.
 */
static void disarm_injected(void)
{
	for (int i = 0; i < injected_count; i++) {
		struct uffdio_range range = { .start = injected_page[i], .len = 4096 };
		ioctl(injected_uffd[i], UFFDIO_UNREGISTER, &range);
		close(injected_uffd[i]);
	}
	injected_count = 0;
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
	int e = errno;
	disarm_injected();
	if (rc == -1)
		reply_errno(e);
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


static void fuse_stop(void); /* executorFuse.h */
static void fuse_after_fork(void);

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
		fuse_after_fork();
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

/*
 * `execve`: the trace process replaces its image with a new one of this program, which sets
 * the trace's setup up again (resume_trace) and goes on serving the same pipes. The old mm and
 * every mapping of it are gone; descriptors without O_CLOEXEC, the alarm and the cgroup stay.
 */
static int trace_cap = 1;
/* `thp 1` turned transparent hugepages on for this trace; an execve keeps them on. */
static int trace_thp;
extern char **environ;

static void do_execve(void)
{
	static char cap[2], kp[2], thp[2];
	cap[0] = trace_cap ? '1' : '0';
	kp[0] = kpageflags_ok ? '1' : '0';
	thp[0] = trace_thp ? '1' : '0';
	char *argv[] = { "mmspec-executor", "--resume", cap, kp, thp, NULL };
	flush_out();
	fuse_stop();
	execve("/proc/self/exe", argv, environ);
	reply_errno(errno);
}

#include "executorThreads.h" /* thread groups held at pages by userfaultfd */

/*
 * `rlimit_data HEX`: soft and hard RLIMIT_DATA of the trace process (a trace's `rlimit DATA`),
 * set before its first statement. Lowering needs no privilege.
 */
static void do_rlimit_data(char **p)
{
	rlim_t v = (rlim_t)hex_word(p);
	struct rlimit rl = { v, v };
	if (setrlimit(RLIMIT_DATA, &rl) < 0)
		reply_fail("RLIMIT_DATA", errno);
	else
		reply_value(v);
}

/*
 * `thp 1` (a trace's `thp on`): lets MADV_HUGEPAGE regions fault in transparent hugepages, by
 * clearing the PR_SET_THP_DISABLE every trace process starts with. `ok 1` when the kernel's
 * mode lets a MADV_HUGEPAGE region have them, else `err` with thp_mode_allows's errno
 * (observables.h, shared with the C reproducers). `thp 0` sets PR_SET_THP_DISABLE again.
 */
static void do_thp(char **p)
{
	int on = (int)hex_word(p);
	int e = on ? thp_mode_allows() : 0;
	if (e) {
		reply_errno(e);
		return;
	}
	if (prctl(PR_SET_THP_DISABLE, on ? 0 : 1, 0, 0, 0) < 0) {
		reply_errno(errno);
		return;
	}
	trace_thp = on;
	reply_value(1);
}

/*
 * `setrlimit RESOURCE HEX`: a trace's setrlimit(RESOURCE, HEX) mid-trace, soft = hard = HEX, by
 * the raw system call (kernel/sys.c:do_prlimit). The trace process has no CAP_SYS_RESOURCE
 * (drop_cap_sys_resource), so raising a hard limit fails with EPERM, as in the models.
 */
static void do_setrlimit(char **p)
{
	int resource = (int)hex_word(p);
	rlim_t v = (rlim_t)hex_word(p);
	struct rlimit rl = { v, v };
	if (syscall(SYS_setrlimit, resource, &rl) < 0)
		reply_errno(errno);
	else
		reply_value(0);
}

/*
 * `capset CAP ON`: a trace's capset(CAP_IPC_LOCK, ON): CAP_IPC_LOCK into or out of the effective
 * set, the permitted set kept (set_cap_ipc_lock). An execve keeps the trace's choice.
 */
static void do_capset(char **p)
{
	int c = (int)hex_word(p);
	int on = (int)hex_word(p) != 0;
	int e = c == CAP_IPC_LOCK ? set_cap_ipc_lock(on) : EINVAL;
	if (e) {
		reply_errno(e);
		return;
	}
	trace_cap = on;
	reply_value(0);
}

/* Requests whose handler takes other arguments, in the table's one signature. */
static void do_read(char **p)
{
	do_access(p, 0);
}

static void do_write(char **p)
{
	do_access(p, 1);
}

static void end_fork_block(char **p)
{
	(void)p;
	_exit(EXIT_FORK_BLOCK);
}

static void end_session(char **p)
{
	(void)p;
	_exit(EXIT_END);
}

#define BARE(fn)                                  \
	static void fn##_request(char **p)        \
	{                                         \
		(void)p;                          \
		fn();                             \
	}
BARE(observe_vmlck)
BARE(observe_counters)
BARE(observe_def_flags)
BARE(do_fork)
BARE(do_execve)
BARE(do_group_new)
BARE(observe_anon_huge)
BARE(observe_vmdata)
#undef BARE

/* Every request the driver sends (src/oracle/_internals/protocol.ts), by its first word. */
static const struct request {
	const char *name;
	void (*serve)(char **p); /* reads the rest of the line from *p, replies */
} requests[] = {
	{ "call", do_call },
	{ "read", do_read },
	{ "write", do_write },
	{ "pages", observe_pages },
	{ "page", observe_page },
	{ "vmflags", observe_vmflags },
	{ "vma", observe_vma },
	{ "vmas", observe_vmas },
	{ "vmlck", observe_vmlck_request },
	{ "counters", observe_counters_request },
	{ "def_flags", observe_def_flags_request },
	{ "tmpfile", do_tmpfile },
	{ "fusefile", do_fusefile },
	{ "memfd_secret", do_memfd_secret },
	{ "existing", do_existing },
	{ "fork", do_fork_request },
	{ "execve", do_execve_request },
	{ "tnew", do_group_new_request },
	{ "tcall", do_group_call },
	{ "tstep", do_group_step },
	{ "trun", do_group_run },
	{ "tresult", do_group_result },
	{ "exit", end_fork_block },
	{ "inject", do_inject },
	{ "end", end_session },
	{ "rlimit_data", do_rlimit_data },
	{ "thp", do_thp },
	{ "anonhuge", observe_anon_huge_request },
	{ "setrlimit", do_setrlimit },
	{ "capset", do_capset },
	{ "vmdata", observe_vmdata_request },
};

static void serve(void)
{
	for (;;) {
		char *p = read_line();
		char *cmd = word(&p);
		const struct request *r = requests;
		const struct request *end = requests + sizeof requests / sizeof *requests;
		while (r < end && strcmp(cmd, r->name))
			r++;
		if (r < end)
			r->serve(&p);
		else
			reply_fail("unknown request", EINVAL);
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
 * Puts the program break on a page boundary (raw brk: nothing here calls malloc once a trace
 * runs), so that a trace's brk arithmetic from brk(0) is page-exact, as in the models. The
 * heap VMA does not change: it already ends at the page boundary.
 */
static void align_break(void)
{
	unsigned long cur = (unsigned long)syscall(SYS_brk, 0);
	unsigned long aligned = (cur + (1UL << PAGE_SHIFT) - 1) & ~((1UL << PAGE_SHIFT) - 1);
	if (aligned != cur)
		(void)syscall(SYS_brk, aligned);
}

/* Drains this CPU's mlock batch: munmap calls lru_add_drain (see drain_trace_cpu). */
static void drain_local(void)
{
	void *page = mmap(NULL, 1 << PAGE_SHIFT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED)
		munmap(page, 1 << PAGE_SHIFT);
}

/*
 * CAP_SYS_RESOURCE out of the effective set of the trace process, once its limits are set: a
 * trace's setrlimit that raises a hard limit then fails with EPERM (kernel/sys.c:do_prlimit) on
 * every kernel here, as the models say, whether the executor runs as root in a guest or in a
 * container that never had the capability.
 */
static int drop_cap_sys_resource(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return errno;
	d[0].effective &= ~(1u << CAP_SYS_RESOURCE); /* 24: in the first 32-bit word */
	return syscall(SYS_capset, &h, d) < 0 ? errno : 0;
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
	if (!e)
		e = drop_cap_sys_resource();
	if (e)
		unsupported("cap", e);
	trace_cap = cap;
	align_break();
	/* THP off (MMF_DISABLE_THP), so every page is a 4 KiB page as the models assume. */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) < 0)
		unsupported("thp", errno);
	pin_to_one_cpu();
	u64 vmsize; /* VmSize, i.e. total_vm, summed from maps to save reading status */
	e = record_baseline(&vmsize);
	if (e)
		unsupported("proc", e);
	record_counters();
	put_str("ok");
	put_hex(vmsize >> PAGE_SHIFT);
	put_hex(v);
	end_line();
	serve();
	_exit(EXIT_END);
}

static void grow_stack(void);

/*
 * `executor --resume CAP KPAGEFLAGS_OK THP`: the new image after a trace's `execve`. It is
 * still the trace process (same pid, parent, alarm, cgroup, rlimits, CPU mask); it gives itself
 * the capability setup again (root's execve fills the effective set), sets THP as the trace had
 * it (PR_SET_THP_DISABLE survives execve on the kernel; this keeps every version alike), aligns
 * its break, records its own mappings as the new baseline, drains the batch the old mm's
 * teardown filled, and answers the execve request.
 */
static void __attribute__((noreturn)) resume_trace(int cap, int kp, int thp)
{
	kpageflags_ok = kp;
	trace_cap = cap;
	trace_thp = thp;
	install_fault_handlers();
	grow_stack();
	int e = set_cap_ipc_lock(cap);
	if (!e)
		e = drop_cap_sys_resource();
	if (e) {
		reply_fail("cap", e);
		_exit(EXIT_EOF);
	}
	if (prctl(PR_SET_THP_DISABLE, !thp, 0, 0, 0) < 0) {
		reply_fail("thp", errno);
		_exit(EXIT_EOF);
	}
	align_break();
	u64 vmsize;
	e = record_baseline(&vmsize);
	if (e) {
		reply_fail("proc", e);
		_exit(EXIT_EOF);
	}
	drain_local();
	reply_value(0);
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
	if (argc == 5 && !strcmp(argv[1], "--resume"))
		resume_trace(argv[2][0] == '1', argv[3][0] == '1', argv[4][0] == '1');
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
