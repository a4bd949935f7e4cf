/*
 * mmspec's guest init: PID 1 of a Debian kernel booted under qemu by src/oracle/guest/qemuGuest.ts.
 * The initramfs holds only this program and the executor (executor.c, built static): no shell,
 * no busybox. It mounts what the executor reads (/proc, /sys, /dev), turns THP off as on the
 * host, mounts the scratch ext4 disk (-device nvme) on /tmp so that tmpfile() gets a disk file
 * system's page cache, then starts one executor per serial port ttyS1.. (ttyS0 is the console),
 * each port in raw mode, and reaps orphans forever (PID 1's duty: a killed trace process's
 * children are reparented here).
 *
 * Each port first carries one line `guest RELEASE` (uname -r), then the executor's protocol.
 *
 * Program mode (guestProgram.ts): when the initramfs also holds /programs/0, /programs/1, ...
 * (static binaries built on the host: --emit-c reproducers, a table's kselftests), no executor
 * starts. Every port still greets, then ttyS1 carries each program's stdout and stderr in turn,
 * each followed by one line `\n@mmspec-program exit=N` (or `signal=N`), and the guest powers off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHANNELS 3 /* ttyS1..ttyS3: the 8250 driver registers four ports by default */

static void say(const char *what, int err)
{
	fprintf(stderr, "mmspec-init: %s: %s\n", what, err ? strerror(err) : "ok");
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		say(path, errno);
	if (fd >= 0)
		close(fd);
}

/* NVMe probes asynchronously: wait for the namespace to appear, at most about 5 s. */
static void mount_scratch(void)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	for (int i = 0; i < 250; i++) {
		if (access("/dev/nvme0n1", F_OK) == 0)
			break;
		nanosleep(&tick, NULL);
	}
	if (mount("/dev/nvme0n1", "/tmp", "ext4", 0, NULL) < 0)
		say("mount /dev/nvme0n1 on /tmp", errno);
}

/* Opens a serial port in raw mode and greets on it; returns its descriptor. */
static int open_port(int channel, const char *release)
{
	char path[32];
	snprintf(path, sizeof(path), "/dev/ttyS%d", channel);
	int fd = open(path, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		say(path, errno);
		_exit(1);
	}
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		t.c_cflag |= CLOCAL; /* no modem lines: never hang up */
		tcsetattr(fd, TCSANOW, &t);
	}
	dprintf(fd, "guest %s\n", release);
	return fd;
}

static void serve(int channel, const char *release)
{
	int fd = open_port(channel, release);
	dup2(fd, 0);
	dup2(fd, 1);
	if (fd > 1)
		close(fd);
	char *argv[] = { "/executor", NULL };
	execv(argv[0], argv);
	say("exec /executor", errno);
	_exit(1);
}

/* Runs one program with the port as its stdin/out/err; returns its wait status. */
static int run_one(const char *path, int fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		chdir("/tmp"); /* the scratch disk: a program's files land on ext4, as on the host */
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		dprintf(2, "mmspec-init: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	int status = 0;
	/* orphans of the program are reaped here too, until the program itself ends */
	for (;;) {
		int st;
		pid_t got = wait(&st);
		if (got == pid) {
			status = st;
			break;
		}
		if (got < 0 && errno == ECHILD)
			break;
	}
	return status;
}

/* Program mode: runs /programs/0, 1, ... on ttyS1, reporting how each ended, then powers off. */
static void run_programs(const char *release)
{
	int fd = open_port(1, release);
	for (int c = 2; c <= CHANNELS; c++)
		close(open_port(c, release));
	char path[32];
	for (int i = 0;; i++) {
		snprintf(path, sizeof(path), "/programs/%d", i);
		if (access(path, X_OK) < 0)
			break;
		int status = run_one(path, fd);
		if (WIFSIGNALED(status))
			dprintf(fd, "\n@mmspec-program signal=%d\n", WTERMSIG(status));
		else
			dprintf(fd, "\n@mmspec-program exit=%d\n", WEXITSTATUS(status));
	}
	tcdrain(fd);
	sync();
	reboot(RB_POWER_OFF);
}

int main(void)
{
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/dev", 0755);
	mkdir("/tmp", 01777);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		say("mount /proc", errno);
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0)
		say("mount /sys", errno);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0)
		say("mount /dev", errno);
	/* THP as on the host: only for MADV_HUGEPAGE regions, and only in a trace that asks for
	 * it (`thp on`; every other trace process runs with PR_SET_THP_DISABLE). defrag madvise:
	 * such a fault compacts rather than quietly falling back to 4 KiB pages. */
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "madvise");
	write_file("/sys/kernel/mm/transparent_hugepage/defrag", "madvise");
	mount_scratch();
	struct utsname u;
	uname(&u);
	if (access("/programs/0", X_OK) == 0)
		run_programs(u.release);
	for (int c = 1; c <= CHANNELS; c++)
		if (fork() == 0)
			serve(c, u.release);
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			sleep(1);
	return 0;
}
