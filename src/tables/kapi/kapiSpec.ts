// The calls' specifications in the shape the kernel's KAPI tools export as JSON: errors
// (error_code, name, condition, description), state transitions (object, from_state, to_state,
// condition, description), side effects (effect_type, target, condition, description,
// reversible) and parameters (valid_mask, min_value, max_value, alignment). Every entry is
// generated from table cells run on the model, lists those cells as its evidence, and says on
// which engines they were verified.

import { ERRNO, isErrno } from '../../uapi/errno.js';
import { PAGE_SIZE } from '../../uapi/constants.js';
import type { Observation } from './kapiObservations.js';

export interface Verified {
  /** The kernels a --verify ran every line on, as each names itself (`kernel 6.18.44`). */
  readonly kernels: readonly string[];
  /** `table line` of the lines a kernel disagreed on. */
  readonly disagreeing: ReadonlySet<string>;
}

/**
 * What an entry's lines were checked on, as the export says it: `model linux-6.18` first (the
 * cells were computed there), so a reader never takes the model's name for a kernel, then the
 * kernels.
 */
interface Checked {
  readonly engines: readonly string[];
  readonly disagreeing: ReadonlySet<string>;
}

const SHOWN = 4;
const normalize = (state: string) =>
  state.replace(/ \(.*\)$/, '').replace(/^-$|^none$/, 'unlocked');

function entryOf(group: readonly Observation[], v: Checked) {
  const conditions = [...new Set(group.map((o) => o.condition))];
  const more = conditions.length > SHOWN ? ` (and ${conditions.length - SHOWN} more)` : '';
  const evidence = group.map((o) => o.evidence);
  const ok = evidence.every((e) => !v.disagreeing.has(e));
  return {
    condition: conditions.slice(0, SHOWN).join('; or ') + more,
    evidence,
    verified_on: ok ? v.engines : v.engines.slice(0, 1),
  };
}

function groupBy<K extends string>(
  list: readonly Observation[],
  key: (o: Observation) => K | undefined,
) {
  const m = new Map<K, Observation[]>();
  for (const o of list) {
    const k = key(o);
    if (k === undefined) continue;
    m.set(k, [...(m.get(k) ?? []), o]);
  }
  return m;
}

function errors(obs: readonly Observation[], v: Checked) {
  return [...groupBy(obs, (o) => (isErrno(o.result) ? o.result : undefined))].map(([name, g]) => ({
    error_code: -ERRNO[name],
    name,
    ...entryOf(g, v),
    description: `returned in ${g.length} table cells, the first of which: ${g[0]?.condition ?? ''}`,
  }));
}

/** `before -> after` (normalized) when an observed value changed; undefined when not, or unknown. */
function change(before: string | undefined, after: string | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const [from, to] = [normalize(before), normalize(after)];
  return from === to ? undefined : `${from} -> ${to}`;
}

function transitions(obs: readonly Observation[], v: Checked) {
  const ok = obs.filter((o) => o.result === '0' || o.result === 'ok');
  const vma = groupBy(ok, (o) => change(o.vmaBefore, o.vmaAfter));
  const def = groupBy(ok, (o) => change(o.defBefore, o.defAfter));
  const of = (object: string, m: Map<string, Observation[]>) =>
    [...m].map(([k, g]) => {
      const [from_state = '', to_state = ''] = k.split(' -> ');
      return {
        object,
        from_state,
        to_state,
        ...entryOf(g, v),
        description: `the lock bits (VmFlags lo, lf) of ${object} go from ${from_state} to ${to_state}`,
      };
    });
  return [...of('the VMAs of the range', vma), ...of('mm->def_flags', def)];
}

/** How many of `pages`' letters are one of `letters`. */
const count = (pages: string, letters: RegExp): number =>
  [...pages].filter((l) => letters.test(l)).length;

/**
 * What a successful call did, against the state before it (Observation.before): pages it
 * faulted in, pages it mlocked, a locked_vm it changed. A line whose state before the table
 * does not show is evidence of none.
 */
function sideEffects(obs: readonly Observation[], v: Checked) {
  const ok = obs.filter((o) => o.result === '0' || o.result === 'ok');
  const grew = (o: Observation, letters: RegExp): boolean =>
    o.before !== undefined &&
    o.pages !== undefined &&
    count(o.pages, letters) > count(o.before.pages, letters);
  const populated = groupBy(ok, (o) => (grew(o, /[pzL]/) ? 'pages' : undefined));
  const mlocked = groupBy(ok, (o) => (grew(o, /L/) ? 'mlocked' : undefined));
  const charged = groupBy(ok, (o) =>
    o.before?.vmLck !== undefined &&
    o.vmLck !== undefined &&
    o.vmLck !== '0' &&
    o.vmLck !== o.before.vmLck
      ? 'locked_vm'
      : undefined,
  );
  const effect = (
    m: Map<string, Observation[]>,
    effect_type: string,
    target: string,
    description: string,
  ) =>
    [...m.values()].map((g) => ({
      effect_type,
      target,
      ...entryOf(g, v),
      description,
      reversible: true,
    }));
  return [
    ...effect(
      populated,
      'KAPI_EFFECT_ALLOC_MEMORY',
      'the pages of the range',
      'pages are faulted in (populated)',
    ),
    ...effect(
      mlocked,
      'KAPI_EFFECT_MODIFY_STATE',
      'the pages of the range',
      'pages are mlocked (unevictable) until munlock or munmap',
    ),
    ...effect(
      charged,
      'KAPI_EFFECT_MODIFY_STATE',
      'mm->locked_vm',
      'locked memory is charged to locked_vm (VmLck), limited by RLIMIT_MEMLOCK without CAP_IPC_LOCK',
    ),
  ];
}

/** valid_mask of a flags argument: the bits of the values the call accepted. */
function flagsParam(obs: readonly Observation[], call: string) {
  const accepted = obs.filter(
    (o) => o.call === call && o.result === '0' && /^flags /.test(o.condition),
  );
  const values = accepted.map((o) => /flags (\S+),/.exec(o.condition)?.[1] ?? '');
  const bits = { MLOCK_ONFAULT: 1, MCL_CURRENT: 1, MCL_FUTURE: 2, MCL_ONFAULT: 4 } as Record<
    string,
    number
  >;
  const mask = values.reduce(
    (m, v) => m | v.split('|').reduce((n, f) => n | (bits[f] ?? (Number(f) || 0)), 0),
    0,
  );
  if (accepted.length === 0) return [];
  return [
    {
      name: 'flags',
      type: 'KAPI_TYPE_UINT',
      valid_mask: mask,
      min_value: 0,
      max_value: mask,
      alignment: 0,
      evidence: accepted.map((o) => o.evidence),
    },
  ];
}

/**
 * alignment of the address argument (mmap: the offset, which errno-order makes unaligned):
 * PAGE_SIZE when an unaligned one alone is EINVAL, else 0 (rounded down, as mlock does).
 */
function addrParam(obs: readonly Observation[], call: string) {
  const alone = obs.filter(
    (o) =>
      o.call === call &&
      / faults unaligned, RLIMIT_MEMLOCK unlimited, CAP_IPC_LOCK yes/.test(o.condition),
  );
  if (alone.length === 0) return [];
  const aligned = alone.every((o) => o.result === 'EINVAL');
  return [
    {
      name: 'start',
      type: 'KAPI_TYPE_USER_PTR',
      alignment: aligned ? PAGE_SIZE : 0,
      evidence: alone.map((o) => o.evidence),
    },
  ];
}

export function kapiSpec(obs: readonly Observation[], verified: Verified, model: string) {
  const v: Checked = {
    engines: [`model ${model}`, ...verified.kernels],
    disagreeing: verified.disagreeing,
  };
  const calls = [...new Set(obs.map((o) => o.call))].filter((c) => c !== '').sort();
  return {
    generator: 'mmspec table --format kapi',
    model,
    verified_on: v.engines,
    apis: calls.map((call) => {
      const mine = obs.filter((o) => o.call === call);
      return {
        name: `sys_${call}`,
        parameters: [...addrParam(obs, call), ...flagsParam(obs, call)],
        errors: errors(mine, v),
        state_transitions: transitions(mine, v),
        side_effects: sideEffects(mine, v),
      };
    }),
  };
}
