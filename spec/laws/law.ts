// What a law of a design is: two call sequences on a mapped region that a program must not be
// able to tell apart, from any state the process can reach. Checked by src/review/checkLaws.ts
// on any model, by exploring states and running both sequences from each. A law says what is
// compared: everything a trace observes, only the locking (lock bits, VmLck, def_flags and
// which pages are mlocked), or only which pages are present.

import type { KernelCall } from '../../src/kernel/call.js';

/** The region a law acts on: its address and length in bytes. */
export interface LawRegion {
  readonly addr: bigint;
  readonly len: bigint;
}

export type LawCompare = 'everything' | 'locking' | 'presence';

export interface Law {
  readonly name: string;
  /** `mlock;mlock ≡ mlock`, as a reviewer would write it. */
  readonly statement: string;
  /** Why a design should have it, and where the kernel's answer is decided. */
  readonly why: string;
  readonly compare: LawCompare;
  left(r: LawRegion): readonly KernelCall[];
  right(r: LawRegion): readonly KernelCall[];
}
