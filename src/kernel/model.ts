// A kernel model: the decision points of the simulator as one kernel version or one proposed
// design takes them, with where that comes from. A model is a value, made by extending another.

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
}

export interface ModelChange {
  readonly name: string;
  readonly description: string;
  readonly provenance: string;
  readonly decisions?: Partial<Decisions>;
  readonly constants?: readonly UapiConstant[];
}

/**
 * A model that differs from `base` only where `change` says. A name `change.constants` adds
 * must be new: one that src/uapi/constants.ts or the base already gives would change what
 * every trace spelling it means, on this model alone.
 */
export function extend(base: KernelModel, change: ModelChange): KernelModel {
  const known = new Set([...UAPI_CONSTANTS, ...base.constants].map((c) => c.name));
  for (const c of change.constants ?? [])
    if (known.has(c.name))
      throw new RangeError(
        `model '${change.name}' adds the constant ${c.name}, which ${base.name} already has: give the new flag a name of its own`,
      );
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
