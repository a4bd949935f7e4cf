/*
 * fusefile(LEN): a regular file whose reads a thread schedule can hold, for executor.c (it
 * includes this file from executorThreads.h, after raw_call). userfaultfd holds faults of
 * anonymous and shmem memory only, and only in a VMA registered before the fault; a new file
 * mapping (mmap MAP_POPULATE of a file) has neither. Here the file lives on a FUSE file
 * system (fs/fuse/) that the trace process itself serves over the raw /dev/fuse protocol (no
 * libfuse): a fault on a page that is not in the page cache sends FUSE_READ and waits for the
 * answer, and the answer is ours to give or withhold. Requests:
 *   fusefile LEN          ok FD | err ERRNO | fail WHAT ERRNO (no FUSE here, or too large)
 *
 * The server is a process cloned with CLONE_VM from the trace process on its first fusefile:
 * it shares the address space (so the controller arms a hold in shared statics, and the
 * server reads the trace's own /proc/self/maps), but not the descriptor table, so it alone
 * holds /dev/fuse. That matters: a request the server has read is waited for uninterruptibly
 * (fs/fuse/dev.c:request_wait_answer), and only the last /dev/fuse descriptor closing aborts
 * the connection. The server dies with the trace process (PR_SET_PDEATHSIG), so a trace
 * killed while a thread is held frees that thread, never leaves it in D state. Like the group
 * threads it makes raw system calls only: it shares the trace's TLS, hence errno.
 *
 * Where the read happens (mm/filemap.c:filemap_fault): a page missing from the cache is read
 * with mmap_lock dropped when the fault may retry (maybe_unlock_mmap_for_io), as population
 * and user faults may; the fault then returns VM_FAULT_RETRY and GUP looks the VMA up again.
 * So a thread held in FUSE_READ sits exactly where a slow disk would leave it, and other
 * threads may munmap, mprotect or map over the range meanwhile. To make the hold
 * deterministic the FUSE_INIT answer sets max_readahead to 0: the backing device's ra_pages
 * becomes 0, do_sync_mmap_readahead reads nothing around the fault, and each fault reads its
 * own page with one FUSE_READ (FOPEN_DIRECT_IO is no way out: a direct-io file cannot be
 * mapped shared). Fault-around still maps pages already in the cache.
 *
 * The hold: a `T until fault(ADDR)` step arms (T's tid, ADDR). The server holds the first
 * FUSE_READ from that tid whose range covers the file offset ADDR's VMA maps at that moment
 * (looked up in /proc/self/maps when the READ arrives: the fault has dropped mmap_lock and
 * the other threads are idle, so the lookup cannot wait on a writer), says so on an eventfd,
 * and answers it when the controller lets T go. The answer is always given, whatever the
 * other threads did meanwhile: the kernel's own I/O would complete too, and the retried
 * fault meets whatever mapping is there then.
 *
 * The file system is mounted on a fresh directory in /tmp, the root kept open as an O_PATH
 * descriptor, and detached at once (umount2 MNT_DETACH), so no mount outlives the trace.
 * File data lives in a static buffer (at most FUSE_BYTES over all files of a process).
 */
#include <linux/fuse.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>

#define FUSE_FILES 8
#define FUSE_BYTES (1 << 20)
#define FUSE_MAX_WRITE (64 << 10)
#define FUSE_DEV_FD 920  /* the server's /dev/fuse */
#define FUSE_HELD_FD 921 /* eventfd: the server holds a READ */
#define FUSE_WAKE_FD 922 /* eventfd: the controller has something for the server */
#define FUSE_ROOT_FD 923 /* O_PATH: the root of the detached mount */
#define FUSE_VALID_S 86400 /* entry and attribute timeouts: nothing is revalidated */

static struct {
	u64 size, base; /* base: offset in fuse_data */
} fuse_files[FUSE_FILES];
static int fuse_nfiles;
static u64 fuse_used;
static char fuse_data[FUSE_BYTES];
static int fuse_pid; /* the server, 0 when none */
static u64 fuse_dev_major, fuse_dev_minor;
static char fuse_stack[64 << 10] __attribute__((aligned(4096)));
static char fuse_in[FUSE_MAX_WRITE + 8192] __attribute__((aligned(8)));
static char fuse_maps[1 << 16]; /* the server's own: procbuf is the controller's */

/* Shared between the controller (arms, lets go) and the server (holds). */
static int fuse_arm_tid; /* 0: nothing armed */
static u64 fuse_arm_addr;
static int fuse_held_tid; /* 0: nothing held */
static int fuse_let_go;
static struct {
	u64 unique, nodeid, offset;
	uint32_t size;
} fuse_held;

/* ------------------------------------------------------------ the server (raw calls only) */

static void fuse_reply(u64 unique, int error, const void *body, u64 len)
{
	struct fuse_out_header h = { (uint32_t)(sizeof(h) + len), -error, unique };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)body, len } };
	raw_call(SYS_writev, FUSE_DEV_FD, (u64)(uintptr_t)iov, body ? 2 : 1, 0, 0, 0);
}

static void fuse_attr_of(u64 nodeid, struct fuse_attr *a)
{
	__builtin_memset(a, 0, sizeof(*a));
	a->ino = nodeid;
	a->blksize = 1 << PAGE_SHIFT;
	if (nodeid == FUSE_ROOT_ID) {
		a->mode = S_IFDIR | 0755;
		a->nlink = 2;
		return;
	}
	a->mode = S_IFREG | 0600;
	a->nlink = 1;
	a->size = fuse_files[nodeid - 2].size;
	a->blocks = (a->size + 511) / 512;
}

static int fuse_known(u64 nodeid)
{
	return nodeid == FUSE_ROOT_ID ||
	       (nodeid >= 2 && nodeid < 2 + (u64)__atomic_load_n(&fuse_nfiles, __ATOMIC_ACQUIRE));
}

static u64 fuse_hex(const char **s)
{
	u64 v = 0;
	for (;; (*s)++) {
		char c = **s;
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return v;
		v = v * 16 + (u64)d;
	}
}

/* The file offset of addr's page if its VMA maps file `nodeid` of this mount, else ~0. */
static u64 fuse_offset_of(u64 addr, u64 nodeid)
{
	long fd = raw_call(SYS_open, (u64)(uintptr_t)"/proc/self/maps", O_RDONLY | O_CLOEXEC, 0, 0, 0, 0);
	if (fd < 0)
		return ~0ULL;
	u64 len = 0;
	long got;
	while (len < sizeof(fuse_maps) - 1 &&
	       (got = raw_call(SYS_read, (u64)fd, (u64)(uintptr_t)(fuse_maps + len),
			       sizeof(fuse_maps) - 1 - len, 0, 0, 0)) > 0)
		len += (u64)got;
	raw_call(SYS_close, (u64)fd, 0, 0, 0, 0, 0);
	fuse_maps[len] = 0;
	/* "start-end perms offset major:minor inode path" */
	for (const char *s = fuse_maps; *s;) {
		u64 start = fuse_hex(&s);
		s++;
		u64 end = fuse_hex(&s);
		while (*s == ' ' || (*s >= 'a' && *s <= 'z') || *s == '-')
			s++;
		u64 off = fuse_hex(&s);
		s++;
		u64 major = fuse_hex(&s);
		s++;
		u64 minor = fuse_hex(&s);
		s++;
		u64 ino = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			ino = ino * 10 + (u64)(*s - '0');
		if (addr >= start && addr < end)
			return major == fuse_dev_major && minor == fuse_dev_minor && ino == nodeid
				       ? off + ((addr - start) & ~((1ULL << PAGE_SHIFT) - 1))
				       : ~0ULL;
		while (*s && *s != '\n')
			s++;
		if (*s)
			s++;
	}
	return ~0ULL;
}

static void fuse_answer_read(u64 unique, u64 nodeid, u64 offset, uint32_t size)
{
	u64 fsize = fuse_files[nodeid - 2].size;
	u64 n = offset >= fsize ? 0 : fsize - offset < size ? fsize - offset : size;
	fuse_reply(unique, 0, fuse_data + fuse_files[nodeid - 2].base + offset, n);
}

/* A READ: held when it is the armed thread's read of the armed page, answered otherwise. */
static void fuse_read(struct fuse_in_header *h, const struct fuse_read_in *in)
{
	int armed = __atomic_load_n(&fuse_arm_tid, __ATOMIC_ACQUIRE);
	if (armed && (uint32_t)armed == h->pid && !__atomic_load_n(&fuse_held_tid, __ATOMIC_ACQUIRE)) {
		u64 want = fuse_offset_of(__atomic_load_n(&fuse_arm_addr, __ATOMIC_ACQUIRE), h->nodeid);
		if (want != ~0ULL && want >= in->offset && want < in->offset + in->size) {
			fuse_held.unique = h->unique;
			fuse_held.nodeid = h->nodeid;
			fuse_held.offset = in->offset;
			fuse_held.size = in->size;
			__atomic_store_n(&fuse_arm_tid, 0, __ATOMIC_RELEASE);
			__atomic_store_n(&fuse_held_tid, armed, __ATOMIC_RELEASE);
			u64 one = 1;
			raw_call(SYS_write, FUSE_HELD_FD, (u64)(uintptr_t)&one, 8, 0, 0, 0);
			return;
		}
	}
	fuse_answer_read(h->unique, h->nodeid, in->offset, in->size);
}

static void fuse_write(struct fuse_in_header *h, const struct fuse_write_in *in)
{
	u64 fsize = fuse_files[h->nodeid - 2].size;
	u64 n = in->offset >= fsize ? 0 : fsize - in->offset < in->size ? fsize - in->offset : in->size;
	__builtin_memcpy(fuse_data + fuse_files[h->nodeid - 2].base + in->offset, in + 1, n);
	struct fuse_write_out out = { (uint32_t)in->size, 0 };
	fuse_reply(h->unique, 0, &out, sizeof(out));
}

static void fuse_init(struct fuse_in_header *h, const struct fuse_init_in *in)
{
	struct fuse_init_out out;
	__builtin_memset(&out, 0, sizeof(out));
	out.major = FUSE_KERNEL_VERSION;
	out.minor = in->minor < FUSE_KERNEL_MINOR_VERSION ? in->minor : FUSE_KERNEL_MINOR_VERSION;
	out.max_readahead = 0; /* ra_pages 0: one READ a fault (the head of this file) */
	out.max_background = 16;
	out.congestion_threshold = 12;
	out.max_write = FUSE_MAX_WRITE;
	out.time_gran = 1;
	fuse_reply(h->unique, 0, &out, in->major == FUSE_KERNEL_VERSION ? sizeof(out) : 8);
}

static void fuse_entry(struct fuse_in_header *h, const char *name)
{
	int i = name[0] - '0';
	if (h->nodeid != FUSE_ROOT_ID || name[1] != 0 || i < 0 || !fuse_known(2 + (u64)i)) {
		fuse_reply(h->unique, ENOENT, NULL, 0);
		return;
	}
	struct fuse_entry_out out;
	__builtin_memset(&out, 0, sizeof(out));
	out.nodeid = 2 + (u64)i;
	out.entry_valid = out.attr_valid = FUSE_VALID_S;
	fuse_attr_of(out.nodeid, &out.attr);
	fuse_reply(h->unique, 0, &out, sizeof(out));
}

static void fuse_attr_reply(struct fuse_in_header *h)
{
	struct fuse_attr_out out;
	__builtin_memset(&out, 0, sizeof(out));
	out.attr_valid = FUSE_VALID_S;
	fuse_attr_of(h->nodeid, &out.attr);
	fuse_reply(h->unique, 0, &out, sizeof(out));
}

static void fuse_request(long n)
{
	struct fuse_in_header *h = (struct fuse_in_header *)fuse_in;
	void *body = h + 1;
	if (n < (long)sizeof(*h))
		return;
	uint32_t op = h->opcode;
	if (op == FUSE_INIT) {
		fuse_init(h, body);
		return;
	}
	/* No answer to these; an INTERRUPT of the held READ changes nothing: it is answered. */
	if (op == FUSE_FORGET || op == FUSE_BATCH_FORGET || op == FUSE_INTERRUPT)
		return;
	if (!fuse_known(h->nodeid)) {
		fuse_reply(h->unique, ENOENT, NULL, 0);
		return;
	}
	switch (h->opcode) {
	case FUSE_LOOKUP:
		fuse_entry(h, body);
		return;
	case FUSE_GETATTR:
		fuse_attr_reply(h);
		return;
	case FUSE_SETATTR: {
		const struct fuse_setattr_in *in = body;
		if (in->valid & FATTR_SIZE) {
			if (h->nodeid == FUSE_ROOT_ID || in->size > fuse_files[h->nodeid - 2].size) {
				fuse_reply(h->unique, EFBIG, NULL, 0); /* the data buffer is fixed */
				return;
			}
			fuse_files[h->nodeid - 2].size = in->size;
		}
		fuse_attr_reply(h);
		return;
	}
	case FUSE_OPEN:
	case FUSE_OPENDIR: {
		struct fuse_open_out out;
		__builtin_memset(&out, 0, sizeof(out));
		out.fh = h->nodeid;
		fuse_reply(h->unique, 0, &out, sizeof(out));
		return;
	}
	case FUSE_READ:
		if (h->nodeid != FUSE_ROOT_ID) {
			fuse_read(h, body);
			return;
		}
		break;
	case FUSE_WRITE:
		if (h->nodeid != FUSE_ROOT_ID) {
			fuse_write(h, body);
			return;
		}
		break;
	case FUSE_FLUSH:
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
	case FUSE_FSYNC:
	case FUSE_DESTROY:
		fuse_reply(h->unique, 0, NULL, 0);
		return;
	}
	fuse_reply(h->unique, ENOSYS, NULL, 0);
}

static int fuse_server(void *parent)
{
	raw_call(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0);
	if (raw_call(SYS_getppid, 0, 0, 0, 0, 0, 0) != (long)(intptr_t)parent)
		raw_call(SYS_exit, 0, 0, 0, 0, 0, 0);
	/* Only /dev/fuse and the two eventfds: no pipe of the driver, no file of the trace. */
	raw_call(436 /* close_range */, 0, FUSE_DEV_FD - 1, 0, 0, 0, 0);
	raw_call(436, FUSE_WAKE_FD + 1, ~0U, 0, 0, 0, 0);
	for (;;) {
		struct pollfd fds[2] = { { FUSE_DEV_FD, POLLIN, 0 }, { FUSE_WAKE_FD, POLLIN, 0 } };
		if (raw_call(SYS_poll, (u64)(uintptr_t)fds, 2, (u64)-1, 0, 0, 0) < 0)
			continue;
		if (fds[1].revents & POLLIN) {
			u64 count;
			raw_call(SYS_read, FUSE_WAKE_FD, (u64)(uintptr_t)&count, 8, 0, 0, 0);
			if (__atomic_load_n(&fuse_let_go, __ATOMIC_ACQUIRE) &&
			    __atomic_load_n(&fuse_held_tid, __ATOMIC_ACQUIRE)) {
				fuse_answer_read(fuse_held.unique, fuse_held.nodeid, fuse_held.offset,
						 fuse_held.size);
				__atomic_store_n(&fuse_let_go, 0, __ATOMIC_RELEASE);
				__atomic_store_n(&fuse_held_tid, 0, __ATOMIC_RELEASE);
			}
		}
		if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			raw_call(SYS_exit, 0, 0, 0, 0, 0, 0); /* aborted, or unmounted and released */
		if (!(fds[0].revents & POLLIN))
			continue;
		long n = raw_call(SYS_read, FUSE_DEV_FD, (u64)(uintptr_t)fuse_in, sizeof(fuse_in), 0, 0, 0);
		if (n == -ENODEV)
			raw_call(SYS_exit, 0, 0, 0, 0, 0, 0);
		fuse_request(n);
	}
	return 0;
}

/* ------------------------------------------------------------ the controller's side */

/* Arms a hold of thread `tid` at addr's page, or disarms (tid 0). */
static void fuse_arm(int tid, u64 addr)
{
	if (!fuse_pid)
		return;
	__atomic_store_n(&fuse_arm_addr, addr, __ATOMIC_RELEASE);
	__atomic_store_n(&fuse_arm_tid, tid, __ATOMIC_RELEASE);
}

/* The eventfd group_wait polls for holds; -1 when no server runs. */
static int fuse_held_fd(void)
{
	return fuse_pid ? FUSE_HELD_FD : -1;
}

/* After the held eventfd fired: the tid held (0 if none), clearing the event. */
static int fuse_take_held(void)
{
	u64 count;
	(void)!read(FUSE_HELD_FD, &count, 8);
	return __atomic_load_n(&fuse_held_tid, __ATOMIC_ACQUIRE);
}

/* Lets the held READ be answered. */
static void fuse_release(void)
{
	if (!fuse_pid || !__atomic_load_n(&fuse_held_tid, __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&fuse_let_go, 1, __ATOMIC_RELEASE);
	u64 one = 1;
	(void)!write(FUSE_WAKE_FD, &one, 8);
}

static void fuse_name(char *out, const char *prefix, u64 v, const char *suffix)
{
	char digits[24];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (*prefix)
		*out++ = *prefix++;
	while (n)
		*out++ = digits[--n];
	while (*suffix)
		*out++ = *suffix++;
	*out = 0;
}

static int fuse_fail(int e, const char *dir, int mounted)
{
	if (mounted)
		umount2(dir, MNT_DETACH);
	rmdir(dir);
	close(FUSE_DEV_FD);
	close(FUSE_HELD_FD);
	close(FUSE_WAKE_FD);
	return e;
}

/* Opens /dev/fuse, mounts, starts the server, keeps the root and detaches: 0 or an errno. */
static int fuse_start(void)
{
	static char dir[64], opts[128];
	fuse_name(dir, "/tmp/mmspec-fuse.", (u64)getpid(), "");
	int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), wfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0 || wfd < 0 || dup3(fd, FUSE_DEV_FD, O_CLOEXEC) < 0 ||
	    dup3(efd, FUSE_HELD_FD, O_CLOEXEC) < 0 || dup3(wfd, FUSE_WAKE_FD, O_CLOEXEC) < 0) {
		int e = errno;
		close(fd);
		return e;
	}
	close(fd);
	close(efd);
	close(wfd);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fuse_fail(errno, dir, 0);
	/* "fd=920,rootmode=40000,user_id=U,group_id=G" (rootmode in octal) */
	char *o = opts;
	fuse_name(o, "fd=", FUSE_DEV_FD, ",rootmode=40000");
	while (*o)
		o++;
	fuse_name(o, ",user_id=", getuid(), "");
	while (*o)
		o++;
	fuse_name(o, ",group_id=", getgid(), "");
	if (mount("mmspec", dir, "fuse", MS_NOSUID | MS_NODEV, opts) < 0)
		return fuse_fail(errno, dir, 0);
	fuse_nfiles = 0;
	fuse_used = 0;
	int pid = clone(fuse_server, fuse_stack + sizeof(fuse_stack), CLONE_VM | SIGCHLD,
			(void *)(intptr_t)getpid());
	if (pid < 0)
		return fuse_fail(errno, dir, 1);
	fuse_pid = pid;
	close(FUSE_DEV_FD); /* the server's alone: see the head of this file */
	int root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	int e = root < 0 ? errno : fstat(root, &st) < 0 ? errno : 0;
	if (!e && dup3(root, FUSE_ROOT_FD, O_CLOEXEC) < 0)
		e = errno;
	if (root >= 0)
		close(root);
	umount2(dir, MNT_DETACH);
	rmdir(dir);
	if (e)
		return e;
	fuse_dev_major = major(st.st_dev);
	fuse_dev_minor = minor(st.st_dev);
	return 0;
}

/* Ends the server (before execve: the new image starts without one). */
static void fuse_stop(void)
{
	if (!fuse_pid)
		return;
	kill(fuse_pid, SIGKILL);
	while (waitpid(fuse_pid, NULL, 0) < 0 && errno == EINTR)
		;
	fuse_pid = 0;
	close(FUSE_HELD_FD);
	close(FUSE_WAKE_FD);
	close(FUSE_ROOT_FD);
}

/* A fork-block child: the server shares the parent's memory, not the child's; a fusefile
 * made in the child starts a server of its own. */
static void fuse_after_fork(void)
{
	fuse_pid = 0;
}

static void do_fusefile(char **p)
{
	u64 len = hex_word(p);
	u64 pages = (len + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT;
	if (fuse_nfiles == FUSE_FILES || pages > (FUSE_BYTES - fuse_used) >> PAGE_SHIFT) {
		reply_fail("fusefile: the executor holds at most 8 files and 1 MiB", EFBIG);
		return;
	}
	int e = fuse_pid ? 0 : fuse_start();
	if (e) {
		reply_fail("fusefile: no FUSE file system here", e);
		return;
	}
	int i = fuse_nfiles;
	fuse_files[i].size = len;
	fuse_files[i].base = fuse_used;
	fuse_used += pages << PAGE_SHIFT;
	__atomic_store_n(&fuse_nfiles, i + 1, __ATOMIC_RELEASE);
	char name[2] = { (char)('0' + i), 0 };
	int fd = openat(FUSE_ROOT_FD, name, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		reply_errno(errno);
	else
		reply_value((u64)fd);
}
