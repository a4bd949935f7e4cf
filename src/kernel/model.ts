// A kernel model: the decision points of the simulator as one kernel version or one proposed
// design takes them, with where that comes from. A model is a value, made by extending another.

import { didYouMean } from '../uapi/closest.js';
import type { Decisions } from './decisions.js';
import { UAPI_CONSTANTS, type UapiConstant } from '../uapi/uapiConstants.js';

export interface KernelModel {
  /** `linux-6.18`, `planted:map-populate-foll`, a proposal's name, ... */
  readonly name: string;
  readonly description: string;
  /** Kernel version, commit, or the mail that proposed it. */
  readonly provenance: string;
  readonly decisions: Decisions;
  /** uapi names the model adds (a proposed MAP_* flag), on top of src/uapi/constants.ts. */
  readonly constants: readonly UapiConstant[];
  /** The model this one extends (absent for a model written from scratch, like linux-6.18). */
  readonly base?: string;
  /** The decision points this model replaces in its base, in the order it lists them. */
  readonly overrides?: readonly (keyof Decisions)[];
  /**
   * The model file it was loaded from, absolute (a model of the user's own): a trace made on it
   * says in its header to run it with `--model FILE`, since a trace's `model` directive names
   * a model and never loads a file.
   */
  readonly file?: string;
}

export interface ModelChange {
  readonly name: string;
  readonly description: string;
  readonly provenance: string;
  readonly decisions?: Partial<Decisions>;
  readonly constants?: readonly UapiConstant[];
}

/** A change `extend` refuses, naming the constant entry at fault (a model file's error points at it). */
export class ModelChangeError extends RangeError {
  constructor(
    message: string,
    readonly constant: string,
    readonly field: 'name' | 'value',
  ) {
    super(message);
    this.name = 'ModelChangeError';
  }
}

/** `MAP_` of MAP_LOCKED, `MADV_` of MADV_POPULATE_READ: the constants one argument takes. */
const family = (name: string): string | undefined => /^[A-Z0-9]+_/.exec(name)?.[0];

/** As mman.h writes them: madvise's advice in decimal (an enumeration), flags in hex. */
const written = (c: UapiConstant): string =>
  family(c.name) === 'MADV_' ? String(c.value) : `0x${c.value.toString(16)}`;

/**
 * A model that differs from `base` only where `change` says. A name `change.constants` adds
 * must be new: one that src/uapi/constants.ts or the base already gives would change what
 * every trace spelling it means, on this model alone. Its value must be new in its family too
 * (a MAP_ flag at 0x2000 is MAP_LOCKED: traces would print it so, and the design could not be
 * told from MAP_LOCKED), unless `sameValueAs` names the constant whose value the design takes
 * on purpose: MAP_LOCKONFAULT on the bit 4.15 later gave MAP_SYNC, MADV_POPULATE on the value
 * MADV_POPULATE_READ took when it merged. The family is the prefix alone: MLOCK_ONFAULT and
 * MCL_CURRENT are both 1 and are different arguments' values.
 */
export function extend(base: KernelModel, change: ModelChange): KernelModel {
  const existing = [...UAPI_CONSTANTS, ...base.constants];
  const known = new Set(existing.map((c) => c.name));
  for (const c of change.constants ?? []) {
    if (known.has(c.name))
      throw new ModelChangeError(
        `model '${change.name}' adds the constant ${c.name}, which ${base.name} already has: give the new flag a name of its own`,
        c.name,
        'name',
      );
    const same = existing.filter((k) => k.value === c.value && family(k.name) === family(c.name));
    const meant =
      c.sameValueAs === undefined ? undefined : same.find((k) => k.name === c.sameValueAs);
    const clash = same[0];
    if (c.sameValueAs !== undefined && !known.has(c.sameValueAs))
      throw new ModelChangeError(
        `model '${change.name}' says ${c.name} takes ${c.sameValueAs}'s value, but ${base.name} has no constant ${c.sameValueAs}${didYouMean(c.sameValueAs, known)}`,
        c.name,
        'value',
      );
    if (clash !== undefined && meant === undefined)
      throw new ModelChangeError(
        `model '${change.name}' adds ${c.name} = ${written(c)}, which is ${clash.name}'s value: expected a value no ${family(c.name) ?? ''} constant of ${base.name} has, or sameValueAs: '${clash.name}' where the design takes that value on purpose`,
        c.name,
        'value',
      );
    if (clash === undefined && c.sameValueAs !== undefined)
      throw new ModelChangeError(
        `model '${change.name}' says ${c.name} takes ${c.sameValueAs}'s value, which ${c.name} = ${written(c)} is not`,
        c.name,
        'value',
      );
  }
  return {
    name: change.name,
    description: change.description,
    provenance: change.provenance,
    decisions: { ...base.decisions, ...change.decisions },
    constants: [...base.constants, ...(change.constants ?? [])],
    base: base.name,
    overrides: Object.keys(change.decisions ?? {}) as (keyof Decisions)[],
  };
}
