// What a trace can make resident and locked, process by process, as its calls are made. The
// same ledger runs over the trace's text before it runs (staticFootprint.ts, sizes that are
// constants) and over the concrete calls while it runs (the real-kernel session), so both
// refuse at the same statement with the same numbers.
//
// The bound of one process is every byte it has mapped, never less after munmap: anything
// mapped can be populated (MAP_POPULATE, MADV_POPULATE_*, a write), and locked memory is
// populated memory. A fork child starts with its parent's bound: copy-on-write lets it make
// a private copy of every page it inherits (mm/memory.c:wp_page_copy).

import type { ConcreteCall } from '../../uapi/engine.js';
import type { CallResult } from '../../uapi/outcome.js';
import { MAP_GROWSDOWN, MCL_CURRENT, MCL_FUTURE } from '../../uapi/constants.js';
import { BUDGET_LIMITS } from './budgetLimits.js';

/** A call or fork would take the trace over a limit of BUDGET_LIMITS; nothing was run. */
export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/** One process of the trace, in bytes. */
export interface ProcessFootprint {
  /** Everything mapped in it, inherited included, MAP_GROWSDOWN at its full growth. */
  readonly mapped: bigint;
  /** What it can have locked: all of `mapped` after mlockall, else what mlock asked. */
  readonly locked: bigint;
}

export interface Footprint {
  readonly processes: readonly ProcessFootprint[];
  /** Sums over the processes: what the trace can make resident, and locked. */
  readonly resident: bigint;
  readonly locked: bigint;
}

const U64 = (1n << 64n) - 1n;
/** x86-64 TASK_SIZE: no range reaching past it can map or lock anything. */
const TASK_SIZE = (1n << 47n) - 4096n;
const PAGE_MASK = 4095n;
const MiB = 1n << 20n;

/** PAGE_ALIGN(len + offset_in_page(addr)) in u64 arithmetic, wrap-around included. */
function pageAligned(len: bigint, addr = 0n): bigint {
  return (len + (addr & PAGE_MASK) + PAGE_MASK) & U64 & ~PAGE_MASK;
}

/**
 * The length a call can really map or lock: a range that overflows or passes TASK_SIZE is
 * refused by the kernel before it maps anything (mmap: ENOMEM; mlock: EINVAL, or ENOMEM at
 * the hole past the last VMA, having locked only memory that is already mapped and counted).
 * So `mlock(a, -1)`, whose length wraps to 0 (facts sheet section 18.1), still runs.
 */
function possible(len: bigint, start = 0n): bigint {
  return (start & ~PAGE_MASK) + len > TASK_SIZE ? 0n : len;
}

function show(bytes: bigint): string {
  if (bytes % MiB === 0n) return `${bytes / MiB} MiB`;
  return bytes % 1024n === 0n ? `${bytes / 1024n} KiB` : `${bytes} bytes`;
}

class Process {
  mapped: bigint;
  lockRequested = 0n;
  lockAll = false;
  /** The program break as the last brk returned it; unknown until then. */
  brk: bigint | undefined;
  constructor(inherited: bigint, brk?: bigint) {
    this.mapped = inherited;
    this.brk = brk;
  }
  footprint(): ProcessFootprint {
    const locked =
      this.lockAll || this.lockRequested > this.mapped ? this.mapped : this.lockRequested;
    return { mapped: this.mapped, locked };
  }
}

export class FootprintLedger {
  /** The processes alive now, innermost last; then those that have exited. */
  private readonly alive: Process[] = [new Process(0n)];
  private readonly exited: Process[] = [];
  private lockRequested = 0n;

  /** Counts a call; throws BudgetExceededError, counting nothing, if it would pass a limit. */
  charge(call: ConcreteCall): void {
    const [a0 = 0n, a1 = 0n, a2 = 0n, a3 = 0n] = call.args;
    const p = this.current();
    switch (call.call) {
      case 'mmap': {
        const len = possible(pageAligned(a1));
        // A MAP_GROWSDOWN mapping grows on a fault below it up to RLIMIT_STACK in all.
        const grows = (a3 & BigInt(MAP_GROWSDOWN)) !== 0n && len > 0n;
        const size = grows && len < BUDGET_LIMITS.stackBytes ? BUDGET_LIMITS.stackBytes : len;
        const what = grows
          ? `a MAP_GROWSDOWN mapping that may grow to ${show(size)}`
          : `mapping ${show(size)}`;
        return this.map(p, size, what);
      }
      case 'mremap':
        return this.map(p, possible(pageAligned(a2)), `mremap to ${show(pageAligned(a2))}`);
      case 'existing':
        // The executor's own stack grows like any MAP_GROWSDOWN mapping once a trace can name it.
        // NOTE: a trace that guesses the stack's address instead (it is randomized) grows it
        // uncounted, by at most RLIMIT_STACK a process; the cgroup, where there is one, holds.
        if (call.name !== '[stack]') return;
        return this.map(
          p,
          BUDGET_LIMITS.stackBytes,
          `the [stack], which may grow by ${show(BUDGET_LIMITS.stackBytes)}`,
        );
      case 'mlock':
      case 'mlock2': {
        const len = possible(pageAligned(a1, a0), a0);
        const total = this.lockRequested + len;
        if (total > BUDGET_LIMITS.lockRequestBytes) {
          throw new BudgetExceededError(
            `the trace would ask mlock for ${show(total)} in all, more than the budget of ${show(BUDGET_LIMITS.lockRequestBytes)}`,
          );
        }
        this.lockRequested = total;
        p.lockRequested += len;
        return;
      }
      case 'mlockall':
        if ((a0 & BigInt(MCL_CURRENT | MCL_FUTURE)) !== 0n) p.lockAll = true;
        return;
      case 'brk':
        // brk takes an address: what it grows by is counted from the break it last returned.
        if (a0 === 0n || (p.brk !== undefined && a0 <= p.brk)) return;
        if (p.brk === undefined)
          throw new BudgetExceededError(
            `brk to an address before the break is known (ask brk(0) first, and grow from its result)`,
          );
        return this.map(
          p,
          possible(pageAligned(a0 - p.brk)),
          `growing the heap by ${show(a0 - p.brk)}`,
        );
      case 'execve':
        p.brk = undefined;
        return;
      default:
        return;
    }
  }

  /** What a call returned, where the ledger needs it: the break brk leaves. */
  settle(call: ConcreteCall, result: CallResult): void {
    if (call.call === 'brk' && result.kind === 'value') this.current().brk = result.value;
  }

  /** A `fork {` block begins: a child with its parent's mappings. */
  fork(): void {
    const { maxForkDepth, maxProcesses } = BUDGET_LIMITS;
    if (this.alive.length > maxForkDepth) {
      throw new BudgetExceededError(`fork blocks may nest at most ${maxForkDepth} deep`);
    }
    if (this.alive.length + this.exited.length >= maxProcesses) {
      throw new BudgetExceededError(`a trace may create at most ${maxProcesses} processes`);
    }
    const child = new Process(this.current().mapped, this.current().brk);
    this.check(child.mapped, `a fork child that inherits ${show(child.mapped)}`, 1);
    this.alive.push(child);
  }

  /** The innermost fork block ends. */
  exit(): void {
    const child = this.alive.pop();
    if (child === undefined || this.alive.length === 0) {
      throw new Error('FootprintLedger.exit: no fork block is open');
    }
    this.exited.push(child);
  }

  footprint(): Footprint {
    const processes = [...this.alive, ...this.exited].map((p) => p.footprint());
    const sum = (f: (p: ProcessFootprint) => bigint) => processes.reduce((n, p) => n + f(p), 0n);
    return { processes, resident: sum((p) => p.mapped), locked: sum((p) => p.locked) };
  }

  private current(): Process {
    const p = this.alive.at(-1);
    if (p === undefined) throw new Error('FootprintLedger: no process');
    return p;
  }

  private map(p: Process, bytes: bigint, what: string): void {
    this.check(bytes, what);
    p.mapped += bytes;
  }

  private check(bytes: bigint, what: string, newProcesses = 0): void {
    const processes = this.alive.length + this.exited.length + newProcesses;
    const before = this.footprint().resident;
    const after = before + bytes;
    if (after <= BUDGET_LIMITS.residentBytes) return;
    throw new BudgetExceededError(
      `${what} would let the trace make ${show(after)} resident (and lockable) across ` +
        `${processes} process${processes === 1 ? '' : 'es'}, more than the budget of ` +
        `${show(BUDGET_LIMITS.residentBytes)}`,
    );
  }
}
