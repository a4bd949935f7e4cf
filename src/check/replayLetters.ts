// Replays a sequence of letters from one initial process, checking one property at every
// step: the common ground of concretizing, shrinking and random runs.

import type { KernelCall } from '../kernel/call.js';
import type { Result } from '../kernel/result.js';
import { step } from '../kernel/step.js';
import type { Invariant, TransitionProperty } from '../explore/transitionSystem.js';
import { type BoundedState, callOf, placesRegion } from './boundedState.js';
import { boundedAfter, initialBounded } from './kernelSystem.js';
import type { KernelSystem } from './kernelSystem.js';
import type { Letter } from './letter.js';

export interface ReplayedStep {
  readonly letter: Letter;
  readonly call: KernelCall;
  readonly result: Result;
  readonly before: BoundedState;
  readonly after: BoundedState;
}

export interface Replay {
  readonly setup: number;
  readonly steps: readonly ReplayedStep[];
  /** Index of the first step after which the property fails (-1: in the initial state; null: never). */
  readonly failsAt: number | null;
}

export type AnyProperty =
  | { readonly kind: 'invariant'; readonly property: Invariant<BoundedState> }
  | { readonly kind: 'transition'; readonly property: TransitionProperty<BoundedState, Letter> };

export function findProperty(system: KernelSystem, name: string): AnyProperty {
  const inv = system.invariants.find((i) => i.name === name);
  if (inv !== undefined) return { kind: 'invariant', property: inv };
  const tr = system.transitionProperties?.find((t) => t.name === name);
  if (tr !== undefined) return { kind: 'transition', property: tr };
  throw new RangeError(`no property '${name}' in ${system.name}`);
}

/** Null when a letter is not enabled where it comes (the sequence is not a run of the bound). */
export function replayLetters(
  system: KernelSystem,
  setup: number,
  letters: readonly Letter[],
  prop: AnyProperty | null,
  /** Skip letters not enabled where they come (random runs) instead of giving up. */
  skipDisabled = false,
): Replay | null {
  let s = initialBounded(system.model, system.bound, setup);
  const steps: ReplayedStep[] = [];
  if (prop?.kind === 'invariant' && !prop.property.holds(s)) return { setup, steps, failsAt: -1 };
  for (const letter of letters) {
    const call = callOf(letter, s, system.bound.regions);
    if (call === null) {
      if (skipDisabled) continue;
      return null;
    }
    const r = step(system.model, s.kernel, call);
    const kernel = boundedAfter(system.bound, call, r.state);
    const next: BoundedState = {
      kernel,
      hints: s.hints + (placesRegion(letter) ? 1 : 0),
      setup,
      result: r.result,
      call,
      // As the system's successors: transition properties judge the whole state.
      ...(kernel === r.state ? {} : { judged: r.state }),
    };
    steps.push({ letter, call, result: r.result, before: s, after: next });
    const fails =
      prop === null
        ? false
        : prop.kind === 'invariant'
          ? !prop.property.holds(next)
          : !prop.property.holds(s, letter, next);
    if (fails) return { setup, steps, failsAt: steps.length - 1 };
    s = next;
  }
  return { setup, steps, failsAt: null };
}

/**
 * The step by which the fork child a failing run ends in exits, where `prop` (an invariant)
 * still fails after it. The child's block reads the child's address space only, so a page the
 * run broke in the parent can be checked only after the block closes; null where the run ends
 * in the first process, the bound has no exit, or the exit mends what was broken.
 */
export function failingChildExit(
  system: KernelSystem,
  setup: number,
  letters: readonly Letter[],
  prop: AnyProperty,
): ReplayedStep | null {
  const exit = system.alphabet.find((l) => l.call === 'exit');
  if (prop.kind !== 'invariant' || exit === undefined) return null;
  const replay = replayLetters(system, setup, [...letters, exit], null);
  const last = replay?.steps[letters.length];
  if (last === undefined) return null;
  return prop.property.holds(last.after) ? null : last;
}
