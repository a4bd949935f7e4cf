// One slot packed in 2 + 2P bits: the lock mode in bits 0-1, page p in bits 2+2p .. 3+2p.
// Every per-slot operation becomes a table lookup, computed once per (K, P).

/** A slot's lock mode, bits 0-1 of its code (an unmapped slot has all its page bits 0 too). */
export const LockMode = { UNMAPPED: 0, NONE: 1, LOCKED: 2, ONFAULT: 3 } as const;
export type LockMode = (typeof LockMode)[keyof typeof LockMode];
/** A page's state, two bits of its slot's code. */
export const PageState = { ABSENT: 0, PRESENT: 1, MLOCKED: 2 } as const;
export type PageState = (typeof PageState)[keyof typeof PageState];
/** The process's def_flags: none, VM_LOCKED, VM_LOCKED|VM_LOCKONFAULT. */
export const DefFlags = { NONE: 0, FUTURE: 1, FUTURE_ONFAULT: 2 } as const;
export type DefFlags = (typeof DefFlags)[keyof typeof DefFlags];

const { UNMAPPED, NONE, LOCKED, ONFAULT } = LockMode;
const { ABSENT, PRESENT, MLOCKED } = PageState;

export interface SlotTables {
  readonly pages: number;
  readonly bits: number;
  /** code -> code after mlock / mlock2(MLOCK_ONFAULT) / munlock; unmapped stays unmapped. */
  readonly mlock: Int32Array;
  readonly onfault: Int32Array;
  readonly munlock: Int32Array;
  /** def_flags * 4 + flags (bit 0 MAP_LOCKED, bit 1 MAP_POPULATE) -> code of the new slot. */
  readonly mmap: Int32Array;
  /** code -> 1 if a page is mlocked outside a locked or onfault slot. */
  readonly mlockedOutsideLock: Uint8Array;
  /** code -> 1 if a locked slot has an absent page. */
  readonly absentInLocked: Uint8Array;
}

export function pageOf(code: number, page: number): number {
  return (code >>> (2 + 2 * page)) & 3;
}

function withPages(mode: LockMode, pages: number, pageOfIndex: (p: number) => number): number {
  let code = mode;
  for (let p = 0; p < pages; p++) code |= pageOfIndex(p) << (2 + 2 * p);
  return code;
}

/**
 * `mutant`: munlock leaves mlocked pages mlocked, a planted bug that breaks
 * mlockedOnlyInLockedSlots after two calls (tests and counterexample benchmarks use it).
 */
export function slotTables(pages: number, mutant = false): SlotTables {
  const bits = 2 + 2 * pages;
  const size = 1 << bits;
  const mlock = new Int32Array(size);
  const onfault = new Int32Array(size);
  const munlock = new Int32Array(size);
  const mlockedOutsideLock = new Uint8Array(size);
  const absentInLocked = new Uint8Array(size);
  for (let code = 0; code < size; code++) {
    const mode = code & 3;
    const page = (p: number): number => pageOf(code, p);
    const anyPage = (v: number): boolean =>
      Array.from({ length: pages }, (_, p) => page(p)).includes(v);
    mlockedOutsideLock[code] = mode === NONE && anyPage(MLOCKED) ? 1 : 0;
    absentInLocked[code] = mode === LOCKED && anyPage(ABSENT) ? 1 : 0;
    if (mode === UNMAPPED) continue;
    mlock[code] = withPages(LOCKED, pages, () => MLOCKED);
    onfault[code] = withPages(ONFAULT, pages, (p) => (page(p) === ABSENT ? ABSENT : MLOCKED));
    munlock[code] = withPages(NONE, pages, (p) =>
      page(p) === ABSENT ? ABSENT : mutant ? page(p) : PRESENT,
    );
  }
  const mmap = new Int32Array(12);
  for (const def of [DefFlags.NONE, DefFlags.FUTURE, DefFlags.FUTURE_ONFAULT]) {
    for (let flags = 0; flags < 4; flags++) {
      const locked = (flags & 1) !== 0;
      const populate = (flags & 2) !== 0;
      const mode =
        locked || def === DefFlags.FUTURE
          ? LOCKED
          : def === DefFlags.FUTURE_ONFAULT
            ? ONFAULT
            : NONE;
      const populated = populate || mode === LOCKED;
      const filled = mode === NONE ? PRESENT : MLOCKED;
      mmap[def * 4 + flags] = withPages(mode, pages, () => (populated ? filled : ABSENT));
    }
  }
  return { pages, bits, mlock, onfault, munlock, mmap, mlockedOutsideLock, absentInLocked };
}
