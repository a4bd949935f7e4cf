// A small harness for simulator tests: run calls on linux-6.18 (or another model) from a fresh
// process, and read what a trace would observe.

import type { KernelCall } from '../../src/kernel/call.js';
import type { KernelModel } from '../../src/kernel/model.js';
import { initialState } from '../../src/kernel/initialState.js';
import { observe } from '../../src/kernel/observe.js';
import type { KernelState } from '../../src/kernel/state.js';
import { step } from '../../src/kernel/step.js';
import type { CallName } from '../../src/uapi/callName.js';
import { regionHint, type Setup } from '../../src/uapi/engine.js';
import type { CallResult } from '../../src/uapi/outcome.js';
import * as U from '../../src/uapi/constants.js';
import { getModel } from '../../models/registry.js';

export const P = 4096n;
export const A = regionHint(0);
export const B = regionHint(1);
export const ANON = BigInt(U.MAP_PRIVATE | U.MAP_ANONYMOUS);
export const RW = BigInt(U.PROT_READ | U.PROT_WRITE);

export class Proc {
  state: KernelState;
  readonly model: KernelModel;
  last: CallResult = { kind: 'value', value: 0n };

  constructor(setup: Partial<Setup> = {}, model = 'linux-6.18') {
    this.model = getModel(model);
    this.state = initialState({ rlimitMemlock: null, capIpcLock: true, ...setup });
  }

  do(call: CallName | 'fork' | 'exit', ...args: (bigint | number)[]): CallResult {
    const c = { call, args: args.map(BigInt) } as KernelCall;
    const next = step(this.model, this.state, c);
    this.state = next.state;
    this.last = next.result;
    return next.result;
  }

  /** The start of a mapping the process had before the trace (`existing("[vvar]")`). */
  existing(name: string): bigint {
    const next = step(this.model, this.state, { call: 'existing', args: [], name });
    this.state = next.state;
    this.last = next.result;
    if (next.result.kind !== 'value') throw new Error(`existing: no ${name}`);
    return next.result.value;
  }

  /** mmap anonymous private memory of `pages` pages at `at`, with extra MAP_ flags. */
  anon(at: bigint, pages: number, flags = 0, prot = RW): CallResult {
    return this.do('mmap', at, BigInt(pages) * P, prot, ANON | BigInt(flags), -1n, 0n);
  }

  pages(addr: bigint, pages: number): string {
    const o = observe(this.state, { kind: 'pages', addr, len: BigInt(pages) * P }, new Set());
    return o.kind === 'pages' ? o.letters : '';
  }

  flags(addr: bigint): string {
    const o = observe(this.state, { kind: 'vmflags', addr }, new Set());
    return o.kind === 'vmflags' && o.mnemonics !== null ? o.mnemonics.join(' ') : 'none';
  }

  vmas(addr: bigint, pages: number): number {
    const o = observe(this.state, { kind: 'vmas', addr, len: BigInt(pages) * P }, new Set());
    return o.kind === 'vmas' ? o.count : -1;
  }

  /** VmLck of the trace's regions, in pages. */
  vmLck(): number {
    const o = observe(this.state, { kind: 'VmLck' }, new Set());
    return o.kind === 'VmLck' ? Number(o.bytes / P) : -1;
  }

  defFlags(): string {
    const o = observe(this.state, { kind: 'def_flags' }, new Set());
    return o.kind === 'def_flags' ? o.mnemonics.join(' ') : '';
  }
}

export const okv = (value: bigint | number = 0n): CallResult => ({
  kind: 'value',
  value: BigInt(value),
});
export const errno = (e: string): CallResult => ({ kind: 'errno', errno: e }) as CallResult;
