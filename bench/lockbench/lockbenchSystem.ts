// lockbench (README.md beside this file): K slots of P pages under mmap, munmap, mlock,
// mlock2(MLOCK_ONFAULT), munlock, mlockall, munlockall, touch and reclaim. A fixed system that
// measures the explorer's engine, not the kernel.
// NOTE: not the kernel's behaviour (mmap under future+onfault is simplified, for one); it only
// has to be the same on every engine (see lockbench.pml for SPIN's copy).

import type { Decoder } from '../../src/explore/decoder.js';
import type { Encoder } from '../../src/explore/encoder.js';
import type { Invariant, TransitionSystem } from '../../src/explore/transitionSystem.js';
import { slotCalls } from './_internals/slotCalls.js';
import { processCalls } from './_internals/processCalls.js';
import { describeLabel } from './_internals/lockbenchLabel.js';
import { slotLayout } from './_internals/slotLayout.js';
import type { SlotLayout } from './_internals/slotLayout.js';
import { slotTables } from './_internals/slotCodes.js';
import type { SlotTables } from './_internals/slotCodes.js';

/** The packed words of slotLayout.ts: the state is its own encoding. */
export type LockbenchState = readonly number[];
/** See lockbenchLabel.ts. */
export type LockbenchLabel = number;
export type LockbenchEmit = (label: LockbenchLabel, next: LockbenchState) => void;

/** Whether every slot's code passes `table` (0 = fine). */
function everySlot(s: LockbenchState, layout: SlotLayout, table: Uint8Array): boolean {
  for (let k = 0; k < layout.wordOf.length; k++) {
    const code = ((s[layout.wordOf[k] ?? 0] ?? 0) >>> (layout.shiftOf[k] ?? 0)) & layout.slotMask;
    if (table[code] !== 0) return false;
  }
  return true;
}

class Lockbench implements TransitionSystem<LockbenchState, LockbenchLabel> {
  readonly name: string;
  readonly encodedWords: number;
  readonly invariants: readonly Invariant<LockbenchState>[];
  private readonly layout: SlotLayout;
  private readonly tables: SlotTables;
  /** The successor under construction, passed to every emit (the explorer only reads it). */
  private readonly scratch: number[];

  constructor(regions: number, pages: number, mutant: boolean) {
    this.name = `lockbench(${regions},${pages})${mutant ? '-mutant' : ''}`;
    this.layout = slotLayout(regions, pages);
    this.tables = slotTables(pages, mutant);
    this.encodedWords = this.layout.words;
    this.scratch = new Array<number>(this.layout.words).fill(0);
    const { layout, tables } = this;
    this.invariants = [
      {
        name: 'mlockedOnlyInLockedSlots',
        holds: (s) => everySlot(s, layout, tables.mlockedOutsideLock),
      },
      {
        name: 'lockedSlotHasNoAbsentPage',
        holds: (s) => everySlot(s, layout, tables.absentInLocked),
      },
    ];
  }

  initial(): Iterable<LockbenchState> {
    // Every slot unmapped (code 0), def_flags none (0).
    return [new Array<number>(this.layout.words).fill(0)];
  }

  successors(s: LockbenchState, emit: LockbenchEmit): void {
    const next = this.scratch;
    for (let i = 0; i < next.length; i++) next[i] = s[i] ?? 0;
    for (let k = 0; k < this.layout.wordOf.length; k++) {
      slotCalls(s, k, next, this.layout, this.tables, emit);
    }
    processCalls(s, next, this.layout, this.tables, emit);
  }

  encode(s: LockbenchState, out: Encoder): void {
    for (let i = 0; i < this.encodedWords; i++) out.word(s[i] ?? 0);
  }

  encodeWords(s: LockbenchState, out: Int32Array, at: number): void {
    for (let i = 0; i < this.encodedWords; i++) out[at + i] = s[i] ?? 0;
  }

  decode(input: Decoder): LockbenchState {
    const s = new Array<number>(this.encodedWords);
    for (let i = 0; i < this.encodedWords; i++) s[i] = input.word();
    return s;
  }

  describeLabel(label: LockbenchLabel): string {
    return describeLabel(label);
  }

  describeState(s: LockbenchState): string {
    const { layout } = this;
    const def = ((s[layout.defWord] ?? 0) >>> layout.defShift) & 3;
    const slots = Array.from(layout.wordOf, (w, k) =>
      (((s[w] ?? 0) >>> (layout.shiftOf[k] ?? 0)) & layout.slotMask).toString(4),
    );
    return `def_flags=${def} slots=[${slots.join(' ')}]`;
  }
}

/**
 * The lockbench system with `regions` slots of `pages` pages (the factory a SystemRef names).
 * `mutant` plants a bug (munlock keeps pages mlocked) so that an invariant fails.
 */
export function lockbenchSystem(
  regions: number,
  pages: number,
  mutant = false,
): TransitionSystem<LockbenchState, LockbenchLabel> {
  for (const [what, value, max] of [
    ['regions', regions, 15],
    ['pages', pages, 8],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new RangeError(
        `lockbenchSystem: ${what} must be an integer in 1..${max}, got ${value}`,
      );
    }
  }
  return new Lockbench(regions, pages, mutant);
}
