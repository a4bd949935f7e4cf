// How results and observations read in reports: strace's spelling for results (`-1 EINVAL`,
// `SIGBUS`), hex for addresses, pages as `nP`, and addresses named after the trace's regions.

import { ADDRESS_CALLS, type Bindings } from './bindings.js';
import type { CallResult, Observed } from '../uapi/outcome.js';
import { PAGE_SIZE } from '../uapi/constants.js';

export function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** `2P` for whole pages, else the number of bytes. */
export function showBytes(bytes: bigint): string {
  const page = BigInt(PAGE_SIZE);
  return bytes !== 0n && bytes % page === 0n ? `${(bytes / page).toString()}P` : bytes.toString();
}

/** `a + 4P` when the address lies in a bound region, else hex. */
export function showAddress(addr: bigint, names?: Bindings): string {
  return names?.describeAddress(addr) ?? hex(addr);
}

/** A result that is no value, as a trace expects it (the errno by its name, as a model may add one). */
export type NoValue =
  | { readonly kind: 'errno'; readonly errno: string }
  | { readonly kind: 'signal'; readonly signal: string }
  | { readonly kind: 'hang' };

/**
 * How a trace and a report spell a result that is no value: `-1 EINVAL` (strace's spelling),
 * `SIGBUS`, `hang`. One spelling for an expectation printed and a result shown.
 */
export function showNoValue(result: NoValue): string {
  switch (result.kind) {
    case 'errno':
      return `-1 ${result.errno}`;
    case 'signal':
      return result.signal;
    case 'hang':
      return 'hang';
  }
}

/** A call's result as strace prints it; addresses in hex, other values in decimal. */
export function showResult(result: CallResult, call: string): string {
  switch (result.kind) {
    case 'errno':
    case 'signal':
    case 'hang':
      return showNoValue(result);
    case 'value':
      return ADDRESS_CALLS.has(call)
        ? hex(result.value)
        : BigInt.asIntN(64, result.value).toString();
  }
}

export function showMnemonics(mnemonics: readonly string[]): string {
  return mnemonics.length === 0 ? '(none)' : mnemonics.join(' ');
}

/**
 * How an observation's value is spelt: addresses, byte counts, and the answer of a VMA lookup
 * that found none. A report (run, compare, judge) and a review (as a check states it, addresses
 * relative to the bound's regions) differ in these three and agree on the rest.
 */
export interface ObservedSpelling {
  readonly address: (addr: bigint) => string;
  readonly bytes: (bytes: bigint) => string;
  /** `vmflags` of an address no VMA covers. */
  readonly noVma: string;
}

/** A report's spelling: addresses named after the trace's regions (`names`), else hex. */
export const reportSpelling = (names?: Bindings): ObservedSpelling => ({
  address: (addr) => showAddress(addr, names),
  bytes: showBytes,
  noVma: 'no VMA there',
});

export function showObserved(observed: Observed, names?: Bindings): string {
  return spellObserved(observed, reportSpelling(names));
}

/** An observation's value in the given spelling. */
export function spellObserved(observed: Observed, spelling: ObservedSpelling): string {
  switch (observed.kind) {
    case 'pages':
      return `"${observed.letters}"`;
    case 'vmflags':
      return observed.mnemonics === null ? spelling.noVma : showMnemonics(observed.mnemonics);
    case 'def_flags':
      return showMnemonics(observed.mnemonics);
    case 'page':
      return showMnemonics(observed.flags);
    case 'vma':
      return observed.extent === null
        ? 'none'
        : `${spelling.address(observed.extent.start)} .. ${spelling.address(observed.extent.end)}`;
    case 'vmas':
      return String(observed.count);
    case 'VmLck':
    case 'AnonHugePages':
    case 'VmData':
    case 'Mlocked':
    case 'Unevictable':
      return spelling.bytes(observed.bytes);
  }
}
