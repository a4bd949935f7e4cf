// The process part of every C reproducer, after its checks (cPrelude.ts): the process a trace
// runs in, set up as the executor sets up its trace process (the baseline of its own mappings,
// THP, limits, capabilities, a heap and data the size the model takes the executor's to be),
// and the trace's statements that are not system calls (accesses, tmpfile, existing).

/** After the checks: the setup of the process and the calls that are not system calls. */
export const C_PRELUDE_PROCESS = String.raw`/* A user access that may fault: the byte read (0 for a write), or -SIGSEGV / -SIGBUS. */
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

/*
 * existing("[heap]"): the start of a mapping the program already has, which joins the trace
 * from then on (VmLck and VmData count it), as the executor's existing request; -1 ENOENT when
 * the program has no such mapping.
 */
HELPER long trace_existing(const char *name)
{
	int count = 0;
	u64 start = 0, end = 0;
	int e = mapping_named(name, &count, &start, &end);
	if (e != 0 || count == 0) {
		errno = e != 0 ? e : ENOENT;
		return -1;
	}
	adopt_range(start, end);
	return (long)start;
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

/*
 * A trace that limits RLIMIT_DATA, calls brk or binds [heap] counts on the executor's own heap
 * and data as the model takes them (src/kernel/dataLimit.ts:executorData); this program has
 * its own, less, and may have no heap at all. Before the baseline
 * it grows its heap until brk's measure (the break less start_brk, plus end_data - start_data)
 * is the executor's, to the page, then maps a private writable pad until data_vm is too: both
 * are then the program's own, never the trace's, and the limit bites where the model says.
 */
HELPER void pad_program_data(unsigned long data_vm_pages, unsigned long brk_data_bytes)
{
	struct data_layout w;
	int rc = data_layout_of(&w);
	if (rc != 0) errno = rc, perror("/proc/self/stat and status"), exit(3);
	u64 segment = w.end_data - w.start_data;
	u64 heap = brk_data_bytes > segment ? brk_data_bytes - segment : 0;
	unsigned long target = (w.start_brk + heap + PAGE - 1) & ~(PAGE - 1);
	if ((unsigned long)syscall(SYS_brk, target) != target) {
		printf("cannot set up the trace: the heap cannot grow to the executor's (brk %#lx)\n", target);
		exit(3);
	}
	rc = data_layout_of(&w);
	if (rc != 0) errno = rc, perror("/proc/self/stat and status"), exit(3);
	if (w.data_vm > data_vm_pages * PAGE) {
		printf("cannot set up the trace: this program has more data (%lu pages) than the executor (%lu)\n", (unsigned long)(w.data_vm / PAGE), data_vm_pages);
		exit(3);
	}
	if (w.data_vm < data_vm_pages * PAGE &&
	    mmap((void *)PAD_HINT, data_vm_pages * PAGE - w.data_vm, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == MAP_FAILED)
		perror("mmap of the data pad"), exit(3);
}

/* rlimit DATA N: soft and hard RLIMIT_DATA, as the executor's rlimit_data request sets it. */
HELPER void set_rlimit_data(unsigned long bytes)
{
	struct rlimit r = { bytes, bytes };
	if (setrlimit(RLIMIT_DATA, &r) != 0) perror("setrlimit(RLIMIT_DATA)"), exit(3);
}

/*
 * Transparent hugepages as the executor gives them (spec/trace-format.md): off for every trace
 * (PR_SET_THP_DISABLE, each page a 4 KiB page) unless it says thp on, which the machine's
 * mode must allow (thp_mode_allows); else the trace cannot be set up here.
 */
HELPER void set_thp(int on)
{
	int e = on ? thp_mode_allows() : 0;
	if (e == ENOENT) printf("cannot set up the trace: thp on: this kernel has no transparent hugepages\n"), exit(3);
	if (e != 0) printf("cannot set up the trace: thp on: transparent hugepages are [never] or unreadable here (errno %d)\n", e), exit(3);
	if (prctl(PR_SET_THP_DISABLE, on ? 0 : 1, 0, 0, 0) != 0) perror("prctl(PR_SET_THP_DISABLE)"), exit(3);
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

/*
 * The executor's trace process is a fork of its server: its heap's anon_vma came through fork,
 * so brk growth never merges with the heap (semantics 20). The same here for a trace that calls
 * brk: the heap is written (given an anon_vma) and the trace goes on in a child, whose exit
 * status this parent passes on.
 */
HELPER void heap_through_fork(void)
{
	int count = 0;
	u64 start = 0, end = 0;
	if (mapping_named("[heap]", &count, &start, &end) == 0 && count > 0)
		*(volatile char *)(uintptr_t)start = *(volatile char *)(uintptr_t)start;
	pid_t pid = fork();
	if (pid < 0) perror("fork"), exit(3);
	if (pid > 0) exit(wait_child(pid));
}
`;
