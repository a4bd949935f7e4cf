// The documented limits of what one trace may make the real kernel do, whichever kernel runs
// it: this machine's, or a guest's under qemu. They are a property of the trace, not of the
// host, so a trace that runs on one runs on the other and the two results stay comparable.
//
// A kernel target under qemu uses them as the host does: staticFootprint before the trace is
// sent, the footprint ledger (oracle/_internals/safetyBudget.ts) before each call and fork,
// and the executor inside the guest started with the same `--cgroup` and `--stack` arguments
// (oracle/kernelEngine.ts:containmentArgs). The guest's memory is the hard cap there; the
// budget keeps a trace that passes on one kernel from being refused on the other.

import { MAX_FORK_DEPTH, MAX_PROCESSES } from '../forkLimits.js';

const MiB = 1n << 20n;

export const BUDGET_LIMITS = {
  /**
   * The most memory a trace can make resident, summed over every process it creates: each
   * process counts what it maps (inherited mappings included: copy-on-write lets a child
   * touch its own copy of all of them), MAP_GROWSDOWN mappings at the size they may grow to.
   * Locked memory is resident memory, so this bounds what is locked too.
   */
  residentBytes: 64n * MiB,
  /** The most the lengths passed to mlock and mlock2 may add up to, over every process. */
  lockRequestBytes: 64n * MiB,
  /**
   * RLIMIT_STACK of every trace process (soft and hard, set by the executor): how far a
   * MAP_GROWSDOWN mapping, or the stack, may grow (mm/mmap.c:acct_stack_growth).
   */
  stackBytes: 8n * MiB,
  maxForkDepth: MAX_FORK_DEPTH,
  maxProcesses: MAX_PROCESSES,
  /**
   * The cgroup memory limit around the trace's processes, where the executor can make one:
   * the budget plus room for the executor's own pages and page tables in each process.
   */
  cgroupMemoryBytes: 64n * MiB + 32n * MiB,
  /** The cgroup pids limit: the deepest chain of fork blocks alive at once, plus one spare. */
  cgroupPids: MAX_FORK_DEPTH + 2,
} as const;

const mib = (bytes: bigint): string => `${bytes / MiB} MiB`;

/** The limits as `mmspec run --help` and the README state them. */
export function describeBudget(): string {
  const b = BUDGET_LIMITS;
  return [
    `Safety budget of a real-kernel run (--kernel, --compare), the same on any kernel:`,
    `  resident memory, and so locked memory: at most ${mib(b.residentBytes)}, summed over every process`,
    `    of the trace. A process counts all it maps (never less after munmap); a fork child`,
    `    all it inherits, since copy-on-write lets it copy every page; a MAP_GROWSDOWN`,
    `    mapping, or existing("[stack]"), the ${mib(b.stackBytes)} it may grow to (RLIMIT_STACK of`,
    `    every trace process). mlockall and MCL_FUTURE lock nothing beyond that.`,
    `  mlock and mlock2 lengths: at most ${mib(b.lockRequestBytes)} in all.`,
    `  fork blocks: at most ${b.maxForkDepth} nested and ${b.maxProcesses} processes per trace, checked on load.`,
    `  Checked before the trace runs where its sizes are constants, before each call where`,
    `  they depend on addresses. Where /sys/fs/cgroup is writable the executor also runs each`,
    `  trace in a cgroup of its own (memory ${mib(b.cgroupMemoryBytes)}, pids ${b.cgroupPids}; v2, or v1 memory and`,
    `  pids) and removes it when it exits; elsewhere the budget check stands alone.`,
  ].join('\n');
}
