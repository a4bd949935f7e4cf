// What a law of a design is: two call sequences on a mapped region that a program must not be
// able to tell apart, from any state the process can reach. Checked by src/review/checkLaws.ts
// on any model, by exploring states and running both sequences from each. A law says what is
// compared: everything a trace observes, only the locking (lock bits, VmLck, def_flags and
// which pages are mlocked), or only which pages are present.
//
// A side's calls are data (the region's start and length, flags by name), so that the call a
// model steps and the statement a counterexample's trace spells come from one declaration.

import type { KernelCall } from '../../src/kernel/call.js';
import type { CallName } from '../../src/uapi/callName.js';
import * as constants from '../../src/uapi/constants.js';

/** The region a law acts on: its address and length in bytes. */
export interface LawRegion {
  readonly addr: bigint;
  readonly len: bigint;
}

export type LawCompare = 'everything' | 'locking' | 'presence';

/** A name of src/uapi/constants.ts whose value is a number: a flag a law's call may pass. */
export type FlagName = {
  [K in keyof typeof constants]: (typeof constants)[K] extends number ? K : never;
}[keyof typeof constants];

/** An argument of a law's call: the region's start (`a`), its length (`4P`), or flags. */
export type LawArg =
  | { readonly kind: 'start' }
  | { readonly kind: 'length' }
  /** Flags ORed together, by name; none is 0. */
  | { readonly kind: 'flags'; readonly names: readonly FlagName[] };

export interface LawCall {
  readonly call: CallName;
  readonly args: readonly LawArg[];
}

export const START: LawArg = { kind: 'start' };
export const LENGTH: LawArg = { kind: 'length' };
export const flags = (...names: FlagName[]): LawArg => ({ kind: 'flags', names });

export interface Law {
  readonly name: string;
  /** `mlock;mlock ≡ mlock`, as a reviewer would write it (what it compares is said from `compare`). */
  readonly statement: string;
  /** Why a design should have it, and where the kernel's answer is decided. */
  readonly why: string;
  readonly compare: LawCompare;
  readonly left: readonly LawCall[];
  readonly right: readonly LawCall[];
}

/** The value of a flags argument. */
const flagsValue = (names: readonly FlagName[]): bigint =>
  names.reduce((v, n) => v | BigInt(constants[n]), 0n);

/** The call a model steps for `c` on region `r`. */
export function kernelCallOf(c: LawCall, r: LawRegion): KernelCall {
  const args = c.args.map((a) =>
    a.kind === 'start' ? r.addr : a.kind === 'length' ? r.len : flagsValue(a.names),
  );
  return { call: c.call, args };
}
