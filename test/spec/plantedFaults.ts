// What the property tests of test/spec share: a step of the model as a Transition, and faults
// planted into its after state by hand, to show a property fails on the mistake it is for.

import { getModel } from '../../models/registry.js';
import type { KernelCall } from '../../src/kernel/call.js';
import type { KernelState, Mm, Vma } from '../../src/kernel/state.js';
import { step } from '../../src/kernel/step.js';
import { vmFlags } from '../../src/uapi/vmFlags.js';
import type { Transition } from '../../spec/invariants/index.js';

/** `call` on `model` from `s`, which must succeed: the new state and the value returned. */
export function stepOk(
  model: string,
  s: KernelState,
  call: KernelCall,
): { s: KernelState; v: bigint } {
  const r = step(getModel(model), s, call);
  if (r.result.kind !== 'value')
    throw new Error(`${call.call} failed: ${JSON.stringify(r.result)}`);
  return { s: r.state, v: r.result.value };
}

/** `call` on `model` from `s`, as the transition a property judges. */
export function transitionOf(model: string, s: KernelState, call: KernelCall): Transition {
  const r = step(getModel(model), s, call);
  return { before: s, call, result: r.result, after: r.state };
}

/** The current process (the innermost fork child). */
export const mmOf = (s: KernelState): Mm => {
  const mm = s.procs.at(-1);
  if (mm === undefined) throw new Error('no process');
  return mm;
};

/** `t` with the after state's current process changed by `f`. */
export function planted(t: Transition, f: (mm: Mm) => Mm): Transition {
  return { ...t, after: { ...t.after, procs: [...t.after.procs.slice(0, -1), f(mmOf(t.after))] } };
}

/** The VMA holding vpn `at` replaced by `f` of it. */
export const mapVma = (mm: Mm, at: number, f: (v: Vma) => Vma): Mm => ({
  ...mm,
  vmas: mm.vmas.map((v) => (v.start <= at && at < v.end ? f(v) : v)),
});

/** The VMA holding vpn `at` with `bits` XORed into its flags. */
export const flipFlags = (mm: Mm, at: number, bits: number): Mm =>
  mapVma(mm, at, (v) => ({ ...v, flags: vmFlags(Number(v.flags) ^ bits) }));
