// One letter of the alphabet: a call with its arguments as data, some of them relative to a
// region of the trace (region k is the k-th NULL-hint mmap: a, b, c, ...). The same data gives
// the concrete KernelCall in a state and the statement of a printed trace, and is what
// shrinking simplifies.

import type { CallName } from '../uapi/callName.js';
import type { EnvFault } from '../uapi/injection.js';

/** The environment's answer at page `page` of the letter's region during its call. */
export interface LetterInjection {
  readonly fault: EnvFault;
  readonly page: number;
}

export type ArgSpec =
  /** A number, with how a trace spells it (`4P`, `MAP_PRIVATE|MAP_ANONYMOUS`, `-1`, `0x2`). */
  | { readonly kind: 'int'; readonly value: bigint; readonly text: string }
  /** An address in the letter's region: page `page`, `byte` bytes in (unaligned when > 0). */
  | { readonly kind: 'at'; readonly page: number; readonly byte: number }
  /** The start of the letter's target region (an mremap destination). */
  | { readonly kind: 'target' }
  /** NULL: the runner places the mapping at the next region spot (src/uapi/engine.ts). */
  | { readonly kind: 'hint' }
  /** The descriptor of the bound's tmpfile `f`. */
  | { readonly kind: 'fd' }
  /**
   * `page` pages and `byte` bytes above the start of the heap (start_brk, named `h` in a
   * trace): a break need not be page-aligned.
   */
  | { readonly kind: 'heap'; readonly page: number; readonly byte: number };

export interface Letter {
  readonly call: CallName | 'fork' | 'exit';
  /** The region `at` arguments are relative to. */
  readonly region?: number;
  /** The region a `target` argument names. */
  readonly target?: number;
  readonly args: readonly ArgSpec[];
  /** Environment failures the call meets (a bound with `env=`); absent: none. */
  readonly inject?: readonly LetterInjection[];
}

export const int = (value: bigint | number, text?: string): ArgSpec => ({
  kind: 'int',
  value: BigInt(value),
  text: text ?? String(value),
});
export const pagesArg = (n: number): ArgSpec => int(BigInt(n) * 4096n, `${n}P`);
export const heapAt = (page: number, byte = 0): ArgSpec => ({ kind: 'heap', page, byte });
export const at = (page: number, byte = 0): ArgSpec => ({ kind: 'at', page, byte });

/** The region names of a trace, by region number. */
export function regionName(k: number): string {
  const names = 'abcdeghijk';
  return names.charAt(k) || `r${k}`;
}

/** `a`, `a + 2P`, `a + 1P + 5`. */
export function addressText(region: number, page: number, byte: number): string {
  const name = regionName(region);
  const p = page === 0 ? '' : ` + ${page}P`;
  const b = byte === 0 ? '' : ` + ${byte}`;
  return `${name}${p}${b}`;
}
