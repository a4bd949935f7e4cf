// The abstraction function: simulator state -> statechart state. Per region, the lock bits of
// the VMA at regionHint(k) (L -> locked, L|OF -> lockonfault, none -> unlocked) and the
// residency of its pages read from the PTEs; def_flags' lock bits -> none/future/future|onfault.

import type { MmShape } from '../../spec/machines/mmContext.js';
import { toVpn } from '../kernel/addr.js';
import type { Result } from '../kernel/result.js';
import { PTE_NONE, PTE_ZERO, currentMm } from '../kernel/state.js';
import type { KernelState, Mm } from '../kernel/state.js';
import { VM_LOCKED, VM_LOCKONFAULT, type VmFlags, hasAny } from '../uapi/vmFlags.js';
import { regionHint } from '../uapi/engine.js';
import type { AbstractMm, AbstractRegion } from './abstractMm.js';

function lockState(flags: VmFlags): AbstractRegion['state'] {
  if (!hasAny(flags, VM_LOCKED)) return hasAny(flags, VM_LOCKONFAULT) ? 'foreign' : 'unlocked';
  return hasAny(flags, VM_LOCKONFAULT) ? 'lockonfault' : 'locked';
}

function letterOf(state: KernelState, pte: number): string {
  if (pte === PTE_ZERO) return 'z';
  if (pte === PTE_NONE) return '.';
  return state.pages.get(pte)?.mlocked === true ? 'L' : 'p';
}

function abstractRegion(state: KernelState, mm: Mm, k: number, pages: number): AbstractRegion {
  const start = toVpn(regionHint(k));
  const end = start + pages;
  const vmas = mm.vmas.filter((v) => v.start < end && v.end > start);
  const only = vmas[0];
  if (only === undefined) return { state: 'unmapped', letters: '.'.repeat(pages) };
  if (vmas.length > 1) return { state: 'split', letters: '' };
  if (only.start !== start || only.end !== end) return { state: 'foreign', letters: '' };
  const letters = only.ptes
    .toArray()
    .map((pte) => letterOf(state, pte))
    .join('');
  return { state: lockState(only.flags), letters };
}

function abstractDefFlags(f: VmFlags): AbstractMm['defFlags'] {
  if (!hasAny(f, VM_LOCKED)) return hasAny(f, VM_LOCKONFAULT) ? 'of-without-l' : 'none';
  return hasAny(f, VM_LOCKONFAULT) ? 'future_onfault' : 'future';
}

/** The outcome class of a call: `ok`, the errno, or the signal (values are not compared). */
export function outcomeOf(result: Result): string {
  switch (result.kind) {
    case 'value':
      return 'ok';
    case 'errno':
      return result.errno;
    case 'signal':
      return result.signal;
    case 'hang':
      return 'hang';
  }
}

export function abstractState(
  state: KernelState,
  shape: MmShape,
  result: Result | null,
): AbstractMm {
  const mm = currentMm(state);
  const regions = Array.from({ length: shape.regions }, (_, k) =>
    abstractRegion(state, mm, k, shape.pages),
  );
  return {
    regions,
    defFlags: abstractDefFlags(mm.defFlags),
    outcome: result === null ? 'ok' : outcomeOf(result),
  };
}
