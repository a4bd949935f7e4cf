// The fixed part of a table's kselftest: feature probes, running each cell in a forked child
// with its output as TAP diagnostics, and the TAP 13 result lines and totals (exit status as
// kselftest reads it: 0 pass, 1 fail, 4 skip).

export type Feature = 'ONFAULT' | 'POPULATE' | 'GUARD' | 'SECRETMEM';

/** What a cell's trace uses that older kernels lack, and how the C test probes for it. */
export const FEATURES: readonly { readonly name: Feature; readonly uses: RegExp }[] = [
  { name: 'ONFAULT', uses: /ONFAULT|mlock2/ },
  { name: 'POPULATE', uses: /MADV_POPULATE/ },
  { name: 'GUARD', uses: /MADV_GUARD/ },
  { name: 'SECRETMEM', uses: /memfd_secret/ },
];

export const KSELFTEST_MAIN = String.raw`#define FEATURE_ONFAULT 1
#define FEATURE_POPULATE 2
#define FEATURE_GUARD 4
#define FEATURE_SECRETMEM 8

struct cell {
	const char *name;
	int (*run)(void);
	int needs;
	const char *no_c_form;
};

/* Which features this kernel has: mlock2 (4.4, with MLOCK_ONFAULT and MCL_ONFAULT),
 * MADV_POPULATE_READ/WRITE (5.14), MADV_GUARD_INSTALL (6.13), memfd_secret (5.14). */
static int kernel_features(void)
{
	int have = 0;
	if (syscall(SYS_mlock2, 0UL, 0UL, 0UL) == 0 || errno != ENOSYS) have |= FEATURE_ONFAULT;
	if (syscall(SYS_madvise, 0UL, 0UL, 22UL) == 0) have |= FEATURE_POPULATE;
	if (syscall(SYS_madvise, 0UL, 0UL, 102UL) == 0) have |= FEATURE_GUARD;
#ifdef SYS_memfd_secret
	long fd = syscall(SYS_memfd_secret, 0UL);
	if (fd >= 0) {
		have |= FEATURE_SECRETMEM;
		close((int)fd);
	}
#endif
	return have;
}

/* Runs one cell in a child; its output comes back through a pipe as TAP diagnostics.
 * Returns the child's exit status (0 pass, 1 fail, 3 could not set up), or -1. */
static int run_in_child(int (*run)(void))
{
	int fds[2];
	if (pipe(fds) != 0) return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		_exit(run());
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	char line[512];
	while (in != NULL && fgets(line, sizeof line, in) != NULL) printf("# %s", line);
	if (in != NULL) fclose(in);
	int status = 0;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1;
	return WEXITSTATUS(status);
}

static int run_cells(const struct cell *list, int n)
{
	/* The cells read pages by PFN through pagemap and /proc/kpageflags, and set
	 * CAP_IPC_LOCK and RLIMIT_MEMLOCK as their rows say: root's alone. Unprivileged, every
	 * cell would fail for want of them, so the test skips, as kselftests needing root do. */
	if (geteuid() != 0) {
		printf("TAP version 13\n1..0 # SKIP needs root (/proc/kpageflags, CAP_IPC_LOCK, RLIMIT_MEMLOCK)\n");
		return 4;
	}
	int have = kernel_features(), pass = 0, fail = 0, skip = 0;
	printf("TAP version 13\n1..%d\n", n);
	for (int i = 0; i < n; i++) {
		const struct cell *c = &list[i];
		if (c->run == NULL) {
			printf("ok %d %s # SKIP %s\n", i + 1, c->name, c->no_c_form);
			skip++;
			continue;
		}
		if ((c->needs & have) != c->needs) {
			printf("ok %d %s # SKIP the kernel lacks a feature the cell needs\n", i + 1, c->name);
			skip++;
			continue;
		}
		int status = run_in_child(c->run);
		if (status == 0) {
			printf("ok %d %s\n", i + 1, c->name);
			pass++;
		} else if (status == 3) {
			printf("ok %d %s # SKIP cannot set up the process\n", i + 1, c->name);
			skip++;
		} else {
			printf("not ok %d %s\n", i + 1, c->name);
			fail++;
		}
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", pass, fail, skip);
	return fail > 0 ? 1 : (pass == 0 && skip > 0 ? 4 : 0);
}
`;
