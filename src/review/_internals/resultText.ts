// A call's result as a trace writes it: `0`, `-1 ENOMEM`, `SIGSEGV`, or an address.

import type { KernelCall } from '../../kernel/call.js';
import type { Result } from '../../kernel/result.js';
import { regionText } from './regionText.js';

const returnsAddress = (call: KernelCall): boolean =>
  call.call === 'mmap' || call.call === 'mremap';

/**
 * `show`: for people, an address relative to its region (`b + 1P`). `expect`: for an `= ...`
 * expectation, an address as a number, since the region an mmap binds is not yet bound when
 * its own expectation is judged.
 */
export function resultText(call: KernelCall, r: Result, style: 'show' | 'expect'): string {
  switch (r.kind) {
    case 'errno':
      return `-1 ${r.errno}`;
    case 'signal':
      return r.signal;
    case 'value':
      if (!returnsAddress(call)) return String(BigInt.asIntN(64, r.value));
      return style === 'show' ? regionText(r.value) : `0x${r.value.toString(16)}`;
  }
}

/** Whether a trace states this result: an mmap or mremap that succeeds is left bare, strace style. */
export const statesResult = (call: KernelCall, r: Result): boolean =>
  !(returnsAddress(call) && r.kind === 'value');
