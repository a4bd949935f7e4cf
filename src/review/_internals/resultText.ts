// A call's result as a trace writes it: `0`, `-1 ENOMEM`, `SIGSEGV`, or an address
// (src/trace/show.ts:showResult), an address also relative to its region for people.

import type { KernelCall } from '../../kernel/call.js';
import type { Result } from '../../kernel/result.js';
import { ADDRESS_CALLS } from '../../trace/bindings.js';
import { showResult } from '../../trace/show.js';
import { regionText } from './regionText.js';

const returnsAddress = (call: KernelCall): boolean => ADDRESS_CALLS.has(call.call);

/**
 * `show`: for people, an address relative to its region (`b + 1P`). `expect`: for an `= ...`
 * expectation, an address as a number, since the region an mmap binds is not yet bound when
 * its own expectation is judged.
 */
export function resultText(call: KernelCall, r: Result, style: 'show' | 'expect'): string {
  if (style === 'show' && r.kind === 'value' && returnsAddress(call)) return regionText(r.value);
  return showResult(r, call.call);
}

/** Whether a trace states this result: an mmap or mremap that succeeds is left bare, strace style. */
export const statesResult = (call: KernelCall, r: Result): boolean =>
  !(returnsAddress(call) && r.kind === 'value');
