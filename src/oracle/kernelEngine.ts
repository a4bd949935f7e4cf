// A real kernel as an Engine: this machine's (target `host`), or a Debian kernel booted under
// qemu (guest/guestLauncher.ts). Each trace runs in a fresh process forked by the executor
// (executor.c, built on first use by build.ts), with the trace's RLIMIT_MEMLOCK and
// CAP_IPC_LOCK, THP off; the same executor and observables on the host and in a guest. This
// Node process itself never locks memory.

import { release } from 'node:os';
import {
  UnsupportedSetupError,
  type ConcreteObservable,
  type Engine,
  type Session,
  type Setup,
} from '../uapi/engine.js';
import { buildExecutor, type BuildOptions } from './build.js';
import { ExecutorPool, type Hello } from './_internals/executorPool.js';
import { ExecutorProcess } from './_internals/executorProcess.js';
import { KernelSession, type Unavailability } from './_internals/kernelSession.js';
import { replyError } from './_internals/replies.js';
import { BUDGET_LIMITS } from '../trace/budget/budgetLimits.js';
import { GuestLauncher, type GuestInfo } from './guest/guestLauncher.js';
import { mmspecCacheDir } from './targets/cacheDir.js';
import { HOST_TARGET, targetName, type KernelTarget } from './targets/kernelTargets.js';

export { SAFETY_LIMIT_BYTES, SafetyLimitError } from './_internals/safetyBudget.js';
export { ExecutorError } from './_internals/executorProcess.js';
export { ExecutorBuildError } from './build.js';
export type { GuestInfo } from './guest/guestLauncher.js';
export { GuestBootError } from './guest/qemuGuest.js';
export { KernelFetchError } from './targets/kernelImage.js';
export { parseKernelTarget, UnknownKernelTargetError } from './targets/kernelTargets.js';

export interface KernelEngineOptions {
  /** Where the executor source and build cache are, and which compiler builds it. */
  readonly build?: BuildOptions;
  /** Behave as if /proc/kpageflags were unreadable (tests the unavailable path). */
  readonly pretendKpageflagsUnreadable?: boolean;
  /** How long one request may take before the executor is killed; default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * How long one step of a thread group's schedule may wait for its thread to be held at its
   * page or its call to return, before the step is unreachable; default 2 s (guests: 10 s).
   */
  readonly threadStepTimeoutMs?: number;
  /** How long one trace may live (alarm(2) in each trace process); default 60 s. */
  readonly traceTimeoutSeconds?: number;
  /** Which kernel: `host` (default) or a Debian kernel under qemu (targets/kernelTargets.ts). */
  readonly target?: KernelTarget;
  /** Where kernels and the initramfs are cached; default targets/cacheDir.ts. */
  readonly cacheDir?: string;
  /** Progress lines while a kernel is fetched or booted (the CLI writes them to stderr). */
  readonly progress?: (line: string) => void;
}

/** An observable this host cannot show, and why. */
export interface UnavailableObservable {
  readonly kind: ConcreteObservable['kind'];
  readonly reason: string;
}

export interface KernelEngine extends Engine {
  /** Boots the guest (a Debian target) if needed and says what runs; undefined on the host. */
  guest(): Promise<GuestInfo | undefined>;
  /** The observables this host cannot show (the rest are checked as usual). */
  unavailable(): Promise<readonly UnavailableObservable[]>;
  /**
   * The cgroup the executor puts each trace in (memory and pids limits of BUDGET_LIMITS), or
   * null where /sys/fs/cgroup is not writable and the driver's budget check stands alone.
   */
  containment(): Promise<'v1' | 'v2' | null>;
  /** Ends the executors (sessions still open then fail). On process exit they are killed. */
  close(): Promise<void>;
}

const ALL_OBSERVABLES: readonly ConcreteObservable['kind'][] = [
  'pages',
  'vmflags',
  'vma',
  'vmas',
  'page',
  'VmLck',
  'AnonHugePages',
  'VmData',
  'Mlocked',
  'Unevictable',
  'def_flags',
];

/**
 * Why this machine's own kernel cannot show a trace's Mlocked and Unevictable: they are
 * system-wide (/proc/meminfo), and other processes lock and unlock memory meanwhile. The
 * executor's memory cgroup would scope them, but cgroup v1's memory.stat has no mlocked line
 * and memory.stat (v1 and v2) shows a few pages' change only after its periodic 2 s flush.
 * A guest runs the trace alone on one CPU, where the system's counters are the trace's.
 */
const COUNTERS_ON_HOST =
  'Mlocked and Unevictable are system-wide and other processes on this machine move them; run on a guest (--kernel linux-6.12)';

/** What the executor's greeting says cannot be observed. */
function unavailability(hello: Hello, pretended: boolean, guest: boolean): Unavailability {
  const out = new Map<ConcreteObservable['kind'], string>();
  if (!guest)
    for (const kind of ['Mlocked', 'Unevictable'] as const) out.set(kind, COUNTERS_ON_HOST);
  let why: string | null = null;
  if (pretended)
    why = '/proc/kpageflags treated as unreadable (option pretendKpageflagsUnreadable)';
  else if (hello.kpageflagsErrno !== 0)
    why = `/proc/kpageflags is unreadable (errno ${hello.kpageflagsErrno}; it needs root)`;
  else if (!hello.pfnsVisible)
    why = '/proc/self/pagemap hides page frame numbers (it needs CAP_SYS_ADMIN)';
  // pages() and page() read the same pagemap PFNs and kpageflags.
  if (why !== null) for (const kind of ['pages', 'page'] as const) out.set(kind, why);
  return out;
}

function unsupportedMessage(setup: Setup, what: string, errno: number, hello: Hello): string {
  const asked = setup.rlimitMemlock === null ? 'unlimited' : `${setup.rlimitMemlock}`;
  if (what === 'rlimit') {
    const hard = hello.memlockHard === null ? 'unlimited' : `${hello.memlockHard} bytes`;
    return (
      `rlimit MEMLOCK ${asked} with CAP_IPC_LOCK off: the hard limit here is ${hard} and raising ` +
      `it needs CAP_SYS_RESOURCE, which this process lacks (errno ${errno})`
    );
  }
  if (what === 'cap') {
    return `cap CAP_IPC_LOCK on: this process does not hold CAP_IPC_LOCK (errno ${errno}); run as root`;
  }
  return `the trace process could not be set up: ${what} failed with errno ${errno}`;
}

/** The executor's limits: the cgroup around each trace, RLIMIT_STACK of trace processes. */
const containmentArgs = [
  '--cgroup',
  BUDGET_LIMITS.cgroupMemoryBytes.toString(16),
  BUDGET_LIMITS.cgroupPids.toString(16),
  '--stack',
  BUDGET_LIMITS.stackBytes.toString(16),
];
/** How a report names a guest: its release, the Debian package that ran, and the accelerator. */
export function guestName(info: GuestInfo): string {
  const { image } = info;
  const fellBack = image.fallback === undefined ? '' : ', fallback: pinned version gone';
  return `kernel ${info.release} (${image.target}: Debian ${image.package} ${image.version}${fellBack}; qemu ${info.accel.accel})`;
}

export function kernelEngine(options: KernelEngineOptions = {}): KernelEngine {
  const linux = process.platform === 'linux';
  const pretended = options.pretendKpageflagsUnreadable ?? false;
  const target = options.target ?? HOST_TARGET;
  const launcher =
    target.kind === 'debian'
      ? new GuestLauncher(target, {
          cacheDir: options.cacheDir ?? mmspecCacheDir(),
          ...(options.progress === undefined ? {} : { progress: options.progress }),
          ...(options.requestTimeoutMs === undefined
            ? {}
            : { requestTimeoutMs: options.requestTimeoutMs }),
        })
      : undefined;
  const pool = new ExecutorPool(async () =>
    launcher !== undefined
      ? launcher.launch()
      : ExecutorProcess.spawn(
          await buildExecutor(options.build),
          [...(pretended ? ['--no-kpageflags'] : []), ...containmentArgs],
          options.requestTimeoutMs ?? 10_000,
        ),
  );
  const notLinux = `the real-kernel engine needs Linux; this host runs ${process.platform}`;

  async function start(setup: Setup): Promise<Session> {
    if (!linux) throw new UnsupportedSetupError(notLinux);
    const { executor, hello } = await pool.acquire();
    const limit = setup.rlimitMemlock === null ? '-' : setup.rlimitMemlock.toString(16);
    const timeout = (options.traceTimeoutSeconds ?? 60).toString(16);
    const line = `start ${limit} ${setup.capIpcLock ? 1 : 0} ${timeout}`;
    const reply = await executor.request(line).catch((error: unknown) => {
      pool.release(executor, false);
      throw error;
    });
    const [rest, rlimitSet] = reply.kind === 'ok' ? reply.values : [];
    if (rest === undefined || rlimitSet === undefined) {
      pool.release(executor, executor.alive && reply.kind === 'unsupported');
      if (reply.kind === 'unsupported') {
        throw new UnsupportedSetupError(unsupportedMessage(setup, reply.what, reply.errno, hello));
      }
      throw replyError('start', reply);
    }
    if (setup.rlimitData != null) {
      const set = await executor.request(`rlimit_data ${setup.rlimitData.toString(16)}`);
      if (set.kind !== 'ok') {
        pool.release(executor, false);
        throw new UnsupportedSetupError(`RLIMIT_DATA ${setup.rlimitData}: ${JSON.stringify(set)}`);
      }
    }
    const session = new KernelSession({
      executor,
      release: (e, healthy) => pool.release(e, healthy),
      restPages: Number(rest),
      rlimitMemlock: rlimitSet === (1n << 64n) - 1n ? null : rlimitSet,
      unavailable: unavailability(hello, pretended, launcher !== undefined),
      threadStepTimeoutMs: options.threadStepTimeoutMs ?? (launcher === undefined ? 2000 : 10_000),
    });
    // Every trace process starts with THP off (executor.c:trace_main); `thp on` clears it.
    const refused = setup.thp === true ? await session.enableThp() : null;
    if (refused !== null) {
      await session.close();
      throw new UnsupportedSetupError(refused);
    }
    return session;
  }

  return {
    get name() {
      const info = launcher?.info;
      if (launcher === undefined) return `kernel ${release()}`;
      return info === undefined ? `kernel ${targetName(target)} (not booted)` : guestName(info);
    },
    start,
    guest: async () => (launcher === undefined ? undefined : launcher.boot()),
    async unavailable() {
      if (!linux) return ALL_OBSERVABLES.map((kind) => ({ kind, reason: notLinux }));
      const map = unavailability(await pool.hello(), pretended, launcher !== undefined);
      return [...map].map(([kind, reason]) => ({ kind, reason }));
    },
    containment: async () => (linux ? (await pool.hello()).cgroup : null),
    close: async () => {
      await pool.close();
      await launcher?.close();
    },
  };
}
