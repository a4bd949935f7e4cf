// What the statecharts carry besides their state value: the residency of each page of each
// region, and the outcome of the last call. The outcome is part of the state on purpose: a
// call that fails with an errno leaves the lock states as they were, and only a recorded
// outcome keeps that transition visible to the graph utilities (which drop a transition that
// changes nothing) and lets the bridge compare the simulator's errno with the spec's.

/**
 * One page of a private anonymous read-write mapping, as the spec sees it:
 * `.` no PTE, `z` the shared zero page (a read fault, mm/memory.c:do_anonymous_page),
 * `p` a real page. Whether a real page is mlocked is not stored: it follows from the lock
 * state of its region (semantics 1.4, "eventually true"; 12.1 and 12.2).
 */
export type Residency = '.' | 'z' | 'p';

/** The outcome of a call: success, an errno, or the signal a user access raised. */
export type Outcome = 'ok' | 'ENOMEM' | 'EINVAL' | 'EEXIST' | 'SIGSEGV';

export interface MmContext {
  /** pages[k][i]: page i of region k. An unmapped region has every page `.`. */
  readonly pages: readonly (readonly Residency[])[];
  readonly last: Outcome;
}

/** The three states of the lock part of mm->def_flags (semantics 1.1, 6.2). */
export type DefFlagsState = 'none' | 'future' | 'future_onfault';

/** The states a region rests in; `populate` is transient (see vmaLockStates.ts). */
export type RegionState = 'unmapped' | 'unlocked' | 'locked' | 'lockonfault';

/** A bound-free description of the address space the composed machine models. */
export interface MmShape {
  /** How many regions (each its own VMA, far from the others). */
  readonly regions: number;
  /** Pages a region. */
  readonly pages: number;
}

export function emptyPages(pages: number): Residency[] {
  return new Array<Residency>(pages).fill('.');
}

export function initialContext(shape: MmShape): MmContext {
  return {
    pages: Array.from({ length: shape.regions }, () => emptyPages(shape.pages)),
    last: 'ok',
  };
}

/** Throws on a shape no machine can be built for (a mistake of the caller, not the kernel). */
export function checkShape(fn: string, shape: MmShape): void {
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || (value as number) < 1)
      throw new RangeError(`${fn}: ${key} must be a positive integer, got ${String(value)}`);
  }
}
