// One random run as fast-check's model-based testing sees it: the model is the bounded state
// the run has reached, each command a letter of the alphabet, enabled where callOf gives a
// call (a letter naming a region not yet mapped is skipped, as fc.commands skips a command
// whose check fails). After every step the watched properties are tested; the first that
// fails stops the run with a PropertyFails, which fails the fast-check property.

import type fc from 'fast-check';
import { step } from '../../kernel/step.js';
import { type BoundedState, callOf, placesRegion } from '../boundedState.js';
import { describeLetter } from '../describeLetter.js';
import { initialBounded } from '../kernelSystem.js';
import type { KernelSystem } from '../kernelSystem.js';
import type { Letter } from '../letter.js';
import type { AnyProperty } from '../replayLetters.js';

export interface NamedProperty {
  readonly name: string;
  readonly property: AnyProperty;
}

/** A property to test, and the most steps a run may take to fail it and still count. */
export interface Watched extends NamedProperty {
  readonly within: number;
}

/** Not an error of mmspec: the run broke `property`, which is what random mode looks for. */
export class PropertyFails extends Error {
  constructor(readonly property: string) {
    super(`${property} fails`);
  }
}

export class Walk {
  state: BoundedState;
  /** The letters that ran, in order. */
  readonly ran: Letter[] = [];

  constructor(
    readonly system: KernelSystem,
    setup: number,
    readonly watched: readonly Watched[],
    /** Steps after which every letter is disabled: the run's depth. */
    readonly depth = Infinity,
  ) {
    this.state = initialBounded(system.model, system.bound, setup);
  }

  enabled(letter: Letter): boolean {
    if (this.ran.length >= this.depth) return false;
    return callOf(letter, this.state, this.system.bound.regions) !== null;
  }

  advance(letter: Letter): void {
    const s = this.state;
    const call = callOf(letter, s, this.system.bound.regions);
    if (call === null) throw new RangeError(`Walk: ${describeLetter(letter, null)} not enabled`);
    const r = step(this.system.model, s.kernel, call);
    const next: BoundedState = {
      kernel: r.state,
      hints: s.hints + (placesRegion(letter) ? 1 : 0),
      setup: s.setup,
      result: r.result,
      call,
    };
    this.ran.push(letter);
    this.state = next;
    for (const { name, property: p, within } of this.watched) {
      if (this.ran.length > within) continue;
      const holds =
        p.kind === 'invariant' ? p.property.holds(next) : p.property.holds(s, letter, next);
      if (!holds) throw new PropertyFails(name);
    }
  }
}

/** A letter as a fast-check command over a Walk. */
export class LetterCommand implements fc.Command<Walk, object> {
  constructor(readonly letter: Letter) {}
  check(w: Readonly<Walk>): boolean {
    return w.enabled(this.letter);
  }
  run(w: Walk): void {
    w.advance(this.letter);
  }
  toString(): string {
    return describeLetter(this.letter, null);
  }
}
