// The real kernel run must not eat the machine: a trace may map, and lock, at most 64 MiB in
// total. Checked in the driver before a request leaves, with lengths rounded the way the
// kernel rounds them, so `mlock(a, -1)` (a length that wraps to 0 and does nothing, facts
// sheet section 18.1) still runs.

import type { ConcreteCall } from '../../uapi/engine.js';

/** The most a trace may map, and the most it may lock, on the real kernel. */
export const SAFETY_LIMIT_BYTES = 64n << 20n;

const U64 = (1n << 64n) - 1n;
/** x86-64 TASK_SIZE: no range reaching past it can map or lock anything. */
const TASK_SIZE = (1n << 47n) - 4096n;
const PAGE_MASK = 4095n;

/** PAGE_ALIGN(len + offset_in_page(addr)) in u64 arithmetic, wrap-around included. */
function pageAligned(len: bigint, addr = 0n): bigint {
  return (len + (addr & PAGE_MASK) + PAGE_MASK) & U64 & ~PAGE_MASK;
}

/**
 * The length a call can really map or lock: a range that overflows or passes TASK_SIZE is
 * refused by the kernel before it maps anything (mmap: ENOMEM; mlock: EINVAL, or ENOMEM at the
 * hole past the last VMA, having locked only memory that is already mapped and so counted).
 */
function possible(len: bigint, start = 0n): bigint {
  const first = start & ~PAGE_MASK;
  return first + len > TASK_SIZE ? 0n : len;
}

/** Thrown before a call would take a trace over SAFETY_LIMIT_BYTES. */
export class SafetyLimitError extends Error {
  constructor(what: 'map' | 'lock', total: bigint) {
    super(
      `refusing to run on the real kernel: the trace would ${what} ${total} bytes in total, ` +
        `more than the safety limit of ${SAFETY_LIMIT_BYTES} bytes (64 MiB)`,
    );
    this.name = 'SafetyLimitError';
  }
}

/** What one trace has asked to map and to lock so far, failed calls included. */
export class SafetyBudget {
  private mapped = 0n;
  private locked = 0n;

  /** Throws SafetyLimitError if the call would exceed the limit; else counts it. */
  charge(call: ConcreteCall): void {
    const [a0 = 0n, a1 = 0n, a2 = 0n] = call.args;
    switch (call.call) {
      case 'mmap':
        this.mapped = this.add('map', this.mapped, possible(pageAligned(a1)));
        break;
      case 'mremap':
        this.mapped = this.add('map', this.mapped, possible(pageAligned(a2)));
        break;
      case 'mlock':
      case 'mlock2':
        this.locked = this.add('lock', this.locked, possible(pageAligned(a1, a0), a0));
        break;
      default:
        break;
    }
  }

  private add(what: 'map' | 'lock', total: bigint, len: bigint): bigint {
    const next = total + len;
    if (next > SAFETY_LIMIT_BYTES) throw new SafetyLimitError(what, next);
    return next;
  }
}
