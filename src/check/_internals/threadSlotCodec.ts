// Packs a thread slot of the threads bound (threadSystem.ts) into bits relative to the bound,
// and back, so that the explorer keeps the two-thread states as words (its visited set and its
// frontier) and its worker threads can run them: the same slot encodes to the same bits in
// every thread, which the interned slot numbers the system used before did not.
//
// A population's pages are (slot, offset) of the bound's layout, as VMAs are (stateCodec.ts),
// with two more values: page 0 and the page of TASK_SIZE, the range mlockall(MCL_CURRENT)
// populates (mm/mlock.c: mm_populate(0, TASK_SIZE)). An offset may pass the region's pages by
// one (mlock's letters reach a page past the region's end).

import type { Decoder } from '../../explore/decoder.js';
import type { Encoder } from '../../explore/encoder.js';
import { TASK_SIZE, toVpn } from '../../kernel/addr.js';
import type { PopulateCaller } from '../../kernel/decisions.js';
import { type Population, populationAt } from '../../kernel/populateSteps.js';
import type { Result } from '../../kernel/result.js';
import type { Vpn } from '../../kernel/state.js';
import { ERRNO_NAMES } from '../../uapi/errno.js';
import { ENV_FAULTS } from '../../uapi/injection.js';
import { stepBound } from '../../../spec/invariants/populationMakesProgress.js';
import { type Layout, BASE_VPN, STRIDE_VPN, bitsFor, vpnOfSlot } from './layout.js';

/** A slot as the codec sees it (ThreadSlot of threadSystem.ts). */
export interface PackedSlot {
  readonly calls: number;
  readonly population: Population | null;
  readonly steps: number;
  readonly foreign: readonly (readonly [Vpn, Vpn])[];
}

const CALLERS: readonly PopulateCaller[] = [
  'mmap',
  'brk',
  'mremap',
  'mlock',
  'mlockall',
  'madvise',
];
const FAULTIN = [null, 'read', 'write'] as const;
const TASK_VPN = toVpn(TASK_SIZE);
/** Injections a population carries at most (an env letter carries one, envLetters.ts). */
const MAX_INJECT = 3;

export class ThreadSlotCodec {
  private readonly callsBits: number;
  private readonly stepsMax: number;
  private readonly stepsBits: number;
  private readonly foreignMax: number;
  private readonly foreignBits: number;
  private readonly offsetBits: number;
  private readonly vpnBits: number;
  private readonly errnoBits = bitsFor(ERRNO_NAMES.length);

  /** `keepCalls`: whether the thread's call count is part of the state ('calls' forgets it). */
  constructor(
    private readonly l: Layout,
    depth: number,
    private readonly keepCalls: boolean,
  ) {
    this.callsBits = bitsFor(depth + 1);
    // A population that makes progress faults each page of the layout at most once; the count
    // is kept only up to the progress bound plus one (the property reads no more).
    this.stepsMax = l.slots * (l.pages + 2) + 2;
    this.stepsBits = bitsFor(this.stepsMax + 1);
    // Each call of the other thread adds a range, or splits one in two (threadSystem.ts).
    this.foreignMax = 2 * depth;
    this.foreignBits = bitsFor(this.foreignMax + 1);
    this.offsetBits = bitsFor(l.pages + 2);
    this.vpnBits = 2 + l.slotBits + this.offsetBits;
  }

  /** The most bits a slot takes. */
  get bits(): number {
    const vpn = this.vpnBits;
    const population =
      1 + 3 + 3 * vpn + 1 + 2 + 2 + Math.max(vpn, this.errnoBits) + 2 + MAX_INJECT * (3 + vpn);
    return (
      (this.keepCalls ? this.callsBits : 0) +
      this.stepsBits +
      this.foreignBits +
      this.foreignMax * 2 * vpn +
      population
    );
  }

  encode(t: PackedSlot, out: Encoder): void {
    const p = t.population;
    if (this.keepCalls) out.bits(t.calls, this.callsBits);
    const steps = Math.min(t.steps, stepBound(p === null ? 0 : p.end - p.start) + 1);
    if (steps > this.stepsMax)
      throw new RangeError(`threads bound: a population of more than ${this.stepsMax} steps`);
    out.bits(steps, this.stepsBits);
    if (t.foreign.length > this.foreignMax)
      throw new RangeError(`threads bound: more than ${this.foreignMax} foreign ranges`);
    out.bits(t.foreign.length, this.foreignBits);
    for (const [start, end] of t.foreign) {
      this.vpn(start, out);
      this.vpn(end, out);
    }
    out.bits(p === null ? 0 : 1, 1);
    if (p === null) return;
    out.bits(CALLERS.indexOf(p.caller), 3);
    this.vpn(p.start, out);
    this.vpn(p.next, out);
    this.vpn(p.end, out);
    out.bits(p.ignoreErrors ? 1 : 0, 1);
    out.bits(FAULTIN.indexOf(p.faultin), 2);
    this.result(p.result, out);
    const inject = p.inject;
    if (inject !== undefined && (inject.length === 0 || inject.length > MAX_INJECT))
      throw new RangeError(`threads bound: a population with ${inject.length} injections`);
    out.bits(inject?.length ?? 0, 2);
    for (const j of inject ?? []) {
      if (j.addr % 4096n !== 0n) throw new RangeError('threads bound: an injection inside a page');
      out.bits(ENV_FAULTS.indexOf(j.fault), 3);
      this.vpn(Number(j.addr >> 12n), out);
    }
  }

  decode(input: Decoder): PackedSlot {
    const calls = this.keepCalls ? input.bits(this.callsBits) : 0;
    const steps = input.bits(this.stepsBits);
    const foreign: (readonly [Vpn, Vpn])[] = [];
    for (let n = input.bits(this.foreignBits); n > 0; n--)
      foreign.push([this.unvpn(input), this.unvpn(input)]);
    if (input.bits(1) === 0) return { calls, population: null, steps, foreign };
    const caller = CALLERS[input.bits(3)] ?? 'mmap';
    const start = this.unvpn(input);
    const next = this.unvpn(input);
    const end = this.unvpn(input);
    const ignoreErrors = input.bits(1) === 1;
    const faultin = FAULTIN[input.bits(2)] ?? null;
    const result = this.unresult(input);
    const injected = input.bits(2);
    const inject = Array.from({ length: injected }, () => {
      const fault = ENV_FAULTS[input.bits(3)] ?? 'VM_FAULT_OOM';
      return { fault, addr: BigInt(this.unvpn(input)) << 12n };
    });
    const population = populationAt(
      { caller, start, end, ignoreErrors, faultin },
      next,
      result,
      injected === 0 ? undefined : inject,
    );
    return { calls, population, steps, foreign };
  }

  /** A page: tag 0 (slot, offset), 1 page 0, 2 TASK_SIZE's page. */
  private vpn(v: Vpn, out: Encoder): void {
    if (v === 0 || v === TASK_VPN) {
      out.bits(v === 0 ? 1 : 2, 2);
      out.bits(0, this.vpnBits - 2);
      return;
    }
    const rel = v - BASE_VPN;
    const slot = Math.floor(rel / STRIDE_VPN);
    const offset = rel - slot * STRIDE_VPN;
    if (rel < 0 || slot >= this.l.slots || offset > this.l.pages + 1)
      throw new RangeError(
        `threads bound: a population reaches vpn 0x${v.toString(16)}, outside the bound's regions`,
      );
    out.bits(0, 2);
    out.bits(slot, this.l.slotBits);
    out.bits(offset, this.offsetBits);
  }

  private unvpn(input: Decoder): Vpn {
    const tag = input.bits(2);
    const slot = input.bits(this.l.slotBits);
    const offset = input.bits(this.offsetBits);
    return tag === 1 ? 0 : tag === 2 ? TASK_VPN : vpnOfSlot(slot, offset);
  }

  /** What the call returns: 0, a page-aligned address of the bound, or an errno. */
  private result(r: Result, out: Encoder): void {
    if (r.kind === 'errno') {
      out.bits(2, 2);
      out.bits(ERRNO_NAMES.indexOf(r.errno), this.errnoBits);
      return;
    }
    if (r.kind !== 'value' || (r.value !== 0n && r.value % 4096n !== 0n))
      throw new RangeError(`threads bound: a population that returns ${r.kind}`);
    out.bits(r.value === 0n ? 0 : 1, 2);
    if (r.value !== 0n) this.vpn(Number(r.value >> 12n), out);
  }

  private unresult(input: Decoder): Result {
    const tag = input.bits(2);
    if (tag === 2)
      return { kind: 'errno', errno: ERRNO_NAMES[input.bits(this.errnoBits)] ?? 'EPERM' };
    return { kind: 'value', value: tag === 0 ? 0n : BigInt(this.unvpn(input)) << 12n };
  }
}
