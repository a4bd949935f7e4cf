/*
 * A group of threads of the trace process (a trace's `thread NAME { ... }` blocks) and the
 * schedule that interleaves them (src/uapi/threadSchedule.ts), for executor.c, which includes
 * this file once its reply helpers are defined. Requests (protocol.ts):
 *   tnew                      forget the last group
 *   tcall T NR A0 .. A5       thread T's next call, a raw system call
 *   tstep T 0 0 / tstep T 1 ADDR   a schedule step: T runs to its call's end / T is held
 *                             just before it faults in the page holding ADDR
 *   trun SCHEDULED STEP_MS    runs the group: `ok`, or `unreachable STEP REASON...`
 *   tresult T I               call I of thread T: ok VALUE | err ERRNO | none (never ran)
 *
 * The threads are raw clone(CLONE_VM | CLONE_THREAD ...) threads on static stacks: no
 * pthread_create, whose thread stacks and TLS blocks would be new mappings and heap in the
 * very address space the trace observes. They make raw system calls only (errno, in TLS they
 * would share, is never touched) and wait on futexes for the controller's word.
 *
 * How a thread is held at a page: before a `until fault` step runs, the mapping holding the
 * page (or, when none does, the nearest mapping below it, which mremap growth extends in
 * place) is registered with a userfaultfd in MISSING mode (fs/userfaultfd.c). Its faults then
 * wait in handle_userfault, with mmap_lock dropped, until the controller answers. The chosen
 * page of the chosen thread is not answered: that thread is held. Every other fault is
 * answered at once as the kernel's own fault would have been (a write fault with a new zeroed
 * page, UFFDIO_COPY; a read fault with the zero page, UFFDIO_ZEROPAGE). Resuming a held
 * thread answers its page the same way if the page's mapping is still registered and allows
 * the access (the kernel's retry would have passed the same checks and faulted it in), and
 * only wakes it otherwise, so its retry meets whatever the other threads left (no mapping,
 * PROT_NONE, a new mapping) exactly as the kernel's own retry would. Closing the userfaultfd
 * after the group unregisters every mapping and merges them back (userfaultfd_release).
 *
 * A file mapping cannot be registered (MISSING mode takes anonymous and shmem memory only),
 * and a mapping the held call itself creates (mmap MAP_POPULATE) is not there to register. A
 * page of a `fusefile` is held in its FUSE_READ instead (executorFuse.h): every fault step
 * arms both, and whichever the thread reaches first holds it.
 */
#include <linux/futex.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>

#define GROUP_THREADS 4
#define GROUP_CALLS 32 /* per thread */
#define GROUP_STEPS 64
#define GROUP_STACK (64 << 10)

struct group_thread {
	u64 calls[GROUP_CALLS][7]; /* NR and six arguments */
	long results[GROUP_CALLS]; /* the raw return: a value, or -errno */
	int ncalls;
	int granted;  /* calls the controller let start (a futex word) */
	int finished; /* calls that returned */
	int cancel;   /* start no further call */
	int tid;      /* set by clone, cleared and woken by the kernel when the thread exits */
	int alive;
	int held;     /* waiting in handle_userfault on held_page, unanswered */
	int held_fuse; /* ... or in the FUSE_READ of held_page (executorFuse.h) */
	u64 held_page;
	int held_write;
};

static struct group_thread group[GROUP_THREADS];
static int group_threads;
static struct {
	int thread, fault;
	u64 addr;
} group_steps[GROUP_STEPS];
static int group_nsteps;
static char group_stacks[GROUP_THREADS][GROUP_STACK] __attribute__((aligned(4096)));
static char zero_page[1 << PAGE_SHIFT] __attribute__((aligned(4096)));
static int group_efd = -1;  /* each thread adds 1 when a call returns */
static int group_uffd = -1;
static int uffd_thread_ids; /* UFFD_FEATURE_THREAD_ID: faults say which thread */

/* A system call without libc: the result or -errno, no errno written (threads share TLS). */
static long raw_call(long nr, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
#if defined(__x86_64__)
	long ret;
	register u64 r10 __asm__("r10") = d;
	register u64 r8 __asm__("r8") = e;
	register u64 r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
#else
#error "the executor's threads make raw x86-64 system calls"
#endif
}

static long futex_wait(int *word, int value, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	return raw_call(SYS_futex, (u64)(uintptr_t)word, FUTEX_WAIT, (u64)value,
			(u64)(uintptr_t)(ms < 0 ? NULL : &ts), 0, 0);
}

static void futex_wake(int *word)
{
	raw_call(SYS_futex, (u64)(uintptr_t)word, FUTEX_WAKE, 1 << 30, 0, 0, 0);
}

#include "executorFuse.h" /* a file whose reads can be held: fusefile(LEN) */

/* A thread of the group: each call waits for the controller's grant, runs, and reports. */
static int group_worker(void *arg)
{
	struct group_thread *t = arg;
	for (int i = 0; i < t->ncalls; i++) {
		int g;
		while ((g = __atomic_load_n(&t->granted, __ATOMIC_ACQUIRE)) <= i &&
		       !__atomic_load_n(&t->cancel, __ATOMIC_ACQUIRE))
			futex_wait(&t->granted, g, -1);
		if (__atomic_load_n(&t->cancel, __ATOMIC_ACQUIRE) && g <= i)
			break;
		u64 *c = t->calls[i];
		t->results[i] = raw_call((long)c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
		__atomic_store_n(&t->finished, i + 1, __ATOMIC_RELEASE);
		u64 one = 1;
		raw_call(SYS_write, (u64)group_efd, (u64)(uintptr_t)&one, 8, 0, 0, 0);
	}
	return 0;
}

static void group_grant(struct group_thread *t, int n)
{
	__atomic_store_n(&t->granted, n, __ATOMIC_RELEASE);
	futex_wake(&t->granted);
}

/* ------------------------------------------------------------ userfaultfd */

static int uffd_open(void)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return -errno;
		struct uffdio_api api = { .api = UFFD_API };
		api.features = attempt == 0 ? UFFD_FEATURE_THREAD_ID : 0;
		if (ioctl(fd, UFFDIO_API, &api) == 0) {
			uffd_thread_ids = attempt == 0;
			return fd;
		}
		int e = errno;
		close(fd);
		if (attempt == 1)
			return -e;
	}
	return -EINVAL;
}

/* The mapping that holds addr, or else the nearest one below it (which growth extends). */
struct below_walk {
	u64 addr, start, end;
	int found;
};

static int below_line(char *line, void *ctx)
{
	struct below_walk *w = ctx;
	u64 s, e;
	char *path;
	if (!vma_header(line, &s, &e, &path) || s > w->addr)
		return s > w->addr;
	w->start = s;
	w->end = e;
	w->found = 1;
	return e > w->addr;
}

/* Registers the mapping a fault step's page is in or grows from; 0 or an errno. */
static int uffd_register_for(u64 addr)
{
	if (group_uffd < 0) {
		int fd = uffd_open();
		if (fd < 0)
			return -fd;
		group_uffd = fd;
	}
	struct below_walk w = { .addr = addr };
	int rc = proc_lines("/proc/self/maps", below_line, &w);
	if (rc < 0)
		return -rc;
	if (!w.found)
		return ENOENT;
	struct uffdio_register reg = { .range = { w.start, w.end - w.start },
				       .mode = UFFDIO_REGISTER_MODE_MISSING };
	return ioctl(group_uffd, UFFDIO_REGISTER, &reg) < 0 ? errno : 0;
}

/* Answers a fault on page as the kernel's own fault would have: a zeroed page or the zero page. */
static void uffd_answer(u64 page, int write)
{
	struct uffdio_zeropage z = { .range = { page, 1 << PAGE_SHIFT } };
	struct uffdio_copy c = { .dst = page, .src = (u64)(uintptr_t)zero_page, .len = 1 << PAGE_SHIFT };
	if (!write && ioctl(group_uffd, UFFDIO_ZEROPAGE, &z) == 0)
		return;
	if (ioctl(group_uffd, UFFDIO_COPY, &c) == 0)
		return;
	/* Already present, or no longer registered: the woken fault retries on its own. */
	struct uffdio_range r = { page, 1 << PAGE_SHIFT };
	(void)ioctl(group_uffd, UFFDIO_WAKE, &r);
}

/* Lets a held thread go on (see the head of this file for why answer or only wake). */
static void group_release(struct group_thread *t)
{
	static char flags[256];
	t->held = 0;
	if (t->held_fuse) {
		t->held_fuse = 0;
		fuse_release(); /* the read completes, whatever the others did: see executorFuse.h */
		return;
	}
	int found = vmflags_of(t->held_page, flags, sizeof(flags));
	int allowed = found > 0 && has_mnemonic(flags, "um") &&
		      has_mnemonic(flags, t->held_write ? "wr" : "rd");
	if (allowed) {
		uffd_answer(t->held_page, t->held_write);
		return;
	}
	struct uffdio_range r = { t->held_page, 1 << PAGE_SHIFT };
	(void)ioctl(group_uffd, UFFDIO_WAKE, &r);
}

/* ------------------------------------------------------------ the controller */

enum wait_outcome { W_HELD, W_RETURNED, W_TIMEOUT, W_CLASH };

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int group_index_of_tid(int tid, int running)
{
	if (!uffd_thread_ids)
		return running;
	for (int i = 0; i < group_threads; i++)
		if (group[i].tid == tid)
			return i;
	return running;
}

/*
 * Waits until thread `ti` is held at `target` (when armed) or its running call returns,
 * answering every other fault on the way. In the racy mode (ti < 0) waits for every thread.
 */
static enum wait_outcome group_wait(int ti, int armed, u64 target, long ms)
{
	long deadline = now_ms() + ms;
	for (;;) {
		int done = 1;
		for (int i = 0; i < group_threads; i++) {
			struct group_thread *t = &group[i];
			int idle = __atomic_load_n(&t->finished, __ATOMIC_ACQUIRE) == t->granted;
			if (ti == i && idle)
				return W_RETURNED;
			if (ti < 0 && !idle)
				done = 0;
		}
		if (ti < 0 && done)
			return W_RETURNED;
		long left = deadline - now_ms();
		if (left <= 0)
			return W_TIMEOUT;
		struct pollfd fds[3] = { { group_efd, POLLIN, 0 },
					 { fuse_held_fd(), POLLIN, 0 },
					 { group_uffd, POLLIN, 0 } };
		int n = poll(fds, 3, (int)left); /* a negative fd is passed over */
		if (n < 0 && errno != EINTR)
			return W_TIMEOUT;
		if (n <= 0)
			continue;
		u64 count;
		if (fds[0].revents & POLLIN)
			(void)!read(group_efd, &count, 8);
		if (fds[1].revents & POLLIN) {
			int tid = fuse_take_held();
			if (armed && ti >= 0 && tid && tid == group[ti].tid) {
				struct group_thread *t = &group[ti];
				t->held = t->held_fuse = 1;
				t->held_page = target;
				t->held_write = 0;
				return W_HELD;
			}
		}
		if (group_uffd < 0 || !(fds[2].revents & POLLIN))
			continue;
		struct uffd_msg msg;
		while (read(group_uffd, &msg, sizeof(msg)) == (ssize_t)sizeof(msg)) {
			if (msg.event != UFFD_EVENT_PAGEFAULT)
				continue;
			u64 page = msg.arg.pagefault.address & ~((1ULL << PAGE_SHIFT) - 1);
			int write = (msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE) != 0;
			int who = group_index_of_tid((int)msg.arg.pagefault.feat.ptid, ti);
			for (int i = 0; i < group_threads; i++)
				if (i != who && group[i].held && group[i].held_page == page)
					return W_CLASH; /* answering it would release the held one too */
			if (armed && who == ti && page == target) {
				struct group_thread *t = &group[ti];
				t->held = 1;
				t->held_page = page;
				t->held_write = write;
				return W_HELD;
			}
			uffd_answer(page, write);
		}
	}
}

static const char *unreachable_why;
static int unreachable_step = -1;

static void group_unreachable(int step, const char *why)
{
	unreachable_step = step;
	unreachable_why = why;
}

/* Thread `ti` goes on: its held call, else its next one. 0 when it has nothing to run. */
static int group_go(int ti)
{
	struct group_thread *t = &group[ti];
	if (t->held) {
		group_release(t);
		return 1;
	}
	if (t->granted == t->ncalls)
		return 0;
	group_grant(t, t->granted + 1);
	return 1;
}

/* Follows the schedule; a step that cannot be followed is left in unreachable_step. */
static void group_follow(long step_ms)
{
	for (int s = 0; s < group_nsteps; s++) {
		int ti = group_steps[s].thread;
		int fault = group_steps[s].fault;
		u64 page = group_steps[s].addr & ~((1ULL << PAGE_SHIFT) - 1);
		int reg = fault ? uffd_register_for(page) : 0;
		if (fault)
			fuse_arm(group[ti].tid, page);
		if (!group_go(ti)) {
			group_unreachable(s, "the thread has no call left");
			return;
		}
		for (;;) {
			enum wait_outcome w = group_wait(ti, fault, page, step_ms);
			fuse_arm(0, 0);
			if (w == W_HELD)
				break;
			if (w == W_TIMEOUT) {
				group_unreachable(s, fault ? "the page was not reached in time"
							   : "the call did not return in time");
				return;
			}
			if (w == W_CLASH) {
				group_unreachable(s, "another thread faulted on the page a thread is held at");
				return;
			}
			if (!fault)
				break;
			group_unreachable(s, reg && !fuse_pid
						     ? "the page's mapping cannot be registered with userfaultfd"
						     : "the call returned before faulting in the page");
			return;
		}
	}
	/* Calls the schedule does not cover run to their end, thread by thread. */
	for (int ti = 0; ti < group_threads; ti++)
		while (group_go(ti))
			if (group_wait(ti, 0, 0, step_ms) != W_RETURNED) {
				group_unreachable(group_nsteps, "a call after the schedule did not return in time");
				return;
			}
}

static int group_clone(struct group_thread *t, char *stack)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	int tid = clone(group_worker, stack + GROUP_STACK, flags, t, &t->tid, NULL, &t->tid);
	if (tid < 0)
		return errno;
	t->alive = 1;
	return 0;
}

/* Stops the group: no new call starts, held ones go on unanswered (closing the userfaultfd
 * unregisters every mapping), and every thread is joined. 0, or the thread left running. */
static int group_stop(long ms)
{
	fuse_arm(0, 0);
	for (int i = 0; i < group_threads; i++) {
		__atomic_store_n(&group[i].cancel, 1, __ATOMIC_RELEASE);
		futex_wake(&group[i].granted);
		if (group[i].held_fuse)
			fuse_release();
		group[i].held = group[i].held_fuse = 0;
	}
	if (group_uffd >= 0) {
		close(group_uffd);
		group_uffd = -1;
	}
	long deadline = now_ms() + ms;
	for (int i = 0; i < group_threads; i++) {
		int tid;
		while (group[i].alive && (tid = __atomic_load_n(&group[i].tid, __ATOMIC_ACQUIRE))) {
			long left = deadline - now_ms();
			if (left <= 0)
				return i + 1;
			futex_wait(&group[i].tid, tid, left);
		}
	}
	return 0;
}

static void do_group_new(void)
{
	memset(group, 0, sizeof(group));
	group_threads = group_nsteps = 0;
	reply_value(0);
}

static void do_group_call(char **p)
{
	u64 ti = hex_word(p);
	if (ti >= GROUP_THREADS || group[ti].ncalls == GROUP_CALLS) {
		reply_fail("group call", E2BIG);
		return;
	}
	struct group_thread *t = &group[ti];
	for (int i = 0; i < 7; i++)
		t->calls[t->ncalls][i] = hex_word(p);
	t->ncalls++;
	if ((int)ti >= group_threads)
		group_threads = (int)ti + 1;
	reply_value(0);
}

static void do_group_step(char **p)
{
	if (group_nsteps == GROUP_STEPS) {
		reply_fail("group step", E2BIG);
		return;
	}
	group_steps[group_nsteps].thread = (int)hex_word(p);
	group_steps[group_nsteps].fault = (int)hex_word(p);
	group_steps[group_nsteps].addr = hex_word(p);
	if (group_steps[group_nsteps].thread >= GROUP_THREADS) {
		reply_fail("group step thread", EINVAL);
		return;
	}
	group_nsteps++;
	reply_value(0);
}

static void do_group_run(char **p)
{
	int scheduled = (int)hex_word(p);
	long step_ms = (long)hex_word(p);
	unreachable_step = -1;
	group_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (group_efd < 0) {
		reply_fail("eventfd", errno);
		return;
	}
	for (int i = 0; i < group_threads; i++) {
		int e = group_clone(&group[i], group_stacks[i]);
		if (e) {
			group_stop(step_ms);
			close(group_efd);
			reply_fail("clone", e);
			return;
		}
	}
	if (scheduled) {
		group_follow(step_ms);
	} else {
		for (int i = 0; i < group_threads; i++)
			group_grant(&group[i], group[i].ncalls);
		if (group_wait(-1, 0, 0, step_ms) != W_RETURNED)
			group_unreachable(0, "the threads did not all return in time");
	}
	if (group_stop(step_ms)) {
		/* A thread stuck in the kernel cannot be taken back: the trace process dies. */
		kill(getpid(), SIGKILL);
	}
	close(group_efd);
	group_efd = -1;
	if (unreachable_step < 0) {
		reply_value(0);
		return;
	}
	put_str("unreachable");
	put_hex((u64)unreachable_step);
	put_char(' ');
	put_str(unreachable_why);
	end_line();
}

static void do_group_result(char **p)
{
	u64 ti = hex_word(p), i = hex_word(p);
	if (ti >= GROUP_THREADS || i >= (u64)group[ti].finished) {
		put_str("none");
		end_line();
		return;
	}
	long rc = group[ti].results[i];
	if (rc < 0 && rc > -4096)
		reply_errno((int)-rc);
	else
		reply_value((u64)rc);
}
